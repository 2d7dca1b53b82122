"""The plan against the alternatives it was compared with: the layouts it did not take,
and the naive one-job-per-OS layout with the bound it sets (docs/model.md)."""

from __future__ import annotations

import math

from ..plan import (
    EPSILON,
    NAIVE_SLOW_MIN,
    NAIVE_SPEEDUP,
    RUNNER_MINUTES_CAP,
    NaiveJob,
    Plan,
)


def layout_lines(plan: Plan) -> list[str]:
    """The layouts compared: the chosen one, and why each other one lost."""
    chosen = next((x for x in plan.layouts if x.chosen), None)
    if chosen is None:
        return []
    lines = [f"layout: {chosen.name}, of {len(plan.layouts)} compared"]
    lines += [f"  not {x.name}: {x.why_not or x.lost}" for x in plan.layouts if not x.chosen]
    return lines


def naive_lines(plan: Plan, critical: float, weighted: float, runner_minutes: float) -> list[str]:
    """The naive layout against this plan (its critical path, weighted and plain
    runner-minutes), why each naive job would not run, and the bound kept or missed."""
    n = plan.naive
    if not n.jobs:
        return []
    lines = [
        f"naive layout (one job per OS, one target dir): critical path "
        f"{n.critical_minutes:.1f} min, {n.runner_minutes:.0f} runner-minutes"
    ]
    if len(n.jobs) > 1:
        spent: dict[str, float] = {}
        for job in plan.jobs:
            spent[job.runner] = spent.get(job.runner, 0.0) + job.minutes.predicted
        pairs = [f"{j.runner} {spent.get(j.runner, 0.0):.0f} / {j.minutes:.0f}" for j in n.jobs]
        lines.append(f"  runner-minutes, this plan / naive: {', '.join(pairs)}")
    lines += [
        f"  the naive {j.runner} job {_why_naive_fails(j)}"
        for j in n.jobs
        if not (j.fits_disk and j.fits_time)
    ]
    bound = _bound_line(plan, critical, weighted)
    change = (critical - n.critical_minutes) / n.critical_minutes
    verdict = bound.partition(":")[0]
    summary = (
        f"this plan against naive: {_signed(change, '.0%')} critical path "
        f"({critical:.1f} / {n.critical_minutes:.1f} min), "
        f"{_signed(runner_minutes - n.runner_minutes, '.0f')} runner-minutes "
        f"({runner_minutes:.0f} / {n.runner_minutes:.0f}); {verdict}"
    )
    return [*lines, f"  {bound}", summary]


def _signed(value: float, spec: str) -> str:
    """``value`` with its sign, and no ``-0`` for what rounds to nothing."""
    text = format(value, "+" + spec)
    return "+" + text[1:] if text.startswith("-") and not text.strip("-0.%") else text


def _why_naive_fails(job: NaiveJob) -> str:
    if not job.fits_disk:
        return (
            f"would need {job.peak_gb:.2f} GB of disk, over the {job.budget_gb:.2f} GB budget "
            f"({job.disk_share:g} of the {job.free_gb:.2f} GB free; it cleans nothing up)"
        )
    return f"would take {job.minutes:.1f} min, over {job.budget_key} ({job.budget_minutes:g})"


def _bound_line(plan: Plan, critical: float, plan_weighted: float) -> str:
    """Whether the plan keeps the bound the naive layout sets (docs/model.md)."""
    n = plan.naive
    bound = n.critical_bound
    if bound == math.inf:
        return (
            f"bound kept: the naive layout does not run and takes {NAIVE_SLOW_MIN:g} min "
            "or less, so the plan need only fit, and does"
        )
    weighted = n.weighted_bound
    rule = (
        f"at most the naive critical path ({bound:.1f} min) and {RUNNER_MINUTES_CAP:g} x the "
        f"naive price-weighted runner-minutes ({weighted:.1f})"
        if n.fits
        else (
            "the naive layout does not run, so the plan must fit and take at most "
            f"{NAIVE_SPEEDUP:g} x the naive critical path ({bound:.1f} min)"
        )
    )
    forced = next((f"; gate.layout forces {x.name}" for x in plan.layouts if x.forced), "")
    if critical > bound + EPSILON:
        longest = max(plan.jobs, key=lambda j: j.minutes.predicted)
        return (
            f"bound missed: {rule}; the plan's longest job, {longest.id}, takes "
            f"{longest.minutes.predicted:.1f} min on its own{forced}"
        )
    if plan_weighted > weighted + EPSILON:
        return f"bound missed: {rule}; the plan spends {plan_weighted:.1f}{forced}"
    return f"bound kept: {rule}"
