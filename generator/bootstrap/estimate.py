"""Estimate each crate's cost (build GB, build minutes, test minutes) from the repo alone.

The formula (docs/model.md, "Estimates"):
    build-gb  = (sum over its own external packages p of MIB_PER_PACKAGE / share(p)
                 + own source KiB x MIB_PER_SOURCE_KIB) / 1024
    build-min = (sum of SECONDS_PER_PACKAGE / share(p) + source KiB x SECONDS_PER_SOURCE_KIB)
                x MEASURED_CORES / RUNNER_CORES / 60
    test-min  = TEST_BASE_MIN + test functions x TEST_FN_MIN
A crate's own external packages are those Cargo.lock reaches from it without passing
through another member; share(p) is how many members own p, so that summing the crates
a job builds counts each package once. Without Cargo.lock, each declared external
dependency stands for PACKAGES_PER_DIRECT_DEP packages.

Constants: bench/measure_cargo.py, a cold `cargo test --no-run` of a 3-crate workspace
over 51 external packages (serde, regex, tokio, clap, ...) with cargo's default dev
profile, on a 2-core machine. Test times are assumptions to calibrate.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Mapping

import attrs

from ..cargo import CargoWorkspace, LockPackage, Member

MIB_PER_PACKAGE = 6.85
SECONDS_PER_PACKAGE = 0.27
MIB_PER_SOURCE_KIB = 0.335
SECONDS_PER_SOURCE_KIB = 0.008
MEASURED_CORES = 2
RUNNER_CORES = 4
PACKAGES_PER_DIRECT_DEP = 51 / 8  # the measured workspace declared 8 direct dependencies
TEST_BASE_MIN = 0.2  # assumption: start-up of the test binaries
TEST_FN_MIN = 0.005  # assumption: 0.3 s per test function


@attrs.frozen
class Estimate:
    build_gb: float
    build_min: float
    test_min: float
    packages: float  # external packages attributed to the crate
    source_kib: float
    rough: bool  # True without Cargo.lock


def own_packages(ws: CargoWorkspace) -> dict[str, set[str]]:
    """Per member, the lock ids of external packages it reaches without another member."""
    lock = ws.lock or {}
    member_ids = {p.id: p.name for p in lock.values() if p.source is None}
    names = {m.name for m in ws.members}
    out: dict[str, set[str]] = {}
    for package in lock.values():
        if package.source is None and package.name in names:
            out[package.name] = _reach(package, lock, member_ids)
    return out


def _reach(
    start: LockPackage, lock: Mapping[str, LockPackage], members: Mapping[str, str]
) -> set[str]:
    seen: set[str] = set()
    stack = list(start.dependencies)
    while stack:
        ident = stack.pop()
        if ident in seen or ident in members or ident not in lock:
            continue
        seen.add(ident)
        stack.extend(lock[ident].dependencies)
    return seen


def estimate(ws: CargoWorkspace) -> dict[str, Estimate]:
    """An estimate per member, by package name."""
    if ws.lock is not None:
        owned = own_packages(ws)
        share = Counter(p for packages in owned.values() for p in packages)
        counts = {
            m.name: math.fsum(1 / share[p] for p in owned.get(m.name, ())) for m in ws.members
        }
    else:
        declared = Counter(d for m in ws.members for d in m.external)
        counts = {
            m.name: math.fsum(PACKAGES_PER_DIRECT_DEP / declared[d] for d in m.external)
            for m in ws.members
        }
    return {m.name: _one(m, counts[m.name], ws.lock is None) for m in ws.members}


def _one(member: Member, packages: float, rough: bool) -> Estimate:
    kib = member.source_bytes / 1024
    mib = packages * MIB_PER_PACKAGE + kib * MIB_PER_SOURCE_KIB
    seconds = packages * SECONDS_PER_PACKAGE + kib * SECONDS_PER_SOURCE_KIB
    minutes = seconds * MEASURED_CORES / RUNNER_CORES / 60
    tests = member.test_fns
    test = TEST_BASE_MIN + tests * TEST_FN_MIN if tests or member.targets.tests else 0.0
    return Estimate(
        build_gb=_round(mib / 1024),
        build_min=_round(minutes),
        test_min=_round(test),
        packages=packages,
        source_kib=kib,
        rough=rough,
    )


def _round(value: float) -> float:
    """Two significant decimals, and never below 0.01 for a non-zero cost."""
    return 0.0 if value == 0 else max(0.01, round(value, 2))
