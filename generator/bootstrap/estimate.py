"""Estimate each crate's cost (build GB, build minutes, test minutes) from the repo alone.

The formula (docs/model.md, "Estimates"):
    build-gb  = (sum over its own external packages p of MIB_PER_PACKAGE / share(p)
                 + own source KiB x MIB_PER_SOURCE_KIB
                 + its test binaries x MIB_PER_TEST_BINARY) / 1024
    build-min = (sum of SECONDS_PER_PACKAGE / share(p) + source KiB x SECONDS_PER_SOURCE_KIB)
                / 60
    test-min  = TEST_BASE_MIN + test functions x TEST_FN_MIN
A crate's own external packages are those Cargo.lock reaches from it without passing
through another member; share(p) is how many members own p, so that summing the crates
a job builds counts each package once. Without Cargo.lock, each declared external
dependency stands for PACKAGES_PER_DIRECT_DEP packages.

Constants: the per-package figures from bench/timings.py and bench/fit_timings.py (cold
`cargo test --no-run` of four real-dependency workspace shapes, 207 lock packages, under
the CI profile, replayed unit by unit on the 4 cores of GitHub's Linux runner; disk
converted to cargo's default dev profile, the unit of build-gb); the per-KiB figures
from bench/measure_cargo.py (2 cores, halved for 4). Test times are assumptions to
calibrate.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Mapping

import attrs

from ..cargo import CargoWorkspace, Member, PackageFacts
from .lockwalk import LockIndex, owned_by

# Target MiB under the CI profile (incremental off, line-tables-only), by least squares
# over the four shapes' test builds: 5.36 per external package built and 5.84 per test
# binary (each links the crate's dependencies); divided by that profile's factors
# (plan/constants.py: 250/314) into the default-profile MiB that build-gb counts.
CI_PROFILE = 250 / 314  # target size under the CI profile, of the default profile's
MIB_PER_PACKAGE = round(5.36 / CI_PROFILE, 2)
MIB_PER_TEST_BINARY = round(5.84 / CI_PROFILE, 2)
SECONDS_PER_PACKAGE = 0.139  # wall seconds on 4 cores, replayed
MIB_PER_SOURCE_KIB = 0.335
SECONDS_PER_SOURCE_KIB = 0.004  # 0.008 measured on 2 cores
# With the package's sources at hand (bench/fit_timings.py --packages): CPU seconds of its
# units in a test build (2 cores) by least squares over 178 packages, and the CPU seconds
# per wall second the 4-core replay of those builds reaches.
CPU_BASE_S = 0.266
CPU_PER_KIB_S = 0.00067  # per KiB of its .rs files
CPU_PROC_MACRO_S = 0.523
CPU_BUILD_SCRIPT_S = 0.143
CPU_PER_WALL_SECOND = 3.47
# `cargo check` and clippy (bench/fit_timings.py --check, the same four shapes): a package
# the crate's code uses is only checked (metadata); one built for the host (a proc-macro,
# a build-dependency, what those use) is built in full, and those chains leave cores
# idle (in a test build too). Wall seconds on 4 cores per package-second (what
# package_seconds says) and per member (its own targets, tests included), for a test
# build and for clippy; clippy's target MiB (CI profile) per package of each kind.
BUILD_TARGET_SHARE = 0.71
BUILD_HOST_SHARE = 1.85
BUILD_MEMBER_S = 0.107
CHECK_TARGET_SHARE = 0.37
CHECK_HOST_SHARE = 2.16
CHECK_MEMBER_S = 0.143
CHECK_TARGET_MIB = 3.07
CHECK_HOST_MIB = 7.68
PACKAGES_PER_DIRECT_DEP = 51 / 8  # the measured workspace declared 8 direct dependencies
TEST_BASE_MIN = 0.2  # assumption: start-up of the test binaries
TEST_FN_MIN = 0.005  # assumption: 0.3 s per test function
ALL_FEATURES = "*"  # the Extra of every feature at once


@attrs.frozen
class Extra:
    """What enabling one feature adds to a crate's build: its optional packages."""

    build_gb: float
    build_min: float
    packages: float


@attrs.frozen
class Estimate:
    build_gb: float
    build_min: float
    test_min: float
    check_gb: float | None  # None: not known (no Cargo.lock)
    check_min: float | None
    packages: float  # external packages attributed to the crate (default features)
    source_kib: float
    rough: bool  # True without Cargo.lock
    features: tuple[tuple[str, Extra], ...] = ()  # non-default features that add packages
    from_sources: int = 0  # of its own packages, those timed from their sources


def estimate(ws: CargoWorkspace) -> dict[str, Estimate]:
    """An estimate per member, by package name."""
    if ws.lock is None:
        declared = Counter(d for m in ws.members for d in m.external)
        counts = {
            m.name: math.fsum(PACKAGES_PER_DIRECT_DEP / declared[d] for d in m.external)
            for m in ws.members
        }
        return {
            m.name: _one(m, counts[m.name], counts[m.name] * SECONDS_PER_PACKAGE, None)
            for m in ws.members
        }
    index = LockIndex.of(ws)
    owned = owned_by(index, ws.members, ())
    share = Counter(p for packages in owned.values() for p in packages)
    out = {}
    for m in ws.members:
        mine = sorted(owned.get(m.name, set()))
        count = math.fsum(1 / share[p] for p in mine)
        split = index.host_split(m, ws.packages)
        seconds = _build_seconds(split, mine, ws, share) + BUILD_MEMBER_S
        one = _one(m, count, seconds, _checked(split, mine, ws, share))
        known = sum(1 for p in mine if p in ws.packages)
        features = _extras(ws, index, m, set(mine), share)
        out[m.name] = attrs.evolve(one, features=features, from_sources=known)
    return out


@attrs.frozen
class Checked:
    """What the crate's own packages cost a cold `cargo check`: target MiB, wall s."""

    mib: float
    seconds: float


def _modes(split: Mapping[str, frozenset[str]], package: str) -> tuple[bool, bool]:
    """(built for the code, built for the host): a package the walk did not reach is
    the code's."""
    how = split.get(package, frozenset({"target"}))
    return "target" in how, "host" in how


def _build_seconds(
    split: Mapping[str, frozenset[str]], mine: list[str], ws: CargoWorkspace, share: Counter[str]
) -> float:
    """Wall seconds the crate's own packages add to a cold test build on 4 cores: host
    packages weigh more, as the chains through them leave cores idle."""
    seconds = 0.0
    for p in mine:
        target, host = _modes(split, p)
        weight = BUILD_TARGET_SHARE * target + BUILD_HOST_SHARE * host
        seconds += weight * package_seconds(ws.packages.get(p)) / share[p]
    return seconds


def _checked(
    split: Mapping[str, frozenset[str]],
    mine: list[str],
    ws: CargoWorkspace,
    share: Counter[str],
) -> Checked:
    mib = seconds = 0.0
    for p in mine:
        target, host = _modes(split, p)
        mib += (CHECK_TARGET_MIB * target + CHECK_HOST_MIB * host) / share[p]
        weight = CHECK_TARGET_SHARE * target + CHECK_HOST_SHARE * host
        seconds += weight * package_seconds(ws.packages.get(p)) / share[p]
    return Checked(mib, seconds)


def package_seconds(facts: PackageFacts | None) -> float:
    """Wall seconds one external package adds to a cold build on 4 cores: from its
    sources when this machine has them, else the average."""
    if facts is None:
        return SECONDS_PER_PACKAGE
    cpu = (
        CPU_BASE_S
        + CPU_PER_KIB_S * facts.source_kib
        + CPU_PROC_MACRO_S * facts.proc_macro
        + CPU_BUILD_SCRIPT_S * facts.build_script
    )
    return cpu / CPU_PER_WALL_SECOND


def _extras(
    ws: CargoWorkspace, index: LockIndex, member: Member, default: set[str], share: Counter[str]
) -> tuple[tuple[str, Extra], ...]:
    """Each feature's own packages beyond the default build, shared ones at their share;
    ``*`` for all features at once (features overlap: their sum would count twice)."""
    names = tuple(f for f, _ in member.feature_packages if f != "default")
    out = []
    for feature, on in [*((f, (f,)) for f in names), (ALL_FEATURES, names)]:
        reached = index.packages(member, on)
        if reached is None:  # a lock older than the member
            return ()
        added = sorted(reached - default)
        count = math.fsum(1 / max(share[p], 1) for p in added)
        seconds = math.fsum(package_seconds(ws.packages.get(p)) / max(share[p], 1) for p in added)
        gb = _round(count * MIB_PER_PACKAGE / 1024)
        minutes = _round(_minutes(seconds))
        if gb or minutes:
            out.append((feature, Extra(gb, minutes, count)))
    if len(out) == 2:  # one feature adds packages: all features add the same
        out.pop()
    return tuple(out)


def _minutes(seconds: float) -> float:
    """Seconds on the 4-core runner, as minutes."""
    return seconds / 60


def _one(member: Member, packages: float, package_s: float, check: Checked | None) -> Estimate:
    """The member's estimate from its own packages' count and seconds (and their check
    figures; None without Cargo.lock) and its own sources."""
    kib = member.source_bytes / 1024
    mib = packages * MIB_PER_PACKAGE + kib * MIB_PER_SOURCE_KIB
    mib += test_binaries(member) * MIB_PER_TEST_BINARY
    seconds = package_s + kib * SECONDS_PER_SOURCE_KIB
    tests = member.test_fns
    test = TEST_BASE_MIN + tests * TEST_FN_MIN if tests or member.targets.tests else 0.0
    # its own code is checked as a package it uses is, at the same share of a build; a
    # proc-macro's is built in full
    mib_share, time_share = (
        (CHECK_HOST_MIB, CHECK_HOST_SHARE)
        if member.targets.proc_macro
        else (CHECK_TARGET_MIB, CHECK_TARGET_SHARE)
    )
    own_check = Checked(
        kib * MIB_PER_SOURCE_KIB * mib_share / MIB_PER_PACKAGE,
        kib * SECONDS_PER_SOURCE_KIB * time_share + CHECK_MEMBER_S,
    )
    return Estimate(
        build_gb=_round(mib / 1024),
        build_min=_round(_minutes(seconds)),
        test_min=_round(test),
        check_gb=_round((check.mib + own_check.mib) / 1024) if check is not None else None,
        check_min=_round(_minutes(check.seconds + own_check.seconds))
        if check is not None
        else None,
        packages=packages,
        source_kib=kib,
        rough=check is None,
    )


def test_binaries(member: Member) -> int:
    """The test executables `cargo test` links for it: the library's and each binary's
    unit tests, and each integration test."""
    t = member.targets
    return int(t.lib) + len(t.bins) + len(t.tests)


def _round(value: float) -> float:
    """Two significant digits (0.0031, 0.42, 17.0, 130.0), and never below 0.0001 for a non-zero
    cost: a small crate's few seconds still add up over many crates."""
    if value <= 0:
        return 0.0
    digits = 1 - math.floor(math.log10(value))
    return max(0.0001, float(round(value, digits)))
