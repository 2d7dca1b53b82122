"""The manifest model: frozen attrs classes, one per ci.toml table.

TOML keys are the attribute names with ``_`` spelled ``-`` (``build_gb`` <-> ``build-gb``).
Each field's ``doc`` metadata is the text users see in ``ci-gen schema`` and the README.
"""

from collections.abc import Mapping
from typing import Literal

import attrs

from . import constants
from .crates import Cost, Crate, FeatureCost, Role
from .fields import GB, POSITIVE_GB, Bounds, Lines, doc, toml_key
from .gate import Gate, LayoutMode
from .steps import ExtraStep
from .system import Packages, Service

# re-exported: the model is one module to its readers
__all__ = [
    "Cost",
    "Crate",
    "ExtraStep",
    "FeatureCost",
    "Gate",
    "LayoutMode",
    "Lines",
    "Role",
    "toml_key",
]

OsFamily = Literal["linux", "macos", "windows"]
Debuginfo = Literal["full", "line-tables-only", "none"]
MsrvMode = Literal["check", "test", "off"]


@attrs.frozen
class FeatureSet:
    """One feature combination; every feature set becomes a row of the test matrix."""

    features: tuple[str, ...] = doc(
        "features to enable: 'name' (every selected crate declaring it) or 'crate/name'", ()
    )
    all_features: bool = doc("pass --all-features", False)
    no_default_features: bool = doc("pass --no-default-features", False)
    crates: tuple[str, ...] = doc("test only these crates (default: every tested crate)", ())
    skip: tuple[str, ...] = doc("crates left out of this feature set", ())
    env: Mapping[str, str] = doc(
        "environment for this feature set's cargo commands (RUSTFLAGS, a feature's own "
        "switch): a build-changing variable makes a build of its own",
        attrs.Factory(dict),
    )
    lint: bool = doc(
        "clippy this set's crates with its feature flags in the gate, when they differ "
        "from the default (gate.lint-feature-sets turns it off for every set)",
        True,
    )


@attrs.frozen
class Workspace:
    """Facts about the Cargo workspace."""

    default_branch: str = doc("caches are saved only from this branch", "main")
    toolchain: str = doc("the main toolchain (rustup channel or version)", "stable")
    msrv: str | None = doc("minimum supported Rust version (rust-version)", None)
    nextest: bool = doc("run tests with cargo-nextest", True)
    nextest_profile: str | None = doc("nextest profile to use (--profile)", None)
    locked: bool = doc("pass --locked (Cargo.lock is committed)", True)


@attrs.frozen
class Matrix:
    """Which operating systems and toolchains run which feature sets."""

    os: tuple[str, ...] = doc("runner profiles to test on", ("ubuntu",))
    full: tuple[str, ...] = doc(
        "runner profiles that run every feature set (default: the first of os)", ()
    )
    smoke: tuple[str, ...] = doc(
        "feature sets run on the other profiles (default: the first feature set)", ()
    )
    toolchains: tuple[str, ...] = doc(
        "extra toolchains (beta, nightly...) run the smoke sets on the first full profile", ()
    )
    msrv: MsrvMode = doc(
        "what the MSRV row does when workspace.msrv is set: check, test or off", "check"
    )


@attrs.frozen
class CleanupTier:
    """What one cleanup tier reclaims and what it costs."""

    gb: float = doc("disk reclaimed, GB", bounds=Bounds(0, 100_000))
    minutes: float = doc("time it takes, minutes", bounds=Bounds(0, 60))


@attrs.frozen
class RunnerSpec:
    """A runner profile, or an override of a built-in one (every key optional then)."""

    label: str | None = doc("the runs-on label", None)
    extends: str | None = doc("built-in profile to start from", None)
    os: OsFamily | None = doc("linux, macos or windows", None)
    free_gb: float | None = doc(
        "free disk at job start, GB (a floor, not a lucky day)", None, bounds=POSITIVE_GB
    )
    cores: int | None = doc("CPU cores", None, bounds=Bounds(1, 1024))
    memory_gb: float | None = doc("memory, GB", None, bounds=POSITIVE_GB)
    price: float | None = doc(
        "price per minute relative to the Linux x64 runner",
        None,
        bounds=Bounds(0, 1000, open_low=True),
    )
    speed: float | None = doc(
        "build speed relative to the 4-core Linux runner", None, bounds=Bounds(0.01, 100)
    )
    fast: CleanupTier | None = doc("the fast cleanup tier (rm -rf of SDK folders)", None)
    full: CleanupTier | None = doc("the full cleanup tier (fast plus package removal)", None)
    mnt: bool | None = doc("the runner may have a larger /mnt volume (checked at run time)", None)
    target: str | None = doc(
        "a --target triple every cargo command of this profile's jobs builds for (added "
        "to the toolchain install and the cache key); the runner must be able to run it",
        None,
    )
    env: Mapping[str, str] | None = doc(
        "environment for every job on this profile (a library path, a linker)", None
    )


@attrs.frozen
class Budgets:
    """Limits every job is planned to stay under."""

    disk: float = doc(
        "share of the disk available after cleanup a job may fill",
        0.70,
        bounds=Bounds(0, 1, open_low=True, why="a share, e.g. 0.70"),
    )
    job_minutes: float = doc(
        "predicted minutes a test shard may take",
        30.0,
        bounds=Bounds(1, 360, why="GitHub's job limit is 360"),
    )
    smoke_minutes: float | None = doc(
        "predicted minutes a shard of a smoke row may take on a runner priced above the "
        "first full runner (default: 2 x job-minutes): each extra shard there repeats "
        "setup and shared builds at that runner's price",
        None,
        bounds=Bounds(1, 360, why="GitHub's job limit is 360"),
    )
    cache_gb: float = doc(
        "repository cache budget, GB", 10.0, bounds=Bounds(0, 10_000, open_low=True)
    )
    accept: tuple[str, ...] = doc(
        "crates or job ids allowed over budget: rendered anyway, with a warning", ()
    )


@attrs.frozen
class ModelSpec:
    """Fixed terms of the disk and time model (docs/model.md), to replace with your own
    measurements."""

    checkout_gb: float = doc("disk the checkout takes, GB", constants.CHECKOUT_GB, bounds=GB)
    toolchain_gb: float = doc(
        "disk an installed toolchain takes, GB", constants.TOOLCHAIN_GB, bounds=GB
    )
    registry_gb: float = doc(
        "disk of ~/.cargo/registry and git, GB", constants.REGISTRY_GB, bounds=GB
    )
    setup_min: float = doc(
        "minutes of checkout, toolchain install and cache restore",
        constants.SETUP_MIN,
        bounds=Bounds(0, 360),
    )
    archive_share: float = doc(
        "size of a nextest archive (zstd) as a share of its target dir",
        constants.ARCHIVE_SHARE,
        bounds=Bounds(0, 1, open_low=True),
    )
    artifact_mb_per_s: float = doc(
        "artifact upload and download speed, MB/s",
        constants.ARTIFACT_MB_PER_S,
        bounds=Bounds(0, 100_000, open_low=True),
    )


@attrs.frozen
class Profile:
    """Cargo settings for CI builds."""

    debuginfo: Debuginfo = doc("debug info for dev and test builds", "line-tables-only")
    incremental: bool = doc("incremental compilation (off saves disk in CI)", False)
    cargo_profile: str | None = doc(
        "the cargo profile builds and tests use (--profile; nextest's --cargo-profile); "
        "debuginfo applies to it too",
        None,
    )
    cargo_config: tuple[str, ...] = doc(
        "cargo --config KEY=VALUE for every cargo command (VALUE in TOML: "
        "'net.git-fetch-with-cli=true')",
        (),
    )


LocalActions = Literal["self-repository", "workspace"]
Submodules = Literal[False, True, "recursive"]


@attrs.frozen
class WorkflowSpec:
    """The workflow file itself."""

    name: str = doc(
        "its name: the check prefix in pull requests; another workflow of the same name "
        "in .github/workflows makes render refuse",
        "CI",
    )
    file: str = doc("its file name in .github/workflows", "ci.yml")
    local_actions: LocalActions = doc(
        "how jobs call ci-gen's composite actions: self-repository ($/.github/..., "
        "github.com with runner 2.336 or newer) or workspace (./.github/... from the "
        "checkout: GitHub Enterprise Server and older runners)",
        "self-repository",
    )
    submodules: Submodules = doc(
        "check out git submodules in every job: true, 'recursive' (theirs too) or false",
        False,
    )
    env: Mapping[str, str] = doc(
        "environment for every job (RUSTFLAGS, RUSTDOCFLAGS...)", attrs.Factory(dict)
    )


@attrs.frozen
class Pin:
    """An action pinned to a full commit SHA."""

    sha: str = doc("40-character commit SHA")
    tag: str = doc("the release the SHA belongs to, written as a comment")


@attrs.frozen
class Manifest:
    """The whole ci.toml."""

    workspace: Workspace = doc("the Cargo workspace", attrs.Factory(Workspace))
    crates: Mapping[str, Crate] = doc("workspace members by package name", attrs.Factory(dict))
    feature_sets: Mapping[str, FeatureSet] = doc(
        "feature combinations to test (default: one set named 'default')", attrs.Factory(dict)
    )
    matrix: Matrix = doc("operating systems and toolchains", attrs.Factory(Matrix))
    runners: Mapping[str, RunnerSpec] = doc(
        "runner profiles: new ones, or overrides of built-ins", attrs.Factory(dict)
    )
    budgets: Budgets = doc("disk, time and cache budgets", attrs.Factory(Budgets))
    model: ModelSpec = doc("fixed terms of the disk and time model", attrs.Factory(ModelSpec))
    profile: Profile = doc("cargo settings for CI builds", attrs.Factory(Profile))
    gate: Gate = doc("the fail-fast gate job", attrs.Factory(Gate))
    workflow: WorkflowSpec = doc("the workflow file", attrs.Factory(WorkflowSpec))
    steps: tuple[ExtraStep, ...] = doc(
        "steps of your own, at named places in the jobs ([[steps]], one table each)", ()
    )
    packages: Packages = doc("system packages the builds need", attrs.Factory(Packages))
    services: Mapping[str, Service] = doc(
        "containers the tests talk to, by name (Linux runners only)", attrs.Factory(dict)
    )
    pins: Mapping[str, Pin] = doc("action pins overriding the built-in table", attrs.Factory(dict))
