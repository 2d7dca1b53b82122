"""The command line: parse, call the library, map the outcome to an exit code.

The only module that prints or exits. Exit codes are listed in ``errors.py``.
"""

from __future__ import annotations

import os
import traceback
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from . import __version__, recall
from .errors import CiGenError, ExitCode, WriteRefused
from .owned import find_manifest, root_for
from .usage import command

if TYPE_CHECKING:
    from .output import Change

# The pipeline (and all it imports) is imported by each command when it runs: `check`,
# a pre-commit hook, answers from what recall remembers without it.

EXIT_CODES = """Exit codes:

\b
  0  success
  1  drift: the committed files differ from what the manifest renders, or the
     manifest from the Cargo workspace (check, render --check)
  2  invalid input: a bad manifest or workspace, budgets that cannot hold, a
     manifest the workspace has left behind (render), bad usage
  3  an unexpected error: a bug (rerun with --debug and report the traceback)
  4  refused or unable to write (a file ci-gen did not generate is in the way)"""

app = typer.Typer(
    name="ci-gen",
    help="Plan and render disk-, time- and cache-budgeted GitHub Actions CI "
    "for Rust workspaces, from one manifest (ci.toml).",
    epilog=EXIT_CODES,
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,
    context_settings={"help_option_names": ["-h", "--help"]},
)

ManifestOpt = Annotated[
    Path | None,
    typer.Option(
        "--manifest",
        "-m",
        help="The manifest to read [default: ci.toml here or in the nearest folder above, "
        "up to the repository's top, as cargo finds its workspace].",
        dir_okay=False,
        show_default=False,
    ),
]
RootOpt = Annotated[
    Path | None,
    typer.Option(
        "--root",
        help="The repository the workflows belong to [default: the manifest's folder; "
        "its parent for a manifest in .github/].",
        file_okay=False,
    ),
]
DebugOpt = Annotated[bool, typer.Option("--debug", help="Show tracebacks of unexpected errors.")]

_state = {"debug": False}


def _version(value: bool) -> None:
    if value:
        typer.echo(f"ci-gen {__version__}")
        raise typer.Exit()


@app.callback()
def main_options(
    version: Annotated[
        bool, typer.Option("--version", callback=_version, is_eager=True, help="Show the version.")
    ] = False,
    debug: DebugOpt = False,
) -> None:
    """Global options."""
    _state["debug"] = debug


def _run(
    action: Callable[[], ExitCode],
    debug: bool,
    known: Callable[[CiGenError], None] | None = None,
) -> None:
    """Run a command; known errors print their lines (or go to ``known``), anything else
    is a bug (exit 3)."""
    try:
        code = action()
    except CiGenError as exc:
        if known is not None:
            known(exc)
        for line in [] if known else exc.lines():
            typer.echo(line, err=True)
        code = exc.exit_code
    except Exception as exc:
        if debug or _state["debug"]:
            traceback.print_exc()
        typer.echo(f"ci-gen: unexpected error: {type(exc).__name__}: {exc}", err=True)
        typer.echo("This is a bug; rerun with --debug and report the traceback.", err=True)
        code = ExitCode.UNEXPECTED
    raise typer.Exit(int(code))


@app.command()
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
        from . import pipeline

        here = Path.cwd().resolve()
        top = pipeline.init_root(here)
        if top != here:
            root = Path(os.path.relpath(top, here))
            found.append(f"{here.name} belongs to the workspace at {root}: bootstrapping that")
    target = manifest or (root or Path()) / "ci.toml"

    def action() -> ExitCode:
        from . import pipeline
        from .output import write_text

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

    _run(action, debug)


@app.command()
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
        from . import pipeline

        planned = pipeline.checked_plan(manifest, root)
        if dry_run or check:
            changes = pipeline.plan_changes(planned.plan, manifest, root)
            for change in changes:
                typer.echo(change.diff, nl=False)
            what = f"{len(changes)} file(s) would change" if changes else "nothing would change"
            typer.echo(f"{what}; nothing written", err=True)
            _warn(planned.warnings)
            return ExitCode.DRIFT if check and changes else ExitCode.OK
        done = pipeline.write_plan(planned.plan, manifest, root, force)
        where = root_for(manifest, root)
        for verb, paths in (("wrote", done.written), ("removed stale", done.removed)):
            for path in paths:
                typer.echo(f"{verb} {(where / path).as_posix()}")
        if done.unchanged and not (done.written or done.removed):
            typer.echo(f"{len(done.unchanged)} file(s) already up to date")
        _warn(planned.warnings)
        return ExitCode.OK

    _run(action, debug)


@app.command()
def check(
    manifest: ManifestOpt = None,
    root: RootOpt = None,
    as_json: Annotated[
        bool,
        typer.Option(
            "--json", help="Print the outcome as one JSON object (for tools), errors too."
        ),
    ] = False,
    debug: DebugOpt = False,
) -> None:
    """Fail (exit 1) with a diff when the committed files differ from the manifest."""
    manifest = manifest or find_manifest()

    def action() -> ExitCode:
        where = root_for(manifest, root)
        known = recall.up_to_date(manifest, where)
        if known and not (where / "Cargo.toml").is_file():
            return _up_to_date(manifest, as_json)
        from . import pipeline

        changes = pipeline.check_files(manifest, root, files_known=known)
        if not changes:
            return _up_to_date(manifest, as_json)
        fix = _fix_commands(manifest, root, changes)
        if as_json:
            typer.echo(_json_outcome(manifest, changes, fix))
            return ExitCode.DRIFT
        _print_drift(changes, fix=fix)
        others = pipeline.other_versions(manifest, root)
        if others:
            typer.echo(
                f"the files were rendered by ci-gen {', '.join(others)}; this is ci-gen "
                f"{__version__}: render with this version and commit, or check with the one "
                "that rendered them (gate.action's pin names it)",
                err=True,
            )
        return ExitCode.DRIFT

    def as_object(exc: CiGenError) -> None:  # --json: an error is a JSON object too
        typer.echo(_json_outcome(manifest, [], "", exc.lines()))

    _run(action, debug, as_object if as_json else None)


def _up_to_date(manifest: Path, as_json: bool) -> ExitCode:
    if as_json:
        typer.echo(_json_outcome(manifest, [], ""))
    else:
        typer.echo(f"up to date with {manifest}")
    return ExitCode.OK


def _json_outcome(
    manifest: Path, changes: list[Change], fix: str, errors: list[str] | None = None
) -> str:
    import json

    return json.dumps(
        {
            "manifest": manifest.as_posix(),
            "up_to_date": not changes and not errors,
            "changes": [{"path": c.path, "kind": c.kind, "diff": c.diff} for c in changes],
            "fix": fix,
            "errors": errors or [],
        },
        indent=2,
    )


@app.command()
def plan(
    manifest: ManifestOpt = None,
    root: RootOpt = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print the plan as JSON.")] = False,
    debug: DebugOpt = False,
) -> None:
    """Show every job: runner, crates, predicted disk and minutes against the budgets."""
    manifest = manifest or find_manifest()

    def action() -> ExitCode:
        from . import pipeline
        from .output import report
        from .output.fit import terminal_width

        planned = pipeline.checked_plan(manifest, root, refuse_stale=False)
        if as_json:
            text = report.to_json(planned.plan)
        else:
            text = report.to_text(planned.plan, terminal_width())
        typer.echo(text, nl=False)
        _warn((planned.workspace,) if planned.workspace else ())  # the plan's own: in text
        return ExitCode.OK

    _run(action, debug)


@app.command()
def schema(debug: DebugOpt = False) -> None:
    """Print the JSON Schema of ci.toml (for editor completion and validation)."""

    def action() -> ExitCode:
        from .manifest import manifest_schema

        typer.echo(manifest_schema(), nl=False)
        return ExitCode.OK

    _run(action, debug)


def _warn(warnings: tuple[str, ...]) -> None:
    for warning in warnings:
        typer.echo(f"warning: {warning}", err=True)


def _fix_commands(manifest: Path, root: Path | None, changes: list[Change]) -> str:
    """The commands to run where ``check`` ran: ``init --update`` when the workspace moved,
    then ``render`` (with ``--force`` when a foreign file is in the way)."""
    kinds = {c.kind for c in changes}
    commands = [command("init --update", manifest, root)] if "workspace" in kinds else []
    force = ["--force"] if "foreign" in kinds else []
    commands.append(command("render", manifest, root, *force))
    return "`, then `".join(commands)


_WHAT = {
    "changed": "differs from what {m} renders",
    "missing": "is missing",
    "stale": "is generated but no longer produced by {m}",
    "foreign": "exists but was not generated by ci-gen (render --force replaces it)",
    "workspace": "no longer matches the Cargo workspace (init --update refreshes it)",
}


def _escape(text: str, is_property: bool) -> str:
    """Escape a value for a GitHub workflow command (``::error key=value::message``)."""
    text = text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")
    return text.replace(":", "%3A").replace(",", "%2C") if is_property else text


def _print_drift(changes: list[Change], fix: str) -> None:
    annotate = os.environ.get("GITHUB_ACTIONS") == "true"
    for change in changes:
        what = _WHAT[change.kind].format(m="the manifest")
        typer.echo(f"{change.kind}: {change.path} {what}", err=True)
        typer.echo(change.diff, nl=False)
        if annotate:
            message = f"{change.path} {what}; run `{fix}` and commit the result"
            typer.echo(
                f"::error file={_escape(change.path, True)},title=ci-gen drift::"
                f"{_escape(message, False)}"
            )
    typer.echo(f"{len(changes)} file(s) out of date: run `{fix}` and commit the result", err=True)


def main() -> None:
    app(prog_name="ci-gen")


if __name__ == "__main__":  # pragma: no cover
    main()
