"""Checks beyond structure: names, references between tables, ranges.

Each check yields ``Issue``s; ``validate`` runs them all so the user sees every problem
at once. References are checked against the names *declared* in the file, so an entry
that failed to structure is not reported a second time as unknown.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import PurePosixPath

from ..errors import Issue, PathPart
from .checks import TAG, did_you_mean, issue, pattern, shown
from .defaults import RUNNERS
from .environment import check_environments
from .fields import out_of_bounds
from .graph import normal_cycle
from .model import Crate, Manifest
from .runners import missing_keys
from .settings import check_profile
from .steps import check_steps
from .system import check_packages, check_services

Declared = dict[str, set[str]]

NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_-]*$")
# cargo: a Unicode letter, digit or _ first, then those or - + . (\w is Unicode-aware)
FEATURE = re.compile(r"^\w[\w+.-]*$")
# ASCII digits, a few of them: rustup's versions (Python's \d takes any script's digits)
VERSION = re.compile(r"[0-9]{1,4}\.[0-9]{1,4}(\.[0-9]{1,4})?")
TOOLCHAIN_EXAMPLES = ("stable", "beta", "nightly", "nightly-2026-01-15", "1.80")
TOOLCHAIN = re.compile(
    r"(stable|beta|nightly)(-[0-9]{4}-[0-9]{2}-[0-9]{2})?|[0-9]{1,4}\.[0-9]{1,4}(\.[0-9]{1,4})?"
)
# what cargo and clippy options are made of (no shell or YAML syntax: no quoting needed)
CARGO_ARG = re.compile(r"[A-Za-z0-9_=:.,+/@%-]+")
BRANCH = re.compile(r"^[A-Za-z0-9._/-]+$")
LABEL = re.compile(r"^[A-Za-z0-9._-]+$")
ACTION = re.compile(r"^[A-Za-z0-9_.-]+/[A-Za-z0-9_.-]+$")
SHA = re.compile(r"^[0-9a-f]{40}$")
VCS_AT_SHA = re.compile(r"^git\+https://[^\s@]+@[0-9a-f]{40}(#egg=[A-Za-z0-9_.-]+)?$")
WORKFLOW_FILE = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]{0,99}\.ya?ml")
HASHED = re.compile(r"^\S+==\S+( --hash=sha256:[0-9a-f]{64})+$")
# rustc's target triples: arch-vendor-os[-env], e.g. x86_64-unknown-linux-musl
TRIPLE = re.compile(r"[a-z0-9_]+(-[a-z0-9_.]+){1,3}")


def validate(
    manifest: Manifest, declared: Declared, steps_at: tuple[int, ...] | None = None
) -> list[Issue]:
    """Every problem of the structured manifest; ``steps_at`` is where in the file each
    [[steps]] entry was (by default, in order)."""
    names = _names(manifest, declared)
    at = tuple(range(len(manifest.steps))) if steps_at is None else steps_at
    checks = (
        _workspace(manifest),
        _crates(manifest, names),
        _feature_sets(manifest, names),
        _matrix(manifest, names),
        _runners(manifest),
        out_of_bounds(manifest, []),
        _pins(manifest),
        _gate(manifest),
        _workflow(manifest),
        check_profile(manifest.profile),
        check_environments(manifest, at),
        check_steps(manifest.steps, at),
        check_packages(manifest.packages),
        check_services(manifest.services, names["feature_sets"]),
    )
    return [issue for check in checks for issue in check]


def _names(manifest: Manifest, declared: Declared) -> Declared:
    crates = declared.get("crates", set(manifest.crates))
    feature_sets = declared.get("feature_sets", set(manifest.feature_sets)) or {"default"}
    runners = declared.get("runners", set()) | set(RUNNERS)
    return {"crates": crates, "feature_sets": feature_sets, "runners": runners}


def _unknown(path: list[PathPart], what: str, name: str, known: set[str]) -> Issue:
    return issue(path, f"unknown {what} {shown(name)}{did_you_mean(name, sorted(known))}")


def _workspace(m: Manifest) -> Iterator[Issue]:
    ws = m.workspace
    yield from pattern(
        ["workspace", "toolchain"], ws.toolchain, TOOLCHAIN, "toolchain", TOOLCHAIN_EXAMPLES
    )
    if ws.msrv is not None:
        yield from pattern(["workspace", "msrv"], ws.msrv, TOOLCHAIN, "Rust version")
    yield from pattern(["workspace", "default-branch"], ws.default_branch, BRANCH, "branch")
    if ws.nextest_profile is not None:
        yield from pattern(["workspace", "nextest-profile"], ws.nextest_profile, NAME, "profile")


def _crates(m: Manifest, names: Declared) -> Iterator[Issue]:
    if not names["crates"]:
        yield issue(["crates"], "no crates declared: add [crates.<package>] with path = '...'")
    elif not any(c.role == "tested" for c in m.crates.values()) and _complete(m, names):
        yield issue(["crates"], "no crate has role = 'tested': nothing would be tested")
    paths: dict[str, str] = {}
    for name, crate in m.crates.items():
        at: list[PathPart] = ["crates", name]
        yield from pattern(at, name, NAME, "package name")
        yield from _crate_path([*at, "path"], crate.path)
        folder = PurePosixPath(crate.path).as_posix()  # "./a" and "a/" are the folder "a"
        if folder in paths:
            yield issue([*at, "path"], f"same folder as crate '{paths[folder]}'")
        paths.setdefault(folder, name)
        yield from _crate_refs(at, name, crate.deps, crate.dev_deps, names["crates"])
        if crate.rust_version is not None:
            yield from pattern([*at, "rust-version"], crate.rust_version, VERSION, "Rust version")
        for i, feature in enumerate(crate.features):
            yield from pattern([*at, "features", i], feature, FEATURE, "feature name")
        yield from _feature_costs(at, crate)
    # A self-dependency is reported above; it is not a second problem as a cycle.
    cycle = normal_cycle({n: [d for d in c.deps if d != n] for n, c in m.crates.items()})
    if cycle:
        yield issue(["crates"], "dependency cycle through normal deps: " + " -> ".join(cycle))


def _feature_costs(at: list[PathPart], crate: Crate) -> Iterator[Issue]:
    for feature in crate.feature_cost:
        where: list[PathPart] = [*at, "feature-cost", feature]
        if feature not in crate.features and feature != "*":  # *: every feature at once
            yield _unknown(where, "feature", feature, set(crate.features))


def _complete(m: Manifest, names: Declared) -> bool:
    """Every declared crate structured: checks that need all of them are meaningful."""
    return set(m.crates) == names["crates"]


def _crate_path(path: list[PathPart], value: str) -> Iterator[Issue]:
    pure = PurePosixPath(value)
    if pure.is_absolute() or ".." in pure.parts or "\\" in value or not value:
        yield issue(path, f"'{value}' must be a relative folder inside the repository")


def _crate_refs(
    at: list[PathPart], name: str, deps: tuple[str, ...], dev: tuple[str, ...], known: set[str]
) -> Iterator[Issue]:
    for key, refs in (("deps", deps), ("dev-deps", dev)):
        for i, ref in enumerate(refs):
            if ref not in known:
                yield _unknown([*at, key, i], "crate", ref, known)
            elif ref == name and key == "deps":
                yield issue([*at, key, i], "a crate cannot depend on itself")


def _feature_sets(m: Manifest, names: Declared) -> Iterator[Issue]:
    for name, fs in m.feature_sets.items():
        at: list[PathPart] = ["feature-sets", name]
        yield from pattern(at, name, NAME, "feature set name")
        for key, refs in (("crates", fs.crates), ("skip", fs.skip)):
            for i, ref in enumerate(refs):
                if ref not in names["crates"]:
                    yield _unknown([*at, key, i], "crate", ref, names["crates"])
        selected = set(fs.crates or [n for n, c in m.crates.items() if c.role == "tested"])
        selected -= set(fs.skip)
        # A crate that failed to structure may be selected: an empty selection is unknown.
        if m.crates and not selected and _complete(m, names):
            yield issue(at, "selects no crate: check crates and skip")
        for i, feature in enumerate(fs.features):
            yield from _feature([*at, "features", i], feature, m, selected, names["crates"])


def _feature(
    at: list[PathPart], feature: str, m: Manifest, selected: set[str], known: set[str]
) -> Iterator[Issue]:
    crate, _, plain = feature.rpartition("/")
    if not FEATURE.fullmatch(plain) or (crate and not NAME.fullmatch(crate)):
        yield issue(at, f"'{feature}' is not a valid feature ('name' or 'crate/name')")
    elif crate and crate not in known:
        yield _unknown(at, "crate", crate, known)
    elif crate and crate in m.crates:
        declared = list(m.crates[crate].features)
        if not declared:
            yield issue(
                at,
                f"crate '{crate}' declares no features (list its features in "
                f"crates.{crate}.features, as its Cargo.toml does)",
            )
        elif plain not in declared:
            yield issue(
                at, f"crate '{crate}' declares no feature '{plain}'{did_you_mean(plain, declared)}"
            )
    elif (
        not crate
        and set(m.crates) == known  # a crate that failed to structure may declare it
        and not any(plain in m.crates[c].features for c in selected if c in m.crates)
    ):
        declared = sorted({f for c in selected if c in m.crates for f in m.crates[c].features})
        close = did_you_mean(plain, declared)
        yield issue(
            at,
            f"no crate of this set declares feature '{plain}'"
            + (close or " (list it in crates.<name>.features, or write 'crate/feature')"),
        )


def _matrix(m: Manifest, names: Declared) -> Iterator[Issue]:
    mx = m.matrix
    if not mx.os:
        yield issue(["matrix", "os"], "needs at least one runner profile")
    for i, os in enumerate(mx.os):
        if os not in names["runners"]:
            yield _unknown(["matrix", "os", i], "runner profile", os, names["runners"])
    for i, os in enumerate(mx.full):
        if os not in mx.os:
            yield issue(["matrix", "full", i], f"'{os}' is not in matrix.os")
    for i, fs in enumerate(mx.smoke):
        if fs not in names["feature_sets"]:
            yield _unknown(["matrix", "smoke", i], "feature set", fs, names["feature_sets"])
    for key, entries in (("os", mx.os), ("full", mx.full), ("smoke", mx.smoke)):
        yield from _once(["matrix", key], entries)
    yield from _once(["matrix", "toolchains"], mx.toolchains)
    for i, toolchain in enumerate(mx.toolchains):
        yield from pattern(
            ["matrix", "toolchains", i], toolchain, TOOLCHAIN, "toolchain", TOOLCHAIN_EXAMPLES
        )
        if toolchain == m.workspace.toolchain:
            yield issue(["matrix", "toolchains", i], "is already workspace.toolchain")


def _once(at: list[PathPart], entries: tuple[str, ...]) -> Iterator[Issue]:
    """Each entry of a list once: a repeat would plan the same jobs twice."""
    seen: set[str] = set()
    for i, entry in enumerate(entries):
        if entry in seen:
            yield issue([*at, i], f"{shown(entry)} is listed already")
        seen.add(entry)


def _runners(m: Manifest) -> Iterator[Issue]:
    for name, spec in m.runners.items():
        at: list[PathPart] = ["runners", name]
        yield from pattern(at, name, NAME, "runner profile name")
        if spec.extends is not None and spec.extends not in RUNNERS:
            yield _unknown([*at, "extends"], "built-in profile", spec.extends, set(RUNNERS))
        elif missing := missing_keys(name, spec):
            keys = ", ".join(k.replace("_", "-") for k in missing)
            yield issue(at, f"a new runner profile needs {keys} (or extends = 'ubuntu')")
        if spec.label is not None:
            yield from pattern([*at, "label"], spec.label, LABEL, "runner label")
        if spec.target is not None:
            yield from pattern([*at, "target"], spec.target, TRIPLE, "target triple")


def _pins(m: Manifest) -> Iterator[Issue]:
    for action, pin in m.pins.items():
        at: list[PathPart] = ["pins", action]
        yield from pattern(at, action, ACTION, "action (owner/repo)")
        if not SHA.fullmatch(pin.sha):
            yield issue([*at, "sha"], "must be a full 40-character lowercase commit SHA")
        yield from pattern([*at, "tag"], pin.tag, TAG, "release tag")


def _gate(m: Manifest) -> Iterator[Issue]:
    gate = m.gate
    for i, arg in enumerate(gate.clippy_args):
        yield from pattern(["gate", "clippy-args", i], arg, CARGO_ARG, "cargo argument")
    if gate.action is not None:
        yield from pattern(["gate", "action"], gate.action, ACTION, "repository (owner/name)")
        if gate.install is not None:
            yield issue(["gate", "install"], "set gate.action or gate.install, not both")
        elif ACTION.fullmatch(gate.action) and gate.action not in m.pins:
            yield issue(
                ["gate", "action"],
                f"'{gate.action}' has no pin: add [pins.\"{gate.action}\"] with the sha and "
                "tag of the ci-gen release to run",
            )
    if gate.install is not None and not _trusted_install(gate.install, gate.install_from_index):
        yield issue(
            ["gate", "install"],
            f"{gate.install!r} is not pinned: give a VCS URL at a full commit SHA "
            "(git+https://github.com/<owner>/<repo>@<sha>), requirement lines with "
            "--hash=sha256:..., or set gate.install-from-index = true to trust the index",
        )


def _workflow(m: Manifest) -> Iterator[Issue]:
    yield from pattern(
        ["workflow", "file"], m.workflow.file, WORKFLOW_FILE, "workflow file name (name.yml)"
    )
    if not m.workflow.name.strip():
        yield issue(["workflow", "name"], "must not be empty")


def _trusted_install(install: str, from_index: bool) -> bool:
    if "\n" in install.strip() or "\r" in install:
        lines = [line.strip() for line in install.strip().splitlines()]
        return all(HASHED.fullmatch(line) for line in lines if line)
    text = install.strip()
    return bool(VCS_AT_SHA.fullmatch(text) or HASHED.fullmatch(text)) or (
        from_index and bool(re.fullmatch(r"^[A-Za-z0-9_.-]+==[A-Za-z0-9_.+-]+$", text))
    )
