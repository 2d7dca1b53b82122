"""The command line end to end: output, exit codes, and the installed package.

Exit codes (errors.py): 0 ok, 1 drift, 2 invalid manifest or usage, 3 unexpected error,
4 refused write.
"""

from __future__ import annotations

import json
import os
import re
import shlex
import shutil
import subprocess
import sys
import time
import tomllib
import zipfile
from collections.abc import Mapping
from pathlib import Path

import attrs
import pytest
from typer.testing import CliRunner, Result

import ci_gen
from ci_gen import cli, pipeline
from ci_gen.cli.check import _escape
from ci_gen.errors import ExitCode
from ci_gen.manifest import Manifest, toml_key
from ci_gen.output import render as render_module
from ci_gen.output.lint import LintError
from ci_gen.owned import MARKER

from .conftest import GOLDEN, PIP_DRIFT, REPO, ManifestFactory, build_file_tree

WORKFLOW = ".github/workflows/ci.yml"
ACTIONS = (
    ".github/actions/ci-gen/check-disk/action.yml",
    ".github/actions/ci-gen/prepare-disk/action.yml",
    ".github/actions/ci-gen/report-disk/action.yml",
)
OUTPUT = (*ACTIONS, WORKFLOW)
MINIMAL = (GOLDEN / "minimal" / "ci.toml").read_text()
HAND_WRITTEN = "name: mine\non: push\njobs: {}\n"
TABLES = {
    "steps",
    "packages",
    "services",
    "workflow",
    "workspace",
    "model",
    "crates",
    "feature-sets",
    "matrix",
    "runners",
    "budgets",
    "profile",
    "gate",
    "pins",
}
TWO_CRATES = """
    [crates.alpha]
    path = "alpha"

    [crates.beta]
    path = "beta"
    deps = ["alpha"]

    [runners.big]
    label = "acme-big-runner"
    os = "linux"
    free-gb = 120

    [matrix]
    os = ["ubuntu", "big"]

    [gate]
    layout = "gate-first"
"""


def run(*args: str, env: Mapping[str, str] | None = None) -> Result:
    """``ci-gen ARGS`` in-process; stdout and stderr are kept apart."""
    return CliRunner().invoke(cli.app, list(args), env=env, prog_name="ci-gen")


def files(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in root.rglob("*") if p.is_file()}


def rendered(manifest: ManifestFactory, text: str = MINIMAL) -> Path:
    """A repository with a manifest and its freshly rendered output; returns the manifest."""
    path = manifest(text)
    assert pipeline.render_files(path).written == OUTPUT
    return path


# --- --version, --help ------------------------------------------------------------


def test_version_prints_the_package_version() -> None:
    result = run("--version")
    assert result.exit_code == 0
    assert result.stdout == f"ci-gen {ci_gen.__version__}\n"
    assert re.fullmatch(r"\d+\.\d+\.\d+", ci_gen.__version__)


def test_help_lists_every_command_and_the_global_options() -> None:
    result = run("--help")
    assert result.exit_code == 0
    assert result.stdout.startswith("Usage: ci-gen [OPTIONS] COMMAND [ARGS]...")
    commands = re.findall(r"^  (\w+)  ", result.stdout.split("Commands:")[1], re.MULTILINE)
    assert commands == ["init", "render", "check", "plan", "explain", "schema", "docs"]
    for option in ("--version", "--debug", "--help"):
        assert option in result.stdout


@pytest.mark.parametrize(
    ("command", "options"),
    [
        (
            "init",
            ["--manifest", "--root", "--update", "--stdout", "--dry-run", "--force", "--debug"],
        ),
        ("render", ["--manifest", "--root", "--force", "--dry-run", "--check", "--debug"]),
        ("check", ["--manifest", "--root", "--json", "--debug"]),
        ("plan", ["--manifest", "--root", "--json", "--debug"]),
        ("explain", ["--manifest", "--root", "--debug"]),
        ("schema", ["--debug"]),
        ("docs", ["--debug"]),
    ],
)
def test_help_of_each_command(command: str, options: list[str]) -> None:
    result = run(command, "--help")
    assert result.exit_code == 0, result.output
    assert result.stdout.startswith(f"Usage: ci-gen {command} [OPTIONS]")
    found = re.findall(r"(--[a-z]+(?:-[a-z]+)*)", result.stdout)
    assert sorted(set(found) - {"--help"}) == sorted(options)


# --- render -------------------------------------------------------------------------


def test_render_writes_every_file_with_the_header(
    tmp_path: Path, manifest: ManifestFactory, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = manifest(MINIMAL)
    monkeypatch.chdir(tmp_path)
    result = run("render")
    assert result.exit_code == 0, result.output
    assert result.stdout == "".join(f"wrote {p}\n" for p in OUTPUT)
    for relative in OUTPUT:
        text = (tmp_path / relative).read_text()
        assert text.startswith(
            f"{MARKER} {ci_gen.__version__} from ci.toml. Do not edit by hand:\n"
            "# change ci.toml and run `ci-gen render`;\n"
        )
    assert set(files(tmp_path)) == {"ci.toml", *OUTPUT}
    assert not list(tmp_path.rglob("*.tmp"))
    assert pipeline.check_files(path) == []


def test_rendering_twice_is_byte_identical_and_says_so(
    tmp_path: Path, manifest: ManifestFactory
) -> None:
    path = manifest(MINIMAL)
    assert run("render", "--manifest", str(path)).exit_code == 0
    first = files(tmp_path)
    result = run("render", "--manifest", str(path))
    assert result.exit_code == 0
    assert result.stdout == "4 file(s) already up to date\n"
    assert files(tmp_path) == first


def test_render_refuses_a_hand_written_target_and_writes_nothing(
    tmp_path: Path, manifest: ManifestFactory
) -> None:
    path = manifest(MINIMAL)
    build_file_tree(tmp_path, {WORKFLOW: HAND_WRITTEN})
    result = run("render", "--manifest", str(path))
    assert result.exit_code == 4
    assert result.stdout == ""
    assert result.stderr == (
        f"refusing to overwrite files ci-gen did not generate: {WORKFLOW} "
        "(move them away, or pass --force to replace them)\n"
    )
    assert files(tmp_path) == {"ci.toml": path.read_bytes(), WORKFLOW: HAND_WRITTEN.encode()}
    assert not (tmp_path / ".github/actions").exists()


def test_render_force_replaces_a_hand_written_target(
    tmp_path: Path, manifest: ManifestFactory
) -> None:
    path = manifest(MINIMAL)
    build_file_tree(tmp_path, {WORKFLOW: HAND_WRITTEN})
    result = run("render", "--manifest", str(path), "--force")
    assert result.exit_code == 0, result.output
    assert f"wrote {(tmp_path / WORKFLOW).as_posix()}\n" in result.stdout
    assert (tmp_path / WORKFLOW).read_text() == pipeline.generate(path).files[WORKFLOW]


def test_render_removes_stale_generated_files_only(
    tmp_path: Path, manifest: ManifestFactory
) -> None:
    path = rendered(manifest)
    generated = (tmp_path / WORKFLOW).read_text()
    build_file_tree(
        tmp_path,
        {".github/workflows/old.yml": generated, ".github/workflows/release.yml": HAND_WRITTEN},
    )
    result = run("render", "--manifest", str(path))
    assert result.exit_code == 0, result.output
    assert result.stdout == f"removed stale {tmp_path.as_posix()}/.github/workflows/old.yml\n"
    assert not (tmp_path / ".github/workflows/old.yml").exists()
    assert (tmp_path / ".github/workflows/release.yml").read_text() == HAND_WRITTEN


def test_render_into_another_root(tmp_path: Path, manifest: ManifestFactory) -> None:
    path = manifest(MINIMAL)
    out = tmp_path / "out"
    result = run("render", "--manifest", str(path), "--root", str(out))
    assert result.exit_code == 0, result.output
    assert set(files(out)) == set(OUTPUT)
    assert not (tmp_path / ".github").exists()
    header = (out / WORKFLOW).read_text().splitlines()[:3]
    assert (
        header[1] == "# change ../ci.toml and run `ci-gen render --manifest ../ci.toml --root .`;"
    )


# --- check ----------------------------------------------------------------------------


def test_check_is_clean_after_render(tmp_path: Path, manifest: ManifestFactory) -> None:
    path = rendered(manifest)
    result = run("check", "--manifest", str(path))
    assert result.exit_code == 0, result.output
    assert result.stdout == f"up to date with {path}\n"
    assert result.stderr == ""


def test_check_reports_each_kind_with_a_diff_and_the_fix(
    tmp_path: Path, manifest: ManifestFactory, monkeypatch: pytest.MonkeyPatch
) -> None:
    rendered(manifest)
    workflow = tmp_path / WORKFLOW
    generated = workflow.read_text()
    workflow.write_text(generated.replace("name: CI\n", "name: edited\n"))
    (tmp_path / ACTIONS[0]).unlink()
    build_file_tree(tmp_path, {".github/workflows/old.yml": generated})
    before = files(tmp_path)
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("GITHUB_ACTIONS", raising=False)
    result = run("check")
    assert result.exit_code == 1
    assert files(tmp_path) == before  # check never writes
    err = result.stderr.splitlines()
    assert err == [
        f"missing: {ACTIONS[0]} is missing",
        f"changed: {WORKFLOW} differs from what the manifest renders",
        "stale: .github/workflows/old.yml is generated but no longer produced by the manifest",
        "3 file(s) out of date: run `ci-gen render` and commit the result",
    ]
    out = result.stdout
    for relative in (ACTIONS[0], WORKFLOW, ".github/workflows/old.yml"):
        assert f"--- a/{relative}\n+++ b/{relative}\n" in out
    assert "-name: edited\n+name: CI\n" in out
    assert not [line for line in out.splitlines() if line.startswith("::error")]
    # the command it names does fix it
    assert run(*shlex.split(err[-1].split("`")[1])[1:]).exit_code == 0
    assert run("check").exit_code == 0


def test_check_reports_a_foreign_target_and_a_fix_that_works(
    tmp_path: Path, manifest: ManifestFactory
) -> None:
    path = rendered(manifest)
    (tmp_path / WORKFLOW).write_text(HAND_WRITTEN)
    result = run("check", "--manifest", str(path))
    assert result.exit_code == 1
    assert result.stderr.splitlines()[0] == (
        f"foreign: {WORKFLOW} exists but was not generated by ci-gen (render --force replaces it)"
    )
    fix = f"ci-gen render --manifest {path} --force"
    assert f"run `{fix}` and commit the result" in result.stderr
    assert f"--- a/{WORKFLOW}\n+++ b/{WORKFLOW}\n" in result.stdout
    assert "-name: mine\n" in result.stdout
    assert run(*shlex.split(fix)[1:]).exit_code == 0
    assert run("check", "--manifest", str(path)).exit_code == 0


def test_check_fix_command_quotes_a_path_with_spaces(tmp_path: Path) -> None:
    path = build_file_tree(tmp_path / "my repo", {"ci.toml": MINIMAL}) / "ci.toml"
    result = run("check", "--manifest", str(path))
    assert result.exit_code == 1
    fix = f"ci-gen render --manifest {shlex.quote(str(path))}"
    assert f"run `{fix}` and commit the result" in result.stderr
    assert run(*shlex.split(fix)[1:]).exit_code == 0
    assert set(files(tmp_path / "my repo")) == {"ci.toml", *OUTPUT}


def test_manifest_in_a_subfolder_names_the_command_run_from_the_root(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    build_file_tree(tmp_path, {"sub/ci.toml": MINIMAL + PIP_DRIFT})
    monkeypatch.chdir(tmp_path)
    command = ("--manifest", "sub/ci.toml", "--root", ".")
    assert run("render", *command).exit_code == 0
    render = "ci-gen render --manifest sub/ci.toml --root ."
    step = "ci-gen check --manifest sub/ci.toml --root ."
    for relative in OUTPUT:
        lines = (tmp_path / relative).read_text().splitlines()
        assert lines[0].endswith(" from sub/ci.toml. Do not edit by hand:")
        assert lines[1] == f"# change sub/ci.toml and run `{render}`;"
    workflow = (tmp_path / WORKFLOW).read_text()
    assert f"\n          {step}\n" in workflow
    (tmp_path / WORKFLOW).write_text(workflow.replace("name: CI\n", "name: edited\n"))
    # what the drift-check step runs, from the repository root, names the same fix
    result = run(*shlex.split(step)[1:])
    assert result.exit_code == 1
    assert result.stderr.splitlines()[-1] == (
        f"1 file(s) out of date: run `{render}` and commit the result"
    )


def test_check_annotates_each_drifted_file_under_github_actions(
    tmp_path: Path, manifest: ManifestFactory
) -> None:
    path = rendered(manifest)
    (tmp_path / ACTIONS[1]).unlink()
    (tmp_path / WORKFLOW).write_text((tmp_path / WORKFLOW).read_text() + "# edited\n")
    result = run("check", "--manifest", str(path), env={"GITHUB_ACTIONS": "true"})
    assert result.exit_code == 1
    fix = f"ci-gen render --manifest {path}"
    annotations = [line for line in result.stdout.splitlines() if line.startswith("::")]
    assert annotations == [
        f"::error file={ACTIONS[1]},title=ci-gen drift::{ACTIONS[1]} is missing; "
        f"run `{fix}` and commit the result",
        f"::error file={WORKFLOW},title=ci-gen drift::{WORKFLOW} differs from what the "
        f"manifest renders; run `{fix}` and commit the result",
    ]


@pytest.mark.parametrize("value", ["false", ""])
def test_check_prints_no_annotation_outside_github_actions(
    tmp_path: Path, manifest: ManifestFactory, value: str
) -> None:
    path = rendered(manifest)
    (tmp_path / ACTIONS[1]).unlink()
    result = run("check", "--manifest", str(path), env={"GITHUB_ACTIONS": value})
    assert result.exit_code == 1
    assert not [line for line in result.output.splitlines() if line.startswith("::")]


def test_crlf_checkout_is_not_drift(tmp_path: Path, manifest: ManifestFactory) -> None:
    path = rendered(manifest)
    for relative in OUTPUT:
        target = tmp_path / relative
        target.write_bytes(target.read_bytes().replace(b"\n", b"\r\n"))
    result = run("check", "--manifest", str(path), env={"GITHUB_ACTIONS": "true"})
    assert result.exit_code == 0, result.output
    assert result.stdout == f"up to date with {path}\n"
    assert run("render", "--manifest", str(path)).stdout == "4 file(s) already up to date\n"
    assert b"\r\n" in (tmp_path / WORKFLOW).read_bytes()


# --- plan, schema ---------------------------------------------------------------------


def test_plan_prints_a_table_of_jobs_runners_and_crates(manifest: ManifestFactory) -> None:
    path = manifest(TWO_CRATES)
    result = run("plan", "--manifest", str(path))
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    assert lines[0].split()[:4] == ["JOB", "RUNNER", "SHARD", "CRATES"]
    rows = {line.split()[0]: line.split() for line in lines[1:] if line and line[0] != " "}
    assert rows["gate"][:4] == ["gate", "ubuntu-24.04", "-", "(workspace)"]
    assert rows["test-ubuntu-default"][:4] == ["test-ubuntu-default", "ubuntu-24.04", "-", "alpha"]
    assert rows["test-big-default"][:4] == ["test-big-default", "acme-big-runner", "-", "alpha"]
    assert rows["all-green"][:2] == ["all-green", "ubuntu-24.04"]
    table = lines[: next(i for i, line in enumerate(lines) if line.startswith("4 jobs, "))]
    continued = [line.split() for line in table if line.startswith(" ")]
    assert continued == [["beta"], ["beta"]]  # a second crate continues its cell
    assert "4 jobs, " in result.stdout
    assert "critical path" in result.stdout


def test_plan_json_has_the_documented_fields(manifest: ManifestFactory) -> None:
    path = manifest(TWO_CRATES)
    result = run("plan", "--manifest", str(path), "--json")
    assert result.exit_code == 0, result.output
    document = json.loads(result.stdout)
    assert document["format"] == 1
    assert document["ci_gen"] == ci_gen.__version__
    assert document["manifest"] == "ci.toml"
    assert [w["path"] for w in document["workflows"]] == [WORKFLOW]
    jobs = {job["id"]: job for job in document["workflows"][0]["jobs"]}
    assert list(jobs) == ["gate", "test-ubuntu-default", "test-big-default", "all-green"]
    documented = {
        "id", "name", "kind", "runner", "runs_on", "needs", "feature_set", "shard",
        "crates", "cleanup", "disk", "minutes", "cache", "reason",
    }  # fmt: skip
    for job in jobs.values():
        assert documented <= set(job), job["id"]
        assert set(job["minutes"]) >= {"predicted", "budget", "timeout", "terms"}
    big = jobs["test-big-default"]
    assert (big["runner"], big["runs_on"], big["crates"]) == (
        "big",
        "acme-big-runner",
        ["alpha", "beta"],
    )
    assert big["kind"] == "test"
    assert big["feature_set"] == "default"
    assert big["shard"] == [1, 1]
    assert big["needs"] == ["gate"]
    assert set(big["disk"]) == {
        "peak_gb", "budget_gb", "available_gb", "free_gb", "reclaimed_gb", "terms",
    }  # fmt: skip
    assert big["disk"]["free_gb"] == 120.0
    assert jobs["all-green"]["disk"] is None
    assert jobs["gate"]["crates"] == []
    totals = document["totals"]
    assert set(totals) == {
        "jobs", "runner_minutes", "weighted_minutes", "critical_path_minutes",
        "critical_path", "cache_gb", "cache_budget_gb", "cache_sharing",
    }  # fmt: skip
    assert totals["jobs"] == 4
    assert totals["critical_path"][0] == "gate"
    assert totals["critical_path"][-1] == "all-green"
    assert totals["cache_budget_gb"] == 10.0
    assert totals["runner_minutes"] == pytest.approx(
        sum(job["minutes"]["predicted"] for job in jobs.values()), abs=0.05
    )


def test_plan_json_names_the_manifest_from_the_root(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    build_file_tree(tmp_path, {"sub/ci.toml": MINIMAL})
    monkeypatch.chdir(tmp_path)
    result = run("plan", "--manifest", "sub/ci.toml", "--root", ".", "--json")
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["manifest"] == "sub/ci.toml"


def test_schema_describes_every_top_level_table() -> None:
    result = run("schema")
    assert result.exit_code == 0, result.output
    schema = json.loads(result.stdout)
    assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    assert schema["type"] == "object"
    assert schema["additionalProperties"] is False
    assert set(schema["properties"]) == TABLES
    assert {toml_key(f.name) for f in attrs.fields(Manifest)} == TABLES
    for case in ("minimal", "reference", "large"):
        tables = tomllib.loads((GOLDEN / case / "ci.toml").read_text())
        assert set(tables) <= set(schema["properties"]), case
    assert schema["properties"]["crates"]["type"] == "object"
    workspace = schema["properties"]["workspace"]["properties"]
    assert workspace["default-branch"]["default"] == "main"


# --- exit code 2: invalid manifest and usage ------------------------------------------


@pytest.mark.parametrize("command", ["render", "check", "plan"])
def test_an_invalid_manifest_exits_2_with_every_problem(
    tmp_path: Path, manifest: ManifestFactory, command: str
) -> None:
    path = manifest('[workspce]\nname = "x"\n')
    result = run(command, "--manifest", str(path))
    assert result.exit_code == 2
    assert result.stdout == ""
    assert result.stderr.splitlines() == [
        f"{path}: workspce: unknown table (did you mean 'workspace'?)",
        f"{path}: crates: no crates declared: add [crates.<package>] with path = '...'",
    ]
    assert files(tmp_path) == {"ci.toml": path.read_bytes()}


def test_a_missing_manifest_exits_2(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    result = run("check")
    assert result.exit_code == 2
    assert result.stderr.startswith("ci.toml: no such file")
    assert "Traceback" not in result.output


@pytest.mark.parametrize(
    ("args", "message"),
    [
        ([], "Usage: ci-gen [OPTIONS] COMMAND [ARGS]..."),
        (["--bogus"], "No such option: --bogus"),
        (["deploy"], "No such command 'deploy'"),
        (["render", "--forse"], "No such option: --forse"),
        (["plan", "--root", "{manifest}"], "Invalid value for '--root'"),
        (["plan", "--manifest", "{folder}"], "Invalid value for '--manifest'"),
        (["plan", "--manifest"], "Option '--manifest' requires an argument"),
        (["schema", "extra"], "unexpected extra argument"),
    ],
)
def test_usage_errors_exit_2(manifest: ManifestFactory, args: list[str], message: str) -> None:
    path = manifest(MINIMAL)
    argv = [a.format(manifest=path, folder=path.parent) for a in args]
    result = run(*argv)
    assert result.exit_code == 2
    assert message in result.stderr
    assert "Traceback" not in result.output


# --- exit code 3: unexpected errors -----------------------------------------------------


def _boom(*_args: object, **_kwargs: object) -> None:
    raise RuntimeError("boom")


@pytest.mark.parametrize("command", ["render", "check"])
def test_an_unexpected_error_exits_3_without_a_traceback(
    manifest: ManifestFactory, monkeypatch: pytest.MonkeyPatch, command: str
) -> None:
    path = manifest(MINIMAL)
    monkeypatch.setattr(pipeline, "make_plan", _boom)
    result = run(command, "--manifest", str(path))
    assert result.exit_code == 3
    assert result.stderr == (
        "ci-gen: unexpected error: RuntimeError: boom\n"
        "This is a bug; rerun with --debug and report the traceback.\n"
    )
    assert result.stdout == ""


@pytest.mark.parametrize(
    "argv",
    [["--debug", "plan"], ["plan", "--debug"], ["--debug", "check"], ["check", "--debug"]],
)
def test_debug_shows_the_traceback_before_or_after_the_command(
    manifest: ManifestFactory, monkeypatch: pytest.MonkeyPatch, argv: list[str]
) -> None:
    path = manifest(MINIMAL)
    monkeypatch.setattr(pipeline, "make_plan", _boom)
    monkeypatch.setattr(pipeline, "make_plan", _boom)
    result = run(*argv, "--manifest", str(path))
    assert result.exit_code == 3
    assert "Traceback (most recent call last):" in result.stderr
    assert 'raise RuntimeError("boom")' in result.stderr
    assert result.stderr.endswith(
        "ci-gen: unexpected error: RuntimeError: boom\n"
        "This is a bug; rerun with --debug and report the traceback.\n"
    )
    # --debug does not stick to later runs in the same process
    again = run(argv[1] if argv[0] == "--debug" else argv[0], "--manifest", str(path))
    assert again.exit_code == 3
    assert "Traceback" not in again.stderr


def test_a_lint_failure_is_a_bug_and_exits_3(
    manifest: ManifestFactory, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = manifest(MINIMAL)

    def bad_yaml(_files: Mapping[str, str]) -> None:
        raise LintError([f"{WORKFLOW}:3:1: syntax error (syntax)"])

    monkeypatch.setattr(render_module, "lint", bad_yaml)
    result = run("render", "--manifest", str(path))
    assert result.exit_code == 3
    assert result.stderr.splitlines()[0] == f"{WORKFLOW}:3:1: syntax error (syntax)"
    assert "Traceback" not in result.stderr
    assert not (path.parent / ".github").exists()


def test_every_exit_code_is_the_documented_number() -> None:
    assert {code.name: int(code) for code in ExitCode} == {
        "OK": 0,
        "DRIFT": 1,
        "INVALID": 2,
        "UNEXPECTED": 3,
        "REFUSED": 4,
    }


# --- a real process, from an unrelated folder -----------------------------------------


def ci_gen_process(
    *args: str, cwd: Path, env: Mapping[str, str] | None = None
) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "ci_gen", *args],
        cwd=cwd,
        env={**os.environ, **(env or {})},
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def test_a_real_process_renders_and_checks_from_an_unrelated_folder(tmp_path: Path) -> None:
    repo = build_file_tree(tmp_path / "repo", {"ci.toml": MINIMAL})
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    manifest = str(repo / "ci.toml")

    done = ci_gen_process("render", "--manifest", manifest, cwd=elsewhere)
    assert done.returncode == 0, done.stderr
    # Paths as the user addressed them: under the manifest's folder.
    assert done.stdout == "".join(f"wrote {repo.as_posix()}/{p}\n" for p in OUTPUT)
    assert list(elsewhere.iterdir()) == []
    assert set(files(repo)) == {"ci.toml", *OUTPUT}
    assert (repo / WORKFLOW).read_text() == pipeline.generate(repo / "ci.toml").files[WORKFLOW]
    assert str(tmp_path) not in (repo / WORKFLOW).read_text()

    done = ci_gen_process("check", "--manifest", manifest, cwd=elsewhere)
    assert (done.returncode, done.stdout) == (0, f"up to date with {manifest}\n")

    (repo / ACTIONS[2]).unlink()
    done = ci_gen_process(
        "check", "--manifest", manifest, cwd=elsewhere, env={"GITHUB_ACTIONS": "true"}
    )
    assert done.returncode == 1
    assert f"::error file={ACTIONS[2]},title=ci-gen drift::" in done.stdout
    assert f"run `ci-gen render --manifest {manifest}` and commit the result" in done.stderr

    (repo / "ci.toml").write_text("[crates.x]\npath = 1\n")
    done = ci_gen_process("plan", "--manifest", manifest, cwd=elsewhere)
    assert done.returncode == 2
    assert done.stderr.startswith(f"{manifest}:")
    assert "Traceback" not in done.stderr

    done = ci_gen_process("--version", cwd=elsewhere)
    assert (done.returncode, done.stdout) == (0, f"ci-gen {ci_gen.__version__}\n")


# --- packaging --------------------------------------------------------------------------

BUILD_LEFTOVERS = shutil.ignore_patterns(
    ".git", ".venv", "build", "dist", "out", "*.egg-info", ".*_cache", "__pycache__"
)


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A wheel built from a copy of the repository (the build writes build/ and *.egg-info
    into its source folder, where the editable install lives)."""
    work = tmp_path_factory.mktemp("wheel")
    source = work / "source"
    shutil.copytree(REPO, source, ignore=BUILD_LEFTOVERS)
    started = time.monotonic()
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "wheel",
            "--no-deps",
            "-q",
            "-w",
            str(work / "dist"),
            str(source),
        ],
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert done.returncode == 0, f"building the wheel failed:\n{done.stdout}\n{done.stderr}"
    print(f"wheel built in {time.monotonic() - started:.1f} s")
    (built,) = (work / "dist").glob("ci_gen-*.whl")
    return built


def test_packaging_wheel_holds_the_package_templates_and_entry_point(wheel: Path) -> None:
    assert wheel.name == f"ci_gen-{ci_gen.__version__}-py3-none-any.whl"
    with zipfile.ZipFile(wheel) as archive:
        names = set(archive.namelist())
        dist_info = f"ci_gen-{ci_gen.__version__}.dist-info"
        entry_points = archive.read(f"{dist_info}/entry_points.txt").decode()
        metadata = archive.read(f"{dist_info}/METADATA").decode()
    for required in (
        "ci_gen/__init__.py",
        "ci_gen/__main__.py",
        "ci_gen/cli/__init__.py",
        "ci_gen/py.typed",
        "ci_gen/templates/workflow.yml.j2",
        "ci_gen/docs/guide.md",
        "ci_gen/docs/model.md",
    ):
        assert required in names
    templates = {p.name for p in (REPO / "templates").glob("*.j2")}
    assert {n.removeprefix("ci_gen/templates/") for n in names if n.endswith(".j2")} == templates
    assert not any(n.startswith(("tests/", "golden/", "generator/")) for n in names)
    scripts = entry_points.split("[console_scripts]")[1].strip().splitlines()
    assert [line.replace(" ", "") for line in scripts] == ["ci-gen=ci_gen.__main__:main"]
    assert "Requires-Dist: typer" in metadata


def test_packaging_wheel_installs_and_runs_in_a_fresh_venv(wheel: Path, tmp_path: Path) -> None:
    started = time.monotonic()
    venv = tmp_path / "venv"
    subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True, timeout=120)
    python = venv / "bin" / "python"
    done = subprocess.run(
        [str(python), "-m", "pip", "install", "-q", str(wheel)],
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert done.returncode == 0, f"installing the wheel failed:\n{done.stdout}\n{done.stderr}"
    print(f"venv with the wheel installed in {time.monotonic() - started:.1f} s")
    repo = build_file_tree(tmp_path / "repo", {"ci.toml": MINIMAL})
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    script = str(venv / "bin" / "ci-gen")
    done = subprocess.run(
        [script, "--version"], cwd=elsewhere, capture_output=True, text=True, check=False
    )
    assert (done.returncode, done.stdout) == (0, f"ci-gen {ci_gen.__version__}\n")
    # the templates load from the installed package, not from this checkout
    done = subprocess.run(
        [script, "render", "--manifest", str(repo / "ci.toml")],
        cwd=elsewhere,
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    expected = pipeline.generate(repo / "ci.toml").files
    assert {p: (repo / p).read_text() for p in expected} == expected
    # the guide reads offline, from the installed package
    done = subprocess.run(
        [script, "docs"], cwd=elsewhere, capture_output=True, text=True, check=False
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout == (REPO / "docs" / "guide.md").read_text(encoding="utf-8")


def test_annotations_escape_what_github_would_misread() -> None:
    assert _escape("a,b:c%d", True) == "a%2Cb%3Ac%25d"
    assert _escape("50% done: a, b\nnext", False) == "50%25 done: a, b%0Anext"


def test_check_names_the_version_that_rendered_the_files(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    build_file_tree(tmp_path, {"ci.toml": MINIMAL})
    monkeypatch.chdir(tmp_path)
    assert run("render").exit_code == 0
    workflow = tmp_path / WORKFLOW
    old = workflow.read_text().replace(f"ci-gen {ci_gen.__version__} from", "ci-gen 0.0.9 from")
    workflow.write_text(old.replace("name: CI\n", "name: older\n"))
    result = run("check")
    assert result.exit_code == ExitCode.DRIFT
    assert result.stderr.splitlines()[-1].startswith(
        f"the files were rendered by ci-gen 0.0.9; this is ci-gen {ci_gen.__version__}: "
        "render with this version"
    )
    assert run("render").exit_code == 0
    assert "rendered by" not in run("check").stderr
