"""``[[steps]]``: steps of the user's own, at named places in the jobs ci-gen plans (a
service login, a code generator, a system package), validated like the rest."""

import re
from collections.abc import Iterator, Mapping
from typing import Literal

import attrs

from ..errors import Issue, PathPart
from .checks import TAG, issue, pattern
from .fields import Lines, doc

USES = re.compile(r"[A-Za-z0-9_.-]+/[A-Za-z0-9_.-]+(/[A-Za-z0-9_.-]+)*@[0-9a-f]{40}")
INPUT = re.compile(r"[A-Za-z0-9_-]+")
ENV_NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")
Slot = Literal["after-checkout", "before-build", "after-test"]
JobKind = Literal["gate", "test", "check"]
Family = Literal["linux", "macos", "windows"]


@attrs.frozen
class ExtraStep:
    """A step of your own: a script (run) or an action pinned to a full commit SHA (uses)."""

    name: str = doc("the step's name, as the job's log shows it")
    slot: Slot = doc(
        "where it goes: after-checkout (sources there, nothing installed), before-build "
        "(toolchain, cache and disk guard done, before the first cargo command) or "
        "after-test (after the last cargo command, before the disk report)"
    )
    run: Lines | None = doc("a bash script (its lines run with -e and pipefail)", None)
    uses: str | None = doc("an action as owner/repo[/path]@<40-character commit SHA>", None)
    tag: str | None = doc("the release the uses SHA belongs to, written as its comment", None)
    with_: Mapping[str, str] = doc("the action's inputs (uses only)", attrs.Factory(dict))
    env: Mapping[str, str] = doc("environment variables for the step", attrs.Factory(dict))
    jobs: tuple[JobKind, ...] = doc(
        "the kinds of job that run it: gate, test, check (default: every job that runs cargo)",
        (),
    )
    os: tuple[Family, ...] = doc("the runner families that run it (default: all)", ())


def check_steps(steps: tuple[ExtraStep, ...]) -> Iterator[Issue]:
    """Each step: a script or a pinned action, names that GitHub and bash accept."""
    for i, step in enumerate(steps):
        at: list[PathPart] = ["steps", i]
        if not step.name.strip():
            yield issue([*at, "name"], "must not be empty")
        if (step.run is None) == (step.uses is None):
            yield issue(at, "set run (a script) or uses (an action), one of them")
        if step.run is not None:
            yield from _script([*at, "run"], step.run)
        if step.uses is not None:
            yield from pattern([*at, "uses"], step.uses, USES, "action pinned by SHA")
            if step.tag is None:
                yield issue(at, "uses needs tag: the release its SHA belongs to")
            else:
                yield from pattern([*at, "tag"], step.tag, TAG, "release tag")
        elif step.with_ or step.tag is not None:
            yield issue(at, "with and tag go with uses")
        for key in step.with_:
            yield from pattern([*at, "with", key], key, INPUT, "input name")
        for key in step.env:
            yield from pattern([*at, "env", key], key, ENV_NAME, "environment variable name")


def _script(at: list[PathPart], script: str) -> Iterator[Issue]:
    lines = script.strip("\n").split("\n")
    if not any(line.strip() for line in lines):
        yield issue(at, "must not be empty")
    for number, line in enumerate(lines, start=1):
        if line != line.rstrip():
            yield issue(at, f"line {number} ends in spaces")
