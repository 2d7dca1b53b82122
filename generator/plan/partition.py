"""When one crate's tests alone break the time budget: run them in nextest partitions.

Two shapes (the plan records which, and why):
  rebuild  K jobs, each building the tests and running partition i of K;
  archive  one job builds once and uploads a `cargo nextest archive`; K jobs download
           it and run partition i of K.
The archive is chosen only when it costs fewer runner-minutes than rebuilding: its
transfers are cheap next to a long build, dear next to a short one.
"""

from __future__ import annotations

import math
from typing import Literal

import attrs

from ..manifest import ModelSpec
from .constants import EXTRACTED_SHARE

Mode = Literal["rebuild", "archive"]


@attrs.frozen
class Split:
    mode: Mode
    parts: int
    build_min: float  # the job that builds: setup, cleanup, build (and upload)
    run_min: float  # each partition's own fixed minutes (rebuild: the whole build)
    transfer_min: float  # archive: upload (or download) minutes
    archive_gb: float
    reason: str


def transfer_minutes(gb: float, model: ModelSpec) -> float:
    return gb * 1024 / model.artifact_mb_per_s / 60


def choose(
    fixed: float,
    build: float,
    test: float,
    *,
    target_gb: float,
    budget: float,
    model: ModelSpec,
    room_gb: float = float("inf"),
    machine_min: float = 0.0,
) -> Split | None:
    """How to run ``test`` minutes of tests whose build costs ``fixed`` (setup, cleanup,
    packages and services) plus ``build`` minutes within ``budget``; None when no shape
    fits. The archive also needs ``room_gb`` of disk left in the building job; each of
    its partitions installs packages and starts services too (``machine_min``)."""
    rebuild = _rebuild(fixed + build, test, budget)
    archive = _archive(fixed + build, test, target_gb, budget, model, machine_min=machine_min)
    if archive is not None and archive.archive_gb > room_gb:
        archive = None
    if archive is not None and (rebuild is None or _cost(archive, test) < _cost(rebuild, test)):
        return archive
    return rebuild


def runner_minutes(split: Split, test: float) -> float:
    return _cost(split, test)


def _cost(split: Split, test: float) -> float:
    if split.mode == "rebuild":
        return split.parts * split.run_min + test
    return split.build_min + split.parts * split.run_min + test


def _rebuild(per_job: float, test: float, budget: float) -> Split | None:
    room = budget - per_job
    if room <= 0:
        return None
    parts = max(2, math.ceil(test / room))
    reason = (
        f"its tests need {test:.1f} min: {parts} nextest partitions, each building the "
        f"tests ({per_job:.1f} min) because that is cheaper than sharing an archive"
    )
    return Split("rebuild", parts, per_job, per_job, 0.0, 0.0, reason)


def _archive(
    per_build: float,
    test: float,
    target_gb: float,
    budget: float,
    model: ModelSpec,
    *,
    machine_min: float = 0.0,
) -> Split | None:
    archive_gb = target_gb * model.archive_share
    transfer = transfer_minutes(archive_gb, model)
    build_min = per_build + transfer
    run_fixed = model.setup_min + machine_min + transfer
    room = budget - run_fixed
    if build_min > budget or room <= 0:
        return None
    parts = max(2, math.ceil(test / room))
    reason = (
        f"its tests need {test:.1f} min: built once ({per_build:.1f} min) into a "
        f"{archive_gb:.1f} GB nextest archive shared with {parts} partitions, cheaper "
        "than building in each"
    )
    return Split("archive", parts, build_min, run_fixed, transfer, archive_gb, reason)


def extracted_gb(target_gb: float) -> float:
    """Disk the unpacked archive takes where a partition runs."""
    return target_gb * EXTRACTED_SHARE
