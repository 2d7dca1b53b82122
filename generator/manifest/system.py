"""``[packages]`` and ``[services.<name>]``: what the jobs need from the machine beyond
Rust (a system library, protoc, a database for the integration tests), installed or
started by ci-gen, and counted in each job's disk and minutes like the rest."""

import re
from collections.abc import Iterator, Mapping

import attrs

from ..errors import Issue, PathPart
from .checks import issue, pattern
from .fields import GB, Bounds, doc
from .steps import ENV_NAME, JobKind

# what each package manager takes as a name (and apt a version): nothing to quote
# name[:arch][=version]: libssl-dev:arm64 for a cross build
APT = re.compile(r"[a-z0-9][a-z0-9+.-]*(:[a-z0-9-]+)?(=[A-Za-z0-9.+:~-]+)?")
BREW = re.compile(r"[a-z0-9][a-z0-9@+._-]*(/[a-z0-9][a-z0-9@+._-]*){0,2}")
CHOCO = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]*")
MANAGERS = {"apt": ("linux", APT), "brew": ("macos", BREW), "choco": ("windows", CHOCO)}

# registry host (optional), repository path, then a tag and/or a digest
IMAGE = re.compile(
    r"(?P<host>[a-z0-9.-]+(:[0-9]{1,5})?/)?[a-z0-9]+([._/-][a-z0-9]+)*"
    r"(:(?P<tag>[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}))?(?P<digest>@sha256:[0-9a-f]{64})?"
)
PORT = re.compile(r"[0-9]{1,5}(:[0-9]{1,5})?(/(tcp|udp))?")
OPTION = re.compile(r"--[a-z][a-z0-9-]*(=[A-Za-z0-9_.:/@%+,=-]+)?")
HEALTH = re.compile(r"[A-Za-z0-9_./:=@%+-]+( [A-Za-z0-9_./:=@%+-]+)*")


@attrs.frozen
class Packages:
    """System packages the builds need, per package manager: each job that runs cargo
    installs those of its runner family, after the disk cleanup (which removes
    packages)."""

    apt: tuple[str, ...] = doc("Debian packages for Linux jobs (apt-get install)", ())
    brew: tuple[str, ...] = doc("Homebrew formulae for macOS jobs (brew install)", ())
    choco: tuple[str, ...] = doc("Chocolatey packages for Windows jobs (choco install)", ())
    jobs: tuple[JobKind, ...] = doc(
        "the kinds of job that install them: gate, test, check (default: every job that "
        "runs cargo)",
        (),
    )
    gb: float = doc("disk they take once installed, GB (an estimate to replace)", 0.5, bounds=GB)
    minutes: float = doc(
        "minutes the install takes, the package index update included",
        1.0,
        bounds=Bounds(0, 60),
    )

    def of(self, family: str) -> tuple[str, ...]:
        """The packages of one runner family."""
        return {"linux": self.apt, "macos": self.brew, "windows": self.choco}.get(family, ())


@attrs.frozen
class Service:
    """A container the tests talk to (postgres, redis). GitHub runs service containers
    on Linux runners only: jobs on other families start without it."""

    image: str = doc(
        "the image pinned by its digest, after its tag: postgres:17@sha256:<64 hex digits>"
    )
    ports: tuple[str, ...] = doc("ports published on the runner, host:container", ())
    env: Mapping[str, str] = doc(
        "the container's environment (POSTGRES_PASSWORD...)", attrs.Factory(dict)
    )
    health_cmd: str | None = doc(
        "a command docker runs until it succeeds; the job's steps wait until it does", None
    )
    options: tuple[str, ...] = doc("more docker create options, each --name=value", ())
    jobs: tuple[JobKind, ...] = doc("the kinds of job it runs for: gate, test, check", ("test",))
    feature_sets: tuple[str, ...] = doc(
        "only the jobs of these feature sets (default: every feature set)", ()
    )
    gb: float = doc("disk its image and data take, GB", 0.5, bounds=GB)
    minutes: float = doc(
        "minutes to pull the image and wait until healthy", 0.5, bounds=Bounds(0, 60)
    )


def check_packages(packages: Packages) -> Iterator[Issue]:
    for manager, (_, expected) in MANAGERS.items():
        names: tuple[str, ...] = getattr(packages, manager)
        for i, name in enumerate(names):
            yield from pattern(["packages", manager, i], name, expected, f"{manager} package")
            if name in names[:i]:
                yield issue(["packages", manager, i], f"'{name}' is listed already")


def check_services(services: Mapping[str, Service], feature_sets: set[str]) -> Iterator[Issue]:
    for name, service in services.items():
        at: list[PathPart] = ["services", name]
        yield from pattern(at, name, SERVICE_NAME, "service name")
        yield from _image([*at, "image"], service.image)
        for i, port in enumerate(service.ports):
            yield from _port([*at, "ports", i], port)
        for key in service.env:
            yield from pattern([*at, "env", key], key, ENV_NAME, "environment variable name")
        if service.health_cmd is not None:
            yield from pattern(
                [*at, "health-cmd"], service.health_cmd, HEALTH, "command (words, no quotes)"
            )
        for i, option in enumerate(service.options):
            yield from pattern([*at, "options", i], option, OPTION, "docker option (--name=value)")
        for i, fs in enumerate(service.feature_sets):
            if fs not in feature_sets:
                yield issue([*at, "feature-sets", i], f"unknown feature set '{fs}'")
        if service.feature_sets and set(service.jobs) <= {"gate"}:
            yield issue(
                [*at, "feature-sets"],
                "the gate's clippy has no feature set: feature-sets choose among test and "
                "check jobs (add them to jobs), or leave feature-sets out",
            )
        for option in service.options:
            if option.split("=", 1)[0] in OWN_OPTIONS:
                yield issue(
                    [*at, "options"],
                    f"{option.split('=', 1)[0]} comes from health-cmd: set that instead",
                )
    yield from _shared_ports(services)


# docker options ci-gen writes from health-cmd
OWN_OPTIONS = ("--health-cmd", "--health-interval", "--health-timeout", "--health-retries")


def _port(at: list[PathPart], port: str) -> Iterator[Issue]:
    """host:container (or one port for both), each 1-65535."""
    if not PORT.fullmatch(port):
        yield from pattern(at, port, PORT, "port (host:container)")
        return
    numbers = [int(n) for n in port.split("/", maxsplit=1)[0].split(":")]
    if not all(1 <= n <= 65535 for n in numbers):
        yield issue(at, f"'{port}': a port is between 1 and 65535")


def _shared_ports(services: Mapping[str, Service]) -> Iterator[Issue]:
    """Two services that can start in one job cannot take the same port of the runner."""
    seen: list[tuple[str, str]] = []  # (host port, service)
    for name, service in services.items():
        for i, port in enumerate(service.ports):
            host = port.split("/")[0].split(":")[0]
            other = next(
                (o for p, o in seen if p == host and o != name and _together(service, services[o])),
                None,
            )
            if other is not None:
                yield issue(
                    ["services", name, "ports", i],
                    f"port {host} of the runner is services.{other}'s already, in the same jobs",
                )
            seen.append((host, name))


def _together(a: Service, b: Service) -> bool:
    """Whether some job starts both."""
    if not set(a.jobs) & set(b.jobs):
        return False
    return (
        not a.feature_sets or not b.feature_sets or bool(set(a.feature_sets) & set(b.feature_sets))
    )


SERVICE_NAME = re.compile(r"[a-z][a-z0-9_-]{0,62}")


def _image(at: list[PathPart], image: str) -> Iterator[Issue]:
    found = IMAGE.fullmatch(image)
    if found is None:
        yield issue(at, f"'{image}' is not a container image (name:tag or name@sha256:...)")
    elif not found["digest"]:
        yield issue(
            at,
            f"'{image}' is not pinned: add its digest, as actions are pinned by SHA "
            f"({image}@sha256:..., which `docker buildx imagetools inspect {image}` "
            "prints), so that a re-pushed tag cannot change the tests overnight",
        )
