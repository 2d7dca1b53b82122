"""`ci-gen check` against stock yamllint on the same files, side by side.

    python3 bench/check_speed.py [--runs 15] [--venv build/bench-venv]

Both run from a virtual environment holding ci-gen and its runtime dependencies only, as
a pre-commit hook installs them (bytecode compiled, as pip installs it), in a copy of
golden/reference with its rendered files. Runs alternate (check, yamllint, check, ...)
and each pair gives one ratio, so a machine that slows down mid-run moves both. Three
kinds of check:

    cold       nothing in ci-gen's cache folder (a fresh CI machine)
    changed    compiled templates cached, the manifest edited since (a miss)
    rendered   the manifest edited, then `ci-gen render` (the commit of an edit)
    warm       the check before found the same inputs (a pre-commit hook's rerun)

Writes bench/results/check_speed.md.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
RESULTS = REPO / "bench" / "results" / "check_speed.md"


def venv(where: Path) -> Path:
    """A virtual environment with ci-gen installed from this checkout (not editable)."""
    python = where / "bin" / "python"
    if not python.exists():
        subprocess.run([sys.executable, "-m", "venv", str(where)], check=True)
    pip = [str(python), "-m", "pip", "install", "-q", "-c", str(REPO / "constraints.txt")]
    subprocess.run([*pip, "--force-reinstall", "--no-deps", str(REPO)], check=True)
    subprocess.run([*pip, str(REPO)], check=True)
    return where / "bin"


def timed(argv: list[str], cwd: Path, env: dict[str, str]) -> float:
    start = time.perf_counter()
    subprocess.run(argv, cwd=cwd, env=env, check=True, stdout=subprocess.DEVNULL)
    return time.perf_counter() - start


def measure(kind: str, tools: Path, tree: Path, cache: Path, runs: int) -> dict[str, float]:
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    env["XDG_CACHE_HOME"] = str(cache)
    check = [str(tools / "ci-gen"), "check"]
    lint = [str(tools / "yamllint"), "-d", "default", ".github"]
    manifest = tree / "ci.toml"
    original = manifest.read_text()
    checks, lints = [], []
    for run in range(runs + 1):  # the first pair warms the file system up
        if kind == "cold":
            shutil.rmtree(cache, ignore_errors=True)
        elif kind == "changed":
            shutil.rmtree(cache / "ci-gen" / "check", ignore_errors=True)
            manifest.write_text(original + f"\n# edit {run}\n")
        elif kind == "rendered":
            manifest.write_text(original + f"\n# edit {run}\n")
            subprocess.run(
                [str(tools / "ci-gen"), "render"],
                cwd=tree,
                env=env,
                check=True,
                stdout=subprocess.DEVNULL,
            )
        a, b = timed(check, tree, env), timed(lint, tree, env)
        if run:
            checks.append(a)
            lints.append(b)
    manifest.write_text(original)
    ratios = [a / b for a, b in zip(checks, lints, strict=True)]
    return {
        "check": statistics.median(checks),
        "yamllint": statistics.median(lints),
        "ratio": statistics.median(ratios),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=15)
    parser.add_argument("--venv", type=Path, default=REPO / "build" / "bench-venv")
    args = parser.parse_args()
    tools = venv(args.venv)
    with tempfile.TemporaryDirectory() as folder:
        tree = Path(folder) / "repo"
        shutil.copytree(REPO / "golden" / "reference", tree)
        cache = Path(folder) / "cache"
        rows = {kind: measure(kind, tools, tree, cache, args.runs) for kind in KINDS}
    lines = [
        "# `ci-gen check` against stock yamllint",
        "",
        f"`python3 bench/check_speed.py --runs {args.runs}` on golden/reference (four files);",
        f"{os.cpu_count()} cores, Python {sys.version.split()[0]}. Medians of {args.runs} "
        "alternating pairs; the ratio is the median of the pairs' ratios.",
        "",
        "| check | ci-gen check s | yamllint s | ratio |",
        "|---|---|---|---|",
        *(
            f"| {kind} | {r['check']:.3f} | {r['yamllint']:.3f} | {r['ratio']:.2f} |"
            for kind, r in rows.items()
        ),
        "",
    ]
    RESULTS.write_text("\n".join(lines), encoding="utf-8")
    print("\n".join(lines))


KINDS = ("cold", "changed", "rendered", "warm")

if __name__ == "__main__":
    main()
