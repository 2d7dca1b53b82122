"""The check branch protection requires."""

from __future__ import annotations

import attrs

from ...manifest import Runner
from ..constants import ALL_GREEN_MIN, ALL_GREEN_TIMEOUT_MIN
from ..model import Job, Minutes

NAME = "all green"


def required_check(jobs: list[Job], runner: Runner) -> list[Job]:
    """The jobs with the check branch protection requires, named ``all green`` whatever
    the layout: a job of its own that waits for the others, or the only job itself
    (waiting for it would add a job to the critical path and check nothing more)."""
    if len(jobs) == 1:
        (job,) = jobs
        return [
            attrs.evolve(
                job,
                name=NAME,
                reason=f"{job.reason}; the only job, all green is the check to require",
            )
        ]
    return [*jobs, all_green(jobs, runner)]


def all_green(jobs: list[Job], runner: Runner) -> Job:
    """The one check branch protection requires: red on any failure or cancellation."""
    return Job(
        id="all-green",
        name=NAME,
        kind="all-green",
        runner=runner.name,
        runs_on=runner.label,
        os=runner.os,
        needs=tuple(job.id for job in jobs),
        steps=("all-green",),
        minutes=Minutes((("check", ALL_GREEN_MIN),), None, ALL_GREEN_TIMEOUT_MIN),
        condition="always()",
        permissions=(),
        reason="passes when every job succeeded or was deliberately skipped",
    )
