"""Crates whose tests alone break the time budget run in nextest partitions."""

from __future__ import annotations

import math

import pytest

from ci_gen.manifest import load
from ci_gen.model import ModelSpec
from ci_gen.origin import make_origin
from ci_gen.partition import choose, runner_minutes, transfer_minutes
from ci_gen.plan import plan
from ci_gen.planmodel import Job, Plan

from .conftest import ManifestFactory

MODEL = ModelSpec()


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
    path = manifest(MANIFEST.format(search=search))
    return plan(load(path), make_origin(path, path.parent))


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
    for i, part in enumerate(parts, start=1):
        assert part.needs == ("gate", builder.id)
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
    jobs = by_id(plan(load(path), make_origin(path, path.parent)))
    parts = [jobs["test-ubuntu-default-p1"], jobs["test-ubuntu-default-p2"]]
    for i, part in enumerate(parts, start=1):
        assert part.kind == "test" and part.partition == (i, 2)
        assert part.cargo is not None
        commands = [c.name for c in part.cargo.commands]
        expected = ["Build tests", f"Run tests, part {i} of 2"]
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
