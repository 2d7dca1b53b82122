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
