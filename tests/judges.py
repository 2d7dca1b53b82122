"""The four independent judges, run as users run them, over a tree of rendered files.

Each function returns findings as strings; an empty list means the judge accepts the tree.
A judge that cannot run at all raises, so a missing tool can never pass for a clean tree.
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import yaml

from ci_gen.output.render import ACTIONLINT_CONFIG

EXPRESSION = re.compile(r"\$\{\{.*?\}\}")


def tool(name: str) -> str:
    """A judge's executable: beside this interpreter (the venv) first, then on PATH."""
    beside = Path(sys.executable).parent / name
    found = str(beside) if beside.exists() else shutil.which(name)
    if found is None:
        raise RuntimeError(f"judge {name!r} is not installed (python3 dev.py test installs it)")
    return found


def _run(argv: list[str], cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(argv, cwd=cwd, capture_output=True, text=True, check=False)


def workflows(root: Path) -> list[str]:
    return sorted(p.relative_to(root).as_posix() for p in root.glob(".github/workflows/*.y*ml"))


def actions(root: Path) -> list[str]:
    return sorted(
        p.relative_to(root).as_posix() for p in root.glob(".github/actions/**/action.y*ml")
    )


def actionlint(root: Path) -> list[str]:
    # actionlint looks for its config in the enclosing git repository; a golden case
    # is a folder of this one, so its own config is passed explicitly.
    config = ["-config-file", ACTIONLINT_CONFIG] if (root / ACTIONLINT_CONFIG).exists() else []
    argv = [
        tool("actionlint"),
        "-no-color",
        "-shellcheck",
        tool("shellcheck"),
        *config,
        "-format",
        "{{json .}}",
        *workflows(root),
    ]
    done = _run(argv, root)
    if done.returncode not in (0, 1) or (done.returncode == 1 and not done.stdout.strip()):
        raise RuntimeError(f"actionlint failed to run: {done.stderr}")
    return [
        f"{e['filepath']}:{e['line']}:{e['column']}: {e['message']} [{e['kind']}]"
        for e in json.loads(done.stdout or "[]")
    ]


def zizmor(root: Path, persona: str = "regular") -> list[str]:
    argv = [
        tool("zizmor"),
        "--offline",
        "--no-progress",
        "--no-config",
        "--strict-collection",
        "--persona",
        persona,
        "--format",
        "json",
        ".github",
    ]
    done = _run(argv, root)
    findings = json.loads(done.stdout) if done.stdout.strip() else None
    if findings is None:
        raise RuntimeError(f"zizmor failed to run: {done.stderr}")
    return [f"{f['ident']}: {f['desc']} at {_zizmor_where(f)}" for f in findings]


def _zizmor_where(finding: dict[str, Any]) -> str:
    spots = []
    for location in finding.get("locations", []):
        local = location.get("symbolic", {}).get("key", {}).get("Local", {})
        path = next(iter(local.values()), "?")
        row = location.get("concrete", {}).get("location", {}).get("start_point", {}).get("row")
        spots.append(f"{path}:{row + 1 if isinstance(row, int) else '?'}")
    return ", ".join(sorted(set(spots))) or "?"


def zizmor_auditor(root: Path) -> list[str]:
    """zizmor with its low-confidence audits too: what an auditor of the repository runs."""
    return zizmor(root, "auditor")


def check_jsonschema(root: Path) -> list[str]:
    findings = []
    for schema, files in (
        ("vendor.github-workflows", workflows(root)),
        ("vendor.github-actions", actions(root)),
    ):
        if not files:
            continue
        done = _run([tool("check-jsonschema"), "--builtin-schema", schema, *files], root)
        if done.returncode != 0:
            findings.append(f"{schema}: {done.stdout.strip()} {done.stderr.strip()}")
    return findings


def yamllint(root: Path) -> list[str]:
    """Stock yamllint (its default config, as in a repository without a .yamllint),
    strict: warnings count too."""
    config_files = [p for p in (ACTIONLINT_CONFIG,) if (root / p).exists()]
    files = workflows(root) + actions(root) + config_files
    done = _run([tool("yamllint"), "-s", "-f", "parsable", "-d", "default", *files], root)
    if done.returncode not in (0, 1, 2):
        raise RuntimeError(f"yamllint failed to run: {done.stderr}")
    return done.stdout.splitlines()


def shellcheck_actions(root: Path) -> list[str]:
    """actionlint runs shellcheck on workflows only; composite actions get it here."""
    findings = []
    for path in actions(root):
        steps = yaml.safe_load((root / path).read_text())["runs"]["steps"]
        for index, step in enumerate(steps):
            if step.get("shell") != "bash" or "run" not in step:
                continue
            script = EXPRESSION.sub("placeholder", step["run"])
            done = subprocess.run(
                [tool("shellcheck"), "-s", "bash", "-f", "gcc", "-"],
                input=script,
                capture_output=True,
                text=True,
                check=False,
            )
            findings += [f"{path} step {index}: {line}" for line in done.stdout.splitlines()]
    return findings


JUDGES: dict[str, Callable[[Path], list[str]]] = {
    "actionlint": actionlint,
    "zizmor": zizmor,
    "zizmor (auditor)": zizmor_auditor,
    "check-jsonschema": check_jsonschema,
    "yamllint": yamllint,
    "shellcheck (actions)": shellcheck_actions,
}
