"""Builders for model objects, shared by the planner tests."""

from __future__ import annotations

from pathlib import Path

from ci_gen.manifest import Cost, Crate, Role, load
from ci_gen.output.origin import make_origin
from ci_gen.plan import Plan, plan


def crate(
    name: str,
    deps: tuple[str, ...] = (),
    dev: tuple[str, ...] = (),
    *,
    features: tuple[str, ...] = (),
    doc_tests: bool = True,
    role: Role = "tested",
    gb: float = 1.0,
    build: float = 2.0,
    test: float = 1.0,
) -> Crate:
    """A crate in folder ``name`` with the given graph edges and cost."""
    return Crate(
        path=name,
        deps=deps,
        dev_deps=dev,
        features=features,
        role=role,
        doc_tests=doc_tests,
        cost=Cost(build_gb=gb, build_min=build, test_min=test),
    )


def plan_of(path: Path) -> Plan:
    """The plan of the manifest at ``path``, its folder being the output root."""
    return plan(load(path), make_origin(path, path.parent))
