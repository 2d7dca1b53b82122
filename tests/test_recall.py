"""`ci-gen check` answers from what a full check remembered only while nothing it read
has changed; anything else falls back to the full check and its diff."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner, Result

from ci_gen import __main__ as entry
from ci_gen import cli, pipeline, recall
from ci_gen.output import Change
from ci_gen.owned import templates_folder

from .conftest import GOLDEN

WORKFLOW = ".github/workflows/ci.yml"


def check(root: Path) -> Result:
    here = Path.cwd()
    os.chdir(root)
    try:
        return CliRunner().invoke(cli.app, ["check"], prog_name="ci-gen")
    finally:
        os.chdir(here)


@pytest.fixture
def root(tmp_path: Path) -> Path:
    """A repository with golden/minimal's manifest, rendered and checked once."""
    (tmp_path / "ci.toml").write_text((GOLDEN / "minimal" / "ci.toml").read_text())
    pipeline.render_files(tmp_path / "ci.toml")
    assert check(tmp_path).exit_code == 0  # the full check, which remembers
    return tmp_path


def no_render(monkeypatch: pytest.MonkeyPatch) -> None:
    def fail(*_args: object, **_kwargs: object) -> None:
        raise AssertionError("rendered")

    monkeypatch.setattr(pipeline, "generate", fail)


def test_a_second_check_answers_without_rendering(
    root: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    no_render(monkeypatch)
    result = check(root)
    assert (result.exit_code, result.stdout) == (0, "up to date with ci.toml\n")


@pytest.mark.parametrize(
    "change",
    ["edit", "delete", "stale", "manifest", "code"],
)
def test_any_change_means_the_full_check(
    root: Path, monkeypatch: pytest.MonkeyPatch, change: str
) -> None:
    workflow = root / WORKFLOW
    if change == "edit":
        workflow.write_text(workflow.read_text().replace("name: CI", "name: Edited"))
    elif change == "delete":
        workflow.unlink()
    elif change == "stale":
        (root / ".github/workflows/old.yml").write_text(workflow.read_text())
    elif change == "manifest":
        with (root / "ci.toml").open("a") as manifest:
            manifest.write("\n[budgets]\njob-minutes = 20\n")
    else:  # a new ci-gen (its code or templates) renders anew
        monkeypatch.setattr(recall, "_code", lambda: b"another ci-gen")
    assert not recall.up_to_date(root / "ci.toml", root)
    result = check(root)
    assert result.exit_code == (0 if change == "code" else 1), result.stderr


def test_the_workspace_is_compared_every_time(root: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Only the rendered files are remembered: with a Cargo.toml at the root, the
    manifest is compared with the workspace on every check."""
    (root / "Cargo.toml").write_text('[package]\nname = "tinyjson"\nversion = "0.1.0"\n')
    compared: list[bool] = []
    real = pipeline.check_files

    def spy(manifest: Path, root: Path | None = None, files_known: bool = False) -> list[Change]:
        compared.append(files_known)
        return real(manifest, root, files_known)

    monkeypatch.setattr(pipeline, "check_files", spy)
    check(root)
    assert compared == [True]


def test_without_a_cache_folder_every_check_is_full(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    blocked = tmp_path / "not-a-folder"
    blocked.write_text("")
    monkeypatch.setenv("XDG_CACHE_HOME", str(blocked))
    (tmp_path / "repo").mkdir()
    repo = tmp_path / "repo"
    (repo / "ci.toml").write_text((GOLDEN / "minimal" / "ci.toml").read_text())
    pipeline.render_files(repo / "ci.toml")
    assert check(repo).exit_code == 0
    assert check(repo).exit_code == 0
    assert not recall.up_to_date(repo / "ci.toml", repo)


def test_the_command_answers_a_remembered_check_without_the_cli(root: Path) -> None:
    """`ci-gen check` (the entry point) imports neither typer nor the pipeline when
    recall answers."""
    done = subprocess.run(
        [sys.executable, "-X", "importtime", "-m", "ci_gen", "check"],
        cwd=root,
        capture_output=True,
        text=True,
        check=False,
    )
    assert (done.returncode, done.stdout) == (0, "up to date with ci.toml\n")
    imported = {line.rpartition("|")[2].strip() for line in done.stderr.splitlines()}
    assert "typer" not in imported and "ci_gen.pipeline" not in imported
    assert "ci_gen.recall" in imported


@pytest.mark.parametrize(
    ("args", "given"),
    [
        (["check"], {}),
        (["check", "--manifest", "a.toml"], {"manifest": "a.toml"}),
        (["check", "-m", "a.toml", "--root=."], {"manifest": "a.toml", "root": "."}),
        (["check", "--manifest=a.toml"], {"manifest": "a.toml"}),
        (["check", "--debug"], None),
        (["check", "--manifest"], None),
        (["check", "--manifest", "--root"], None),
        (["check", "-m", "a", "--manifest", "b"], None),
        (["check", "-m=a.toml"], None),
        (["render"], None),
        ([], None),
    ],
)
def test_only_plain_check_options_are_answered_before_the_cli(
    args: list[str], given: dict[str, str] | None
) -> None:
    assert entry._check_options(args) == given


def test_the_key_covers_the_templates_wherever_they_load_from(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """An editable install loads templates from beside the package, not inside it."""
    (tmp_path / "step.yml.j2").write_text("- name: Check out\n")
    monkeypatch.setattr(recall, "templates_folder", lambda: tmp_path)
    before = recall._code.__wrapped__()
    (tmp_path / "step.yml.j2").write_text("- name: Check out the code\n")
    assert recall._code.__wrapped__() != before


def test_the_templates_folder_is_where_the_templates_are() -> None:
    assert (templates_folder() / "job.yml.j2").is_file()


def test_another_tools_generated_header_is_not_ours(tmp_path: Path) -> None:
    """render neither removes nor overwrites a file of a tool whose header begins the
    same way ("ci-generator")."""
    (tmp_path / "ci.toml").write_text((GOLDEN / "minimal" / "ci.toml").read_text())
    other = tmp_path / ".github/workflows/deploy.yml"
    other.parent.mkdir(parents=True)
    other.write_text("# @generated by ci-generator 2.0 -- do not edit\nname: Deploy\n")
    done = pipeline.render_files(tmp_path / "ci.toml")
    assert done.removed == ()
    assert other.read_text().startswith("# @generated by ci-generator 2.0")


def _entry_point(root: Path) -> tuple[subprocess.CompletedProcess[str], set[str]]:
    done = subprocess.run(
        [sys.executable, "-X", "importtime", "-m", "ci_gen", "check"],
        cwd=root,
        capture_output=True,
        text=True,
        check=False,
    )
    return done, {line.rpartition("|")[2].strip() for line in done.stderr.splitlines()}


def test_render_remembers_what_it_wrote(tmp_path: Path) -> None:
    """The commit after an edit and a render: its pre-commit check is answered by recall."""
    (tmp_path / "ci.toml").write_text((GOLDEN / "minimal" / "ci.toml").read_text())
    assert not recall.up_to_date(tmp_path / "ci.toml", tmp_path)
    pipeline.render_files(tmp_path / "ci.toml")
    assert recall.up_to_date(tmp_path / "ci.toml", tmp_path)


def test_a_check_recall_cannot_answer_still_runs_without_the_cli(root: Path) -> None:
    """Nothing remembered (the cache emptied) and the files up to date: the entry point
    checks them itself, without typer, and remembers."""
    shutil.rmtree(Path(os.environ["XDG_CACHE_HOME"]) / "ci-gen" / "check")
    assert not recall.up_to_date(root / "ci.toml", root)
    done, imported = _entry_point(root)
    assert (done.returncode, done.stdout) == (0, "up to date with ci.toml\n")
    assert "ci_gen.pipeline" in imported and "typer" not in imported
    assert recall.up_to_date(root / "ci.toml", root)


def test_drift_found_by_the_entry_point_is_reported_by_the_cli(root: Path) -> None:
    shutil.rmtree(Path(os.environ["XDG_CACHE_HOME"]) / "ci-gen" / "check")
    workflow = root / WORKFLOW
    workflow.write_text(workflow.read_text().replace("timeout-minutes:", "timeout-minutes: 1 #"))
    done, imported = _entry_point(root)
    assert done.returncode == 1 and "typer" in imported
    assert "timeout-minutes: 1 #" in done.stdout
