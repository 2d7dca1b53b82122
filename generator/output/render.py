"""render(Plan) -> {path: text}. Templates hold layout only; every decision is in the plan.

Jinja prints with ``[[ ]]`` (and comments with ``[# #]``) so GitHub's own ``${{ }}``
stays readable in the templates. Templates therefore never use bash's ``[[ ]]``.
"""

from __future__ import annotations

import json
import shlex
import textwrap
from collections.abc import Sequence
from importlib import resources

import attrs
import jinja2

from ..plan import ACTIONS_DIR, ARCHIVE_FILE, Plan
from .lint import check_size, lint
from .origin import header

TEMPLATES = "ci_gen.templates"
COMMAND_WIDTH = 80
ACTIONLINT_CONFIG = ".github/actionlint.yaml"
COMMENT_WIDTH = 90


def _load(name: str) -> str:
    return resources.files(TEMPLATES).joinpath(name).read_text(encoding="utf-8")


def environment() -> jinja2.Environment:
    env = jinja2.Environment(
        loader=jinja2.FunctionLoader(_load),
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
    env.filters.update(q=quote, shell=shell_command, gb=lambda v: f"{v:.1f}", num=number, wrap=wrap)
    return env


@attrs.frozen
class Output:
    plan: Plan
    files: dict[str, str]  # path relative to root -> text


def produce(plan: Plan) -> Output:
    """Every file the plan renders to, linted and within GitHub's limits."""
    files = render(plan)
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
        return f"$/{ACTIONS_DIR}/{name}"

    shared = {
        "origin": plan.origin,
        "header": header(plan.origin),
        "pin": pin,
        "local": local,
        "archive_file": ARCHIVE_FILE,
    }
    files = {
        workflow.path: env.get_template("workflow.yml.j2").render(workflow=workflow, **shared)
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
    """A YAML double-quoted scalar (JSON strings are valid YAML)."""
    return json.dumps(value)


def wrap(text: str, width: int = COMMENT_WIDTH) -> list[str]:
    """Lines of at most ``width`` characters, for YAML comments."""
    return textwrap.wrap(text, width) or [""]


def number(value: float) -> str:
    return f"{value:.1f}".removesuffix(".0")


def shell_command(argv: Sequence[str], width: int = COMMAND_WIDTH) -> str:
    """One line when short; otherwise one option (with its value) per continued line."""
    words = [shlex.quote(a) for a in argv]
    groups: list[str] = []
    i = 0
    while i < len(words) and not argv[i].startswith("-"):
        i += 1
    groups.append(" ".join(words[:i]))
    while i < len(words):
        if argv[i] == "--":
            groups.append(" ".join(words[i:]))
            break
        takes_value = i + 1 < len(words) and not argv[i + 1].startswith("-")
        size = 2 if takes_value else 1
        groups.append(" ".join(words[i : i + size]))
        i += size
    line = " ".join(groups)
    return line if len(line) <= width else " \\\n  ".join(groups)
