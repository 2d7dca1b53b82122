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
INPUT = re.compile(r"[A-Za-z_][A-Za-z0-9_-]*")  # GitHub: a letter or _ first
ENV_NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")
ENVIRONMENT = re.compile(r"[A-Za-z0-9][A-Za-z0-9 ._-]{0,254}")
# GitHub: letters, digits and _, not starting with a digit or GITHUB_
SECRET = re.compile(r"(?!(?i:github_))[A-Za-z_][A-Za-z0-9_]*")
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
    secrets: Mapping[str, str] = doc(
        "environment variables set from the repository's secrets: { VARIABLE = "
        "'SECRET_NAME' } (empty in pull requests from forks)",
        attrs.Factory(dict),
    )
    environment: str | None = doc(
        "the deployment environment that holds the secrets (Settings > Environments): "
        "the jobs that run the step name it; needed with secrets",
        None,
    )
    jobs: tuple[JobKind, ...] = doc(
        "the kinds of job that run it: gate, test, check (default: every job that runs cargo)",
        (),
    )
    os: tuple[Family, ...] = doc("the runner families that run it (default: all)", ())


def check_steps(steps: tuple[ExtraStep, ...], at_index: tuple[int, ...]) -> Iterator[Issue]:
    """Each step (``at_index``: where it is in the file): a script or a pinned action,
    names that GitHub and bash accept; one deployment environment for them all (a job
    has at most one)."""
    placed = list(zip(at_index, steps, strict=True))
    named = [(i, s.environment) for i, s in placed if s.environment is not None]
    for i, environment in named[1:]:
        if environment != named[0][1]:
            yield issue(
                ["steps", i, "environment"],
                f"steps[{named[0][0]}] names '{named[0][1]}': a job has one environment",
            )
    for i, step in placed:
        at: list[PathPart] = ["steps", i]
        if not step.name.strip():
            yield issue([*at, "name"], "must not be empty")
        yield from _what(at, step)
        for key in step.env:
            yield from pattern([*at, "env", key], key, ENV_NAME, "environment variable name")
        yield from _secrets(at, step)


def _what(at: list[PathPart], step: ExtraStep) -> Iterator[Issue]:
    """A script, or an action pinned by SHA with its tag and inputs."""
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


def _secrets(at: list[PathPart], step: ExtraStep) -> Iterator[Issue]:
    """Secret names GitHub accepts, each in one variable, from a named environment."""
    if step.secrets and step.environment is None:
        yield issue(
            [*at, "environment"],
            "secrets need the deployment environment that holds them, so that only "
            "the jobs naming it can read them",
        )
    if step.environment is not None:
        yield from pattern([*at, "environment"], step.environment, ENVIRONMENT, "name")
    for key, secret in step.secrets.items():
        yield from pattern([*at, "secrets", key], key, ENV_NAME, "environment variable name")
        yield from pattern([*at, "secrets", key], secret, SECRET, "secret name")
        if key in step.env:
            yield issue([*at, "secrets", key], "is set in env too: one of them")


def _script(at: list[PathPart], script: str) -> Iterator[Issue]:
    lines = script.strip("\n").split("\n")
    if not any(line.strip() for line in lines):
        yield issue(at, "must not be empty")
    for number, line in enumerate(lines, start=1):
        if line != line.rstrip():
            yield issue(at, f"line {number} ends in spaces")
