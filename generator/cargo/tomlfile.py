"""Reading Cargo's TOML files: parse with located errors, find where a key is written.

Parsing uses ``tomllib`` (a 10,000-line Cargo.lock parses in milliseconds); its error
messages end in ``(at line L, column C)``, already 1-based, which become the Issue's
line and column. ``locate`` finds a key's line in the text, for problems that are not
syntax errors (a path dependency pointing outside the repository, say).
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import attrs

from ..errors import Issue, key_path

Problems = list[tuple[str, Issue]]  # (file relative to the root, issue)

_WHERE = re.compile(r" \(at (?:line (\d+), column (\d+)|end of document)\)$")


@attrs.frozen
class TomlFile:
    """One parsed TOML file; ``file`` is its posix path relative to the root."""

    file: str
    text: str
    data: dict[str, Any]

    def issue(self, keys: Sequence[str], message: str, value: str | None = None) -> Issue:
        """An issue at ``keys`` (a full key path), located in the text when possible."""
        spot = locate(self.text, keys, value)
        line, col = spot if spot else (None, None)
        return Issue(key_path(list(keys)), message, line, col)


def load_toml(root: Path, file: str, problems: Problems) -> TomlFile | None:
    """Parse ``root/file``; on a read or syntax error record it and return None."""
    try:
        text = (root / file).read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as exc:
        problems.append((file, Issue("", f"cannot read: {exc}")))
        return None
    try:
        return TomlFile(file, text, tomllib.loads(text))
    except tomllib.TOMLDecodeError as exc:
        problems.append((file, _syntax_issue(str(exc), text)))
        return None


def _syntax_issue(message: str, text: str) -> Issue:
    found = _WHERE.search(message)
    if not found:
        return Issue("", f"invalid TOML: {message}")
    line, col = found.groups()
    if line is None:  # at the end of the document: point just past the last character
        lines = text.split("\n")
        line, col = str(len(lines)), str(len(lines[-1]) + 1)
    return Issue("", f"invalid TOML: {message[: found.start()]}", int(line), int(col))


# --- typed access to parsed data -------------------------------------------------------


def table(value: object) -> dict[str, Any]:
    """``value`` if it is a table, else an empty one (wrong kinds are cargo's to report)."""
    return value if isinstance(value, dict) else {}


def text_or_none(value: object) -> str | None:
    return value if isinstance(value, str) else None


def strings(value: object) -> list[str]:
    return [v for v in value if isinstance(v, str)] if isinstance(value, list) else []


# --- finding a key in the text -----------------------------------------------------------


def locate(text: str, keys: Sequence[str], value: str | None = None) -> tuple[int, int] | None:
    """The 1-based line and column where the key path ``keys`` is written, if found.

    Understands headers (``[a.'b.c'.d]``), dotted keys and one level of inline table
    (``dep = { path = "x" }``). With ``value``, finds that quoted string inside the
    key's value instead, possibly on a later line of a multi-line array.
    """
    header: list[str] = []
    found_key = False
    for number, raw in enumerate(text.splitlines(), start=1):
        line = _strip_comment(raw)
        stripped = line.strip()
        if stripped.startswith("["):
            if found_key:
                return None  # the array ended without the value
            header = split_key(stripped.strip("[]"))
            if header == list(keys) and value is None:
                return number, len(line) - len(line.lstrip()) + 1
            continue
        if found_key:
            spot = _find_value(line, value)
            if spot is not None:
                return number, spot
            continue
        spot = _match_line(line, header, keys)
        if spot is None:
            continue
        if value is None:
            return number, spot
        found_key = True
        col = _find_value(line, value)
        if col is not None:
            return number, col
    return None


def _match_line(line: str, header: list[str], keys: Sequence[str]) -> int | None:
    """The column of ``keys`` on this key/value line under ``header``, if it is there."""
    if "=" not in line:
        return None
    lhs = line.split("=", 1)[0]
    if not lhs.strip():
        return None
    full = [*header, *split_key(lhs)]
    col = len(lhs) - len(lhs.lstrip()) + 1
    if full[: len(keys)] == list(keys):  # the key, or a dotted key below it
        return col
    rest = list(keys[len(full) :])
    if list(keys[: len(full)]) != full or len(rest) != 1:
        return None
    inline = re.search(rf"[{{,]\s*({re.escape(rest[0])}|\"{re.escape(rest[0])}\")\s*=", line)
    return inline.start(1) + 1 if inline else None


def _find_value(line: str, value: str | None) -> int | None:
    for quote in ('"', "'"):
        at = line.find(f"{quote}{value}{quote}")
        if at >= 0:
            return at + 1
    return None


def _strip_comment(line: str) -> str:
    quote = ""
    for i, char in enumerate(line):
        if quote:
            quote = "" if char == quote else quote
        elif char in "\"'":
            quote = char
        elif char == "#":
            return line[:i]
    return line


def split_key(key: str) -> list[str]:
    """``target.'cfg(unix)'.dependencies`` -> ``["target", "cfg(unix)", "dependencies"]``."""
    parts: list[str] = []
    current, quote, quoted = "", "", False
    for char in key.strip():
        if quote:
            if char == quote:
                quote = ""
            else:
                current += char
        elif char in "\"'":
            quote, quoted, current = char, True, current.strip()
        elif char == ".":
            parts.append(current if quoted else current.strip())
            current, quoted = "", False
        elif not (char.isspace() and quoted):
            current += char
    parts.append(current if quoted else current.strip())
    return parts
