"""Cache keys that fit the repository's cache budget.

GitHub keeps 10 GB of caches per repository and evicts the least recently used beyond
that: a plan whose entries add up to more thrashes, and every run builds from scratch.
Keys start as fine as possible (one per matrix row: runner, toolchain, build type,
feature set) and coarsen until the predicted entries fit; build types (test, check,
clippy) never share one, as their dependency artifacts differ (cargo builds a check unit
and a build unit of the same crate separately) and a foreign entry only adds disk. Jobs
sharing a key restore the same entry; only the one with the largest target saves it,
from the default branch.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence

import attrs

from .model import Cache, Job, Scope

Group = Callable[[Scope], tuple[str, ...]]

# a --target triple never shares: its artifacts are another platform's; nor does a
# feature set whose env changes the build (its flags)
LEVELS: tuple[tuple[str, Group], ...] = (
    (
        "one key per matrix row",
        lambda s: (s.action, s.runner, s.channel, s.feature_set, s.target),
    ),
    (
        "feature sets share a key",
        lambda s: (s.action, s.runner, s.channel, s.flags, s.target),
    ),
)
# What rust-cache counts as changing a build (it hashes the variables of these prefixes
# in the job's env; a step's env it never sees).
BUILD_ENV = ("CARGO", "CC", "CFLAGS", "CXX", "CMAKE", "RUST")


def changes_build(env: Mapping[str, str]) -> bool:
    """Whether ``env`` changes what cargo builds (a rebuild of every unit it touches)."""
    return any(name.upper().startswith(BUILD_ENV) for name in env)


def flags(feature_set: str, env: Mapping[str, str]) -> str:
    """``feature_set`` when its ``env`` changes what cargo builds, else ''."""
    return feature_set if changes_build(env) else ""


@attrs.frozen
class Sharing:
    jobs: tuple[Job, ...]
    note: str  # how the keys were chosen, for the plan report
    total_gb: float
    fits: bool


def share(
    jobs: Sequence[Job], budget_gb: float, home: tuple[str, str], price: Mapping[str, float]
) -> Sharing:
    """The finest keys that fit ``budget_gb``; failing that, the coarsest keys, of which
    ``home`` (the first full runner with the main toolchain) saves and then those worth
    most per GB (``price`` weighs each runner's build minutes) while they fit."""
    attempt = Sharing((), "", 0.0, False)
    for note, group in LEVELS:
        attempt = _assign(jobs, group, lambda _: True, note, budget_gb)
        if attempt.fits:
            return attempt
    return _fill(jobs, budget_gb, home, price)


def _fill(
    jobs: Sequence[Job], budget_gb: float, home: tuple[str, str], price: Mapping[str, float]
) -> Sharing:
    """At the coarsest keys, ``home``'s test entry saves (even over budget), then the other
    keys in order of what a restore saves per GB (the most build minutes of a job sharing
    the key, weighed by its runner's price), while the entries fit."""
    note, group = LEVELS[-1]
    entries: dict[tuple[str, ...], float] = {}
    worth: dict[tuple[str, ...], float] = {}
    for job in jobs:
        if job.cache is not None:
            parts = group(job.cache.scope)
            entries[parts] = max(entries.get(parts, 0.0), job.cache.gb)
            terms = dict(job.minutes.terms)
            saved = (terms.get("build", 0.0) + terms.get("clippy", 0.0)) * price[job.runner]
            worth[parts] = max(worth.get(parts, 0.0), saved)
    home_key = group(Scope("test", *home))
    first = [k for k in (home_key,) if k in entries]
    # Equal worth: the gate's entry first, every job waits for the gate.
    rest = sorted(
        set(entries) - set(first),
        key=lambda k: (-worth[k] / max(entries[k], 1e-9), k[0] != "clippy", k),
    )
    chosen: set[tuple[str, ...]] = set()
    total = 0.0
    for index, parts in enumerate([*first, *rest]):
        home_tests = index == 0 and parts == home_key  # saves even when over budget
        if home_tests or total + entries[parts] <= budget_gb:
            chosen.add(parts)
            total += entries[parts]
    left_out = sorted("-".join(p for p in k if p) for k in entries if k not in chosen)
    if left_out:
        note = f"{note}; {', '.join(left_out)} not saved, to fit the budget"
    return _assign(jobs, group, lambda s: group(s) in chosen, note, budget_gb)


def _assign(
    jobs: Sequence[Job],
    group: Group,
    may_save: Callable[[Scope], bool],
    note: str,
    budget_gb: float,
) -> Sharing:
    members: dict[tuple[str, ...], list[int]] = {}
    for index, job in enumerate(jobs):
        if job.cache is not None:
            members.setdefault(group(job.cache.scope), []).append(index)
    if note == LEVELS[0][0] and any(p[0] == "test" and not p[3] for p in members):
        note = "one key per job"  # a job that runs all of a runner's rows
    out = list(jobs)
    total = 0.0
    for parts, indexes in members.items():
        key = "-".join(p.replace(".", "-") for p in parts if p)
        saver = max(indexes, key=lambda i: (_gb(jobs[i]), -i))
        saves = may_save(_scope(jobs[saver]))
        total += _gb(jobs[saver]) if saves else 0.0
        for i in indexes:
            why_not = (
                ""
                if saves and i == saver
                else f"{jobs[saver].id} saves this shared key"
                if saves
                else "not saved: entries worth more per GB fill the cache budget"
            )
            cache = attrs.evolve(_cache(jobs[i]), key=key, saves=not why_not, note=why_not)
            out[i] = attrs.evolve(jobs[i], cache=cache)
    return Sharing(tuple(out), note, total, total <= budget_gb)


def _cache(job: Job) -> Cache:
    assert job.cache is not None
    return job.cache


def _gb(job: Job) -> float:
    return _cache(job).gb


def _scope(job: Job) -> Scope:
    return _cache(job).scope
