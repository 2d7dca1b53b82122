#!/usr/bin/env python3
"""Measure what a cold Cargo build costs per dependency and per KiB of own source.

The constants of `ci-gen init`'s estimator (docs/model.md) come from this script. It
builds, offline, a small workspace against the crate sources Debian packages ship
(`apt-get install librust-serde-dev librust-serde-json-dev librust-regex-dev
librust-clap-dev librust-tokio-dev librust-anyhow-dev librust-thiserror-dev`), twice:
once as is, once with generated source added to one crate, and prints per-package and
per-KiB figures for each CI profile. With --examples it measures instead what example
targets cost: the same workspace with EXAMPLES examples added to the cli crate, built by
`cargo test --no-run` and checked by `cargo clippy --all-targets`, against none.
Run by hand: python3 bench/measure_cargo.py [--examples]
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
import tomllib
from pathlib import Path

REGISTRY = Path("/usr/share/cargo/registry")
CONFIG = f"""
[source.crates-io]
replace-with = "debian"
[source.debian]
directory = "{REGISTRY}"
[net]
offline = true
"""
CRATES = {
    "core": (
        'serde = { version = "1", features = ["derive"] }\nserde_json = "1"\n'
        'regex = "1"\nanyhow = "1"\nthiserror = "1"\n'
    ),
    "store": 'tokio = { version = "1", features = ["full"] }\ncore = { path = "../core" }\n',
    "cli": (
        'clap = { version = "4", features = ["derive"] }\n'
        'tokio = { version = "1", features = ["full"] }\nstore = { path = "../store" }\n'
    ),
}
PROFILES = {
    "default": {},
    "incremental off": {"CARGO_INCREMENTAL": "0"},
    "line-tables-only": {
        "CARGO_INCREMENTAL": "0",
        "CARGO_PROFILE_DEV_DEBUG": "line-tables-only",
        "CARGO_PROFILE_TEST_DEBUG": "line-tables-only",
    },
    "debuginfo 0": {
        "CARGO_INCREMENTAL": "0",
        "CARGO_PROFILE_DEV_DEBUG": "0",
        "CARGO_PROFILE_TEST_DEBUG": "0",
    },
}


def write_workspace(root: Path, extra_kib: int) -> None:
    (root / ".cargo").mkdir(parents=True)
    (root / ".cargo/config.toml").write_text(CONFIG)
    (root / "Cargo.toml").write_text(
        '[workspace]\nmembers = ["core", "store", "cli"]\nresolver = "2"\n'
    )
    for name, deps in CRATES.items():
        src = root / name / "src"
        src.mkdir(parents=True)
        (root / name / "Cargo.toml").write_text(
            f'[package]\nname = "{name}"\nversion = "0.1.0"\nedition = "2021"\n\n'
            f"[dependencies]\n{deps}"
        )
        body = (
            "pub fn answer() -> u32 { 42 }\n#[test]\nfn it_works() { assert_eq!(answer(), 42); }\n"
        )
        (src / "lib.rs").write_text(body + generated(extra_kib if name == "core" else 0))


def generated(kib: int) -> str:
    """About ``kib`` KiB of ordinary Rust: small functions with a test each."""
    out: list[str] = []
    i = 0
    while sum(len(chunk) for chunk in out) < kib * 1024:
        out.append(
            f"pub fn f{i}(x: u64) -> u64 {{ x.wrapping_mul({i} + 7) ^ (x >> 3) }}\n"
            f"#[test]\nfn t{i}() {{ assert_eq!(f{i}(0), 0); }}\n"
        )
        i += 1
    return "".join(out)


def size_kib(path: Path) -> int:
    return sum(p.stat().st_size for p in path.rglob("*") if p.is_file()) // 1024


def build(root: Path, env: dict[str, str]) -> tuple[int, float]:
    shutil.rmtree(root / "target", ignore_errors=True)
    start = time.monotonic()
    subprocess.run(
        ["cargo", "test", "--workspace", "--no-run", "-q"],
        cwd=root,
        check=True,
        env={**os.environ, **env},
        capture_output=True,
    )
    return size_kib(root / "target"), time.monotonic() - start


EXAMPLES = 40
EXAMPLE = """\
use clap::Parser;

#[derive(Parser)]
struct Args {
    #[arg(long, default_value_t = 3)]
    count: u32,
}

#[tokio::main]
async fn main() {
    let args = Args::parse();
    let text = serde_json::json!({"n": args.count, "which": N}).to_string();
    println!("{text} {}", cli::answer() + args.count);
}
"""


def add_examples(root: Path, count: int) -> None:
    """``count`` examples in cli, each a small program over clap, tokio and serde_json."""
    manifest = root / "cli/Cargo.toml"
    manifest.write_text(manifest.read_text() + 'serde_json = "1"\n')
    examples = root / "cli/examples"
    examples.mkdir()
    for n in range(count):
        (examples / f"ex{n:03}.rs").write_text(EXAMPLE.replace("N", str(n)))


def timed(root: Path, argv: list[str]) -> tuple[int, float]:
    shutil.rmtree(root / "target", ignore_errors=True)
    start = time.monotonic()
    subprocess.run(argv, cwd=root, check=True, capture_output=True)
    return size_kib(root / "target"), time.monotonic() - start


def measure_examples() -> None:
    commands = {
        "cargo test --no-run": ["cargo", "test", "--workspace", "--no-run", "-q"],
        "cargo clippy --all-targets": ["cargo", "clippy", "--workspace", "--all-targets", "-q"],
    }
    report: dict[str, object] = {"examples": EXAMPLES, "cores": os.cpu_count()}
    with tempfile.TemporaryDirectory() as tmp:
        plain, more = Path(tmp) / "plain", Path(tmp) / "examples"
        for root in (plain, more):
            write_workspace(root, 0)
        add_examples(more, EXAMPLES)
        add_examples(plain, 0)  # the same dependencies, no examples
        for what, argv in commands.items():
            (kib, secs), (kib_more, secs_more) = timed(plain, argv), timed(more, argv)
            report[what] = {
                "target_mib": [round(kib / 1024, 1), round(kib_more / 1024, 1)],
                "seconds": [round(secs, 1), round(secs_more, 1)],
                "mib_per_example": round((kib_more - kib) / 1024 / EXAMPLES, 2),
                "seconds_per_example": round((secs_more - secs) / EXAMPLES, 3),
            }
    print(json.dumps(report, indent=2))


def main() -> None:
    if not REGISTRY.is_dir():
        sys.exit(f"{REGISTRY} is missing: install the librust-*-dev packages listed above")
    if sys.argv[1:] == ["--examples"]:
        measure_examples()
        return
        sys.exit(f"{REGISTRY} is missing: install the librust-*-dev packages listed above")
    results = {}
    with tempfile.TemporaryDirectory() as tmp:
        for extra in (0, 256):
            root = Path(tmp) / f"ws{extra}"
            write_workspace(root, extra)
            for profile, env in PROFILES.items():
                results[(extra, profile)] = build(root, env)
        lock = tomllib.loads((Path(tmp) / "ws0" / "Cargo.lock").read_text())
    external = [p for p in lock["package"] if "source" in p]
    profiles: dict[str, dict[str, float]] = {}
    report = {"external_packages": len(external), "cores": os.cpu_count(), "profiles": profiles}
    for profile in PROFILES:
        kib, secs = results[(0, profile)]
        kib_more, secs_more = results[(256, profile)]
        profiles[profile] = {
            "target_mib": round(kib / 1024, 1),
            "seconds": round(secs, 1),
            "mib_per_external_package": round(kib / 1024 / len(external), 2),
            "seconds_per_external_package": round(secs / len(external), 2),
            "target_mib_per_kib_of_source": round((kib_more - kib) / 1024 / 256, 3),
            "seconds_per_kib_of_source": round((secs_more - secs) / 256, 3),
        }
    print(json.dumps(report, indent=2))


if __name__ == "__main__":
    main()
