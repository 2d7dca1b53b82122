"""The escape hatches beyond [[steps]]: system packages, service containers, environment,
cargo's profile, --config and --target, submodules; placed where the keys say, counted
in the plan, their scripts run under bash with shims, and every key checked."""

from __future__ import annotations

import json
import os
import shlex
import stat
import subprocess
from pathlib import Path
from typing import Any

import pytest
import yaml

from ci_gen import pipeline
from ci_gen.errors import ManifestError
from ci_gen.manifest.environment import OWN
from ci_gen.output.shell import variable
from ci_gen.plan import Plan

from .conftest import GOLDEN
from .judges import actionlint

SHIM = """#!/bin/bash
printf '%s\\n' "${0##*/} $*" >> "$CALLS"
[ "${0##*/}" = sudo ] && exec "$@"
exit 0
"""


def workflow(case: str) -> dict[str, Any]:
    text = pipeline.generate(GOLDEN / case / "ci.toml").files[".github/workflows/ci.yml"]
    loaded: dict[str, Any] = yaml.safe_load(text)
    return loaded


def plan_of(case: str) -> Plan:
    return pipeline.make_plan(GOLDEN / case / "ci.toml")


def steps_named(job: dict[str, Any], name: str) -> list[dict[str, Any]]:
    return [s for s in job["steps"] if s.get("name") == name]


def run_with_shims(tmp_path: Path, step: dict[str, Any]) -> list[str]:
    shims = tmp_path / "bin"
    shims.mkdir()
    for tool in ("sudo", "apt-get", "brew", "choco"):
        (shims / tool).write_text(SHIM)
        (shims / tool).chmod(stat.S_IRWXU)
    env = {**os.environ, **step.get("env", {}), "CALLS": str(tmp_path / "calls")}
    env["PATH"] = f"{shims}{os.pathsep}{env['PATH']}"
    subprocess.run(
        ["bash", "--noprofile", "--norc", "-eo", "pipefail", "-c", step["run"]],
        env=env,
        check=True,
    )
    return (tmp_path / "calls").read_text().splitlines()


@pytest.mark.parametrize(
    ("job", "calls"),
    [
        (
            "test-linux",
            [
                "sudo apt-get update -q",
                "apt-get update -q",
                "sudo apt-get install -y -q --no-install-recommends libssl-dev pkg-config "
                "protobuf-compiler",
                "apt-get install -y -q --no-install-recommends libssl-dev pkg-config "
                "protobuf-compiler",
            ],
        ),
        ("test-macos", ["brew install openssl@3 protobuf"]),
        ("test-windows", ["choco install -y --no-progress protoc"]),
    ],
)
def test_each_family_installs_its_packages_after_the_cleanup(
    tmp_path: Path, job: str, calls: list[str]
) -> None:
    found = workflow("system-packages")["jobs"][job]
    names = [s.get("name") for s in found["steps"]]
    # the full cleanup tier removes packages: install after it, before the toolchain
    assert names.index("Install system packages") == names.index("Prepare the disk") + 1
    (step,) = steps_named(found, "Install system packages")
    assert run_with_shims(tmp_path, step) == calls


def test_packages_count_in_disk_and_minutes_of_the_jobs_that_install_them() -> None:
    plan = plan_of("system-packages")
    for job in plan.jobs:
        if job.cargo is None:
            assert "packages" not in job.steps
            continue
        assert job.disk is not None
        assert dict(job.disk.terms)["packages"] == 0.4
        assert dict(job.minutes.terms)["packages"] == 1.5


def test_every_checkout_brings_the_submodules() -> None:
    for job in workflow("system-packages")["jobs"].values():
        for step in steps_named(job, "Check out"):
            assert step["with"]["submodules"] == "recursive"


def test_services_start_only_beside_the_linux_jobs_of_their_feature_sets() -> None:
    jobs = workflow("services")["jobs"]
    with_services = {jid for jid, job in jobs.items() if "services" in job}
    assert with_services == {"test-ubuntu-backends"}
    services = jobs["test-ubuntu-backends"]["services"]
    assert set(services) == {"postgres", "redis"}
    words = shlex.split(services["postgres"]["options"])
    assert words[:2] == ["--health-cmd", "pg_isready -U postgres"]
    assert services["postgres"]["image"].startswith("postgres:17@sha256:")
    # the tests find them through the feature set's environment, on its steps alone
    (build,) = steps_named(jobs["test-ubuntu-backends"], "Build tests")
    assert build["env"]["DATABASE_URL"].endswith("@localhost:5432/queue")
    for job in (jobs["test-linux"], jobs["test-macos"]):
        assert all("DATABASE_URL" not in s.get("env", {}) for s in job["steps"])


def test_services_count_in_the_plan_of_the_jobs_they_start_with() -> None:
    (job,) = [j for j in plan_of("services").jobs if j.id == "test-ubuntu-backends"]
    assert job.extras.services == ("postgres", "redis")
    assert job.disk is not None
    assert dict(job.disk.terms)["services"] == pytest.approx(0.7)
    assert dict(job.minutes.terms)["services"] == 0.5
    others = [j for j in plan_of("services").jobs if j.disk and j.id != job.id]
    assert others and all("services" not in dict(j.disk.terms) for j in others if j.disk)


def test_environment_reaches_the_level_each_key_names() -> None:
    found = workflow("cargo-settings")
    assert found["env"]["RUST_BACKTRACE"] == "1"  # workflow.env wins over ci-gen's default
    assert found["env"]["CARGO_PROFILE_CI_DEBUG"] == "line-tables-only"
    jobs = found["jobs"]
    assert jobs["test-ubuntu-musl-default"]["env"]["CC_x86_64_unknown_linux_musl"] == "musl-gcc"
    assert "CC_x86_64_unknown_linux_musl" not in jobs["test-linux"]["env"]
    (clippy,) = steps_named(jobs["gate"], "Clippy")
    assert clippy["env"]["RUSTFLAGS"] == "--cfg tokio_unstable"
    (simd,) = steps_named(jobs["test-ubuntu-simd"], "Build tests")
    assert simd["env"]["RUSTFLAGS"] == "-C target-cpu=x86-64-v3"
    (default,) = steps_named(jobs["test-linux"], "Build tests")
    assert "RUSTFLAGS" not in default["env"]


def test_flags_set_at_several_levels_add_up_outer_first(tmp_path: Path) -> None:
    """GitHub lets a step's RUSTFLAGS replace its job's and the workflow's: the mold
    linker of a runner would vanish from a feature set's build, silently."""
    manifest = tmp_path / "ci.toml"
    manifest.write_text(
        BASE
        + '[workflow.env]\nRUSTFLAGS = "-D warnings"\nRUST_LOG = "info"\n'
        + '[runners.ubuntu.env]\nRUSTFLAGS = "-C link-arg=-fuse-ld=mold"\nRUST_LOG = "debug"\n'
        + "[feature-sets.default]\n"
        + '[feature-sets.simd]\nenv = { RUSTFLAGS = "-C target-cpu=native" }\n'
        + '[gate]\nlayout = "gate-first"\n[gate.env]\nRUSTFLAGS = "--cfg tokio_unstable"\n',
        encoding="utf-8",
    )
    found = yaml.safe_load(pipeline.generate(manifest).files[".github/workflows/ci.yml"])
    jobs = found["jobs"]
    mold = "-D warnings -C link-arg=-fuse-ld=mold"
    assert found["env"]["RUSTFLAGS"] == "-D warnings"
    assert jobs["test-linux"]["env"]["RUSTFLAGS"] == mold
    assert jobs["test-linux"]["env"]["RUST_LOG"] == "debug"  # not a list: replaced
    (simd,) = steps_named(jobs["test-ubuntu-simd"], "Run tests")
    assert simd["env"]["RUSTFLAGS"] == f"{mold} -C target-cpu=native"
    (clippy,) = steps_named(jobs["gate"], "Clippy")
    assert clippy["env"]["RUSTFLAGS"] == f"{mold} --cfg tokio_unstable"


def test_a_feature_set_with_its_own_flags_never_shares_a_cache_key(tmp_path: Path) -> None:
    """Squeezed by the cache budget, feature sets share a key; one whose RUSTFLAGS
    change every artifact would restore the other's entry and rebuild it all."""
    text = (GOLDEN / "cargo-settings" / "ci.toml").read_text() + "\n[budgets]\ncache-gb = 6\n"
    manifest = tmp_path / "ci.toml"
    manifest.write_text(text, encoding="utf-8")
    keys = {j.id: j.cache.key for j in pipeline.make_plan(manifest).jobs if j.cache}
    assert "feature sets share a key" in pipeline.make_plan(manifest).cache_note
    assert keys["test-ubuntu-simd"] != keys["test-ubuntu-default"]


def test_every_variable_a_cargo_step_carries_is_refused_in_the_manifest() -> None:
    """The words of a matrix entry reach a step as variables; a manifest env of the same
    name would be that step's key twice."""
    carried = {
        variable(part.name)
        for case in ("reference", "cargo-settings", "heavy", "large")
        for job in plan_of(case).jobs
        for command in (job.cargo.commands if job.cargo else ())
        + ((job.rustup,) if job.rustup else ())
        for part in command.parts
    }
    assert carried and carried <= set(OWN)


@pytest.mark.parametrize(
    ("layout", "matrix"),
    [
        ("lint-in-tests", ""),
        ("one-job-per-os", 'os = ["ubuntu", "macos"]\nfull = ["ubuntu", "macos"]'),
        ("gate-first", ""),
    ],
)
def test_what_the_gate_needs_follows_its_clippy_into_whichever_job_runs_it(
    tmp_path: Path, layout: str, matrix: str
) -> None:
    """Packages, services and steps for jobs = ["gate"] go where the clippy run goes:
    a test job that lints first has them too."""
    digest = "a" * 64
    manifest = tmp_path / "ci.toml"
    manifest.write_text(
        '[crates.a]\npath = "."\nfeatures = ["f"]\n'
        + '[feature-sets.default]\n[feature-sets.f]\nfeatures = ["f"]\n'
        + f'[gate]\nlayout = "{layout}"\n[matrix]\n{matrix}\n'
        + '[packages]\napt = ["libssl-dev"]\njobs = ["gate"]\n'
        + f'[services.db]\nimage = "postgres@sha256:{digest}"\njobs = ["gate"]\n'
        + '[[steps]]\nname = "Generate"\nslot = "before-build"\njobs = ["gate"]\n'
        + 'run = "make gen"\n',
        encoding="utf-8",
    )
    planned = pipeline.make_plan(manifest)
    (linting,) = [
        j for j in planned.jobs if j.cargo and any(c.name == "Clippy" for c in j.cargo.commands)
    ]
    assert linting.extras.packages == ("libssl-dev",)
    assert linting.extras.services == ("db",)
    assert "extra-0" in linting.steps
    assert dict(linting.disk.terms)["packages"] > 0 if linting.disk else False
    others = [j for j in planned.jobs if j is not linting and j.cargo]
    assert all(not j.extras.packages and "extra-0" not in j.steps for j in others)
    loaded = yaml.safe_load(pipeline.generate(manifest).files[".github/workflows/ci.yml"])
    (job,) = [j for j in loaded["jobs"].values() if steps_named(j, "Clippy")]
    assert "db" in job["services"]
    assert len(steps_named(job, "Generate")) == 1


DIGEST = "a" * 64


@pytest.mark.parametrize(
    ("toml", "warning"),
    [
        (
            f'[services.db]\nimage = "postgres@sha256:{DIGEST}"\njobs = ["check"]',
            "services.db starts in no job",
        ),
        (
            '[packages]\nbrew = ["protobuf"]',
            "packages.brew is installed nowhere: no job runs on it",
        ),
        (
            '[packages]\napt = ["libssl-dev"]\njobs = ["check"]',
            "packages.apt is installed nowhere: packages.jobs leaves it out",
        ),
        (
            '[[steps]]\nname = "Only on Windows"\nslot = "before-build"\nos = ["windows"]\n'
            'run = "echo"',
            "steps[0] ('Only on Windows') runs in no job",
        ),
        (
            '[[steps]]\nname = "MSRV only"\nslot = "before-build"\njobs = ["check"]\nrun = "echo"',
            "steps[0] ('MSRV only') runs in no job",
        ),
    ],
)
def test_what_no_job_takes_is_a_warning_naming_its_key(
    tmp_path: Path, toml: str, warning: str
) -> None:
    manifest = tmp_path / "ci.toml"
    manifest.write_text(BASE + toml + "\n", encoding="utf-8")
    warnings = pipeline.make_plan(manifest).warnings
    assert any(w.startswith(warning) for w in warnings), warnings


def test_an_environment_without_secrets_still_guards_its_jobs(tmp_path: Path) -> None:
    """A deployment environment may hold approval rules, not only secrets."""
    manifest = tmp_path / "ci.toml"
    manifest.write_text(
        BASE + '[[steps]]\nname = "x"\nslot = "after-test"\nrun = "echo"\n'
        'environment = "production"\n',
        encoding="utf-8",
    )
    assert {j.environment for j in pipeline.make_plan(manifest).jobs if j.cargo} == {"production"}


def test_a_dollar_in_a_cargo_setting_reaches_cargo_literally_and_lints_clean(
    tmp_path: Path,
) -> None:
    """`$ORIGIN` in an rpath is cargo's to keep: single quotes keep it, but shellcheck
    takes them for an expansion gone wrong (SC2016); escaped in double quotes it is the
    same word, and the judges agree."""
    setting = 'build.rustflags=["-C", "link-arg=-Wl,-rpath,$ORIGIN/`lib`"]'
    (tmp_path / "ci.toml").write_text(
        BASE + f"[profile]\ncargo-config = [{json.dumps(setting)}]\n", encoding="utf-8"
    )
    pipeline.render_files(tmp_path / "ci.toml")
    assert actionlint(tmp_path) == []
    (test,) = yaml.safe_load((tmp_path / ".github/workflows/ci.yml").read_text())["jobs"].values()
    (build,) = steps_named(test, "Build tests")
    shims = tmp_path / "bin"
    shims.mkdir()
    (shims / "cargo").write_text('#!/bin/bash\nprintf "%s\\n" "$@" > "$CALLS"\n')
    (shims / "cargo").chmod(stat.S_IRWXU)
    env = {**os.environ, **build.get("env", {}), "CALLS": str(tmp_path / "calls")}
    env["PATH"] = f"{shims}{os.pathsep}{env['PATH']}"
    env = {k: str(v) for k, v in env.items()}
    subprocess.run(
        ["bash", "--noprofile", "--norc", "-eo", "pipefail", "-c", build["run"]],
        env=env,
        check=True,
    )
    args = (tmp_path / "calls").read_text().splitlines()
    assert args[args.index("--config") + 1] == setting


def test_a_target_runner_builds_installs_and_caches_for_its_triple() -> None:
    triple = "x86_64-unknown-linux-musl"
    for job in plan_of("cargo-settings").jobs:
        if job.cargo is None:
            continue
        cargo = [c.argv for c in job.cargo.commands]
        targeted = job.runner == "ubuntu-musl"
        assert all(("--target" in argv) == targeted for argv in cargo), job.id
        assert job.rustup is not None
        assert (triple in job.rustup.argv) == targeted
        assert job.cache is not None
        assert job.cache.key.endswith(triple) == targeted
        assert all("--profile" in a or "--cargo-profile" in a for a in cargo)
        assert all(a.count("--config") == 2 for a in cargo)


def test_a_secret_reaches_only_its_step_from_its_environment() -> None:
    text = pipeline.generate(GOLDEN / "own-steps" / "ci.toml").files[".github/workflows/ci.yml"]
    jobs = yaml.safe_load(text)["jobs"]
    for jid, job in jobs.items():
        logins = steps_named(job, "Log in to the private registry")
        assert (job.get("environment") == "registry") == bool(logins), jid
        for step in job["steps"]:
            secret = "${{ secrets.INTERNAL_REGISTRY_TOKEN }}"
            assert secret not in step.get("run", "")
            if step in logins:
                assert step["env"]["CARGO_REGISTRIES_INTERNAL_TOKEN"] == secret
                assert set(step["env"]) == {"CARGO_REGISTRIES_INTERNAL_TOKEN", "CARGO_TARGET_DIR"}
            else:
                assert secret not in yaml.safe_dump(step)


BASE = '[crates.a]\npath = "."\n'


@pytest.mark.parametrize(
    ("toml", "where", "message"),
    [
        ('[packages]\napt = ["libssl-dev; rm -rf /"]', "packages.apt[0]", "apt package"),
        ('[packages]\nbrew = ["a b"]', "packages.brew[0]", "brew package"),
        ('[packages]\napt = ["curl", "curl"]', "packages.apt[1]", "'curl' is listed already"),
        ('[packages]\napt = ["libssl-dev:arm64 x"]', "packages.apt[0]", "apt package"),
        ('[packages]\njobs = ["deploy"]', "packages.jobs[0]", "expected one of"),
        ('[services.db]\nimage = "postgres:17"', "services.db.image", "not pinned"),
        ('[services.db]\nimage = "postgres"', "services.db.image", "not pinned"),
        ('[services.db]\nimage = "Bad Image"', "services.db.image", "not a container image"),
        (
            f'[services.db]\nimage = "p@sha256:{"a" * 64}"\nports = ["5432:x"]',
            "services.db.ports[0]",
            "port",
        ),
        (
            f'[services.db]\nimage = "p@sha256:{"a" * 64}"\nhealth-cmd = "a \\"b\\""',
            "services.db.health-cmd",
            "no quotes",
        ),
        (
            f'[services.db]\nimage = "p@sha256:{"a" * 64}"\noptions = ["--x y"]',
            "services.db.options[0]",
            "docker option",
        ),
        (
            f'[services.db]\nimage = "p@sha256:{"a" * 64}"\nfeature-sets = ["nope"]',
            "services.db.feature-sets[0]",
            "unknown feature set",
        ),
        (
            '[workflow.env]\nCARGO_TARGET_DIR = "x"',
            "workflow.env.CARGO_TARGET_DIR",
            "ci-gen sets it (each job builds in a target dir of its own",
        ),
        # a cargo step's own variables: the same name twice in its env otherwise
        ('[feature-sets.default]\nenv = { CARGO_ARGS = "--release" }', "CARGO_ARGS", "leave it"),
        ('[feature-sets.default]\nenv = { DOC_TEST_ARGS = "x" }', "DOC_TEST_ARGS", "leave it"),
        ('[runners.ubuntu]\nenv = { PARTITION = "x" }', "runners.ubuntu.env.PARTITION", "leave"),
        ('[workflow.env]\nTOOLCHAIN = "x"', "workflow.env.TOOLCHAIN", "leave it out"),
        # cargo reads its --config keys as variables too
        (
            "[profile]\ncargo-config = ['build.target=\"aarch64-apple-darwin\"']",
            "profile.cargo-config[0]",
            "build.target is set by runners.<name>.target",
        ),
        (
            "[profile]\ncargo-config = ['profile.dev.debug=\"full\"']",
            "profile.cargo-config[0]",
            "profile.dev.debug is set by profile.debuginfo",
        ),
        (
            "[profile]\ncargo-config = [\"build.target-dir='t'\"]",
            "profile.cargo-config[0]",
            "ci-gen sets build.target-dir",
        ),
        (
            '[profile]\ncargo-profile = "ci"\ncargo-config = [\'profile.ci.debug="full"\']',
            "profile.cargo-config[0]",
            "profile.ci.debug is set by profile.debuginfo",
        ),
        (
            '[profile]\ncargo-profile = "ci"\n[workflow.env]\nCARGO_PROFILE_CI_DEBUG = "full"',
            "workflow.env.CARGO_PROFILE_CI_DEBUG",
            "is set by profile.debuginfo",
        ),
        (
            f'[services.db]\nimage = "p@sha256:{"a" * 64}"\njobs = ["gate"]\n'
            'feature-sets = ["default"]\n[feature-sets.default]',
            "services.db.feature-sets",
            "the gate's clippy has no feature set",
        ),
        (
            f'[services.db]\nimage = "p@sha256:{"a" * 64}"\nports = ["99999:5432"]',
            "services.db.ports[0]",
            "between 1 and 65535",
        ),
        (
            f'[services.a]\nimage = "p@sha256:{"a" * 64}"\nports = ["6379:6379"]\n'
            f'[services.b]\nimage = "r@sha256:{"b" * 64}"\nports = ["6379"]',
            "services.b.ports[0]",
            "port 6379 of the runner is services.a's already",
        ),
        (
            f'[services.db]\nimage = "p@sha256:{"a" * 64}"\nhealth-cmd = "pg_isready"\n'
            'options = ["--health-interval=1s"]',
            "services.db.options",
            "comes from health-cmd",
        ),
        # a step's env and its secrets' variables, like every other env
        (
            '[[steps]]\nname = "x"\nslot = "before-build"\nrun = "a"\n'
            'env = { RUSTUP_TOOLCHAIN = "nightly" }',
            "steps[0].env.RUSTUP_TOOLCHAIN",
            "is set by workspace.toolchain",
        ),
        (
            '[[steps]]\nname = "x"\nslot = "before-build"\nrun = "a"\nenvironment = "e"\n'
            'secrets = { GITHUB_PATH = "TOKEN" }',
            "steps[0].secrets.GITHUB_PATH",
            "GitHub sets",
        ),
        (
            '[gate.env]\nCARGO_INCREMENTAL = "1"',
            "gate.env.CARGO_INCREMENTAL",
            "profile.incremental",
        ),
        ('[workflow.env]\nGITHUB_TOKEN = "x"', "workflow.env.GITHUB_TOKEN", "GitHub sets"),
        ('[workflow.env]\n"A-B" = "x"', "workflow.env.A-B", "environment variable name"),
        ('[runners.ubuntu]\ntarget = "x86_64 linux"', "runners.ubuntu.target", "target triple"),
        ('[profile]\ncargo-profile = "a b"', "profile.cargo-profile", "cargo profile name"),
        ('[profile]\ncargo-config = ["nothing"]', "profile.cargo-config[0]", "KEY=VALUE"),
        ('[profile]\ncargo-config = ["a.b=two words"]', "profile.cargo-config[0]", "not TOML"),
        ("[workflow]\nsubmodules = 1", "workflow.submodules", "expected one of false, true"),
        (
            '[[steps]]\nname = "x"\nslot = "before-build"\nrun = "a"\nsecrets = { T = "S" }',
            "steps[0].environment",
            "deployment environment",
        ),
        (
            '[[steps]]\nname = "x"\nslot = "before-build"\nrun = "a"\nenvironment = "e"\n'
            'secrets = { T = "GITHUB_TOKEN" }',
            "steps[0].secrets.T",
            "secret name",
        ),
    ],
)
def test_each_new_key_is_checked(tmp_path: Path, toml: str, where: str, message: str) -> None:
    manifest = tmp_path / "ci.toml"
    manifest.write_text(BASE + toml + "\n", encoding="utf-8")
    with pytest.raises(ManifestError) as failed:
        pipeline.make_plan(manifest)
    assert any(where in line and message in line for line in failed.value.lines()), (
        failed.value.lines()
    )


def problems_of(tmp_path: Path, toml: str, top: str = "") -> list[str]:
    manifest = tmp_path / "ci.toml"
    manifest.write_text(top + BASE + toml + "\n", encoding="utf-8")
    with pytest.raises(ManifestError) as failed:
        pipeline.make_plan(manifest)
    return [line.split(": ", 1)[1] for line in failed.value.lines()]


def test_a_bad_step_leaves_the_others_named_where_they_are(tmp_path: Path) -> None:
    step = '[[steps]]\nname = "s"\nslot = "before-build"\n'
    found = problems_of(
        tmp_path,
        f'{step}run = 3\n{step}run = "echo x   "\n{step}run = "a"\nsecrets = {{ T = "S" }}',
    )
    assert found == [
        "steps[0].run: expected a string, got an integer 3",
        "steps[1].run: line 1 ends in spaces",
        "steps[2].environment: secrets need the deployment environment that holds them, so "
        "that only the jobs naming it can read them",
    ]


def test_tables_of_the_wrong_shape_say_what_they_should_be(tmp_path: Path) -> None:
    found = problems_of(
        tmp_path,
        '[feature-sets.x]\nenv = "FOO=1"\n[runners.ubuntu]\nenv = []\n'
        '[services.a]\nimage = 3\n[services.b]\nimage = "postgres:17"',
        top='steps = { name = "x" }\n',
    )
    assert found == [
        "feature-sets.x.env: expected a table, got a string 'FOO=1'",
        "runners.ubuntu.env: expected a table, got an array",
        "steps: expected an array of tables ([[steps]]), got a table",
        "services.a.image: expected a string, got an integer 3",
        # one bad service hides no other's problems
        "services.b.image: 'postgres:17' is not pinned: add its digest, as actions are "
        "pinned by SHA (postgres:17@sha256:..., which `docker buildx imagetools inspect "
        "postgres:17` prints), so that a re-pushed tag cannot change the tests overnight",
    ]


def test_a_value_too_long_for_a_workflow_is_refused_with_its_key(tmp_path: Path) -> None:
    (found,) = problems_of(tmp_path, f'[workflow.env]\nBIG = "{"x" * 600_000}"')
    assert found.startswith("workflow.env.BIG: a string of 600,000 characters, over 16,384")
