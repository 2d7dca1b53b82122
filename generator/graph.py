"""The workspace dependency graph: what a test run builds, and cycle detection.

Dev-dependencies make cycles in real workspaces (core dev-depends on a storage crate
that depends on core), so nothing here assumes a DAG except ``normal_cycle``, which
checks the one thing cargo itself forbids: a cycle through normal dependencies.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from .model import Crate


def normal_closure(roots: Iterable[str], deps: Mapping[str, Iterable[str]]) -> set[str]:
    """``roots`` and everything they reach through normal dependencies."""
    seen: set[str] = set()
    stack = list(roots)
    while stack:
        name = stack.pop()
        if name in seen:
            continue
        seen.add(name)
        stack.extend(d for d in deps.get(name, ()) if d not in seen)
    return seen


def closure_for_tests(tested: Iterable[str], crates: Mapping[str, Crate]) -> set[str]:
    """The workspace crates cargo compiles to test ``tested``.

    A tested crate brings its dev-dependencies; every crate built brings its normal
    dependencies. The dev-dependencies of a dependency are not built.
    """
    roots: set[str] = set()
    for name in tested:
        roots.add(name)
        roots.update(crates[name].dev_deps)
    return normal_closure(roots, {n: c.deps for n, c in crates.items()})


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
