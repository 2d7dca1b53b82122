"""The test matrix: which (runner, toolchain, feature set) rows exist, from the manifest."""

from __future__ import annotations

from collections.abc import Mapping

import attrs

from ..manifest import FeatureSet, Manifest, Runner

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
    return sorted(n for n, c in manifest.crates.items() if c.role == "tested")


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

    def row(runner: str, toolchain: str, channel: str, fs: str, action: str) -> Row:
        spec = sets[fs]
        return Row(runners[runner], toolchain, channel, fs, spec, action, selected(manifest, spec))

    rows = [
        row(os, main, "", fs, "test")
        for os in manifest.matrix.os
        for fs in (sets if os in full else smoke)
    ]
    rows += [row(full[0], t, t, fs, "test") for t in manifest.matrix.toolchains for fs in smoke]
    msrv = manifest.workspace.msrv
    if msrv is not None and manifest.matrix.msrv != "off":
        action = "check" if manifest.matrix.msrv == "check" else "test"
        rows += [row(full[0], msrv, "msrv", fs, action) for fs in smoke]
    return rows
