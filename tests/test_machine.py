"""The escape hatches beyond [[steps]]: system packages, service containers, environment,
cargo's profile, --config and --target, submodules; placed where the keys say, counted
in the plan, their scripts run under bash with shims, and every key checked."""

from __future__ import annotations

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
from ci_gen.plan import Plan

from .conftest import GOLDEN

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
                assert step["env"] == {"CARGO_REGISTRIES_INTERNAL_TOKEN": secret}
            else:
                assert secret not in yaml.safe_dump(step)


BASE = '[crates.a]\npath = "."\n'


@pytest.mark.parametrize(
    ("toml", "where", "message"),
    [
        ('[packages]\napt = ["libssl-dev; rm -rf /"]', "packages.apt[0]", "apt package"),
        ('[packages]\nbrew = ["a b"]', "packages.brew[0]", "brew package"),
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
            "set by ci-gen",
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
