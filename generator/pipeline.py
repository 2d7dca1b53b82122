"""The library API the CLI and the tests share.

Two flows, each one way:
    ci.toml -load-> Manifest -plan-> Plan -render-> files -lint-> write | check
    Cargo workspace -discover-> CargoWorkspace -bootstrap-> ci.toml
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import TYPE_CHECKING

from . import __version__, output, recall
from .manifest import load, loads
from .owned import root_for
from .plan import Plan, plan

if TYPE_CHECKING:
    from . import bootstrap

# bootstrap and cargo (the second flow) are imported where they are used: `ci-gen check`
# runs on every commit as a pre-commit hook, and a repository without a Cargo.toml at
# the root never needs them.


def make_plan(manifest: Path, root: Path | None = None) -> Plan:
    loaded = load(manifest, label=str(manifest))
    return plan(loaded, output.make_origin(manifest, root_for(manifest, root)))


def generate(manifest: Path, root: Path | None = None, linted: bool = True) -> output.Output:
    """Everything the manifest renders to, within GitHub's limits, and linted unless
    ``linted`` is False (a comparison that writes nothing)."""
    return output.produce(make_plan(manifest, root), linted)


def render_files(
    manifest: Path, root: Path | None = None, force: bool = False
) -> output.WriteReport:
    """Write the rendered files; the next check (the pre-commit hook's, after an edit
    and a render) then finds them remembered, as a full check would leave them."""
    where = root_for(manifest, root)
    files = generate(manifest, root).files
    report = output.write(where, files, force)
    recall.remember(manifest, where, files)
    return report


def check_files(
    manifest: Path, root: Path | None = None, files_known: bool = False
) -> list[output.Change]:
    """Drift of the rendered files (unless ``files_known``: recall found them up to
    date), then of the manifest against the Cargo workspace."""
    where = root_for(manifest, root)
    changes = [] if files_known else _file_changes(manifest, root, where)
    if (where / "Cargo.toml").is_file():
        update = update_manifest(manifest, root)
        if update.changed:
            current = output.read(manifest) or ""
            label = Path(os.path.relpath(manifest, where)).as_posix()
            diff = output.unified(label, current, update.text)
            changes.append(output.Change(label, "workspace", diff))
    return changes


def _file_changes(manifest: Path, root: Path | None, where: Path) -> list[output.Change]:
    # Not linted: files equal to a render were linted when it wrote them, and any
    # difference is drift either way (render lints before it writes the fix).
    files = generate(manifest, root, linted=False).files
    changes = output.compare(where, files)
    if not changes:
        recall.remember(manifest, where, files)
    return changes


def other_versions(manifest: Path, root: Path | None = None) -> list[str]:
    """Versions of ci-gen other than this one that rendered the files on disk."""
    found = output.versions_on_disk(root_for(manifest, root))
    return sorted(found - {__version__})


def init_root(start: Path) -> Path:
    """Where ``init`` run in ``start`` bootstraps: the workspace ``start`` belongs to."""
    from .cargo import workspace_root  # noqa: PLC0415 (see the imports)

    return workspace_root(start)


def init_manifest(root: Path) -> bootstrap.Initialized:
    """A first ci.toml for the Cargo workspace at ``root``, checked by the loader."""
    from . import bootstrap  # noqa: PLC0415 (see the imports)
    from .cargo import default_branch, discover  # noqa: PLC0415

    workspace = discover(root)
    estimates = bootstrap.estimate(workspace)
    branch = default_branch(root)
    source = bootstrap.installed_source(__version__)
    text = bootstrap.render_manifest(workspace, estimates, branch, source)
    checked = loads(text, "ci.toml (as written by ci-gen init)")
    return bootstrap.Initialized(
        text, checked, workspace.lock is None, branch, source, workspace.excluded
    )


def update_manifest(manifest: Path, root: Path | None = None) -> bootstrap.Update:
    """The manifest merged with the Cargo workspace as it is now."""
    from . import bootstrap  # noqa: PLC0415 (see the imports)
    from .cargo import discover  # noqa: PLC0415

    workspace = discover(root_for(manifest, root))
    current = output.read(manifest) or ""
    update = bootstrap.merge(current, workspace, bootstrap.estimate(workspace))
    loads(update.text, str(manifest))
    return update
