"""The layouts the plan compares, and the naive layout with the bounds it sets on the
plan (docs/model.md, "Comparison with the naive layout")."""

from __future__ import annotations

import math

import attrs

from .constants import NAIVE_SLOW_MIN, NAIVE_SPEEDUP, RUNNER_MINUTES_CAP


@attrs.frozen
class NaiveJob:
    runner: str
    minutes: float
    peak_gb: float
    free_gb: float  # what the runner has, with no cleanup
    budget_minutes: float = math.inf  # the plan's budget for the runner's rows
    budget_key: str = "budgets.job-minutes"  # the manifest key that sets it
    disk_share: float = 1.0  # budgets.disk: the share of free disk a job may fill

    @property
    def budget_gb(self) -> float:
        return self.disk_share * self.free_gb

    @property
    def fits_disk(self) -> bool:
        """Within the disk budget every plan job keeps (the naive job cleans nothing up:
        one that needs the margin a cleanup would buy runs on luck)."""
        return self.peak_gb <= self.budget_gb + 1e-9

    @property
    def fits_time(self) -> bool:
        return self.minutes <= self.budget_minutes


@attrs.frozen
class Naive:
    """The one-job-per-OS layout, and the bound it sets on the plan (docs/model.md,
    "Never worse than naive")."""

    jobs: tuple[NaiveJob, ...]
    weighted_minutes: float = 0.0  # runner-minutes weighted by runner price
    # with more than one job, the all-green job too: branch protection requires one check
    green_minutes: float = 0.0

    @property
    def critical_minutes(self) -> float:
        return max((j.minutes for j in self.jobs), default=0.0) + self.green_minutes

    @property
    def runner_minutes(self) -> float:
        return math.fsum(j.minutes for j in self.jobs) + self.green_minutes

    @property
    def fits(self) -> bool:
        """Whether every naive job would run: within its runner's disk and the time budget."""
        return bool(self.jobs) and all(j.fits_disk and j.fits_time for j in self.jobs)

    @property
    def critical_bound(self) -> float:
        """The longest critical path the plan may have: the naive one where that layout
        runs; 0.6 x it where it does not and takes over 20 minutes; else no bound."""
        if self.fits:
            return self.critical_minutes
        if self.critical_minutes > NAIVE_SLOW_MIN:
            return NAIVE_SPEEDUP * self.critical_minutes
        return math.inf

    @property
    def weighted_bound(self) -> float:
        """The most price-weighted runner-minutes the plan may spend: 1.25 x the naive
        layout's where that one runs; else no bound."""
        return RUNNER_MINUTES_CAP * self.weighted_minutes if self.fits else math.inf


@attrs.frozen
class Layout:
    """One way of arranging the jobs that the plan compared."""

    name: str
    critical_minutes: float
    weighted_minutes: float  # runner-minutes weighted by runner price
    unguarded: float = 0.0  # weighted runner-minutes of tests that do not wait for lints
    why_not: str = ""  # why it was not possible ("" when it was)
    chosen: bool = False
    forced: bool = False  # gate.layout names it
    lost: str = ""  # why it was possible but not chosen
