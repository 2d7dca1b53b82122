"""The workspace root from a member folder, as cargo finds it."""

from __future__ import annotations

from pathlib import Path

from ci_gen.cargo import workspace_root

from .conftest import build_file_tree

WORKSPACE = '[workspace]\nmembers = ["crates/*"]\n'
MEMBER = '[package]\nname = "a"\nversion = "0.1.0"\n'


def test_a_member_folder_belongs_to_the_workspace_above(tmp_path: Path) -> None:
    build_file_tree(tmp_path, {"Cargo.toml": WORKSPACE, "crates/a/Cargo.toml": MEMBER})
    assert workspace_root(tmp_path / "crates" / "a") == tmp_path.resolve()
    assert workspace_root(tmp_path / "crates" / "a" / "src") == tmp_path.resolve()
    assert workspace_root(tmp_path) == tmp_path.resolve()


def test_the_search_stops_at_the_repository(tmp_path: Path) -> None:
    build_file_tree(
        tmp_path,
        {"Cargo.toml": WORKSPACE, "vendor/x/.git/HEAD": "", "vendor/x/Cargo.toml": MEMBER},
    )
    assert workspace_root(tmp_path / "vendor" / "x") == (tmp_path / "vendor" / "x").resolve()


def test_a_broken_manifest_above_is_not_a_workspace(tmp_path: Path) -> None:
    build_file_tree(tmp_path, {"Cargo.toml": "[workspace\n", "a/Cargo.toml": MEMBER})
    assert workspace_root(tmp_path / "a") == (tmp_path / "a").resolve()
