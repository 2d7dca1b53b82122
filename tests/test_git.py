"""The default branch from git's files: a clone, a worktree, a submodule, or no record."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

from ci_gen.cargo import Branch, default_branch

from .conftest import build_file_tree

HEAD = {".git/refs/remotes/origin/HEAD": "ref: refs/remotes/origin/trunk\n"}


def test_a_clone_names_its_default_branch(tmp_path: Path) -> None:
    assert default_branch(build_file_tree(tmp_path, HEAD)) == Branch("trunk", known=True)


def test_no_record_is_a_guess_of_main(tmp_path: Path) -> None:
    (tmp_path / ".git").mkdir()
    assert default_branch(tmp_path) == Branch("main", known=False)
    assert default_branch(tmp_path / "nowhere") == Branch("main", known=False)


def test_a_worktree_follows_its_gitdir_to_the_shared_refs(tmp_path: Path) -> None:
    build_file_tree(
        tmp_path,
        {
            **{f"main/{k}": v for k, v in HEAD.items()},
            "main/.git/worktrees/feature/commondir": "../..\n",
            "feature/.git": "gitdir: ../main/.git/worktrees/feature\n",
        },
    )
    assert default_branch(tmp_path / "feature") == Branch("trunk", known=True)


def test_a_submodule_follows_its_gitdir(tmp_path: Path) -> None:
    build_file_tree(
        tmp_path,
        {
            ".git/modules/sub/refs/remotes/origin/HEAD": "ref: refs/remotes/origin/develop\n",
            "sub/.git": "gitdir: ../.git/modules/sub\n",
        },
    )
    assert default_branch(tmp_path / "sub") == Branch("develop", known=True)


@pytest.mark.parametrize("text", ["", "not a pointer\n", "gitdir: missing/folder\n"])
def test_a_broken_git_file_is_a_guess_not_a_crash(tmp_path: Path, text: str) -> None:
    (tmp_path / ".git").write_text(text, encoding="utf-8")
    assert default_branch(tmp_path) == Branch("main", known=False)


@pytest.mark.skipif(shutil.which("git") is None, reason="needs git")
def test_a_real_git_worktree(tmp_path: Path) -> None:
    """What git itself writes for `git clone` and `git worktree add`."""

    def git(*args: str, cwd: Path) -> None:
        subprocess.run(["git", *args], cwd=cwd, check=True, capture_output=True)

    origin = tmp_path / "origin"
    origin.mkdir()
    git("init", "-q", "-b", "trunk", cwd=origin)
    git(
        "-c",
        "user.name=t",
        "-c",
        "user.email=t@t",
        "commit",
        "-q",
        "--allow-empty",
        "-m",
        "x",
        cwd=origin,
    )
    git("clone", "-q", str(origin), "clone", cwd=tmp_path)
    git("worktree", "add", "-q", str(tmp_path / "wt"), cwd=tmp_path / "clone")
    assert (tmp_path / "wt" / ".git").is_file()
    assert default_branch(tmp_path / "clone") == Branch("trunk", known=True)
    assert default_branch(tmp_path / "wt") == Branch("trunk", known=True)
