"""What would make a job that breaks a budget fit: only the fixes that apply to it.

Each fix is checked against the prediction it would change: raising a budget is offered
when the runner could hold the job, splitting a crate only when the crate's own share
(not its dependencies') is what breaks the budget, partitions only when tests are what
takes the time.
"""

from __future__ import annotations

import math

from ..manifest import Crate, Profile, Runner
from . import predict
from .model import Disk

MAX_DISK_SHARE = 0.95  # beyond this a job leaves the runner no room for logs and caches


def disk_fixes(
    disk: Disk, runner: Runner, *, alone: Crate | None, name: str, profile: Profile, check: bool
) -> tuple[str, ...]:
    """Fixes for a job over its disk budget; ``alone`` is the crate it tests, when one."""
    need, over = disk.peak_gb, disk.peak_gb - disk.budget_gb
    fixes = [
        f"a runner with more disk than {runner.name}'s {disk.available_gb:.1f} GB after "
        "cleanup ([runners.<name>] with its label and free-gb, in matrix.os)"
    ]
    share = math.ceil(need / disk.available_gb * 20 - 1e-9) / 20  # the next 5 %
    if share <= MAX_DISK_SHARE:
        fixes.append(f"budgets.disk = {share:.2f}")
    if alone is not None:
        own = predict.target_gb(alone.cost.build_gb, profile, check)
        if own > over:
            fixes.append(f"split {name}: its own build is {own:.1f} of the {need:.1f} GB")
    fixes.append(f'budgets.accept = ["{name}"] to run it anyway')
    return tuple(fixes)


def time_fixes(
    predicted: float,
    budget: float,
    runner: Runner,
    *,
    key: str,
    alone: Crate | None,
    name: str,
    partitions: bool,
) -> tuple[str, ...]:
    """Fixes for a job over its time budget (``key`` names that budget)."""
    over = predicted - budget
    fixes = [f"{key} = {math.ceil(predicted)}"]
    fixes.append(
        f"a faster runner than {runner.name} (speed {runner.speed:g}; [runners.<name>] with "
        "its label and speed, in matrix.os)"
    )
    if alone is not None:
        test = predict.test_minutes(alone.cost.test_min, runner)
        own = predict.build_minutes(alone.cost.build_min, runner) + test
        if own > over:
            fixes.append(f"split {name}: its own build and tests take {own:.1f} of the minutes")
        if partitions and test > over:
            fixes.append("workspace.nextest = true: its tests then run in partitions")
    fixes.append(f'budgets.accept = ["{name}"] to run it anyway')
    return tuple(fixes)
