"""What a job's selection adds to each crate's base cost: the features a feature set (or
clippy's arguments) enables (``[crates.<name>] feature-cost``), and the example targets
the command builds (``[crates.<name>] examples``)."""

from __future__ import annotations

import math
from collections.abc import Mapping
from typing import Literal

import attrs

from ..manifest import Crate, FeatureSet, Manifest
from .constants import (
    CHECK_DISK_FACTOR,
    CHECK_TIME_FACTOR,
    EXAMPLE_BUILD_GB,
    EXAMPLE_BUILD_MIN,
    EXAMPLE_CHECK_GB,
    EXAMPLE_CHECK_MIN,
)

Examples = Literal["build", "check", "none"]
NOTE_GB = 1.0  # example targets costing less than this go unmentioned in the plan

# Target selections of clippy that include examples (cargo test always builds them).
EXAMPLE_FLAGS = frozenset({"--all-targets", "--examples"})


ALL_FEATURES = "*"  # the feature-cost entry of every feature at once


def enabled(name: str, crate: Crate, spec: FeatureSet) -> list[str]:
    """The feature-cost entries of ``crate`` that ``spec`` turns on: ``*`` for all
    features when the crate has it (features overlap), else each feature's."""
    costs = set(crate.feature_cost)
    if spec.all_features:
        return [ALL_FEATURES] if ALL_FEATURES in costs else sorted(costs)
    wanted = {f.split("/", 1)[1] if f.startswith(f"{name}/") else f for f in spec.features}
    return sorted((costs - {ALL_FEATURES}) & wanted)


def costed(
    crates: Mapping[str, Crate], spec: FeatureSet, *, examples: Examples, check: bool = False
) -> dict[str, Crate]:
    """The crates with what ``spec``'s features add, and with their examples when the
    command builds them, added to their build cost; with ``check``, their cost is what
    `cargo check` and clippy spend instead (``checked``)."""
    out = {}
    for name, crate in crates.items():
        base = checked(crate.cost.build_gb, crate.cost.build_min, crate) if check else None
        gb, minutes = base or (crate.cost.build_gb, crate.cost.build_min)
        features = [crate.feature_cost[f] for f in enabled(name, crate, spec)]
        extra = [
            checked(f.build_gb, f.build_min) if check else (f.build_gb, f.build_min)
            for f in features
        ]
        if examples != "none" and crate.examples:
            extra.append(example_cost(crate, examples))
        if not extra and not check:
            out[name] = crate
            continue
        cost = attrs.evolve(
            crate.cost,
            build_gb=math.fsum([gb, *(g for g, _ in extra)]),
            build_min=math.fsum([minutes, *(m for _, m in extra)]),
        )
        out[name] = attrs.evolve(crate, cost=cost)
    return out


def checked(gb: float, minutes: float, crate: Crate | None = None) -> tuple[float, float]:
    """(GB, minutes) `cargo check` and clippy spend where a build spends ``gb`` and
    ``minutes``: the crate's own check figures when its cost has them, else the build's
    times the check factors."""
    cost = crate.cost if crate is not None else None
    return (
        cost.check_gb if cost and cost.check_gb is not None else gb * CHECK_DISK_FACTOR,
        cost.check_min if cost and cost.check_min is not None else minutes * CHECK_TIME_FACTOR,
    )


def example_cost(crate: Crate, how: Examples) -> tuple[float, float]:
    """(GB, minutes) a crate's examples add, linked by a test build or checked."""
    n = crate.examples
    if how == "check":
        return n * EXAMPLE_CHECK_GB, n * EXAMPLE_CHECK_MIN
    return n * EXAMPLE_BUILD_GB, n * EXAMPLE_BUILD_MIN


def clippy_examples(args: tuple[str, ...]) -> Examples:
    """Whether clippy with these arguments checks examples."""
    return "check" if EXAMPLE_FLAGS & set(args) else "none"


def spec_of(args: tuple[str, ...]) -> FeatureSet:
    """The feature selection cargo arguments make (``--all-features``, ``--features a,b``,
    ``-F a``, ``--features=a``)."""
    features: list[str] = []
    for index, arg in enumerate(args):
        value = None
        if arg in ("--features", "-F") and index + 1 < len(args):
            value = args[index + 1]
        elif arg.startswith("--features="):
            value = arg.split("=", 1)[1]
        if value:
            features += [f for f in value.replace(",", " ").split() if f]
    return FeatureSet(features=tuple(features), all_features="--all-features" in args)


def example_notes(manifest: Manifest) -> list[str]:
    """What a workspace's example targets cost, when it is worth a line (a GB or more)."""
    crates = manifest.crates
    owners = sorted(n for n, c in crates.items() if c.examples and c.role == "tested")
    count = sum(crates[n].examples for n in owners)
    gb, minutes = count * EXAMPLE_BUILD_GB, count * EXAMPLE_BUILD_MIN
    if gb < NOTE_GB:
        return []
    args = manifest.gate.clippy_args
    lint = (
        "clippy checks them in the gate (cheap: no linking)"
        if manifest.gate.clippy and clippy_examples(args) == "check"
        else "clippy does not check them (gate.clippy-args)"
    )
    return [
        f"{count} example targets in tested crates ({', '.join(owners[:6])}"
        f"{' and more' if len(owners) > 6 else ''}): cargo test links each one, about "
        f"{gb:.1f} GB and {minutes:.1f} build-minutes per row testing them all, included in "
        f"the predictions; {lint}"
    ]
