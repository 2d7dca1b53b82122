"""The manifest's ``[crates]`` tables: each workspace member and what it costs."""

from collections.abc import Mapping
from typing import Literal

import attrs

from .fields import GB, MINUTES, Bounds, doc

Role = Literal["tested", "bench", "example", "support"]


@attrs.frozen
class Cost:
    """What one crate costs to build and test on a 4-core Linux runner."""

    build_gb: float = doc(
        "disk the crate adds to target/ (its own artifacts plus the dependencies only it "
        "pulls), measured with cargo's default dev profile",
        1.0,
        bounds=GB,
    )
    build_min: float = doc(
        "its share of a cold build's wall time, minutes (own compile plus the dependencies "
        "only it pulls, so shares add up)",
        2.0,
        bounds=MINUTES,
    )
    test_min: float = doc("minutes its tests run once built", 1.0, bounds=MINUTES)
    check_gb: float | None = doc(
        "disk cargo check and clippy leave for it (metadata, but build scripts, "
        "proc-macros and what they use in full); unset: 0.6 x build-gb",
        None,
        bounds=GB,
    )
    check_min: float | None = doc(
        "its share of a cold cargo check or clippy, minutes; unset: 0.8 x build-min",
        None,
        bounds=MINUTES,
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

    build_gb: float = doc("disk its optional dependencies add to target/", 0.0, bounds=GB)
    build_min: float = doc("minutes building them adds", 0.0, bounds=MINUTES)


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
        bounds=Bounds(0, 100_000),
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
