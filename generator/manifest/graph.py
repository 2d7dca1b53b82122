"""The workspace dependency graph: what a test run builds, and cycle detection.

Dev-dependencies make cycles in real workspaces (core dev-depends on a storage crate
that depends on core), so nothing here assumes a DAG except ``normal_cycle``, which
checks the one thing cargo itself forbids: a cycle through normal dependencies.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from .model import Crate


class Closures:
    """Memoised closures of one workspace: each crate's normal closure is computed once,
    as itself plus its dependencies' closures (normal dependencies form a DAG)."""

    def __init__(self, crates: Mapping[str, Crate]) -> None:
        self._crates = crates
        self._normal: dict[str, frozenset[str]] = {}

    def normal(self, name: str) -> frozenset[str]:
        if name not in self._normal:
            self._fill(name)
        return self._normal[name]

    def for_tests(self, name: str) -> frozenset[str]:
        """What testing ``name`` builds: it, its dev-dependencies, and their closures."""
        parts = [self.normal(name), *(self.normal(d) for d in self._crates[name].dev_deps)]
        return frozenset().union(*parts)

    def _fill(self, start: str) -> None:
        """Post-order walk from ``start``; a (forbidden) cycle just stops the walk."""
        stack, entered = [start], set()
        while stack:
            name = stack[-1]
            deps = [d for d in self._crates[name].deps if d in self._crates]
            pending = [d for d in deps if d not in self._normal and d not in entered]
            if name not in entered and pending:
                entered.add(name)
                stack.extend(pending)
                continue
            stack.pop()
            if name not in self._normal:
                known = [self._normal[d] for d in deps if d in self._normal]
                self._normal[name] = frozenset([name]).union(*known)


def normal_cycle(deps: Mapping[str, Iterable[str]]) -> list[str]:
    """A cycle through normal dependencies as ``[a, b, ..., a]``, or ``[]`` when none."""
    state: dict[str, int] = {}  # 1 = on the current path, 2 = done
    for start in sorted(deps):
        if state.get(start):
            continue
        path = [start]
        iters = [iter(sorted(deps.get(start, ())))]
        state[start] = 1
        while iters:
            nxt = next(iters[-1], None)
            if nxt is None:
                state[path.pop()] = 2
                iters.pop()
            elif state.get(nxt) == 1:
                return [*path[path.index(nxt) :], nxt]
            elif not state.get(nxt) and nxt in deps:
                state[nxt] = 1
                path.append(nxt)
                iters.append(iter(sorted(deps.get(nxt, ()))))
    return []
