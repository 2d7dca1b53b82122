"""What a job needs from its machine beyond Rust: system packages and service containers
([packages], [services]), decided once per job and counted in its disk and minutes, so
that what the plan predicts is what the workflow installs and starts."""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping, Sequence

import attrs

from ..manifest import Manifest, Runner, Service
from .extra import step_name
from .model import Extras, Job, Terms


@attrs.frozen
class Installer:
    """How one runner family installs packages: an index update first (or nothing), the
    install command the package names follow, and its environment."""

    update: tuple[str, ...]
    install: tuple[str, ...]
    env: tuple[tuple[str, str], ...] = ()


INSTALLERS: Mapping[str, Installer] = {
    "linux": Installer(
        ("sudo", "apt-get", "update", "-q"),
        ("sudo", "apt-get", "install", "-y", "-q", "--no-install-recommends"),
        (("DEBIAN_FRONTEND", "noninteractive"),),
    ),
    # the formulae as of the runner image: no update of Homebrew itself, minutes long
    "macos": Installer((), ("brew", "install"), (("HOMEBREW_NO_AUTO_UPDATE", "1"),)),
    "windows": Installer((), ("choco", "install", "-y", "--no-progress")),
}


def extras_for(
    m: Manifest, runner: Runner, kinds: Sequence[str], feature_sets: Iterable[str]
) -> Extras:
    """The packages and services of a job on ``runner`` that does the work of ``kinds``
    (``Job.kinds``: an archive job's is test's, a job that lints takes the gate's too)
    and runs (or builds for) ``feature_sets``."""
    doing = {"test" if kind == "archive" else kind for kind in kinds}
    wanted = set(feature_sets)
    pk = m.packages
    packages = pk.of(runner.os) if not pk.jobs or doing & set(pk.jobs) else ()
    services = tuple(
        name
        for name, service in sorted(m.services.items())
        if runner.os == "linux" and _starts(service, doing, wanted)
    )
    disk: Terms = ()
    minutes: Terms = ()
    if packages:
        disk += (("packages", pk.gb),)
        minutes += (("packages", pk.minutes),)
    if services:
        disk += (("services", math.fsum(m.services[n].gb for n in services)),)
        minutes += (("services", max(m.services[n].minutes for n in services)),)
    return Extras(packages, services, disk, minutes)


def _starts(service: Service, doing: set[str], feature_sets: set[str]) -> bool:
    """Beside the gate's clippy (which has no feature set), or beside the test and check
    builds of its feature sets (of every set, when it names none)."""
    if "gate" in doing and "gate" in service.jobs:
        return True
    builds = doing & set(service.jobs) - {"gate"}
    return bool(builds) and (
        not service.feature_sets or bool(feature_sets & set(service.feature_sets))
    )


def installer(job: Job) -> Installer:
    """The package manager of the job's runner family."""
    return INSTALLERS[job.os]


# how often docker runs a service's health command, and how long the job waits for it
HEALTH = ("--health-interval=5s", "--health-timeout=5s", "--health-retries=12")


def docker_options(service: Service) -> str:
    """The service's docker create options: its health check (the job's steps start once
    it passes: at most a minute) and the manifest's own options."""
    health = (f'--health-cmd "{service.health_cmd}"', *HEALTH) if service.health_cmd else ()
    return " ".join((*health, *service.options))


def with_packages(jobs: Sequence[Job]) -> list[Job]:
    """Each job installs its packages after the disk cleanup (whose full tier removes
    packages), or after the checkout in a job that cleans nothing."""
    return [_placed(job) for job in jobs]


def _placed(job: Job) -> Job:
    if not job.extras.packages:
        return job
    steps = list(job.steps)
    after = "prepare-disk" if "prepare-disk" in steps else "checkout"
    steps.insert(steps.index(after) + 1, "packages")
    return attrs.evolve(job, steps=tuple(steps))


# Lists of flags: set at several levels (workflow, runner, feature set or clippy), they
# add up, outer first, where GitHub would let the innermost replace the others.
FLAGS = ("RUSTFLAGS", "RUSTDOCFLAGS")


def with_runner_env(
    jobs: Sequence[Job], runners: Mapping[str, Runner], workflow: Mapping[str, str]
) -> list[Job]:
    """Each job that runs cargo gets its runner profile's environment; flags set at
    several levels hold them all."""
    out = []
    for job in jobs:
        if job.cargo is None:
            out.append(job)
            continue
        env = flags_added(workflow, dict(runners[job.runner].env))
        outer = {**workflow, **env}
        commands = tuple(
            attrs.evolve(c, env=tuple(sorted(flags_added(outer, dict(c.env)).items())))
            for c in job.cargo.commands
        )
        cargo = attrs.evolve(job.cargo, commands=commands)
        out.append(attrs.evolve(job, env=tuple(sorted(env.items())), cargo=cargo))
    return out


def flags_added(outer: Mapping[str, str], env: dict[str, str]) -> dict[str, str]:
    """``env`` with each of its flags after the same flags of ``outer``."""
    for name in FLAGS:
        if name in env and outer.get(name):
            env[name] = f"{outer[name]} {env[name]}"
    return env


def unplaced(m: Manifest, jobs: Sequence[Job]) -> list[str]:
    """The packages, services and own steps that no job of the plan takes, each with
    the key that placed them nowhere (a kind of job the plan has not, a family no
    runner is of)."""
    found = []
    families = {job.os for job in jobs if job.cargo is not None}
    for family, manager in (("linux", "apt"), ("macos", "brew"), ("windows", "choco")):
        if m.packages.of(family) and not any(
            job.os == family and job.extras.packages for job in jobs
        ):
            why = "no job runs on it" if family not in families else "packages.jobs leaves it out"
            found.append(f"packages.{manager} is installed nowhere: {why}")
    started = {name for job in jobs for name in job.extras.services}
    for name in sorted(set(m.services) - started):
        found.append(
            f"services.{name} starts in no job: its jobs and feature-sets match none of the "
            "plan's Linux jobs (GitHub starts services on Linux runners only)"
        )
    placed = {step for job in jobs for step in job.steps}
    for index, step in enumerate(m.steps):
        if step_name(index) not in placed:
            found.append(
                f"steps[{index}] ({step.name!r}) runs in no job: its jobs and os match none "
                "of the plan's jobs that run cargo"
            )
    return found
