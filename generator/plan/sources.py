"""Where each term of a prediction comes from: the manifest key that sets it, for the
messages that explain a prediction (a budget error, ``ci-gen explain``)."""

from __future__ import annotations

SOURCES = {
    "setup": "model.setup-min, the runner's start with checkout, toolchain and cache",
    "cleanup": "the disk cleanup, runners.<name>.fast or full",
    "packages": "packages.minutes",
    "services": "services.<name>.minutes",
    "build": "the crates' cost.build-min",
    "test": "the crates' cost.test-min",
    "clippy": "the crates' cost.check-min (or their build-min, scaled)",
    "clippy-sets": "clippy of the feature sets: the feature-cost of what they enable, checked",
    "download": "the nextest archive's transfer, model.artifact-mb-per-s",
    "upload": "the nextest archive's transfer, model.artifact-mb-per-s",
    "checkout": "model.checkout-gb",
    "toolchain": "model.toolchain-gb",
    "registry": "model.registry-gb",
    "target": "the crates' cost.build-gb",
    "archive": "the nextest archive, model.archive-share of the test build",
    "tests": "the tests unpacked from the nextest archive, model.archive-share",
    "drift": "ci-gen check, a fixed estimate",
    "fmt": "cargo fmt --check, a fixed estimate",
    "check": "reading the other jobs' results, a fixed estimate",
}
DISK_SOURCES = {"packages": "packages.gb", "services": "services.<name>.gb"}


def source_of(term: str, resource: str) -> str:
    """The key (and what it stands for) behind ``term`` of a ``resource`` (disk | time)
    prediction; the term's own name when no key sets it (fmt, drift: fixed minutes)."""
    own = DISK_SOURCES if resource == "disk" else {}
    return own.get(term, SOURCES.get(term, f"{term} (a fixed estimate of ci-gen's)"))
