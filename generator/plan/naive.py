"""The layout ci-gen replaces, predicted under the same model: one job per OS that runs
everything the plan runs there, one feature set after another, in one target dir.

That is how hand-written workflows usually start: fmt and clippy (and the drift check
when the plan has one), then `cargo test` for each feature set, on each OS. Features
change the build, so each feature set builds again and the target dir keeps every build
(feature churn multiplies it); nothing is sharded or cleaned up. With more than one OS,
it has the plan's all-green job too, so that branch protection requires one check.
"""

from __future__ import annotations

import math
from collections.abc import Mapping

from ..manifest import Closures, Manifest, Runner
from . import predict
from .bounds import Naive, NaiveJob
from .commands import Build
from .constants import ALL_GREEN_MIN, DRIFT_MIN, FMT_MIN
from .jobs import drift_check
from .jobs.per_os import row_work
from .lints import set_lints
from .machine import extras_for
from .rows import Row, full_runners, matrix_rows
from .selection import clippy_examples, costed, spec_of


def naive(manifest: Manifest, runners: Mapping[str, Runner]) -> Naive:
    graph = Closures(manifest.crates)
    rows = matrix_rows(manifest, runners)
    home = full_runners(manifest)[0]
    jobs = []
    for name in manifest.matrix.os:
        runner = runners[name]
        mine = [r for r in rows if r.runner.name == name]
        steps = [_row(manifest, graph, r) for r in mine]
        if name == home:
            steps += _lint(manifest, runner)
        # the packages and services the plan's jobs on this runner have, once
        kinds = ("test", "gate") if name == home else ("test",)
        extras = extras_for(manifest, runner, kinds, [r.feature_set for r in mine])
        steps += [(t, 0.0) for _, t in extras.minutes]
        minutes = manifest.model.setup_min + math.fsum(m for m, _ in steps)
        target = math.fsum(gb for _, gb in steps)
        toolchains = len({r.toolchain for r in mine})
        fixed = predict.disk_terms(0.0, manifest.model, toolchains, extras.disk)
        peak = math.fsum(gb for _, gb in fixed)
        # the plan's budget for the runner's rows: a smoke runner's is smoke-minutes
        budget, key = (mine[0].budget, mine[0].budget_key) if mine else (0.0, "")
        share = manifest.budgets.disk
        jobs.append(NaiveJob(name, minutes, peak + target, runner.free_gb, budget, key, share))
    green = ALL_GREEN_MIN if len(jobs) > 1 else 0.0
    weighted = math.fsum(j.minutes * runners[j.runner].price for j in jobs) + green
    return Naive(tuple(jobs), weighted, green)


def _row(manifest: Manifest, graph: Closures, row: Row) -> tuple[float, float]:
    """(minutes, target GB) of one row's build and test (or check), all its crates at
    once: the same figures one job per OS runs it with."""
    work = row_work(manifest, row, graph, manifest.workspace.toolchain, labelled=False)
    return work.build_min + work.test_min, work.target_gb


def _lint(manifest: Manifest, runner: Runner) -> list[tuple[float, float]]:
    """The gate's work, as the plan's gate does it: drift, fmt, clippy."""
    gate = manifest.gate
    checks = [(DRIFT_MIN if drift_check(gate) else 0.0, 0.0), (FMT_MIN if gate.fmt else 0.0, 0.0)]
    return checks + ([_clippy(manifest, runner)] if gate.clippy else [])


def _clippy(manifest: Manifest, runner: Runner) -> tuple[float, float]:
    """The workspace's clippy and the feature sets' runs, as the plan's gate runs them."""
    args = manifest.gate.clippy_args
    crates = costed(manifest.crates, spec_of(args), examples=clippy_examples(args), check=True)
    load = predict.load_of((), (crates[n] for n in sorted(crates)))
    lints = set_lints(manifest, Build.of(manifest, runner))
    minutes = predict.build_minutes(load.build + lints.minutes, runner)
    return minutes, predict.target_gb(load.gb + lints.gb, manifest.profile, check=True)
