"""Plan jobs laid out as matrix jobs: nothing lost, nothing changed, the scripts intact.

The plan speaks per shard; the workflow file groups shards into matrix jobs. These tests
expand every matrix job back into the jobs GitHub starts and hold each against the plan
job it came from, down to the argv each command script hands to cargo under bash.
"""

from __future__ import annotations

import os
import re
import stat
import subprocess
from pathlib import Path
from typing import Any

import attrs
import pytest
import yaml

from ci_gen import pipeline
from ci_gen.output.layout import layout, merge_commands
from ci_gen.plan import Cargo, Command, Job, Minutes, Part, Plan

from .conftest import GOLDEN, workflow_text
from .test_render import _fill, workflow

CASES = sorted(p.name for p in GOLDEN.iterdir() if p.is_dir())
SHIM = """#!/bin/sh
# Record the argv, a word a line and a blank line after, instead of running the tool.
printf '%s\\n' "${0##*/}" "$@" "" >> "$RECORD"
"""


def planned(case: str) -> Plan:
    return pipeline.make_plan(GOLDEN / case / "ci.toml")


def by_entry(case: str) -> dict[str, tuple[dict[str, Any], dict[str, Any]]]:
    """Every job GitHub starts (its matrix values filled in) and the entry it starts
    from, keyed by the plan job it stands for."""
    out = {}
    for job_id, job in workflow(case)["jobs"].items():
        for entry in job.get("strategy", {}).get("matrix", {}).get("include", [{}]):
            started = _fill({k: v for k, v in job.items() if k != "strategy"}, entry)
            ident = entry.get("id") or _entry_id(started) or job_id
            assert ident not in out, ident
            out[ident] = (started, entry)
    return out


def _entry_id(job: dict[str, Any]) -> str:
    for step in job["steps"]:
        if str(step.get("uses", "")).endswith("/report-disk"):
            return str(step["with"]["job"])
    return ""


@pytest.mark.parametrize("case", CASES)
def test_every_plan_job_runs_once_with_its_own_values(case: str) -> None:
    plan = planned(case)
    started = by_entry(case)
    rendered = set(started) | {j.id for j in plan.jobs if j.kind in ("gate", "all-green")}
    assert rendered == {j.id for j in plan.jobs}
    for job in plan.jobs:
        if job.id not in started or job.kind == "all-green":
            continue
        github, _ = started[job.id]
        assert github["name"] == job.name
        assert github["runs-on"] == job.runs_on
        assert github["timeout-minutes"] == job.timeout
        assert github["env"]["RUSTUP_TOOLCHAIN"] == job.toolchain


@pytest.mark.parametrize("case", CASES)
def test_matrix_jobs_wait_for_what_their_shards_wait_for(case: str) -> None:
    plan = planned(case)
    groups = layout(plan.jobs)
    where = {job.id: g.id for g in groups for job in g.jobs}
    jobs = yaml.safe_load(workflow_text(case))["jobs"]
    for group in groups:
        wanted = {where[n] for job in group.jobs for n in job.needs}
        assert set(jobs[group.id].get("needs", [])) == wanted, group.id
        if group.id != "all-green":  # waiting for one more job would stretch the path
            assert all({where[n] for n in job.needs} == wanted for job in group.jobs)


def _shims(tmp_path: Path) -> dict[str, str]:
    folder = tmp_path / "bin"
    folder.mkdir()
    for tool in ("cargo", "rustup"):
        path = folder / tool
        path.write_text(SHIM, encoding="utf-8")
        path.chmod(path.stat().st_mode | stat.S_IEXEC)
    return {"PATH": f"{folder}{os.pathsep}{os.environ['PATH']}", "RECORD": str(tmp_path / "rec")}


def _argv_run(script: str, env: dict[str, str], shims: dict[str, str]) -> list[list[str]]:
    record = Path(shims["RECORD"])
    record.unlink(missing_ok=True)
    subprocess.run(
        ["bash", "--noprofile", "--norc", "-eo", "pipefail", "-c", script],
        env={**shims, **env},
        check=True,
    )
    calls = record.read_text(encoding="utf-8").removesuffix("\n\n").split("\n\n")
    return [call.split("\n") for call in calls]


def _commands(job: Job) -> dict[str, tuple[str, ...]]:
    commands = [*(job.cargo.commands if job.cargo else ()), *([job.rustup] if job.rustup else [])]
    return {c.name: c.argv for c in commands}


@pytest.mark.parametrize("case", CASES)
def test_each_script_hands_cargo_the_plan_argv(case: str, tmp_path: Path) -> None:
    """Run every cargo and rustup step of every started job under bash, as GitHub does,
    with the step's env (matrix values filled in): the recorded argv is the plan's."""
    shims = _shims(tmp_path)
    plan = {j.id: j for j in planned(case).jobs}
    known = {name for job in plan.values() for name in _commands(job)}
    for ident, (github, entry) in by_entry(case).items():
        wanted = _commands(plan[ident])
        ran = {}
        for step in github["steps"]:
            name = _command_name(step.get("name", ""), known)
            if name not in known or "run" not in step:
                continue
            if step.get("if") and not _holds(step["if"], entry):
                continue
            env = {k: str(v) for k, v in step.get("env", {}).items()}
            ran[name] = _argv_run(step["run"], env, shims)
        assert ran == {name: [list(argv)] for name, argv in wanted.items()}, ident


AFTER_STEP = r"\$\{\{ !cancelled\(\) && steps\.[a-z0-9-]+\.outcome == 'success' \}\}"


def _command_name(step: str, known: set[str]) -> str:
    """The plan names its rustup command "Install Rust"; its step adds the toolchain
    (a toolchain a row installs for itself keeps its own name)."""
    return "Install Rust" if step.startswith("Install Rust ") and step not in known else step


def _holds(condition: str, entry: dict[str, Any]) -> bool:
    """A matrix job's ``matrix.<key> != ''``, or a step that runs once an earlier one
    passed (here every step passes)."""
    if re.fullmatch(AFTER_STEP, condition):
        return True
    key, _, rest = condition.removeprefix("matrix.").partition(" != ")
    assert rest == "''", condition
    return bool(entry.get(key, ""))


# reference: 4 feature sets, each with a clippy run of its own in the gate
@pytest.mark.parametrize(("case", "most"), [("reference", 650), ("large", 1500)])
def test_workflow_files_stay_short(case: str, most: int) -> None:
    text = workflow_text(case)
    assert len(text.splitlines()) <= most


def _job(ident: str, *commands: Command, kind: str = "test") -> Job:
    return Job(
        id=ident,
        name=ident,
        kind=kind,
        runner="ubuntu",
        runs_on="ubuntu-24.04",
        os="linux",
        needs=("gate",),
        steps=("checkout", "cargo"),
        minutes=Minutes((("test", 1.0),), 30.0, 7),
        cargo=Cargo((), (), commands),
    )


GATE = attrs.evolve(_job("gate", kind="gate"), needs=())
BUILD = Command("Build", ("cargo", "build", Part("cargo-args", ("--package", "a"))))
DOC = Command(
    "Doc", ("cargo", "test", "--doc", Part("doc-test-args", ("--package", "a"))), "doc-test-args"
)
FMT = Command("Fmt", ("cargo", "fmt"))


def test_jobs_of_one_kind_share_a_matrix_and_skip_what_they_lack() -> None:
    _, group = layout([GATE, _job("t1", BUILD, DOC), _job("t2", BUILD)])
    assert (group.id, group.matrix, [j.id for j in group.jobs]) == (
        "test-linux",
        True,
        ["t1", "t2"],
    )
    assert [c.name for c in group.commands] == ["Build", "Doc"]
    assert group.partial == frozenset({"Doc"})


def test_a_command_the_plan_does_not_let_jobs_skip_splits_the_matrix() -> None:
    groups = layout([GATE, _job("t1", BUILD, FMT), _job("t2", BUILD)])
    assert [g.id for g in groups] == ["gate", "test-linux", "t2"]


def test_commands_in_another_order_or_with_other_words_do_not_merge() -> None:
    other = Command("Build", ("cargo", "build", "--release", Part("packages", ())))
    assert merge_commands([_job("t1", BUILD, DOC), _job("t2", DOC, BUILD)]) is None
    assert merge_commands([_job("t1", BUILD), _job("t2", other)]) is None


def test_a_job_others_wait_for_stays_a_job_of_its_own() -> None:
    builder = _job("t-build", BUILD, kind="archive")
    runs = [attrs.evolve(_job(f"t-p{i}", BUILD), needs=("gate", "t-build")) for i in (1, 2)]
    groups = layout([GATE, builder, *runs, _job("t2", BUILD)])
    assert [(g.id, g.matrix, g.needs) for g in groups] == [
        ("gate", False, ()),
        ("t-build", False, ("gate",)),
        ("test-linux", True, ("gate", "t-build")),
        ("t2", True, ("gate",)),
    ]
