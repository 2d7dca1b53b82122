"""Which packages cargo can doc-test, read from their manifests."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from ci_gen.cargo.targets import find_targets

from .conftest import build_file_tree


@pytest.mark.parametrize(
    ("lib", "reason"),
    [
        ({}, ""),
        ({"doctest": False}, "[lib] doctest = false"),
        ({"crate-type": ["cdylib"]}, "a cdylib library: rustdoc has no doc tests for it"),
        ({"crate-type": ["staticlib", "cdylib"]}, "a staticlib/cdylib library"),
        ({"crate-type": ["cdylib", "rlib"]}, ""),
        ({"proc-macro": True}, ""),
    ],
)
def test_doc_tests_follow_the_lib_table(tmp_path: Path, lib: dict[str, Any], reason: str) -> None:
    build_file_tree(tmp_path, {"src/lib.rs": ""})
    targets = find_targets(tmp_path, {"package": {"name": "p"}, "lib": lib}, "p")
    assert targets.no_doc_tests.startswith(reason) and bool(targets.no_doc_tests) == bool(reason)


def test_a_binary_only_package_has_no_doc_tests(tmp_path: Path) -> None:
    build_file_tree(tmp_path, {"src/main.rs": "fn main() {}"})
    targets = find_targets(tmp_path, {"package": {"name": "p"}}, "p")
    assert targets.no_doc_tests == "no library target"


@pytest.mark.parametrize(
    ("edition", "flag", "found"),
    [
        (None, None, ("decl",)),  # 2015 by default: declaring one turns finding off
        ("2015", None, ("decl",)),
        ("2015", True, ("auto1", "auto2", "decl")),  # unless autoexamples says otherwise
        ("2021", None, ("auto1", "auto2", "decl")),
        ("2021", False, ("decl",)),
    ],
)
def test_declared_targets_turn_off_discovery_in_edition_2015(
    tmp_path: Path, edition: str | None, flag: bool | None, found: tuple[str, ...]
) -> None:
    build_file_tree(
        tmp_path,
        {"examples/auto1.rs": "", "examples/auto2.rs": "", "ex/decl.rs": ""},
    )
    package = {"name": "p"} | ({} if flag is None else {"autoexamples": flag})
    data = {"package": package, "example": [{"name": "decl", "path": "ex/decl.rs"}]}
    assert find_targets(tmp_path, data, "p", edition).examples == found
