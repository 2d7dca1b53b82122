"""What ``ci-gen init`` learns from a Cargo workspace, read from its files alone."""

from __future__ import annotations

from collections.abc import Mapping

import attrs


@attrs.frozen
class Targets:
    """The build targets of a package, declared or auto-discovered."""

    lib: bool = False
    proc_macro: bool = False
    # why the library's doc tests are off ("" when on): `doctest = false`, or only crate
    # types rustdoc cannot test (cdylib, staticlib)
    lib_doc_tests_off: str = ""
    bins: tuple[str, ...] = ()
    tests: tuple[str, ...] = ()
    benches: tuple[str, ...] = ()
    examples: tuple[str, ...] = ()

    @property
    def no_doc_tests(self) -> str:
        """Why `cargo test --doc` cannot or should not run this package ("" when it can)."""
        return self.lib_doc_tests_off if self.lib else "no library target"


@attrs.frozen
class Member:
    """One workspace member."""

    name: str  # the package name (what `cargo -p` takes)
    path: str  # posix folder relative to the workspace root; "." for a root package
    deps: tuple[str, ...] = ()  # members it depends on: normal and build, any target
    dev_deps: tuple[str, ...] = ()  # members its tests depend on (may include itself)
    features: tuple[str, ...] = ()  # declared features and implicit ones of optional deps
    default_features: tuple[str, ...] = ()  # what `default` enables
    targets: Targets = attrs.Factory(Targets)
    publish: bool = True
    rust_version: str | None = None
    source_bytes: int = 0  # .rs bytes in its folder (not nested members, not target/)
    test_fns: int = 0  # test functions found in those files (#[test], #[tokio::test], ...)
    external: tuple[str, ...] = ()  # external packages it declares, any kind (real names)
    # those it declares only as build-dependencies: built for the host, in full
    build_only_external: tuple[str, ...] = ()
    # external packages declared only as optional: not built unless a feature turns them on
    optional_external: tuple[str, ...] = ()
    # (feature, the optional external packages it enables), ``default`` included
    feature_packages: tuple[tuple[str, tuple[str, ...]], ...] = ()
    # features other members turn on where they depend on it (cargo unifies them when
    # they are built together, as the jobs that test them do)
    enabled_by_members: tuple[str, ...] = ()


@attrs.frozen
class LockPackage:
    """A `[[package]]` of Cargo.lock; ids are "name version"."""

    name: str
    version: str
    source: str | None  # None: a path package (a workspace member)
    dependencies: tuple[str, ...]  # ids

    @property
    def id(self) -> str:
        return f"{self.name} {self.version}"


@attrs.frozen
class PackageFacts:
    """A locked external package, as its sources on this machine show it."""

    source_kib: float  # .rs KiB a build of it compiles (not its tests, benches, examples)
    proc_macro: bool
    build_script: bool
    # packages it declares only as build-dependencies: built for the host, in full
    build_only: tuple[str, ...] = ()


@attrs.frozen
class Toolchain:
    """rust-toolchain.toml (or the legacy rust-toolchain file)."""

    channel: str | None = None
    components: tuple[str, ...] = ()
    targets: tuple[str, ...] = ()


@attrs.frozen
class CargoWorkspace:
    members: tuple[Member, ...]  # sorted by name
    default_members: tuple[str, ...] = ()  # package names, when declared
    toolchain: Toolchain = attrs.Factory(Toolchain)
    msrv: str | None = None  # [workspace.package] or root rust-version, else the highest member's
    nextest_profiles: tuple[str, ...] | None = None  # None: no .config/nextest.toml
    lock: Mapping[str, LockPackage] | None = None  # by id; None: no Cargo.lock
    # packages workspace.exclude keeps out (folders with a Cargo.toml, the named folder or
    # its children): cargo -p cannot name them, so nothing ci-gen plans builds them
    excluded: tuple[str, ...] = ()
    # locked external packages whose sources this machine has (cargo's registry, vendored
    # or directory sources), by lock id
    packages: Mapping[str, PackageFacts] = attrs.Factory(dict)

    def member(self, name: str) -> Member:
        return next(m for m in self.members if m.name == name)
