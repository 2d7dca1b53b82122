"""The library API the CLI and the tests share.

Two flows, each one way:
    ci.toml -load-> Manifest -plan-> Plan -render-> files -lint-> write | check
    Cargo workspace -discover-> CargoWorkspace -bootstrap-> ci.toml
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import TYPE_CHECKING

import attrs

from . import __version__, output, recall
from .errors import StaleManifest, UnknownJob
from .manifest import did_you_mean, load, loads
from .owned import root_for
from .plan import Plan, plan
from .usage import command

if TYPE_CHECKING:
    from . import bootstrap

# bootstrap and cargo (the second flow) are imported where they are used: `ci-gen check`
# runs on every commit as a pre-commit hook, and a repository without a Cargo.toml at
# the root never needs them.


def make_plan(manifest: Path, root: Path | None = None) -> Plan:
    loaded = load(manifest, label=str(manifest))
    return plan(loaded, output.make_origin(manifest, root_for(manifest, root)))


@attrs.frozen
class Planned:
    """A plan, and what its user should hear about it: what the plan could not make fit
    (accepted overruns, a cache over budget), and what the manifest says that the Cargo
    workspace beside it no longer does."""

    plan: Plan
    workspace: str = ""  # how the manifest and the Cargo workspace differ, if they do

    @property
    def warnings(self) -> tuple[str, ...]:
        return (*self.plan.warnings, *filter(None, [self.workspace]))


def checked_plan(manifest: Path, root: Path | None = None, refuse_stale: bool = True) -> Planned:
    """The plan, with the manifest compared to the Cargo workspace (when there is one)
    as ``check`` compares it. A change that makes the CI wrong (a crate gone or new, a
    dependency, a feature...) is refused when ``refuse_stale`` (render: it would commit
    that CI), else a warning (plan: it writes nothing); a change of estimates only is
    always a warning."""
    planned = make_plan(manifest, root)
    update = workspace_update(manifest, root)
    if update is None:
        return Planned(planned)
    fix = command("init --update", manifest, root)
    if update.stale and refuse_stale:
        raise StaleManifest(str(manifest), update.stale, fix)
    what = "no longer matches" if update.stale else "has estimates behind"
    warning = f"{manifest} {what} the Cargo workspace (`{fix}` merges it): " + "; ".join(
        update.notes
    )
    return Planned(planned, warning)


def generate(manifest: Path, root: Path | None = None, linted: bool = True) -> output.Output:
    """Everything the manifest renders to, within GitHub's limits, and linted unless
    ``linted`` is False (a comparison that writes nothing)."""
    return output.produce(make_plan(manifest, root), linted)


def render_files(
    manifest: Path, root: Path | None = None, force: bool = False
) -> output.WriteReport:
    """Write the rendered files; the next check (the pre-commit hook's, after an edit
    and a render) then finds them remembered, as a full check would leave them."""
    return write_plan(checked_plan(manifest, root).plan, manifest, root, force)


def write_plan(
    planned: Plan, manifest: Path, root: Path | None = None, force: bool = False
) -> output.WriteReport:
    where = root_for(manifest, root)
    files = output.produce(planned).files
    report = output.write(where, files, force)
    recall.remember(manifest, where, files)
    return report


def explain_job(
    manifest: Path, job: str, root: Path | None = None, width: int | None = None
) -> tuple[str, str]:
    """``ci-gen explain``: the text for ``job`` of the plan, and the warning of a manifest
    the workspace has left behind ("" when it has not)."""
    planned = checked_plan(manifest, root, refuse_stale=False)
    ids = output.job_ids(planned.plan)
    if job not in ids:
        raise UnknownJob(
            f"{manifest}: no job {job!r} in the plan{did_you_mean(job, ids)}; "
            f"its jobs: {', '.join(ids)}"
        )
    return output.explain(planned.plan, job, width), planned.workspace


def plan_changes(planned: Plan, manifest: Path, root: Path | None = None) -> list[output.Change]:
    """What writing ``planned`` would change on disk (render --dry-run); writes nothing."""
    return output.compare(root_for(manifest, root), output.produce(planned).files)


def check_files(
    manifest: Path, root: Path | None = None, files_known: bool = False
) -> list[output.Change]:
    """Drift of the rendered files (unless ``files_known``: recall found them up to
    date), then of the manifest against the Cargo workspace."""
    where = root_for(manifest, root)
    changes = [] if files_known else _file_changes(manifest, root, where)
    update = workspace_update(manifest, root)
    if update:
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


def workspace_update(manifest: Path, root: Path | None = None) -> bootstrap.Update | None:
    """What ``init --update`` would change, when there is a Cargo workspace at the root
    and it would change something; else None."""
    if not (root_for(manifest, root) / "Cargo.toml").is_file():
        return None
    update = update_manifest(manifest, root)
    return update if update.changed else None


def update_manifest(manifest: Path, root: Path | None = None) -> bootstrap.Update:
    """The manifest merged with the Cargo workspace as it is now."""
    from . import bootstrap  # noqa: PLC0415 (see the imports)
    from .cargo import discover  # noqa: PLC0415

    workspace = discover(root_for(manifest, root))
    current = output.read(manifest) or ""
    update = bootstrap.merge(current, workspace, bootstrap.estimate(workspace))
    loads(update.text, str(manifest))
    return update
