"""The ``ci-gen`` command. ``ci-gen check`` on files that recall finds as the last full
check left them is answered here, before the CLI (typer and the whole pipeline) is
imported: as a pre-commit hook it runs on every commit, and costs less than linting the
files. Anything else, or any option this does not know, goes to the CLI."""

from __future__ import annotations

import sys
from pathlib import Path

from . import recall
from .owned import root_for

OPTIONS = {"--manifest": "manifest", "-m": "manifest", "--root": "root"}


def main() -> None:
    remembered = _recalled_check(sys.argv[1:])
    if remembered is not None:
        print(f"up to date with {remembered}")
        sys.exit(0)
    from .cli import main as cli_main  # noqa: PLC0415 (the point: only when needed)

    cli_main()


def _recalled_check(args: list[str]) -> Path | None:
    """The manifest of a plain ``check`` that recall answers; None for anything else
    (another command or option, a Cargo workspace to compare, nothing remembered)."""
    given = _check_options(args)
    if given is None:
        return None
    manifest = Path(given.get("manifest", "ci.toml"))
    root = Path(given["root"]) if "root" in given else None
    where = root_for(manifest, root)
    if (where / "Cargo.toml").is_file() or not recall.up_to_date(manifest, where):
        return None
    return manifest


def _check_options(args: list[str]) -> dict[str, str] | None:
    """``check``'s --manifest and --root, spelled ``--opt value`` or ``--opt=value``."""
    if not args or args[0] != "check":
        return None
    given: dict[str, str] = {}
    rest = args[1:]
    while rest:
        option, has_value, value = rest[0].partition("=")
        if option not in OPTIONS or OPTIONS[option] in given or (option == "-m" and has_value):
            return None
        if not has_value:
            if len(rest) < 2 or rest[1].startswith("-"):
                return None
            value = rest[1]
            rest = rest[1:]
        given[OPTIONS[option]] = value
        rest = rest[1:]
    return given


if __name__ == "__main__":
    main()
