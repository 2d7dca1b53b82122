"""discover(root) -> CargoWorkspace: read a Cargo workspace from its files alone.

No cargo, no network: the manifests, Cargo.lock, rust-toolchain(.toml) and
.config/nextest.toml are read as cargo, rustup and nextest would read them. Every problem
found is reported at once in one ``WorkspaceError``, each naming its file relative to
the root (``crates/a/Cargo.toml:12:1: dependencies.x.path: ...``).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from ..errors import Issue, WorkspaceError
from .deps import Dep
from .features import feature_packages
from .lock import read_lock
from .members import Finder, Loaded, declared
from .model import CargoWorkspace, Member
from .paths import expand, normalize
from .registry import package_facts
from .sources import sources
from .targets import find_targets
from .tomlfile import Problems, TomlFile, load_toml, strings, table, text_or_none
from .tools import nextest_profiles, read_toolchain


def discover(root: Path) -> CargoWorkspace:
    """Read the workspace at ``root``; raise ``WorkspaceError`` listing every problem."""
    if not (root / "Cargo.toml").is_file():
        message = "no Cargo.toml at the root of the repository: is this a Rust project?"
        raise WorkspaceError([("Cargo.toml", Issue("", message))])
    problems: Problems = []
    manifest = load_toml(root, "Cargo.toml", problems)
    toolchain = read_toolchain(root, problems)
    profiles = nextest_profiles(root, problems)
    lock = read_lock(root, problems)
    workspace = CargoWorkspace(members=())
    if manifest is not None and _is_cargo(manifest, problems):
        workspace = _read_workspace(root, manifest, problems)
    if problems:
        raise WorkspaceError(_ordered(problems))
    return CargoWorkspace(
        members=workspace.members,
        default_members=workspace.default_members,
        toolchain=toolchain,
        msrv=workspace.msrv,
        nextest_profiles=profiles,
        lock=lock,
        excluded=workspace.excluded,
        packages=package_facts(root, lock) if lock else {},
    )


def _is_cargo(manifest: TomlFile, problems: Problems) -> bool:
    if "workspace" in manifest.data or "package" in manifest.data:
        return True
    message = "not a Cargo workspace: the root Cargo.toml has neither [workspace] nor [package]"
    problems.append((manifest.file, Issue("", message)))
    return False


def _ordered(problems: Problems) -> Problems:
    unique = list(dict.fromkeys(problems))
    return sorted(unique, key=lambda p: (p[0], p[1].line or 0, p[1].col or 0, p[1].path))


def _read_workspace(root: Path, manifest: TomlFile, problems: Problems) -> CargoWorkspace:
    finder = Finder(root, manifest, declared(manifest, problems), problems)
    loaded = finder.find()
    names = _names(loaded, problems)
    inherited = table(table(manifest.data.get("workspace")).get("package"))
    enabled = _enabled_by_members(loaded, names)
    members = sorted(
        (
            _member(
                root, loaded[folder], names, inherited, problems, enabled=enabled.get(folder, ())
            )
            for folder in names
        ),
        key=lambda m: m.name,
    )
    return CargoWorkspace(
        members=tuple(members),
        default_members=_default_members(finder, names),
        msrv=_msrv(inherited, members),
        excluded=_excluded(root, finder.declared.exclude, set(names)),
    )


def _excluded(root: Path, exclude: list[str], members: set[str]) -> tuple[str, ...]:
    """Package folders that ``exclude`` entries name or hold, at any depth (not inside a
    target/ or hidden folder)."""
    found = set()
    for entry in exclude:
        folder = normalize(".", entry)
        if folder is None or not (root / folder).is_dir():
            continue
        for manifest in sorted((root / folder).rglob("Cargo.toml")):
            parts = manifest.relative_to(root / folder).parts[:-1]
            if not any(p == "target" or p.startswith(".") for p in parts):
                found.add(manifest.parent.relative_to(root).as_posix())
    return tuple(sorted(found - members))


def _names(loaded: dict[str, Loaded], problems: Problems) -> dict[str, str]:
    """Folder -> package name, for members with a name of their own."""
    names: dict[str, str] = {}
    for folder in sorted(loaded):
        manifest = loaded[folder].manifest
        name = text_or_none(table(manifest.data.get("package")).get("name"))
        taken = next((f for f, n in names.items() if n == name), None)
        if name is None:
            issue = manifest.issue(["package"], "no package name: a member needs [package] name")
            problems.append((manifest.file, Issue("package.name", issue.message, issue.line)))
        elif taken is not None:
            message = f"'{name}' is also the package name of '{taken}' (names must be unique)"
            problems.append((manifest.file, manifest.issue(["package", "name"], message)))
        else:
            names[folder] = name
    return names


def _member(
    root: Path,
    item: Loaded,
    names: dict[str, str],
    inherited: dict[str, Any],
    problems: Problems,
    *,
    enabled: tuple[str, ...],
) -> Member:
    data = item.manifest.data
    package = _package(item.manifest, inherited, problems)
    internal = [dep for dep in item.deps if dep.folder in names]
    external = [dep for dep in item.deps if dep.folder not in names]
    publish = package.get("publish")
    return Member(
        name=names[item.folder],
        path=item.folder,
        deps=_sorted(names[str(dep.folder)] for dep in internal if dep.kind != "dev"),
        dev_deps=_sorted(names[str(dep.folder)] for dep in internal if dep.kind == "dev"),
        features=_features(data, item.deps),
        default_features=_sorted(strings(table(data.get("features")).get("default"))),
        targets=find_targets(
            root / item.folder, data, names[item.folder], text_or_none(package.get("edition"))
        ),
        publish=publish is not False and publish != [],
        rust_version=text_or_none(package.get("rust-version")),
        **sources(root / item.folder),
        external=_sorted(dep.package for dep in external),
        build_only_external=_sorted(
            {d.package for d in external if d.kind == "build"}
            - {d.package for d in external if d.kind != "build"}
        ),
        optional_external=_sorted(
            {d.package for d in external if d.optional}
            - {d.package for d in external if not d.optional}
        ),
        feature_packages=feature_packages(data, item.deps),
        enabled_by_members=enabled,
    )


def _enabled_by_members(
    loaded: dict[str, Loaded], names: dict[str, str]
) -> dict[str, tuple[str, ...]]:
    """Folder -> the features other members enable on it through their dependencies."""
    out: dict[str, set[str]] = {}
    for folder, item in loaded.items():
        for dep in item.deps:
            if dep.folder in names and dep.folder != folder and dep.kind != "dev":
                out.setdefault(dep.folder, set()).update(dep.features)
    return {folder: tuple(sorted(features)) for folder, features in out.items() if features}


def _package(manifest: TomlFile, inherited: dict[str, Any], problems: Problems) -> dict[str, Any]:
    """``[package]`` with each ``key.workspace = true`` replaced by the workspace's value."""
    package = dict(table(manifest.data.get("package")))
    for key, value in sorted(package.items()):
        if not (isinstance(value, dict) and value.get("workspace") is True):
            continue
        if key in inherited:
            package[key] = inherited[key]
        else:
            message = f"{key}.workspace = true, but [workspace.package] has no {key}"
            problems.append((manifest.file, manifest.issue(["package", key], message)))
            package[key] = None
    return package


def _features(data: dict[str, Any], deps: list[Dep]) -> tuple[str, ...]:
    """Declared features, and the implicit one of each optional dependency not named by
    a ``dep:`` entry (cargo drops those implicit features)."""
    declared_features = table(data.get("features"))
    named = {
        value[len("dep:") :]
        for values in declared_features.values()
        for value in strings(values)
        if value.startswith("dep:")
    }
    implicit = {dep.key for dep in deps if dep.optional and dep.kind != "dev"} - named
    return _sorted((set(declared_features) - {"default"}) | implicit)


def _sorted(items: Iterable[str]) -> tuple[str, ...]:
    return tuple(sorted(set(items)))


def _default_members(finder: Finder, names: dict[str, str]) -> tuple[str, ...]:
    """Package names of ``default-members`` (cargo skips excluded folders named there)."""
    manifest, lists = finder.root_manifest, finder.declared
    found: set[str] = set()
    for pattern in lists.default_members or []:
        folders = expand(finder.root, pattern) or [normalize(".", pattern) or pattern]
        for folder in folders:
            if folder in names:
                found.add(names[folder])
            elif folder not in finder.tried and not lists.excluded(folder):
                message = f"'{folder}' is not a workspace member"
                issue = manifest.issue(["workspace", "default-members"], message, value=pattern)
                finder.problems.append((manifest.file, issue))
    return tuple(sorted(found))


def _msrv(inherited: dict[str, Any], members: list[Member]) -> str | None:
    """[workspace.package] rust-version, else the root package's, else the highest."""
    if isinstance(inherited.get("rust-version"), str):
        return str(inherited["rust-version"])
    root = next((m for m in members if m.path == "."), None)
    if root is not None and root.rust_version:
        return root.rust_version
    versions = [m.rust_version for m in members if m.rust_version]
    return max(versions, key=_version_key) if versions else None


def _version_key(version: str) -> tuple[int, ...]:
    numbers = [int(n) for n in re.findall(r"\d+", version)[:3]]
    return tuple(numbers + [0] * (3 - len(numbers)))
