"""A shard whose tests alone break the time budget -> its nextest partition jobs."""

from __future__ import annotations

from typing import Any

import attrs

from ...manifest import Manifest
from .. import predict
from ..commands import Build, archive_cargo, archive_run_cargo, test_cargo
from ..model import Disk, Job, Minutes, Terms
from ..partition import Split, choose, extracted_gb
from ..rows import Row


def split_jobs(m: Manifest, row: Row, base: Job, disk: Disk) -> list[Job] | None:
    """The partition jobs replacing ``base``, or None when partitions cannot help."""
    if row.action != "test" or not m.workspace.nextest or base.cargo is None:
        return None
    minutes = dict(base.minutes.terms)
    fixed = sum(t for name, t in base.minutes.terms if name in predict.FIXED_MINUTES)
    split = choose(
        fixed,
        minutes["build"],
        minutes["test"],
        target_gb=disk.guard_gb,
        budget=row.budget,
        model=m.model,
        room_gb=disk.budget_gb - disk.peak_gb,
        machine_min=sum(t for _, t in base.extras.minutes),
    )
    if split is None:
        return None
    if split.mode == "rebuild":
        return _rebuild(m, row, base, split)
    return _archive(m, row, base, split, disk)


def _minutes(terms: Terms, budget: float, measured: bool) -> Minutes:
    return Minutes(terms, budget, predict.timeout(sum(t for _, t in terms), measured), measured)


def _part(row: Row, base: Job, i: int, parts: int, **changes: Any) -> Job:
    return attrs.evolve(
        base,
        id=f"{base.id}-p{i}",
        name=row.job_name(base.shard, f"part {i}/{parts}"),
        partition=(i, parts),
        **changes,
    )


def _rebuild(m: Manifest, row: Row, base: Job, split: Split) -> list[Job]:
    assert base.cargo is not None
    terms = base.minutes.terms
    share = dict(terms)["test"] / split.parts
    timed = tuple((name, share if name == "test" else t) for name, t in terms)
    jobs = []
    for i in range(1, split.parts + 1):
        build = Build.of(m, row.runner)
        cargo = test_cargo(build, m.crates, row.spec, base.cargo.packages, (i, split.parts))
        minutes = _minutes(timed, row.budget, base.minutes.calibrated)
        jobs.append(
            _part(row, base, i, split.parts, cargo=cargo, minutes=minutes, reason=split.reason)
        )
    return jobs


def _archive(m: Manifest, row: Row, base: Job, split: Split, disk: Disk) -> list[Job]:
    assert base.cargo is not None
    budget = row.budget
    terms = dict(base.minutes.terms)
    build_terms = (
        *((k, v) for k, v in base.minutes.terms if k != "test"),
        ("upload", split.transfer_min),
    )
    builder = attrs.evolve(
        base,
        id=f"{base.id}-build",
        name=row.job_name(base.shard, "build"),
        kind="archive",
        steps=archive_steps(),
        artifact=f"nextest-{base.id}",
        reason=split.reason,
        cargo=archive_cargo(Build.of(m, row.runner), m.crates, row.spec, base.cargo.packages),
        minutes=_minutes(build_terms, budget, base.minutes.calibrated),
        disk=attrs.evolve(disk, terms=(*disk.terms, ("archive", split.archive_gb))),
    )
    tests = extracted_gb(disk.guard_gb)
    run_disk = Disk(
        (*disk.terms[:2], *base.extras.disk, ("archive", split.archive_gb), ("tests", tests)),
        disk.free_gb,
        0.0,
        disk.budget,
    )
    run_terms = (
        ("setup", m.model.setup_min),
        *base.extras.minutes,
        ("download", split.transfer_min),
        ("test", terms["test"] / split.parts),
    )
    runs = [
        _part(
            row,
            base,
            i,
            split.parts,
            needs=(*base.needs, builder.id),
            steps=archive_run_steps(),
            cargo=archive_run_cargo(m.workspace, row.spec, base.cargo.packages, (i, split.parts)),
            minutes=_minutes(run_terms, budget, base.minutes.calibrated),
            disk=run_disk,
            cache=None,
            cleanup="none",
            use_mnt=False,
            artifact=builder.artifact,
            reason=split.reason,
        )
        for i in range(1, split.parts + 1)
    ]
    return [builder, *runs]


def archive_steps() -> tuple[str, ...]:
    """Build the tests once and upload them as a nextest archive."""
    return (
        "checkout",
        "prepare-disk",
        "toolchain",
        "install-nextest",
        "cache",
        "check-disk",
        "cargo",
        "upload-archive",
        "report-disk",
    )


def archive_run_steps() -> tuple[str, ...]:
    """Run one partition of a downloaded archive: nothing is built, no target dir."""
    return ("checkout", "toolchain", "install-nextest", "download-archive", "cargo")
