"""`ci-gen check` remembered, so that a pre-commit hook that finds nothing to do costs
about as much as linting the files.

A full check that finds the rendered files up to date keeps, in the user's cache folder,
the digest of each file under a key made of all the render reads: ci-gen's own code and
templates, the manifest's text and its path from the root. A later check with the same
key hashes the files on disk instead of planning and rendering: the same digests and no
other generated file mean up to date. Anything else (no entry, an edited, missing or
extra file) means the full check, which shows the diff. Only the rendered files are
remembered: the manifest against the Cargo workspace is compared every time.
"""

from __future__ import annotations

import functools
import hashlib
import importlib.util
import json
import os
from collections.abc import Mapping
from pathlib import Path

from .owned import cache_folder, generated_on_disk, read, templates_folder

PACKAGE = Path(__file__).resolve().parent


def up_to_date(manifest: Path, root: Path) -> bool:
    """Whether a full check with this key found the files on disk as they are now."""
    known = _entry(manifest, root)
    if known is None or set(generated_on_disk(root)) != set(known):
        return False
    return all(_digest(read(root / path)) == digest for path, digest in known.items())


def remember(manifest: Path, root: Path, files: Mapping[str, str]) -> None:
    """Keep the digests of ``files``, which a full check found on disk as rendered."""
    where = _where(manifest, root)
    if where is None:
        return
    entry = json.dumps({path: _digest(text) for path, text in sorted(files.items())})
    tmp = where.with_name(f".{where.name}.{os.getpid()}.tmp")
    try:
        tmp.write_text(entry, encoding="utf-8")
        tmp.replace(where)
    except OSError:
        tmp.unlink(missing_ok=True)


def _entry(manifest: Path, root: Path) -> dict[str, str] | None:
    where = _where(manifest, root)
    try:
        found = json.loads(where.read_text(encoding="utf-8")) if where else None
    except (OSError, ValueError):
        return None
    return found if isinstance(found, dict) else None


def _where(manifest: Path, root: Path) -> Path | None:
    """The entry's file: named by the key, or None without a manifest or cache folder."""
    try:
        text = manifest.read_bytes()
    except OSError:
        return None
    folder = cache_folder("check")
    if folder is None:
        return None
    relative = Path(os.path.relpath(manifest, root)).as_posix()
    key = hashlib.sha256(b"\0".join([_code(), relative.encode(), text])).hexdigest()
    return folder / key


# What renders besides ci-gen's own files: an upgrade of one changes the key.
LIBRARIES = ("jinja2", "cattrs", "attrs", "tomlkit")


@functools.cache
def _code() -> bytes:
    """A digest of what renders the files: ci-gen's code and templates (wherever the
    templates load from: an editable install keeps them apart), and the file of each
    library it renders with (its size and time)."""
    digest = hashlib.sha256()
    folders = {PACKAGE, templates_folder()}
    for folder in sorted(folders):
        for path in sorted(folder.rglob("*")):
            if path.is_file() and "__pycache__" not in path.parts:
                digest.update(path.as_posix().encode() + b"\0" + path.read_bytes())
    for name in LIBRARIES:
        spec = importlib.util.find_spec(name)
        origin = spec.origin if spec and spec.origin else ""
        found = Path(origin).stat() if origin else None
        digest.update(f"{name} {origin} {found and (found.st_size, found.st_mtime_ns)}".encode())
    return digest.digest()


def _digest(text: str | None) -> str:
    return "" if text is None else hashlib.sha256(text.encode("utf-8")).hexdigest()
