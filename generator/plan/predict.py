"""The disk and time model: pure functions from crates and a runner to predictions.

Sums over crates use math.fsum (``load_of``): exactly rounded whatever the order, so a
set of crates predicts the same number on every run (set order follows Python's
per-process string hashing).
"""

from __future__ import annotations

import math
from collections.abc import Iterable

from ..manifest import Crate, ModelSpec, Profile, Runner
from .constants import (
    DEBUGINFO_FACTOR,
    INCREMENTAL_OFF_FACTOR,
    MAX_TIMEOUT_MIN,
    TIMEOUT_FACTOR,
    TIMEOUT_SLACK_MIN,
    UNCALIBRATED_TIMEOUT_FACTOR,
    UNCALIBRATED_TIMEOUT_SLACK_MIN,
)
from .model import Disk, Terms
from .shard import Load

TIERS = ("none", "fast", "full")
# Budgets are products of decimal figures (14 GB x 0.7 = 9.799999...): compare with slack.
EPSILON = 1e-9
# Share of a target dir left in the cache once rust-cache has pruned the workspace's
# own crates (3.1 GB -> 1.1 GB measured on a large workspace).
CACHE_PRUNED_FACTOR = 1.1 / 3.1


def target_gb(raw: float, profile: Profile, check: bool) -> float:
    """Predicted size of target/ for crates whose build-gb sum to ``raw``, under the CI
    profile; with ``check``, ``raw`` is already their check figures (metadata, no
    debuginfo: ``selection.costed``)."""
    if check:
        return raw
    factor = DEBUGINFO_FACTOR[profile.debuginfo]
    if not profile.incremental:
        factor *= INCREMENTAL_OFF_FACTOR
    return raw * factor


# minutes a job spends before its own work, whatever it builds: what merging two jobs
# into one saves once
FIXED_MINUTES = frozenset({"setup", "cleanup", "packages", "services"})


def disk_terms(target: float, model: ModelSpec, toolchains: int = 1, extras: Terms = ()) -> Terms:
    """What fills a job's disk; ``extras`` are its packages and services (machine.py)."""
    return (
        ("checkout", model.checkout_gb),
        ("toolchain", model.toolchain_gb * toolchains),
        ("registry", model.registry_gb),
        *extras,
        ("target", round(target, 3)),
    )


def cache_gb(target: float, model: ModelSpec) -> float:
    return model.registry_gb + target * CACHE_PRUNED_FACTOR


def with_tier(terms: Terms, runner: Runner, tier: str, budget: float) -> Disk | None:
    """The prediction under one cleanup tier, or None when the runner lacks that tier."""
    if tier == "none":
        return Disk(terms, runner.free_gb, 0.0, budget)
    spec = runner.tier(tier)
    return None if spec is None else Disk(terms, runner.free_gb, spec.gb, budget)


def fit_disk(terms: Terms, runner: Runner, budget: float) -> tuple[str, Disk] | None:
    """The cheapest cleanup tier under which the predicted peak stays within budget."""
    for tier in TIERS:
        disk = with_tier(terms, runner, tier, budget)
        if disk is not None and disk.peak_gb <= disk.budget_gb + EPSILON:
            return tier, disk
    return None


def best_effort_disk(terms: Terms, runner: Runner, budget: float) -> Disk:
    """The roomiest prediction the runner offers, for explaining why nothing fits."""
    candidates = [with_tier(terms, runner, tier, budget) for tier in TIERS]
    return max((d for d in candidates if d is not None), key=lambda d: d.available_gb)


def build_minutes(raw: float, runner: Runner) -> float:
    """Minutes to build (or check) crates whose build-min sum to ``raw`` on ``runner``."""
    return raw / runner.speed


def test_minutes(raw: float, runner: Runner) -> float:
    return raw / runner.speed


def cleanup_minutes(runner: Runner, tier: str) -> float:
    spec = runner.tier(tier)
    return 0.0 if spec is None else spec.minutes


def timeout(predicted: float, calibrated: bool = True) -> int:
    """timeout-minutes for a job predicted to take ``predicted`` minutes; the margin is
    wider while the prediction rests on estimates nobody measured."""
    if calibrated:
        minutes = math.ceil(predicted * TIMEOUT_FACTOR) + TIMEOUT_SLACK_MIN
    else:
        minutes = (
            math.ceil(predicted * UNCALIBRATED_TIMEOUT_FACTOR) + UNCALIBRATED_TIMEOUT_SLACK_MIN
        )
    return min(MAX_TIMEOUT_MIN, minutes)


def calibrated(crates: Iterable[Crate]) -> bool:
    """Whether every crate a job builds has measured figures."""
    return all(c.cost.calibrated for c in crates)


def weight(crate: Crate) -> Load:
    """One crate's additive costs (built and tested)."""
    return Load(crate.cost.build_gb, crate.cost.build_min, crate.cost.test_min)


def load_of(tested: Iterable[Crate], built: Iterable[Crate]) -> Load:
    built_list = list(built)
    return Load(
        math.fsum(c.cost.build_gb for c in built_list),
        math.fsum(c.cost.build_min for c in built_list),
        math.fsum(c.cost.test_min for c in tested),
    )
