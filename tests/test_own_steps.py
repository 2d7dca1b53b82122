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
