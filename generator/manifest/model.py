"""The manifest model: frozen attrs classes, one per ci.toml table.

TOML keys are the attribute names with ``_`` spelled ``-`` (``build_gb`` <-> ``build-gb``).
Each field's ``doc`` metadata is the text users see in ``ci-gen schema`` and the README.
"""

from collections.abc import Mapping
from typing import Any, Literal

import attrs

from . import constants

Role = Literal["tested", "bench", "example", "support"]
OsFamily = Literal["linux", "macos", "windows"]
Debuginfo = Literal["full", "line-tables-only", "none"]
MsrvMode = Literal["check", "test", "off"]
LayoutMode = Literal["auto", "gate-first", "gate-beside-tests", "lint-in-tests", "one-job-per-os"]


def doc(text: str, default: Any = attrs.NOTHING, **kwargs: Any) -> Any:
    """An attrs field whose documentation travels with it."""
    return attrs.field(default=default, metadata={"doc": text}, **kwargs)


def toml_key(attribute: str) -> str:
    return attribute.replace("_", "-")


@attrs.frozen
class Cost:
    """What one crate costs to build and test on a 4-core Linux runner."""

    build_gb: float = doc(
        "disk the crate adds to target/ (its own artifacts plus the dependencies only it "
        "pulls), measured with cargo's default dev profile",
        1.0,
    )
    build_min: float = doc(
        "its share of a cold build's wall time, minutes (own compile plus the dependencies "
        "only it pulls, so shares add up)",
        2.0,
    )
    test_min: float = doc("minutes its tests run once built", 1.0)
    check_gb: float | None = doc(
        "disk cargo check and clippy leave for it (metadata, but build scripts, "
        "proc-macros and what they use in full); unset: 0.6 x build-gb",
        None,
    )
    check_min: float | None = doc(
        "its share of a cold cargo check or clippy, minutes; unset: 0.8 x build-min",
        None,
    )
    calibrated: bool = doc(
        "the figures were measured on this repository's runs, not estimated: timeouts of "
        "its jobs then leave a 1.5x margin instead of 3x",
        False,
    )


@attrs.frozen
class FeatureCost:
    """What enabling one feature adds to a crate's build: the optional dependencies it
    turns on beyond the default features."""

    build_gb: float = doc("disk its optional dependencies add to target/", 0.0)
    build_min: float = doc("minutes building them adds", 0.0)


@attrs.frozen
class Crate:
    """A workspace member. The table key is the package name cargo knows (``-p``)."""

    path: str = doc("folder of the crate, relative to the repository root")
    deps: tuple[str, ...] = doc("workspace crates it depends on (normal and build)", ())
    dev_deps: tuple[str, ...] = doc(
        "workspace crates its tests depend on; cycles through dev-deps are fine", ()
    )
    features: tuple[str, ...] = doc("the cargo features it declares", ())
    role: Role = doc(
        "tested: in the required test run; bench: benchmarks only; example: built, not "
        "tested; support: test helpers, built by the crates that use them",
        "tested",
    )
    doc_tests: bool = doc(
        "run its doc tests in nextest jobs' doc-test step (needs a library rustdoc can test; "
        "plain cargo test runs them as Cargo.toml says)",
        True,
    )
    examples: int = doc(
        "its example targets: cargo test and nextest build (link) each one, clippy checks "
        "them when gate.clippy-args has --all-targets or --examples",
        0,
    )
    rust_version: str | None = doc(
        "its own rust-version (Cargo.toml), when it declares one: the MSRV check builds it "
        "with this version instead of workspace.msrv",
        None,
    )
    cost: Cost = doc(
        "build and test cost estimates, with the default features", attrs.Factory(Cost)
    )
    feature_cost: Mapping[str, FeatureCost] = doc(
        "what each feature adds to cost when a feature set enables it; '*' is what "
        "all-features adds (else the sum of every entry); ci-gen init estimates them from "
        "the optional dependencies",
        attrs.Factory(dict),
    )


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

    gb: float = doc("disk reclaimed, GB")
    minutes: float = doc("time it takes, minutes")


@attrs.frozen
class RunnerSpec:
    """A runner profile, or an override of a built-in one (every key optional then)."""

    label: str | None = doc("the runs-on label", None)
    extends: str | None = doc("built-in profile to start from", None)
    os: OsFamily | None = doc("linux, macos or windows", None)
    free_gb: float | None = doc("free disk at job start, GB (a floor, not a lucky day)", None)
    cores: int | None = doc("CPU cores", None)
    memory_gb: float | None = doc("memory, GB", None)
    price: float | None = doc("price per minute relative to the Linux x64 runner", None)
    speed: float | None = doc("build speed relative to the 4-core Linux runner", None)
    fast: CleanupTier | None = doc("the fast cleanup tier (rm -rf of SDK folders)", None)
    full: CleanupTier | None = doc("the full cleanup tier (fast plus package removal)", None)
    mnt: bool | None = doc("the runner may have a larger /mnt volume (checked at run time)", None)


@attrs.frozen
class Budgets:
    """Limits every job is planned to stay under."""

    disk: float = doc("share of the disk available after cleanup a job may fill", 0.70)
    job_minutes: float = doc("predicted minutes a test shard may take", 30.0)
    smoke_minutes: float | None = doc(
        "predicted minutes a shard of a smoke row may take on a runner priced above the "
        "first full runner (default: 2 x job-minutes): each extra shard there repeats "
        "setup and shared builds at that runner's price",
        None,
    )
    cache_gb: float = doc("repository cache budget, GB", 10.0)
    accept: tuple[str, ...] = doc(
        "crates or job ids allowed over budget: rendered anyway, with a warning", ()
    )


@attrs.frozen
class ModelSpec:
    """Fixed terms of the disk and time model (docs/model.md), to replace with your own
    measurements."""

    checkout_gb: float = doc("disk the checkout takes, GB", constants.CHECKOUT_GB)
    toolchain_gb: float = doc("disk an installed toolchain takes, GB", constants.TOOLCHAIN_GB)
    registry_gb: float = doc("disk of ~/.cargo/registry and git, GB", constants.REGISTRY_GB)
    setup_min: float = doc(
        "minutes of checkout, toolchain install and cache restore", constants.SETUP_MIN
    )
    archive_share: float = doc(
        "size of a nextest archive (zstd) as a share of its target dir", constants.ARCHIVE_SHARE
    )
    artifact_mb_per_s: float = doc(
        "artifact upload and download speed, MB/s", constants.ARTIFACT_MB_PER_S
    )


@attrs.frozen
class Profile:
    """Cargo settings for CI builds."""

    debuginfo: Debuginfo = doc("debug info for dev and test builds", "line-tables-only")
    incremental: bool = doc("incremental compilation (off saves disk in CI)", False)


@attrs.frozen
class Gate:
    """The fail-fast job that runs before anything expensive."""

    fmt: bool = doc("cargo fmt --check", True)
    clippy: bool = doc("cargo clippy on the workspace", True)
    clippy_args: tuple[str, ...] = doc("arguments for clippy", ("--all-targets",))
    deny_warnings: bool = doc("clippy warnings fail the gate", True)
    layout: LayoutMode = doc(
        "how the gate and the tests are arranged: auto compares gate-first, "
        "gate-beside-tests, lint-in-tests (the gate's checks in the main runner's "
        "shortest test job) and one-job-per-os (every row of a runner in one job) and "
        "takes the shortest critical path within the naive layout's bounds (ci-gen plan "
        "shows the comparison); the others force one",
        "auto",
    )
    drift: bool = doc(
        "run ci-gen check to catch a stale workflow (needs gate.action or gate.install)", True
    )
    action: str | None = doc(
        "ci-gen's repository (owner/name), run as the action that checks for drift, pinned "
        "by its [pins] entry; ci-gen init writes both",
        None,
    )
    install: str | None = doc(
        "instead of gate.action, a pip requirement for ci-gen: a VCS URL at a full commit SHA "
        "(git+https://...@<sha>), or requirement lines that each carry --hash=sha256:...",
        None,
    )
    install_from_index: bool = doc(
        "allow gate.install to name a package on an index (ci-gen==x.y), trusting whoever "
        "publishes that name there",
        False,
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
    pins: Mapping[str, Pin] = doc("action pins overriding the built-in table", attrs.Factory(dict))
