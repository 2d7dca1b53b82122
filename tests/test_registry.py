"""Locked packages timed from their sources, when this machine has them: cargo's
registry, or directory sources the workspace's .cargo/config.toml names."""

from __future__ import annotations

from pathlib import Path

import pytest

from ci_gen.bootstrap.estimate import (
    BUILD_HOST_SHARE,
    BUILD_MEMBER_S,
    BUILD_TARGET_SHARE,
    SECONDS_PER_PACKAGE,
    estimate,
    package_seconds,
)
from ci_gen.cargo import PackageFacts, discover

from .conftest import build_file_tree

REGISTRY = 'source = "registry+https://github.com/rust-lang/crates.io-index"'
LOCK = f"""\
    version = 4

    [[package]]
    name = "app"
    version = "0.1.0"
    dependencies = ["derive", "small"]

    [[package]]
    name = "derive"
    version = "1.0.0"
    {REGISTRY}

    [[package]]
    name = "small"
    version = "2.0.0"
    {REGISTRY}
"""
APP = {
    "Cargo.toml": (
        '[package]\nname = "app"\nversion = "0.1.0"\n\n[dependencies]\nderive = "1"\nsmall = "2"\n'
    ),
    "src/lib.rs": "",
    "Cargo.lock": LOCK,
}
SOURCES = {
    "derive-1.0.0/Cargo.toml": '[package]\nname = "derive"\n[lib]\nproc-macro = true\n',
    "derive-1.0.0/src/lib.rs": "x" * 10240,
    "small-2.0.0/Cargo.toml": '[package]\nname = "small"\n[dependencies]\nlog = "0.4"\n'
    '[build-dependencies]\ncc = "1"\nlog = "0.4"\n'
    '[target."cfg(unix)".build-dependencies]\nbind = { version = "1", package = "bindgen" }\n',
    "small-2.0.0/build.rs": "fn main() {}\n",
    "small-2.0.0/src/lib.rs": "",
}


def test_packages_in_cargos_registry_are_read(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.undo()  # this test looks at $CARGO_HOME on purpose
    home = tmp_path / "cargo-home"
    build_file_tree(home / "registry/src/index.crates.io-1949cf8c6b5b557f", SOURCES)
    monkeypatch.setenv("CARGO_HOME", str(home))
    ws = discover(build_file_tree(tmp_path / "app", APP))
    assert dict(ws.packages) == {
        "derive 1.0.0": PackageFacts(source_kib=10.0, proc_macro=True, build_script=False),
        # log is a normal dependency too: only cc and bindgen are built for the host alone
        "small 2.0.0": PackageFacts(
            source_kib=0.0, proc_macro=False, build_script=True, build_only=("bindgen", "cc")
        ),
    }
    e = estimate(ws)["app"]
    assert e.from_sources == 2
    # the proc-macro is built for the host, on the chain everything waits for
    derive = package_seconds(ws.packages["derive 1.0.0"])
    small = package_seconds(ws.packages["small 2.0.0"])
    expected = BUILD_HOST_SHARE * derive + BUILD_TARGET_SHARE * small + BUILD_MEMBER_S
    assert e.build_min == pytest.approx(expected / 60, rel=0.05)


def test_directory_sources_named_by_the_workspace_config_are_read(tmp_path: Path) -> None:
    root = build_file_tree(
        tmp_path,
        {
            **APP,
            ".cargo/config.toml": '[source.vendored]\ndirectory = "vendor"\n',
            **{f"vendor/{path}": text for path, text in SOURCES.items()},
        },
    )
    assert set(discover(root).packages) == {"derive 1.0.0", "small 2.0.0"}


def test_without_sources_every_package_costs_the_average(tmp_path: Path) -> None:
    ws = discover(build_file_tree(tmp_path, APP))
    assert ws.packages == {}
    assert estimate(ws)["app"].from_sources == 0
    assert package_seconds(None) == SECONDS_PER_PACKAGE
    macro = package_seconds(PackageFacts(100.0, proc_macro=True, build_script=False))
    plain = package_seconds(PackageFacts(100.0, proc_macro=False, build_script=False))
    assert macro > plain
