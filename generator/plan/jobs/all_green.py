"""The one job branch protection requires."""

from __future__ import annotations

from ...manifest import Runner
from ..constants import ALL_GREEN_TIMEOUT_MIN
from ..model import Job, Minutes


def all_green(jobs: list[Job], runner: Runner) -> Job:
    """The one check branch protection requires: red on any failure or cancellation."""
    return Job(
        id="all-green",
        name="all green",
        kind="all-green",
        runner=runner.name,
        runs_on=runner.label,
        os=runner.os,
        needs=tuple(job.id for job in jobs),
        steps=("all-green",),
        minutes=Minutes((("check", 0.1),), None, ALL_GREEN_TIMEOUT_MIN),
        condition="always()",
        permissions=(),
        reason="passes when every job succeeded or was deliberately skipped",
    )
