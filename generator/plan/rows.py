"""The test matrix: which (runner, toolchain, feature set) rows exist, from the manifest."""

from __future__ import annotations

from collections.abc import Iterable, Mapping

import attrs

from ..manifest import FeatureSet, Manifest, Runner
from .roles import roles_of

DEFAULT_SET = "default"


@attrs.frozen
class Row:
    """One matrix row: a feature set tested (or checked) on one runner with one toolchain."""

    runner: Runner
    toolchain: str
    channel: str  # how ids and names call the toolchain: "", "beta", "msrv"...
    feature_set: str
    spec: FeatureSet
    action: str  # test | check
    crates: tuple[str, ...]  # the crates it tests or checks, sorted
    budget: float = 0.0  # predicted minutes a shard may take
    budget_key: str = "budgets.job-minutes"  # the manifest key that sets ``budget``

    def job_id(self, shard_of: tuple[int, int]) -> str:
        """``test-ubuntu-default-1``: the id of one of the row's shards."""
        parts = [self.action, self.runner.name, self.channel, self.feature_set]
        if shard_of[1] > 1:
            parts.append(str(shard_of[0]))
        return "-".join(p.replace(".", "-") for p in parts if p)

    def job_name(self, shard_of: tuple[int, int], *extra: str) -> str:
        """``test (ubuntu, default, 1/3)``: the toolchain only when it is not the main one."""
        toolchain = {"": [], "msrv": [f"{self.toolchain} msrv"]}.get(self.channel, [self.toolchain])
        index, count = shard_of
        shard = [f"{index}/{count}"] if count > 1 else []
        fields = [self.runner.name, *toolchain, self.feature_set, *shard, *extra]
        return f"{self.action} ({', '.join(fields)})"


def feature_sets(manifest: Manifest) -> Mapping[str, FeatureSet]:
    return manifest.feature_sets or {DEFAULT_SET: FeatureSet()}


def tested_crates(manifest: Manifest) -> list[str]:
    return roles_of(manifest, "tested")


def selected(manifest: Manifest, spec: FeatureSet) -> tuple[str, ...]:
    chosen = set(spec.crates) if spec.crates else set(tested_crates(manifest))
    return tuple(sorted(chosen - set(spec.skip)))


def smoke_sets(manifest: Manifest) -> tuple[str, ...]:
    return manifest.matrix.smoke or (next(iter(feature_sets(manifest))),)


def full_runners(manifest: Manifest) -> tuple[str, ...]:
    return manifest.matrix.full or manifest.matrix.os[:1]


def matrix_rows(manifest: Manifest, runners: Mapping[str, Runner]) -> list[Row]:
    """Every feature set on the full runners, the smoke sets elsewhere, then extra
    toolchains and the MSRV row on the first full runner."""
    sets = feature_sets(manifest)
    full = full_runners(manifest)
    smoke = smoke_sets(manifest)
    main = manifest.workspace.toolchain

    def row(
        runner: str, toolchain: str, channel: str, fs: str, action: str, *, only: Iterable[str] = ()
    ) -> Row:
        spec = sets[fs]
        crates = selected(manifest, spec)
        if only:
            crates = tuple(c for c in crates if c in set(only))
        budget, key = time_budget(manifest, runners, runner)
        return Row(runners[runner], toolchain, channel, fs, spec, action, crates, budget, key)

    rows = [
        row(os, main, "", fs, "test")
        for os in manifest.matrix.os
        for fs in (sets if os in full else smoke)
    ]
    rows += [row(full[0], t, t, fs, "test") for t in manifest.matrix.toolchains for fs in smoke]
    action = "check" if manifest.matrix.msrv == "check" else "test"
    builds = msrv_builds(manifest)
    for version, crates in builds:
        channel = "msrv" if len(builds) == 1 else f"msrv-{version}"
        msrv_rows = [row(full[0], version, channel, fs, action, only=crates) for fs in smoke]
        rows += [r for r in msrv_rows if r.crates]
    return rows


def time_budget(
    manifest: Manifest, runners: Mapping[str, Runner], runner: str
) -> tuple[float, str]:
    """Shards on the full runners, and on runners no pricier than the first of them, get
    budgets.job-minutes; smoke rows on pricier runners get budgets.smoke-minutes."""
    budgets = manifest.budgets
    home = runners[full_runners(manifest)[0]]
    if runner in full_runners(manifest) or runners[runner].price <= home.price:
        return budgets.job_minutes, "budgets.job-minutes"
    smoke = budgets.smoke_minutes
    return (2 * budgets.job_minutes if smoke is None else smoke), "budgets.smoke-minutes"


def version_key(version: str) -> tuple[int, int, int] | None:
    """``1.90`` and ``1.90.0`` are one version; a channel (stable, nightly) is none."""
    parts = version.split(".")
    if not 2 <= len(parts) <= 3 or not all(p.isdigit() for p in parts):
        return None
    major, minor, patch = (*map(int, parts), 0)[:3]
    return major, minor, patch


def _msrv_versions(manifest: Manifest) -> list[tuple[str, str, bool]]:
    """(crate, Rust version, whether it is the main toolchain's) for each tested crate
    with a minimum version: its own ``rust-version``, or else workspace.msrv."""
    if manifest.matrix.msrv == "off":
        return []
    main = version_key(manifest.workspace.toolchain)
    out = []
    for name in tested_crates(manifest):
        version = manifest.crates[name].rust_version or manifest.workspace.msrv
        if version is not None:
            out.append((name, version, version_key(version) == main))
    return out


def msrv_builds(manifest: Manifest) -> list[tuple[str, tuple[str, ...]]]:
    """The MSRV checks: (version, crates) for each version the tested crates need,
    lowest first (1.80 and 1.80.0 are one). The main toolchain's version is left out:
    the test jobs build with it."""
    groups: dict[tuple[int, int, int] | None, tuple[str, list[str]]] = {}
    for name, version, is_main in _msrv_versions(manifest):
        if not is_main:
            groups.setdefault(version_key(version), (version, []))[1].append(name)
    order = sorted(groups, key=lambda k: k or (0, 0, 0))
    return [(groups[k][0], tuple(groups[k][1])) for k in order]


def msrv_notes(manifest: Manifest) -> list[str]:
    """What the MSRV checks leave out, and why, for the plan report."""
    same = [name for name, _, is_main in _msrv_versions(manifest) if is_main]
    if not same:
        return []
    return [
        f"no MSRV check for {', '.join(same)}: the rust-version is the main toolchain's "
        f"({manifest.workspace.toolchain}), which the test jobs build with"
    ]
