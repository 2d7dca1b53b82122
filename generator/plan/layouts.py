"""Candidate layouts of the same jobs, compared under the model (``choose`` says how
the plan takes one):

    gate first         the gate, then every test job (fail fast: a lint failure stops
                       the tests before they start)
    gate beside tests  the same jobs, none waiting: fastest, but a lint failure no
                       longer saves the tests' runner-minutes
    lint in tests      the gate's checks merged into the main runner's shortest test
                       job, lints first (a lint failure stops that job's tests); the
                       other test jobs start at once: offered when the merged job fits
                       the budgets
    one job per OS     every row of a runner in one job, the gate's checks first on the
                       main runner: the naive layout with ci-gen's disk guards, offered
                       when each runner's job fits the budgets (with one test job per
                       runner, it is lint in tests)
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence

import attrs

from ..manifest import Manifest, Runner
from .bounds import Layout, Naive
from .constants import ALL_GREEN_MIN, NAIVE_SPEEDUP, RUNNER_MINUTES_CAP
from .jobs.merged import merged_job
from .jobs.per_os import per_os_jobs
from .model import Job
from .predict import EPSILON
from .rows import matrix_rows

FIRST = "gate first"
BESIDE = "gate beside tests"
MERGED = "lint in tests"
PER_OS = "one job per OS"


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
    merged = _lint_in_tests(m, gate, tests, runners, home)
    per_os = _per_os(m, gate, runners, home)
    if len(tests) == len({t.runner for t in tests}) and not merged[0].why_not:
        per_os = (Layout(PER_OS, 0.0, 0.0, why_not=SAME_AS_MERGED), ())
    return [
        (_layout(FIRST, first, runners, ()), first),
        (_layout(BESIDE, beside, runners, tests), beside),
        merged,
        per_os,
    ]


def _per_os(
    m: Manifest, gate: Job, runners: Mapping[str, Runner], home: Runner
) -> tuple[Layout, tuple[Job, ...]]:
    """Every row of a runner in one job; only the main runner's lints first."""
    jobs = per_os_jobs(m, gate, matrix_rows(m, runners), runners, home)
    if isinstance(jobs, str):
        return Layout(PER_OS, 0.0, 0.0, why_not=jobs), ()
    unguarded = [j for j in jobs if j.runner != home.name]
    return _layout(PER_OS, jobs, runners, unguarded), jobs


def _lint_in_tests(
    m: Manifest, gate: Job, tests: Sequence[Job], runners: Mapping[str, Runner], home: Runner
) -> tuple[Layout, tuple[Job, ...]]:
    """The gate's checks merged into the main runner's shortest test job; the others
    start at once."""
    mine = [t for t in tests if t.runner == home.name and t.kind == "test" and not t.needs[1:]]
    if not mine:
        why = f"{home.name} has no test job that builds and runs alone to lint in"
        return Layout(MERGED, 0.0, 0.0, why_not=why), ()
    target = min(mine, key=lambda t: t.minutes.predicted)
    merged = merged_job(m, gate, target, home)
    if isinstance(merged, str):
        return Layout(MERGED, 0.0, 0.0, why_not=merged), ()
    jobs = tuple(merged if t is target else _unblocked(t, gate) for t in tests)
    return _layout(MERGED, jobs, runners, [t for t in jobs if t is not merged]), jobs


Reshard = Callable[[float], "list[Job] | str"]


def finer_options(
    candidates: list[tuple[Layout, tuple[Job, ...]]],
    baseline: Naive,
    gate: Job,
    runners: Mapping[str, Runner],
    reshard: Reshard,
) -> list[tuple[Layout, tuple[Job, ...]]]:
    """Gate first and gate beside tests again, with shards cut (``reshard``) to what the
    naive layout's critical-path bound leaves them, for those with longer shards that
    test more than one crate."""
    bound = baseline.critical_bound
    out: list[tuple[Layout, tuple[Job, ...]]] = []
    for layout, jobs in candidates:
        if layout.name not in (FIRST, BESIDE) or layout.critical_minutes <= bound + EPSILON:
            continue
        wait = gate.minutes.predicted if layout.name == FIRST else 0.0
        cap = bound - wait - ALL_GREEN_MIN
        if not any(_splittable(j) and j.minutes.predicted > cap for j in jobs if j is not gate):
            continue
        name = f"{layout.name}, finer shards"
        if cap <= 0:
            out.append((Layout(name, 0.0, 0.0, why_not="the gate alone takes longer"), ()))
            continue
        tests = reshard(cap)
        if isinstance(tests, str):
            why = f"no shards of at most {cap:.1f} min: {tests}"
            out.append((Layout(name, 0.0, 0.0, why_not=why), ()))
            continue
        if layout.name == BESIDE:
            tests = [_unblocked(t, gate) for t in tests]
        unguarded = tests if layout.name == BESIDE else []
        out.append((_layout(name, (gate, *tests), runners, unguarded), (gate, *tests)))
    return out


def _splittable(job: Job) -> bool:
    """Whether the job tests more than one crate (no packages: the whole workspace)."""
    return job.cargo is not None and len(job.cargo.packages) != 1


def _unblocked(job: Job, gate: Job) -> Job:
    return attrs.evolve(job, needs=tuple(n for n in job.needs if n != gate.id))


def _layout(
    name: str, jobs: Sequence[Job], runners: Mapping[str, Runner], unguarded: Sequence[Job]
) -> Layout:
    """The layout's figures, with the all-green job when it has more than one job;
    ``unguarded`` are the test jobs that start without waiting for the lints."""
    _, minutes = critical_path(jobs)
    extra = ALL_GREEN_MIN if len(jobs) > 1 else 0.0
    return Layout(
        name, minutes + extra, weighted(jobs, runners) + extra, weighted(unguarded, runners)
    )


def choose(
    candidates: list[tuple[Layout, tuple[Job, ...]]],
    baseline: Naive,
    gate_minutes: float,
    mode: str = "auto",
) -> tuple[tuple[Layout, ...], tuple[Job, ...]]:
    """The layouts, the chosen one marked (the others say why they lost), and its jobs.

    The shortest critical path wins, runner-minutes breaking ties, with two rules first:
    a layout stays within the bounds the naive layout sets (``Naive.critical_bound`` and
    ``weighted_bound``) if any does; and failing fast stays where it pays: a layout whose
    tests start without waiting for the lints loses, if those tests cost more
    price-weighted runner-minutes than the gate (``gate_minutes``), to one that keeps
    the bounds and makes them wait. ``mode`` (gate.layout) forces one by name, which
    raises ValueError with the reason when it is not possible."""
    if mode != "auto":
        candidates = _forced(candidates, mode)
    possible = [(layout, jobs) for layout, jobs in candidates if not layout.why_not]

    def rank(layout: Layout) -> tuple[bool, bool, float, float]:
        slow = _over(layout, baseline) != ""
        held = layout.unguarded > gate_minutes + EPSILON and not slow
        return slow, held, round(layout.critical_minutes, 6), layout.weighted_minutes

    best, jobs = min(possible, key=lambda c: rank(c[0]))
    marked = tuple(
        attrs.evolve(
            layout, chosen=layout is best, lost=_lost(layout, best, baseline, gate_minutes)
        )
        if not layout.why_not
        else layout
        for layout, _ in candidates
    )
    return marked, jobs


SAME_AS_MERGED = "each runner has one test job: the same jobs as lint in tests"


def _forced(
    candidates: list[tuple[Layout, tuple[Job, ...]]], mode: str
) -> list[tuple[Layout, tuple[Job, ...]]]:
    (forced,) = [c for c in candidates if c[0].name.lower() == mode.replace("-", " ")]
    if forced[0].why_not == SAME_AS_MERGED:  # one job per OS is lint in tests here
        (forced,) = [c for c in candidates if c[0].name == MERGED]
    if forced[0].why_not:
        raise ValueError(forced[0].why_not)
    return [
        (attrs.evolve(c[0], forced=True), c[1])
        if c is forced
        else (attrs.evolve(c[0], why_not=_not_chosen(c[0])), ())
        for c in candidates
    ]


def _not_chosen(layout: Layout) -> str:
    return layout.why_not if layout.why_not == SAME_AS_MERGED else "gate.layout chose another"


def _over(layout: Layout, baseline: Naive) -> str:
    """Which bound of the naive layout ``layout`` breaks, said for the report ("" none)."""
    critical, weighted = baseline.critical_bound, baseline.weighted_bound
    if layout.critical_minutes > critical + EPSILON:
        limit = (
            f"the naive layout's {critical:.1f} min"
            if baseline.fits
            else f"the {critical:.1f} min limit ({NAIVE_SPEEDUP:g} x the naive layout's "
            f"{baseline.critical_minutes:.1f})"
        )
        return f"critical path {layout.critical_minutes:.1f} min, over {limit}"
    if layout.weighted_minutes > weighted + EPSILON:
        return (
            f"critical path {layout.critical_minutes:.1f} min, but "
            f"{layout.weighted_minutes:.1f} price-weighted runner-minutes, over the "
            f"{weighted:.1f} limit ({RUNNER_MINUTES_CAP:g} x the naive layout's "
            f"{baseline.weighted_minutes:.1f})"
        )
    return ""


def _lost(layout: Layout, best: Layout, baseline: Naive, gate_minutes: float) -> str:
    if layout is best:
        return ""
    over = _over(layout, baseline)
    if over and not _over(best, baseline):
        return over
    if not over and layout.unguarded > gate_minutes + EPSILON:
        return (
            f"the tests that would not wait for the lints cost {layout.unguarded:.1f} "
            f"price-weighted runner-minutes, more than the gate's {gate_minutes:.1f}: "
            "the gate stops them when lints fail"
        )
    return (
        f"critical path {layout.critical_minutes:.1f} min, {layout.weighted_minutes:.0f} "
        "price-weighted runner-minutes"
    )
