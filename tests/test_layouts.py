"""The plan compares layouts of the same jobs and takes the shortest critical path:
gate first, gate beside tests, or one job that lints and tests."""

from __future__ import annotations

import json
from pathlib import Path

import attrs
import pytest

from ci_gen.errors import ManifestError
from ci_gen.manifest import FeatureSet, Gate, Manifest, Matrix
from ci_gen.output import report
from ci_gen.output.origin import make_origin
from ci_gen.plan import Plan, critical_path, plan

from .factories import crate


def _plan(m: Manifest) -> Plan:
    return plan(m, make_origin(Path("ci.toml"), Path()))


SMALL = Manifest(crates={"core": crate("core", build=1.0, test=0.5)})


def test_a_small_workspace_lints_and_tests_in_one_job() -> None:
    p = _plan(SMALL)
    assert [j.id for j in p.jobs] == ["test-ubuntu-default", "all-green"]
    (job, _) = p.jobs
    assert job.name == "fmt, clippy and test (ubuntu, default)"
    assert job.needs == ()
    assert job.steps[:4] == ("checkout", "prepare-disk", "toolchain", "fmt")
    assert job.cargo is not None
    assert [c.name for c in job.cargo.commands][:2] == ["Clippy", "Build tests"]
    assert job.rustup is not None and "clippy" in job.rustup.argv
    # One setup instead of two, no wait: the naive single job's time, plus all-green.
    assert critical_path(p.jobs)[1] == pytest.approx(p.naive.critical_minutes + 0.1)
    first = _plan(attrs.evolve(SMALL, gate=Gate(layout="gate-first")))
    assert critical_path(first.jobs)[1] > critical_path(p.jobs)[1]
    assert [(x.name, x.chosen) for x in p.layouts] == [
        ("gate first", False),
        ("gate beside tests", False),
        ("one job", True),
    ]


def test_the_report_says_which_layout_and_why_not_the_others() -> None:
    text = report.to_text(_plan(SMALL))
    assert "layout: one job (shortest critical path; runner-minutes break ties)\n" in text
    assert "  not gate first: critical path " in text
    assert "  not gate beside tests: the tests cost " in text
    document = json.loads(report.to_json(_plan(SMALL)))
    assert [x["name"] for x in document["layouts"] if x["chosen"]] == ["one job"]


def test_two_feature_sets_keep_the_gate_first() -> None:
    sets = {"default": FeatureSet(), "all": FeatureSet(all_features=True)}
    p = _plan(attrs.evolve(SMALL, feature_sets=sets))
    assert p.jobs[0].id == "gate"
    assert all(j.needs == ("gate",) for j in p.jobs[1:-1])
    why = {x.name: x.why_not for x in p.layouts}
    assert why["one job"] == "a runner has more than one job"


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
    sets = {"default": FeatureSet(), "all": FeatureSet(all_features=True)}
    m = attrs.evolve(SMALL, feature_sets=sets, gate=Gate(layout="one-job"))
    with pytest.raises(ManifestError) as caught:
        _plan(m)
    assert caught.value.lines() == [
        "ci.toml: gate.layout: 'one-job' is not possible: a runner has more than one job"
    ]


def test_pricier_runners_wait_for_the_gate_cheap_ones_start_beside_the_merged_job() -> None:
    macos = _plan(attrs.evolve(SMALL, matrix=Matrix(os=("ubuntu", "macos"))))
    assert macos.jobs[0].id == "gate"  # macOS minutes cost ten times more
    why = {x.name: x.why_not for x in macos.layouts}
    assert why["one job"].startswith("the other runners' tests cost ")
    assert why["one job"].endswith(": they wait for it")
    arm = _plan(attrs.evolve(SMALL, matrix=Matrix(os=("ubuntu", "ubuntu-arm"))))
    by_id = {j.id: j for j in arm.jobs}
    assert set(by_id) == {"test-ubuntu-default", "test-ubuntu-arm-default", "all-green"}
    assert by_id["test-ubuntu-arm-default"].needs == ()


def test_a_shorter_wait_is_not_bought_with_more_than_a_quarter_more_minutes() -> None:
    """One crate whose tests cost about what the gate does: gate beside tests would wait
    least, but runs both jobs' setup and builds: over 1.25 x the naive single job."""
    p = _plan(Manifest(crates={"solo": crate("solo", build=0.5, test=0.3)}))
    why = {x.name: x.why_not for x in p.layouts}
    chosen = next(x for x in p.layouts if x.chosen)
    assert chosen.name == "one job"
    assert "over 1.25 x the naive layout's" in why["gate beside tests"]
