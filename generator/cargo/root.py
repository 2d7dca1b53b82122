"""Where the workspace starts, found the way cargo finds it: from a member folder, the
nearest folder above with a ``[workspace]`` table in its Cargo.toml."""

from __future__ import annotations

import tomllib
from pathlib import Path


def workspace_root(start: Path) -> Path:
    """The folder of the workspace ``start`` belongs to; ``start`` itself when it holds
    a ``[workspace]``, or when no folder above it (within its repository) does."""
    start = start.resolve()
    for folder in (start, *start.parents):
        if _has_workspace(folder):
            return folder
        if (folder / ".git").exists():  # the top of the repository: look no further
            break
    return start


def _has_workspace(folder: Path) -> bool:
    try:
        data = tomllib.loads((folder / "Cargo.toml").read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError):
        return False
    return isinstance(data.get("workspace"), dict)
