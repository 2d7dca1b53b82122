"""The typer application, its shared options, and how a command's outcome becomes an
exit code (a known error prints its lines, anything else is a bug: exit 3)."""

from __future__ import annotations

import traceback
from collections.abc import Callable
from pathlib import Path
from typing import Annotated

import typer

from .. import __version__
from ..errors import CiGenError, ExitCode, Unexpected

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


def run(
    action: Callable[[], ExitCode],
    debug: bool,
    report: Callable[[CiGenError], None] | None = None,
) -> None:
    """Run a command; an error prints its lines (or goes to ``report``, which --json
    commands give), anything unexpected is a bug (exit 3)."""
    try:
        code = action()
    except CiGenError as exc:
        code = _reported(exc, report)
    except Exception as exc:
        if debug or _state["debug"]:
            traceback.print_exc()
        code = _reported(Unexpected(exc), report)
    raise typer.Exit(int(code))


def _reported(exc: CiGenError, report: Callable[[CiGenError], None] | None) -> ExitCode:
    if report is not None:
        report(exc)
    else:
        for line in exc.lines():
            typer.echo(line, err=True)
    return exc.exit_code


def warn(warnings: tuple[str, ...]) -> None:
    for warning in warnings:
        typer.echo(f"warning: {warning}", err=True)


def main() -> None:
    app(prog_name="ci-gen")
