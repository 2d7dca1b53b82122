"""Walks of Cargo.lock from a workspace member: the external packages it reaches without
passing through another member (with which features on), and how a check builds each
one (checked for the member's code, or built in full for the host)."""

from __future__ import annotations

import re
from collections.abc import Mapping, Set

import attrs

from ..cargo import CargoWorkspace, LockPackage, Member, PackageFacts

# Cargo.lock holds the dependencies of every target platform; a cost is a Linux runner's,
# which does not build these (nor what only they pull in).
OTHER_PLATFORMS = re.compile(
    r"^(windows|winapi|wasm-bindgen|js-sys|web-sys|wasi|core-foundation|objc|hermit-abi"
    r"|redox_|security-framework|cocoa|android_)"
)


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

    def host_split(
        self, member: Member, facts: Mapping[str, PackageFacts]
    ) -> dict[str, frozenset[str]]:
        """Lock id -> how a check of ``member`` (default features) builds it: ``target``
        (checked: the crate's code uses it), ``host`` (built in full: a proc-macro, a
        build-dependency, what those use, or what a proc-macro member uses), or both."""
        package = self.members.get(member.name)
        if package is None:
            return {}
        lock = self.lock
        members = {p.id for p in self.members.values()}

        def mode(ident: str, build_only: tuple[str, ...]) -> str:
            known = facts.get(ident)
            macro = known is not None and known.proc_macro
            return "host" if macro or lock[ident].name in build_only else "target"

        start = [i for i in package.dependencies if i in lock]
        # a proc-macro member is itself built for the host, and so is all it uses
        macro = member.targets.proc_macro
        stack = [(i, "host" if macro else mode(i, member.build_only_external)) for i in start]
        seen: dict[str, set[str]] = {}
        while stack:
            ident, how = stack.pop()
            if ident in members or OTHER_PLATFORMS.match(lock[ident].name):
                continue
            if how in seen.setdefault(ident, set()):
                continue
            seen[ident].add(how)
            known = facts.get(ident)
            below = known.build_only if known else ()
            for dep in lock[ident].dependencies:
                if dep in lock:
                    stack.append((dep, "host" if how == "host" else mode(dep, below)))
        return {i: frozenset(m) for i, m in seen.items()}


def own_packages(ws: CargoWorkspace, *features: str) -> dict[str, set[str]]:
    """Per member, the lock ids of external packages it reaches without another member,
    with its default features and ``features`` on (optional packages no feature turns on
    are left out: Cargo.lock lists them, cargo does not build them)."""
    return owned_by(LockIndex.of(ws), ws.members, features)


def owned_by(
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
