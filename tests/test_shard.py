"""Sharding and cleanup tiers: every tested crate runs once per row, every shard fits.

``shard.pack`` is tested with hand-written ``fits`` functions; the planner's use of it
with manifests built from ``ci_gen.model`` objects (or written as TOML and loaded).
Expected disk figures are derived from the runner table and the model constants, so the
tests state the rule ("fits 70 % of the free disk") rather than a copy of its output.
"""

from __future__ import annotations

import json
import math
import os
import subprocess
import sys
from collections import defaultdict
from collections.abc import Callable, Iterable, Mapping
from typing import Any

import attrs
import pytest
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from ci_gen.errors import BudgetError
from ci_gen.manifest import (
    Budgets,
    CleanupTier,
    Crate,
    FeatureSet,
    Gate,
    Manifest,
    Matrix,
    Profile,
    Role,
    Runner,
    RunnerSpec,
    Workspace,
    load,
    resolve,
)
from ci_gen.manifest import constants as model_terms
from ci_gen.output.origin import make_origin
from ci_gen.plan import Job, Origin, Plan, constants, critical_path, plan
from ci_gen.plan.predict import EPSILON
from ci_gen.plan.rows import matrix_rows
from ci_gen.plan.shard import Load, Shard, balanced_pack, pack

from .conftest import GOLDEN, REPO, ManifestFactory
from .factories import crate

ORIGIN = Origin("ci.toml", "0.1.0", "ci-gen render", "ci-gen check")
FIXED_GB = model_terms.CHECKOUT_GB + model_terms.TOOLCHAIN_GB + model_terms.REGISTRY_GB
# target/ relative to build-gb under the default CI profile (line tables, no incremental).
CI_FACTOR = constants.DEBUGINFO_FACTOR["line-tables-only"] * constants.INCREMENTAL_OFF_FACTOR
# A profile under which target/ is exactly the sum of build-gb: easy thresholds.
RAW = Profile(debuginfo="full", incremental=True)
Row = tuple[str, str, str, str]  # kind, runner, toolchain, feature set


def runner(name: str) -> Runner:
    """A built-in runner profile as the planner sees it."""
    return resolve(Manifest())[name]


# The tests here look at shards and their budgets: the gate stays a job of its own.
GATE_FIRST = Gate(layout="gate-first")


def workspace(*crates: tuple[str, Crate], **fields: Any) -> Manifest:
    return attrs.evolve(Manifest(crates=dict(crates), gate=GATE_FIRST), **fields)


def named(
    name: str,
    deps: tuple[str, ...] = (),
    *,
    gb: float = 1.0,
    build: float = 2.0,
    test: float = 1.0,
) -> tuple[str, Crate]:
    return name, crate(name, deps, gb=gb, build=build, test=test)


def shard_jobs(p: Plan) -> list[Job]:
    return [j for j in p.jobs if j.kind in ("test", "check")]


def rows(p: Plan) -> dict[Row, list[Job]]:
    out: dict[Row, list[Job]] = defaultdict(list)
    for job in shard_jobs(p):
        out[(job.kind, job.runner, job.toolchain, job.feature_set)].append(job)
    return dict(out)


def packages(jobs: Iterable[Job]) -> list[tuple[str, ...]]:
    return [j.cargo.packages if j.cargo else () for j in jobs]


def budget_error(m: Manifest) -> BudgetError:
    with pytest.raises(BudgetError) as caught:
        plan(m, ORIGIN)
    return caught.value


def only_test_job(p: Plan) -> Job:
    (job,) = [j for j in p.jobs if j.kind == "test"]
    return job


# ---------------------------------------------------------------------------------------
# shard.pack on its own


def weights_of(build: Mapping[str, float], test: Mapping[str, float]) -> dict[str, Load]:
    return {n: Load(0.0, build[n], test.get(n, 0.0)) for n in build}


def fits_by_sum(cap: float) -> Callable[[Load], float | None]:
    def fits(load: Load) -> float | None:
        minutes = load.build + load.test
        return minutes if minutes <= cap else None

    return fits


def test_pack_puts_every_crate_in_exactly_one_shard() -> None:
    names = [f"c{i}" for i in range(9)]
    closures = {n: frozenset([n, "common"]) for n in names}
    build = dict.fromkeys(names, 1.0) | {"common": 2.0}
    test = {n: float(i + 1) for i, n in enumerate(names)}
    order = sorted(names, key=lambda n: -test[n])
    shards = pack(order, closures, weights_of(build, test), fits_by_sum(cap=16.0))
    tested = [n for s in shards for n in s.tested]
    assert sorted(tested) == names
    assert len(tested) == len(set(tested))
    for s in shards:
        assert s.minutes <= 16.0
        assert s.built == frozenset().union(*(closures[n] for n in s.tested))
        assert s.minutes == math.fsum(build[n] for n in s.built) + math.fsum(
            test[n] for n in s.tested
        )
    # 45 minutes of tests plus 3 of build per shard cannot fit in fewer than 4 shards of 16.
    assert len(shards) == 4


def test_pack_packs_everything_in_one_shard_when_it_fits() -> None:
    closures = {n: frozenset([n]) for n in "abc"}
    weights = weights_of(dict.fromkeys("abc", 1.0), {})
    shards = pack(["a", "b", "c"], closures, weights, fits_by_sum(cap=10.0))
    assert shards == [Shard(frozenset("abc"), frozenset("abc"), 3.0)]


@pytest.mark.parametrize(
    ("friend", "expected"), [("H", [["x", "y"], ["z"]]), ("G", [["x"], ["y", "z"]])]
)
def test_pack_joins_the_shard_that_already_builds_the_dependencies(
    friend: str, expected: list[list[str]]
) -> None:
    """x and z cannot share a shard (24 > 23 minutes); y fits either and goes where its
    dependency is built."""
    closures = {
        "x": frozenset(["x", "H"]),
        "z": frozenset(["z", "G"]),
        "y": frozenset(["y", friend]),
    }
    build = {"x": 1.0, "z": 1.0, "y": 1.0, "H": 10.0, "G": 10.0}
    test = {"x": 1.0, "z": 1.0, "y": 1.0}
    shards = pack(["x", "z", "y"], closures, weights_of(build, test), fits_by_sum(cap=23.0))
    assert [sorted(s.tested) for s in shards] == expected
    # Beside its dependency y adds 2 minutes (its build and tests), not 12.
    assert sorted(s.minutes for s in shards) == [12.0, 14.0]


def test_pack_opens_a_new_shard_when_no_shard_can_take_a_crate() -> None:
    closures = {n: frozenset([n]) for n in "abc"}
    weights = weights_of({"a": 5.0, "b": 5.0, "c": 5.0}, {})
    shards = pack(["a", "b", "c"], closures, weights, fits_by_sum(10.0))
    assert [sorted(s.tested) for s in shards] == [["a", "b"], ["c"]]
    assert [s.minutes for s in shards] == [10.0, 5.0]


def test_pack_keeps_a_crate_that_fits_nowhere_alone() -> None:
    """Reported by the caller; its shard claims 0 minutes and takes no other crate."""
    closures = {n: frozenset([n]) for n in ("big", "a", "b")}
    weights = weights_of({"big": 50.0, "a": 1.0, "b": 1.0}, {})
    shards = pack(["big", "a", "b"], closures, weights, fits_by_sum(10.0))
    assert shards == [
        Shard(frozenset(["big"]), frozenset(["big"]), 0.0),
        Shard(frozenset(["a", "b"]), frozenset(["a", "b"]), 2.0),
    ]


def test_pack_breaks_ties_by_shard_order() -> None:
    """Equal additions go to the earliest shard: the same input packs the same way."""
    closures = {n: frozenset([n]) for n in "abc"}
    weights = weights_of({"a": 1.0, "b": 1.0, "c": 0.5}, {})
    shards = pack(["a", "b", "c"], closures, weights, fits_by_sum(1.6))
    assert [sorted(s.tested) for s in shards] == [["a", "c"], ["b"]]


def test_pack_only_tries_promising_shards_yet_finds_room() -> None:
    """With many unrelated shards, a small crate still lands in the roomiest one."""
    names = [f"n{i:02d}" for i in range(30)]
    closures = {n: frozenset([n]) for n in [*names, "tiny"]}
    weights = weights_of(dict.fromkeys(names, 6.0) | {"tiny": 1.0}, {})
    shards = pack([*names, "tiny"], closures, weights, fits_by_sum(10.0))
    assert len(shards) == 30
    assert sum("tiny" in s.tested for s in shards) == 1


# ---------------------------------------------------------------------------------------
# Sharding in the planner


def test_reference_rows_test_each_crate_exactly_once() -> None:
    manifest = load(REPO / "ci.toml")
    p = plan(manifest, make_origin(REPO / "ci.toml", REPO))
    by_row = rows(p)
    tested = sorted(n for n, c in manifest.crates.items() if c.role == "tested")
    for (_, runner_name, _, feature_set), jobs in by_row.items():
        spec = manifest.feature_sets[feature_set]
        expected = sorted((set(spec.crates) or set(tested)) - set(spec.skip))
        got = [n for pkgs in packages(jobs) for n in pkgs]
        assert sorted(got) == expected, (runner_name, feature_set)
        assert len(got) == len(set(got))
    assert len(by_row) == 5 + 1 + 1  # every set on ubuntu, default on macos, msrv check


@pytest.mark.parametrize("case", ["reference", "large"])
def test_every_shard_of_the_golden_cases_fits_its_budgets(case: str) -> None:
    path = GOLDEN / case / "ci.toml"
    manifest = load(path)
    p = plan(manifest, make_origin(path, path.parent))
    for job in shard_jobs(p):
        assert job.disk is not None
        smoke = job.runner != manifest.matrix.os[0] and p.runners[job.runner].price > 1
        allowed = manifest.budgets.job_minutes * (2 if smoke else 1)  # smoke-minutes default
        assert job.minutes.budget == allowed, job.id
        assert job.minutes.predicted <= allowed, job.id
        assert job.disk.budget == manifest.budgets.disk
        assert job.disk.peak_gb <= job.disk.budget_gb, job.id
        spec = p.runners[job.runner].tier(job.cleanup)
        assert job.disk.free_gb == p.runners[job.runner].free_gb
        assert job.disk.reclaimed_gb == (spec.gb if spec else 0.0), job.id
        assert dict(job.minutes.terms)["cleanup"] == (spec.minutes if spec else 0.0)


def test_crates_sharing_dependencies_share_a_shard() -> None:
    """x and z cannot share (tests too long together); y fits beside either, and goes
    beside z, whose dependency G it would otherwise rebuild: 2 minutes instead of 12."""
    m = workspace(
        ("H", crate("H", build=10.0, test=0.0, role="support")),
        ("G", crate("G", build=10.0, test=0.0, role="support")),
        named("x", ("H",), build=1.0, test=8.0),
        named("z", ("G",), build=1.0, test=8.0),
        named("y", ("G",), build=1.0, test=1.0),
        budgets=Budgets(job_minutes=35.0),
    )
    p = plan(m, ORIGIN)
    jobs = shard_jobs(p)
    assert packages(jobs) == [("x",), ("y", "z")]
    setup = model_terms.SETUP_MIN
    assert [j.minutes.predicted for j in jobs] == [setup + 11 + 8, setup + 12 + 9]
    # Together x and z would take 1.5 + 22 + 16 = 39.5 minutes, over the 35 allowed.
    assert [j.shard for j in jobs] == [(1, 2), (2, 2)]


def test_shards_are_ordered_by_crate_name_and_numbered() -> None:
    # Each crate's tests take 20 of 30 minutes: one crate per shard.
    names = ["delta", "alpha", "echo", "charlie", "bravo"]
    m = workspace(*(named(n, build=1.0, test=20.0 - i) for i, n in enumerate(names)))
    jobs = shard_jobs(plan(m, ORIGIN))
    assert [j.id for j in jobs] == [f"test-ubuntu-default-{i}" for i in range(1, 6)]
    assert packages(jobs) == [(n,) for n in sorted(names)]
    assert [j.shard for j in jobs] == [(i, 5) for i in range(1, 6)]
    assert [j.name for j in jobs] == [f"test (ubuntu, default, {i}/5)" for i in range(1, 6)]


def test_a_row_of_one_shard_has_no_shard_suffix() -> None:
    m = workspace(named("a"), named("b"))
    (job,) = shard_jobs(plan(m, ORIGIN))
    assert job.id == "test-ubuntu-default"
    assert job.name == "test (ubuntu, default)"
    assert job.shard == (1, 1)
    assert packages([job]) == [("a", "b")]


SHARD_IDS = (
    "import json, pathlib, sys; from ci_gen.pipeline import make_plan; "
    "p = make_plan(pathlib.Path(sys.argv[1])); "
    "print(json.dumps([[j.id, list(j.cargo.packages) if j.cargo else []] for j in p.jobs]))"
)


@pytest.mark.parametrize("seed", ["0", "123"])
def test_shards_do_not_depend_on_hash_seed(seed: str) -> None:
    path = GOLDEN / "large" / "ci.toml"
    done = subprocess.run(
        [sys.executable, "-c", SHARD_IDS, str(path)],
        env={**os.environ, "PYTHONHASHSEED": seed},
        capture_output=True,
        text=True,
        check=True,
    )
    p = plan(load(path), make_origin(path, path.parent))
    expected = [[j.id, list(j.cargo.packages) if j.cargo else []] for j in p.jobs]
    assert json.loads(done.stdout) == expected


NO_NEXTEST = Workspace(nextest=False)  # no nextest partitions to rescue a slow crate


def test_a_crate_over_the_time_budget_is_reported_once_across_rows() -> None:
    macos = RunnerSpec(speed=0.5)
    m = workspace(
        named("huge", build=5.0, test=40.0),
        named("small"),
        feature_sets={"default": FeatureSet(), "extra": FeatureSet(crates=("huge", "small"))},
        matrix=Matrix(os=("ubuntu", "macos")),
        runners={"macos": macos},
        workspace=NO_NEXTEST,
    )
    error = budget_error(m)
    ubuntu_need = model_terms.SETUP_MIN + 5.0 + 40.0
    macos_need = model_terms.SETUP_MIN + (5.0 + 40.0) / 0.5
    assert error.lines() == [
        "cannot plan within the budgets:",
        f"  huge needs {ubuntu_need:.1f} min of time; the budget allows 30.0 min, in the "
        "jobs that would be test-ubuntu-default-1, test-ubuntu-extra-1",
        "    fix: budgets.job-minutes = 47; or a faster runner than ubuntu (speed 1; "
        "[runners.<name>] with its label and speed, in matrix.os); or split huge: its own "
        "build and tests take 45.0 of the minutes; or workspace.nextest = true: its tests "
        'then run in partitions; or budgets.accept = ["huge"] to run it anyway',
        # macOS (price 10) runs the smoke set under budgets.smoke-minutes: 2 x 30 minutes
        f"  huge needs {macos_need:.1f} min of time; the budget allows 60.0 min, in the "
        "job that would be test-macos-default-1",
        "    fix: budgets.smoke-minutes = 92; or a faster runner than macos (speed 0.5; "
        "[runners.<name>] with its label and speed, in matrix.os); or split huge: its own "
        "build and tests take 90.0 of the minutes; or workspace.nextest = true: its tests "
        'then run in partitions; or budgets.accept = ["huge"] to run it anyway',
    ]
    assert sorted((o.job, o.resource, o.need) for o in error.overruns) == [
        ("test-macos-default-1", "time", macos_need),
        ("test-ubuntu-default-1", "time", ubuntu_need),
        ("test-ubuntu-extra-1", "time", ubuntu_need),
    ]


def test_a_crate_over_the_disk_budget_names_the_crate_jobs_and_fixes() -> None:
    full = runner("ubuntu").full
    assert full is not None
    available = runner("ubuntu").free_gb + full.gb
    gb = (available * 0.7 - FIXED_GB) / CI_FACTOR + 2.0  # 2 GB of build-gb too many
    m = workspace(
        named("wide", gb=gb),
        named("narrow"),
        feature_sets={"default": FeatureSet(), "all": FeatureSet(all_features=True)},
        matrix=Matrix(os=("ubuntu", "macos")),
    )
    error = budget_error(m)
    need = FIXED_GB + round(gb * CI_FACTOR, 3)
    lines = error.lines()
    assert lines[:3] == [
        "cannot plan within the budgets:",
        f"  wide needs {need:.1f} GB of disk; the budget allows {available * 0.7:.1f} GB "
        f"(70% of {available:.1f} GB on ubuntu), in the jobs that would be "
        "test-ubuntu-default-2, test-ubuntu-all-2",
        f"    fix: a runner with more disk than ubuntu's {available:.1f} GB after cleanup "
        "([runners.<name>] with its label and free-gb, in matrix.os); or budgets.disk = 0.75; "
        f"or split wide: its own build is {gb * CI_FACTOR:.1f} of the {need:.1f} GB; or "
        'budgets.accept = ["wide"] to run it anyway',
    ]
    # macOS has 14 GB and no cleanup: wide needs more than the runner holds, and its
    # dependencies are not what overflows, so budgets.disk is no fix there.
    assert lines[3:] == [
        f"  wide needs {need:.1f} GB of disk; the budget allows 9.8 GB "
        "(70% of 14.0 GB on macos), in the job that would be test-macos-default-2",
        "    fix: a runner with more disk than macos's 14.0 GB after cleanup ([runners.<name>] "
        f"with its label and free-gb, in matrix.os); or split wide: its own build is "
        f'{gb * CI_FACTOR:.1f} of the {need:.1f} GB; or budgets.accept = ["wide"] to run it '
        "anyway",
    ]  # no time problem: the crate builds in minutes


def test_splitting_is_offered_only_when_the_crate_itself_breaks_the_budget() -> None:
    heavy_deps = ("sys", crate("sys", gb=40.0, build=30.0, test=0.0, role="support"))
    m = workspace(
        heavy_deps,
        named("thin", ("sys",), gb=0.1, build=0.5),
        workspace=NO_NEXTEST,
        budgets=Budgets(accept=("gate",)),  # clippy of sys is over too: not the subject
    )
    lines = budget_error(m).lines()
    disk_fix, time_fix = lines[2], lines[4]
    assert lines[1].startswith("  thin needs") and lines[3].startswith("  thin needs")
    assert "split" not in disk_fix and "split" not in time_fix  # its dependency is the cost
    assert "budgets.disk = 0.85" in disk_fix
    assert "partitions" not in time_fix  # its tests take a minute: not what breaks the budget


def test_a_gate_over_disk_with_examples_is_offered_narrower_lint_targets() -> None:
    demos = ("demos", attrs.evolve(crate("demos", gb=70.0, test=0.0), examples=50))
    lines = budget_error(workspace(demos, budgets=Budgets(accept=("demos",)))).lines()
    (gate_fix,) = [line for line in lines if line.startswith("    fix:")]
    assert lines[lines.index(gate_fix) - 1].startswith("  clippy on the workspace needs")
    assert gate_fix.endswith(
        'budgets.accept = ["gate"] to run it anyway; or gate.clippy-args = '
        '["--lib", "--bins", "--tests"] (no examples)'
    )


def test_time_and_disk_overruns_list_both_fixes() -> None:
    m = workspace(
        named("slow", test=60.0),
        named("fat", gb=45.0),
        workspace=NO_NEXTEST,
        budgets=Budgets(accept=("gate",)),  # clippy of fat is over the disk too
    )
    lines = budget_error(m).lines()
    assert len(lines) == 5
    fat, slow = lines[1:3], lines[3:5]
    assert fat[0].startswith("  fat needs")
    assert fat[0].endswith(", in the job that would be test-ubuntu-default-1")
    assert fat[1].startswith("    fix: a runner with more disk")
    assert "budgets.disk = 0.95" in fat[1]  # 38.7 of 43.0 GB (90.0x %), up to the next 5 %
    assert slow[0].startswith("  slow needs 63.5 min of time")
    assert slow[0].endswith(", in the job that would be test-ubuntu-default-2")
    assert slow[1].startswith("    fix: budgets.job-minutes = 64; or a faster runner")


def test_a_crate_that_fits_only_when_checked_is_no_problem_in_the_msrv_check_row() -> None:
    """60 minutes of tests overrun the test row only; the MSRV row checks, it runs nothing."""
    m = workspace(named("slow", test=60.0), workspace=Workspace(msrv="1.80", nextest=False))
    error = budget_error(m)
    assert [o.job for o in error.overruns] == ["test-ubuntu-default"]


# ---------------------------------------------------------------------------------------
# Cleanup tiers


TIERS = ("none", "fast", "full")


def reclaimed(r: Runner, tier: str) -> float:
    spec = r.tier(tier)
    return spec.gb if spec else 0.0


def tier_limits(r: Runner, disk: float = 0.7) -> dict[str, float]:
    """The largest target/ (GB) each tier of ``r`` allows."""
    out = {"none": r.free_gb * disk - FIXED_GB}
    for name in ("fast", "full"):
        spec = r.tier(name)
        if spec is not None:
            out[name] = (r.free_gb + spec.gb) * disk - FIXED_GB
    return out


def one_crate(gb: float, **fields: object) -> Manifest:
    return workspace(named("a", gb=gb), profile=RAW, **fields)


def ubuntu_cases() -> list[tuple[str, float]]:
    limit = tier_limits(runner("ubuntu"))
    return [
        ("none", limit["none"] - 0.5),
        ("fast", (limit["none"] + limit["fast"]) / 2),
        ("full", (limit["fast"] + limit["full"]) / 2),
    ]


@pytest.mark.parametrize(("tier", "gb"), ubuntu_cases())
def test_the_cheapest_tier_that_fits_is_chosen(tier: str, gb: float) -> None:
    ubuntu = runner("ubuntu")
    job = only_test_job(plan(one_crate(gb), ORIGIN))
    assert job.cleanup == tier
    spec = ubuntu.tier(tier)
    assert job.disk is not None
    assert job.disk.reclaimed_gb == (spec.gb if spec else 0.0)
    assert dict(job.minutes.terms)["cleanup"] == (spec.minutes if spec else 0.0)
    assert job.disk.peak_gb == pytest.approx(FIXED_GB + gb)
    # The tier below would not have fitted.
    if tier != "none":
        below = TIERS[TIERS.index(tier) - 1]
        assert job.disk.peak_gb > (ubuntu.free_gb + reclaimed(ubuntu, below)) * 0.7
    assert ("no cleanup needed" in job.reason) == (tier == "none")


def test_no_tier_fits_raises_budget_error() -> None:
    limit = tier_limits(runner("ubuntu"))["full"]
    error = budget_error(one_crate(limit + 1.0))
    (overrun,) = error.overruns
    assert (overrun.job, overrun.subject, overrun.resource) == ("test-ubuntu-default", "a", "disk")
    assert overrun.need == pytest.approx(FIXED_GB + limit + 1.0)
    assert overrun.allowed == pytest.approx(limit + FIXED_GB)


def test_just_at_the_limit_still_fits() -> None:
    limit = tier_limits(runner("ubuntu"))
    job = only_test_job(plan(one_crate(limit["none"] - 0.01), ORIGIN))
    assert job.cleanup == "none"


def test_a_free_gb_override_changes_the_tier(manifest: ManifestFactory) -> None:
    gb = ubuntu_cases()[1][1]  # needs the fast tier on the documented 14 GB
    text = """
        [crates.a]
        path = "a"
        cost = {{ build-gb = {gb} }}

        [profile]
        debuginfo = "full"
        incremental = true
        {override}
        """
    before = only_test_job(plan(load(manifest(text.format(gb=gb, override=""))), ORIGIN))
    override = "[runners.ubuntu]\n        free-gb = 84"
    after_manifest = load(manifest(text.format(gb=gb, override=override)))
    after = only_test_job(plan(after_manifest, ORIGIN))
    assert before.cleanup == "fast"
    assert after.cleanup == "none"
    assert after.disk is not None
    assert (after.disk.free_gb, after.disk.reclaimed_gb) == (84.0, 0.0)
    assert after.disk.budget_gb == pytest.approx(84.0 * 0.7)


def test_runners_without_tiers_never_clean_up() -> None:
    macos = runner("macos")
    assert macos.fast is None and macos.full is None
    limit = tier_limits(macos)["none"]
    p = plan(one_crate(limit - 0.5, matrix=Matrix(os=("macos",))), ORIGIN)
    assert {(j.runner, j.cleanup) for j in p.jobs} == {("macos", "none")}
    job = only_test_job(p)
    assert job.disk is not None and job.disk.reclaimed_gb == 0.0
    error = budget_error(one_crate(limit + 0.5, matrix=Matrix(os=("macos",))))
    assert [(o.job, o.detail) for o in error.overruns] == [
        ("test-macos-default", f"70% of {macos.free_gb:.1f} GB on macos")
    ]


def test_reference_macos_jobs_never_clean_up() -> None:
    p = plan(load(REPO / "ci.toml"), ORIGIN)
    macos = [j for j in p.jobs if j.runner == "macos"]
    assert len(macos) >= 1
    assert {j.cleanup for j in macos} == {"none"}
    assert {j.disk.reclaimed_gb for j in macos if j.disk} == {0.0}
    assert any(j.cleanup != "none" for j in p.jobs if j.runner == "ubuntu")


def test_declared_tiers_on_macos_are_used() -> None:
    tiers = RunnerSpec(
        fast=CleanupTier(gb=8.0, minutes=2.0), full=CleanupTier(gb=12.0, minutes=6.0)
    )
    limit = tier_limits(attrs.evolve(runner("macos"), fast=tiers.fast, full=tiers.full))
    gb = (limit["fast"] + limit["full"]) / 2
    m = one_crate(gb, matrix=Matrix(os=("macos",)), runners={"macos": tiers})
    job = only_test_job(plan(m, ORIGIN))
    assert (job.cleanup, job.disk.reclaimed_gb if job.disk else None) == ("full", 12.0)


# ---------------------------------------------------------------------------------------
# Properties over random workspaces

SMALL = "c"  # crate names: c00, c01, ...
ROLES: list[Role] = ["tested", "tested", "tested", "support"]


@st.composite
def workspaces(draw: st.DrawFn) -> Manifest:
    """2-15 crates: normal deps only on earlier crates (a DAG), dev-deps anywhere (cycles
    allowed), costs small enough that any one crate with its whole closure fits."""
    count = draw(st.integers(2, 15))
    names = [f"{SMALL}{i:02d}" for i in range(count)]
    # Less free disk than documented, so that every cleanup tier gets used.
    free_gb = draw(st.sampled_from([6.0, 10.0, 14.0]))
    ubuntu = attrs.evolve(runner("ubuntu"), free_gb=free_gb)
    max_gb = math.floor(100 * tier_limits(ubuntu)["full"] / CI_FACTOR / count) / 100
    min_gb = draw(st.sampled_from([0.0, 0.8 * max_gb]))  # heavy workspaces need "full"
    crates: dict[str, Crate] = {}
    for i, name in enumerate(names):
        deps = draw(st.lists(st.sampled_from(names[:i]), unique=True, max_size=3)) if i else []
        dev = draw(st.lists(st.sampled_from(names), unique=True, max_size=3))
        role: Role = "tested" if i == count - 1 else draw(st.sampled_from(ROLES))
        gb = draw(st.floats(min_gb, max_gb, allow_nan=False))
        build = draw(st.floats(0.0, 1.0, allow_nan=False))
        test = draw(st.floats(0.0, 10.0, allow_nan=False))
        crates[name] = crate(
            name, tuple(deps), tuple(dev), gb=gb, build=build, test=test, role=role
        )
    tested = [n for n, c in crates.items() if c.role == "tested"]
    sets = {"default": FeatureSet()}
    if draw(st.booleans()):
        subset = draw(st.lists(st.sampled_from(tested), min_size=1, unique=True))
        sets["subset"] = FeatureSet(crates=tuple(subset))
    os_list = draw(st.sampled_from([("ubuntu",), ("ubuntu", "macos"), ("macos", "ubuntu")]))
    # Everything built at once fits the full tier's disk, and at most 9.5 + 15 + 10 minutes:
    # a crate alone always fits; the budget is drawn above that bound, packing decides.
    bound = model_terms.SETUP_MIN + 8.0 + math.fsum(c.cost.build_min for c in crates.values())
    bound += max(c.cost.test_min for c in crates.values())
    minutes = bound + draw(st.floats(0.0, 8.0, allow_nan=False))
    return Manifest(
        gate=GATE_FIRST,
        workspace=Workspace(
            msrv=draw(st.sampled_from([None, "1.80"])),
            nextest=draw(st.booleans()),
        ),
        crates=crates,
        feature_sets=sets,
        matrix=Matrix(
            os=os_list,
            msrv=draw(st.sampled_from(["check", "test", "off"])),
            toolchains=draw(st.sampled_from([(), ("beta",)])),
        ),
        runners={"ubuntu": RunnerSpec(free_gb=free_gb), "macos": RunnerSpec(free_gb=50.0)},
        budgets=Budgets(job_minutes=minutes, disk=draw(st.sampled_from([0.7, 0.85]))),
        profile=Profile(debuginfo=draw(st.sampled_from(["line-tables-only", "none"]))),
    )


def built_for(m: Manifest, tested: Iterable[str], check: bool) -> set[str]:
    """What cargo compiles, worked out independently of ci_gen.graph."""
    todo = set(tested)
    if not check:
        todo |= {d for n in tested for d in m.crates[n].dev_deps}
    seen: set[str] = set()
    while todo:
        name = todo.pop()
        seen.add(name)
        todo |= set(m.crates[name].deps) - seen
    return seen


def expected_rows(m: Manifest) -> dict[Row, list[str]]:
    tested = sorted(n for n, c in m.crates.items() if c.role == "tested")
    chosen = {fs: sorted(spec.crates) or tested for fs, spec in m.feature_sets.items()}
    out: dict[Row, list[str]] = {}
    for os_name in m.matrix.os:
        for fs in chosen if os_name == m.matrix.os[0] else ["default"]:
            out[("test", os_name, "stable", fs)] = chosen[fs]
    for toolchain in m.matrix.toolchains:
        out[("test", m.matrix.os[0], toolchain, "default")] = tested
    if m.workspace.msrv and m.matrix.msrv != "off":
        out[(m.matrix.msrv, m.matrix.os[0], m.workspace.msrv, "default")] = tested
    return out


PROPERTY = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@PROPERTY
@given(workspaces())
def test_every_tested_crate_lands_in_exactly_one_shard_per_row(m: Manifest) -> None:
    by_row = rows(plan(m, ORIGIN))
    expected = expected_rows(m)
    assert set(by_row) == set(expected)
    for key, jobs in by_row.items():
        got = [n for pkgs in packages(jobs) for n in pkgs]
        assert sorted(got) == expected[key], key
        assert len(got) == len(set(got)), key
        assert [j.shard for j in jobs] == [(i + 1, len(jobs)) for i in range(len(jobs))]


@PROPERTY
@given(workspaces())
def test_every_shard_is_within_the_budgets_it_claims(m: Manifest) -> None:
    p = plan(m, ORIGIN)
    factor = constants.DEBUGINFO_FACTOR[m.profile.debuginfo] * constants.INCREMENTAL_OFF_FACTOR
    for job in shard_jobs(p):
        assert job.disk is not None and job.cargo is not None
        r = p.runners[job.runner]
        check = job.kind == "check"
        # The claims describe what the shard really builds ...
        built = built_for(m, job.cargo.packages, check)
        raw = math.fsum(m.crates[n].cost.build_gb for n in built)
        target = raw * constants.CHECK_DISK_FACTOR if check else raw * factor
        assert dict(job.disk.terms)["target"] == pytest.approx(target, abs=1e-3)
        build = math.fsum(m.crates[n].cost.build_min for n in built) / r.speed
        terms = dict(job.minutes.terms)
        assert terms["build"] == pytest.approx(
            build * (constants.CHECK_TIME_FACTOR if check else 1)
        )
        tests = math.fsum(m.crates[n].cost.test_min for n in job.cargo.packages) / r.speed
        assert terms["test"] == pytest.approx(0.0 if check else tests)
        # ... and they are within the budgets.
        home = p.runners[m.matrix.os[0]]
        smoke = job.runner not in m.matrix.os[:1] and r.price > home.price
        allowed = m.budgets.job_minutes * (2 if smoke else 1)  # the smoke-minutes default
        assert job.minutes.budget == allowed
        # "Within" as the planner means it: up to float noise (predict.EPSILON).
        assert job.minutes.predicted <= allowed + EPSILON
        assert job.disk.budget == m.budgets.disk
        assert job.disk.peak_gb <= job.disk.budget_gb + EPSILON
        assert isinstance(job.timeout, int)
        assert job.minutes.predicted <= job.timeout <= constants.MAX_TIMEOUT_MIN
        # The tier is the cheapest that fits, and only one the runner has.
        spec = r.tier(job.cleanup)
        assert job.disk.reclaimed_gb == (spec.gb if spec else 0.0)
        if job.cleanup != "none":
            assert spec is not None
            cheaper = {"fast": 0.0, "full": r.fast.gb if r.fast else 0.0}[job.cleanup]
            assert job.disk.peak_gb > (r.free_gb + cheaper) * job.disk.budget
        if r.fast is None and r.full is None:
            assert job.cleanup == "none"


@PROPERTY
@given(workspaces())
def test_planning_is_deterministic(m: Manifest) -> None:
    first = plan(m, ORIGIN)
    assert plan(m, ORIGIN) == first
    # The order crates are declared in does not matter either.
    shuffled = attrs.evolve(m, crates=dict(reversed(list(m.crates.items()))))
    assert plan(shuffled, ORIGIN).jobs == first.jobs


def test_balancing_evens_out_shards_without_adding_one() -> None:
    """Cheapest-first fills shards to the budget and leaves a short one behind (the
    29.9 + 2.0 seen on real workspaces); the balanced packing spreads the same crates
    over the same number of shards."""
    test = {"a": 9.0, "b": 9.0, "c": 9.0, "d": 2.0}
    names = sorted(test)
    closures = {n: frozenset([n]) for n in names}
    weights = weights_of(dict.fromkeys(names, 0.0), test)
    order = sorted(names, key=lambda n: -test[n])
    cheapest = pack(order, closures, weights, fits_by_sum(cap=20.0))
    assert sorted(s.minutes for s in cheapest) == [9.0, 20.0]
    balanced = balanced_pack(order, closures, weights, fits_by_sum(cap=20.0))
    assert len(balanced) == len(cheapest)
    assert sorted(s.minutes for s in balanced) == [11.0, 18.0]
    assert sorted(n for s in balanced for n in s.tested) == names


def test_balancing_keeps_the_cheaper_packing_when_it_would_need_more_jobs() -> None:
    # One shard of 10 fits exactly; spreading would need two.
    test = {"a": 5.0, "b": 5.0}
    closures = {n: frozenset([n]) for n in test}
    weights = weights_of(dict.fromkeys(test, 0.0), test)
    shards = balanced_pack(["a", "b"], closures, weights, fits_by_sum(cap=10.0))
    assert [sorted(s.tested) for s in shards] == [["a", "b"]]


def test_balancing_keeps_shared_dependencies_when_the_spread_is_the_same() -> None:
    """Two crates on one heavy dependency: one shard of both beats two that each build it."""
    closures = {"x": frozenset(["x", "heavy"]), "y": frozenset(["y", "heavy"])}
    weights = weights_of({"x": 0.0, "y": 0.0, "heavy": 8.0}, {"x": 1.0, "y": 1.0})
    shards = balanced_pack(["x", "y"], closures, weights, fits_by_sum(cap=20.0))
    assert [sorted(s.tested) for s in shards] == [["x", "y"]]


@PROPERTY
@given(workspaces())
def test_the_chosen_layout_is_never_slower_than_gate_first(m: Manifest) -> None:
    """Unless gate first breaks a bound of the naive layout that the chosen one keeps;
    and every layout tests the same crates in each row."""
    auto = plan(attrs.evolve(m, gate=Gate()), ORIGIN)
    first = plan(m, ORIGIN)
    chosen = next(x for x in auto.layouts if x.chosen)
    gate_first = next(x for x in auto.layouts if x.name == "gate first")
    n = auto.naive
    kept = gate_first.critical_minutes <= n.critical_bound + EPSILON
    kept = kept and gate_first.weighted_minutes <= n.weighted_bound + EPSILON
    event(f"chosen: {chosen.name}; gate first keeps the bounds: {kept}")
    if kept:
        assert critical_path(auto.jobs)[1] <= critical_path(first.jobs)[1] + EPSILON, chosen.name
    else:
        assert chosen.weighted_minutes <= n.weighted_bound + EPSILON or not n.fits
    assert crates_per_row(auto, m) == crates_per_row(first, m)


def crates_per_row(p: Plan, m: Manifest) -> list[tuple[str, str]]:
    """(row, crate) for each crate some job builds tests for (each partition of a crate
    rebuilds it): no package list is the row's. A job running several rows (one job per
    OS) names each build command by its row."""
    rows = matrix_rows(m, resolve(m))
    by_id = {r.job_id((1, 1)): r for r in rows}
    by_label = {(r.runner.name, r.job_name((1, 1)).partition(", ")[2][:-1]): r for r in rows}
    found = set()
    for j in p.jobs:
        if j.kind not in ("test", "check", "archive") or not j.cargo or not j.cargo.builds:
            continue
        if j.row in by_id:
            found |= {(j.row, c) for c in j.cargo.packages or by_id[j.row].crates}
            continue
        mine = [r for r in rows if r.runner.name == j.runner]
        for command in j.cargo.commands:
            if not command.name.startswith(("Build tests", "Check")):
                continue
            label = command.name.partition(" (")[2][:-1]
            row = by_label[(j.runner, label)] if label else mine[0]
            argv = command.argv
            packages = [argv[i + 1] for i, a in enumerate(argv) if a == "--package"]
            found |= {(row.job_id((1, 1)), c) for c in packages}
    return sorted(found)
