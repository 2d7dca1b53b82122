#!/usr/bin/env python3
"""Measure what cold cargo builds of real workspaces spend, unit by unit.

Builds, offline, several workspace shapes against the crate sources Debian ships in
/usr/share/cargo/registry (install the `librust-*-dev` packages each shape names), from
a clean target dir each time, under the CI profile ci-gen renders (CARGO_INCREMENTAL=0,
line-tables-only debuginfo):

    cargo test --workspace --no-run --timings     what a test job builds
    cargo clippy --workspace --all-targets        what the gate builds

and records, per shape and command, the wall time, the target dir size, and every unit
cargo's --timings report lists (package, kind, seconds, and which units its end or its
metadata unblocks) with the .rs KiB of the package's sources. bench/fit_timings.py
replays them on more cores and fits the estimator's constants to them.

Run by hand (about ten minutes on two cores): python3 bench/timings.py > bench/results/timings.json
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
import tomllib
from pathlib import Path
from typing import Any

from measure_cargo import CONFIG, REGISTRY  # run as a script: bench/ is on sys.path

CI_ENV = {
    "CARGO_INCREMENTAL": "0",
    "CARGO_PROFILE_DEV_DEBUG": "line-tables-only",
    "CARGO_PROFILE_TEST_DEBUG": "line-tables-only",
    "CARGO_TERM_COLOR": "never",
}

# shape -> member -> dependency lines (members named in deps are path dependencies)
SHAPES: dict[str, dict[str, str]] = {
    "few-heavy": {
        "server": 'tokio = { version = "1", features = ["full"] }\n'
        'hyper = { version = "0.14", features = ["full"] }\n',
        "imaging": 'image = "0.24"\nrayon = "1"\n',
        "app": 'server = { path = "../server" }\nimaging = { path = "../imaging" }\n',
    },
    "many-light": {
        f"c{i}": dep
        for i, dep in enumerate(
            [
                'itertools = "0.10"\n',
                'walkdir = "2"\n',
                'toml = "0.5"\n',
                'nom = "7"\n',
                'uuid = "1"\n',
                'rand = "0.8"\n',
                'chrono = "0.4"\n',
                'anyhow = "1"\n',
                'c0 = { path = "../c0" }\nc1 = { path = "../c1" }\n',
                'c2 = { path = "../c2" }\nc3 = { path = "../c3" }\nc8 = { path = "../c8" }\n',
            ]
        )
    },
    "proc-macros": {
        "model": 'serde = { version = "1", features = ["derive"] }\nthiserror = "1"\n',
        "cli": 'clap = { version = "4", features = ["derive"] }\nmodel = { path = "../model" }\n',
        "trace": 'tracing = "0.1"\ntracing-subscriber = "0.3"\nmodel = { path = "../model" }\n',
    },
    "mixed": {
        "core": 'serde = { version = "1", features = ["derive"] }\nserde_json = "1"\nregex = "1"\n'
        'anyhow = "1"\nthiserror = "1"\n',
        "store": 'tokio = { version = "1", features = ["full"] }\ncore = { path = "../core" }\n',
        "cli": 'clap = { version = "4", features = ["derive"] }\n'
        'tokio = { version = "1", features = ["full"] }\nstore = { path = "../store" }\n',
    },
}
COMMANDS = {
    "test": ["cargo", "test", "--workspace", "--no-run", "--timings", "-q"],
    "clippy": ["cargo", "clippy", "--workspace", "--all-targets", "--timings", "-q"],
}
MEMBER_SOURCE = """\
pub fn answer() -> u32 {
    42
}

#[cfg(test)]
mod tests {
    #[test]
    fn answer() {
        assert_eq!(super::answer(), 42);
    }
}
"""


def write_shape(root: Path, members: dict[str, str]) -> None:
    (root / ".cargo").mkdir(parents=True)
    (root / ".cargo/config.toml").write_text(CONFIG)
    listed = ", ".join(f'"{m}"' for m in members)
    (root / "Cargo.toml").write_text(f'[workspace]\nmembers = [{listed}]\nresolver = "2"\n')
    for name, deps in members.items():
        (root / name / "src").mkdir(parents=True)
        (root / name / "Cargo.toml").write_text(
            f'[package]\nname = "{name}"\nversion = "0.1.0"\nedition = "2021"\n\n'
            f"[dependencies]\n{deps}"
        )
        (root / name / "src/lib.rs").write_text(MEMBER_SOURCE)
        (root / name / "tests").mkdir()
        (root / name / "tests/it.rs").write_text(f"#[test]\nfn links() {{ {name}::answer(); }}\n")


def kib(folder: Path) -> float:
    return sum(p.stat().st_size for p in folder.rglob("*.rs") if p.is_file()) / 1024


def size_mib(folder: Path) -> float:
    return sum(p.stat().st_size for p in folder.rglob("*") if p.is_file()) / 2**20


def units(root: Path) -> list[dict[str, Any]]:
    html = (root / "target/cargo-timings/cargo-timing.html").read_text()
    found = re.search(r"const UNIT_DATA = (\[.*?\]);\n", html, re.S)
    assert found, "no UNIT_DATA in cargo's timings report"
    return list(json.loads(found.group(1)))


def package_facts(root: Path, name: str, version: str) -> tuple[float, bool]:
    """(.rs KiB, is a proc-macro) of a package: a member or a registry crate."""
    folder = (
        root / name if (root / name / "Cargo.toml").is_file() else REGISTRY / f"{name}-{version}"
    )
    if not folder.is_dir():
        return 0.0, False
    manifest = tomllib.loads((folder / "Cargo.toml").read_text())
    return kib(folder), manifest.get("lib", {}).get("proc-macro", False) is True


KINDS = (  # (marker in the target text, kind), first match wins
    ("build-script (run)", "build-script-run"),
    ("build-script", "build-script"),
    ("(check-test)", "check-test"),
    ("(check)", "check"),
    ("(test)", "test"),
    ('"example"', "example"),
    ('"bench"', "bench"),
    ('"bin"', "bin"),
)


def kind_of(target: str) -> str:
    """lib, build-script, build-script-run, check, test, example, bin..."""
    if target == "":
        return "lib"
    return next((kind for marker, kind in KINDS if marker in target), target.strip())


def measure(shape: str, members: dict[str, str], tmp: Path) -> dict[str, Any]:
    root = tmp / shape
    write_shape(root, members)
    out: dict[str, Any] = {"members": sorted(members)}
    for command, argv in COMMANDS.items():
        shutil.rmtree(root / "target", ignore_errors=True)
        start = time.monotonic()
        subprocess.run(
            argv, cwd=root, check=True, env={**os.environ, **CI_ENV}, capture_output=True
        )
        wall = time.monotonic() - start
        records = []
        for unit in units(root):
            source, macro = package_facts(root, unit["name"], unit["version"])
            kind = kind_of(unit["target"])
            records.append(
                {
                    "package": f"{unit['name']} {unit['version']}",
                    "kind": "proc-macro" if macro and kind == "lib" else kind,
                    "member": unit["name"] in members,
                    "seconds": round(unit["duration"], 3),
                    "source_kib": round(source, 1),
                    # the unit graph, for scheduling the same units on more cores
                    "id": unit["i"],
                    "start": round(unit["start"], 3),
                    "rmeta_seconds": round(unit.get("rmeta_time") or unit["duration"], 3),
                    "unblocks": unit.get("unblocked_units", []),
                    "unblocks_at_rmeta": unit.get("unblocked_rmeta_units", []),
                }
            )
        out[command] = {
            "wall_seconds": round(wall, 1),
            "target_mib": round(size_mib(root / "target"), 1),
            "units": records,
        }
    lock = tomllib.loads((root / "Cargo.lock").read_text())
    out["external_packages"] = sum(1 for p in lock["package"] if "source" in p)
    return out


def main() -> None:
    if not REGISTRY.is_dir():
        sys.exit(f"{REGISTRY} is missing: install the librust-*-dev packages the shapes use")
    chosen = sys.argv[1:] or list(SHAPES)
    report: dict[str, Any] = {
        "cores": os.cpu_count(),
        "cargo": subprocess.run(
            ["cargo", "--version"], check=True, capture_output=True, text=True
        ).stdout.strip(),
        "env": CI_ENV,
        "shapes": {},
    }
    with tempfile.TemporaryDirectory() as tmp:
        for shape in chosen:
            print(f"building {shape}", file=sys.stderr, flush=True)
            report["shapes"][shape] = measure(shape, SHAPES[shape], Path(tmp))
    print(json.dumps(report, indent=1))


if __name__ == "__main__":
    main()
