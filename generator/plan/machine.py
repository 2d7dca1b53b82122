"""What a job needs from its machine beyond Rust: system packages and service containers
([packages], [services]), decided once per job and counted in its disk and minutes, so
that what the plan predicts is what the workflow installs and starts."""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping, Sequence

import attrs

from ..manifest import Manifest, Runner, Service
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


def extras_for(m: Manifest, runner: Runner, kind: str, feature_sets: Iterable[str]) -> Extras:
    """The packages and services of a job of ``kind`` on ``runner`` that runs (or builds
    for) ``feature_sets``; an archive job builds tests, so it counts as a test job."""
    as_kind = "test" if kind == "archive" else kind
    wanted = set(feature_sets)
    pk = m.packages
    packages = pk.of(runner.os) if not pk.jobs or as_kind in pk.jobs else ()
    services = tuple(
        name
        for name, s in sorted(m.services.items())
        if runner.os == "linux"
        and as_kind in s.jobs
        and (not s.feature_sets or wanted & set(s.feature_sets))
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


def with_runner_env(jobs: Sequence[Job], runners: Mapping[str, Runner]) -> list[Job]:
    """Each job that runs cargo gets its runner profile's environment."""
    return [
        attrs.evolve(job, env=runners[job.runner].env)
        if job.cargo is not None and runners[job.runner].env
        else job
        for job in jobs
    ]
