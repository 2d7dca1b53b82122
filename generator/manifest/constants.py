"""Fixed terms of the disk and time model: the defaults of ci.toml's ``[model]`` table.

docs/model.md gives the source of each one; a manifest replaces any of them with its
own measurement.
"""

from __future__ import annotations

# Disk terms present in every build job, GB.
CHECKOUT_GB = 0.5  # a shallow checkout of a large workspace; sources are small next to target/
TOOLCHAIN_GB = 1.4  # measured: `du -sh ~/.rustup/toolchains/stable-*` with clippy + rustfmt
REGISTRY_GB = 1.0  # ~/.cargo/registry + git for a few hundred crates (src + .crate files)

# Sharing a `cargo nextest archive` between jobs (assumptions, calibrate from the logs):
# test binaries are about a third of a target dir, and zstd shrinks them about threefold.
ARCHIVE_SHARE = 0.1
ARTIFACT_MB_PER_S = 40.0  # actions/upload-artifact and download-artifact throughput

# Time terms, minutes.
SETUP_MIN = 1.5  # checkout, toolchain install, cache restore
