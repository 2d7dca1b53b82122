"""The manifest's own steps ([[steps]]) placed in the jobs they name, at their slot.

A job's steps are names its templates render; an extra step is ``extra-<n>``, the n-th
entry of ``[[steps]]``, so that jobs that share their steps still share them."""

from __future__ import annotations

from collections.abc import Sequence

import attrs

from ..manifest import ExtraStep
from .model import Job

# where each slot goes: after this step, or before it
AFTER = {"after-checkout": "checkout", "after-test": "cargo"}
BEFORE = {"before-build": "cargo"}


def with_extra_steps(jobs: Sequence[Job], extra: Sequence[ExtraStep]) -> list[Job]:
    return [_placed(job, extra) for job in jobs]


def step_name(index: int) -> str:
    return f"extra-{index}"


def _placed(job: Job, extra: Sequence[ExtraStep]) -> Job:
    if "cargo" not in job.steps:  # all green, and nothing that builds
        return job
    mine = [(i, s) for i, s in enumerate(extra) if _runs_in(s, job)]
    if not mine:
        return job
    out: list[str] = []
    for step in job.steps:
        out += [step_name(i) for i, s in mine if BEFORE.get(s.slot) == step]
        out.append(step)
        out += [step_name(i) for i, s in mine if AFTER.get(s.slot) == step]
    # a deployment environment holds secrets, and may hold approval rules too
    environment = next((s.environment for _, s in mine if s.environment), "")
    return attrs.evolve(job, steps=tuple(out), environment=environment)


def _runs_in(step: ExtraStep, job: Job) -> bool:
    """The steps of the kinds of work the job does (``Job.kinds``)."""
    kinds = not step.jobs or bool(set(job.kinds) & set(step.jobs))
    return kinds and (not step.os or job.os in step.os)
