"""Clippy of the feature sets: the gate lints the workspace with its default features;
code behind another feature set's features would never be linted. Each feature set
whose feature flags differ gets a clippy run of its own crates with those flags, in the
same target dir, so cargo re-checks only what the flags change: the dependencies the
features pull in (their feature-cost, checked) and the crates' own code (RELINT_MIN a
run); every other check unit the workspace run left is fresh."""

from __future__ import annotations

import math
from collections.abc import Mapping

import attrs

from ..manifest import Closures, FeatureCost, FeatureSet, Manifest
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


@attrs.frozen
class Run:
    """One feature set's lint: its crates, its feature flags, and the env it carries."""

    name: str
    spec: FeatureSet
    packages: tuple[str, ...]
    flags: tuple[str, ...]
    env: Mapping[str, str]  # the set's, unless a service it talks to is not in the gate


def runs(m: Manifest) -> list[Run]:
    """The feature sets to lint: flags of their own (a set that only sets env, or
    repeats another's flags, adds nothing), not already on in the workspace run, not
    turned off (gate.lint-feature-sets, the set's lint)."""
    gate = m.gate
    if not (gate.clippy and gate.lint_feature_sets):
        return []
    seen: set[tuple[tuple[str, ...], tuple[str, ...]]] = set()
    out = []
    workspace_run = spec_of(gate.clippy_args)
    serviced = _serviced(m)
    for name, spec in feature_sets(m).items():
        packages = selected(m, spec)
        flags = feature_flags(m.crates, spec, packages)
        if not (spec.lint and flags and packages) or (packages, flags) in seen:
            continue
        if workspace_run.all_features and not spec.no_default_features:
            continue  # the workspace run has every feature on already
        seen.add((packages, flags))
        out.append(Run(name, spec, packages, flags, {} if name in serviced else spec.env))
    return out


def set_lints(m: Manifest, build: Build) -> SetLints:
    """One clippy run per feature set ``runs`` names, in the gate's target dir."""
    commands, costs = [], []
    for run in runs(m):
        whole = set(run.packages) == set(m.crates)
        selection = ("--workspace",) if whole else tuple(package_args(run.packages))
        words = (*selection, *run.flags)
        command = clippy_command(f"Clippy ({run.name})", build, m.gate, words, features=False)
        # the set's env too: its features may need it to build (a --cfg, a build script's)
        env = dict(command.env) | flags_added(dict(command.env), dict(run.env))
        commands.append(attrs.evolve(command, env=tuple(sorted(env.items()))))
        costs.append(_recheck(m, run))
    gb, minutes = math.fsum(g for g, _ in costs), math.fsum(t for _, t in costs)
    return SetLints(tuple(commands), gb, minutes)


def lint_notes(m: Manifest) -> list[str]:
    """What the feature sets' lints leave out, or cost more than they seem to: one note
    for each kind, naming the sets."""
    linted = runs(m)
    quiet = [r.name for r in linted if r.spec.env and not r.env]
    rebuild = [r.name for r in linted if changes_build(r.env)]
    guessed = [r.name for r in linted if not changes_build(r.env) and not _enabled_costs(m, r)]
    notes = []
    if quiet:
        notes.append(
            f"the lints of feature sets {', '.join(quiet)} run without the sets' env: it "
            "addresses services the gate does not start (put what a build needs, such as "
            "SQLX_OFFLINE, in gate.env)"
        )
    if rebuild:
        notes.append(
            f"the lints of feature sets {', '.join(rebuild)} re-check all their crates "
            "build on: the sets' env changes every build; feature-sets.<name>.lint = false "
            "skips one"
        )
    if guessed:
        notes.append(
            f"the lints of feature sets {', '.join(guessed)} are costed at {RELINT_MIN} min "
            "each: no feature-cost entry covers what they turn on (ci-gen init --update "
            "estimates them)"
        )
    return notes


def _serviced(m: Manifest) -> set[str]:
    """The feature sets some service container starts beside (none start in the gate)."""
    every = set(feature_sets(m))
    return {
        name
        for service in m.services.values()
        if set(service.jobs) & {"test", "check"}
        for name in (service.feature_sets or every)
    }


def _recheck(m: Manifest, run: Run) -> tuple[float, float]:
    """(GB, minutes) a set's run checks beyond the workspace run: the dependencies its
    features add and its crates' own code; all its crates build on, when the env it
    carries changes every build (RUSTFLAGS: no check unit of the workspace run is fresh)."""
    if changes_build(run.env):
        examples = clippy_examples(m.gate.clippy_args)
        mine = costed(m.crates, run.spec, examples=examples, check=True)
        graph = Closures(m.crates)
        needed = {c for n in run.packages for c in graph.normal(n)}
        return (
            math.fsum(mine[c].cost.build_gb for c in needed),
            math.fsum(mine[c].cost.build_min for c in needed),
        )
    added = [checked(fc.build_gb, fc.build_min) for fc in _enabled_costs(m, run)]
    return math.fsum(g for g, _ in added), RELINT_MIN + math.fsum(t for _, t in added)


def _enabled_costs(m: Manifest, run: Run) -> list[FeatureCost]:
    """The feature-cost entries of the run's crates that its flags turn on."""
    return [
        m.crates[n].feature_cost[f] for n in run.packages for f in enabled(n, m.crates[n], run.spec)
    ]


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
