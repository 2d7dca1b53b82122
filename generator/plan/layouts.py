"""Candidate layouts of the same jobs, compared under the model; the plan takes the one
with the shortest critical path, price-weighted runner-minutes breaking ties, among
those that cost at most 1.25 x the naive layout's runner-minutes where that one runs.

    gate first         the gate, then every test job (fail fast: a lint failure stops
                       the tests before they start)
    gate beside tests  the same jobs, none waiting: offered only when the tests cost no
                       more runner-minutes than the gate, so failing fast saves nothing
    one job            the gate and the main runner's only test job merged; the other
                       runners' jobs start at once: offered when every runner has one
                       job, the others cost no more than the gate (else they wait for
                       it) and the merged one fits the budgets
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import attrs

from ..manifest import Manifest, Runner
from .jobs.merged import merged_job
from .model import Job, Layout, Naive


def critical_path(jobs: Sequence[Job]) -> tuple[tuple[str, ...], float]:
    """The chain of ``needs`` with the most predicted minutes (jobs come in needs order)."""
    best: dict[str, tuple[float, tuple[str, ...]]] = {}
    for job in jobs:
        before = max((best[n] for n in job.needs if n in best), default=(0.0, ()))
        best[job.id] = (before[0] + job.minutes.predicted, (*before[1], job.id))
    minutes, path = max(best.values(), default=(0.0, ()))
    return path, minutes


def weighted(jobs: Sequence[Job], runners: Mapping[str, Runner]) -> float:
    return sum(j.minutes.predicted * runners[j.runner].price for j in jobs)


def options(
    m: Manifest, gate: Job, tests: Sequence[Job], runners: Mapping[str, Runner], home: Runner
) -> list[tuple[Layout, tuple[Job, ...]]]:
    """Every layout considered, with its jobs (none when it was not possible)."""
    first = (gate, *tests)
    beside = (gate, *(_unblocked(t, gate) for t in tests))
    out = [(_layout("gate first", first, runners), first)]
    test_cost, gate_cost = weighted(tests, runners), weighted([gate], runners)
    if test_cost <= gate_cost or m.gate.layout == "gate-beside-tests":
        out.append((_layout("gate beside tests", beside, runners), beside))
    else:
        why = (
            f"the tests cost {test_cost:.1f} price-weighted runner-minutes, more than the gate's "
            f"{gate_cost:.1f}: the gate stops them when lints fail"
        )
        out.append((Layout("gate beside tests", 0.0, 0.0, why), ()))
    out.append(_one_job(m, gate, tests, runners, home))
    return out


def _one_job(
    m: Manifest, gate: Job, tests: Sequence[Job], runners: Mapping[str, Runner], home: Runner
) -> tuple[Layout, tuple[Job, ...]]:
    name = "one job"
    mine = [t for t in tests if t.runner == home.name]
    if len({t.runner for t in tests}) != len(tests) or len(mine) != 1 or mine[0].kind != "test":
        return Layout(name, 0.0, 0.0, "a runner has more than one job"), ()
    others, gate_cost = (
        weighted([t for t in tests if t is not mine[0]], runners),
        weighted([gate], runners),
    )
    if others > gate_cost and m.gate.layout != "one-job":
        why = (
            f"the other runners' tests cost {others:.1f} price-weighted runner-minutes, more "
            f"than the gate's {gate_cost:.1f}: they wait for it"
        )
        return Layout(name, 0.0, 0.0, why), ()
    merged = merged_job(m, gate, mine[0], home)
    if isinstance(merged, str):
        return Layout(name, 0.0, 0.0, merged), ()
    jobs = tuple(merged if t is mine[0] else _unblocked(t, gate) for t in tests)
    return _layout(name, jobs, runners), jobs


def _unblocked(job: Job, gate: Job) -> Job:
    return attrs.evolve(job, needs=tuple(n for n in job.needs if n != gate.id))


def _layout(name: str, jobs: Sequence[Job], runners: Mapping[str, Runner]) -> Layout:
    _, minutes = critical_path(jobs)
    return Layout(name, minutes, weighted(jobs, runners))


RUNNER_MINUTES_CAP = 1.25  # x the naive layout's, when the naive layout fits its disks


def capped(
    candidates: list[tuple[Layout, tuple[Job, ...]]], baseline: Naive, runners: Mapping[str, Runner]
) -> list[tuple[Layout, tuple[Job, ...]]]:
    """Where the naive layout would run, a layout may cost at most 1.25 x its runner-minutes
    (price-weighted): a shorter wait is not worth any price. The gate-first layout stays,
    as the fallback."""
    if not baseline.jobs or not all(j.fits_disk for j in baseline.jobs):
        return candidates
    cap = RUNNER_MINUTES_CAP * sum(j.minutes * runners[j.runner].price for j in baseline.jobs)
    out = []
    for layout, jobs in candidates:
        over = not layout.why_not and layout.name != "gate first" and layout.weighted_minutes > cap
        why = (
            f"{layout.weighted_minutes:.1f} price-weighted runner-minutes, over "
            f"{RUNNER_MINUTES_CAP:g} x the naive layout's ({cap / RUNNER_MINUTES_CAP:.1f})"
        )
        out.append((attrs.evolve(layout, why_not=why), ()) if over else (layout, jobs))
    return out


def choose(
    candidates: list[tuple[Layout, tuple[Job, ...]]], mode: str = "auto"
) -> tuple[tuple[Layout, ...], tuple[Job, ...]]:
    """The layouts, the chosen one marked, and its jobs; ``mode`` (gate.layout) forces
    one by name, which raises ValueError with the reason when it is not possible."""
    if mode != "auto":
        (forced,) = [c for c in candidates if c[0].name == mode.replace("-", " ")]
        if forced[0].why_not:
            raise ValueError(forced[0].why_not)
        candidates = [
            c if c is forced else (attrs.evolve(c[0], why_not="gate.layout chose another"), ())
            for c in candidates
        ]
    possible = [(layout, jobs) for layout, jobs in candidates if not layout.why_not]
    best, jobs = min(
        possible, key=lambda c: (round(c[0].critical_minutes, 6), c[0].weighted_minutes)
    )
    marked = tuple(attrs.evolve(layout, chosen=layout is best) for layout, _ in candidates)
    return marked, jobs
