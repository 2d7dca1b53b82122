#!/usr/bin/env python3
"""How plan and render time and memory grow with the workspace: 10, 100, 1000 crates.

Synthetic workspaces: crates in layers, each depending on one to four crates of the two
layers below (a DAG, like real workspaces: a core, storage, services, binaries), plus
dev-dependencies, one in ten pointing upwards to close a cycle as real workspaces do.
Build costs are shares of a whole-workspace build of about 25 GB and 40 minutes, however
many crates share it; each crate's tests take 0.1 to 2 minutes. Run by hand, from the
repository with ci-gen installed:

    .venv/bin/python bench/scale.py            # the README's table
    .venv/bin/python bench/scale.py 10 100 1000 3000
"""

from __future__ import annotations

import functools
import gc
import random
import sys
import time
import tracemalloc
from collections.abc import Callable
from pathlib import Path

from ci_gen.manifest import (
    Budgets,
    Cost,
    Crate,
    FeatureSet,
    Manifest,
    Matrix,
    Role,
)
from ci_gen.output.lint import lint
from ci_gen.output.origin import make_origin
from ci_gen.output.render import render
from ci_gen.plan import Plan, plan

ORIGIN = make_origin(Path("ci.toml"), Path())


def synthetic(n: int, shape: str = "clustered", seed: int = 7) -> Manifest:
    """A workspace of ``n`` crates. ``clustered``: subsystems of about 25 crates over a
    shared foundation of 20, so closures stay bounded as real monorepos' do; ``layered``:
    every crate may depend on the two layers below it, so closures grow with ``n``."""
    rnd = random.Random(seed)
    names = [f"crate-{i:04d}" for i in range(n)]
    groups = _clusters(names) if shape == "clustered" else _layers(names)
    crates = {}
    for name in names:
        below, around = groups[name]
        deps = rnd.sample(below, min(len(below), rnd.randint(1, 4))) if below else []
        dev = rnd.sample(around, min(len(around), rnd.randint(0, 2)))
        if rnd.random() < 0.1:
            dev.append(rnd.choice(names))  # upwards: a dev-dependency cycle
        roles: list[Role] = ["tested", "support", "bench", "example"]
        role = rnd.choices(roles, [85, 5, 5, 5])[0]
        share = rnd.uniform(0.5, 1.5) / n
        crates[name] = Crate(
            path=f"crates/{name}",
            deps=tuple(sorted(deps)),
            dev_deps=tuple(sorted(set(dev))),
            role=role,
            cost=Cost(25 * share, 40 * share, rnd.uniform(0.1, 2.0)),
        )
    tested = sorted(n for n, c in crates.items() if c.role == "tested")
    subset = tuple(rnd.sample(tested, max(1, len(tested) // 10)))
    return Manifest(
        crates=crates,
        feature_sets={"default": FeatureSet(), "subset": FeatureSet(crates=subset)},
        matrix=Matrix(os=("ubuntu",)),
        budgets=Budgets(job_minutes=60),
    )


Groups = dict[str, tuple[list[str], list[str]]]  # crate -> (may depend on, may dev-depend on)


def _layers(names: list[str]) -> Groups:
    layers = max(3, len(names).bit_length())
    layer = {name: i * layers // len(names) for i, name in enumerate(names)}
    out: Groups = {}
    for i, name in enumerate(names):
        below = [c for c in names[:i] if layer[name] - 2 <= layer[c] < layer[name]]
        out[name] = (below, names[: i + 1])
    return out


def _clusters(names: list[str]) -> Groups:
    foundation, rest = names[:20], names[20:]
    out: Groups = {}
    for i, name in enumerate(foundation):
        out[name] = (foundation[:i], foundation[: i + 1])
    for start in range(0, len(rest), 25):
        cluster = rest[start : start + 25]
        for i, name in enumerate(cluster):
            out[name] = (foundation[-8:] + cluster[:i], cluster)
    return out


def measure(action: Callable[[], object]) -> tuple[float, float]:
    """(seconds, peak MiB allocated) of the best of three runs."""
    best = (float("inf"), 0.0)
    for _ in range(3):
        gc.collect()
        tracemalloc.start()
        start = time.perf_counter()
        action()
        seconds = time.perf_counter() - start
        peak = tracemalloc.get_traced_memory()[1] / 2**20
        tracemalloc.stop()
        best = min(best, (seconds, peak))
    return best


def _render_and_lint(planned: Plan) -> None:
    lint(render(planned))


def main(sizes: list[int]) -> None:
    print(
        "| shape | crates | jobs | plan s | plan MiB | render+lint s | render+lint MiB "
        "| ci.yml KiB |"
    )
    print("|---|---|---|---|---|---|---|---|")
    for shape, n in [(shape, n) for shape in ("clustered", "layered") for n in sizes]:
        manifest = synthetic(n, shape)
        planned = plan(manifest, ORIGIN)
        files = render(planned)
        size = len(files[".github/workflows/ci.yml"].encode()) / 1024
        plan_s, plan_mib = measure(functools.partial(plan, manifest, ORIGIN))
        render_s, render_mib = measure(functools.partial(_render_and_lint, planned))
        print(
            f"| {shape} | {n} | {len(planned.jobs)} | {plan_s:.3f} | {plan_mib:.1f} | "
            f"{render_s:.3f} | {render_mib:.1f} | {size:.0f} |"
        )


if __name__ == "__main__":
    main([int(a) for a in sys.argv[1:]] or [10, 100, 1000])
