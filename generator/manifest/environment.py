"""Environment variables the manifest sets for the workflow, a runner's jobs, a feature
set's commands, the gate's clippy, a step or a service: valid names, and none of those
ci-gen sets itself from another key."""

from collections.abc import Iterator, Mapping

from ..errors import Issue, PathPart
from .checks import issue, pattern
from .model import Manifest
from .steps import ENV_NAME

# Set by ci-gen from the key named: a value here would be overwritten or fight it.
SET_BY = {
    "CARGO_BUILD_TARGET": "runners.<name>.target",
    "RUSTUP_TOOLCHAIN": "workspace.toolchain and matrix.toolchains",
    "CARGO_INCREMENTAL": "profile.incremental",
    "CARGO_BUILD_INCREMENTAL": "profile.incremental",
    "CARGO_PROFILE_DEV_DEBUG": "profile.debuginfo",
    "CARGO_PROFILE_TEST_DEBUG": "profile.debuginfo",
}
# Set by ci-gen with no key to set them by: they are how its steps work.
OWN = {
    "CARGO_TARGET_DIR": "each job builds in a target dir of its own, on the disk with room",
    "CARGO_BUILD_TARGET_DIR": "each job builds in a target dir of its own, on the disk with room",
    # a cargo step's words from the job's matrix entry
    "CARGO_ARGS": "a cargo step's packages and features",
    "DOC_TEST_ARGS": "the doc-test step's packages and features",
    "PARTITION": "a test step's share of a crate's tests",
    "TOOLCHAIN": "the toolchain a job installs",
}
RESERVED_PREFIXES = ("GITHUB_", "RUNNER_", "ACTIONS_")


def check_env(at: list[PathPart], env: Mapping[str, str], debug: str = "") -> Iterator[Issue]:
    """Names a shell and GitHub take, none that ci-gen or GitHub sets; ``debug`` is the
    variable that carries profile.debuginfo for a custom cargo profile."""
    for name in env:
        where = [*at, name]
        yield from pattern(where, name, ENV_NAME, "environment variable name")
        upper = name.upper()
        if upper in SET_BY or upper == debug:
            yield issue(where, f"is set by {SET_BY.get(upper, 'profile.debuginfo')}: set it there")
        elif upper in OWN:
            yield issue(where, f"ci-gen sets it ({OWN[upper]}): leave it out")
        elif upper.startswith(RESERVED_PREFIXES):
            yield issue(where, "GitHub sets the GITHUB_, RUNNER_ and ACTIONS_ variables")


def check_environments(m: Manifest, steps_at: tuple[int, ...]) -> Iterator[Issue]:
    """Every env table of the manifest, and the variables of the steps' secrets."""
    custom = m.profile.cargo_profile
    debug = f"CARGO_PROFILE_{custom.upper().replace('-', '_')}_DEBUG" if custom else ""
    yield from check_env(["workflow", "env"], m.workflow.env, debug)
    yield from check_env(["gate", "env"], m.gate.env, debug)
    for name, spec in m.runners.items():
        yield from check_env(["runners", name, "env"], spec.env or {}, debug)
    for name, fs in m.feature_sets.items():
        yield from check_env(["feature-sets", name, "env"], fs.env, debug)
    for name, service in m.services.items():
        yield from check_env(["services", name, "env"], service.env)
    for i, step in zip(steps_at, m.steps, strict=True):
        yield from check_env(["steps", i, "env"], step.env, debug)
        yield from check_env(["steps", i, "secrets"], step.secrets, debug)
