"""[[steps]] in the jobs they name, at their slot, and their scripts run as written
(golden/own-steps under bash, with shims for the tools they call)."""

from __future__ import annotations

import os
import stat
import subprocess
from pathlib import Path
from typing import Any

import pytest
import yaml

from ci_gen import pipeline
from ci_gen.errors import ManifestError

from .conftest import GOLDEN

CASE = GOLDEN / "own-steps"
TARGET_DIR = "${{ steps.disk.outputs.target-dir }}"
SHIM = """#!/bin/bash
printf '%s\\n' "${0##*/} $*" >> "$CALLS"
[ "${0##*/}" = sudo ] && exec "$@"
exit 0
"""


def jobs() -> dict[str, Any]:
    text = pipeline.generate(CASE / "ci.toml").files[".github/workflows/ci.yml"]
    loaded: dict[str, Any] = yaml.safe_load(text)["jobs"]
    return loaded


def names(job: dict[str, Any]) -> list[str]:
    return [step.get("name", "") for step in job["steps"]]


def test_each_step_sits_at_its_slot_in_the_jobs_it_names() -> None:
    found = {jid: names(job) for jid, job in jobs().items()}
    gate, linux, macos = found["gate"], found["test-linux"], found["test-macos"]
    assert gate.index("Licenses and advisories") == gate.index("Check out") + 1
    assert "Licenses and advisories" not in linux + macos  # jobs = ["gate"]
    for steps in (gate, linux):
        # before-build: right before the first cargo step, in manifest order, protoc on
        # Linux only, the login everywhere
        first_cargo = next(i for i, n in enumerate(steps) if n in ("Clippy", "Build tests"))
        assert steps[first_cargo - 2 : first_cargo] == [
            "Install protoc (apt)",
            "Log in to the private registry",
        ]
        assert "Install protoc (Homebrew)" not in steps
    assert "Install protoc (Homebrew)" in macos and "Install protoc (apt)" not in macos
    for steps in (linux, macos):  # after-test: after the last cargo step
        assert steps[steps.index("Disk report") - 1] == "List what the tests wrote"
    assert "List what the tests wrote" not in gate
    assert all("cargo" not in n.lower() for n in found["all-green"])


@pytest.mark.parametrize(
    ("step", "calls"),
    [
        (
            "Install protoc (apt)",
            [
                "sudo apt-get update -q",
                "apt-get update -q",
                "sudo apt-get install -y -q protobuf-compiler",
                "apt-get install -y -q protobuf-compiler",
                "protoc --version",
            ],
        ),
        ("Install protoc (Homebrew)", ["brew install protobuf", "protoc --version"]),
        ("List what the tests wrote", ["find . -name *.snap.new -print"]),
        ("Log in to the private registry", ["cargo login --registry internal"]),
    ],
)
def test_each_script_runs_as_written(tmp_path: Path, step: str, calls: list[str]) -> None:
    (found,) = {
        yaml.safe_dump(s): s
        for job in jobs().values()
        for s in job["steps"]
        if s.get("name") == step
    }.values()
    shims = tmp_path / "bin"
    shims.mkdir()
    for tool in ("sudo", "apt-get", "brew", "protoc", "find", "cargo"):
        (shims / tool).write_text(SHIM)
        (shims / tool).chmod(stat.S_IRWXU)
    env = {**os.environ, **found.get("env", {}), "CALLS": str(tmp_path / "calls")}
    env["PATH"] = f"{shims}{os.pathsep}{env['PATH']}"
    subprocess.run(
        ["bash", "--noprofile", "--norc", "-eo", "pipefail", "-c", found["run"]],
        env=env,
        check=True,
    )
    assert (tmp_path / "calls").read_text().splitlines() == calls


@pytest.mark.parametrize(
    ("step", "message"),
    [
        ('run = "a"\nuses = "o/r@' + "a" * 40 + '"\ntag = "v1"', "set run (a script) or uses"),
        ('uses = "o/r@v1"\ntag = "v1"', "is not a valid action pinned by SHA"),
        ('uses = "o/r@' + "a" * 40 + '"', "uses needs tag"),
        ('run = "make  "', "line 1 ends in spaces"),
        ('run = "echo ${{ secrets.TOKEN }}"', "holds '${{'"),
        ('run = "a"\nwith = { x = "1" }', "with and tag go with uses"),
        ('run = "a"\nenv = { "A-B" = "1" }', "is not a valid environment variable name"),
        ('run = "echo \\u0080"', "holds the control character '\\x80'"),
        ('run = "echo \\uffff"', "holds the control character '\\uffff'"),
        ('uses = "o/r@' + "a" * 40 + '"\ntag = "v1"\nwith = { "1" = "v" }', "not a valid input"),
        ('uses = "o/r@' + "a" * 40 + '"\ntag = "v1"\nwith = { "-" = "v" }', "not a valid input"),
    ],
)
def test_a_step_is_checked_like_the_rest(tmp_path: Path, step: str, message: str) -> None:
    manifest = tmp_path / "ci.toml"
    manifest.write_text(
        f'[crates.a]\npath = "."\n[[steps]]\nname = "mine"\nslot = "before-build"\n{step}\n'
    )
    with pytest.raises(ManifestError) as failed:
        pipeline.make_plan(manifest)
    assert any(message in line and "steps[0]" in line for line in failed.value.lines())


SCRIPT = """\
  echo indented first
echo second
\techo after a tab
cat <<-EOF
\tfrom a heredoc
\tEOF"""


def test_a_script_reaches_bash_as_written_whatever_its_first_line(tmp_path: Path) -> None:
    """An indented first line would set the block's indentation (YAML then refuses the
    next, shallower line); tabs are a script's own (<<- heredocs strip them)."""
    manifest = tmp_path / "ci.toml"
    toml_script = SCRIPT.replace("\t", "\\t")
    manifest.write_text(
        '[crates.a]\npath = "."\n[[steps]]\nname = "mine"\nslot = "before-build"\n'
        f'run = "{toml_script.replace(chr(10), chr(92) + "n")}"\n'
    )
    text = pipeline.generate(manifest).files[".github/workflows/ci.yml"]
    (step,) = [
        s
        for job in yaml.safe_load(text)["jobs"].values()
        for s in job["steps"]
        if s.get("name") == "mine"
    ]
    assert step["run"] == SCRIPT + "\n"
    done = subprocess.run(
        ["bash", "--noprofile", "--norc", "-eo", "pipefail", "-c", step["run"]],
        capture_output=True,
        text=True,
        check=True,
    )
    assert done.stdout.splitlines() == ["indented first", "second", "after a tab", "from a heredoc"]


def test_names_yaml_reads_as_words_stay_names(tmp_path: Path) -> None:
    """on, yes, null: a boolean or null to YAML unless quoted; as keys they must reach
    GitHub as the names written."""
    manifest = tmp_path / "ci.toml"
    manifest.write_text(
        '[crates.a]\npath = "."\n[workflow.env]\non = "1"\nNULL = "2"\n'
        '[[steps]]\nname = "mine"\nslot = "before-build"\nenv = { yes = "3", _x = "4" }\n'
        'uses = "o/r@' + "a" * 40 + '"\ntag = "v1"\nwith = { off = "5", true = "6" }\n'
    )
    text = pipeline.generate(manifest).files[".github/workflows/ci.yml"]
    loaded = yaml.safe_load(text)
    assert loaded["env"]["on"] == "1" and loaded["env"]["NULL"] == "2"
    (step,) = [
        s for job in loaded["jobs"].values() for s in job["steps"] if s.get("name") == "mine"
    ]
    assert step["env"] == {"CARGO_TARGET_DIR": TARGET_DIR, "yes": "3", "_x": "4"}
    assert step["with"] == {"off": "5", "true": "6"}


def test_a_step_after_the_disk_is_prepared_builds_where_the_job_does() -> None:
    """A step of your own that runs cargo (a code generator, cargo login) sees the job's
    target dir, on the disk with room; one right after the checkout comes before it."""
    for job in jobs().values():
        if "Prepare the disk" not in names(job):
            continue
        dirs = {s["env"]["CARGO_TARGET_DIR"] for s in job["steps"] if s.get("name") == "Clippy"}
        for step in job["steps"]:
            if step.get("name") in ("List what the tests wrote", "Log in to the private registry"):
                assert step["env"]["CARGO_TARGET_DIR"] == TARGET_DIR
            if step.get("name") == "Licenses and advisories":
                assert "CARGO_TARGET_DIR" not in step.get("env", {})
        assert len(dirs) <= 1
