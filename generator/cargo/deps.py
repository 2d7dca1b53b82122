"""The dependencies a package declares, with workspace inheritance and path resolution.

Every table cargo reads is covered: ``[dependencies]``, ``[dev-dependencies]``,
``[build-dependencies]`` (and their old ``dev_dependencies`` spellings), each also under
``[target.'cfg(...)']``. ``dep = { workspace = true }`` takes its package name and path
from ``[workspace.dependencies]`` (paths there are relative to the root), and keeps the
member's own ``optional``.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any, Literal

import attrs

from .paths import normalize
from .tomlfile import Problems, TomlFile, strings, table, text_or_none

Kind = Literal["normal", "dev", "build"]

_KINDS: dict[str, Kind] = {
    "dependencies": "normal",
    "dev-dependencies": "dev",
    "dev_dependencies": "dev",
    "build-dependencies": "build",
    "build_dependencies": "build",
}


@attrs.frozen
class Dep:
    key: str  # the name the package uses for it (a rename's new name)
    package: str  # the real package name
    kind: Kind
    folder: str | None = None  # a path dependency: its folder, relative to the root
    optional: bool = False
    features: tuple[str, ...] = ()  # the features it enables on the dependency


@attrs.frozen
class Context:
    """What resolving one manifest's dependencies needs to know."""

    root: Path
    workspace: TomlFile | None  # the root manifest, when it has a [workspace]
    problems: Problems

    def workspace_deps(self) -> dict[str, Any]:
        data = self.workspace.data if self.workspace else {}
        return table(table(data.get("workspace")).get("dependencies"))


def read_deps(manifest: TomlFile, folder: str, context: Context) -> list[Dep]:
    """Every dependency ``manifest`` (in ``folder``) declares, any kind, any target."""
    deps: list[Dep] = []
    for keys, entries in _tables(manifest.data):
        for key, spec in sorted(entries.items()):
            dep = _dep(manifest, folder, (*keys, key), spec, context)
            if dep is not None:
                deps.append(dep)
    return deps


def _tables(data: dict[str, Any]) -> Iterator[tuple[tuple[str, ...], dict[str, Any]]]:
    for name in _KINDS:
        if name in data:
            yield (name,), table(data[name])
    for cfg, specific in sorted(table(data.get("target")).items()):
        for name in _KINDS:
            if name in table(specific):
                yield ("target", cfg, name), table(specific[name])


def _dep(
    manifest: TomlFile, folder: str, keys: tuple[str, ...], spec: object, context: Context
) -> Dep | None:
    key, kind = keys[-1], _KINDS[keys[-2]]
    spec = {"version": spec} if isinstance(spec, str) else table(spec)
    if spec.get("workspace") is True:
        return _inherited(manifest, keys, kind, spec, context)
    optional = spec.get("optional") is True
    where = _path_folder(manifest, folder, (*keys, "path"), spec, context)
    package = text_or_none(spec.get("package")) or key
    return Dep(key, package, kind, where, optional, tuple(strings(spec.get("features"))))


def _inherited(
    manifest: TomlFile,
    keys: tuple[str, ...],
    kind: Kind,
    own: dict[str, Any],
    context: Context,
) -> Dep | None:
    """``dep = { workspace = true, features = [...] }``: the workspace's entry, with the
    member's own ``optional`` and its features added to the workspace's."""
    optional = own.get("optional") is True
    key = keys[-1]
    entries = context.workspace_deps()
    if key not in entries:
        message = f"workspace = true, but [workspace.dependencies] has no '{key}'"
        context.problems.append((manifest.file, manifest.issue(keys, message)))
        return None
    spec = entries[key]
    spec = {"version": spec} if isinstance(spec, str) else table(spec)
    assert context.workspace is not None  # entries came from it
    path_keys = ("workspace", "dependencies", key, "path")
    where = _path_folder(context.workspace, ".", path_keys, spec, context)
    package = text_or_none(spec.get("package")) or key
    features = (*strings(spec.get("features")), *strings(own.get("features")))
    return Dep(key, package, kind, where, optional, tuple(sorted(set(features))))


def _path_folder(
    manifest: TomlFile, folder: str, keys: tuple[str, ...], spec: dict[str, Any], context: Context
) -> str | None:
    """The folder of a ``path =`` dependency; None (and a problem) when it cannot be used."""
    path = text_or_none(spec.get("path"))
    if path is None:
        return None
    target = normalize(folder, path)
    problem = None
    if target is None:
        problem = f"'{path}' is outside the repository root (CI checks out only the repository)"
    elif not (context.root / target / "Cargo.toml").is_file():
        problem = f"'{path}' has no Cargo.toml (looked in '{target}')"
    if problem is None:
        return target
    context.problems.append((manifest.file, manifest.issue(keys, problem)))
    return None
