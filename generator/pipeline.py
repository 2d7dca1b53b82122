"""The library API the CLI and the tests share: load -> plan -> render -> lint -> write | check."""

from __future__ import annotations

from pathlib import Path

import attrs

from . import drift
from .lint import check_size, lint
from .manifest import load
from .origin import make_origin
from .plan import plan
from .planmodel import Plan
from .render import render


@attrs.frozen
class Output:
    plan: Plan
    files: dict[str, str]  # path relative to root -> text


def root_for(manifest: Path, root: Path | None) -> Path:
    """The output root: given, or the manifest's folder."""
    return root if root is not None else manifest.parent


def make_plan(manifest: Path, root: Path | None = None) -> Plan:
    loaded = load(manifest, label=str(manifest))
    return plan(loaded, make_origin(manifest, root_for(manifest, root)))


def generate(manifest: Path, root: Path | None = None) -> Output:
    """Everything the manifest renders to, linted and within GitHub's limits."""
    planned = make_plan(manifest, root)
    files = render(planned)
    lint(files)
    check_size(files)
    return Output(planned, files)


def render_files(
    manifest: Path, root: Path | None = None, force: bool = False
) -> drift.WriteReport:
    return drift.write(root_for(manifest, root), generate(manifest, root).files, force)


def check_files(manifest: Path, root: Path | None = None) -> list[drift.Change]:
    return drift.compare(root_for(manifest, root), generate(manifest, root).files)
