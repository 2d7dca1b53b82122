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
import re
from collections import Counter
from collections.abc import Mapping, Set

import attrs

from ..cargo import CargoWorkspace, LockPackage, Member, PackageFacts

# Target MiB under the CI profile (incremental off, line-tables-only), by least squares
# over the four shapes' test builds: 5.36 per external package built and 5.84 per test
# binary (each links the crate's dependencies); divided by that profile's factors
# (plan/constants.py: 250/314) into the default-profile MiB that build-gb counts.
MIB_PER_PACKAGE = round(5.36 * 314 / 250, 2)
MIB_PER_TEST_BINARY = round(5.84 * 314 / 250, 2)
SECONDS_PER_PACKAGE = 0.157  # wall seconds on 4 cores, replayed
MIB_PER_SOURCE_KIB = 0.335
SECONDS_PER_SOURCE_KIB = 0.004  # 0.008 measured on 2 cores
# With the package's sources at hand (bench/fit_timings.py --packages): CPU seconds of its
# units in a test build (2 cores) by least squares over 178 packages, and the CPU seconds
# per wall second the 4-core replay of those builds reaches.
CPU_BASE_S = 0.278
CPU_PER_KIB_S = 0.00082  # per KiB of its .rs files
CPU_PROC_MACRO_S = 0.674
CPU_BUILD_SCRIPT_S = 0.112
CPU_PER_WALL_SECOND = 3.53
PACKAGES_PER_DIRECT_DEP = 51 / 8  # the measured workspace declared 8 direct dependencies
TEST_BASE_MIN = 0.2  # assumption: start-up of the test binaries
TEST_FN_MIN = 0.005  # assumption: 0.3 s per test function
ALL_FEATURES = "*"  # the Extra of every feature at once
# Cargo.lock holds the dependencies of every target platform; a cost is a Linux runner's,
# which does not build these (nor what only they pull in).
OTHER_PLATFORMS = re.compile(
    r"^(windows|winapi|wasm-bindgen|js-sys|web-sys|wasi|core-foundation|objc|hermit-abi"
    r"|redox_|security-framework|cocoa|android_)"
)


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
    packages: float  # external packages attributed to the crate (default features)
    source_kib: float
    rough: bool  # True without Cargo.lock
    features: tuple[tuple[str, Extra], ...] = ()  # non-default features that add packages
    from_sources: int = 0  # of its own packages, those timed from their sources


@attrs.frozen
class LockIndex:
    """Cargo.lock as the walks need it: packages by id, and the members' entries."""

    lock: Mapping[str, LockPackage]
    members: Mapping[str, LockPackage]  # by package name

    @classmethod
    def of(cls, ws: CargoWorkspace) -> LockIndex:
        lock = ws.lock or {}
        return cls(lock, {p.name: p for p in lock.values() if p.source is None})

    def packages(self, member: Member, features: tuple[str, ...] = ()) -> set[str] | None:
        """The lock ids ``member`` reaches with its default features and ``features`` on
        (and those other members turn on), stopping at other members; None when the
        lock is older than the member."""
        package = self.members.get(member.name)
        if package is None:
            return None
        enabling = dict(member.feature_packages)
        wanted = {"default", *features, *member.enabled_by_members}
        off = set(member.optional_external) - {p for f in wanted for p in enabling.get(f, ())}
        lock = self.lock
        start = [i for i in package.dependencies if i not in lock or lock[i].name not in off]
        return _reach(start, lock, {p.id for p in self.members.values()})


def own_packages(ws: CargoWorkspace, *features: str) -> dict[str, set[str]]:
    """Per member, the lock ids of external packages it reaches without another member,
    with its default features and ``features`` on (optional packages no feature turns on
    are left out: Cargo.lock lists them, cargo does not build them)."""
    return _owned(LockIndex.of(ws), ws.members, features)


def _owned(
    index: LockIndex, members: tuple[Member, ...], features: tuple[str, ...]
) -> dict[str, set[str]]:
    walks = {m.name: index.packages(m, features) for m in members}
    return {name: found for name, found in walks.items() if found is not None}


def _reach(start: list[str], lock: Mapping[str, LockPackage], members: Set[str]) -> set[str]:
    """The external packages reached from ``start``, not through other members, nor
    through packages only other platforms build."""
    seen: set[str] = set()
    stack = list(start)
    while stack:
        ident = stack.pop()
        if ident in seen or ident in members or ident not in lock:
            continue
        if OTHER_PLATFORMS.match(lock[ident].name):
            continue
        seen.add(ident)
        stack.extend(lock[ident].dependencies)
    return seen


def estimate(ws: CargoWorkspace) -> dict[str, Estimate]:
    """An estimate per member, by package name."""
    if ws.lock is None:
        declared = Counter(d for m in ws.members for d in m.external)
        counts = {
            m.name: math.fsum(PACKAGES_PER_DIRECT_DEP / declared[d] for d in m.external)
            for m in ws.members
        }
        return {
            m.name: _one(m, counts[m.name], counts[m.name] * SECONDS_PER_PACKAGE, True)
            for m in ws.members
        }
    index = LockIndex.of(ws)
    owned = _owned(index, ws.members, ())
    share = Counter(p for packages in owned.values() for p in packages)
    out = {}
    for m in ws.members:
        mine = sorted(owned.get(m.name, set()))
        count = math.fsum(1 / share[p] for p in mine)
        seconds = math.fsum(package_seconds(ws.packages.get(p)) / share[p] for p in mine)
        one = _one(m, count, seconds, False)
        known = sum(1 for p in mine if p in ws.packages)
        features = _extras(ws, index, m, set(mine), share)
        out[m.name] = attrs.evolve(one, features=features, from_sources=known)
    return out


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


def _one(member: Member, packages: float, package_s: float, rough: bool) -> Estimate:
    kib = member.source_bytes / 1024
    mib = packages * MIB_PER_PACKAGE + kib * MIB_PER_SOURCE_KIB
    mib += test_binaries(member) * MIB_PER_TEST_BINARY
    seconds = package_s + kib * SECONDS_PER_SOURCE_KIB
    tests = member.test_fns
    test = TEST_BASE_MIN + tests * TEST_FN_MIN if tests or member.targets.tests else 0.0
    return Estimate(
        build_gb=_round(mib / 1024),
        build_min=_round(_minutes(seconds)),
        test_min=_round(test),
        packages=packages,
        source_kib=kib,
        rough=rough,
    )


def test_binaries(member: Member) -> int:
    """The test executables `cargo test` links for it: the library's and each binary's
    unit tests, and each integration test."""
    t = member.targets
    return int(t.lib) + len(t.bins) + len(t.tests)


def _round(value: float) -> float:
    """Two significant decimals, and never below 0.01 for a non-zero cost."""
    return 0.0 if value == 0 else max(0.01, round(value, 2))
