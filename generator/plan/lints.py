"""Clippy of the feature sets: the gate lints the workspace with its default features;
code behind another feature set's features would never be linted. Each feature set
whose feature flags differ gets a clippy run of its own crates with those flags, in the
same target dir, so cargo re-checks only what the flags change: the dependencies the
features pull in (their feature-cost, checked) and the crates' own code (RELINT_MIN a
run); every other check unit the workspace run left is fresh."""

from __future__ import annotations

import math

import attrs

from ..manifest import Closures, FeatureSet, Manifest
from .caches import changes_build
from .commands import Build, clippy_command, feature_flags, package_args
from .constants import RELINT_MIN
from .machine import flags_added
from .model import Command
from .rows import feature_sets, selected
from .selection import checked, clippy_examples, costed, enabled, spec_of


@attrs.frozen
class SetLints:
    commands: tuple[Command, ...] = ()
    gb: float = 0.0  # what they add to the target dir
    minutes: float = 0.0  # before the runner's speed scales them
    names: tuple[str, ...] = ()  # the feature sets linted


def set_lints(m: Manifest, build: Build) -> SetLints:
    """One clippy run per feature set whose flags differ (a set that only sets env, or
    repeats another's flags, adds nothing to lint)."""
    gate = m.gate
    if not (gate.clippy and gate.lint_feature_sets):
        return SetLints()
    seen: set[tuple[tuple[str, ...], tuple[str, ...]]] = set()
    commands, costs, names = [], [], []
    workspace_run = spec_of(gate.clippy_args)
    for name, spec in feature_sets(m).items():
        packages = selected(m, spec)
        flags = feature_flags(m.crates, spec, packages)
        if not flags or not packages or (packages, flags) in seen:
            continue
        if workspace_run.all_features and not spec.no_default_features:
            continue  # the workspace run has every feature on already
        seen.add((packages, flags))
        whole = set(packages) == set(m.crates)
        selection = ("--workspace",) if whole else tuple(package_args(packages))
        run = (*selection, *flags)
        command = clippy_command(f"Clippy ({name})", build, gate, run, features=False)
        # the set's env too: its features may need it to build (a --cfg, a build script's)
        env = flags_added(dict(command.env), dict(spec.env))
        commands.append(attrs.evolve(command, env=tuple(sorted((dict(command.env) | env).items()))))
        costs.append(_recheck(m, spec, packages))
        names.append(name)
    gb, minutes = math.fsum(g for g, _ in costs), math.fsum(t for _, t in costs)
    return SetLints(tuple(commands), gb, minutes, tuple(names))


def _recheck(m: Manifest, spec: FeatureSet, packages: tuple[str, ...]) -> tuple[float, float]:
    """(GB, minutes) a set's run checks beyond the workspace run: the dependencies its
    features add and its crates' own code; all its crates build on, when the set's env
    changes every build (RUSTFLAGS: no check unit of the workspace run is fresh)."""
    if changes_build(spec.env):
        examples = clippy_examples(m.gate.clippy_args)
        mine = costed(m.crates, spec, examples=examples, check=True)
        graph = Closures(m.crates)
        needed = {c for n in packages for c in graph.normal(n)}
        return (
            math.fsum(mine[c].cost.build_gb for c in needed),
            math.fsum(mine[c].cost.build_min for c in needed),
        )
    added = [
        checked(fc.build_gb, fc.build_min)
        for n in packages
        for fc in (m.crates[n].feature_cost[f] for f in enabled(n, m.crates[n], spec))
    ]
    return math.fsum(g for g, _ in added), RELINT_MIN + math.fsum(t for _, t in added)


def unreached_features(m: Manifest) -> list[str]:
    """Feature sets whose features reach none of their crates: each of their jobs would
    test what the default set tests, under another name."""
    out = []
    for name, spec in feature_sets(m).items():
        if not spec.features:
            continue
        packages = selected(m, spec)
        flags = feature_flags(m.crates, spec, packages)
        if "--features" not in flags:
            out.append(
                f"feature-sets.{name}: its features ({', '.join(spec.features)}) reach none "
                f"of its crates ({', '.join(packages)}): name a crate of the set or one "
                "they depend on"
            )
    return out
