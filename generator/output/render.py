"""render(Plan) -> {path: text}. Templates hold layout only; every decision is in the plan.

Jinja prints with ``[[ ]]`` (and comments with ``[# #]``) so GitHub's own ``${{ }}``
stays readable in the templates. Templates therefore never use bash's ``[[ ]]``.
"""

from __future__ import annotations

import contextlib
import re
import textwrap

import attrs
import jinja2

from ..owned import cache_folder, templates_folder
from ..plan import ACTIONS_DIR, ARCHIVE_FILE, Plan, docker_options
from .layout import layout
from .lint import check_size, lint
from .origin import header
from .view import Expr, Scalar, Value, View

ENTRY_WIDTH = 80  # matrix entries: long package lists fold onto lines of their own
ENTRY_INDENT = 12  # where an entry's keys start (job.yml.j2)
ACTIONLINT_CONFIG = ".github/actionlint.yaml"
COMMENT_WIDTH = 76  # a comment line of a job, "  # " before it, stays within 80 columns


def _load(name: str) -> str:
    return (templates_folder() / name).read_text(encoding="utf-8")


def _bytecode_cache() -> jinja2.BytecodeCache | None:
    """Compiled templates in the user's cache folder, keyed by each template's source
    (a new ci-gen never reads an old one): compiling them is most of a `ci-gen check`
    that finds nothing to do."""
    folder = cache_folder("templates")
    return None if folder is None else _QuietCache(str(folder))


class _QuietCache(jinja2.FileSystemBytecodeCache):
    """A cache that only ever saves time: a folder it cannot read or write (full, read
    only) means compiling the templates again, not failing."""

    def load_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        try:
            super().load_bytecode(bucket)
        except OSError:
            bucket.reset()

    def dump_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        with contextlib.suppress(OSError):
            super().dump_bytecode(bucket)


def environment() -> jinja2.Environment:
    env = jinja2.Environment(
        loader=jinja2.FunctionLoader(_load),
        bytecode_cache=_bytecode_cache(),
        undefined=jinja2.StrictUndefined,
        variable_start_string="[[",
        variable_end_string="]]",
        comment_start_string="[#",
        comment_end_string="#]",
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        autoescape=False,
    )
    env.filters.update(q=quote, long_q=long_quote, yaml=scalar, entry=entry, wrap=wrap, title=title)
    env.filters.update(env=env_value, folded=folded, key=mapping_key)
    return env


@attrs.frozen
class Output:
    plan: Plan
    files: dict[str, str]  # path relative to root -> text


def produce(plan: Plan, linted: bool = True) -> Output:
    """Every file the plan renders to, within GitHub's limits, and linted unless
    ``linted`` is False."""
    files = render(plan)
    if linted:
        lint(files)
    check_size(files)
    return Output(plan, files)


def render(plan: Plan) -> dict[str, str]:
    """Every file the plan produces, by path relative to the output root, sorted."""
    env = environment()

    def pin(action: str) -> str:
        found = plan.pins[action]
        return f"{action}@{found.sha}  # {found.tag}"

    def local(name: str) -> str:
        if plan.self_repository:
            return f"$/{ACTIONS_DIR}/{name}"
        return f"./{ACTIONS_DIR}/{name}  # zizmor: ignore[self-repository]"

    shared = {
        "origin": plan.origin,
        "header": header(plan.origin),
        "pin": pin,
        "local": local,
        "extras": {f"extra-{i}": step for i, step in enumerate(plan.extra_steps)},
        # zizmor recommends $/, which GitHub Enterprise Server does not resolve
        "local_note": ""
        if plan.self_repository
        else "# GitHub Enterprise Server resolves no $/ (workflow.local-actions)",
        "archive_file": ARCHIVE_FILE,
        "services": plan.services,
        "service_options": docker_options,
    }
    files = {
        workflow.path: env.get_template("workflow.yml.j2").render(
            workflow=workflow, views=[View(g) for g in layout(workflow.jobs)], **shared
        )
        for workflow in plan.workflows
    }
    for action in plan.actions:
        template = env.get_template(f"action-{action.name}.yml.j2")
        files[action.path] = template.render(action=action, **shared)
    if plan.custom_labels:
        template = env.get_template("actionlint.yaml.j2")
        files[ACTIONLINT_CONFIG] = template.render(labels=plan.custom_labels, **shared)
    return dict(sorted(files.items()))


def quote(value: str) -> str:
    """A YAML double-quoted scalar."""
    return '"' + "".join(_escape(char) for char in value) + '"'


def _escape(char: str) -> str:
    """One character inside a double-quoted scalar: as is when YAML prints it, else an
    escape (JSON's ``\\ud83d\\ude00`` pairs would read back as two lone surrogates)."""
    if char in '"\\':
        return "\\" + char
    code = ord(char)
    printable = 0x20 <= code <= 0x7E or 0xA0 <= code <= 0xD7FF or 0xE000 <= code <= 0xFFFD
    if printable or code >= 0x10000:
        return char
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def long_quote(value: str, column: int, width: int = ENTRY_WIDTH) -> str:
    """``quote`` for a value that starts at ``column``: a string too long for the line
    (a URL) continues on the next lines after an escaped line break, which YAML drops
    with the next line's indentation; no line starts with a space, which YAML would drop
    too."""
    text = quote(value)
    if column + len(text) <= width:
        return text
    room = max(width - column - 2, 20)
    chunks, current = [], ""
    for char in value:
        body = _escape(char)
        if current and len(current) + len(body) > room and char != " ":
            chunks.append(current)
            current = ""
        current += body
    chunks.append(current)
    joiner = "\\\n" + " " * column
    return '"' + joiner.join(chunks) + '"'


_PLAIN = re.compile(r"^[A-Za-z][A-Za-z0-9._/-]*$")
# Words YAML 1.1 reads as booleans or null; they must be quoted to stay strings.
_SPECIAL = frozenset({"y", "n", "yes", "no", "on", "off", "true", "false", "null"})


def scalar(value: Value) -> str:
    """A YAML scalar: an expression or a safe word as is, anything else quoted."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | Expr):
        return str(value)
    plain = _PLAIN.fullmatch(value) and value.lower() not in _SPECIAL
    return value if plain else quote(value)


_KEY = re.compile(r"[A-Za-z_][A-Za-z0-9_-]*")


def mapping_key(name: str) -> str:
    """A name of the manifest's as a YAML key: plain unless YAML would read it as
    something else (``on``, ``null``, ``yes`` are a boolean or null, not a name)."""
    return name if _KEY.fullmatch(name) and name.lower() not in _SPECIAL else quote(name)


def folded(value: str, column: int, indent: int, width: int = ENTRY_WIDTH) -> str:
    """A string of words that starts at ``column``: quoted when it fits the line, else
    a folded block of lines at ``indent`` that YAML joins with spaces (docker options)."""
    text = quote(value)
    if column + len(text) <= width:
        return text
    lines = textwrap.wrap(value, width - indent, break_long_words=False, break_on_hyphens=False)
    return ">-\n" + "\n".join(" " * indent + line for line in lines)


def env_value(value: Value, column: int) -> str:
    """An environment variable's value that starts at ``column``: an expression as is, a
    string quoted (continued on the next lines when too long for its own)."""
    return long_quote(value, column) if isinstance(value, str) else scalar(value)


_TITLE = re.compile(r"[A-Za-z][A-Za-z0-9 ._/()+,-]*[A-Za-z0-9.)]")


def title(value: str) -> str:
    """A name as a YAML scalar: plain where YAML reads it back as written (words,
    parentheses, commas), quoted where a ``: ``, `` #`` or a YAML word would change it."""
    plain = _TITLE.fullmatch(value) and ": " not in value and " #" not in value
    return value if plain and value.lower() not in _SPECIAL else quote(value)


def entry(value: Scalar, key: str, width: int = ENTRY_WIDTH) -> str:
    """A matrix entry's value after ``key:``; a list of words too long for the line folds
    onto lines of its own, never between an option and its value."""
    text = scalar(value)
    if ENTRY_INDENT + len(key) + 2 + len(text) <= width or not isinstance(value, str):
        return text
    indent = ENTRY_INDENT + 2
    units = _option_units(value.split(" "))
    lines = textwrap.wrap(
        " ".join(units), width - indent, break_long_words=False, break_on_hyphens=False
    )
    return ">-\n" + "\n".join(" " * indent + line.replace(_GLUE, " ") for line in lines)


_GLUE = "\u00a0"  # joins an option to its value; textwrap never breaks there


def _option_units(words: list[str]) -> list[str]:
    units: list[str] = []
    for word in words:
        if (
            units
            and units[-1].startswith("-")
            and _GLUE not in units[-1]
            and not word.startswith("-")
        ):
            units[-1] += _GLUE + word
        else:
            units.append(word)
    return units


def wrap(text: str, width: int = COMMENT_WIDTH) -> list[str]:
    """Lines of at most ``width`` characters, for YAML comments."""
    return textwrap.wrap(text, width) or [""]
