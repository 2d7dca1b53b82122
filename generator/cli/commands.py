"""The commands that plan and write: init, render, plan, explain, schema."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Annotated

import typer

from ..errors import ExitCode, UnknownTopic, WriteRefused
from ..manifest import did_you_mean
from ..owned import docs_folder, find_manifest, root_for
from ..usage import command
from .app import DebugOpt, ManifestOpt, RootOpt, run, warn

# The pipeline (and all it imports) is imported by each command when it runs.


def init(
    manifest: Annotated[
        Path | None,
        typer.Option(
            "--manifest", "-m", help="Where to write [default: <root>/ci.toml].", dir_okay=False
        ),
    ] = None,
    root: RootOpt = None,
    update: Annotated[
        bool, typer.Option("--update", help="Merge the workspace into the existing manifest.")
    ] = False,
    stdout: Annotated[
        bool, typer.Option("--stdout", "--dry-run", help="Print the manifest, write nothing.")
    ] = False,
    force: Annotated[bool, typer.Option("--force", help="Replace an existing manifest.")] = False,
    debug: DebugOpt = False,
) -> None:
    """Write a first ci.toml from the Cargo workspace (files only: no cargo, no network)."""
    found: list[str] = []
    if manifest is None and root is None:  # run in a member folder: its workspace, as cargo
        from .. import pipeline

        here = Path.cwd().resolve()
        top = pipeline.init_root(here)
        if top != here:
            root = Path(os.path.relpath(top, here))
            found.append(f"{here.name} belongs to the workspace at {root}: bootstrapping that")
    target = manifest or (root or Path()) / "ci.toml"

    def action() -> ExitCode:
        from .. import pipeline
        from ..output import write_text

        if update:
            done = pipeline.update_manifest(target, root)
            text, changed = done.text, done.changed
            notes = list(done.notes) or [f"{target} matches the workspace"]
        else:
            if target.exists() and not (force or stdout):
                raise WriteRefused(
                    f"{target} exists: `ci-gen init --update` merges the workspace into it, "
                    "--force replaces it"
                )
            made = pipeline.init_manifest(root_for(target, root))
            first, *rest = made.summary()
            text, changed, notes = made.text, True, [f"wrote {target}: {first}", *rest]
        if stdout:
            typer.echo(text, nl=False)
            return ExitCode.OK
        if changed:
            write_text(target, text)
        for line in [*found, *notes]:
            typer.echo(line, err=True)
        if update and changed:
            next_command = command("render", target, root)
            typer.echo(f"next: review the changes, then run `{next_command}`", err=True)
        return ExitCode.OK

    run(action, debug)


def render(
    manifest: ManifestOpt = None,
    root: RootOpt = None,
    force: Annotated[
        bool, typer.Option("--force", help="Overwrite files ci-gen did not generate.")
    ] = False,
    dry_run: Annotated[
        bool,
        typer.Option("--dry-run", help="Show the diff of what render would change; write nothing."),
    ] = False,
    check: Annotated[
        bool,
        typer.Option("--check", help="As --dry-run, and exit 1 when anything would change."),
    ] = False,
    debug: DebugOpt = False,
) -> None:
    """Write the workflows the manifest describes; remove stale generated ones."""
    manifest = manifest or find_manifest()

    def action() -> ExitCode:
        from .. import pipeline

        if dry_run or check:
            return _dry_run(manifest, root, force=force, check=check)
        planned = pipeline.checked_plan(manifest, root)
        done = pipeline.write_plan(planned.plan, manifest, root, force)
        where = root_for(manifest, root)
        for verb, paths in (("wrote", done.written), ("removed stale", done.removed)):
            for path in paths:
                typer.echo(f"{verb} {(where / path).as_posix()}")
        if done.unchanged and not (done.written or done.removed):
            typer.echo(f"{len(done.unchanged)} file(s) already up to date")
        warn(planned.warnings)
        return ExitCode.OK

    run(action, debug)


def _dry_run(manifest: Path, root: Path | None, *, force: bool, check: bool) -> ExitCode:
    """render --dry-run / --check: the diff a render would write, and what would stop it
    (a file ci-gen did not write, a manifest the workspace has left behind)."""
    from .. import pipeline

    planned = pipeline.checked_plan(manifest, root, refuse_stale=False)
    changes = pipeline.plan_changes(planned.plan, manifest, root)
    for change in changes:
        typer.echo(change.diff, nl=False)
    what = f"{len(changes)} file(s) would change" if changes else "nothing would change"
    typer.echo(f"{what}; nothing written", err=True)
    foreign = [c.path for c in changes if c.kind == "foreign"]
    if foreign and not force:
        typer.echo(
            f"render would refuse (exit 4): {', '.join(foreign)} not generated by ci-gen; "
            "--force replaces it",
            err=True,
        )
    warn(planned.warnings)
    drift = bool(changes) or bool(planned.workspace)
    return ExitCode.DRIFT if check and drift else ExitCode.OK


def plan(
    manifest: ManifestOpt = None,
    root: RootOpt = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print the plan as JSON.")] = False,
    debug: DebugOpt = False,
) -> None:
    """Show every job: runner, crates, predicted disk and minutes against the budgets."""
    manifest = manifest or find_manifest()

    def action() -> ExitCode:
        from .. import pipeline
        from ..output import report, terminal_width

        planned = pipeline.checked_plan(manifest, root, refuse_stale=False)
        if as_json:
            text = report.to_json(planned.plan)
        else:
            text = report.to_text(planned.plan, terminal_width())
        typer.echo(text, nl=False)
        warn((planned.workspace,) if planned.workspace else ())  # the plan's own: in text
        return ExitCode.OK

    run(action, debug)


def explain(
    job: Annotated[str, typer.Argument(help="A job id, as `ci-gen plan` lists it.", metavar="JOB")],
    manifest: ManifestOpt = None,
    root: RootOpt = None,
    debug: DebugOpt = False,
) -> None:
    """Why a job exists, what it runs, its predictions term by term, the keys behind it."""
    manifest = manifest or find_manifest()

    def action() -> ExitCode:
        from .. import output, pipeline

        text, workspace = pipeline.explain_job(manifest, job, root, output.terminal_width())
        typer.echo(text, nl=False)
        warn((workspace,) if workspace else ())
        return ExitCode.OK

    run(action, debug)


def schema(debug: DebugOpt = False) -> None:
    """Print the JSON Schema of ci.toml (for editor completion and validation)."""

    def action() -> ExitCode:
        from ..manifest import manifest_schema

        typer.echo(manifest_schema(), nl=False)
        return ExitCode.OK

    run(action, debug)


def docs(
    topic: Annotated[
        str,
        typer.Argument(
            help="guide (the default), model, workflow, plan-json, shapes or architecture.",
            metavar="TOPIC",
        ),
    ] = "guide",
    debug: DebugOpt = False,
) -> None:
    """Print the user guide, or another page of ci-gen's documentation (offline)."""

    def action() -> ExitCode:
        pages = {p.stem: p for p in docs_folder().glob("*.md")}
        if topic not in pages:
            raise UnknownTopic(
                f"no page {topic!r}{did_you_mean(topic, list(pages))}; the pages: "
                + ", ".join(sorted(pages))
            )
        typer.echo(pages[topic].read_text(encoding="utf-8"), nl=False)
        return ExitCode.OK

    run(action, debug)
