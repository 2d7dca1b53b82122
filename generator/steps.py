"""Which steps each kind of job runs, in order. Each name is a template ``step-<name>.yml.j2``."""

from __future__ import annotations

from .model import Gate

# Steps that call one of the composite actions ci-gen generates (see LocalAction).
ACTION_STEPS = ("prepare-disk", "check-disk", "report-disk")


def build_steps(nextest: bool) -> tuple[str, ...]:
    """Test and check jobs: prepare the disk, install, restore, guard, build, report."""
    tools = ["install-nextest"] if nextest else []
    return (
        "checkout",
        "prepare-disk",
        "toolchain",
        *tools,
        "cache",
        "check-disk",
        "cargo",
        "report-disk",
    )


def archive_steps() -> tuple[str, ...]:
    """Build the tests once and upload them as a nextest archive."""
    return (
        "checkout",
        "prepare-disk",
        "toolchain",
        "install-nextest",
        "cache",
        "check-disk",
        "cargo",
        "upload-archive",
        "report-disk",
    )


def archive_run_steps() -> tuple[str, ...]:
    """Run one partition of a downloaded archive: nothing is built, no target dir."""
    return ("checkout", "toolchain", "install-nextest", "download-archive", "cargo")


def gate_steps(gate: Gate) -> tuple[str, ...]:
    """Cheapest checks first: drift, then formatting, then clippy (which builds)."""
    steps = ["checkout"]
    if gate.drift:
        steps += ["setup-python", "drift"]
    if gate.fmt or gate.clippy:
        steps.append("toolchain")
    if gate.fmt:
        steps.append("fmt")
    if gate.clippy:
        steps += ["prepare-disk", "cache", "check-disk", "cargo", "report-disk"]
    return tuple(steps)
