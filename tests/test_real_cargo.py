"""Every cargo command ci-gen plans runs, for real, on a real workspace, and exits 0.

The fixture workspace (tests/cargo_fixture.py) has the target kinds that trip generated
CI up: a library with doc tests and a feature, a cdylib-only library, a library with
`doctest = false` whose doc comments are not Rust, a binary-only package, and a library
with extra binaries, an example and an integration test. `ci-gen init` writes its
manifest; every command of every job (the gate's fmt and clippy included) then runs with
the job's env, sharing one target dir. cargo-nextest cannot be installed here, so this
manifest uses plain `cargo test`; nextest's flags are checked against its documentation.
"""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest

from ci_gen import pipeline
from ci_gen.plan import Job, Plan

from .cargo_fixture import FIXTURE
from .conftest import GOLDEN, build_file_tree

FEATURE_SETS = """
[feature-sets.extra]
features = ["extra"]

[feature-sets.all]
all-features = true
"""
# What the gate runs besides its planned cargo commands (templates/step-fmt.yml.j2).
FMT = ("cargo", "fmt", "--all", "--check")
# cargo-nextest's options ci-gen may emit, from its documentation (nexte.st: "Running
# tests", "Archiving and reusing builds", "Partitioning", "Test profiles"), plus the
# cargo options it passes through to the build.
NEXTEST_OPTIONS = {
    "--no-run",
    "--profile",
    "--partition",
    "--no-fail-fast",
    "--archive-file",
    "--workspace-remap",
    "--locked",
    "--package",
    "--features",
    "--all-features",
    "--no-default-features",
    # cargo's own, passed through (nextest's cargo_cli.rs: cargo_profile, config, target)
    "--cargo-profile",
    "--config",
    "--target",
}


@pytest.fixture(scope="module")
def workspace(tmp_path_factory: pytest.TempPathFactory) -> Path:
    if shutil.which("cargo") is None:
        pytest.fail("cargo is not on PATH: these tests run the generated commands for real")
    root = build_file_tree(tmp_path_factory.mktemp("cargo") / "ws", FIXTURE)
    subprocess.run(["cargo", "generate-lockfile", "--offline"], cwd=root, check=True)
    made = pipeline.init_manifest(root)
    (root / "ci.toml").write_text(made.text + FEATURE_SETS, encoding="utf-8")
    return root


def _env(plan: Plan, job: Job, target: Path) -> dict[str, str]:
    env = {**os.environ, **dict(plan.workflows[0].env), **dict(job.env)}
    env["CARGO_TARGET_DIR"] = str(target)
    env.pop("RUSTUP_TOOLCHAIN", None)
    if job.toolchain and "msrv" not in job.id:  # no other toolchain can be downloaded here
        env["RUSTUP_TOOLCHAIN"] = job.toolchain
    return env


def _host() -> str:
    done = subprocess.run(["rustc", "-vV"], capture_output=True, text=True, check=True)
    return next(line.split()[1] for line in done.stdout.splitlines() if line.startswith("host:"))


CARGO_SETTINGS = """
[profile]
cargo-profile = "ci"
cargo-config = ['env.FIXTURE_FROM_CONFIG="config"', "net.retry=3"]

[runners.ubuntu]
target = "{host}"
env = {{ FIXTURE_FROM_RUNNER = "runner" }}

[workflow.env]
FIXTURE_FROM_WORKFLOW = "workflow"
"""


def test_cargo_profile_config_target_and_env_reach_cargo_for_real(
    workspace: Path, tmp_path: Path
) -> None:
    """A profile of the workspace's own, --config, a --target triple (the host's: this
    machine cannot download another) and environment from the workflow, the runner and
    a feature set: each command of each job runs with them and exits 0, and a build
    script proves the settings arrived where cargo reads them."""
    root = tmp_path / "ws"
    shutil.copytree(workspace, root, ignore=shutil.ignore_patterns("*.toml.*", "target"))
    cargo_toml = root / "Cargo.toml"
    cargo_toml.write_text(cargo_toml.read_text() + '\n[profile.ci]\ninherits = "dev"\n')
    build = root / "lib-doc" / "build.rs"
    build.write_text(
        "fn main() {\n"
        + "".join(
            f'    assert_eq!(std::env::var("{name}").as_deref(), Ok("{value}"));\n'
            for name, value in (
                ("FIXTURE_FROM_CONFIG", "config"),
                ("FIXTURE_FROM_RUNNER", "runner"),
                ("FIXTURE_FROM_WORKFLOW", "workflow"),
                ("PROFILE", "debug"),
            )
        )
        # the feature set's environment comes with its feature
        + '    if std::env::var("CARGO_FEATURE_EXTRA").is_ok() {\n'
        + '        assert_eq!(std::env::var("FIXTURE_FROM_SET").as_deref(), Ok("set"));\n'
        + "    }\n"
        + '    println!("cargo:rerun-if-env-changed=FIXTURE_FROM_SET");\n}\n'
    )
    text = (root / "ci.toml").read_text()
    for name in ("extra", "all"):  # the sets that turn the feature on
        header = f"[feature-sets.{name}]\n"
        text = text.replace(header, f'{header}env = {{ FIXTURE_FROM_SET = "set" }}\n')
    (root / "ci.toml").write_text(text + CARGO_SETTINGS.format(host=_host()), encoding="utf-8")
    plan = pipeline.make_plan(root / "ci.toml", root)
    target = tmp_path / "target"
    ran = []
    for job in plan.jobs:
        for command in job.cargo.commands if job.cargo else ():
            if command.argv[0] == "rustup" or any(a.startswith("+") for a in command.argv):
                continue  # another toolchain: none can be downloaded here
            env = {**_env(plan, job, target), **dict(command.env)}
            _cargo(command.argv, root, env, job)
            ran.append(command)
    assert all("--target" in c.argv and "--profile" in c.argv for c in ran), ran
    assert any(dict(c.env).get("FIXTURE_FROM_SET") == "set" for c in ran)
    # the profile's own folder under the target's: the flags took effect
    assert (target / _host() / "ci").is_dir()


def _cargo(argv: tuple[str, ...], workspace: Path, env: dict[str, str], job: Job) -> None:
    done = subprocess.run(
        list(argv), cwd=workspace, env=env, capture_output=True, text=True, check=False
    )
    assert done.returncode == 0, f"{job.id}: {' '.join(argv)}\n{done.stderr[-3000:]}"


def _installed(argv: tuple[str, ...]) -> tuple[str, ...]:
    """``argv`` without a ``+toolchain`` this machine cannot download (the MSRV's)."""
    return tuple(a for a in argv if not a.startswith("+"))


def _with_layout(workspace: Path, layout: str) -> Path:
    text = (workspace / "ci.toml").read_text(encoding="utf-8")
    manifest = workspace / f"{layout}.toml"
    manifest.write_text(text.replace("[gate]", f'[gate]\nlayout = "{layout}"', 1), "utf-8")
    return manifest


@pytest.mark.parametrize(
    ("layout", "kinds"),
    [("gate-first", {"gate", "test", "check"}), ("one-job-per-os", {"test"})],
)
def test_every_planned_cargo_command_exits_0(
    workspace: Path, tmp_path: Path, layout: str, kinds: set[str]
) -> None:
    """Job by job (gate first: the MSRV row checks), or all rows in one job."""
    plan = pipeline.make_plan(_with_layout(workspace, layout), workspace)
    assert {job.kind for job in plan.jobs if job.kind != "all-green"} == kinds
    ran = []
    for job in plan.jobs:
        if job.cargo is None:
            continue
        commands = [c.argv for c in job.cargo.commands]
        if "fmt" in job.steps:
            commands.insert(0, FMT)
        for argv in commands:
            if argv[:3] == ("rustup", "toolchain", "install"):
                continue  # the MSRV's toolchain: this machine has no network to fetch it
            _cargo(_installed(argv), workspace, _env(plan, job, tmp_path / "target"), job)
            ran.append(argv)
    assert any(a.startswith("+") for argv in ran for a in argv) == (layout != "gate-first")
    docs = [argv for argv in ran if "--doc" in argv]
    # Plain cargo test runs doc tests itself, as each Cargo.toml says: no doc step.
    assert docs == []
    assert any("--features" in argv for argv in ran)
    assert any("--all-features" in argv for argv in ran)
    # the feature sets' clippy runs, on their own crates with their own flags, ran too
    sets = [
        c.argv
        for job in plan.jobs
        if job.cargo
        for c in job.cargo.commands
        if c.name.startswith("Clippy (")
    ]
    assert sets and all(a in ran for a in sets)


def test_the_doc_test_step_of_nextest_jobs_runs_only_what_rustdoc_can_test(
    workspace: Path, tmp_path: Path
) -> None:
    """With nextest on, doc tests get their own `cargo test --doc` step: it must leave out
    the cdylib, the doctest = false library and the binary, or it fails."""
    text = (workspace / "ci.toml").read_text().replace("nextest = false", "nextest = true")
    manifest = workspace / "nextest.toml"
    manifest.write_text(text, encoding="utf-8")
    plan = pipeline.make_plan(manifest, workspace)
    docs = [
        (job, c.argv)
        for job in plan.jobs
        if job.cargo
        for c in job.cargo.commands
        if c.name.startswith("Run doc tests")
    ]
    assert docs
    for job, argv in docs:
        packages = {argv[i + 1] for i, a in enumerate(argv) if a == "--package"}
        assert packages <= {"lib-doc", "lib-bins"}, argv
        _cargo(argv, workspace, _env(plan, job, tmp_path / "target"), job)


@pytest.mark.parametrize("case", sorted(p.name for p in GOLDEN.iterdir() if p.is_dir()))
def test_nextest_commands_use_only_documented_options(case: str) -> None:
    plan = pipeline.make_plan(GOLDEN / case / "ci.toml")
    for job in plan.jobs:
        for command in job.cargo.commands if job.cargo else ():
            argv = command.argv
            if argv[:2] != ("cargo", "nextest"):
                continue
            assert argv[2] in ("run", "archive"), argv
            options = {a.split("=")[0] for a in argv if a.startswith("--")}
            assert options <= NEXTEST_OPTIONS, (job.id, options - NEXTEST_OPTIONS)


def test_the_one_job_layout_runs_fmt_clippy_and_tests_for_real(
    workspace: Path, tmp_path: Path
) -> None:
    """One row, no MSRV check: the plan lints and tests in one job, in one target dir."""
    text = (workspace / "ci.toml").read_text().replace(FEATURE_SETS, "")
    text = text.replace('os = ["ubuntu"]', 'os = ["ubuntu"]\nmsrv = "off"', 1)
    manifest = workspace / "one-job.toml"
    manifest.write_text(text, encoding="utf-8")
    plan = pipeline.make_plan(manifest, workspace)
    (job,) = [j for j in plan.jobs if j.cargo is not None]
    assert "fmt" in job.steps and job.needs == ()
    assert job.cargo is not None
    commands = [FMT, *(c.argv for c in job.cargo.commands)]
    assert commands[1][:2] == ("cargo", "clippy")
    for argv in commands:
        _cargo(argv, workspace, _env(plan, job, tmp_path / "target"), job)
