"""The ``ci-gen`` command. A plain ``ci-gen check`` that finds the files up to date is
answered here, before the CLI (typer) is imported: as a pre-commit hook it runs on every
commit, and should cost no more than linting the files. When recall (the digests the
last full check left) vouches for the files, not even the pipeline is imported. Drift,
an error, another command or an option this does not know: the CLI says it."""

from __future__ import annotations

import sys
from pathlib import Path

from . import recall
from .owned import find_manifest, root_for

OPTIONS = {"--manifest": "manifest", "-m": "manifest", "--root": "root"}


def main() -> None:
    up_to_date = _quick_check(sys.argv[1:])
    if up_to_date is not None:
        print(f"up to date with {up_to_date}")
        sys.exit(0)
    from .cli import main as cli_main  # noqa: PLC0415 (the point: only when needed)

    cli_main()


def _quick_check(args: list[str]) -> Path | None:
    """The manifest of a plain ``check`` that finds nothing to report, as the CLI's
    check would; None for anything else (another command or option, drift, an error:
    the CLI runs it again and reports)."""
    given = _check_options(args)
    if given is None:
        return None
    manifest = Path(given["manifest"]) if "manifest" in given else find_manifest()
    root = Path(given["root"]) if "root" in given else None
    where = root_for(manifest, root)
    known = recall.up_to_date(manifest, where)
    if known and not (where / "Cargo.toml").is_file():
        return manifest
    try:
        from . import pipeline  # noqa: PLC0415 (only for a check recall cannot answer)

        changes = pipeline.check_files(manifest, root, files_known=known)
    except Exception:
        return None
    return None if changes else manifest


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
