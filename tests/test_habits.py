"""The CLI as people use it: -h, exit codes in --help, run from a crate's folder, a
render that only shows its diff, check for tools (--json), shell completion, and the
pre-commit hook firing on the files that can change what ci-gen renders."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from typer.testing import CliRunner

from ci_gen import pipeline, recall
from ci_gen.cli import app

from .conftest import GOLDEN, build_file_tree

REPO = Path(__file__).resolve().parent.parent
MINIMAL = (GOLDEN / "minimal" / "ci.toml").read_text()


def run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(app, list(args))
    return result.exit_code, result.stdout, result.stderr


@pytest.fixture
def repo(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A repository with the minimal manifest at its top, rendered; the working folder
    is a crate's source folder two levels down."""
    root = build_file_tree(tmp_path / "repo", {"ci.toml": MINIMAL, "crates/a/src/lib.rs": ""})
    (root / ".git").mkdir()
    monkeypatch.chdir(root)
    code, _, err = run("render")
    assert code == 0, err
    monkeypatch.chdir(root / "crates" / "a" / "src")
    return root


def test_h_is_help_and_help_lists_the_exit_codes() -> None:
    code, short, _ = run("-h")
    assert code == 0
    assert short == run("--help")[1]
    listed = re.findall(r"^\s+([0-4])  ", short, re.MULTILINE)
    assert listed == ["0", "1", "2", "3", "4"]
    assert run("render", "-h")[1] == run("render", "--help")[1]


def test_every_command_finds_the_manifest_from_a_crates_folder(repo: Path) -> None:
    code, out, _ = run("check")
    assert (code, out) == (0, "up to date with ../../../ci.toml\n")
    code, out, _ = run("plan")
    assert code == 0 and "test-ubuntu" in out
    code, out, _ = run("render")
    assert (code, out) == (0, "4 file(s) already up to date\n")


def test_the_search_stops_at_the_repositorys_top(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A ci.toml above the repository is another project's."""
    build_file_tree(tmp_path, {"ci.toml": MINIMAL, "inner/src/x.rs": ""})
    (tmp_path / "inner" / ".git").mkdir()
    monkeypatch.chdir(tmp_path / "inner" / "src")
    code, _, err = run("plan")
    assert code == 2
    assert err.startswith("ci.toml: no such file")


def test_the_fix_a_crate_folder_is_told_needs_no_manifest_option(repo: Path) -> None:
    (repo / ".github" / "workflows" / "ci.yml").write_text("# hand edit\n")
    code, _, err = run("check")
    assert code == 1
    assert "run `ci-gen render --force` and commit the result" in err


@pytest.mark.parametrize("flag", ["--dry-run", "--check"])
def test_render_dry_run_shows_the_diff_and_writes_nothing(repo: Path, flag: str) -> None:
    manifest = repo / "ci.toml"
    manifest.write_text(MINIMAL.replace("[crates.", '[workflow]\nname = "Tests"\n\n[crates.', 1))
    before = {p: p.read_bytes() for p in (repo / ".github").rglob("*") if p.is_file()}
    code, out, err = run("render", flag)
    assert code == (1 if flag == "--check" else 0)
    assert "-name: CI\n+name: Tests\n" in out
    assert err.startswith("1 file(s) would change; nothing written")
    assert {p: p.read_bytes() for p in (repo / ".github").rglob("*") if p.is_file()} == before
    manifest.write_text(MINIMAL)
    assert run("render", flag)[0] == 0


def test_check_json_is_one_object_for_tools(repo: Path) -> None:
    code, out, _ = run("check", "--json")
    assert code == 0
    assert json.loads(out) == {
        "manifest": "../../../ci.toml",
        "up_to_date": True,
        "changes": [],
        "fix": "",
        "errors": [],
    }
    (repo / ".github" / "workflows" / "ci.yml").unlink()
    code, out, _ = run("check", "--json")
    found = json.loads(out)
    assert code == 1 and not found["up_to_date"]
    assert [(c["path"], c["kind"]) for c in found["changes"]] == [
        (".github/workflows/ci.yml", "missing")
    ]
    assert found["fix"] == "ci-gen render"
    (repo / "ci.toml").write_text("[crates.a]\npath = 3\n")
    code, out, err = run("check", "--json")
    assert code == 2 and err == ""
    assert json.loads(out)["errors"] == [
        "../../../ci.toml: crates.a.path: expected a string, got an integer 3"
    ]


def test_shell_completion_is_offered_and_completes_commands() -> None:
    """typer's completion: `ci-gen --install-completion`; the script it installs asks
    the program itself for the words."""
    assert "--install-completion" in run("--help")[1]
    env = {
        **os.environ,
        "_CI_GEN_COMPLETE": "complete_bash",
        "COMP_WORDS": "ci-gen re",
        "COMP_CWORD": "1",
    }
    done = subprocess.run(
        [sys.executable, "-m", "ci_gen"], env=env, capture_output=True, text=True, check=False
    )
    assert "render" in done.stdout.split()


def test_the_pre_commit_hook_fires_on_what_changes_the_render() -> None:
    (hook,) = yaml.safe_load((REPO / ".pre-commit-hooks.yaml").read_text())
    files = re.compile(hook["files"])
    for path in (
        "ci.toml",
        "Cargo.toml",
        "Cargo.lock",
        "crates/core/Cargo.toml",
        "rust-toolchain.toml",
        "rust-toolchain",
        ".github/workflows/ci.yml",
        ".github/actions/ci-gen/prepare-disk/action.yml",
        ".github/ci-gen.toml",
    ):
        assert files.fullmatch(path), path
    for path in ("src/main.rs", "README.md", "crates/core/src/Cargo.toml.rs"):
        assert not files.fullmatch(path), path


@pytest.mark.parametrize("case", ["reference", "large", "heavy", "cargo-settings"])
def test_plan_fits_the_terminal(case: str) -> None:
    """At 80 columns a job is a block of lines, every line within 80; wide enough, the
    table; piped without COLUMNS, the table too (whoever reads the file has no width)."""
    manifest = str(GOLDEN / case / "ci.toml")
    narrow = CliRunner().invoke(app, ["plan", "-m", manifest], env={"COLUMNS": "80"})
    assert narrow.exit_code == 0, narrow.output
    lines = narrow.stdout.splitlines()
    assert max(len(line) for line in lines) <= 80
    assert not lines[0].startswith("JOB ")
    assert "  crates " in narrow.stdout and "critical path" in narrow.stdout
    wide = CliRunner().invoke(app, ["plan", "-m", manifest], env={"COLUMNS": "400"})
    assert wide.stdout.startswith("JOB ")
    piped = CliRunner().invoke(app, ["plan", "-m", manifest], env={"COLUMNS": ""})
    assert piped.stdout == wide.stdout
    # the same jobs either way
    jobs = [
        line.split()[0] for line in wide.stdout.splitlines()[1:] if line and not line[0].isspace()
    ]
    jobs = jobs[: jobs.index("all-green") + 1]
    assert [line.split()[0] for line in lines if line and not line[0].isspace()][
        : len(jobs)
    ] == jobs


def test_explain_says_why_what_and_how_much_with_the_keys_behind(repo: Path) -> None:
    """Every job of the plan can be explained; the terms add up to the prediction."""
    manifest = str(GOLDEN / "reference" / "ci.toml")
    planned = pipeline.make_plan(GOLDEN / "reference" / "ci.toml")
    for job in planned.jobs:
        code, out, err = run("explain", job.id, "-m", manifest)
        assert code == 0, err
        assert out.startswith(f"{job.id}: {job.name}, on {job.runs_on}")
        assert "shaped by: " in out
        minutes = [float(m) for m in re.findall(r"^  \S+ +([\d.]+) min  ", out, re.MULTILINE)]
        assert sum(minutes) == pytest.approx(job.minutes.predicted, abs=0.06 * len(minutes))
    code, out, _ = run("explain", "test-ubuntu-default-1", "-m", manifest)
    assert "why: shard 1 of 3" in out
    assert "  setup      1.5 min  model.setup-min" in out
    assert "  target       " in out and "the crates' cost.build-gb" in out
    assert "cargo nextest run --profile ci --no-fail-fast --locked --package do-memory-cli" in (
        out.replace("\n      ", " ")
    )
    assert "crates.do-memory-cli" in out and "feature-sets.default" in out


def test_explain_of_a_job_the_plan_lacks_suggests_one(repo: Path) -> None:
    code, out, err = run("explain", "test-ubuntu-defualt")
    assert code == 2 and out == ""
    assert "no job 'test-ubuntu-defualt' in the plan (did you mean 'test-ubuntu-default'?)" in err


def test_docs_prints_the_guide_or_a_page_and_suggests_a_close_one() -> None:
    code, out, _ = run("docs")
    assert code == 0 and out == (REPO / "docs" / "guide.md").read_text(encoding="utf-8")
    assert run("docs", "model")[1] == (REPO / "docs" / "model.md").read_text(encoding="utf-8")
    code, out, err = run("docs", "modle")
    assert code == 2 and out == ""
    assert err.startswith("no page 'modle' (did you mean 'model'?)")


def test_check_json_reports_a_bug_as_json_too(repo: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    def boom(*_args: object, **_kwargs: object) -> None:
        raise KeyError("x")

    monkeypatch.setattr(recall, "up_to_date", lambda *_: False)
    monkeypatch.setattr(pipeline, "check_files", boom)
    code, out, _ = run("check", "--json")
    assert code == 3
    assert json.loads(out)["errors"] == [
        "ci-gen: unexpected error: KeyError: 'x'",
        "This is a bug; rerun with --debug and report the traceback.",
    ]


def test_a_dry_run_says_when_the_render_would_refuse(repo: Path) -> None:
    workflow = repo / ".github" / "workflows" / "ci.yml"
    workflow.write_text("name: mine\n")
    code, _, err = run("render", "--dry-run")
    assert code == 0
    assert "render would refuse (exit 4): .github/workflows/ci.yml not generated by ci-gen" in err
    assert "render would refuse" not in run("render", "--dry-run", "--force")[2]
    assert workflow.read_text() == "name: mine\n"


def test_outside_a_repository_the_search_stops_at_the_workspace_root(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    build_file_tree(
        tmp_path,
        {
            "ci.toml": MINIMAL,
            "ws/Cargo.toml": '[workspace]\nmembers = ["a"]\n',
            "ws/a/src/x.rs": "",
        },
    )
    monkeypatch.chdir(tmp_path / "ws" / "a" / "src")
    assert run("plan")[0] == 2  # the ci.toml above the workspace is another project's
    (tmp_path / ".git").mkdir()  # in a repository, its top is the bound
    assert run("plan")[0] == 0
