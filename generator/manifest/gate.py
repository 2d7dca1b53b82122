"""[gate]: the fail-fast job that runs before anything expensive (its own module: the
model would pass its size limit)."""

from collections.abc import Mapping
from typing import Literal

import attrs

from .fields import Lines, doc

LayoutMode = Literal["auto", "gate-first", "gate-beside-tests", "lint-in-tests", "one-job-per-os"]


@attrs.frozen
class Gate:
    """The fail-fast job that runs before anything expensive."""

    fmt: bool = doc("cargo fmt --check", True)
    clippy: bool = doc("cargo clippy on the workspace", True)
    clippy_args: tuple[str, ...] = doc("arguments for clippy", ("--all-targets",))
    deny_warnings: bool = doc("clippy warnings fail the gate", True)
    lint_feature_sets: bool = doc(
        "clippy each feature set whose feature flags differ from the default, on its own "
        "crates, after the workspace run (code behind those features is linted too)",
        True,
    )
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
    install: Lines | None = doc(
        "instead of gate.action, a pip requirement for ci-gen: a VCS URL at a full commit SHA "
        "(git+https://...@<sha>), or requirement lines that each carry --hash=sha256:...",
        None,
    )
    install_from_index: bool = doc(
        "allow gate.install to name a package on an index (ci-gen==x.y), trusting whoever "
        "publishes that name there",
        False,
    )
    env: Mapping[str, str] = doc("environment for clippy (RUSTFLAGS...)", attrs.Factory(dict))
