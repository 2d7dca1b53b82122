"""Environment variables the manifest sets for the workflow, a runner's jobs, a feature
set's commands, the gate's clippy, a step or a service: valid names, and none of those
ci-gen sets itself from another key."""

from collections.abc import Iterator, Mapping

from ..errors import Issue, PathPart
from .checks import issue, pattern
from .model import Manifest
from .steps import ENV_NAME

# set by ci-gen, from the key named: a value here would be overwritten or fight it
SET_BY = {
    "CARGO_TARGET_DIR": "ci-gen (each job builds in a target dir of its own)",
    "CARGO_BUILD_TARGET_DIR": "ci-gen (each job builds in a target dir of its own)",
    "CARGO_BUILD_TARGET": "runners.<name>.target",
    "RUSTUP_TOOLCHAIN": "workspace.toolchain and matrix.toolchains",
    "CARGO_INCREMENTAL": "profile.incremental",
    "CARGO_PROFILE_DEV_DEBUG": "profile.debuginfo",
    "CARGO_PROFILE_TEST_DEBUG": "profile.debuginfo",
}
RESERVED_PREFIXES = ("GITHUB_", "RUNNER_", "ACTIONS_")


def check_env(at: list[PathPart], env: Mapping[str, str]) -> Iterator[Issue]:
    for name in env:
        yield from pattern([*at, name], name, ENV_NAME, "environment variable name")
        if name.upper() in SET_BY:
            yield issue([*at, name], f"is set by {SET_BY[name.upper()]}: set it there")
        elif name.upper().startswith(RESERVED_PREFIXES):
            yield issue([*at, name], "GitHub sets the GITHUB_, RUNNER_ and ACTIONS_ variables")


def check_environments(m: Manifest) -> Iterator[Issue]:
    """Every env table of the manifest."""
    yield from check_env(["workflow", "env"], m.workflow.env)
    yield from check_env(["gate", "env"], m.gate.env)
    for name, spec in m.runners.items():
        yield from check_env(["runners", name, "env"], spec.env or {})
    for name, fs in m.feature_sets.items():
        yield from check_env(["feature-sets", name, "env"], fs.env)
    for name, service in m.services.items():
        yield from check_env(["services", name, "env"], service.env)
