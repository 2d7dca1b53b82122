"""Crates whose tests alone break the time budget run in nextest partitions."""

from __future__ import annotations

import math
from pathlib import Path

import pytest
from hypothesis import assume, event, given, settings
from hypothesis import strategies as st

from ci_gen.errors import BudgetError
from ci_gen.manifest import Budgets, Cost, Crate, Manifest, ModelSpec, RunnerSpec, Workspace
from ci_gen.output.origin import make_origin
from ci_gen.plan import Job, Plan, plan
from ci_gen.plan.partition import choose, runner_minutes, transfer_minutes
from ci_gen.plan.predict import EPSILON

from .conftest import ManifestFactory
from .factories import plan_of

MODEL = ModelSpec()
ORIGIN = make_origin(Path("ci.toml"), Path())


def test_a_long_build_shares_one_archive() -> None:
    split = choose(2.0, 20.0, 50.0, target_gb=10.0, budget=30.0, model=MODEL)
    assert split is not None
    assert split.mode == "archive"
    transfer = transfer_minutes(10.0 * MODEL.archive_share, MODEL)
    assert split.transfer_min == transfer
    assert split.build_min == 22.0 + transfer
    assert split.parts == math.ceil(50.0 / (30.0 - MODEL.setup_min - transfer))
    assert split.run_min + 50.0 / split.parts <= 30.0


def test_a_quick_build_is_cheaper_to_repeat_than_to_ship() -> None:
    split = choose(1.5, 0.5, 40.0, target_gb=0.5, budget=30.0, model=MODEL)
    assert split is not None
    assert split.mode == "rebuild"
    assert split.parts == 2
    assert runner_minutes(split, 40.0) == 2 * 2.0 + 40.0


def test_no_shape_helps_when_the_build_alone_breaks_the_budget() -> None:
    assert choose(2.0, 40.0, 10.0, target_gb=5.0, budget=30.0, model=MODEL) is None


def test_at_least_two_partitions() -> None:
    split = choose(1.0, 1.0, 29.0, target_gb=1.0, budget=30.0, model=MODEL)
    assert split is not None
    assert split.parts == 2


MANIFEST = """
    [workspace]
    nextest-profile = "ci"

    [crates.core]
    path = "core"
    cost = {{ build-gb = 4, build-min = 18, test-min = 2 }}

    [crates.search]
    path = "search"
    deps = ["core"]
    cost = {{ build-gb = 3, build-min = 4, test-min = {search} }}

    [budgets]
    job-minutes = 30
"""


def planned(manifest: ManifestFactory, search: float) -> Plan:
    return plan_of(manifest(MANIFEST.format(search=search)))


def by_id(p: Plan) -> dict[str, Job]:
    return {j.id: j for j in p.jobs}


def test_archive_partitions_in_the_plan(manifest: ManifestFactory) -> None:
    jobs = by_id(planned(manifest, 60.0))
    builder = jobs["test-ubuntu-default-2-build"]
    assert builder.kind == "archive"
    assert builder.artifact == "nextest-test-ubuntu-default-2"
    assert builder.cargo is not None
    names = [c.name for c in builder.cargo.commands]
    assert names == ["Build the test archive", "Run doc tests"]
    assert builder.cargo.commands[0].argv[:5] == (
        "cargo", "nextest", "archive", "--archive-file", "nextest-archive.tar.zst",
    )  # fmt: skip
    parts = [j for i, j in jobs.items() if i.startswith("test-ubuntu-default-2-p")]
    assert len(parts) == 3  # 60 min of tests, about 28 min of room each
    # Gate beside tests: gate (19.6 min) then build and partition would be 65 min, over
    # 0.6 x the naive job's 104.
    assert builder.needs == ()
    for i, part in enumerate(parts, start=1):
        assert part.needs == (builder.id,)
        assert part.artifact == builder.artifact
        assert part.cache is None and part.cleanup == "none"
        assert part.partition == (i, 3)
        assert part.cargo is not None and part.cargo.builds is False
        argv = part.cargo.commands[0].argv
        assert "--partition" in argv and argv[argv.index("--partition") + 1] == f"count:{i}/3"
        assert argv[argv.index("--profile") : argv.index("--profile") + 2] == ("--profile", "ci")
        assert "--package" not in argv  # an archive run takes no build options
        assert part.minutes.predicted <= 30.0
        assert part.steps == ("checkout", "toolchain", "install-nextest", "download-archive",
                              "cargo")  # fmt: skip
    assert jobs["all-green"].needs[-3:] == tuple(p.id for p in parts)


def test_rebuild_partitions_in_the_plan(manifest: ManifestFactory) -> None:
    path = manifest(
        """
        [crates.parser]
        path = "parser"
        cost = { build-gb = 0.2, build-min = 0.5, test-min = 40 }
        """
    )
    jobs = by_id(plan_of(path))
    parts = [jobs["test-ubuntu-default-p1"], jobs["test-ubuntu-default-p2"]]
    for i, part in enumerate(parts, start=1):
        assert part.kind == "test" and part.partition == (i, 2)
        assert part.cargo is not None
        commands = [c.name for c in part.cargo.commands]
        expected = ["Build tests", "Run tests"]
        assert commands == expected + (["Run doc tests"] if i == 1 else [])
        assert part.minutes.terms[-1] == ("test", 20.0)


@pytest.mark.parametrize("search", [2.0, 6.0])  # 1.5 + 22 min of build + tests <= 30
def test_a_crate_that_fits_is_not_partitioned(manifest: ManifestFactory, search: float) -> None:
    jobs = planned(manifest, search).jobs
    assert all(j.partition == (1, 1) for j in jobs)
    assert not any(j.kind == "archive" for j in jobs)


def test_no_archive_without_disk_room_for_it() -> None:
    roomy = choose(2.0, 20.0, 50.0, target_gb=10.0, budget=30.0, model=MODEL)
    tight = choose(2.0, 20.0, 50.0, target_gb=10.0, budget=30.0, model=MODEL, room_gb=0.5)
    assert roomy is not None and roomy.mode == "archive"
    assert tight is not None and tight.mode == "rebuild"


def test_the_archive_builder_counts_the_archive_on_disk(manifest: ManifestFactory) -> None:
    jobs = by_id(planned(manifest, 60.0))
    builder = jobs["test-ubuntu-default-2-build"]
    assert builder.disk is not None
    terms = dict(builder.disk.terms)
    assert terms["archive"] == pytest.approx(terms["target"] * MODEL.archive_share)
    assert builder.disk.peak_gb <= builder.disk.budget_gb


@st.composite
def workspaces(draw: st.DrawFn) -> Manifest:
    """Chains of 2-10 crates; any crate's tests may run long enough to need partitions."""
    count = draw(st.integers(2, 10))
    names = [f"c{i}" for i in range(count)]
    crates = {}
    for i, name in enumerate(names):
        deps = (
            tuple(draw(st.lists(st.sampled_from(names[:i]), unique=True, max_size=2))) if i else ()
        )
        cost = Cost(
            draw(st.floats(0.1, 1.0)), draw(st.floats(0.1, 3.0)), draw(st.floats(0.1, 90.0))
        )
        crates[name] = Crate(path=name, deps=deps, cost=cost)
    return Manifest(
        workspace=Workspace(nextest=draw(st.booleans())),
        crates=crates,
        runners={"ubuntu": RunnerSpec(free_gb=50.0)},
        budgets=Budgets(job_minutes=draw(st.floats(20.0, 40.0))),
    )


@settings(max_examples=80, deadline=None)
@given(workspaces())
def test_partitioned_plans_keep_every_crate_in_one_shard_and_every_job_in_budget(
    m: Manifest,
) -> None:
    try:
        p = plan(m, ORIGIN)
    except BudgetError:
        p = None
    assume(p is not None)  # a build alone over budget, or long tests without nextest
    assert p is not None
    kinds = {j.kind for j in p.jobs}
    event(
        "archive"
        if "archive" in kinds
        else "partitions"
        if any(j.partition[1] > 1 for j in p.jobs)
        else "whole"
    )
    shards: dict[str, dict[int, set[str]]] = {}
    parts: dict[tuple[str, int], set[tuple[int, int]]] = {}
    for job in p.jobs:
        if job.kind not in ("test", "archive"):
            continue
        assert job.minutes.predicted <= m.budgets.job_minutes + EPSILON, job.id
        crates = set(job.cargo.packages) if job.cargo else set()
        known = shards.setdefault(job.row, {}).setdefault(job.shard[0], crates)
        assert known == crates, job.id  # every partition of a shard tests the same crates
        if job.kind == "test":
            parts.setdefault((job.row, job.shard[0]), set()).add(job.partition)
    for row, by_shard in shards.items():
        tested = [c for crates in by_shard.values() for c in crates]
        assert sorted(tested) == sorted(m.crates), row
    for found in parts.values():
        total = next(iter(found))[1]
        assert found == {(i, total) for i in range(1, total + 1)}
