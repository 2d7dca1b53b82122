#!/usr/bin/env python3
"""The plan against the naive layout on workspace shapes as `ci-gen init` writes them.

Each shape is a synthetic Cargo workspace (members in layers, each depending on one to
three members below it) with a Cargo.lock whose external packages are either a few heavy
trees (three roots of 60 packages each, like tokio, bevy or a database driver) or many
light ones (fifty roots of three packages each). `init`'s own estimator turns it into a
ci.toml, exactly as for a real repository; the planner then plans it with the defaults
(one Linux row, the default feature set), with more rows on Linux (an all-features set,
an MSRV check), and with those and macOS. Writes the table to docs/shapes.md:

    .venv/bin/python bench/shapes.py
"""

from __future__ import annotations

import random
import sys
from pathlib import Path

import attrs

from ci_gen.bootstrap import estimate, render_manifest
from ci_gen.cargo import Branch, CargoWorkspace, LockPackage, Member, Targets
from ci_gen.manifest import FeatureSet, Manifest, Matrix, loads
from ci_gen.output import report
from ci_gen.output.origin import make_origin
from ci_gen.plan import EPSILON, plan

SIZES = (1, 5, 20, 100, 1000)
REGISTRY = "registry+https://github.com/rust-lang/crates.io-index"
DOC = Path(__file__).resolve().parent.parent / "docs" / "shapes.md"


def externals(kind: str) -> dict[str, list[str]]:
    """root package -> the packages of its tree (the root first)."""
    roots, size = (3, 60) if kind == "heavy" else (50, 3)
    return {f"{kind}{r}": [f"{kind}{r}-{i}" for i in range(size)] for r in range(roots)}


def workspace(n: int, kind: str, seed: int = 11) -> CargoWorkspace:
    rnd = random.Random(seed)
    trees = externals(kind)
    roots = sorted(trees)
    names = [f"crate-{i:04d}" for i in range(n)]
    members, lock = [], {}
    for tree in trees.values():
        for i, name in enumerate(tree):
            below = tree[i + 1 : i + 3]  # a chain with shortcuts: the tree hangs together
            package = LockPackage(name, "1.0.0", REGISTRY, tuple(f"{b} 1.0.0" for b in below))
            lock[package.id] = package
    for index, name in enumerate(names):
        deps = sorted(rnd.sample(names[:index], min(index, rnd.randint(1, 3)))) if index else []
        used = rnd.sample(roots, min(len(roots), rnd.randint(1, 2 if kind == "heavy" else 4)))
        members.append(
            Member(
                name,
                f"crates/{name}",
                deps=tuple(deps),
                targets=Targets(lib=True, tests=("it",)),
                source_bytes=rnd.randint(4, 64) * 1024,
                test_fns=rnd.randint(2, 40),
                external=tuple(sorted(trees[u][0] for u in used)),
            )
        )
        ids = [f"{d} 0.1.0" for d in deps] + [f"{trees[u][0]} 1.0.0" for u in used]
        lock[f"{name} 0.1.0"] = LockPackage(name, "0.1.0", None, tuple(sorted(ids)))
    return CargoWorkspace(members=tuple(members), lock=dict(sorted(lock.items())))


MATRICES = ("one row", "rows", "full")


def widened(m: Manifest, matrix: str) -> Manifest:
    """``rows``: an all-features set and an MSRV check on Linux; ``full``: the same, and
    macOS (which runs the smoke set, the default one)."""
    sets = {"default": FeatureSet(), "all": FeatureSet(all_features=True)}
    os = ("ubuntu", "macos") if matrix == "full" else ("ubuntu",)
    return attrs.evolve(
        m,
        workspace=attrs.evolve(m.workspace, msrv="1.70"),
        feature_sets=sets,
        matrix=Matrix(os=os, msrv="check"),
    )


def row(n: int, kind: str, matrix: str) -> str:
    ws = workspace(n, kind)
    text = render_manifest(ws, estimate(ws), Branch("main", known=True))
    manifest = loads(text, "ci.toml")
    if matrix != "one row":
        manifest = widened(manifest, matrix)
    p = plan(manifest, make_origin(Path("ci.toml"), Path()))
    t = report.totals(p)
    naive = p.naive
    chosen = next(x.name for x in p.layouts if x.chosen)
    runs = "yes" if naive.fits else "no"
    kept = t.critical_minutes <= naive.critical_bound + EPSILON
    kept = kept and t.weighted_minutes <= naive.weighted_bound + EPSILON
    return (
        f"| {n} | {kind} | {matrix} | {chosen} | {t.jobs} | {t.critical_minutes:.1f} | "
        f"{naive.critical_minutes:.1f} | {t.critical_minutes / naive.critical_minutes:.2f} | "
        f"{t.weighted_minutes:.1f} | {naive.weighted_minutes:.1f} | "
        f"{t.weighted_minutes / naive.weighted_minutes:.2f} | {runs} | "
        f"{'kept' if kept else 'MISSED'} |"
    )


def main() -> None:
    lines = [
        "# The plan against the naive layout, by workspace shape",
        "",
        "Written by `bench/shapes.py` (run it to refresh): synthetic workspaces as `ci-gen",
        "init` bootstraps them, planned with the defaults (`one row`: Linux, the default",
        "feature set), with more rows (`rows`: an all-features set and an MSRV check on",
        "Linux) and with those and macOS (`full`: macOS runs the default set). Minutes are",
        "predictions of the cost model",
        "(docs/model.md), for the plan and for the naive layout alike; runner-minutes are",
        "weighted by runner price (macOS 10 x Linux). `naive runs`: each naive job fits its",
        "runner's disk and the 30-minute job budget; `bound`: the plan keeps the bound the",
        'naive layout sets (docs/model.md, "Comparison with the naive layout").',
        "",
        "| crates | dependencies | matrix | layout | jobs | critical path | naive | ratio "
        "| runner-minutes | naive | ratio | naive runs | bound |",
        "|---|---|---|---|---|---|---|---|---|---|---|---|---|",
    ]
    for matrix in MATRICES:
        for n in SIZES:
            for kind in ("heavy", "light"):
                lines.append(row(n, kind, matrix))
                print(lines[-1], file=sys.stderr, flush=True)
    lines += ["", *SUMMARY]
    DOC.write_text("\n".join(lines) + "\n", encoding="utf-8")


SUMMARY = [
    "With one row, up to 20 crates the plan is one job that lints and tests (lint in",
    "tests): the naive job itself, named `all green`, the check branch protection",
    "requires whatever the layout. With more rows on Linux, the small workspaces run them",
    "all in that one job (one job per OS): jobs of their own would each pay setup, over",
    "1.25 x the naive runner-minutes. With macOS too, its job (at ten times the price)",
    "dominates the runner-minutes, so the Linux rows can have jobs of their own within the",
    "bound. From 100 crates on, sharding pays in critical path at a bounded price in",
    "runner-minutes. Both sides are predictions of the same model; bench/validate_model.py",
    "measures how its predictions match real cold cargo builds, job by job",
    "(bench/results/validate.md).",
]


if __name__ == "__main__":
    main()
