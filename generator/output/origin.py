"""Where generated files come from: the header they carry and how it is recognised."""

from __future__ import annotations

import os
import re
import shlex
import textwrap
from pathlib import Path, PurePath

from .. import __version__
from ..errors import Issue, ManifestError
from ..owned import MARKER
from ..plan import Origin

DEFAULT_MANIFEST = "ci.toml"
HEADER_WIDTH = 78  # after "# ": 80 columns
PLAIN_PATH = re.compile(r"[\w./@+-]{1,100}")


def make_origin(manifest: Path, root: Path, version: str = __version__) -> Origin:
    """The manifest as seen from ``root`` and the commands, run in ``root``, that
    regenerate and check the output. No absolute path: output must not depend on
    where the repository is checked out."""
    relative = PurePath(os.path.relpath(manifest, root))  # lexical: symlinks are kept
    posix = relative.as_posix()
    if not PLAIN_PATH.fullmatch(posix):
        raise ManifestError(
            repr(posix),
            [
                Issue(
                    "",
                    "the manifest's path goes into the workflow's commands: keep it to "
                    "letters, digits and ._-/@+, within 100 characters (rename it)",
                )
            ],
        )
    args = "" if posix == DEFAULT_MANIFEST else f" --manifest {shlex.quote(posix)} --root ."
    return Origin(posix, version, f"ci-gen render{args}", f"ci-gen check{args}")


def header(origin: Origin) -> str:
    """Three sentences, each wrapped at 80 columns, a command kept on one line where it
    fits; a word too long for a line (a deep manifest path) gets a line of its own."""
    sentences = (
        f"{MARKER[2:]} {origin.version} from {origin.manifest}. Do not edit by hand:",
        f"change {origin.manifest} and run `{origin.render_command}`;",
        f"`{origin.check_command}` fails when this file and the manifest disagree.",
    )
    lines = [f"# {line}" for sentence in sentences for line in _wrap_keeping_commands(sentence)]
    return "\n".join(lines) + "\n"


_GLUE = "\0"  # stands for a space inside a `command` while wrapping


def _wrap_keeping_commands(sentence: str) -> list[str]:
    parts = sentence.split("`")
    glued = "`".join(p.replace(" ", _GLUE) if i % 2 else p for i, p in enumerate(parts))
    lines = _wrap(glued)
    if any(len(line) > HEADER_WIDTH for line in lines):
        lines = _wrap(sentence)  # a command longer than a line breaks where it must
    return [line.replace(_GLUE, " ") for line in lines]


def _wrap(text: str) -> list[str]:
    return textwrap.wrap(text, HEADER_WIDTH, break_long_words=False, break_on_hyphens=False)


def rendered_by(text: str) -> str | None:
    """The ci-gen version a generated file's header names, or None."""
    first = text.lstrip("\ufeff").partition("\n")[0]
    if not first.startswith(MARKER + " "):
        return None
    version = first.removeprefix(MARKER + " ").partition(" ")[0]
    return version or None
