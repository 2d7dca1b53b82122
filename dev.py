#!/usr/bin/env python3
"""Set up the development environment and run ci-gen's main tasks. Needs only python3.

    python3 dev.py demo    render the reference ci.toml into out/reference and print its plan
    python3 dev.py test    ruff, mypy and the whole test suite (the four judges included)
    python3 dev.py goldens regenerate golden/ (and docs/workflow.md's example diff) after a
                           deliberate change (review the diff!)
    python3 dev.py docs    regenerate the manifest reference in README.md from the model

The first run creates .venv and installs ci-gen (editable) with pinned tools from
constraints.txt; later runs reinstall only when the package's files change.
"""

from __future__ import annotations

import hashlib
import os
import subprocess
import sys
import venv
from pathlib import Path

ROOT = Path(__file__).resolve().parent
VENV = ROOT / ".venv"
BIN = VENV / ("Scripts" if os.name == "nt" else "bin")
STAMP = VENV / "ci-gen-install.sha256"


def _fingerprint() -> str:
    """Changes whenever the install must be redone: metadata, pins, the set of files."""
    digest = hashlib.sha256()
    for name in ("pyproject.toml", "constraints.txt"):
        digest.update((ROOT / name).read_bytes())
    for folder in ("generator", "templates"):
        for path in sorted((ROOT / folder).rglob("*")):
            digest.update(path.relative_to(ROOT).as_posix().encode())
    return digest.hexdigest()


def setup() -> None:
    if not (BIN / "python").exists():
        print("creating .venv", flush=True)
        venv.create(VENV, with_pip=True)
    fingerprint = _fingerprint()
    if STAMP.exists() and STAMP.read_text() == fingerprint:
        return
    print("installing ci-gen and its tools into .venv", flush=True)
    pip = [str(BIN / "python"), "-m", "pip", "install", "--quiet", "--disable-pip-version-check"]
    subprocess.run(
        [
            *pip,
            "-c",
            "constraints.txt",
            "-e",
            ".[test,judges,dev]",
            "--config-settings",
            "editable_mode=strict",
        ],
        cwd=ROOT,
        check=True,
    )
    STAMP.write_text(fingerprint)


def run(*argv: str) -> None:
    print("+", " ".join(argv), flush=True)
    env = {**os.environ, "PATH": f"{BIN}{os.pathsep}{os.environ.get('PATH', '')}"}
    code = subprocess.run(
        [str(BIN / argv[0]), *argv[1:]], cwd=ROOT, env=env, check=False
    ).returncode
    if code:
        sys.exit(code)


def demo() -> None:
    run("ci-gen", "render", "--manifest", "ci.toml", "--root", "out/reference")
    run("ci-gen", "plan", "--manifest", "ci.toml")


def test() -> None:
    run("ruff", "check", "generator", "tests", "bench", "dev.py")
    run("ruff", "format", "--check", "generator", "tests", "bench", "dev.py")
    run("mypy")
    run("pytest", "-q")


def goldens() -> None:
    run("pytest", "-q", "tests/test_golden.py", "tests/test_docs.py", "--update-goldens")


def docs() -> None:
    run("python", "-m", "ci_gen.manifest.reference")


TASKS = {"demo": demo, "test": test, "goldens": goldens, "docs": docs}

if __name__ == "__main__":
    if len(sys.argv) != 2 or sys.argv[1] not in TASKS:
        sys.exit(__doc__)
    setup()
    TASKS[sys.argv[1]]()
