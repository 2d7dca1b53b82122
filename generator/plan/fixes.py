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
from .model import Disk, Terms
from .sources import source_of

MAX_DISK_SHARE = 0.95  # beyond this a job leaves the runner no room for logs and caches

# Terms a faster runner does not shorten: they take the same minutes on any runner.
FIXED = frozenset(
    {"setup", "cleanup", "packages", "services", "download", "upload", "drift", "fmt"}
)


def dominant(terms: Terms, resource: str) -> str:
    """The largest term of a prediction and the key that sets it, when it is most of
    the total and not what the crates themselves cost: "1.0 min of it model.setup-min"."""
    total = math.fsum(v for _, v in terms)
    name, value = max(terms, key=lambda t: t[1], default=("", 0.0))
    mine = name in ("build", "test", "clippy", "target")
    if not name or mine or total <= 0 or value < total / 2:
        return ""
    unit = "GB" if resource == "disk" else "min"
    return f"{value:.1f} {unit} of it {source_of(name, resource)}"


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
    terms: Terms,
    budget: float,
    runner: Runner,
    *,
    key: str,
    alone: Crate | None,
    name: str,
    partitions: bool,
) -> tuple[str, ...]:
    """Fixes for a job over its time budget (``key`` names that budget); a faster runner
    only when what it speeds up is more than the overrun."""
    predicted = math.fsum(v for _, v in terms)
    over = predicted - budget
    fixes = [f"{key} = {math.ceil(predicted)}"]
    scaled = math.fsum(v for k, v in terms if k not in FIXED)
    if scaled > over:
        fixes.append(
            f"a faster runner than {runner.name} (speed {runner.speed:g}; [runners.<name>] "
            "with its label and speed, in matrix.os)"
        )
    setup = dict(terms).get("setup", 0.0)
    if setup > over and dominant(terms, "time").endswith(source_of("setup", "time")):
        fixes.append("model.setup-min, if your runners measure a faster setup")
    if alone is not None:
        test = predict.test_minutes(alone.cost.test_min, runner)
        own = predict.build_minutes(alone.cost.build_min, runner) + test
        if own > over:
            fixes.append(f"split {name}: its own build and tests take {own:.1f} of the minutes")
        if partitions and test > over:
            fixes.append("workspace.nextest = true: its tests then run in partitions")
    fixes.append(f'budgets.accept = ["{name}"] to run it anyway')
    return tuple(fixes)
