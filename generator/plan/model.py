"""What the planner decides: frozen objects the templates lay out, and nothing more."""

from __future__ import annotations

import math
from collections.abc import Mapping

import attrs

from ..manifest import ExtraStep, Pin, Runner, Service
from .bounds import Layout, Naive

Terms = tuple[tuple[str, float], ...]
ACTIONS_DIR = ".github/actions/ci-gen"
# Steps that call one of the composite actions ci-gen generates (see LocalAction).
ACTION_STEPS = ("prepare-disk", "check-disk", "report-disk")


@attrs.frozen
class Disk:
    """Predicted peak disk of a job against what its runner has after cleanup."""

    terms: Terms  # what fills the disk, GB each
    free_gb: float  # free at job start (runner profile)
    reclaimed_gb: float  # freed by the chosen cleanup tier
    budget: float  # share of the available disk the job may fill

    @property
    def peak_gb(self) -> float:
        return math.fsum(gb for _, gb in self.terms)

    @property
    def available_gb(self) -> float:
        return self.free_gb + self.reclaimed_gb

    @property
    def budget_gb(self) -> float:
        return self.available_gb * self.budget

    @property
    def guard_gb(self) -> float:
        """Free space the build step needs: the target dir it is about to fill."""
        return dict(self.terms).get("target", 0.0)


@attrs.frozen
class Minutes:
    """Predicted minutes of a job against the time budget."""

    terms: Terms
    budget: float | None  # None: the job has no budget of its own (gate, all-green)
    timeout: int
    calibrated: bool = True  # False: the figures are estimates; the timeout's margin is wider

    @property
    def predicted(self) -> float:
        return math.fsum(m for _, m in self.terms)


@attrs.frozen
class Scope:
    """What a job's build depends on, from which its cache key is made."""

    action: str  # test | check | clippy
    runner: str
    channel: str  # "" for the main toolchain
    feature_set: str = ""
    target: str = ""  # the --target triple, "" for the runner's own
    # the feature set, when its env changes what cargo builds (RUSTFLAGS...): its
    # artifacts are its own, so its key is never shared with another set's
    flags: str = ""


@attrs.frozen
class Cache:
    """A rust-cache entry, saved from the default branch only.

    Jobs sharing a key restore the same entry; only one of them (``saves``) writes it.
    """

    key: str
    save_branch: str
    gb: float  # predicted size of the entry (registry + pruned target)
    scope: Scope
    saves: bool = True
    note: str = ""  # why this job does not save the entry


@attrs.frozen
class Part:
    """Words of a command that are this job's own choice: the packages a shard tests, its
    nextest partition, its toolchain. Jobs of one kind differ only in their parts, so a
    matrix entry can carry them (they may be empty: a job that is not partitioned)."""

    name: str  # e.g. packages; also the matrix key that carries it
    words: tuple[str, ...]


Word = str | Part


@attrs.frozen
class Command:
    """One command line, run as its own step: fixed words and this job's parts."""

    name: str
    words: tuple[Word, ...]
    # a part some jobs of the kind have no words for: those jobs skip the command
    # (doc tests of a shard without a library); "" when every job runs it
    when: str = ""
    step_id: str = ""  # the step's id, for the conditions of later steps
    # when the step runs, as a GitHub expression ("": when every step before it passed)
    condition: str = ""
    env: tuple[tuple[str, str], ...] = ()  # the step's own environment (a feature set's)

    @property
    def argv(self) -> tuple[str, ...]:
        return tuple(w for word in self.words for w in _expand(word))

    @property
    def parts(self) -> tuple[Part, ...]:
        return tuple(word for word in self.words if isinstance(word, Part))

    @property
    def shape(self) -> tuple[str, ...]:
        """The fixed words, with each part as ``<name>``, after the environment as
        ``NAME=value``: what jobs of a kind share."""
        env = tuple(f"{name}={value}" for name, value in self.env)
        return (*env, *(w if isinstance(w, str) else f"<{w.name}>" for w in self.words))


def _expand(word: Word) -> tuple[str, ...]:
    return (word,) if isinstance(word, str) else word.words


@attrs.frozen
class Cargo:
    """What cargo builds, tests or checks in one job, and the commands that do it."""

    packages: tuple[str, ...]  # empty: the whole workspace
    flags: tuple[str, ...]  # feature flags
    commands: tuple[Command, ...]
    nextest: bool = False
    builds: bool = True  # builds into the target dir the job placed (False: runs an archive)


@attrs.frozen
class Extras:
    """What a job needs beyond Rust: system packages and service containers, with what
    they add to its disk and minutes."""

    packages: tuple[str, ...] = ()  # installed with the runner family's manager
    services: tuple[str, ...] = ()  # names of Plan.services, started with the job
    disk: Terms = ()
    minutes: Terms = ()


NO_EXTRAS = Extras()


@attrs.frozen
class Job:
    """One job of a workflow; ``steps`` names the step templates, in order."""

    id: str
    name: str
    kind: str  # gate | test | check | archive | all-green
    runner: str  # runner profile name
    runs_on: str  # runner label
    os: str  # linux | macos | windows
    needs: tuple[str, ...]
    steps: tuple[str, ...]
    minutes: Minutes
    condition: str = ""  # the job's if:, empty for none
    environment: str = ""  # the deployment environment its steps' secrets come from
    permissions: tuple[tuple[str, str], ...] = (("contents", "read"),)
    env: tuple[tuple[str, str], ...] = ()
    toolchain: str = ""  # every step runs with it (RUSTUP_TOOLCHAIN)
    rustup: Command | None = None  # the command installing the toolchain
    cleanup: str = "none"  # none | fast | full
    use_mnt: bool = False
    cargo: Cargo | None = None
    disk: Disk | None = None
    cache: Cache | None = None
    feature_set: str = ""
    row: str = ""  # the matrix row (runner, toolchain, feature set) the job belongs to
    shard: tuple[int, int] = (1, 1)
    partition: tuple[int, int] = (1, 1)  # nextest partition i of n (1, 1: not split)
    artifact: str = ""  # the nextest archive artifact this job uploads or downloads
    extras: Extras = NO_EXTRAS
    reason: str = ""
    lints: bool = False  # runs the gate's clippy too: the gate's packages and steps here

    @property
    def kinds(self) -> tuple[str, ...]:
        """The job kinds whose packages, services and steps it takes: an archive job
        builds the tests, a job that lints does the gate's work too."""
        kind = "test" if self.kind == "archive" else self.kind
        return (kind, "gate") if self.lints and kind != "gate" else (kind,)

    @property
    def timeout(self) -> int:
        return self.minutes.timeout


@attrs.frozen
class Origin:
    """Where a plan comes from, for the header of every generated file."""

    manifest: str  # posix path of the manifest, relative to the output root
    version: str
    render_command: str
    check_command: str


@attrs.frozen
class Drift:
    """How the gate gets ci-gen to check for drift: ci-gen's own repository as a pinned
    action, or a pip requirement pinned by commit or by hash."""

    action: str = ""  # owner/name, pinned in Plan.pins
    install: str = ""  # the pip requirement (lines) when there is no action
    hashed: bool = False  # install is requirement lines with --hash: pip --require-hashes


@attrs.frozen
class Workflow:
    path: str  # relative to the output root, e.g. .github/workflows/ci.yml
    name: str
    default_branch: str
    jobs: tuple[Job, ...]
    drift: Drift | None  # how the gate runs ci-gen check; None: no drift check
    env: tuple[tuple[str, str], ...]  # workflow-level environment
    submodules: str = ""  # actions/checkout's submodules input: "", "true" or "recursive"


@attrs.frozen
class LocalAction:
    """A composite action ci-gen generates beside the workflow, so each script is
    written once instead of in every job."""

    name: str  # e.g. prepare-disk; its template is action-<name>.yml.j2
    os: tuple[str, ...]  # the OS families its steps must handle

    @property
    def path(self) -> str:
        return f"{ACTIONS_DIR}/{self.name}/action.yml"


@attrs.frozen
class Plan:
    origin: Origin
    workflows: tuple[Workflow, ...]
    actions: tuple[LocalAction, ...]
    pins: Mapping[str, Pin]
    runners: Mapping[str, Runner]  # the profiles the jobs use, for reports
    cache_budget_gb: float
    cache_note: str = ""  # how cache keys were shared to fit the budget
    warnings: tuple[str, ...] = ()  # what the plan could not make fit but renders anyway
    notes: tuple[str, ...] = ()  # what the plan left out on purpose, and why
    custom_labels: tuple[str, ...] = ()  # runs-on labels no built-in profile has
    # local actions called as $/... (else ./..., from the checkout)
    self_repository: bool = True
    extra_steps: tuple[ExtraStep, ...] = ()  # [[steps]]: jobs name them extra-<index>
    services: Mapping[str, Service] = attrs.Factory(dict)  # [services], by name
    naive: Naive = attrs.Factory(lambda: Naive(()))  # the one-job-per-OS layout, predicted
    layouts: tuple[Layout, ...] = ()  # the arrangements compared, the chosen one marked

    @property
    def jobs(self) -> tuple[Job, ...]:
        return tuple(job for workflow in self.workflows for job in workflow.jobs)
