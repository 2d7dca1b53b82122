"""What the repository's git metadata says about the workspace, read from files alone.

``.git`` is a folder in a plain clone, but a file (``gitdir: <path>``) in a worktree or
a submodule; a worktree's shared refs live in the folder its ``commondir`` names. The
remote's default branch is the symbolic ref ``refs/remotes/origin/HEAD``, which a clone
records and ``git remote set-head origin --auto`` refreshes.
"""

from __future__ import annotations

from pathlib import Path

import attrs

FALLBACK_BRANCH = "main"
_REF = "ref: refs/remotes/origin/"


@attrs.frozen
class Branch:
    name: str
    known: bool  # False: git recorded no default branch, so ``name`` is a guess


def git_dir(root: Path) -> Path | None:
    """The repository's git folder: ``.git`` itself, or where a ``.git`` file points."""
    dot = root / ".git"
    if dot.is_dir():
        return dot
    try:
        text = dot.read_text(encoding="utf-8", errors="replace")
    except OSError:
        return None
    pointer = text.strip().removeprefix("gitdir:").strip()
    if not text.startswith("gitdir:") or not pointer:
        return None
    target = (root / pointer).resolve()
    return target if target.is_dir() else None


def common_dir(git: Path) -> Path:
    """Where refs shared by every worktree live (the git folder itself for a clone)."""
    try:
        pointer = (git / "commondir").read_text(encoding="utf-8").strip()
    except OSError:
        return git
    return (git / pointer).resolve() if pointer else git


def default_branch(root: Path) -> Branch:
    """The remote's default branch as git recorded it, else a guess of "main"."""
    git = git_dir(root)
    if git is None:
        return Branch(FALLBACK_BRANCH, known=False)
    head = common_dir(git) / "refs" / "remotes" / "origin" / "HEAD"
    try:
        text = head.read_text(encoding="utf-8", errors="replace").strip()
    except OSError:
        return Branch(FALLBACK_BRANCH, known=False)
    name = text.removeprefix(_REF)
    if not text.startswith(_REF) or not name:
        return Branch(FALLBACK_BRANCH, known=False)
    return Branch(name, known=True)
