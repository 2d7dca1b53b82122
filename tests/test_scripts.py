"""The composite actions' scripts, run under bash on fake Linux, macOS and Windows runners.

Static judges cannot see what a script does; these tests run it (tests/scripts.py).
"""

from __future__ import annotations

from pathlib import Path

import pytest

from ci_gen import pipeline

from .conftest import GOLDEN
from .scripts import Runner, action_outputs, run_action

GIB = 1048576  # KiB


def action(name: str) -> str:
    """The action as the large golden case renders it (all three OS families)."""
    files = pipeline.generate(GOLDEN / "large" / "ci.toml").files
    return files[f".github/actions/ci-gen/{name}/action.yml"]


def prepare(
    tmp: Path, runner: Runner, cleanup: str = "none", try_mnt: str = "true"
) -> dict[str, str]:
    text = action("prepare-disk")
    run = run_action(text, {"cleanup": cleanup, "try-mnt": try_mnt}, runner, tmp)
    return action_outputs(text, run) | {"log": "\n".join(run.log)}


# --- cleanup ------------------------------------------------------------------------------


def test_full_cleanup_removes_only_the_packages_the_image_has(tmp_path: Path) -> None:
    """One missing name made apt-get refuse the whole list (exit 100) and fail the job."""
    out = prepare(tmp_path, Runner(installed=("firefox", "dotnet-sdk-8.0", "bash")), "full")
    removes = [line for line in out["log"].splitlines() if line.startswith("apt-get remove")]
    assert removes == ["apt-get remove -y firefox dotnet-sdk-8.0"]
    assert "docker image prune --all --force" in out["log"]


def test_full_cleanup_on_an_image_without_those_packages_removes_none(tmp_path: Path) -> None:
    """The arm64 image has no .NET, Chrome or Azure CLI."""
    out = prepare(tmp_path, Runner(installed=("bash", "coreutils")), "full")
    assert "apt-get remove" not in out["log"]


def test_fast_cleanup_removes_sdk_folders_and_never_apt(tmp_path: Path) -> None:
    out = prepare(tmp_path, Runner(), "fast")
    assert "sudo rm -rf /usr/local/lib/android" in out["log"]
    assert "apt-get" not in out["log"] and "docker" not in out["log"]


def test_no_cleanup_touches_nothing(tmp_path: Path) -> None:
    out = prepare(tmp_path, Runner(), "none")
    assert "rm -rf" not in out["log"] and "apt-get" not in out["log"]


def test_macos_cleanup_reads_bsd_df(tmp_path: Path) -> None:
    out = prepare(tmp_path, Runner(os="macOS", df="bsd", free_kb=20 * GIB), "full", "false")
    assert "xcrun simctl delete all" in out["log"]
    assert out["free-kb"] == str(20 * GIB)


# --- where the target dir goes -------------------------------------------------------------


def test_the_target_dir_is_one_path_on_every_runner(tmp_path: Path) -> None:
    """A larger /mnt lends its room by a bind mount; the path rust-cache sees is the same."""
    with_mnt = prepare(tmp_path / "a", Runner(free_kb=10 * GIB, mnt_kb=60 * GIB))
    without = prepare(tmp_path / "b", Runner(free_kb=10 * GIB))
    smaller = prepare(tmp_path / "c", Runner(free_kb=10 * GIB, mnt_kb=5 * GIB))
    failed = prepare(tmp_path / "d", Runner(free_kb=10 * GIB, mnt_kb=60 * GIB, mount_fails=True))
    for out, where in ((with_mnt, "a"), (without, "b"), (smaller, "c"), (failed, "d")):
        assert out["target-dir"] == str(tmp_path / where / "temp" / "target")
        assert out["target"] == "../temp/target"
    assert [o["target-disk"] for o in (with_mnt, without, smaller, failed)] == [
        str(tmp_path / "a" / "mnt"),  # the fake runner's /mnt
        "workspace",
        "workspace",
        "workspace",
    ]
    assert with_mnt["target-free-kb"] == str(60 * GIB)
    assert without["target-free-kb"] == str(10 * GIB)


def test_windows_git_bash_places_the_target_dir(tmp_path: Path) -> None:
    """On Windows the cleanup steps are pwsh (not run here); the placement is bash."""
    out = prepare(tmp_path, Runner(os="Windows"), "fast", "false")
    assert out["target-dir"] == str(tmp_path / "temp" / "target")
    assert "rm -rf" not in out["log"]


# --- the disk guard -------------------------------------------------------------------------


def guard(tmp: Path, free_kb: int, need: str) -> str:
    inputs = {
        "target-dir": str(tmp),
        "need-gb": need,
        "runner-profile": "ubuntu",
        "manifest": "ci.toml",
    }
    return run_action(action("check-disk"), inputs, Runner(free_kb=free_kb), tmp).stdout


def test_the_guard_compares_unrounded_free_space(tmp_path: Path) -> None:
    """10.862 GiB free used to round to 10.9 and pass a need of 10.9."""
    with pytest.raises(AssertionError, match=r"10\.86 GiB free for the target dir"):
        guard(tmp_path / "a", int(10.862 * GIB), "10.9")
    assert guard(tmp_path / "b", int(10.9 * GIB) + 1, "10.9").startswith("10.90 GiB free")


# --- the disk report ------------------------------------------------------------------------


def report(tmp: Path, du_kb: int, predicted: str) -> tuple[str, str]:
    inputs = {
        "job": "test-ubuntu-default-1",
        "target-dir": str(tmp),
        "target-disk": "/mnt",
        "free-at-start-kb": str(14 * GIB),
        "free-after-cleanup-kb": str(60 * GIB),
        "free-before-build-kb": str(59 * GIB),
        "predicted-target-gb": predicted,
        "predicted-peak-gb": "9.0",
        "manifest": "ci.toml",
    }
    run = run_action(action("report-disk"), inputs, Runner(free_kb=50 * GIB, du_kb=du_kb), tmp)
    return run.summary, run.stdout


def test_the_report_names_the_shard_and_one_disk(tmp_path: Path) -> None:
    summary, stdout = report(tmp_path, 6 * GIB, "7.2")
    assert summary.startswith("### Disk of test-ubuntu-default-1\n")
    assert "then on the /mnt disk, where" in summary
    assert "| 14.00 | 60.00 | 59.00 | 50.00 | 6.00 | 7.2 |" in summary
    assert "Disk prediction exceeded" not in stdout


def test_the_report_warns_when_the_target_outgrew_the_prediction(tmp_path: Path) -> None:
    _, stdout = report(tmp_path, int(7.3 * GIB), "7.2")
    assert "::warning title=Disk prediction exceeded::the target dir grew to 7.30 GiB" in stdout
