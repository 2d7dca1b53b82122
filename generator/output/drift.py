"""The only code that touches the output tree: ``write`` renders to disk, ``compare``
reports how disk differs from a render. Both agree on which files ci-gen owns: those
whose first line is its generated header.
"""

from __future__ import annotations

import difflib
import os
import tempfile
from collections.abc import Mapping
from pathlib import Path
from typing import Literal

import attrs

from ..errors import WriteFailed, WriteRefused
from ..owned import generated_on_disk, is_generated, read
from .origin import rendered_by

Kind = Literal["changed", "missing", "stale", "foreign", "workspace"]


@attrs.frozen
class Change:
    """One way the tree on disk differs from what the manifest renders."""

    path: str
    # foreign: a file ci-gen would write exists, but ci-gen did not write it;
    # workspace: the manifest no longer matches the Cargo workspace
    kind: Kind
    diff: str


@attrs.frozen
class WriteReport:
    written: tuple[str, ...]
    unchanged: tuple[str, ...]
    removed: tuple[str, ...]


def compare(root: Path, files: Mapping[str, str]) -> list[Change]:
    """Every difference between ``files`` and the tree at ``root``; never writes."""
    changes = []
    for path, text in files.items():
        current = read(root / path)
        if current is None:
            changes.append(Change(path, "missing", unified(path, "", text)))
        elif current != text:
            kind: Kind = "changed" if is_generated(current) else "foreign"
            changes.append(Change(path, kind, unified(path, current, text)))
    for path in generated_on_disk(root):
        if path not in files:
            changes.append(Change(path, "stale", unified(path, read(root / path) or "", "")))
    return changes


def write_text(path: Path, text: str) -> None:
    """Write one file of the user's (the manifest) atomically, through a symlink to the
    file it names (replacing the link would leave its target stale); the file system's
    refusal becomes WriteFailed."""
    write_all([(path.resolve() if path.is_symlink() else path, text)])


def write(root: Path, files: Mapping[str, str], force: bool = False) -> WriteReport:
    """Write ``files`` and remove stale generated files, all or nothing.

    Refuses, before writing anything, when a target exists without ci-gen's header or
    lies outside ``root`` (a symlinked ``.github``); every new file is staged beside its
    target before the first one replaces anything.
    """
    _inside(root, [*files, *generated_on_disk(root)])
    _regular(root, files)
    _no_name_clash(root, files)
    foreign = [c.path for c in compare(root, files) if c.kind == "foreign"]
    if foreign and not force:
        raise WriteRefused(
            "refusing to overwrite files ci-gen did not generate: "
            + ", ".join(foreign)
            + " (move them away, or pass --force to replace them)"
        )
    written = [path for path, text in files.items() if read(root / path) != text]
    unchanged = [path for path in files if path not in written]
    removed = [p for p in generated_on_disk(root) if p not in files]
    for path in removed:
        if not os.access((root / path).parent, os.W_OK):
            raise WriteFailed(f"cannot remove {root / path}: its folder is not writable")
    write_all([(root / path, files[path]) for path in written])
    for path in removed:
        try:
            (root / path).unlink()
        except OSError as exc:  # an immutable file, a sticky folder of another user
            raise WriteFailed(
                f"cannot remove the stale {root / path}: {exc.strerror or exc}; the new "
                "files were written: remove it by hand"
            ) from exc
        _prune_empty_parents(root, root / path)
    return WriteReport(tuple(written), tuple(unchanged), tuple(removed))


def _regular(root: Path, files: Mapping[str, str]) -> None:
    """Refuse to replace what is not a file (a folder, a FIFO, a device)."""
    for path in files:
        target = root / path
        if (target.exists() or target.is_symlink()) and not target.is_file():
            raise WriteRefused(f"refusing to write {target}: it is there, and not a file")


def _no_name_clash(root: Path, files: Mapping[str, str]) -> None:
    """Refuse to write a workflow beside a hand-written one of the same name: GitHub
    shows both under one check prefix, and branch protection cannot tell them apart."""
    ours = {_workflow_name(text): path for path, text in files.items() if _is_workflow(path)}
    for path in sorted(root.glob(".github/workflows/*.y*ml")):
        relative = path.relative_to(root).as_posix()
        text = read(path)
        if relative in files or text is None or is_generated(text):
            continue
        name = _workflow_name(text)
        if name in ours:
            raise WriteRefused(
                f"{relative} is a workflow ci-gen did not write, also named {name!r}, "
                f"like {ours[name]}: two workflows of one name look like one in pull "
                "requests; set workflow.name (or workflow.file) in the manifest, or "
                "rename that workflow"
            )


def _is_workflow(path: str) -> bool:
    return path.startswith(".github/workflows/")


def _workflow_name(text: str) -> str:
    """A workflow's ``name:``, as GitHub shows it (its file name when it has none,
    which the caller never compares as equal: an empty string)."""
    import yaml  # noqa: PLC0415 (yamllint's own dependency; render alone needs it)

    try:
        data = yaml.safe_load(text)
    except yaml.YAMLError:
        return ""
    name = data.get("name") if isinstance(data, dict) else None
    return name if isinstance(name, str) else ""


def _inside(root: Path, paths: list[str]) -> None:
    """Refuse paths whose folders resolve outside ``root`` (through a symlink)."""
    top = root.resolve()
    for path in paths:
        folder = (root / path).parent.resolve()
        if not folder.is_relative_to(top):
            link = next((p for p in reversed((root / path).parents) if p.is_symlink()), root / path)
            raise WriteRefused(
                f"refusing to write {root / path}: {link} is a symlink to "
                f"{link.resolve()}, outside the repository at {top}; ci-gen writes only "
                "inside it (replace the link with a folder)"
            )


def write_all(targets: list[tuple[Path, str]]) -> None:
    """Stage every file beside its target, then move each into place: a refusal while
    staging (a read-only folder, a full disk, a file where a folder should be) leaves
    every target as it was."""
    staged: list[tuple[Path, Path]] = []
    made: list[Path] = []
    try:
        for path, text in targets:
            made += _make_parents(path.parent)
            staged.append((_stage(path, text), path))
    except OSError as exc:
        for tmp, _ in staged:
            tmp.unlink(missing_ok=True)
        for folder in reversed(made):
            folder.rmdir()
        where = targets[len(staged)][0]
        raise WriteFailed(
            f"cannot write {where}: {exc.strerror or exc}; nothing was written"
        ) from exc
    for done, (tmp, path) in enumerate(staged):
        try:
            tmp.replace(path)
        except OSError as exc:  # a rename in the same folder: all but never fails
            for left, _ in staged[done:]:
                left.unlink(missing_ok=True)
            raise WriteFailed(
                f"cannot write {path}: {exc.strerror or exc}; the {done} file(s) before it "
                "were written: run again once the problem is fixed"
            ) from exc


def _make_parents(folder: Path) -> list[Path]:
    """Create ``folder`` and its missing parents; the ones created, outermost first."""
    missing = [p for p in (folder, *folder.parents) if not p.exists()][::-1]
    for part in missing:
        part.mkdir()
    return missing


def _prune_empty_parents(root: Path, path: Path) -> None:
    """Remove the folders a stale file leaves empty (a stale action's own folder)."""
    stop = root / ".github"
    for parent in path.parents:
        if parent in (stop, root) or not parent.is_relative_to(stop) or any(parent.iterdir()):
            return
        parent.rmdir()


def _stage(path: Path, text: str) -> Path:
    """``text`` in a temporary file beside ``path``, flushed to disk."""
    fd, name = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    tmp = Path(name)
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as handle:
            handle.write(text)
            handle.flush()
            os.fsync(handle.fileno())
        tmp.chmod(0o644)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    return tmp


def unified(path: str, old: str, new: str) -> str:
    """A unified diff between two versions of ``path``."""
    lines = difflib.unified_diff(
        old.splitlines(keepends=True),
        new.splitlines(keepends=True),
        fromfile=f"a/{path}",
        tofile=f"b/{path}",
    )
    return "".join(line if line.endswith("\n") else line + "\n" for line in lines)


def versions_on_disk(root: Path) -> set[str]:
    """The ci-gen versions that rendered the generated files under ``root``."""
    found = (rendered_by(read(root / path) or "") for path in generated_on_disk(root))
    return {version for version in found if version}
