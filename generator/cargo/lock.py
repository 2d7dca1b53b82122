"""Cargo.lock: its packages, each dependency entry resolved to a "name version" id.

Lockfiles (versions 1 to 4) write a dependency as "name" when only one version of that
package is locked, "name version" when several are, and "name version (source)" when
the same version comes from several sources (always, before version 3). All three
become "name version"; an entry that names no locked package is an error, as in cargo.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path

from ..errors import Issue
from .model import LockPackage
from .tomlfile import Problems, TomlFile, load_toml, strings, table, text_or_none

FILE = "Cargo.lock"


def read_lock(root: Path, problems: Problems) -> Mapping[str, LockPackage] | None:
    """The locked packages by id; None when there is no Cargo.lock (or it cannot be read)."""
    if not (root / FILE).is_file():
        return None
    lock = load_toml(root, FILE, problems)
    if lock is None:
        return None
    raw = lock.data.get("package")
    entries = [table(p) for p in raw] if isinstance(raw, list) else []
    versions: dict[str, list[str]] = {}
    for entry in entries:
        name, version = text_or_none(entry.get("name")), text_or_none(entry.get("version"))
        if name and version:
            versions.setdefault(name, []).append(version)
    packages: dict[str, LockPackage] = {}
    for entry in entries:
        package = _package(lock, entry, versions, problems)
        if package is not None:
            packages.setdefault(package.id, package)  # one id from two sources: keep the first
    return dict(sorted(packages.items()))


def _package(
    lock: TomlFile, entry: dict[str, object], versions: dict[str, list[str]], problems: Problems
) -> LockPackage | None:
    name, version = text_or_none(entry.get("name")), text_or_none(entry.get("version"))
    if not name or not version:
        problems.append((FILE, Issue("package", "a [[package]] without a name and a version")))
        return None
    ids = []
    for dependency in strings(entry.get("dependencies")):
        resolved, problem = _resolve(dependency, versions)
        if problem:
            line = _line_of(lock.text, name, version, dependency)
            problems.append(
                (FILE, Issue("package.dependencies", f"{name} {version}: {problem}", line, 1))
            )
        elif resolved:
            ids.append(resolved)
    source = text_or_none(entry.get("source"))
    return LockPackage(name, version, source, tuple(sorted(set(ids))))


def _resolve(dependency: str, versions: dict[str, list[str]]) -> tuple[str | None, str]:
    """(id, "") or (None, what is wrong) for one dependency entry."""
    words = dependency.split(" ")
    name, known = words[0], versions.get(words[0], [])
    if len(words) > 1:
        if words[1] in known:
            return f"{name} {words[1]}", ""
        return None, f"depends on '{dependency}', which is not locked"
    if len(set(known)) == 1:
        return f"{name} {known[0]}", ""
    if not known:
        return None, f"depends on '{name}', which is not locked"
    listed = ", ".join(sorted(set(known)))
    return None, f"depends on '{name}', ambiguous: versions {listed} are locked"


def _line_of(text: str, name: str, version: str, dependency: str) -> int | None:
    """The line of ``dependency`` in the dependency list of package ``name version``."""
    lines = text.splitlines()
    for number, line in enumerate(lines, start=1):
        if line.strip() != f'name = "{name}"' or number >= len(lines):
            continue
        if lines[number].strip() != f'version = "{version}"':
            continue
        for offset, later in enumerate(lines[number:], start=number + 1):
            if later.strip() == "[[package]]":
                break
            if f'"{dependency}"' in later:
                return offset
    return None
