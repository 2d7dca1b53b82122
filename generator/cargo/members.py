"""Which folders are workspace members, following cargo's rules.

Members are the folders ``[workspace] members`` matches, the root when it is a package,
and, transitively, every path dependency of a member inside the root: cargo makes those
members too. ``exclude`` removes a folder (and everything below it) unless a ``members``
entry names it literally. Without ``[workspace]`` the root package is alone.
"""

from __future__ import annotations

from pathlib import Path

import attrs

from .deps import Context, Dep, read_deps
from .paths import covers, expand, is_glob, normalize
from .tomlfile import Problems, TomlFile, load_toml, table


@attrs.frozen
class Loaded:
    """A member's manifest and the dependencies it declares."""

    folder: str  # relative to the root, posix; "." for the root package
    manifest: TomlFile
    deps: list[Dep]


@attrs.frozen
class Declared:
    """The root manifest's ``[workspace]`` lists."""

    members: list[str]
    exclude: list[str]
    default_members: list[str] | None

    def excluded(self, folder: str) -> bool:
        named = any(covers(member, folder) for member in self.members)
        return not named and any(covers(prefix, folder) for prefix in self.exclude)


def declared(root_manifest: TomlFile, problems: Problems) -> Declared:
    workspace = table(root_manifest.data.get("workspace"))
    lists = {}
    for key in ("members", "exclude", "default-members"):
        value = workspace.get(key)
        if value is not None and not _is_strings(value):
            message = "expected an array of strings (folders, globs allowed)"
            problems.append((root_manifest.file, root_manifest.issue(["workspace", key], message)))
            value = None
        lists[key] = value
    return Declared(lists["members"] or [], lists["exclude"] or [], lists["default-members"])


def _is_strings(value: object) -> bool:
    return isinstance(value, list) and all(isinstance(item, str) for item in value)


@attrs.define
class Finder:
    """Walks from the declared members through path dependencies, loading each once."""

    root: Path
    root_manifest: TomlFile
    declared: Declared
    problems: Problems
    loaded: dict[str, Loaded] = attrs.Factory(dict)
    tried: set[str] = attrs.Factory(set)  # every member folder visited, loaded or not

    @property
    def is_workspace(self) -> bool:
        return "workspace" in self.root_manifest.data

    def find(self) -> dict[str, Loaded]:
        for pattern in self.declared.members:
            for folder in self.matches(pattern):
                self.visit(folder)
        if "package" in self.root_manifest.data:
            self.visit(".")
        return self.loaded

    def matches(self, pattern: str) -> list[str]:
        """The folders ``pattern`` names, each with a Cargo.toml (else a problem)."""
        if normalize(".", pattern) is None:
            self.problem(pattern, f"member '{pattern}' is outside the repository root")
            return []
        folders = expand(self.root, pattern)
        if not folders:
            what = "matches no folder" if is_glob(pattern) else "does not exist"
            self.problem(pattern, f"member '{pattern}' {what}")
        found = []
        for folder in folders:
            if not self.declared.excluded(folder) and not self.has_manifest(folder):
                via = f" (matched by '{pattern}')" if folder != normalize(".", pattern) else ""
                self.problem(pattern, f"member folder '{folder}'{via} has no Cargo.toml")
            else:
                found.append(folder)
        return found

    def visit(self, folder: str) -> None:
        if folder in self.loaded or (folder != "." and self.declared.excluded(folder)):
            return
        self.tried.add(folder)
        manifest = self.root_manifest if folder == "." else self.load(folder)
        if manifest is None:
            return
        workspace = self.root_manifest if self.is_workspace else None
        context = Context(self.root, workspace, self.problems)
        deps = read_deps(manifest, folder, context)
        self.loaded[folder] = Loaded(folder, manifest, deps)
        if self.is_workspace:
            for dep in deps:
                if dep.folder is not None:
                    self.visit(dep.folder)

    def load(self, folder: str) -> TomlFile | None:
        manifest = load_toml(self.root, f"{folder}/Cargo.toml", self.problems)
        if manifest is None:
            return None
        if "workspace" in manifest.data:
            message = (
                f"a member with its own [workspace]: add '{folder}' to workspace.exclude "
                "in Cargo.toml, or remove its [workspace]"
            )
            self.problems.append((manifest.file, manifest.issue(["workspace"], message)))
            return None
        return manifest

    def has_manifest(self, folder: str) -> bool:
        return (self.root / folder / "Cargo.toml").is_file()

    def problem(self, pattern: str, message: str) -> None:
        issue = self.root_manifest.issue(["workspace", "members"], message, value=pattern)
        self.problems.append((self.root_manifest.file, issue))
