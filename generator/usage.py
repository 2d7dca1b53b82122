"""How ci-gen spells its own command lines for people: the next command to run, with
the --manifest and --root they ran it with."""

from __future__ import annotations

import shlex
from pathlib import Path

from .owned import find_manifest

DEFAULT_MANIFEST = Path("ci.toml")


def command(verb: str, manifest: Path, root: Path | None, *extra: str) -> str:
    """``ci-gen <verb>`` on this manifest and root, quoted for a shell; without
    --manifest when ci-gen would find that manifest anyway (run in a crate's folder)."""
    args = ["ci-gen", *verb.split()]
    if manifest != DEFAULT_MANIFEST and not _found(manifest):
        args += ["--manifest", str(manifest)]
    if root is not None and not (_found(manifest) and _same(root, manifest.parent)):
        args += ["--root", str(root)]
    args += extra
    return " ".join(shlex.quote(a) for a in args)


def _same(a: Path, b: Path) -> bool:
    return a.resolve() == b.resolve()


def _found(manifest: Path) -> bool:
    found = find_manifest()
    return found.is_file() and manifest.is_file() and found.samefile(manifest)
