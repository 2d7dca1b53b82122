"""The command lines of each job, decided here so templates only lay them out.

What a job chooses for itself (its packages and features, its nextest partition, its
toolchain) is a named ``Part`` of the command; the rest is fixed for every job of the
kind, so jobs of one kind can share one matrix job whose entries carry the parts.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import attrs

from ..manifest import Crate, FeatureSet, Gate, Manifest, Runner, Workspace
from .model import Cargo, Command, Part, Word


@attrs.frozen
class Build:
    """How a job's cargo commands build: the workspace's settings, and the words every
    one of them takes (--locked, the cargo profile, --config, the runner's --target)."""

    ws: Workspace
    profile: str | None = None
    config: tuple[str, ...] = ()
    target: str | None = None

    @classmethod
    def of(cls, m: Manifest, runner: Runner) -> Build:
        return cls(m.workspace, m.profile.cargo_profile, m.profile.cargo_config, runner.target)

    def words(self, nextest: bool = False) -> list[str]:
        """cargo's words; nextest's (``--profile`` is its own, cargo's is ``--cargo-profile``)."""
        out = ["--locked"] if self.ws.locked else []
        if self.profile:
            out += ["--cargo-profile" if nextest else "--profile", self.profile]
        for setting in self.config:
            out += ["--config", setting]
        if self.target:
            out += ["--target", self.target]
        return out

    @property
    def targets(self) -> tuple[str, ...]:
        return (self.target,) if self.target else ()


def rustup_install(
    toolchain: str, components: Sequence[str] = (), targets: Sequence[str] = ()
) -> Command:
    """Install with rustup, already on every hosted runner: no third-party action to pin."""
    extra = [arg for c in components for arg in ("--component", c)]
    extra += [arg for t in targets for arg in ("--target", t)]
    words = ("rustup", "toolchain", "install", Part("toolchain", (toolchain,)))
    return Command("Install Rust", (*words, "--profile", "minimal", "--no-self-update", *extra))


def another_toolchain(toolchain: str, targets: Sequence[str] = ()) -> Command:
    """A toolchain a job runs some cargo commands with (``cargo +<toolchain>``), without
    components; installed after the cache is restored, so that rust-cache keys the entry
    by the job's own toolchain alone (a new beta or nightly would churn it)."""
    words = ("rustup", "toolchain", "install", toolchain, "--profile", "minimal")
    extra = [arg for t in targets for arg in ("--target", t)]
    return Command(f"Install Rust {toolchain}", (*words, "--no-self-update", *extra))


def feature_flags(
    crates: Mapping[str, Crate], spec: FeatureSet, packages: Sequence[str]
) -> tuple[str, ...]:
    """Cargo flags for a feature set, resolved to ``crate/feature`` for ``packages``.

    Plain names go to every selected package that declares them; a ``crate/feature``
    entry stays when the crate is selected or a dependency of one (cargo then enables
    the dependency's feature), and is dropped otherwise (cargo would reject it).
    """
    flags = ["--no-default-features"] if spec.no_default_features else []
    if spec.all_features:
        flags.append("--all-features")
    reach = set(packages) | {d for p in packages for d in (*crates[p].deps, *crates[p].dev_deps)}
    wanted: set[str] = set()
    for feature in spec.features:
        crate, _, plain = feature.rpartition("/")
        owners = [crate] if crate else [p for p in packages if plain in crates[p].features]
        wanted.update(f"{owner}/{plain}" for owner in owners if owner in reach)
    for feature in sorted(wanted):
        flags += ["--features", feature]
    return tuple(flags)


def package_args(packages: Sequence[str]) -> list[str]:
    """``--package a --package b``."""
    return [arg for p in packages for arg in ("--package", p)]


ARCHIVE_FILE = "nextest-archive.tar.zst"  # in the checkout: uploaded, then downloaded


def test_cargo(
    build: Build,
    crates: Mapping[str, Crate],
    spec: FeatureSet,
    packages: Sequence[str],
    partition: tuple[int, int] | None = None,
) -> Cargo:
    """Build, then run: separate steps, so logs show where time and disk go.

    With nextest, doc tests (which it does not run) get a step of their own, limited to
    the crates whose doc-tests are on; with ``partition`` (i, n) the run takes nextest's
    partition i of n, and only the first runs the doc tests. Plain ``cargo test`` keeps
    cargo's own choice of targets, as each crate's author set it (``test = false``,
    ``doctest = false``, a cdylib's absent doc tests): no ``--all-targets``, which would
    test what the author left out, and no separate doc step, since it runs them itself.
    """
    ws = build.ws
    flags = feature_flags(crates, spec, packages)
    chosen = _packages(packages, flags)
    env = _env(spec)
    if ws.nextest:
        words = build.words(nextest=True)
        run: tuple[Word, ...] = (
            *_profile(ws),
            _partition(partition),
            "--no-fail-fast",
            *words,
            chosen,
        )
        commands = [
            Command(
                "Build tests", ("cargo", "nextest", "run", "--no-run", *words, chosen), env=env
            ),
            Command("Run tests", ("cargo", "nextest", "run", *run), env=env),
        ]
    else:
        words = build.words()
        commands = [
            Command("Build tests", ("cargo", "test", "--no-run", *words, chosen), env=env),
            Command("Run tests", ("cargo", "test", "--no-fail-fast", *words, chosen), env=env),
        ]
    if ws.nextest and (partition is None or partition[0] == 1):
        commands += _doc_tests(build, crates, spec, packages)
    return Cargo(tuple(packages), flags, tuple(commands), nextest=ws.nextest)


def _env(spec: FeatureSet) -> tuple[tuple[str, str], ...]:
    return tuple(sorted(spec.env.items()))


def archive_cargo(
    build: Build, crates: Mapping[str, Crate], spec: FeatureSet, packages: Sequence[str]
) -> Cargo:
    """Build the tests once into a nextest archive (and run the doc tests meanwhile)."""
    flags = feature_flags(crates, spec, packages)
    words = ("cargo", "nextest", "archive", "--archive-file", ARCHIVE_FILE, *build.words(True))
    archive = Command(
        "Build the test archive", (*words, _packages(packages, flags)), env=_env(spec)
    )
    commands = [archive, *_doc_tests(build, crates, spec, packages)]
    return Cargo(tuple(packages), flags, tuple(commands), nextest=True)


def archive_run_cargo(
    ws: Workspace, spec: FeatureSet, packages: Sequence[str], partition: tuple[int, int]
) -> Cargo:
    """Run partition i of n from the downloaded archive: no build, so no cargo flags."""
    archive = ("--archive-file", ARCHIVE_FILE, "--workspace-remap", ".")
    words: tuple[Word, ...] = (*archive, *_profile(ws), _partition(partition), "--no-fail-fast")
    command = Command("Run tests", ("cargo", "nextest", "run", *words), env=_env(spec))
    return Cargo(tuple(packages), (), (command,), nextest=True, builds=False)


def _packages(packages: Sequence[str], flags: Sequence[str]) -> Part:
    return Part("cargo-args", (*package_args(packages), *flags))


def _profile(ws: Workspace) -> list[str]:
    return ["--profile", ws.nextest_profile] if ws.nextest_profile else []


def _partition(partition: tuple[int, int] | None) -> Part:
    words = ("--partition", f"count:{partition[0]}/{partition[1]}") if partition else ()
    return Part("partition", words)


def _doc_tests(
    build: Build, crates: Mapping[str, Crate], spec: FeatureSet, packages: Sequence[str]
) -> list[Command]:
    doc = [p for p in packages if crates[p].doc_tests]
    if not doc:
        return []
    chosen = Part("doc-test-args", (*package_args(doc), *feature_flags(crates, spec, doc)))
    words: tuple[Word, ...] = ("cargo", "test", "--doc", *build.words(), chosen)
    return [Command("Run doc tests", words, when=chosen.name, env=_env(spec))]


def check_cargo(
    build: Build, crates: Mapping[str, Crate], spec: FeatureSet, packages: Sequence[str]
) -> Cargo:
    flags = feature_flags(crates, spec, packages)
    words: tuple[Word, ...] = ("cargo", "check", *build.words(), _packages(packages, flags))
    return Cargo(tuple(packages), flags, (Command("Check", words, env=_env(spec)),))


def clippy_cargo(build: Build, gate: Gate, more: Sequence[Command] = ()) -> Cargo:
    """Clippy on the workspace, then ``more`` (the feature sets' runs)."""
    return Cargo((), (), (clippy_command("Clippy", build, gate, ("--workspace",)), *more))


def clippy_command(
    name: str, build: Build, gate: Gate, selection: Sequence[str], features: bool = True
) -> Command:
    """``cargo clippy`` of ``selection`` (--workspace, or packages and their features);
    without ``features``, gate.clippy-args lose their package and feature selection (a
    feature set's run brings its own)."""
    deny = ["--", "-D", "warnings"] if gate.deny_warnings else []
    args = gate.clippy_args if features else without_selection(gate.clippy_args)
    argv = ("cargo", "clippy", *selection, *build.words(), *args, *deny)
    return Command(name, argv, env=tuple(sorted(gate.env.items())))


# what selects packages or features: a feature set's run brings its own
SELECTION_FLAGS = ("--all-features", "--no-default-features", "--workspace", "--all")
SELECTION_OPTIONS = ("--features", "-F", "--package", "-p", "--exclude")  # with a value


def without_selection(args: Sequence[str]) -> tuple[str, ...]:
    """``args`` without cargo's package and feature selection (``--features a``,
    ``--exclude x``, ``-p y``...), which only a workspace run can take as it is."""
    out: list[str] = []
    skip = False
    for arg in args:
        selects = arg.split("=", 1)[0] in (*SELECTION_OPTIONS, *SELECTION_FLAGS)
        joined = arg.startswith(("-F", "-p")) and len(arg) > 2  # -Fa, -pname
        if skip:
            skip = False
        elif arg in SELECTION_OPTIONS:
            skip = True
        elif not (selects or joined):
            out.append(arg)
    return tuple(out)
