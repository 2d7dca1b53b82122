"""The plan's jobs -> the jobs of a workflow file: jobs that share their steps become one.

The plan speaks per shard, and so do ``ci-gen plan`` and each job's step summary. A
workflow with one job per shard would repeat the same eighty lines for each, and a new
crate that repacks the shards would touch all of them. So the jobs of one kind (test,
check, archive) on one runner family that run the same steps, need the same jobs and
run the same commands are laid out as one job with a ``strategy.matrix``, whose entries
carry what differs. A job other jobs wait for (a nextest archive builder) stays a job of
its own, so that those waiting for it wait for it alone, as the plan predicts.
"""

from __future__ import annotations

from collections.abc import Sequence

import attrs

from ..plan import Command, Job

MATRIX_KINDS = frozenset({"test", "check", "archive"})


@attrs.frozen
class Group:
    """One job of the workflow file: one plan job, or several as a matrix."""

    id: str
    jobs: tuple[Job, ...]
    matrix: bool
    needs: tuple[str, ...]  # ids of the groups it waits for
    commands: tuple[Command, ...]  # the cargo steps: every command any of its jobs runs
    partial: frozenset[str]  # names of commands some of its jobs do not run

    @property
    def first(self) -> Job:
        return self.jobs[0]


def layout(jobs: Sequence[Job]) -> tuple[Group, ...]:
    """The plan's jobs grouped, in plan order, each group where its first job stood."""
    waited_for = {n for job in jobs if job.kind != "all-green" for n in job.needs}
    members: list[list[Job]] = []
    for job in jobs:
        if _shares(job, waited_for):
            home = next((m for m in members if _joins(m, job, waited_for)), None)
            if home is not None:
                home.append(job)
                continue
        members.append([job])
    return _named(members, waited_for)


def _key(job: Job) -> tuple[object, ...]:
    """What jobs of one matrix share: all but the values its entries carry (and the
    commands some may skip, which ``merge_commands`` lines up)."""
    builds = job.cargo.builds if job.cargo else None
    rustup = job.rustup.shape if job.rustup else None
    fixed = tuple((c.name, c.shape) for c in _commands(job) if not c.when)
    shared = (job.kind, job.os, job.steps, job.needs, job.condition, job.permissions)
    return (*shared, job.env, job.environment, job.extras, builds, rustup, fixed)


def _shares(job: Job, waited_for: set[str]) -> bool:
    """Whether the job may be an entry of a matrix: a kind that shards, that no other
    job waits for."""
    return job.kind in MATRIX_KINDS and job.id not in waited_for


def _joins(group: list[Job], job: Job, waited_for: set[str]) -> bool:
    first = group[0]
    return (
        _shares(first, waited_for)
        and _key(first) == _key(job)
        and merge_commands([*group, job]) is not None
    )


def _commands(job: Job) -> tuple[Command, ...]:
    return job.cargo.commands if job.cargo else ()


def merge_commands(jobs: Sequence[Job]) -> tuple[tuple[Command, ...], frozenset[str]] | None:
    """Every command the jobs run, in one order they all keep, and the names of those
    some jobs skip; None when they cannot share steps (a command of the same name with
    other fixed words, another order, or a skipped command the plan says must run)."""
    merged: list[Command] = []
    for job in jobs:
        at = 0
        for command in _commands(job):
            names = [c.name for c in merged]
            if command.name not in names:
                merged.insert(at, command)
                at += 1
                continue
            index = names.index(command.name)
            if merged[index].shape != command.shape or index < at:
                return None
            at = index + 1
    partial = frozenset(c.name for c in merged if any(c.name not in _names(job) for job in jobs))
    if any(not c.when for c in merged if c.name in partial):
        return None
    return tuple(merged), partial


def _names(job: Job) -> set[str]:
    return {c.name for c in _commands(job)}


def _named(members: list[list[Job]], waited_for: set[str]) -> tuple[Group, ...]:
    ids: list[str] = []
    matrix = [_shares(m[0], waited_for) for m in members]
    for jobs, is_matrix in zip(members, matrix, strict=True):
        ids.append(_group_id(jobs, ids) if is_matrix else jobs[0].id)
    where = {job.id: gid for gid, jobs in zip(ids, members, strict=True) for job in jobs}
    groups = []
    for gid, jobs, is_matrix in zip(ids, members, matrix, strict=True):
        needs = tuple(dict.fromkeys(where[n] for job in jobs for n in job.needs))
        merged = merge_commands(jobs)
        assert merged is not None  # layout() only groups jobs that merge
        commands, partial = merged
        groups.append(Group(gid, tuple(jobs), is_matrix, needs, commands, partial))
    return tuple(groups)


def _group_id(jobs: list[Job], taken: list[str]) -> str:
    """``test-linux`` for the first matrix of a kind and runner family; later ones by
    what their jobs' ids share (``test-big-default-4`` for its partitions)."""
    first = jobs[0]
    base = f"{first.kind}-{first.os}"
    if base not in taken:
        return base
    shared = _common_prefix([job.id for job in jobs])
    if shared and shared not in taken:
        return shared
    return next(f"{base}-{n}" for n in range(2, len(taken) + 3) if f"{base}-{n}" not in taken)


def _common_prefix(ids: list[str]) -> str:
    """The longest run of whole dash-separated words every id starts with."""
    words = [i.split("-") for i in ids]
    shared = []
    for column in zip(*words, strict=False):
        if len(set(column)) > 1:
            break
        shared.append(column[0])
    return "-".join(shared)
