"""Crate-aware sharding: pack tested crates into as few jobs as the budgets allow.

Crates are taken most expensive first. Each goes into the shard where it adds the least
predicted time (a crate whose dependencies a shard already builds is nearly free there),
among the shards that still meet every budget; when none can take it, a new shard opens.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence

import attrs

# Predicted minutes of a shard that meets its budgets, or None when it does not.
Fits = Callable[[frozenset[str], frozenset[str]], float | None]


@attrs.frozen
class Shard:
    tested: frozenset[str]
    built: frozenset[str]
    minutes: float


def pack(order: Sequence[str], closures: Mapping[str, frozenset[str]], fits: Fits) -> list[Shard]:
    """Pack ``order`` (most expensive first) into shards; ``fits`` judges a candidate."""
    shards: list[Shard] = []
    for name in order:
        best: tuple[float, int, Shard] | None = None
        for index, shard in enumerate(shards):
            candidate = _grow(shard, name, closures[name], fits)
            if candidate is None:
                continue
            added = candidate.minutes - shard.minutes
            if best is None or added < best[0]:
                best = (added, index, candidate)
        if best is None:
            shards.append(_alone(name, closures[name], fits))
        else:
            shards[best[1]] = best[2]
    return shards


def _grow(shard: Shard, name: str, closure: frozenset[str], fits: Fits) -> Shard | None:
    tested, built = shard.tested | {name}, shard.built | closure
    minutes = fits(tested, built)
    return None if minutes is None else Shard(tested, built, minutes)


def _alone(name: str, closure: frozenset[str], fits: Fits) -> Shard:
    """A shard of one crate; the caller reports it if even that breaks a budget."""
    tested = frozenset([name])
    return Shard(tested, closure, fits(tested, closure) or 0.0)
