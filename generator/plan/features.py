"""What a feature set costs: each crate's default-feature cost plus what the features the
set enables add (``[crates.<name>] feature-cost``)."""

from __future__ import annotations

import math
from collections.abc import Mapping

import attrs

from ..manifest import Crate, FeatureSet


def enabled(name: str, crate: Crate, spec: FeatureSet) -> list[str]:
    """The features of ``crate`` with a cost that ``spec`` turns on."""
    if spec.all_features:
        return sorted(crate.feature_cost)
    wanted = {f.split("/", 1)[1] if f.startswith(f"{name}/") else f for f in spec.features}
    return sorted(set(crate.feature_cost) & wanted)


def costed(crates: Mapping[str, Crate], spec: FeatureSet) -> dict[str, Crate]:
    """The crates with the cost of the features ``spec`` enables added to their build."""
    out = {}
    for name, crate in crates.items():
        extra = [crate.feature_cost[f] for f in enabled(name, crate, spec)]
        if not extra:
            out[name] = crate
            continue
        cost = attrs.evolve(
            crate.cost,
            build_gb=math.fsum([crate.cost.build_gb, *(e.build_gb for e in extra)]),
            build_min=math.fsum([crate.cost.build_min, *(e.build_min for e in extra)]),
        )
        out[name] = attrs.evolve(crate, cost=cost)
    return out


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
