"""The planner's decisions, checked on the Plan objects (never on rendered YAML):
the matrix, the job graph, cargo command lines, cache keys and the plan report."""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterator
from typing import Any

import attrs
import pytest

from ci_gen.errors import BudgetError, ManifestError
from ci_gen.manifest import (
    Budgets,
    Cost,
    Crate,
    FeatureSet,
    Gate,
    Lines,
    Manifest,
    Matrix,
    MsrvMode,
    Pin,
    RunnerSpec,
    Workspace,
    load,
    resolve,
)
from ci_gen.manifest import constants as model_terms
from ci_gen.output import report
from ci_gen.output.origin import make_origin
from ci_gen.plan import Drift, Job, Origin, Plan, commands, constants, plan
from ci_gen.plan.commands import feature_flags
from ci_gen.plan.predict import CACHE_PRUNED_FACTOR
from ci_gen.plan.rows import matrix_rows

from .conftest import REPO, ManifestFactory
from .factories import crate

ORIGIN = Origin("ci.toml", "0.1.0", "ci-gen render", "ci-gen check")
JOB_ID = re.compile(r"^[A-Za-z_][A-Za-z0-9_-]*$")
BUILD_STEPS = ("checkout", "prepare-disk", "toolchain", "cache", "check-disk", "cargo")


GATE_FIRST = Gate(layout="gate-first")  # most tests here look at the gate and test jobs apart


def workspace(*crates: Crate, **fields: Any) -> Manifest:
    return attrs.evolve(Manifest(crates={c.path: c for c in crates}, gate=GATE_FIRST), **fields)


def ids(p: Plan) -> list[str]:
    return [j.id for j in p.jobs]


def job(p: Plan, ident: str) -> Job:
    (found,) = [j for j in p.jobs if j.id == ident]
    return found


def argvs(j: Job) -> list[tuple[str, ...]]:
    assert j.cargo is not None
    return [c.argv for c in j.cargo.commands]


def reference() -> Plan:
    path = REPO / "ci.toml"
    return plan(load(path), make_origin(path, REPO))


# Three feature sets, two of them smoke; each row is one shard of crates a and b.
SETS = {
    "default": FeatureSet(),
    "small": FeatureSet(crates=("a",)),
    "big": FeatureSet(all_features=True),
}
AB = (crate("a"), crate("b"))


# ---------------------------------------------------------------------------------------
# Matrix rules


def test_full_runners_run_every_set_and_the_others_only_smoke_sets() -> None:
    m = workspace(
        *AB,
        feature_sets=SETS,
        matrix=Matrix(os=("ubuntu", "macos", "windows"), full=("ubuntu", "windows")),
    )
    rows = matrix_rows(m, resolve(m))
    assert [(r.runner.name, r.feature_set, r.action, r.channel) for r in rows] == [
        ("ubuntu", "default", "test", ""),
        ("ubuntu", "small", "test", ""),
        ("ubuntu", "big", "test", ""),
        ("macos", "default", "test", ""),  # the first set is the smoke set by default
        ("windows", "default", "test", ""),
        ("windows", "small", "test", ""),
        ("windows", "big", "test", ""),
    ]
    assert [r.crates for r in rows[:3]] == [("a", "b"), ("a",), ("a", "b")]


def test_feature_sets_select_and_skip_crates() -> None:
    m = workspace(
        *AB,
        crate("c"),
        attrs.evolve(crate("helper"), role="support"),
        feature_sets={
            "default": FeatureSet(),
            "no-b": FeatureSet(skip=("b",)),
            "picked": FeatureSet(crates=("c", "helper", "a"), skip=("a",)),
        },
    )
    rows = matrix_rows(m, resolve(m))
    assert [(r.feature_set, r.crates) for r in rows] == [
        ("default", ("a", "b", "c")),  # support crates are not tested unless picked
        ("no-b", ("a", "c")),
        ("picked", ("c", "helper")),
    ]


def test_extra_toolchains_and_msrv_run_smoke_sets_on_the_first_full_runner() -> None:
    m = workspace(
        *AB,
        workspace=Workspace(msrv="1.80"),
        feature_sets=SETS,
        matrix=Matrix(
            os=("ubuntu", "macos"),
            full=("macos",),
            smoke=("small", "default"),
            toolchains=("beta", "nightly"),
        ),
    )
    p = plan(m, ORIGIN)
    assert ids(p) == [
        "gate",
        "test-ubuntu-small",
        "test-ubuntu-default",
        "test-macos-default",
        "test-macos-small",
        "test-macos-big",
        "test-macos-beta-small",
        "test-macos-beta-default",
        "test-macos-nightly-small",
        "test-macos-nightly-default",
        "check-macos-msrv-small",
        "check-macos-msrv-default",
        "all-green",
    ]
    assert job(p, "gate").runner == "macos"  # the gate runs on the first full runner
    beta = job(p, "test-macos-beta-small")
    assert (beta.toolchain, beta.name) == ("beta", "test (macos, beta, small)")
    assert beta.rustup is not None
    assert beta.rustup.argv[:4] == ("rustup", "toolchain", "install", "beta")
    assert job(p, "check-macos-msrv-small").name == "check (macos, 1.80 msrv, small)"


def test_default_matrix_is_one_linux_row_of_the_default_set() -> None:
    m = workspace(*AB)
    assert ids(plan(m, ORIGIN)) == ["gate", "test-ubuntu-default", "all-green"]


def msrv_manifest(mode: MsrvMode, msrv: str | None = "1.80") -> Manifest:
    return workspace(*AB, workspace=Workspace(msrv=msrv), matrix=Matrix(msrv=mode))


def test_msrv_check_row_only_checks() -> None:
    p = plan(msrv_manifest("check"), ORIGIN)
    assert ids(p)[-2:] == ["check-ubuntu-msrv-default", "all-green"]
    msrv = job(p, "check-ubuntu-msrv-default")
    assert msrv.kind == "check"
    assert msrv.toolchain == "1.80"
    assert msrv.cargo is not None and not msrv.cargo.nextest
    assert argvs(msrv) == [("cargo", "check", "--locked", "--package", "a", "--package", "b")]
    assert "install-nextest" not in msrv.steps
    assert dict(msrv.minutes.terms)["test"] == 0.0
    # A check builds metadata only: cheaper than the test row of the same crates.
    test = job(p, "test-ubuntu-default")
    assert msrv.minutes.predicted < test.minutes.predicted
    assert msrv.disk is not None and test.disk is not None
    assert msrv.disk.guard_gb < test.disk.guard_gb


def test_msrv_test_row_runs_the_tests() -> None:
    p = plan(msrv_manifest("test"), ORIGIN)
    msrv = job(p, "test-ubuntu-msrv-default")
    assert (msrv.kind, msrv.toolchain) == ("test", "1.80")
    assert msrv.cargo is not None and msrv.cargo.nextest
    assert argvs(msrv)[1][:3] == ("cargo", "nextest", "run")
    assert "install-nextest" in msrv.steps
    assert msrv.name == "test (ubuntu, 1.80 msrv, default)"


@pytest.mark.parametrize(("mode", "msrv"), [("off", "1.80"), ("check", None), ("test", None)])
def test_no_msrv_row_when_off_or_unset(mode: MsrvMode, msrv: str | None) -> None:
    assert ids(plan(msrv_manifest(mode, msrv), ORIGIN)) == [
        "gate",
        "test-ubuntu-default",
        "all-green",
    ]


@pytest.mark.parametrize("toolchain", ["1.80", "1.80.0"])
def test_an_msrv_that_is_the_main_toolchain_gets_no_check_of_its_own(toolchain: str) -> None:
    m = workspace(*AB, workspace=Workspace(msrv="1.80", toolchain=toolchain))
    p = plan(m, ORIGIN)
    assert ids(p) == ["gate", "test-ubuntu-default", "all-green"]
    assert p.notes[0] == (
        f"no MSRV check for a, b: the rust-version is the main toolchain's ({toolchain}), "
        "which the test jobs build with"
    )
    assert "note: no MSRV check for a, b" in report.to_text(p)


def test_a_crate_with_its_own_rust_version_is_checked_with_it() -> None:
    newer = attrs.evolve(crate("b"), rust_version="1.85")
    same = attrs.evolve(crate("c"), rust_version="1.80.0")
    p = plan(workspace(crate("a"), newer, same, workspace=Workspace(msrv="1.80")), ORIGIN)
    assert ids(p)[-3:] == [
        "check-ubuntu-msrv-1-80-default",
        "check-ubuntu-msrv-1-85-default",
        "all-green",
    ]
    old, new = job(p, "check-ubuntu-msrv-1-80-default"), job(p, "check-ubuntu-msrv-1-85-default")
    assert (old.toolchain, old.cargo and old.cargo.packages) == ("1.80", ("a", "c"))
    assert (new.toolchain, new.cargo and new.cargo.packages) == ("1.85", ("b",))
    assert [j.toolchain for j in p.jobs if j.kind == "check"] == ["1.80", "1.85"]


def test_a_crate_rust_version_must_be_a_version(manifest: ManifestFactory) -> None:
    path = manifest(
        """
        [crates.a]
        path = "a"
        rust-version = "stable"
        """
    )
    with pytest.raises(ManifestError) as caught:
        load(path)
    assert caught.value.lines() == [
        "ci.toml: crates.a.rust-version: 'stable' is not a valid Rust version"
    ]


def test_msrv_mode_from_toml(manifest: ManifestFactory) -> None:
    text = """
        [workspace]
        msrv = "1.85"

        [crates.a]
        path = "a"

        [matrix]
        msrv = "{mode}"

        [gate]
        layout = "gate-first"  # a job per row: the MSRV row's own
        """
    kinds = {}
    for mode in ("check", "test", "off"):
        p = plan(load(manifest(text.format(mode=mode))), ORIGIN)
        kinds[mode] = [(j.id, j.kind, j.toolchain) for j in p.jobs if "msrv" in j.id]
    assert kinds == {
        "check": [("check-ubuntu-msrv-default", "check", "1.85")],
        "test": [("test-ubuntu-msrv-default", "test", "1.85")],
        "off": [],
    }


def test_reference_matrix() -> None:
    assert ids(reference()) == [
        "gate",
        "test-ubuntu-default-1",
        "test-ubuntu-default-2",
        "test-ubuntu-default-3",
        "test-ubuntu-all",
        "test-ubuntu-redb-only-1",
        "test-ubuntu-redb-only-2",
        "test-ubuntu-turso-only-1",
        "test-ubuntu-turso-only-2",
        "test-ubuntu-hybrid-1",
        "test-ubuntu-hybrid-2",
        "test-macos-default",  # one job: macOS costs 10x, its smoke row gets 2 x 30 min
        "check-ubuntu-msrv-default",
        "all-green",
    ]


# ---------------------------------------------------------------------------------------
# The job graph


def matrix_plan() -> Plan:
    m = workspace(
        *AB,
        workspace=Workspace(msrv="1.80"),
        feature_sets=SETS,
        matrix=Matrix(os=("ubuntu", "windows", "macos"), toolchains=("nightly-2025-01-01",)),
    )
    return plan(m, ORIGIN)


GRAPHS: dict[str, Callable[[], Plan]] = {"reference": reference, "matrix": matrix_plan}


@pytest.mark.parametrize("case", sorted(GRAPHS))
def test_job_graph_shape(case: str) -> None:
    p = GRAPHS[case]()
    jobs = p.jobs
    gate, middle, last = jobs[0], jobs[1:-1], jobs[-1]
    assert (gate.id, gate.kind, gate.needs, gate.condition) == ("gate", "gate", (), "")
    assert len(middle) >= 3
    assert all(j.needs == ("gate",) for j in middle)
    assert (last.id, last.kind) == ("all-green", "all-green")
    assert last.needs == tuple(j.id for j in jobs[:-1])
    assert last.condition == "always()"
    assert last.permissions == ()
    assert all(j.permissions == (("contents", "read"),) for j in jobs[:-1])
    assert len(set(ids(p))) == len(jobs)
    assert all(JOB_ID.match(i) for i in ids(p)), ids(p)


def test_toolchain_dates_make_valid_ids() -> None:
    p = plan(workspace(*AB, matrix=Matrix(toolchains=("nightly-2025-01-01", "1.90"))), ORIGIN)
    assert ids(p)[1:-1] == [
        "test-ubuntu-default",
        "test-ubuntu-nightly-2025-01-01-default",
        "test-ubuntu-1-90-default",
    ]


@pytest.mark.parametrize("case", sorted(GRAPHS))
def test_timeouts_cover_the_prediction_within_the_job_limit(case: str) -> None:
    p = GRAPHS[case]()
    for j in p.jobs:
        assert type(j.timeout) is int, j.id
        assert j.minutes.predicted <= j.timeout <= constants.MAX_TIMEOUT_MIN, j.id
    assert p.jobs[-1].timeout == constants.ALL_GREEN_TIMEOUT_MIN


def test_timeout_is_the_prediction_with_slack() -> None:
    measured = attrs.evolve(
        crate("a", build=10.0, test=3.0),
        cost=Cost(build_min=10.0, test_min=3.0, calibrated=True),
    )
    j = job(plan(workspace(measured), ORIGIN), "test-ubuntu-default")
    predicted = model_terms.SETUP_MIN + 13.0
    assert j.minutes.predicted == predicted
    expected = -(-predicted * constants.TIMEOUT_FACTOR // 1) + constants.TIMEOUT_SLACK_MIN
    assert j.timeout == int(expected)  # ceil(14.5 * 1.5) + 5 = 27
    assert j.minutes.calibrated


def test_estimated_costs_get_a_wider_timeout_and_the_plan_says_so() -> None:
    """init's estimates were measured 5-11x below a real cold build: a timeout of 1.5x
    the estimate would kill healthy jobs until the costs are calibrated."""
    p = plan(workspace(crate("a", build=10.0, test=3.0), crate("b")), ORIGIN)
    j = job(p, "test-ubuntu-default")
    assert not j.minutes.calibrated
    assert j.timeout == -(-j.minutes.predicted * 3 // 1) + 15
    text = report.to_text(p)
    assert "* timeout from estimated costs: 3x the prediction + 15 min" in text
    assert f" {j.timeout}* " in text
    # One estimated crate in what a job builds is enough to widen its timeout.
    half = workspace(
        attrs.evolve(crate("a"), cost=Cost(calibrated=True)), crate("b", ("a",)), crate("c")
    )
    jobs = {j.id: j for j in plan(half, ORIGIN).jobs}
    assert not jobs["gate"].minutes.calibrated


def test_timeout_stops_at_the_job_limit() -> None:
    m = workspace(crate("a", build=40.0, test=250.0), budgets=Budgets(job_minutes=300.0))
    j = job(plan(m, ORIGIN), "test-ubuntu-default")
    assert j.minutes.predicted == model_terms.SETUP_MIN + 290.0
    assert j.timeout == constants.MAX_TIMEOUT_MIN == 360


def many_sets(count: int) -> Manifest:
    sets = {f"fs{i:03d}": FeatureSet() for i in range(count)}
    return workspace(crate("a"), feature_sets=sets)


def test_256_jobs_are_allowed() -> None:
    assert len(plan(many_sets(254), ORIGIN).jobs) == constants.MAX_JOBS


def test_more_than_256_jobs_is_a_budget_error() -> None:
    with pytest.raises(BudgetError) as caught:
        plan(many_sets(255), ORIGIN)
    error = caught.value
    assert error.overruns == []
    assert error.lines()[0] == "cannot plan within the budgets:"
    assert error.lines()[1].startswith("  257 jobs exceed GitHub's limit of 256: trim matrix.os")
    assert len(error.lines()) == 2


def test_colliding_job_ids_are_a_manifest_error() -> None:
    """Feature set 'beta-default' on stable and set 'default' on beta share an id."""
    m = workspace(
        *AB,
        feature_sets={"default": FeatureSet(), "beta-default": FeatureSet()},
        matrix=Matrix(toolchains=("beta",)),
    )
    with pytest.raises(ManifestError) as caught:
        plan(m, ORIGIN)
    assert caught.value.lines() == [
        "ci.toml: jobs 'test (ubuntu, beta-default)' and 'test (ubuntu, beta, default)' "
        "would share the id 'test-ubuntu-beta-default': rename the feature set or runner "
        "profile"
    ]


def test_a_shard_number_cannot_collide_with_a_feature_set() -> None:
    # Three crates of 20 test minutes: 'default' is sharded into -1, -2, -3.
    slow = [crate(n, test=20.0) for n in ("a", "b", "c")]
    sets = {"default": FeatureSet(), "default-2": FeatureSet(crates=("a",))}
    m = workspace(*slow, feature_sets=sets)
    with pytest.raises(ManifestError) as caught:
        plan(m, ORIGIN)
    assert "'test-ubuntu-default-2'" in caught.value.lines()[0]


# ---------------------------------------------------------------------------------------
# Commands

FEATURED = {
    "a": crate("a", features=("x", "y")),
    "b": crate("b", features=("x",)),
    "c": crate("c"),
}


@pytest.mark.parametrize(
    ("spec", "packages", "flags"),
    [
        (FeatureSet(features=("x",)), ["a", "b", "c"], ["--features", "a/x", "--features", "b/x"]),
        (FeatureSet(features=("x",)), ["b", "c"], ["--features", "b/x"]),
        (FeatureSet(features=("y",)), ["b", "c"], []),
        (FeatureSet(features=("b/x",)), ["a", "c"], []),  # b is not in the shard
        (FeatureSet(features=("b/x",)), ["a", "b"], ["--features", "b/x"]),
        (FeatureSet(features=("x", "a/x")), ["a"], ["--features", "a/x"]),  # once
        (
            FeatureSet(features=("y", "b/x"), no_default_features=True, all_features=True),
            ["a", "b"],
            ["--no-default-features", "--all-features", "--features", "a/y", "--features", "b/x"],
        ),
        (FeatureSet(no_default_features=True), ["c"], ["--no-default-features"]),
        (FeatureSet(), ["a", "b", "c"], []),
    ],
)
def test_feature_flags(spec: FeatureSet, packages: list[str], flags: list[str]) -> None:
    assert list(feature_flags(FEATURED, spec, packages)) == flags


def test_feature_set_flags_follow_each_shard() -> None:
    """One row, two shards: each shard gets the flags of its own crates only."""
    m = workspace(
        crate("a", features=("x",), test=20.0),
        crate("b", features=("x",), test=20.0),
        feature_sets={"x": FeatureSet(features=("x",), no_default_features=True)},
    )
    p = plan(m, ORIGIN)
    one, two = job(p, "test-ubuntu-x-1"), job(p, "test-ubuntu-x-2")
    assert one.cargo is not None and two.cargo is not None
    assert one.cargo.flags == ("--no-default-features", "--features", "a/x")
    assert two.cargo.flags == ("--no-default-features", "--features", "b/x")
    assert argvs(two)[0] == (
        "cargo",
        "nextest",
        "run",
        "--no-run",
        "--locked",
        "--package",
        "b",
        "--no-default-features",
        "--features",
        "b/x",
    )


A_AND_C = ("--package", "a", "--package", "c", "--features", "a/x")


def test_nextest_commands() -> None:
    ws = Workspace(nextest_profile="ci")
    cargo = commands.test_cargo(
        commands.Build(ws), FEATURED, FeatureSet(features=("x",)), ["a", "c"]
    )
    assert cargo.nextest
    assert [(c.name, c.argv) for c in cargo.commands] == [
        (
            "Build tests",
            ("cargo", "nextest", "run", "--no-run", "--locked", *A_AND_C),
        ),
        (
            "Run tests",
            ("cargo", "nextest", "run", "--profile", "ci", "--no-fail-fast", "--locked", *A_AND_C),
        ),
        (
            "Run doc tests",
            ("cargo", "test", "--doc", "--locked", *A_AND_C),
        ),
    ]


def test_no_nextest_profile_means_no_profile_flag() -> None:
    cargo = commands.test_cargo(commands.Build(Workspace()), FEATURED, FeatureSet(), ["a"])
    assert all("--profile" not in c.argv for c in cargo.commands)


def test_plain_cargo_test_without_nextest() -> None:
    ws = Workspace(nextest=False, nextest_profile="ci")
    cargo = commands.test_cargo(commands.Build(ws), FEATURED, FeatureSet(), ["b"])
    assert not cargo.nextest
    # cargo's own target choice (test = false, doctest = false honoured), doc tests included
    assert [c.argv for c in cargo.commands] == [
        ("cargo", "test", "--no-run", "--locked", "--package", "b"),
        ("cargo", "test", "--no-fail-fast", "--locked", "--package", "b"),
    ]
    assert all("nextest" not in c.argv and "--profile" not in c.argv for c in cargo.commands)


def test_doc_tests_only_for_crates_that_have_them() -> None:
    crates = {
        "lib": crate("lib", features=("x",)),
        "itest": crate("itest", features=("x",), doc_tests=False),
    }
    spec = FeatureSet(features=("x", "itest/x"))
    cargo = commands.test_cargo(commands.Build(Workspace()), crates, spec, ["itest", "lib"])
    docs = [c.argv for c in cargo.commands if c.name == "Run doc tests"]
    # itest's doc tests are off: neither its package nor its feature reach the command.
    assert docs == [
        ("cargo", "test", "--doc", "--locked", "--package", "lib", "--features", "lib/x")
    ]
    only_itest = commands.test_cargo(commands.Build(Workspace()), crates, spec, ["itest"])
    assert [c.name for c in only_itest.commands] == ["Build tests", "Run tests"]


def test_nextest_switch_in_the_plan() -> None:
    on = job(plan(workspace(*AB), ORIGIN), "test-ubuntu-default")
    off = job(
        plan(workspace(*AB, workspace=Workspace(nextest=False)), ORIGIN), "test-ubuntu-default"
    )
    assert on.steps == (*BUILD_STEPS[:3], "install-nextest", *BUILD_STEPS[3:], "report-disk")
    assert off.steps == (*BUILD_STEPS, "report-disk")
    assert [a[:3] for a in argvs(on)] == [("cargo", "nextest", "run")] * 2 + [
        ("cargo", "test", "--doc")
    ]
    assert [a[:3] for a in argvs(off)] == [
        ("cargo", "test", "--no-run"),
        ("cargo", "test", "--no-fail-fast"),
    ]


@pytest.mark.parametrize("locked", [True, False])
def test_locked_follows_the_workspace(locked: bool) -> None:
    m = workspace(*AB, workspace=Workspace(locked=locked, msrv="1.80"))
    p = plan(m, ORIGIN)
    argv_list = [argv for j in p.jobs if j.cargo for argv in argvs(j)]
    assert len(argv_list) == 1 + 3 + 1  # clippy, build/run/doc tests, msrv check
    assert [("--locked" in argv) for argv in argv_list] == [locked] * len(argv_list)


CI_GEN = "acme-tools/ci-gen"
CI_GEN_SHA = "0a1b2c3d4e5f60718293a4b5c6d7e8f901234567"


def test_gate_commands_and_steps() -> None:
    gate_spec = Gate(
        clippy_args=("--all-targets", "--all-features"), action=CI_GEN, layout="gate-first"
    )
    p = plan(workspace(*AB, gate=gate_spec, pins={CI_GEN: Pin(CI_GEN_SHA, "v0.1.0")}), ORIGIN)
    gate = job(p, "gate")
    clippy = ("cargo", "clippy", "--workspace", "--locked", "--all-targets", "--all-features")
    assert argvs(gate) == [(*clippy, "--", "-D", "warnings")]
    assert gate.steps == (
        "checkout",
        "drift-action",
        "toolchain",
        "fmt",
        "prepare-disk",
        "cache",
        "check-disk",
        "cargo",
        "report-disk",
    )
    assert gate.rustup is not None
    assert gate.rustup.argv[-4:] == ("--component", "rustfmt", "--component", "clippy")
    assert gate.name == "gate (drift, fmt, clippy)"


@pytest.mark.parametrize(
    ("gate", "steps", "drift"),
    [
        (Gate(action=CI_GEN, layout="gate-first"), ("drift-action",), Drift(action=CI_GEN)),
        (
            Gate(
                install=Lines(f"git+https://github.com/{CI_GEN}@{CI_GEN_SHA}"),
                layout="gate-first",
            ),
            ("setup-python", "drift"),
            Drift(install=f"git+https://github.com/{CI_GEN}@{CI_GEN_SHA}"),
        ),
        (
            Gate(install=Lines("ci-gen==0.1.0 --hash=sha256:" + "a" * 64), layout="gate-first"),
            ("setup-python", "drift"),
            Drift(install="ci-gen==0.1.0 --hash=sha256:" + "a" * 64, hashed=True),
        ),
        (GATE_FIRST, (), None),
        (Gate(drift=False, action=CI_GEN, layout="gate-first"), (), None),
    ],
)
def test_where_the_drift_check_gets_ci_gen(
    gate: Gate, steps: tuple[str, ...], drift: Drift | None
) -> None:
    p = plan(workspace(*AB, gate=gate, pins={CI_GEN: Pin(CI_GEN_SHA, "v0.1.0")}), ORIGIN)
    assert job(p, "gate").steps[1 : 1 + len(steps)] == steps
    assert "drift" not in job(p, "gate").steps[1 + len(steps) :]
    assert p.workflows[0].drift == drift
    unconfigured = [n for n in p.notes if n.startswith("no drift check in the gate")]
    assert bool(unconfigured) == (gate.drift and drift is None)


def test_gate_without_clippy_builds_nothing() -> None:
    gate = job(
        plan(workspace(*AB, gate=Gate(clippy=False, drift=False, layout="gate-first")), ORIGIN),
        "gate",
    )
    assert (gate.cargo, gate.disk, gate.cache) == (None, None, None)
    assert gate.steps == ("checkout", "toolchain", "fmt")
    assert gate.name == "gate (fmt)"


# ---------------------------------------------------------------------------------------
# Cache keys


def sharded() -> Manifest:
    # d pulls a heavy dependency: its shard has the largest target and saves the cache.
    return workspace(
        crate("a", test=20.0),
        crate("b", test=20.0),
        crate("d", deps=("heavy",), test=20.0),
        attrs.evolve(crate("heavy", gb=4.0, test=0.0), role="support"),
        crate("e", test=20.0),
        workspace=Workspace(msrv="1.80", default_branch="trunk"),
        matrix=Matrix(os=("ubuntu", "macos")),
        runners={"macos": RunnerSpec(free_gb=30.0)},
        budgets=Budgets(cache_gb=12.0),  # room for one key per row
    )


def test_shards_of_a_row_share_one_key_and_one_saves() -> None:
    p = plan(sharded(), ORIGIN)
    row = [j for j in p.jobs if j.id.startswith("test-ubuntu-default-")]
    assert [j.id for j in row] == [f"test-ubuntu-default-{i}" for i in range(1, 5)]
    caches = [j.cache for j in row]
    assert all(c is not None for c in caches)
    assert {c.key for c in caches if c} == {"test-ubuntu-default"}
    assert {c.save_branch for c in caches if c} == {"trunk"}
    assert [c.saves for c in caches if c] == [False, False, True, False]
    saver = row[2]
    assert saver.cargo is not None and saver.cargo.packages == ("d",)
    assert saver.disk is not None and saver.cache is not None
    assert all(j.disk and j.disk.guard_gb < saver.disk.guard_gb for j in row if j is not saver)
    assert saver.cache.gb == pytest.approx(
        model_terms.REGISTRY_GB + saver.disk.guard_gb * CACHE_PRUNED_FACTOR
    )


def test_gate_rows_and_msrv_have_their_own_keys() -> None:
    p = plan(sharded(), ORIGIN)
    keys = {j.id: j.cache.key for j in p.jobs if j.cache}
    assert keys["gate"] == "clippy-ubuntu"
    assert keys["check-ubuntu-msrv-default"] == "check-ubuntu-msrv-default"
    assert sorted(set(keys.values())) == [
        "check-ubuntu-msrv-default",
        "clippy-ubuntu",
        "test-macos-default",
        "test-ubuntu-default",
    ]
    savers = [j.cache.key for j in p.jobs if j.cache and j.cache.saves]
    assert sorted(savers) == sorted(set(keys.values()))  # exactly one saver per key
    assert "all-green" not in keys


def test_equal_targets_save_from_the_first_shard() -> None:
    p = plan(workspace(crate("a", test=20.0), crate("b", test=20.0)), ORIGIN)
    assert [(j.id, j.cache.saves) for j in p.jobs if j.cache and j.kind == "test"] == [
        ("test-ubuntu-default-1", True),
        ("test-ubuntu-default-2", False),
    ]


def test_cache_entries_count_a_shared_key_once() -> None:
    p = plan(sharded(), ORIGIN)
    entries = report.cache_entries(p.jobs)
    savers = {j.cache.key: j.cache.gb for j in p.jobs if j.cache and j.cache.saves}
    assert entries == savers
    assert len(entries) == 4
    every_shard = sum(j.cache.gb for j in p.jobs if j.cache)
    assert report.totals(p).cache_gb == pytest.approx(sum(savers.values()))
    assert report.totals(p).cache_gb < every_shard


# ---------------------------------------------------------------------------------------
# The report


def reported() -> Plan:
    """Ubuntu: {a} 23.5 min, {b, c} 20.5; macOS (speed 0.8, held to 30 minutes too):
    {a} 29.0, {b, c} 25.25."""
    return plan(
        workspace(
            crate("a", test=20.0),
            crate("b", test=5.0),
            crate("c", test=10.0),
            matrix=Matrix(os=("ubuntu", "macos")),
            runners={"macos": RunnerSpec(speed=0.8)},
            budgets=Budgets(smoke_minutes=30.0),
        ),
        ORIGIN,
    )


def test_shards_of_the_report_plan() -> None:
    p = reported()
    assert [(j.id, j.cargo.packages if j.cargo else ()) for j in p.jobs[1:-1]] == [
        ("test-ubuntu-default-1", ("a",)),
        ("test-ubuntu-default-2", ("b", "c")),
        ("test-macos-default-1", ("a",)),
        ("test-macos-default-2", ("b", "c")),
    ]
    assert [j.minutes.predicted for j in p.jobs[1:-1]] == [23.5, 20.5, 29.0, 25.25]


def test_critical_path_is_gate_longest_job_all_green() -> None:
    p = reported()
    t = report.totals(p)
    assert t.critical_path == ("gate", "test-macos-default-1", "all-green")
    gate = job(p, "gate").minutes.predicted
    assert t.critical_minutes == pytest.approx(gate + 29.0 + 0.1)
    assert t.jobs == 6


def test_totals_sum_and_weigh_minutes() -> None:
    p = reported()
    t = report.totals(p)
    minutes = {j.id: j.minutes.predicted for j in p.jobs}
    assert t.runner_minutes == pytest.approx(sum(minutes.values()))
    macos = 29.0 + 25.25
    price = p.runners["macos"].price
    assert price == 10.0
    assert t.weighted_minutes == pytest.approx(sum(minutes.values()) - macos + macos * price)
    assert sorted(p.runners) == ["macos", "ubuntu"]


def floats(value: object) -> Iterator[float]:
    if isinstance(value, float):
        yield value
    elif isinstance(value, dict):
        for item in value.values():
            yield from floats(item)
    elif isinstance(value, list):
        for item in value:
            yield from floats(item)


JOB_KEYS = {
    "id",
    "name",
    "kind",
    "runner",
    "runs_on",
    "needs",
    "feature_set",
    "shard",
    "crates",
    "cleanup",
    "disk",
    "minutes",
    "cache",
    "reason",
}


def test_json_report_shape() -> None:
    p = reported()
    document = json.loads(report.to_json(p))
    assert list(document) == [
        "format", "ci_gen", "manifest", "workflows", "totals", "warnings", "notes", "naive",
        "layouts",
    ]  # fmt: skip
    assert (document["format"], document["ci_gen"], document["manifest"]) == (1, "0.1.0", "ci.toml")
    (workflow,) = document["workflows"]
    assert workflow["path"] == ".github/workflows/ci.yml"
    jobs = workflow["jobs"]
    assert [j["id"] for j in jobs] == ids(p)
    assert all(set(j) >= JOB_KEYS for j in jobs)
    gate, shard, last = jobs[0], jobs[2], jobs[-1]
    assert set(gate["disk"]) == {
        "peak_gb",
        "budget_gb",
        "available_gb",
        "free_gb",
        "reclaimed_gb",
        "terms",
    }
    assert set(shard["minutes"]) == {"predicted", "budget", "timeout", "calibrated", "terms"}
    assert shard["crates"] == ["b", "c"]
    assert shard["shard"] == [2, 2]
    assert shard["feature_set"] == "default"
    assert shard["minutes"]["predicted"] == 20.5
    assert shard["minutes"]["budget"] == 30.0
    assert shard["cache"]["key"] == "test-ubuntu-default"
    assert (last["disk"], last["cache"], last["feature_set"], last["crates"]) == (
        None,
        None,
        None,
        [],
    )
    assert gate["minutes"]["budget"] == 30.0  # the gate answers to job-minutes too
    totals = document["totals"]
    assert set(totals) == {
        "jobs",
        "runner_minutes",
        "weighted_minutes",
        "critical_path_minutes",
        "critical_path",
        "cache_gb",
        "cache_budget_gb",
        "cache_sharing",
    }
    assert totals["critical_path"] == ["gate", "test-macos-default-1", "all-green"]
    assert totals["jobs"] == 6


def test_json_numbers_are_rounded() -> None:
    p = reference()
    document = json.loads(report.to_json(p))
    numbers = list(floats(document))
    assert len(numbers) > 100
    assert [x for x in numbers if round(x, 2) != x] == []
    # The unrounded plan has numbers with more digits: rounding is the report's doing.
    assert any(round(j.cache.gb, 2) != j.cache.gb for j in p.jobs if j.cache)


def test_cache_over_budget_is_flagged_in_the_text_report() -> None:
    small = attrs.evolve(reported(), cache_budget_gb=1.0)
    assert "OVER BUDGET" in report.to_text(small)
    assert "OVER BUDGET" not in report.to_text(reported())


def test_budgets_reach_the_jobs() -> None:
    m = workspace(*AB, budgets=Budgets(job_minutes=45.0, disk=0.5))
    j = job(plan(m, ORIGIN), "test-ubuntu-default")
    assert j.minutes.budget == 45.0
    assert j.disk is not None and j.disk.budget == 0.5
    assert j.disk.budget_gb == pytest.approx(j.disk.available_gb * 0.5)
