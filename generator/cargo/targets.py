"""A package's build targets: declared in its manifest or found where cargo looks.

Inferred targets (``src/bin/*.rs``, ``tests/*/main.rs``...) join the declared ones unless
``autobins``/``autotests``/``autobenches``/``autoexamples`` is false, or a declared
target already has the inferred name or path (cargo's rule for a ``[[bin]]`` that points
at ``src/main.rs`` under another name).
"""

from __future__ import annotations

import posixpath
from pathlib import Path
from typing import Any

from .model import Targets
from .tomlfile import table, text_or_none

# table name, auto-discovery flag, folder cargo searches
_KINDS = {
    "bin": ("autobins", "src/bin"),
    "test": ("autotests", "tests"),
    "bench": ("autobenches", "benches"),
    "example": ("autoexamples", "examples"),
}


def find_targets(
    folder: Path, data: dict[str, Any], package: str, edition: str | None = None
) -> Targets:
    """The targets of the package whose manifest ``data`` lives in ``folder``; in edition
    2015 (the default), declaring a target of a kind turns off finding the others."""
    settings = table(data.get("package"))
    lib = table(data.get("lib"))
    has_lib = "lib" in data or (
        settings.get("autolib") is not False and (folder / "src/lib.rs").is_file()
    )
    names = {}
    for kind, (flag, where) in _KINDS.items():
        inferred = _inferred(folder, where)
        if kind == "bin" and (folder / "src/main.rs").is_file():
            inferred.append((package, "src/main.rs"))
        declared_2015 = (edition or "2015") == "2015" and bool(data.get(kind))
        auto = settings.get(flag, not declared_2015) is not False
        names[kind] = _merge(data.get(kind), inferred if auto else [])
    proc_macro = lib.get("proc-macro") is True or lib.get("proc_macro") is True
    return Targets(
        lib=has_lib,
        proc_macro=proc_macro,
        lib_doc_tests_off=_lib_doc_tests_off(lib, proc_macro),
        bins=names["bin"],
        tests=names["test"],
        benches=names["bench"],
        examples=names["example"],
    )


_DOC_TESTABLE = frozenset({"lib", "rlib", "dylib"})


def _lib_doc_tests_off(lib: dict[str, Any], proc_macro: bool) -> str:
    """Why `cargo test --doc` cannot or should not run the library's doc tests."""
    if lib.get("doctest") is False:
        return "[lib] doctest = false"
    types = lib.get("crate-type", lib.get("crate_type"))
    if proc_macro or not isinstance(types, list) or not types:
        return ""
    if not _DOC_TESTABLE & {str(t) for t in types}:
        return f"a {'/'.join(map(str, types))} library: rustdoc has no doc tests for it"
    return ""


def _inferred(folder: Path, where: str) -> list[tuple[str, str]]:
    """(name, path) of ``where/*.rs`` and ``where/*/main.rs``, dotfiles skipped."""
    base = folder / where
    if not base.is_dir():
        return []
    found = []
    for entry in sorted(base.iterdir()):
        if entry.name.startswith("."):
            continue
        if entry.suffix == ".rs" and entry.is_file():
            found.append((entry.stem, f"{where}/{entry.name}"))
        elif (entry / "main.rs").is_file():
            found.append((entry.name, f"{where}/{entry.name}/main.rs"))
    return found


def _merge(declared: object, inferred: list[tuple[str, str]]) -> tuple[str, ...]:
    """Declared names, plus inferred ones whose name and path no declared target takes."""
    entries = [table(entry) for entry in declared] if isinstance(declared, list) else []
    names = {name for entry in entries if (name := text_or_none(entry.get("name")))}
    paths = {
        posixpath.normpath(path.replace("\\", "/"))
        for entry in entries
        if (path := text_or_none(entry.get("path")))
    }
    names |= {name for name, path in inferred if name not in names and path not in paths}
    return tuple(sorted(names))
