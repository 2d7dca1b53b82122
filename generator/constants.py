"""Constants of the disk and time model. docs/model.md gives the source of each one."""

from __future__ import annotations

from types import MappingProxyType

# Disk terms present in every build job, GB.
CHECKOUT_GB = 0.5  # a shallow checkout of a large workspace; sources are small next to target/
TOOLCHAIN_GB = 1.4  # measured: `du -sh ~/.rustup/toolchains/stable-*` with clippy + rustfmt
REGISTRY_GB = 1.0  # ~/.cargo/registry + git for a few hundred crates (src + .crate files)

# target/ size relative to cargo's default dev profile (incremental, full debuginfo).
# Measured here on a 3-crate workspace, `cargo test --no-run`: 314 MiB default.
INCREMENTAL_OFF_FACTOR = 305 / 314  # CARGO_INCREMENTAL=0
DEBUGINFO_FACTOR = MappingProxyType(
    {
        "full": 1.0,
        "line-tables-only": 250 / 305,  # CARGO_PROFILE_{DEV,TEST}_DEBUG=line-tables-only
        "none": 131 / 305,  # CARGO_PROFILE_{DEV,TEST}_DEBUG=0
    }
)
# `cargo check`/`clippy` emit metadata only, no codegen or linking: a conservative share
# of a full test build's target/ and build time.
CHECK_DISK_FACTOR = 0.5
CHECK_TIME_FACTOR = 0.6

# Sharing a `cargo nextest archive` between jobs (assumptions, calibrate from the logs):
# test binaries are about a third of a target dir, and zstd shrinks them about threefold.
ARCHIVE_SHARE = 0.1
EXTRACTED_SHARE = 0.3  # the archive unpacked where the partition runs
ARTIFACT_MB_PER_S = 40.0  # actions/upload-artifact and download-artifact throughput

# Time terms, minutes.
SETUP_MIN = 1.5  # checkout, toolchain install, cache restore
GATE_FIXED_MIN = 1.0  # drift check (pip install ci-gen) and cargo fmt
# Timeouts leave room for a slow runner without letting a hung job burn the 6-hour limit.
TIMEOUT_FACTOR = 1.5
TIMEOUT_SLACK_MIN = 5
MAX_TIMEOUT_MIN = 360  # GitHub's job limit
ALL_GREEN_TIMEOUT_MIN = 5

# Platform limits.
MAX_JOBS = 256
MAX_WORKFLOW_BYTES = 512_000
