"""What the locked packages are, read from their sources where cargo keeps them.

A machine that has built the workspace has every locked package's sources unpacked in
``$CARGO_HOME/registry/src/<index>/<name>-<version>``; a workspace that builds from
vendored or directory sources names them in ``.cargo/config.toml`` (``[source.<name>]
directory = "..."``). From there: the package's Rust source size, whether it is a
proc-macro, whether it has a build script. Nothing is downloaded; a package not found is
simply left out (the estimator uses an average for it).
"""

from __future__ import annotations

import os
import tomllib
from collections.abc import Iterable, Mapping
from pathlib import Path

from .model import LockPackage, PackageFacts
from .tomlfile import table

CONFIG = (".cargo/config.toml", ".cargo/config")


def package_facts(root: Path, lock: Mapping[str, LockPackage]) -> dict[str, PackageFacts]:
    """Facts of the external locked packages whose sources are on this machine, by id."""
    places = [*_directory_sources(root), *_registry_sources()]
    out = {}
    for ident, package in lock.items():
        if package.source is None:
            continue
        named = f"{package.name}-{package.version}"
        found = next((p / named for p in places if (p / named / "Cargo.toml").is_file()), None)
        facts = _facts(found) if found is not None else None
        if facts is not None:
            out[ident] = facts
    return out


def _registry_sources() -> list[Path]:
    home = Path(os.environ.get("CARGO_HOME") or Path.home() / ".cargo")
    src = home / "registry" / "src"
    return sorted(p for p in src.iterdir() if p.is_dir()) if src.is_dir() else []


def _directory_sources(root: Path) -> Iterable[Path]:
    for name in CONFIG:
        path = root / name
        if not path.is_file():
            continue
        try:
            config = tomllib.loads(path.read_text(encoding="utf-8"))
        except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError):
            continue
        sources = config.get("source")
        for spec in sources.values() if isinstance(sources, dict) else []:
            folder = spec.get("directory") if isinstance(spec, dict) else None
            if isinstance(folder, str):
                yield (root / folder) if not Path(folder).is_absolute() else Path(folder)


def _compiled_kib(folder: Path) -> float:
    """.rs KiB a dependency build compiles: the package's files outside the folders of
    targets only its own tests, benches and examples use."""
    skip = {"tests", "benches", "examples", "target"}
    files = (p for p in folder.rglob("*.rs") if p.is_file())
    kept = (p for p in files if not skip & set(p.relative_to(folder).parts[:-1]))
    return sum(p.stat().st_size for p in kept) / 1024


def _facts(folder: Path) -> PackageFacts | None:
    try:
        manifest = tomllib.loads((folder / "Cargo.toml").read_text(encoding="utf-8"))
        kib = _compiled_kib(folder)
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError):
        return None
    lib, package = table(manifest.get("lib")), table(manifest.get("package"))
    build = package.get("build")
    script = build is not False and (isinstance(build, str) or (folder / "build.rs").is_file())
    macro = lib.get("proc-macro") is True or lib.get("proc_macro") is True
    return PackageFacts(
        source_kib=round(kib, 1),
        proc_macro=macro,
        build_script=script,
        build_only=_build_only(manifest),
    )


def _build_only(manifest: dict[str, object]) -> tuple[str, ...]:
    """The packages ``manifest`` declares as build-dependencies and nowhere else (any
    target), by real name."""
    kinds: dict[str, set[str]] = {"build": set(), "other": set()}
    targets = table(manifest.get("target"))
    for where in [manifest, *(table(t) for t in targets.values())]:
        for key in ("dependencies", "build-dependencies", "build_dependencies"):
            kind = "other" if key == "dependencies" else "build"
            for name, spec in table(where.get(key)).items():
                real = table(spec).get("package")
                kinds[kind].add(real if isinstance(real, str) else name)
    return tuple(sorted(kinds["build"] - kinds["other"]))
