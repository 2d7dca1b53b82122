"""The planner's factors and limits. docs/model.md gives the source of each one.

The fixed terms a manifest can override (``[model]``) are in ``manifest/constants.py``.
"""

from __future__ import annotations

from types import MappingProxyType

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
# `cargo check`/`clippy` emit metadata only, but build scripts, proc-macros and what they
# depend on are built in full, and those chains bound the wall time: measured by
# bench/timings.py on four real-dependency shapes, clippy --all-targets against the test
# build, 697 of 1188 MiB and 0.63-1.0 of the time on 4 cores (bench/fit_timings.py).
CHECK_DISK_FACTOR = 0.6
CHECK_TIME_FACTOR = 0.8

# One example target in the units of [crates] cost (default dev profile, seconds on 2
# cores halved for the 4-core runner). Measured by `bench/measure_cargo.py --examples`:
# 40 small examples over clap, tokio and serde_json. `cargo test` and nextest link each
# one (55.3 MiB, 0.63 s); `clippy --all-targets` only checks it (0.97 MiB, 0.062 s).
EXAMPLE_BUILD_GB = 55.3 / 1024
EXAMPLE_BUILD_MIN = 0.63 * 2 / 4 / 60
EXAMPLE_CHECK_GB = 0.97 / 1024
EXAMPLE_CHECK_MIN = 0.062 * 2 / 4 / 60

# A shared `cargo nextest archive` unpacked where a partition runs (an assumption, as is
# [model] archive-share: calibrate from the logs).
EXTRACTED_SHARE = 0.3  # the archive unpacked where the partition runs

# Time terms, minutes.
DRIFT_MIN = 0.5  # the drift check: install ci-gen, ci-gen check (an assumption)
FMT_MIN = 0.5  # cargo fmt --check (an assumption)
# A feature set's clippy run re-checks its crates' own code: at 0.004 s per KiB of source
# (bootstrap.estimate, measured) a few MB of workspace source, plus cargo's resolve and
# fingerprint pass over the unit graph: 0.2 min a run, before the runner's speed.
RELINT_MIN = 0.2
# Timeouts leave room for a slow runner without letting a hung job burn the 6-hour limit.
TIMEOUT_FACTOR = 1.5
TIMEOUT_SLACK_MIN = 5
# Estimated (uncalibrated) costs were measured at up to 5-11x below a real cold build on
# small workspaces: until a crate's figures are calibrated, its jobs get a wider margin.
UNCALIBRATED_TIMEOUT_FACTOR = 3.0
UNCALIBRATED_TIMEOUT_SLACK_MIN = 15
MAX_TIMEOUT_MIN = 360  # GitHub's job limit
ALL_GREEN_TIMEOUT_MIN = 5
ALL_GREEN_MIN = 0.1  # a job that only reads its needs' results (an assumption)

# Never worse than naive (docs/model.md): where the naive layout runs, the plan's critical
# path is at most its own and the plan's runner-minutes (price-weighted) at most 1.25 x its
# own; where it does not run and takes over 20 minutes, the plan's critical path is at
# most 0.6 x its own.
RUNNER_MINUTES_CAP = 1.25
NAIVE_SLOW_MIN = 20.0
NAIVE_SPEEDUP = 0.6

# GitHub's limit of jobs per workflow run.
MAX_JOBS = 256
