"""Folders as cargo sees them: posix paths relative to the root, member globs, excludes.

``expand`` follows the ``glob`` crate cargo uses for ``members``: ``*``, ``?`` and
``[...]`` match within one path component (hidden folders included, case-sensitive) and
a ``**`` component matches any number of folders. ``covers`` is cargo's exclude test:
a component-wise prefix, no globbing.
"""

from __future__ import annotations

import fnmatch
import os
import posixpath
import re
from collections.abc import Iterable, Iterator
from pathlib import Path

_MAGIC = re.compile(r"[*?\[]")


def normalize(base: str, relative: str) -> str | None:
    """``base/relative`` relative to the root ("." for the root); None outside the root."""
    joined = posixpath.normpath(posixpath.join(base, relative.replace("\\", "/")))
    if joined == ".." or joined.startswith("../") or posixpath.isabs(joined):
        return None
    return joined


def parts(path: str) -> list[str]:
    return [p for p in path.replace("\\", "/").split("/") if p not in ("", ".")]


def covers(prefix: str, path: str) -> bool:
    """Whether ``path`` is ``prefix`` or inside it (whole components, like Path.starts_with)."""
    head = parts(prefix)
    return parts(path)[: len(head)] == head


def is_glob(pattern: str) -> bool:
    return bool(_MAGIC.search(pattern))


def expand(root: Path, pattern: str) -> list[str]:
    """The folders under ``root`` that ``pattern`` matches, sorted."""
    found = ["."]
    components = parts(pattern)
    for i, component in enumerate(components):
        last = i == len(components) - 1
        found = sorted({match for base in found for match in _step(root, base, component, last)})
    return [folder for folder in found if (root / folder).is_dir()]


def _step(root: Path, base: str, component: str, last: bool) -> Iterable[str]:
    if component == "**":
        descendants = list(_descendants(root, base))
        return descendants if last else [base, *descendants]
    if not is_glob(component):
        return [posixpath.normpath(posixpath.join(base, component))]
    return [
        posixpath.join(base, name) if base != "." else name
        for name in _subfolders(root / base)
        if fnmatch.fnmatchcase(name, component)
    ]


def _subfolders(folder: Path) -> list[str]:
    try:
        return sorted(entry.name for entry in os.scandir(folder) if entry.is_dir())
    except OSError:  # not a folder, or unreadable: nothing matches below it
        return []


def _descendants(root: Path, base: str) -> Iterator[str]:
    for name in _subfolders(root / base):
        child = name if base == "." else f"{base}/{name}"
        yield child
        if not (root / child).is_symlink():
            yield from _descendants(root, child)
