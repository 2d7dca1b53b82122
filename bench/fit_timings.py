#!/usr/bin/env python3
"""Fit the estimator's per-package constants to bench/results/timings.json.

For each shape and command, the units cargo ran are scheduled again, as cargo's job
queue does (a unit starts when what it waits for is done, or has its metadata when it
only needs that; the ready unit with the longest chain behind it first), on 2 cores (to
check the replay against the measured wall time) and on the 4 cores of GitHub's Linux
runners. The fitted figures are per external package of Cargo.lock: wall seconds on 4
cores for a test build and for clippy, and MiB of target/ under the CI profile.

    .venv/bin/python bench/fit_timings.py [bench/results/timings.json]
    .venv/bin/python bench/fit_timings.py --packages   # the estimator's per-package fit
    .venv/bin/python bench/fit_timings.py --check      # its check constants
"""

from __future__ import annotations

import heapq
import json
import subprocess
import sys
import tempfile
from functools import cache
from pathlib import Path
from typing import Any

from timings import SHAPES, write_shape  # run as a script: bench/ is on sys.path

from ci_gen.bootstrap.estimate import package_seconds
from ci_gen.bootstrap.lockwalk import LockIndex
from ci_gen.cargo import discover
from ci_gen.cargo.registry import _facts  # the same reading init does

RESULTS = Path(__file__).resolve().parent / "results" / "timings.json"
REGISTRY = Path("/usr/share/cargo/registry")


def replay(units: list[dict[str, Any]], cores: int) -> float:
    """Wall seconds to run ``units`` on ``cores`` workers in cargo's order."""
    by_id = {u["id"]: u for u in units}
    waits: dict[int, list[tuple[int, bool]]] = {i: [] for i in by_id}  # (blocker, at rmeta)
    for u in units:
        for v in u["unblocks"]:
            waits.setdefault(v, []).append((u["id"], False))
        for v in u["unblocks_at_rmeta"]:
            waits.setdefault(v, []).append((u["id"], True))

    @cache
    def chain(i: int) -> float:
        after = [v for v in by_id[i]["unblocks"] + by_id[i]["unblocks_at_rmeta"] if v in by_id]
        return float(by_id[i]["seconds"]) + max((chain(v) for v in after), default=0.0)

    done: dict[int, tuple[float, float]] = {}  # id -> (rmeta time, end time)
    running: list[tuple[float, int]] = []
    pending = set(by_id)
    now = 0.0
    while pending or running:
        ready = [
            i
            for i in pending
            if all(b in done and done[b][1 if not rmeta else 0] <= now for b, rmeta in waits[i])
        ]
        ready.sort(key=lambda i: (-chain(i), i))
        while ready and len(running) < cores:
            i = ready.pop(0)
            pending.discard(i)
            u = by_id[i]
            heapq.heappush(running, (now + u["seconds"], i))
            done[i] = (now + u["rmeta_seconds"], now + u["seconds"])
        if not running:  # nothing runs and nothing is ready: a blocker outside the units
            break
        events = [t for t, _ in running] + [r for i, (r, _) in done.items() if r > now]
        now = min(t for t in events if t > now) if any(t > now for t in events) else now
        while running and running[0][0] <= now:
            heapq.heappop(running)
    return max((end for _, end in done.values()), default=0.0)


def fit_packages(data: dict[str, Any]) -> None:
    """Least squares of each external package's CPU seconds in the test builds against
    its facts as `ci-gen init` reads them (generator/cargo/registry.py), and the CPU
    seconds per 4-core wall second of those builds."""

    rows: list[tuple[list[float], float]] = []
    cpu_total = wall_total = 0.0
    for result in data["shapes"].values():
        units = [u for u in result["test"]["units"] if u["seconds"] > 0]
        cpu_total += sum(u["seconds"] for u in units)
        wall_total += replay(units, 4)
        spent: dict[str, float] = {}
        for u in units:
            if not u["member"]:
                spent[u["package"]] = spent.get(u["package"], 0.0) + u["seconds"]
        for package, seconds in spent.items():
            facts = _facts(REGISTRY / package.replace(" ", "-"))
            if facts is not None:
                x = [1.0, facts.source_kib, float(facts.proc_macro), float(facts.build_script)]
                rows.append((x, seconds))
    coefficients = _least_squares(rows)
    names = ("base", "per KiB", "proc-macro", "build script")
    print(
        f"{len(rows)} packages: CPU seconds = "
        + " + ".join(f"{c:.5f} ({n})" for c, n in zip(coefficients, names, strict=True))
    )
    print(f"CPU seconds per 4-core wall second: {cpu_total / wall_total:.2f}")


def fit_check(data: dict[str, Any]) -> None:
    """The check constants of the estimator (generator/bootstrap/estimate.py): for each
    shape, write the workspace again, let `ci-gen init`'s reading split its packages into
    those clippy only checks and those it builds for the host, then fit clippy's 4-core
    wall time to the package-seconds of each kind (as the estimator times a package) and
    its target MiB to the count of each kind, by least squares over the shapes. Time
    has a third term per member (checking its own targets, tests included)."""
    times: list[tuple[list[float], float]] = []
    tests: list[tuple[list[float], float]] = []
    sizes: list[tuple[list[float], float]] = []
    with tempfile.TemporaryDirectory() as tmp:
        for shape, result in data["shapes"].items():
            split = _split(Path(tmp) / shape, SHAPES[shape])
            members = float(len(SHAPES[shape]))
            seconds = [0.0, 0.0, members]
            counts = [0.0, 0.0]
            for how, package_s in split:
                for i, kind in enumerate(("target", "host")):
                    if kind in how:
                        seconds[i] += package_s
                        counts[i] += 1
            clippy = result["clippy"]
            units = [u for u in clippy["units"] if u["seconds"] > 0]
            wall = replay(units, 4)
            times.append((seconds, wall))
            test_units = [u for u in result["test"]["units"] if u["seconds"] > 0]
            tests.append((seconds, replay(test_units, 4)))
            sizes.append((counts, clippy["target_mib"]))
            print(
                f"{shape}: {counts[0]:.0f} checked, {counts[1]:.0f} built for the host; "
                f"package-seconds {seconds[0]:.1f} / {seconds[1]:.1f}; clippy {wall:.1f} s "
                f"on 4 cores, {clippy['target_mib']:.0f} MiB"
            )
    share = _least_squares(times)
    mib = _least_squares(sizes)
    print(
        f"CHECK_TARGET_SHARE = {share[0]:.2f}, CHECK_HOST_SHARE = {share[1]:.2f}, "
        f"CHECK_MEMBER_S = {share[2]:.3f}"
    )
    print(f"CHECK_TARGET_MIB = {mib[0]:.2f}, CHECK_HOST_MIB = {mib[1]:.2f}")
    build = _least_squares(tests)
    print(
        f"BUILD_TARGET_SHARE = {build[0]:.2f}, BUILD_HOST_SHARE = {build[1]:.2f}, "
        f"BUILD_MEMBER_S = {build[2]:.3f}"
    )
    for x, wall in tests:
        fitted = sum(a * b for a, b in zip(build, x, strict=True))
        print(f"  test build fitted / measured: {fitted / wall:.2f}")
    for (x, wall), (c, size) in zip(times, sizes, strict=True):
        t = sum(a * b for a, b in zip(share, x, strict=True))
        m = sum(a * b for a, b in zip(mib, c, strict=True))
        print(f"  fitted / measured: time {t / wall:.2f}, target {m / size:.2f}")


def _split(root: Path, members: dict[str, str]) -> list[tuple[frozenset[str], float]]:
    """(how a check builds it, its estimated seconds) for each external package the
    workspace's members reach."""
    write_shape(root, members)
    subprocess.run(["cargo", "generate-lockfile", "-q"], cwd=root, check=True)
    ws = discover(root)
    index = LockIndex.of(ws)
    found: dict[str, set[str]] = {}
    for member in ws.members:
        for ident, how in index.host_split(member, ws.packages).items():
            found.setdefault(ident, set()).update(how)
    return [(frozenset(how), package_seconds(ws.packages.get(i))) for i, how in found.items()]


def _least_squares(rows: list[tuple[list[float], float]]) -> list[float]:
    n = len(rows[0][0])
    a = [[sum(x[i] * x[j] for x, _ in rows) for j in range(n)] for i in range(n)]
    b = [sum(x[i] * y for x, y in rows) for i in range(n)]
    for i in range(n):  # Gauss-Jordan with partial pivoting
        pivot = max(range(i, n), key=lambda r: abs(a[r][i]))
        a[i], a[pivot], b[i], b[pivot] = a[pivot], a[i], b[pivot], b[i]
        for r in range(n):
            if r != i:
                f = a[r][i] / a[i][i]
                a[r] = [v - f * w for v, w in zip(a[r], a[i], strict=True)]
                b[r] -= f * b[i]
    return [b[i] / a[i][i] for i in range(n)]


def main() -> None:
    if "--packages" in sys.argv:
        fit_packages(json.loads(RESULTS.read_text()))
        return
    if "--check" in sys.argv:
        fit_check(json.loads(RESULTS.read_text()))
        return
    path = Path(sys.argv[1]) if sys.argv[1:] else RESULTS
    data = json.loads(path.read_text())
    rows, fitted = [], {"test": [0.0, 0.0, 0.0], "clippy": [0.0, 0.0, 0.0]}
    for shape, result in data["shapes"].items():
        packages = result["external_packages"]
        for command in ("test", "clippy"):
            measured = result[command]
            units = [u for u in measured["units"] if u["seconds"] > 0]
            two, four = replay(units, 2), replay(units, 4)
            cpu = sum(u["seconds"] for u in units)
            rows.append(
                f"| {shape} | {command} | {packages} | {measured['wall_seconds']:.1f} | "
                f"{two:.1f} | {four:.1f} | {cpu:.1f} | {measured['target_mib']:.0f} |"
            )
            sums = fitted[command]
            sums[0] += four
            sums[1] += measured["target_mib"]
            sums[2] += packages
    print(
        "| shape | build | lock packages | wall, 2 cores | replayed, 2 | replayed, 4 "
        "| CPU seconds | target MiB |"
    )
    print("|---|---|---|---|---|---|---|---|")
    print("\n".join(rows))
    for command, (seconds, mib, packages) in fitted.items():
        print(
            f"{command}: {seconds / packages:.3f} s per lock package on 4 cores, "
            f"{mib / packages:.2f} MiB per lock package"
        )


if __name__ == "__main__":
    main()
