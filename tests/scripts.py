"""Run the bash steps of a rendered composite action as GitHub would, on a fake runner.

Commands that would change or read the machine (sudo, rm of system folders, docker,
apt-get, dpkg-query, df, du, mount, xcrun) are shims: they record their argv and answer
from the ``Runner`` description (free disk per path, installed packages, df's GNU or
BSD header). GitHub's variables and files (RUNNER_OS, RUNNER_TEMP, GITHUB_WORKSPACE,
GITHUB_OUTPUT, GITHUB_STEP_SUMMARY) point into a temporary folder. ``${{ inputs.x }}``
and ``${{ steps.id.outputs.x }}`` in a step's env are filled in; ``if:`` conditions of
the forms the actions use are evaluated; pwsh steps (Windows) are skipped.
"""

from __future__ import annotations

import os
import re
import stat
import subprocess
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import attrs
import yaml

BASH = ("bash", "--noprofile", "--norc", "-eo", "pipefail", "-c")
EXPRESSION = re.compile(r"\$\{\{\s*(.*?)\s*\}\}")
# One shim serves every tool: it records its argv, then acts by its name.
SHIM = r"""#!/bin/bash
tool=${0##*/}
printf '%s\n' "$tool $*" >> "$FAKE_LOG"
case "$tool" in
  sudo)
    [ "$1" = -n ] && shift
    [ "$1" = true ] && exit 0
    exec "$@" ;;
  rm) exit 0 ;;  # only reached through sudo: system folders stay
  df)
    path=${@: -1}
    kb=$FAKE_FREE_KB
    if [ -n "$FAKE_MNT" ]; then
      case "$path" in "$FAKE_MNT"*) kb=$FAKE_MNT_KB ;; esac
      grep -qxF "$path" "$FAKE_BOUND" && kb=$FAKE_MNT_KB
    fi
    if [ "$FAKE_DF" = bsd ]; then
      echo "Filesystem 1024-blocks Used Available Capacity Mounted on"
      echo "/dev/disk3s1 976490576 1000 $kb 1% /"
    else
      echo "Filesystem 1024-blocks Used Available Capacity Mounted on"
      echo "/dev/root 151184960 1000 $kb 1% /"
    fi ;;
  du) printf '%s\t%s\n' "$FAKE_DU_KB" "${@: -1}" ;;
  dpkg-query) printf '%s\n' $FAKE_INSTALLED ;;
  apt-get)
    [ "$1" = remove ] || exit 0
    for name in "${@:3}"; do
      case " $FAKE_INSTALLED " in
        *" $name "*) ;;
        *) echo "E: Unable to locate package $name" >&2; exit 100 ;;
      esac
    done ;;
  mount)
    [ -n "$FAKE_MOUNT_FAILS" ] && exit 32
    printf '%s\n' "${@: -1}" >> "$FAKE_BOUND" ;;
  *) exit 0 ;;
esac
"""
TOOLS = ("sudo", "rm", "df", "du", "docker", "dpkg-query", "apt-get", "mount", "xcrun")


@attrs.frozen
class Runner:
    os: str = "Linux"  # RUNNER_OS
    free_kb: int = 14 * 1048576
    mnt_kb: int | None = None  # /mnt's free space; None: no /mnt
    installed: tuple[str, ...] = ("firefox", "dotnet-sdk-8.0", "azure-cli")
    df: str = "gnu"  # gnu | bsd
    du_kb: int = 0
    mount_fails: bool = False


@attrs.frozen
class Run:
    outputs: dict[str, str]  # every step's outputs, by "id.name"
    log: list[str]  # the shims' argv, in order
    summary: str
    stdout: str


def fake_machine(tmp: Path, runner: Runner) -> dict[str, str]:
    shims = tmp / "shims"
    shims.mkdir(parents=True, exist_ok=True)
    for tool in TOOLS:
        path = shims / tool
        path.write_text(SHIM, encoding="utf-8")
        path.chmod(path.stat().st_mode | stat.S_IEXEC)
    for folder in ("temp", "workspace"):
        (tmp / folder).mkdir(exist_ok=True)
    env = {
        "PATH": f"{shims}{os.pathsep}{os.environ['PATH']}",
        "HOME": str(tmp),
        "RUNNER_OS": runner.os,
        "RUNNER_TEMP": str(tmp / "temp"),
        "GITHUB_WORKSPACE": str(tmp / "workspace"),
        "GITHUB_JOB": "test-linux",
        "GITHUB_STEP_SUMMARY": str(tmp / "summary.md"),
        "FAKE_LOG": str(tmp / "log"),
        "FAKE_FREE_KB": str(runner.free_kb),
        "FAKE_MNT_KB": "" if runner.mnt_kb is None else str(runner.mnt_kb),
        "FAKE_INSTALLED": " ".join(runner.installed),
        "FAKE_DF": runner.df,
        "FAKE_DU_KB": str(runner.du_kb),
        "FAKE_MOUNT_FAILS": "1" if runner.mount_fails else "",
        "FAKE_BOUND": str(tmp / "bound"),
        "FAKE_MNT": "" if runner.mnt_kb is None else str(tmp / "mnt"),
    }
    if runner.mnt_kb is not None:
        (tmp / "mnt").mkdir(exist_ok=True)
    for name in ("summary.md", "log", "bound"):
        (tmp / name).write_text("", encoding="utf-8")
    return env


def run_action(text: str, inputs: Mapping[str, str], runner: Runner, tmp: Path) -> Run:
    """Every step of the composite action ``text`` that runs on ``runner``, in order."""
    action = yaml.safe_load(text)
    values = {k: str(v.get("default", "")) for k, v in (action.get("inputs") or {}).items()} | dict(
        inputs
    )
    env = fake_machine(tmp, runner)
    outputs: dict[str, str] = {}
    stdout = []
    for step in action["runs"]["steps"]:
        if step.get("shell") != "bash" or not _holds(step.get("if", ""), runner, values):
            continue
        out = tmp / "output"
        out.write_text("", encoding="utf-8")
        step_env = {k: _fill(str(v), values, outputs) for k, v in (step.get("env") or {}).items()}
        script = step["run"].replace("/mnt", str(tmp / "mnt"))  # the fake runner's /mnt
        done = subprocess.run(
            [*BASH, script],
            env={**env, **step_env, "GITHUB_OUTPUT": str(out)},
            cwd=tmp / "workspace",
            capture_output=True,
            text=True,
            check=False,
        )
        if done.returncode != 0:
            raise AssertionError(f"step {step.get('name')!r} failed: {done.stdout}{done.stderr}")
        stdout.append(done.stdout)
        for line in out.read_text(encoding="utf-8").splitlines():
            key, _, value = line.partition("=")
            outputs[f"{step.get('id', '')}.{key}"] = value
    return Run(
        outputs,
        (tmp / "log").read_text(encoding="utf-8").splitlines(),
        (tmp / "summary.md").read_text(encoding="utf-8"),
        "".join(stdout),
    )


def action_outputs(text: str, run: Run) -> dict[str, str]:
    """The action's declared outputs, from its steps' outputs."""
    declared: dict[str, Any] = yaml.safe_load(text).get("outputs") or {}
    return {name: _fill(str(spec["value"]), {}, run.outputs) for name, spec in declared.items()}


def _fill(value: str, inputs: Mapping[str, str], outputs: Mapping[str, str]) -> str:
    def one(match: re.Match[str]) -> str:
        found = ""
        for alternative in match.group(1).split("||"):
            found = _lookup(alternative.strip(), inputs, outputs)
            if found:
                break
        return found

    return EXPRESSION.sub(one, value)


def _lookup(name: str, inputs: Mapping[str, str], outputs: Mapping[str, str]) -> str:
    if name.startswith("inputs."):
        return inputs.get(name.removeprefix("inputs."), "")
    if name.startswith("steps."):
        step, _, key = name.removeprefix("steps.").partition(".outputs.")
        return outputs.get(f"{step}.{key}", "")
    raise AssertionError(f"the harness cannot evaluate ${{{{ {name} }}}}")


def _holds(condition: str, runner: Runner, inputs: Mapping[str, str]) -> bool:
    """``a == 'b'`` and ``a != 'b'`` joined by ``&&``, over runner.os and inputs."""
    for part in filter(None, (p.strip() for p in condition.split("&&"))):
        match = re.fullmatch(r"([\w.-]+) (==|!=) '([^']*)'", part)
        assert match, f"the harness cannot evaluate {part!r}"
        name, op, literal = match.groups()
        value = runner.os if name == "runner.os" else inputs[name.removeprefix("inputs.")]
        if (value == literal) != (op == "=="):
            return False
    return True
