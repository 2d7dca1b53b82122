"""Which optional external packages each feature of a package turns on.

Cargo's rules: a feature lists entries; ``dep:x`` enables the optional dependency x,
``x`` enables feature x or, when x is an optional dependency named by no ``dep:`` entry,
that dependency (its implicit feature); ``x/y`` enables dependency x (when optional) and
its feature y; ``x?/y`` enables y only if x is on for another reason, so it enables
nothing here. Features are followed transitively within the package.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any

from .deps import Dep
from .tomlfile import strings, table


def feature_packages(
    data: dict[str, Any], deps: list[Dep]
) -> tuple[tuple[str, tuple[str, ...]], ...]:
    """(feature, external optional packages it enables) for each feature enabling any,
    ``default`` included; sorted by feature."""
    declared = {name: strings(values) for name, values in table(data.get("features")).items()}
    optional = _optional(deps)
    named = {
        entry[4:] for entries in declared.values() for entry in entries if entry.startswith("dep:")
    }
    implicit = {key: [f"dep:{key}"] for key in optional if key not in named and key not in declared}
    graph = {**implicit, **declared}
    out = []
    for feature in sorted(graph):
        packages = sorted({optional[key] for key in _enabled(feature, graph, optional)})
        if packages:
            out.append((feature, tuple(packages)))
    return tuple(out)


def _optional(deps: list[Dep]) -> dict[str, str]:
    """Key -> real package name of optional external dependencies (not dev, not members)."""
    return {d.key: d.package for d in deps if d.optional and d.kind != "dev" and d.folder is None}


def _enabled(start: str, graph: Mapping[str, list[str]], optional: Mapping[str, str]) -> set[str]:
    """The optional dependency keys that enabling ``start`` turns on."""
    seen: set[str] = set()
    found: set[str] = set()
    stack = [start]
    while stack:
        feature = stack.pop()
        if feature in seen:
            continue
        seen.add(feature)
        for entry in graph.get(feature, []):
            dep, next_feature = _entry(entry, graph)
            if dep is not None and dep in optional:
                found.add(dep)
            stack.extend(next_feature)
    return found


def _entry(entry: str, graph: Mapping[str, list[str]]) -> tuple[str | None, Iterator[str]]:
    """(the dependency key an entry enables, the features of this package it enables)."""
    if entry.startswith("dep:"):
        return entry[4:], iter(())
    if "/" in entry:
        dep = entry.split("/", 1)[0]
        return (None if dep.endswith("?") else dep), iter(())
    return (None, iter([entry])) if entry in graph else (entry, iter(()))
