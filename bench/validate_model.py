#!/usr/bin/env python3
"""Predicted against measured, job by job, on real-dependency workspaces.

For each shape of bench/timings.py: write the workspace, let cargo lock it, run
`ci-gen init` on it, plan it (gate first, so that the gate and each test shard are jobs
of their own), then run each job's build command for real from a clean target dir with
`--timings`, and replay its units on 4 cores (bench/fit_timings.py). Prints, per job,
the predicted build minutes and target GB against the measured ones.

    cd bench && ../.venv/bin/python validate_model.py [shape ...] > results/validate.md
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from fit_timings import replay  # run as a script: bench/ is on sys.path
from timings import CI_ENV, SHAPES, size_mib, units, write_shape

from ci_gen import pipeline
from ci_gen.plan import Job

# Not among the shapes the constants were fitted to (bench/timings.py): eight members
# over every crate family of the four, criterion included.
HELD_OUT: dict[str, dict[str, str]] = {
    "wide": {
        "proto": 'serde = { version = "1", features = ["derive"] }\nserde_json = "1"\n'
        'thiserror = "1"\n',
        "net": 'tokio = { version = "1", features = ["full"] }\n'
        'hyper = { version = "0.14", features = ["full"] }\nproto = { path = "../proto" }\n',
        "img": 'image = "0.24"\nrayon = "1"\n',
        "text": 'regex = "1"\nnom = "7"\nitertools = "0.10"\n',
        "store": 'toml = "0.5"\nwalkdir = "2"\nuuid = "1"\nchrono = "0.4"\n'
        'proto = { path = "../proto" }\n',
        "cli": 'clap = { version = "4", features = ["derive"] }\ntracing = "0.1"\n'
        'tracing-subscriber = "0.3"\nnet = { path = "../net" }\ntext = { path = "../text" }\n',
        "bench": 'criterion = "0.3"\nrand = "0.8"\nimg = { path = "../img" }\n',
        "app": 'anyhow = "1"\ncli = { path = "../cli" }\nstore = { path = "../store" }\n'
        'bench = { path = "../bench" }\n',
    }
}


def build_command(job: Job) -> list[str] | None:
    """The job's command that builds (clippy, or the test build), with --timings."""
    if job.cargo is None:
        return None
    for command in job.cargo.commands:
        argv = list(command.argv)
        if argv[1] == "clippy":
            lint = argv[: argv.index("--")] if "--" in argv else argv
            return [*lint, "--timings"]
        if argv[1] in ("test", "check") and ("--no-run" in argv or argv[1] == "check"):
            return [*argv, "--timings"]
    return None


def measure(root: Path, argv: list[str]) -> tuple[float, float]:
    """(seconds replayed on 4 cores, target GiB) of a cold run of ``argv``."""
    shutil.rmtree(root / "target", ignore_errors=True)
    subprocess.run(argv, cwd=root, check=True, env={**os.environ, **CI_ENV}, capture_output=True)
    ran = [
        {
            "id": u["i"],
            "seconds": u["duration"],
            "rmeta_seconds": u.get("rmeta_time") or u["duration"],
            "unblocks": u.get("unblocked_units", []),
            "unblocks_at_rmeta": u.get("unblocked_rmeta_units", []),
        }
        for u in units(root)
        if u["duration"] > 0
    ]
    return replay(ran, 4), size_mib(root / "target") / 1024


def main() -> None:
    shapes = {**SHAPES, **HELD_OUT}
    chosen = sys.argv[1:] or list(shapes)
    print(
        "| shape | job | build min, predicted | measured (4 cores) | ratio | target GB, "
        "predicted | measured | ratio |"
    )
    print("|---|---|---|---|---|---|---|---|")
    with tempfile.TemporaryDirectory() as tmp:
        for shape in chosen:
            root = Path(tmp) / shape
            write_shape(root, shapes[shape])
            subprocess.run(["cargo", "generate-lockfile", "-q"], cwd=root, check=True)
            subprocess.run(["git", "init", "-q"], cwd=root, check=True)
            text = pipeline.init_manifest(root).text
            text = text.replace("[gate]", '[gate]\nlayout = "gate-first"', 1)
            (root / "ci.toml").write_text(text, encoding="utf-8")
            plan = pipeline.make_plan(root / "ci.toml")
            for job in plan.jobs:
                argv = build_command(job)
                if argv is None or job.disk is None:
                    continue
                terms = dict(job.minutes.terms)
                predicted = terms.get("build", 0.0) + terms.get("clippy", 0.0)
                seconds, gib = measure(root, argv)
                target = dict(job.disk.terms)["target"]
                time_ratio, disk_ratio = predicted * 60 / seconds, target / gib
                print(
                    f"| {shape} | {job.id} | {predicted:.2f} | {seconds / 60:.2f} | "
                    f"{time_ratio:.2f} | {target:.2f} | {gib:.2f} | {disk_ratio:.2f} |",
                    flush=True,
                )


if __name__ == "__main__":
    main()
