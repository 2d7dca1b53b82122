"""The workspace graph: what a test run builds, and cycles cargo would reject."""

from __future__ import annotations

import itertools
from collections.abc import Mapping

import pytest

from ci_gen.errors import ManifestError
from ci_gen.manifest import Crate, load
from ci_gen.manifest.graph import Closures, normal_cycle

from .conftest import REPO, ManifestFactory


def closure_for_tests(tested: list[str], crates: Mapping[str, Crate]) -> set[str]:
    """What testing ``tested`` builds, through the planner's own Closures."""
    graph = Closures(crates)
    return set().union(*(graph.for_tests(name) for name in tested))


def normal_closure(roots: list[str], deps: Mapping[str, list[str]]) -> set[str]:
    """The normal closure of ``roots`` in a graph given as a deps mapping."""
    crates = {n: Crate(path=n, deps=tuple(d)) for n, d in deps.items()}
    graph = Closures(crates)
    return set().union(*(graph.normal(r) for r in roots if r in crates))


def crates(spec: Mapping[str, tuple[tuple[str, ...], tuple[str, ...]]]) -> dict[str, Crate]:
    """``{name: (deps, dev_deps)}`` -> crates, each in a folder of its own name."""
    return {name: Crate(path=name, deps=deps, dev_deps=dev) for name, (deps, dev) in spec.items()}


# app -> lib -> base; lib's tests use fixtures (-> base), app's tests use mock (-> base).
LAYERED = crates(
    {
        "base": ((), ()),
        "lib": (("base",), ("fixtures",)),
        "app": (("lib",), ("mock",)),
        "fixtures": (("base",), ()),
        "mock": (("base",), ()),
        "unrelated": ((), ()),
    }
)


def test_closure_includes_the_dev_deps_of_the_tested_crate() -> None:
    assert closure_for_tests(["lib"], LAYERED) == {"lib", "base", "fixtures"}


def test_closure_leaves_out_the_dev_deps_of_dependencies() -> None:
    built = closure_for_tests(["app"], LAYERED)
    assert built == {"app", "lib", "base", "mock"}
    assert "fixtures" not in built  # lib's dev-dep: not compiled to test app


def test_closure_of_several_tested_crates_is_the_union() -> None:
    assert closure_for_tests(["app", "lib"], LAYERED) == {"app", "lib", "base", "mock", "fixtures"}


def test_closure_follows_normal_deps_of_dev_deps_transitively() -> None:
    graph = crates(
        {
            "a": ((), ("helper",)),
            "helper": (("mid",), ()),
            "mid": (("leaf",), ("never",)),
            "leaf": ((), ()),
            "never": ((), ()),
        }
    )
    assert closure_for_tests(["a"], graph) == {"a", "helper", "mid", "leaf"}


def test_dev_dep_cycles_terminate() -> None:
    """core dev-depends on storage, which depends on core; core also names itself."""
    graph = crates(
        {
            "core": ((), ("storage", "core")),
            "storage": (("core",), ("core",)),
            "cli": (("storage",), ()),
        }
    )
    assert closure_for_tests(["core"], graph) == {"core", "storage"}
    assert closure_for_tests(["storage"], graph) == {"core", "storage"}
    assert closure_for_tests(["cli"], graph) == {"cli", "storage", "core"}


def test_reference_manifest_cycles_through_dev_deps() -> None:
    manifest = load(REPO / "ci.toml")
    built = closure_for_tests(["do-memory-core"], manifest.crates)
    assert built == {"do-memory-core", "do-memory-storage-turso", "do-memory-storage-redb"}
    # turso's test-utils dev-dep is turso's own business, not core's.
    assert "do-memory-test-utils" not in built
    assert "do-memory-test-utils" in closure_for_tests(["do-memory-storage-turso"], manifest.crates)


def test_closures_ignore_dependencies_on_undeclared_crates() -> None:
    """The loader reports those; a hand-built manifest still plans instead of crashing."""
    deps = {"a": ["b"], "b": ["c"]}  # c is declared nowhere
    assert normal_closure(["a"], deps) == {"a", "b"}
    assert normal_closure([], deps) == set()


def test_normal_closure_survives_a_cycle() -> None:
    assert normal_closure(["x"], {"x": ["y"], "y": ["x", "z"], "z": []}) == {"x", "y", "z"}


@pytest.mark.parametrize(
    ("deps", "cycle"),
    [
        ({"a": ["b"], "b": ["a"]}, ["a", "b", "a"]),
        ({"a": ["a"]}, ["a", "a"]),
        # The cycle does not pass through the first crate visited.
        ({"a": ["b"], "b": ["c"], "c": ["d"], "d": ["b"]}, ["b", "c", "d", "b"]),
        ({"z": ["y"], "y": ["x"], "x": ["z"], "w": []}, ["x", "z", "y", "x"]),
    ],
)
def test_normal_cycle_finds_the_cycle(deps: dict[str, list[str]], cycle: list[str]) -> None:
    assert normal_cycle(deps) == cycle


@pytest.mark.parametrize(
    "deps",
    [
        {},
        {"a": []},
        # A diamond revisits d without a cycle.
        {"a": ["b", "c"], "b": ["d"], "c": ["d"], "d": []},
        # Edges to names outside the mapping are leaves.
        {"a": ["outside"], "b": ["a", "outside"]},
    ],
)
def test_normal_cycle_returns_empty_for_a_dag(deps: dict[str, list[str]]) -> None:
    assert normal_cycle(deps) == []


def test_normal_cycle_ignores_dev_dep_cycles_of_the_reference_manifest() -> None:
    manifest = load(REPO / "ci.toml")
    assert normal_cycle({n: c.deps for n, c in manifest.crates.items()}) == []
    with_dev = {n: (*c.deps, *c.dev_deps) for n, c in manifest.crates.items()}
    cycle = normal_cycle(with_dev)
    assert cycle[0] == cycle[-1]
    assert len(cycle) >= 2
    for a, b in itertools.pairwise(cycle):
        assert b in with_dev[a]


def test_a_normal_cycle_is_a_manifest_error(manifest: ManifestFactory) -> None:
    path = manifest(
        """
        [crates.a]
        path = "a"
        deps = ["b"]
        dev-deps = ["a"]

        [crates.b]
        path = "b"
        deps = ["a"]
        """
    )
    with pytest.raises(ManifestError) as caught:
        load(path)
    assert any("a -> b -> a" in line for line in caught.value.lines())
