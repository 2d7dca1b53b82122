"""What the templates write for one job of the workflow file (a ``Group``).

Every value a template needs is asked of the view by name. For a plain job it is the
job's own value. For a matrix job it is the job's value when every entry agrees on it
and the manifest makes it so (runner label, toolchain, cache key), and otherwise
``${{ matrix.<key> }}``, with each entry carrying its own. What a shard decides itself
(its crates, timeout, cleanup, disk figures) is always carried by the entries, so a new
shard adds an entry and leaves the steps alone.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator

import attrs

from ..plan import Command, Job, Part, installer
from .layout import Group
from .shell import (
    Token,
    array_words,
    command_line,
    literal,
    read_array,
    shell_command,
    splice,
    variable,
    word_array,
)

Scalar = str | int | bool
OS_NAMES = {"linux": "Linux", "macos": "macOS", "windows": "Windows"}


@attrs.frozen
class Expr:
    """A value each matrix entry carries."""

    key: str

    def __str__(self) -> str:
        return f"${{{{ matrix.{self.key} }}}}"


Value = Scalar | Expr


@attrs.frozen
class Field:
    key: str
    get: Callable[[Job], Scalar]
    per_entry: bool  # carried by every entry even when they agree: a shard's own decision
    steps: frozenset[str] = frozenset()  # the steps that use it (empty: the job itself)


def _gb(value: float | None) -> str:
    return "" if value is None else f"{value:.1f}"


FIELDS = (
    Field("id", lambda j: j.id, True),
    Field("name", lambda j: j.name, True),
    Field("runs-on", lambda j: j.runs_on, False),
    Field("timeout", lambda j: j.timeout, True),
    Field("toolchain", lambda j: j.toolchain, False),
    Field("runner-profile", lambda j: j.runner, False, frozenset({"check-disk"})),
    Field("cleanup", lambda j: j.cleanup, True, frozenset({"prepare-disk"})),
    Field("try-mnt", lambda j: j.use_mnt, False, frozenset({"prepare-disk"})),
    Field("cache-key", lambda j: j.cache.key if j.cache else "", False, frozenset({"cache"})),
    Field("save-cache", lambda j: bool(j.cache and j.cache.saves), True, frozenset({"cache"})),
    Field(
        "need-gb",
        lambda j: _gb(j.disk.guard_gb if j.disk else None),
        True,
        frozenset({"check-disk", "report-disk"}),
    ),
    Field(
        "peak-gb",
        lambda j: _gb(j.disk.peak_gb if j.disk else None),
        True,
        frozenset({"report-disk"}),
    ),
    Field(
        "artifact",
        lambda j: j.artifact,
        False,
        frozenset({"upload-archive", "download-archive"}),
    ),
)
FIELD_KEYS = {f.key: f for f in FIELDS}


@attrs.frozen
class Entry:
    """One matrix entry: the comments above it and the values it carries."""

    comments: tuple[str, ...]
    values: tuple[tuple[str, Scalar], ...]


@attrs.frozen
class Step:
    """One command as a step: its condition, the matrix values it reads, its script."""

    name: str
    condition: str
    env: tuple[tuple[str, Value], ...]
    script: str
    id: str = ""
    cargo: bool = True  # runs cargo, so it needs the job's target dir


def parts_of(job: Job) -> dict[str, tuple[str, ...]]:
    """The words of each part the job's commands name (a part means the same in each)."""
    commands = [*(job.cargo.commands if job.cargo else ()), *([job.rustup] if job.rustup else [])]
    found: dict[str, tuple[str, ...]] = {}
    for part in (p for c in commands for p in c.parts):
        assert found.setdefault(part.name, part.words) == part.words, (job.id, part.name)
    return found


class View:
    def __init__(self, group: Group) -> None:
        self.group = group
        self.jobs = group.jobs
        self._parts = [parts_of(job) for job in self.jobs]
        self.keys = tuple(self._matrix_keys()) if group.matrix else ()

    # --- which values the entries carry -------------------------------------------------
    def _matrix_keys(self) -> Iterator[str]:
        steps = set(self.group.first.steps)
        for field in FIELDS:
            if (not field.steps or field.steps & steps) and self._differs(field):
                yield field.key
        for name in dict.fromkeys(n for parts in self._parts for n in parts):
            if name not in FIELD_KEYS and any(parts.get(name) for parts in self._parts):
                yield name

    def _differs(self, field: Field) -> bool:
        return field.per_entry or len({field.get(job) for job in self.jobs}) > 1

    def _raw(self, job: Job, index: int, key: str) -> Scalar:
        if key in FIELD_KEYS:
            return FIELD_KEYS[key].get(job)
        return " ".join(self._parts[index].get(key, ()))

    def value(self, key: str) -> Value:
        """``${{ matrix.key }}`` when the entries carry it, else the (shared) value."""
        return Expr(key) if key in self.keys else self._raw(self.group.first, 0, key)

    @property
    def entries(self) -> tuple[Entry, ...]:
        return tuple(
            Entry(
                comments(job),
                tuple(
                    (key, raw)
                    for key in self.keys
                    if (raw := self._raw(job, i, key)) != "" or key in FIELD_KEYS
                ),
            )
            for i, job in enumerate(self.jobs)
        )

    # --- the job ------------------------------------------------------------------------
    @property
    def id(self) -> str:
        return self.group.id

    @property
    def matrix(self) -> bool:
        return self.group.matrix

    @property
    def summary(self) -> tuple[str, ...]:
        """The comment above the job: a plain job's reasons, a matrix job's purpose."""
        if not self.matrix:
            return comments(self.group.first)
        first = self.group.first
        if first.cargo is not None and not first.cargo.builds:
            builder = self.group.needs[-1]
            return (f"the partitions of {builder}: each entry runs a slice of its test archive",)
        family = OS_NAMES.get(first.os, first.os)
        return (
            f"{first.kind} jobs on {family} runners: one matrix entry per job of `ci-gen plan`",
        )

    @property
    def save_if(self) -> str:
        """rust-cache's save-if: only from the default branch, only by the job that saves."""
        cache = self.group.first.cache
        assert cache is not None
        on_branch = f"github.ref == 'refs/heads/{cache.save_branch}'"
        saves = self.value("save-cache")
        if isinstance(saves, Expr):
            return f"${{{{ matrix.{saves.key} && {on_branch} }}}}"
        return f"${{{{ {on_branch} }}}}" if saves else "false"

    # --- commands -----------------------------------------------------------------------
    @property
    def steps(self) -> tuple[Step, ...]:
        return tuple(self._step(c) for c in self.group.commands)

    def in_target_dir(self, slot: str) -> bool:
        """Whether a step of your own at ``slot`` runs once the disk is prepared in a job
        that builds, so that a cargo command in it gets the job's target dir."""
        job = self.group.first
        builds = job.cargo is not None and job.cargo.builds
        return builds and slot != "after-checkout" and "prepare-disk" in job.steps

    @property
    def packages(self) -> Step:
        """The one step that installs the job's system packages, named in an array."""
        job = self.group.first
        how = installer(job)
        lines = [shell_command(how.update)] if how.update else []
        lines.append(word_array("packages", job.extras.packages))
        lines.append(command_line([*map(literal, how.install), array_words("packages")]))
        return Step("Install system packages", "", how.env, "\n".join(lines), cargo=False)

    @property
    def rustup(self) -> Step:
        command = self.group.first.rustup
        assert command is not None
        return self._step(command)

    def _step(self, command: Command) -> Step:
        carried = [p.name for p in command.parts if p.name in self.keys]
        condition = f"matrix.{command.when} != ''" if self.matrix and command.when else ""
        if command.condition:
            condition = f"${{{{ {command.condition} }}}}"
        env: tuple[tuple[str, Value], ...] = (
            *command.env,
            *((variable(name), Expr(name)) for name in carried),
        )
        reads = [read_array(name) for name in carried if not self._single(name)]
        tokens = [t for word in command.words for t in self._tokens(word)]
        script = "\n".join([*reads, command_line(tokens)])
        cargo = command.argv[0] == "cargo"
        return Step(command.name, condition, env, script, command.step_id, cargo)

    def _tokens(self, word: str | Part) -> list[Token]:
        if isinstance(word, str):
            return [literal(word)]
        if word.name in self.keys:
            return [splice(word.name, self._single(word.name))]
        return [literal(w) for w in word.words]

    def _single(self, name: str) -> bool:
        """Whether every entry carries exactly one word for ``name``."""
        return all(len(parts.get(name, ())) == 1 for parts in self._parts)


def comments(job: Job) -> tuple[str, ...]:
    """Why the job exists and what it is predicted to need."""
    lines = [job.reason] if job.reason else []
    if job.disk:
        lines.append(
            f"disk: peak {job.disk.peak_gb:.1f} GB of a {job.disk.budget_gb:.1f} GB budget, "
            f"cleanup {job.cleanup}"
        )
    predicted = f"{job.minutes.predicted:.1f}".removesuffix(".0")
    if job.minutes.budget:
        budget = f"{job.minutes.budget:.1f}".removesuffix(".0")
        lines.append(f"time: {predicted} min predicted of a {budget} min budget")
    else:
        lines.append(f"time: {predicted} min predicted")
    if job.cache and not job.cache.saves:
        lines.append(f"cache: {job.cache.note}")
    return tuple(lines)
