"""The library API the CLI and the tests share: load -> plan -> render -> lint -> write | check."""

from __future__ import annotations

import os
from pathlib import Path

import attrs

from . import drift
from .bootstrap import render_manifest
from .cargo import discover
from .estimate import estimate
from .lint import check_size, lint
from .manifest import load, loads
from .model import Manifest
from .origin import make_origin
from .plan import plan
from .planmodel import Plan
from .render import render
from .update import Update, merge


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
    """Drift of the rendered files, then of the manifest against the Cargo workspace."""
    where = root_for(manifest, root)
    changes = drift.compare(where, generate(manifest, root).files)
    if (where / "Cargo.toml").is_file():
        update = update_manifest(manifest, root)
        if update.changed:
            current = drift.read(manifest) or ""
            label = Path(os.path.relpath(manifest, where)).as_posix()
            changes.append(
                drift.Change(label, "workspace", drift.unified(label, current, update.text))
            )
    return changes


def default_branch(root: Path) -> str:
    """The remote's default branch when git recorded it, else "main"."""
    head = root / ".git" / "refs" / "remotes" / "origin" / "HEAD"
    text = drift.read(head) or ""
    prefix = "ref: refs/remotes/origin/"
    return text.strip().removeprefix(prefix) if text.startswith(prefix) else "main"


@attrs.frozen
class Initialized:
    text: str
    manifest: Manifest
    rough: bool  # no Cargo.lock: estimates from declared dependencies only

    def summary(self) -> list[str]:
        crates = self.manifest.crates
        tested = sum(1 for c in crates.values() if c.role == "tested")
        lines = [f"{len(crates)} crates, {tested} in the required test run"]
        if self.rough:
            lines.append(
                "no Cargo.lock: the cost estimates are rough; tune them from the "
                "disk reports of the first runs"
            )
        lines.append("next: review it, then run `ci-gen render`")
        return lines


def init_manifest(root: Path) -> Initialized:
    """A first ci.toml for the Cargo workspace at ``root``, checked by the loader."""
    workspace = discover(root)
    text = render_manifest(workspace, estimate(workspace), default_branch(root))
    return Initialized(
        text, loads(text, "ci.toml (as written by ci-gen init)"), workspace.lock is None
    )


def update_manifest(manifest: Path, root: Path | None = None) -> Update:
    """The manifest merged with the Cargo workspace as it is now."""
    workspace = discover(root_for(manifest, root))
    update = merge(drift.read(manifest) or "", workspace, estimate(workspace))
    loads(update.text, str(manifest))
    return update
