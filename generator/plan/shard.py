"""Crate-aware sharding: pack tested crates into as few jobs as the budgets allow, then
balance them.

Crates are taken most expensive first. Each goes into the shard where it adds the least
predicted time (a crate whose dependencies a shard already builds is nearly free there),
among the shards that still meet every budget; when none can take it, a new shard opens.
That uses few runner-minutes but can leave one long shard beside a short one. So a second
packing balances the same number of shards, longest-processing-time first: each crate
goes where the shard ends up shortest, opening the shards up to that number as it goes.
The plan takes the balanced packing when it needs no more shards and its longest shard
is shorter (or as long, with fewer minutes in all).

Only promising shards are tried: those already building the most of the crate's
dependencies (found through an index from crate to shards, without comparing sets) and
the shard with the most room left. Each shard keeps running cost sums, so trying one
costs the size of the crate's closure, not of the shard: planning stays near-linear.
"""

from __future__ import annotations

import heapq
import math
from collections import defaultdict
from collections.abc import Callable, Mapping, Sequence

import attrs

CANDIDATES = 8  # shards tried per crate for sharing its dependencies
ROOMIEST = 3  # and for having the most room left
UBIQUITOUS = 2 * CANDIDATES  # crates built by more shards than this do not rank shards


@attrs.frozen
class Load:
    """Additive costs of a set of crates, before the runner and profile scale them."""

    gb: float = 0.0  # sum of build-gb over the crates built
    build: float = 0.0  # sum of build-min over the crates built
    test: float = 0.0  # sum of test-min over the crates tested

    def plus(self, built: Sequence[Load], tested: Load | None = None) -> Load:
        """This load with ``built`` crates built and ``tested`` tested as well."""
        return Load(
            math.fsum([self.gb, *(b.gb for b in built)]),
            math.fsum([self.build, *(b.build for b in built)]),
            self.test + (tested.test if tested else 0.0),
        )


# Predicted minutes of a shard with this load if it meets its budgets, else None.
Fits = Callable[[Load], float | None]


@attrs.frozen
class Shard:
    tested: frozenset[str]
    built: frozenset[str]
    minutes: float


@attrs.define
class _Open:
    tested: set[str]
    built: set[str]
    load: Load
    minutes: float


def balanced_pack(
    order: Sequence[str],
    closures: Mapping[str, frozenset[str]],
    weights: Mapping[str, Load],
    fits: Fits,
) -> list[Shard]:
    """The better of the cheapest packing and a balanced one with as many shards."""
    cheapest = pack(order, closures, weights, fits)
    even = pack(order, closures, weights, fits, balance_into=len(cheapest))
    return min((cheapest, even), key=_score)


def _score(shards: list[Shard]) -> tuple[int, float, float]:
    """Fewer jobs first (balancing must not cost a runner), then the shorter longest
    shard, then fewer minutes in all."""
    minutes = [s.minutes for s in shards]
    return (len(shards), max(minutes, default=0.0), math.fsum(minutes))


def pack(
    order: Sequence[str],
    closures: Mapping[str, frozenset[str]],
    weights: Mapping[str, Load],
    fits: Fits,
    *,
    balance_into: int = 0,
) -> list[Shard]:
    """Pack ``order`` (most expensive first) into shards; ``fits`` judges a candidate.
    With ``balance_into`` (n), each crate goes where its shard ends up shortest, and a
    new shard is a candidate while fewer than n are open."""
    shards: list[_Open] = []
    holders: dict[str, list[int]] = defaultdict(list)  # crate -> shards building it
    room: list[tuple[float, int]] = []  # (minutes, shard) heap; stale entries skipped
    for name in order:
        closure = sorted(closures[name])
        candidates = _candidates(closure, holders, shards, room)
        choice = _best(name, closure, weights, fits, shards, candidates, bool(balance_into))
        if choice is not None and len(shards) < balance_into:
            alone = fits(Load().plus([weights[d] for d in closure], weights[name]))
            if alone is not None and alone < choice[3]:
                choice = None  # an empty shard ends shorter: open it
        if choice is None:
            index, new = len(shards), closure
            load = Load().plus([weights[d] for d in closure], weights[name])
            minutes = fits(load)
            shards.append(_Open({name}, set(closure), load, minutes or 0.0))
            if minutes is None:  # over budget alone: the caller reports it; nothing joins it
                continue
        else:
            index, new, load, minutes = choice
            shard = shards[index]
            shard.tested.add(name)
            shard.built.update(new)
            shard.load, shard.minutes = load, minutes
        for crate in new:
            holders[crate].append(index)
        heapq.heappush(room, (shards[index].minutes, index))
    return [Shard(frozenset(s.tested), frozenset(s.built), s.minutes) for s in shards]


def _candidates(
    closure: list[str],
    holders: Mapping[str, list[int]],
    shards: list[_Open],
    room: list[tuple[float, int]],
) -> list[int]:
    """The shards already building the most crates of ``closure``, and the roomiest."""
    overlap: dict[int, int] = defaultdict(int)
    for crate in closure:
        shared_by = holders.get(crate, ())
        if len(shared_by) > UBIQUITOUS:
            continue  # a foundation crate every shard builds tells the shards apart by nothing
        for index in shared_by:
            overlap[index] += 1
    best = sorted(overlap, key=lambda i: (-overlap[i], i))[:CANDIDATES]
    return sorted(set(best) | set(_roomiest(shards, room)))


def _roomiest(shards: list[_Open], room: list[tuple[float, int]]) -> list[int]:
    """The few shards with the fewest minutes. The heap keeps stale entries of shards
    that have grown since; they are dropped on the way."""
    found: list[tuple[float, int]] = []
    while room and len(found) < ROOMIEST:
        entry = heapq.heappop(room)
        if shards[entry[1]].minutes == entry[0] and entry not in found:
            found.append(entry)
    for entry in found:
        heapq.heappush(room, entry)
    return [index for _, index in found]


def _best(  # noqa: PLR0917 - one call site, all positional by design
    name: str,
    closure: list[str],
    weights: Mapping[str, Load],
    fits: Fits,
    shards: list[_Open],
    candidates: list[int],
    balanced: bool,
) -> tuple[int, list[str], Load, float] | None:
    """The candidate where ``name`` adds the fewest minutes (``balanced``: where the
    shard ends up shortest) and every budget holds."""
    best: tuple[float, int, list[str], Load, float] | None = None
    for index in candidates:
        shard = shards[index]
        new = [d for d in closure if d not in shard.built]
        load = shard.load.plus([weights[d] for d in new], weights[name])
        minutes = fits(load)
        if minutes is None:
            continue
        added = minutes if balanced else minutes - shard.minutes
        if best is None or (added, index) < (best[0], best[1]):
            best = (added, index, new, load, minutes)
    return None if best is None else best[1:]
