"""The cargo command lines of each job, decided here so templates only lay them out."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from .model import Crate, FeatureSet, Gate, Workspace
from .planmodel import Cargo, Command


def rustup_install(toolchain: str, components: Sequence[str] = ()) -> tuple[str, ...]:
    """Install with rustup, already on every hosted runner: no third-party action to pin."""
    extra = [arg for c in components for arg in ("--component", c)]
    return (
        "rustup",
        "toolchain",
        "install",
        toolchain,
        "--profile",
        "minimal",
        "--no-self-update",
        *extra,
    )


def feature_flags(
    crates: Mapping[str, Crate], spec: FeatureSet, packages: Sequence[str]
) -> tuple[str, ...]:
    """Cargo flags for a feature set, resolved to ``crate/feature`` for ``packages`` only.

    Plain names go to every selected package that declares them; ``crate/feature``
    entries for crates not selected are dropped (cargo would reject them).
    """
    flags = ["--no-default-features"] if spec.no_default_features else []
    if spec.all_features:
        flags.append("--all-features")
    wanted: set[str] = set()
    for feature in spec.features:
        crate, _, plain = feature.rpartition("/")
        owners = [crate] if crate else [p for p in packages if plain in crates[p].features]
        wanted.update(f"{owner}/{plain}" for owner in owners if owner in packages)
    for feature in sorted(wanted):
        flags += ["--features", feature]
    return tuple(flags)


def _select(packages: Sequence[str]) -> list[str]:
    return [arg for p in packages for arg in ("--package", p)]


def _locked(ws: Workspace) -> list[str]:
    return ["--locked"] if ws.locked else []


def test_cargo(
    ws: Workspace, crates: Mapping[str, Crate], spec: FeatureSet, packages: Sequence[str]
) -> Cargo:
    """Build, run, then doc-test: separate steps, so logs show where time and disk go.

    Neither nextest nor ``cargo test --all-targets`` runs doc tests, so they get their
    own step, limited to the crates whose doc-tests are on.
    """
    flags = feature_flags(crates, spec, packages)
    common = [*_locked(ws), *_select(packages), *flags]
    if ws.nextest:
        profile = ["--profile", ws.nextest_profile] if ws.nextest_profile else []
        commands = [
            Command("Build tests", ("cargo", "nextest", "run", "--no-run", *common)),
            Command("Run tests", ("cargo", "nextest", "run", *profile, "--no-fail-fast", *common)),
        ]
    else:
        commands = [
            Command("Build tests", ("cargo", "test", "--no-run", "--all-targets", *common)),
            Command("Run tests", ("cargo", "test", "--no-fail-fast", "--all-targets", *common)),
        ]
    doc = [p for p in packages if crates[p].doc_tests]
    if doc:
        doc_flags = feature_flags(crates, spec, doc)
        argv = ("cargo", "test", "--doc", *_locked(ws), *_select(doc), *doc_flags)
        commands.append(Command("Run doc tests", argv))
    return Cargo(tuple(packages), flags, tuple(commands), nextest=ws.nextest)


def check_cargo(
    ws: Workspace, crates: Mapping[str, Crate], spec: FeatureSet, packages: Sequence[str]
) -> Cargo:
    flags = feature_flags(crates, spec, packages)
    argv = ("cargo", "check", *_locked(ws), *_select(packages), *flags)
    return Cargo(tuple(packages), flags, (Command("Check", argv),))


def clippy_cargo(ws: Workspace, gate: Gate) -> Cargo:
    deny = ["--", "-D", "warnings"] if gate.deny_warnings else []
    argv = ("cargo", "clippy", "--workspace", *_locked(ws), *gate.clippy_args, *deny)
    return Cargo((), (), (Command("Clippy", argv),))
