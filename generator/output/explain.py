"""``ci-gen explain JOB``: why a job of the plan exists, what it runs, its predictions
term by term with the key behind each, and the manifest keys that shape it."""

from __future__ import annotations

import shlex
from collections.abc import Iterator

from ..plan import Job, Plan, source_of
from .fit import wrapped

TIMEOUT_RULE = {
    True: "1.5x the prediction + 5 min (costs measured: cost.calibrated = true)",
    False: "3x the prediction + 15 min, while the crates' costs are estimates",
}


def job_ids(plan: Plan) -> list[str]:
    return [job.id for job in plan.jobs]


def explain(plan: Plan, job_id: str, width: int | None = None) -> str:
    job = next(j for j in plan.jobs if j.id == job_id)
    lines = [
        f"{job.id}: {job.name}, on {job.runs_on} (runner profile {job.runner})",
        *_why(job, plan),
        "",
        *_runs(job),
        "",
        *_minutes(job),
        *_disk(job),
        *_cache(job),
        "",
        "shaped by: " + ", ".join(_keys(job, plan)),
    ]
    return "\n".join(wrapped(lines, width)) + "\n"


def _why(job: Job, plan: Plan) -> list[str]:
    out = [f"why: {job.reason}"] if job.reason else []
    if job.shard[1] > 1:
        out.append(
            f"the {job.row} row's crates fit budgets.job-minutes and budgets.disk in "
            f"{job.shard[1]} jobs, not in one"
        )
    if job.needs:
        out.append(f"waits for: {', '.join(job.needs)}")
    starts = [j.id for j in plan.jobs if job.id in j.needs]
    if starts:
        out.append(f"before: {', '.join(starts)}")
    return out


def _runs(job: Job) -> list[str]:
    out = ["runs:"]
    if {"drift", "drift-action"} & set(job.steps):
        out.append("  ci-gen check (the drift check: gate.action or gate.install)")
    if job.rustup is not None:
        out.append(f"  {shlex.join(job.rustup.argv)}")
    if "fmt" in job.steps:
        out.append("  cargo fmt --all --check")
    if job.extras.packages:
        out.append(f"  install {' '.join(job.extras.packages)} ([packages])")
    for service in job.extras.services:
        out.append(f"  beside the service container {service} ([services.{service}])")
    for command in job.cargo.commands if job.cargo else ():
        env = "".join(f"{name}={shlex.quote(value)} " for name, value in command.env)
        out.append(f"  {env}{shlex.join(command.argv)}")
    extra = [step for step in job.steps if step.startswith("extra-")]
    if extra:
        out.append(f"  and steps of your own: {', '.join(f'steps[{s[6:]}]' for s in extra)}")
    if len(out) == 1:
        out.append("  no cargo command: " + ", ".join(job.steps))
    return out


def _minutes(job: Job) -> list[str]:
    m = job.minutes
    budget = f" of a {m.budget:g} min budget" if m.budget else ""
    rule = TIMEOUT_RULE[m.calibrated] if job.cargo else "a fixed limit"
    return [
        f"minutes: {m.predicted:.1f} predicted{budget}; timeout {m.timeout}: {rule}",
        *_terms(m.terms, "time", "min"),
    ]


def _disk(job: Job) -> list[str]:
    disk = job.disk
    if disk is None:
        return []
    return [
        f"disk: {disk.peak_gb:.1f} GB at the peak, of a {disk.budget_gb:.1f} GB budget "
        f"({disk.budget:.0%} of {disk.available_gb:.1f} GB: {disk.free_gb:.1f} free on "
        f"{job.runner}{_reclaimed(job)})",
        *_terms(disk.terms, "disk", "GB", checks=job.kind in ("gate", "check")),
    ]


def _reclaimed(job: Job) -> str:
    disk = job.disk
    if disk is None or job.cleanup == "none":
        return ", no cleanup needed"
    return f", {disk.reclaimed_gb:.1f} reclaimed by the {job.cleanup} cleanup"


def _terms(
    terms: tuple[tuple[str, float], ...], resource: str, unit: str, checks: bool = False
) -> Iterator[str]:
    """One line per term; ``checks``: the target is a check build (clippy, MSRV)."""
    width = max((len(name) for name, _ in terms), default=0)
    for name, value in terms:
        if value:
            source = source_of(name, resource)
            if checks and name == "target":
                source = "the crates' cost.check-gb (or their build-gb, scaled)"
            yield f"  {name.ljust(width)}  {value:5.1f} {unit}  {source}"


def _cache(job: Job) -> list[str]:
    cache = job.cache
    if cache is None:
        return []
    saves = f"saved from {cache.save_branch}" if cache.saves else f"restored only: {cache.note}"
    return [
        f"cache: key {cache.key}, {cache.gb:.1f} GB, {saves} (budgets.cache-gb decides which "
        "keys are shared and saved)"
    ]


def _keys(job: Job, plan: Plan) -> list[str]:
    """The manifest keys that decide this job, most specific first."""
    if job.cargo is None:
        return ["the jobs it waits for", "workflow"]
    keys = []
    if job.cargo and job.cargo.packages:
        keys += [f"crates.{name}" for name in job.cargo.packages]
    if job.feature_set:
        keys.append(f"feature-sets.{job.feature_set}")
    elif job.kind == "test":  # every row of a runner in one job
        keys += ["feature-sets", "matrix"]
    if any("msrv" in c.name for c in job.cargo.commands):
        keys.append("workspace.msrv")
    keys += [f"runners.{job.runner} (matrix.os)"]
    if job.kind == "gate" or job.lints:
        keys.append("gate")
    if job.kind == "check":
        keys.append("workspace.msrv")
    keys += [f"steps[{s[6:]}]" for s in job.steps if s.startswith("extra-")]
    keys += ["packages"] if job.extras.packages else []
    keys += [f"services.{s}" for s in job.extras.services]
    keys += ["budgets", "profile", "model"]
    return keys
