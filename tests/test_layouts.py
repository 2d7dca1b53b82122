"""The plan compares layouts of the same work: gate first, gate beside tests, the gate's
checks in a test job, or every row of a runner in one job; it takes the shortest
critical path within the naive layout's bounds, and keeps the gate first where failing
fast pays."""

from __future__ import annotations

import json
from pathlib import Path

import attrs
import pytest

from ci_gen.errors import ManifestError
from ci_gen.manifest import FeatureSet, Gate, Manifest, Matrix, Workspace
from ci_gen.output import report
from ci_gen.output.origin import make_origin
from ci_gen.plan import RUNNER_MINUTES_CAP, Plan, critical_path, plan

from .factories import crate


def _plan(m: Manifest) -> Plan:
    return plan(m, make_origin(Path("ci.toml"), Path()))


SMALL = Manifest(crates={"core": crate("core", build=1.0, test=0.5)})


def test_a_small_workspace_lints_and_tests_in_one_job() -> None:
    p = _plan(SMALL)
    assert [j.id for j in p.jobs] == ["test-ubuntu-default"]
    (job,) = p.jobs
    assert job.name == "all green"  # the only job is the check branch protection requires
    assert job.needs == ()
    assert job.steps[:4] == ("checkout", "prepare-disk", "toolchain", "fmt")
    assert job.cargo is not None
    assert [c.name for c in job.cargo.commands][:2] == ["Clippy", "Build tests"]
    assert job.rustup is not None and "clippy" in job.rustup.argv
    # One setup instead of two, no wait: the naive single job's time.
    assert critical_path(p.jobs)[1] == pytest.approx(p.naive.critical_minutes)
    first = _plan(attrs.evolve(SMALL, gate=Gate(layout="gate-first")))
    assert critical_path(first.jobs)[1] > critical_path(p.jobs)[1]
    assert [j.id for j in first.jobs] == ["gate", "test-ubuntu-default", "all-green"]
    assert [(x.name, x.chosen) for x in p.layouts] == [
        ("gate first", False),
        ("gate beside tests", False),
        ("lint in tests", True),
        ("one job per OS", False),
    ]
    assert p.layouts[-1].why_not == "each runner has one test job: the same jobs as lint in tests"


def test_forcing_one_job_per_os_where_it_is_lint_in_tests_gives_those_jobs() -> None:
    """A valid choice is not an error because another layout yields the same jobs."""
    auto = _plan(SMALL)
    forced = _plan(attrs.evolve(SMALL, gate=Gate(layout="one-job-per-os")))
    assert [j.id for j in forced.jobs] == [j.id for j in auto.jobs]
    assert forced.layouts[-1].why_not == auto.layouts[-1].why_not


def test_the_report_says_which_layout_and_why_not_the_others() -> None:
    text = report.to_text(_plan(SMALL))
    assert "layout: lint in tests, of 4 compared\n" in text
    assert "  not gate first: critical path 5.9 min, over the naive layout's 4.3 min\n" in text
    assert "  not gate beside tests: " in text
    assert "  bound kept: at most the naive critical path (4.3 min) and 1.25 x the naive " in text
    document = json.loads(report.to_json(_plan(SMALL)))
    assert [x["name"] for x in document["layouts"] if x["chosen"]] == ["lint in tests"]
    assert all(x["lost"] or x["why_not"] for x in document["layouts"] if not x["chosen"])


# One crate, two feature sets and an MSRV check: three small jobs would each pay setup.
ROWS = Manifest(
    crates={"core": crate("core", build=2.0, test=1.0)},
    feature_sets={"default": FeatureSet(), "fast": FeatureSet(features=("core/fast",))},
    workspace=Workspace(msrv="1.70"),
    matrix=Matrix(msrv="check"),
)


def test_small_rows_on_one_runner_run_in_one_job_as_the_naive_layout_does() -> None:
    p = _plan(ROWS)
    assert [(x.name, x.chosen) for x in p.layouts][-1] == ("one job per OS", True)
    (job,) = p.jobs
    assert job.name == "all green" and job.needs == ()
    assert job.cargo is not None
    names = [c.name for c in job.cargo.commands]
    assert names == [
        "Clippy",
        "Clippy (fast)",  # the feature set's own lints: what the rows wait for
        "Build tests (default)",
        "Run tests (default)",
        "Run doc tests (default)",
        "Build tests (fast)",
        "Run tests (fast)",
        "Run doc tests (fast)",
        "Install Rust 1.70",
        "Check (1.70 msrv, default)",
    ]
    msrv = job.cargo.commands[-1].argv
    assert msrv[:3] == ("cargo", "+1.70", "check")
    assert "--features" in job.cargo.commands[5].argv
    assert job.rustup is not None and job.rustup.argv[3:5] == ("stable", "--profile")
    # Each row runs once the lints passed, whatever became of the rows before it.
    conditions = {c.name: (c.step_id, c.condition) for c in job.cargo.commands}
    assert conditions["Clippy"] == ("", "")
    assert conditions["Clippy (fast)"] == ("clippy", "")
    assert conditions["Build tests (fast)"] == (
        "row-2",
        "!cancelled() && steps.clippy.outcome == 'success'",
    )
    assert conditions["Check (1.70 msrv, default)"] == (
        "",
        "!cancelled() && steps.row-3.outcome == 'success'",
    )
    # The naive layout's work and time: one setup, each row after the other.
    assert job.minutes.predicted == pytest.approx(p.naive.critical_minutes)
    assert p.cache_note == "one key per job"
    first = _plan(attrs.evolve(ROWS, gate=Gate(layout="gate-first")))
    assert report.totals(first).runner_minutes > RUNNER_MINUTES_CAP * p.naive.runner_minutes
    # Forced, it misses the bound, and the report says who chose it.
    assert "; gate.layout forces gate first\n" in report.to_text(first)
    text = report.to_text(p)
    assert "layout: one job per OS, of 4 compared\n" in text
    assert "bound kept" in text


def test_one_job_per_os_lints_only_on_the_main_runner() -> None:
    m = attrs.evolve(ROWS, matrix=Matrix(os=("ubuntu", "macos"), msrv="check"))
    p = _plan(attrs.evolve(m, gate=Gate(layout="one-job-per-os")))
    assert [j.id for j in p.jobs] == ["test-ubuntu", "test-macos", "all-green"]
    ubuntu, macos, _ = p.jobs
    assert "fmt" in ubuntu.steps and "fmt" not in macos.steps
    assert macos.cargo is not None
    # macOS runs the smoke set only: one row, its commands need no row in their names.
    assert [c.name for c in macos.cargo.commands] == [
        "Build tests",
        "Run tests",
        "Run doc tests",
    ]
    assert ubuntu.minutes.predicted == pytest.approx(p.naive.jobs[0].minutes)
    assert macos.minutes.predicted == pytest.approx(p.naive.jobs[1].minutes)
    chosen = next(x for x in p.layouts if x.chosen)
    assert chosen.unguarded == pytest.approx(macos.minutes.predicted * 10)  # macOS price


def test_the_gate_lints_in_the_shortest_test_job_of_the_main_runner() -> None:
    """Two feature sets, 60 crates: each row is sharded; the lints join the shortest
    shard, and the other shards start at once."""
    crates = {f"c{i}": crate(f"c{i}", gb=0.1, build=0.1, test=0.5) for i in range(60)}
    sets = {"default": FeatureSet(), "all": FeatureSet(all_features=True)}
    p = _plan(Manifest(crates=crates, feature_sets=sets, gate=Gate(layout="lint-in-tests")))
    merged = [j for j in p.jobs if j.steps[3:4] == ("fmt",)]
    assert len(merged) == 1
    tests = [j for j in p.jobs if j.kind == "test" and j is not merged[0]]
    assert all(j.needs == () for j in tests)
    gate = _plan(Manifest(crates=crates, feature_sets=sets, gate=Gate(layout="gate-first")))
    shortest = min((j for j in gate.jobs if j.kind == "test"), key=lambda j: j.minutes.predicted)
    assert merged[0].id == shortest.id


def test_tests_cheaper_than_the_lint_run_beside_the_gate() -> None:
    """A heavy example crate that only clippy builds: the tests (one small crate, two
    rows) cost less than the gate, so waiting for it saves nothing."""
    crates = {
        "core": crate("core", build=0.5, test=0.2),
        "demos": crate("demos", ("core",), build=20.0, role="example"),
    }
    sets = {"default": FeatureSet(), "all": FeatureSet(all_features=True)}
    p = _plan(Manifest(crates=crates, feature_sets=sets))
    chosen = next(x for x in p.layouts if x.chosen)
    assert chosen.name == "gate beside tests"
    assert all(j.needs == () for j in p.jobs if j.kind == "test")
    assert p.jobs[-1].needs[0] == "gate"  # all-green still waits for it


def test_a_forced_layout_that_cannot_be_is_a_manifest_error() -> None:
    """A crate whose test build needs the full cleanup: with clippy's target beside it,
    no tier frees enough."""
    big = {"core": crate("core", gb=20.0, build=1.0, test=0.5)}
    m = Manifest(crates=big, gate=Gate(layout="lint-in-tests"))
    with pytest.raises(ManifestError) as caught:
        _plan(m)
    (line,) = caught.value.lines()
    assert line.startswith(
        "ci.toml: gate.layout: 'lint-in-tests' is not possible: linting in "
        "test-ubuntu-default would need "
    )
    assert line.endswith(" GB of disk, over its budget of 30.1 GB even after the fullest cleanup")


def test_pricier_runners_wait_for_the_gate_only_within_the_naive_bound() -> None:
    """macOS minutes cost ten times more, so failing fast would pay; but making the macOS
    job wait for the gate would make the wait longer than the naive job's."""
    macos = _plan(attrs.evolve(SMALL, matrix=Matrix(os=("ubuntu", "macos"))))
    lost = {x.name: x.lost for x in macos.layouts}
    assert lost["gate first"] == "critical path 5.9 min, over the naive layout's 4.4 min"
    assert not any(j.needs for j in macos.jobs if j.kind == "test")
    arm = _plan(attrs.evolve(SMALL, matrix=Matrix(os=("ubuntu", "ubuntu-arm"))))
    by_id = {j.id: j for j in arm.jobs}
    assert set(by_id) == {"test-ubuntu-default", "test-ubuntu-arm-default", "all-green"}
    assert by_id["test-ubuntu-arm-default"].needs == ()
    # the naive layout has two jobs, and so the all-green job too: same terms
    assert arm.naive.critical_minutes == pytest.approx(critical_path(arm.jobs)[1])


def test_a_shorter_wait_is_not_bought_with_more_than_a_quarter_more_minutes() -> None:
    """One crate whose tests cost about what the gate does: gate beside tests would wait
    least, but runs both jobs' setup and builds: over 1.25 x the naive single job."""
    p = _plan(Manifest(crates={"solo": crate("solo", build=0.5, test=0.3)}))
    lost = {x.name: x.lost for x in p.layouts}
    chosen = next(x for x in p.layouts if x.chosen)
    assert chosen.name == "lint in tests"
    assert "over the 4.0 limit (1.25 x the naive layout's 3.2)" in lost["gate beside tests"]


def test_shards_are_cut_finer_when_the_gate_first_would_break_the_bound() -> None:
    """Sixty crates on Linux and macOS: the naive jobs run out of disk, so the plan must
    wait at most 0.6 x the naive critical path. Gate first with shards packed to the
    30-minute budget waits longer; cut finer, the gate still stops the macOS minutes."""
    crates = {f"c{i}": crate(f"c{i}", gb=0.3, build=0.3, test=0.2) for i in range(60)}
    m = Manifest(crates=crates, matrix=Matrix(os=("ubuntu", "macos")))
    p = _plan(m)
    chosen = next(x for x in p.layouts if x.chosen)
    assert chosen.name == "gate first, finer shards"
    lost = {x.name: x.lost for x in p.layouts}
    assert lost["gate first"].startswith(
        "critical path 37.0 min, over the 27.9 min limit (0.6 x the naive"
    )
    assert lost["gate beside tests"].startswith("the tests that would not wait for the lints")
    bound = p.naive.critical_bound
    assert critical_path(p.jobs)[1] <= bound
    tests = [j for j in p.jobs if j.kind == "test"]
    assert all(j.needs == ("gate",) for j in tests)
    assert len(tests) == 8  # 2 x 2 shards at the budget, 2 x 4 cut finer
    # the jobs still show their row's budget (macOS: smoke-minutes)
    assert {j.runner: j.minutes.budget for j in tests} == {"ubuntu": 30, "macos": 60}
    assert "bound kept" in report.to_text(p)


def test_a_crate_longer_than_what_the_bound_leaves_has_no_finer_shards() -> None:
    heavy = {"core": crate("core", gb=20.0, build=12.0, test=3.0), "app": crate("app", ("core",))}
    p = _plan(Manifest(crates=heavy))
    why = {x.name: x.why_not for x in p.layouts}
    assert (
        why["gate first, finer shards"] == "no shards of at most 3.4 min: app alone takes 18.5 min"
    )
    chosen = next(x for x in p.layouts if x.chosen)
    assert chosen.name == "gate beside tests, finer shards"  # two shards, side by side
    assert "bound kept" in report.to_text(p)
