"""Properties every rendered file must have, checked on the parsed YAML of each golden case."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import given
from hypothesis import strategies as st

from ci_gen import pipeline
from ci_gen.output.render import long_quote
from ci_gen.output.shell import shell_command
from ci_gen.owned import MARKER

from .conftest import GOLDEN, ManifestFactory, workflow_text

CASES = sorted(p.name for p in GOLDEN.iterdir() if p.is_dir())
PINNED = re.compile(r"^[A-Za-z0-9_.-]+/[A-Za-z0-9_.-]+@[0-9a-f]{40}$")


def files(case: str) -> dict[str, str]:
    return pipeline.generate(GOLDEN / case / "ci.toml").files


def workflow(case: str) -> dict[str, Any]:
    loaded: dict[str, Any] = yaml.safe_load(workflow_text(case))
    return loaded


MATRIX_VALUE = re.compile(r"\$\{\{ matrix\.([a-z-]+) \}\}")


def _fill(value: Any, entry: dict[str, Any]) -> Any:
    """``value`` with each ``${{ matrix.key }}`` replaced by the entry's value."""
    if isinstance(value, dict):
        return {k: _fill(v, entry) for k, v in value.items()}
    if isinstance(value, list):
        return [_fill(v, entry) for v in value]
    if isinstance(value, str):
        whole = MATRIX_VALUE.fullmatch(value)
        if whole:
            return entry.get(whole.group(1), "")
        return MATRIX_VALUE.sub(lambda m: str(entry.get(m.group(1), "")), value)
    return value


def expanded(case: str) -> list[tuple[str, dict[str, Any]]]:
    """(job id, job) for every job GitHub would start: a matrix job once per entry."""
    out = []
    for job_id, job in workflow(case)["jobs"].items():
        entries = job.get("strategy", {}).get("matrix", {}).get("include", [{}])
        out += [
            (job_id, _fill({k: v for k, v in job.items() if k != "strategy"}, e)) for e in entries
        ]
    return out


def all_steps(case: str) -> list[dict[str, Any]]:
    steps = [s for job in workflow(case)["jobs"].values() for s in job["steps"]]
    for path, text in files(case).items():
        if path.startswith(".github/actions/"):
            steps += yaml.safe_load(text)["runs"]["steps"]
    return steps


@pytest.mark.parametrize("case", CASES)
def test_every_file_starts_with_the_generated_header(case: str) -> None:
    for path, text in files(case).items():
        first = text.splitlines()[0]
        assert first.startswith(f"{MARKER} "), path
        assert "from ci.toml" in first, path
        assert "`ci-gen render`" in text.splitlines()[1], path


@pytest.mark.parametrize("case", CASES)
def test_no_template_delimiters_leak(case: str) -> None:
    for path, text in files(case).items():
        for token in ("[[", "]]", "{%", "%}", "[#", "#]"):
            assert token not in text, f"{token!r} left in {path}"


@pytest.mark.parametrize("case", CASES)
def test_actions_are_pinned_by_sha_with_a_version_comment(case: str) -> None:
    for path, text in files(case).items():
        for line in text.splitlines():
            if "uses:" not in line or line.lstrip().startswith("#"):
                continue
            ref = line.split("uses:", 1)[1].strip()
            if ref.startswith(("$/", "./.github/actions/ci-gen/")):
                continue
            action, _, comment = ref.partition("  # ")
            assert PINNED.match(action), f"{path}: {line.strip()}"
            assert comment, f"{path}: no version comment on {line.strip()}"


@pytest.mark.parametrize("case", CASES)
def test_least_privilege_timeouts_and_no_persisted_credentials(case: str) -> None:
    assert workflow(case)["permissions"] == {}
    for job_id, job in expanded(case):
        assert isinstance(job["timeout-minutes"], int), job_id
        assert 0 < job["timeout-minutes"] <= 360, job_id
        assert job["permissions"] in ({}, {"contents": "read"}), job_id
        for step in job["steps"]:
            if str(step.get("uses", "")).startswith("actions/checkout@"):
                assert step["with"]["persist-credentials"] is False, job_id


@pytest.mark.parametrize("case", CASES)
def test_no_expression_inside_run_scripts(case: str) -> None:
    """Values reach scripts through env, never by ${{ }} substitution into the script."""
    for step in all_steps(case):
        assert "${{" not in step.get("run", ""), step.get("name")


@pytest.mark.parametrize("case", CASES)
def test_superseded_pr_runs_are_cancelled(case: str) -> None:
    concurrency = workflow(case)["concurrency"]
    assert "github.event.pull_request.number" in concurrency["group"]
    assert concurrency["cancel-in-progress"] == "${{ github.event_name == 'pull_request' }}"


@pytest.mark.parametrize("case", CASES)
def test_all_green_checks_every_other_job(case: str) -> None:
    jobs = workflow(case)["jobs"]
    if "all-green" not in jobs:  # one job: it is the check branch protection requires
        ((_, job),) = expanded(case)
        assert job["name"] == "all green"
        return
    green = jobs["all-green"]
    others = [j for j in jobs if j != "all-green"]
    assert green["needs"] == others
    assert green["if"] == "always()"
    results = re.findall(
        r"(\S+)=\$\{\{ needs\.(\S+)\.result \}\}", green["steps"][0]["env"]["RESULTS"]
    )
    assert results == [(j, j) for j in others]


@pytest.mark.parametrize("case", CASES)
def test_ci_builds_use_less_disk(case: str) -> None:
    env = workflow(case)["env"]
    assert env["CARGO_INCREMENTAL"] == "0"
    assert env["CARGO_PROFILE_TEST_DEBUG"] == "line-tables-only"


def test_cleanup_tiers_of_every_os_are_exercised() -> None:
    """Between them, the golden cases render each OS's cleanup and each tier."""
    tiers = {
        (job["runs-on"], step["with"]["cleanup"])
        for case in CASES
        for _, job in expanded(case)
        for step in job["steps"]
        if step.get("uses", "").endswith("/prepare-disk")
    }
    labels = {label for label, _ in tiers}
    assert {"ubuntu-24.04", "macos-15", "windows-2025"} <= labels
    assert {tier for _, tier in tiers} == {"none", "fast", "full"}


def test_manifest_pins_override_the_built_in_table(manifest: ManifestFactory) -> None:
    path = manifest(
        """
        [crates.a]
        path = "a"

        [pins."actions/checkout"]
        sha = "0123456789abcdef0123456789abcdef01234567"
        tag = "v9.9.9"
        """
    )
    text = pipeline.generate(path).files[".github/workflows/ci.yml"]
    expected = "actions/checkout@0123456789abcdef0123456789abcdef01234567  # v9.9.9"
    assert expected in text


def test_a_manifest_outside_the_root_is_named_relative_to_it(tmp_path: Path) -> None:
    (tmp_path / "config").mkdir()
    path = tmp_path / "config" / "ci.toml"
    path.write_text('[crates.a]\npath = "a"\n')
    text = pipeline.generate(path, tmp_path).files[".github/workflows/ci.yml"]
    header = " ".join(line.removeprefix("# ") for line in text.splitlines()[:3])
    assert "run `ci-gen render --manifest config/ci.toml --root .`;" in header
    assert "ci-gen check --manifest config/ci.toml --root ." in text


def test_short_commands_stay_on_one_line() -> None:
    assert shell_command(["cargo", "fmt", "--all", "--check"]) == "cargo fmt --all --check"


def test_long_commands_put_each_option_with_its_value_on_a_line() -> None:
    argv = [
        "cargo",
        "nextest",
        "run",
        "--locked",
        "--package",
        "alpha-crate-with-a-long-name",
        "--package",
        "beta-crate-with-a-long-name",
        "--",
        "-D",
        "warnings",
    ]
    assert shell_command(argv).splitlines() == [
        "cargo nextest run \\",
        "  --locked \\",
        "  --package alpha-crate-with-a-long-name \\",
        "  --package beta-crate-with-a-long-name \\",
        "  -- -D warnings",
    ]


def test_commands_are_shell_quoted() -> None:
    assert shell_command(["echo", "a b", "it's"]) == "echo 'a b' 'it'\"'\"'s'"


@given(st.text(max_size=300), st.integers(min_value=0, max_value=40))
def test_a_long_quoted_value_reads_back_as_itself(value: str, column: int) -> None:
    text = "k: " + long_quote(value, column + 3, 80)
    assert yaml.safe_load(text) == {"k": value}
    lines = text.splitlines()
    assert all(len(line) <= 80 for line in lines[:-1]) or len(lines) == 1


LONG_ALLOWED = (
    # a SHA pin keeps its tag on its line, where Renovate and Dependabot read it
    re.compile(r" +(- )?uses: [\w.-]+/[\w./-]+@[0-9a-f]{40}  # \S+"),
    # a local action on GitHub Enterprise Server carries zizmor's ignore on its line
    re.compile(r" +uses: \./\.github/actions/\S+  # zizmor: ignore\[self-repository\]"),
    # the all-green job's results: one job id (from the manifest's names) per line
    re.compile(r" +[\w-]+=\$\{\{ needs\.[\w-]+\.result \}\}"),
    # a secret given to a step: an expression stays on its line
    re.compile(r" +\w+: \$\{\{ secrets\.\w+ \}\}"),
    # a container image pinned by its digest: one word
    re.compile(r' +image: "[\w./:-]+@sha256:[0-9a-f]{64}"'),
)


@pytest.mark.parametrize("case", CASES)
def test_lines_past_80_columns_are_only_those_that_cannot_wrap(case: str) -> None:
    for path, text in files(case).items():
        for line in text.splitlines():
            if len(line) > 80:
                assert any(p.fullmatch(line) for p in LONG_ALLOWED), f"{path}: {line}"
                assert path.startswith(".github/workflows/"), f"{path}: {line}"
