"""What the repository's git metadata says about the workspace."""

from __future__ import annotations

from pathlib import Path

FALLBACK_BRANCH = "main"


def default_branch(root: Path) -> str:
    """The remote's default branch when git recorded it, else "main"."""
    head = root / ".git" / "refs" / "remotes" / "origin" / "HEAD"
    try:
        text = head.read_text(encoding="utf-8")
    except OSError:
        return FALLBACK_BRANCH
    prefix = "ref: refs/remotes/origin/"
    return text.strip().removeprefix(prefix) if text.startswith(prefix) else FALLBACK_BRANCH
