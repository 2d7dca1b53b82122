"""load(path) -> Manifest: parse ci.toml, structure it, check it; report every problem at once."""

from __future__ import annotations

import tomllib
from pathlib import Path
from typing import Any

import attrs

from ..errors import Issue, ManifestError, PathPart, key_path
from .checks import did_you_mean
from .model import Manifest, toml_key
from .structure import describe, structure
from .syntax import explained
from .validate import Declared, validate

# Manifest fields that are tables of named entries, structured entry by entry so that
# one bad entry neither hides the problems of the others nor their references.
_NAMED_TABLES = {"crates", "feature_sets", "runners", "pins", "services"}
_TABLE_ARRAYS = {"steps"}  # [[steps]]: entry by entry too


def load(path: Path, label: str | None = None) -> Manifest:
    """Load and check the manifest at ``path``; ``label`` is how errors name the file."""
    file = label or path.name
    return loads(read(path, file), file)


def loads(text: str, file: str) -> Manifest:
    """Load and check manifest text; ``file`` is how errors name it."""
    data = parse(text, file)
    manifest, declared, issues, steps_at = build(data)
    issues += validate(manifest, declared, steps_at)
    if issues:
        raise ManifestError(file, issues)
    return manifest


def read(path: Path, file: str) -> str:
    try:
        return path.read_text(encoding="utf-8-sig")  # a BOM (Windows editors) is not a key
    except FileNotFoundError:
        raise ManifestError(
            file,
            [Issue("", "no such file (`ci-gen init` writes one; --manifest points elsewhere)")],
        ) from None
    except (OSError, UnicodeDecodeError) as exc:
        raise ManifestError(file, [Issue("", f"cannot read: {exc}")]) from None


def parse(text: str, file: str) -> dict[str, Any]:
    try:  # the standard library's parser is fast, and knows what it expected
        return tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        issue = explained(exc, text)
        if issue is not None:
            raise ManifestError(file, [issue]) from None
    except RecursionError:  # arrays or tables nested hundreds deep
        raise ManifestError(file, [Issue("", "values nested too deeply")]) from None
    return _parse_error(text, file)


def _parse_error(text: str, file: str) -> dict[str, Any]:
    """What tomlkit says of text the standard library refused (it is only imported
    then: a check of a good manifest should not pay for it)."""
    import tomlkit  # noqa: PLC0415
    from tomlkit.exceptions import ParseError, TOMLKitError  # noqa: PLC0415

    try:
        return tomlkit.parse(text).unwrap()
    except ParseError as exc:
        message = str(exc).rsplit(" at line ", 1)[0]
        if message == "Unexpected character: '\\x00'" and "\0" not in text:
            message = "Unexpected end of file"  # tomlkit reads past the end as '\0'
        # tomlkit counts columns from 0; editors and file:line:col count from 1.
        raise ManifestError(file, [Issue("", message, exc.line, exc.col + 1)]) from None
    except TOMLKitError as exc:  # e.g. a key repeated inside an inline table
        raise ManifestError(file, [Issue("", str(exc))]) from None


def build(data: dict[str, Any]) -> tuple[Manifest, Declared, list[Issue], tuple[int, ...]]:
    """Structure each section on its own; failed parts fall back to defaults. Also the
    position in the file of each [[steps]] entry kept (a bad one is left out, and the
    checks of the others name them where they are)."""
    fields = {toml_key(f.name): f for f in attrs.fields(Manifest)}
    issues = [
        Issue(key_path([key]), f"unknown table{did_you_mean(key, list(fields))}")
        for key in data
        if key not in fields
    ]
    values: dict[str, Any] = {}
    declared: Declared = {}
    positions: tuple[int, ...] = ()
    for key, field in fields.items():
        if key not in data:
            continue
        type_: Any = field.type
        value: object
        if field.name in _NAMED_TABLES:
            value, names, found = _build_named(data[key], type_, [key])
            declared[field.name] = names
        elif field.name in _TABLE_ARRAYS:
            value, positions, found = _build_each(data[key], type_.__args__[0], [key])
        else:
            value, found = structure(data[key], type_, [key])
        issues += found
        if value is not None:
            values[field.name] = value
    return Manifest(**values), declared, issues, positions


def _build_each(
    raw: object, entry_type: Any, path: list[PathPart]
) -> tuple[tuple[Any, ...], tuple[int, ...], list[Issue]]:
    """Each entry of an array of tables on its own: one bad entry hides no other's.
    Also where each entry kept was."""
    if not isinstance(raw, list):
        key = key_path(path)
        return (), (), [Issue(key, f"expected an array of tables ([[{key}]]), got {describe(raw)}")]
    entries, positions, issues = [], [], []
    for index, value in enumerate(raw):
        entry, found = structure(value, entry_type, [*path, index])
        issues += found
        if entry is not None:
            entries.append(entry)
            positions.append(index)
    return tuple(entries), tuple(positions), issues


def _build_named(
    raw: object, mapping_type: Any, path: list[PathPart]
) -> tuple[dict[str, Any] | None, set[str], list[Issue]]:
    if not isinstance(raw, dict):
        return None, set(), [Issue(key_path(path), f"expected a table, got {describe(raw)}")]
    entry_type = mapping_type.__args__[1]
    entries: dict[str, Any] = {}
    issues: list[Issue] = []
    for name, value in raw.items():
        entry, found = structure(value, entry_type, [*path, name])
        issues += found
        if entry is not None:
            entries[name] = entry
    return entries, set(raw), issues
