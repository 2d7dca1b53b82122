"""What a package's own source says: its size, and how many tests it declares.

A test is what a test harness runs, under any of the attributes real suites use:
``#[test]``, ``#[tokio::test]``, ``#[sqlx::test]``, any attribute whose name ends in
``test`` (``#[cargo_test]``, ``#[wasm_bindgen_test]``, a project's own macro), each
``#[test_case(...)]`` and rstest ``#[case(...)]`` (one test per case), ``#[rstest]``,
``#[quickcheck]``, and every ``fn`` a ``proptest!`` block declares. ``#[cfg(test)]`` is
not a test. Counting is textual: a test in a comment counts too, and an rstest function
with cases counts once more than its cases; close enough for an estimate the first runs
calibrate.
"""

from __future__ import annotations

import os
import re
from pathlib import Path

_PATH = rb"#\[\s*(?:[A-Za-z_]\w*\s*::\s*)*"
_ATTRIBUTE_TESTS = re.compile(
    _PATH + rb"(?:[A-Za-z_]\w*_)?test\b(?!\s*[:_\w])"  # test, tokio::test, cargo_test
    rb"|" + _PATH + rb"(?:test_case|rstest|quickcheck)\b"
    rb"|" + _PATH + rb"case\s*(?:::\s*\w+\s*)?\("  # an rstest case, not #[case] on a parameter
)
_PROPTEST = re.compile(rb"\bproptest!\s*[{(\[]")
_FN = re.compile(rb"\bfn\s+[A-Za-z_]\w*")


def count_tests(source: bytes) -> int:
    """Tests declared in one file: outside ``proptest!`` by attribute, inside it by the
    functions the block declares (whatever attributes they carry)."""
    count, at = 0, 0
    for start, end in _proptest_blocks(source):
        count += len(_ATTRIBUTE_TESTS.findall(source, at, start))
        count += _top_level_fns(source[start:end])
        at = end
    return count + len(_ATTRIBUTE_TESTS.findall(source, at))


def _proptest_blocks(source: bytes) -> list[tuple[int, int]]:
    blocks: list[tuple[int, int]] = []
    for match in _PROPTEST.finditer(source):
        start = match.end() - 1
        if blocks and start < blocks[-1][1]:
            continue
        blocks.append((start, _closing(source, start)))
    return blocks


def _top_level_fns(block: bytes) -> int:
    """Functions declared directly in the block (not helpers nested in their bodies)."""
    count = 0
    for match in _FN.finditer(block):
        before = block[: match.start()]
        if before.count(b"{") - before.count(b"}") == 1:
            count += 1
    return count


def _closing(source: bytes, start: int) -> int:
    """The index after the bracket that closes the one at ``start`` (or the end)."""
    opening = source[start : start + 1]
    closing = {b"{": b"}", b"(": b")", b"[": b"]"}[opening]
    depth = 0
    for index in range(start, len(source)):
        char = source[index : index + 1]
        if char == opening:
            depth += 1
        elif char == closing:
            depth -= 1
            if depth == 0:
                return index + 1
    return len(source)


def sources(folder: Path) -> dict[str, int]:
    """Bytes of .rs files in a package folder and the tests they declare, leaving out
    nested packages (any folder with its own Cargo.toml: cargo leaves them out of a
    package too) and ``target/``."""
    total = tests = 0
    for current, subfolders, files in os.walk(folder):
        here = Path(current)
        is_package = (here / "Cargo.toml").is_file()
        subfolders[:] = sorted(
            name
            for name in subfolders
            if not (here / name / "Cargo.toml").is_file()
            and not (name == "target" and is_package)
            and name != ".git"
        )
        for name in files:
            if name.endswith(".rs"):
                try:
                    content = (here / name).read_bytes()
                except OSError:  # a dangling symlink: nothing to compile
                    continue
                total += len(content)
                tests += count_tests(content)
    return {"source_bytes": total, "test_fns": tests}
