"""discover(): the six fixture workspaces, each rule of the cargo_* modules on small trees,
and every problem with its exact rendered line (``WorkspaceError.lines()``)."""

from __future__ import annotations

import re
import textwrap
from collections.abc import Mapping
from pathlib import Path

import pytest

from ci_gen.cargo import CargoWorkspace, LockPackage, Member, Targets, Toolchain, discover
from ci_gen.errors import WorkspaceError

from .conftest import build_file_tree
from .workspaces import (
    ALL,
    GLOB_ROOT_PACKAGE,
    INHERITED,
    NESTED_EXCLUDES,
    REFERENCE,
    REGISTRY,
    ROOT_BINARY,
    SINGLE_CRATE,
)

NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_-]*$")
FEATURE = re.compile(r"^[A-Za-z0-9_][A-Za-z0-9_+.-]*$")
LOCKED = sorted(name for name, tree in ALL.items() if "Cargo.lock" in tree)


def load(root: Path, tree: Mapping[str, str]) -> CargoWorkspace:
    return discover(build_file_tree(root, tree))


def problems(root: Path, tree: Mapping[str, str]) -> list[str]:
    """The rendered lines of the WorkspaceError that reading ``tree`` raises."""
    build_file_tree(root, tree)
    with pytest.raises(WorkspaceError) as caught:
        discover(root)
    return caught.value.lines()


def package(name: str, extra: str = "") -> str:
    """A minimal member manifest, then ``extra`` (dedented) below it."""
    head = f'[package]\nname = "{name}"\nversion = "0.1.0"\nedition = "2021"\n'
    return head + textwrap.dedent(extra).lstrip("\n")


def workspace(members: str, extra: str = "") -> str:
    """A virtual root manifest with ``members = [...]`` (a TOML array, as written)."""
    return f"[workspace]\nmembers = {members}\n" + textwrap.dedent(extra).lstrip("\n")


def by_name(ws: CargoWorkspace) -> dict[str, Member]:
    return {m.name: m for m in ws.members}


def rs_bytes(tree: Mapping[str, str], folder: str, nested: tuple[str, ...] = ()) -> int:
    """What the fixture writes as .rs under ``folder`` ("." for all), minus ``nested``."""
    prefix = "" if folder == "." else folder + "/"
    return sum(
        len(textwrap.dedent(text).lstrip("\n").encode())
        for path, text in tree.items()
        if path.startswith(prefix)
        and path.endswith(".rs")
        and not any(path.startswith(n + "/") for n in nested)
    )


def member_folders(tree: Mapping[str, str]) -> tuple[str, ...]:
    """Every folder of ``tree`` with a Cargo.toml, the root left out."""
    return tuple(p[: -len("/Cargo.toml")] for p in tree if p.endswith("/Cargo.toml"))


# --- every fixture ----------------------------------------------------------------------


@pytest.mark.parametrize("name", sorted(ALL))
def test_fixture_discovers_with_valid_names_and_closed_edges(tmp_path: Path, name: str) -> None:
    ws = load(tmp_path, ALL[name])
    names = [m.name for m in ws.members]
    assert names == sorted(names)
    assert len({m.path for m in ws.members}) == len(names)
    for member in ws.members:
        assert NAME.match(member.name), member.name
        assert all(FEATURE.match(f) for f in member.features), member.features
        assert set(member.deps) | set(member.dev_deps) <= set(names), member.name
        assert member.name not in member.deps  # only a dev-dependency may point at itself
        assert (tmp_path / member.path / "Cargo.toml").is_file()


@pytest.mark.parametrize("name", sorted(ALL))
def test_discovery_is_deterministic_across_runs_and_folders(tmp_path: Path, name: str) -> None:
    first = load(tmp_path / "one", ALL[name])
    assert discover(tmp_path / "one") == first
    assert load(tmp_path / "two", ALL[name]) == first


@pytest.mark.parametrize("name", LOCKED)
def test_lock_edges_of_each_member_match_its_manifest(tmp_path: Path, name: str) -> None:
    ws = load(tmp_path, ALL[name])
    assert ws.lock is not None
    members = {p.name: p for p in ws.lock.values() if p.source is None}
    assert sorted(members) == [m.name for m in ws.members]
    for member in ws.members:
        locked = {ident.split(" ")[0] for ident in members[member.name].dependencies}
        declared = set(member.deps) | set(member.dev_deps) | set(member.external)
        assert locked == declared - {member.name}, member.name


@pytest.mark.parametrize("name", LOCKED)
def test_lock_externals_come_from_crates_io_and_all_are_reached(tmp_path: Path, name: str) -> None:
    lock = load(tmp_path, ALL[name]).lock
    assert lock is not None
    externals = {ident for ident, p in lock.items() if p.source is not None}
    assert {lock[i].source for i in externals} == {REGISTRY}
    reached: set[str] = set()
    stack = [d for p in lock.values() if p.source is None for d in p.dependencies]
    while stack:
        ident = stack.pop()
        if ident not in reached:
            reached.add(ident)
            stack.extend(lock[ident].dependencies)
    assert externals <= reached


# --- REFERENCE: the 9-crate workspace of WORKSPACE.md ------------------------------------

REFERENCE_PATHS = {
    "do-memory-benches": "benches",
    "do-memory-cli": "memory-cli",
    "do-memory-core": "memory-core",
    "do-memory-examples": "examples",
    "do-memory-mcp": "memory-mcp",
    "do-memory-storage-redb": "memory-storage-redb",
    "do-memory-storage-turso": "memory-storage-turso",
    "do-memory-test-utils": "test-utils",
    "e2e-tests": "tests",
}
CORE, TURSO, REDB = "do-memory-core", "do-memory-storage-turso", "do-memory-storage-redb"
MCP, UTILS = "do-memory-mcp", "do-memory-test-utils"


@pytest.fixture
def reference(tmp_path: Path) -> CargoWorkspace:
    return load(tmp_path, REFERENCE)


def test_reference_members_are_the_nine_crates_by_package_name(reference: CargoWorkspace) -> None:
    assert {m.name: m.path for m in reference.members} == REFERENCE_PATHS
    assert reference.default_members == ()


def test_reference_excludes_fuzz_though_it_is_on_disk(tmp_path: Path) -> None:
    ws = load(tmp_path, REFERENCE)
    assert (tmp_path / "fuzz" / "Cargo.toml").is_file()
    assert "do-memory-fuzz" not in by_name(ws)
    assert not [m.path for m in ws.members if m.path.startswith("fuzz")]


def test_reference_internal_dependencies(reference: CargoWorkspace) -> None:
    got = {m.name: (m.deps, m.dev_deps) for m in reference.members}
    assert got == {
        "do-memory-benches": ((CORE, REDB, TURSO), ()),
        "do-memory-cli": ((CORE, REDB, TURSO, UTILS), (UTILS,)),
        CORE: ((), (CORE, REDB, TURSO)),
        "do-memory-examples": ((CORE, REDB, TURSO), ()),
        MCP: ((CORE, REDB, TURSO), (REDB,)),
        REDB: ((CORE,), ()),
        TURSO: ((CORE, REDB), (UTILS,)),
        UTILS: ((CORE, REDB, TURSO), ()),
        "e2e-tests": ((CORE, MCP, REDB, TURSO, UTILS), ()),
    }


def test_reference_dev_dependencies_close_a_cycle(reference: CargoWorkspace) -> None:
    members = by_name(reference)
    assert CORE in members[TURSO].deps
    assert TURSO in members[CORE].dev_deps
    assert CORE in members[CORE].dev_deps  # itself, with proptest-arbitrary


def test_reference_features(reference: CargoWorkspace) -> None:
    got = {m.name: (m.features, m.default_features) for m in reference.members}
    assert got == {
        "do-memory-benches": (("full-soak",), ()),
        "do-memory-cli": (
            ("embeddings-full", "full", "local-embeddings", "mistral", "openai", "redb", "turso"),
            ("redb",),
        ),
        CORE: (
            (
                "agentfs",
                "csm",
                "embeddings-full",
                "hnsw",  # implicit: optional `hnsw` (package hnsw_rs) named by no dep:
                "http-emitter",
                "hybrid_search",
                "local-embeddings",
                "mistral",
                "openai",
                "proptest-arbitrary",
                "wasm32",
            ),
            (),
        ),
        "do-memory-examples": ((), ()),
        MCP: (("embeddings", "oauth", "sandbox-dev", "streaming-impl"), ()),
        REDB: ((), ()),
        TURSO: (
            (
                "adaptive-ttl",
                "compression",
                "compression-gzip",
                "compression-lz4",
                "compression-zstd",
                "hybrid_search",
                "keepalive-pool",
                "turso_multi_dimension",
            ),
            (),
        ),
        UTILS: (("full", "redb", "turso"), ()),
        "e2e-tests": (("redb", "turso"), ()),
    }


def test_reference_targets(reference: CargoWorkspace) -> None:
    got = {m.name: m.targets for m in reference.members}
    assert got == {
        "do-memory-benches": Targets(
            lib=True,
            benches=(
                "episode_store",
                "pattern_extraction",
                "redb_throughput",
                "retrieval_latency",
                "soak",
                "turso_pool",
            ),
        ),
        "do-memory-cli": Targets(lib=True, bins=("do-memory-cli",), benches=("cli_startup",)),
        CORE: Targets(lib=True, tests=("retrieval", "storage_roundtrip")),
        "do-memory-examples": Targets(bins=("pattern_mining", "quickstart", "turso_sync")),
        MCP: Targets(
            lib=True,
            bins=("do-memory-mcp-server",),
            tests=(
                "concurrency",
                "error_codes",
                "memory_roundtrip",
                "oauth_flow",
                "protocol",
                "sandbox",
                "streaming",
                "tool_call",
                "tools_list",
            ),
            examples=("basic_client",),
        ),
        REDB: Targets(lib=True),
        TURSO: Targets(lib=True, tests=("turso_integration",)),
        UTILS: Targets(lib=True),
        "e2e-tests": Targets(tests=("mcp_roundtrip", "memory_lifecycle", "storage_sync")),
    }


def test_reference_publish_msrv_toolchain_and_nextest(reference: CargoWorkspace) -> None:
    unpublished = {m.name for m in reference.members if not m.publish}
    assert unpublished == {"do-memory-benches", "do-memory-examples", UTILS, "e2e-tests"}
    assert {m.rust_version for m in reference.members} == {"1.85"}
    assert reference.msrv == "1.85"
    assert reference.toolchain == Toolchain(
        channel="stable", components=("clippy", "llvm-tools-preview", "rustfmt")
    )
    assert reference.nextest_profiles == ("ci", "default")


def test_reference_externals_use_real_package_names(reference: CargoWorkspace) -> None:
    core = by_name(reference)[CORE]
    assert "hnsw_rs" in core.external and "hnsw" not in core.external
    assert "getrandom" in core.external  # [target.'cfg(target_arch = "wasm32")'.dependencies]
    assert by_name(reference)["e2e-tests"].external == ("anyhow", "serde_json", "tempfile", "tokio")


def test_reference_source_bytes_are_each_folders_rs_files(reference: CargoWorkspace) -> None:
    for member in reference.members:
        assert member.source_bytes == rs_bytes(REFERENCE, member.path), member.name
    assert by_name(reference)[REDB].source_bytes > 0


def test_reference_lock_resolves_two_versions_by_version(reference: CargoWorkspace) -> None:
    lock = reference.lock
    assert lock is not None
    assert sorted(i for i in lock if i.startswith("thiserror ")) == [
        "thiserror 1.0.69",
        "thiserror 2.0.11",
    ]
    assert "thiserror 2.0.11" in lock[f"{CORE} 0.1.14"].dependencies
    assert "thiserror 1.0.69" in lock["libsql 0.6.0"].dependencies
    assert lock["thiserror 1.0.69"].dependencies == ("thiserror-impl 1.0.69",)
    assert "windows-sys 0.52.0" in lock["tokio 1.43.0"].dependencies
    assert "windows-sys 0.59.0" in lock["tempfile 3.15.0"].dependencies
    assert lock[f"{CORE} 0.1.14"] == LockPackage(
        name=CORE,
        version="0.1.14",
        source=None,
        dependencies=(
            "anyhow 1.0.95",
            "async-trait 0.1.85",
            "chrono 0.4.39",
            "do-memory-storage-redb 0.1.14",
            "do-memory-storage-turso 0.1.14",
            "futures 0.3.31",
            "getrandom 0.2.15",
            "hnsw_rs 0.3.1",
            "ort 2.0.0-rc.9",
            "proptest 1.6.0",
            "reqwest 0.12.12",
            "serde 1.0.217",
            "serde_json 1.0.138",
            "tempfile 3.15.0",
            "thiserror 2.0.11",
            "tokenizers 0.21.0",
            "tokio 1.43.0",
            "tracing 0.1.41",
            "uuid 1.12.1",
        ),
    )
    assert "libfuzzer-sys 0.4.8" not in lock  # only the excluded fuzz crate uses it
    assert not [i for i in lock if i.startswith("libfuzzer-sys ")]


# --- GLOB_ROOT_PACKAGE: ripgrep's layout ----------------------------------------------------


@pytest.fixture
def glob_root(tmp_path: Path) -> CargoWorkspace:
    return load(tmp_path, GLOB_ROOT_PACKAGE)


def test_glob_root_members_are_the_root_and_crates_star(glob_root: CargoWorkspace) -> None:
    assert {m.name: m.path for m in glob_root.members} == {
        "rummage": ".",
        "rummage-cli": "crates/cli",
        "rummage-globset": "crates/globset",
        "rummage-ignore": "crates/ignore",
        "rummage-matcher": "crates/matcher",
        "rummage-pcre2": "crates/pcre2",
        "rummage-printer": "crates/printer",
        "rummage-regex": "crates/regex",
        "rummage-search": "crates/search",
        "rummage-searcher": "crates/searcher",
        "rummage-testkit": "crates/testkit",
    }


def test_glob_root_package_is_a_binary_with_many_features(glob_root: CargoWorkspace) -> None:
    root = by_name(glob_root)["rummage"]
    assert root.targets == Targets(bins=("rmg",), tests=("integration",))
    assert root.features == (
        "color",
        "compressed",
        "jemalloc",
        "json",
        "mmap",
        "pcre2",
        "simd-accel",
    )
    assert root.default_features == ("color", "mmap")
    assert root.deps == ("rummage-ignore", "rummage-search")
    assert root.dev_deps == ("rummage-testkit",)
    assert "tikv-jemallocator" in root.external  # a target-specific optional dependency
    assert root.rust_version == "1.80"


def test_glob_root_member_dependencies(glob_root: CargoWorkspace) -> None:
    got = {m.name: (m.deps, m.dev_deps) for m in glob_root.members if m.path != "."}
    matcher, regex, searcher = "rummage-matcher", "rummage-regex", "rummage-searcher"
    assert got == {
        "rummage-cli": (("rummage-globset",), ()),
        "rummage-globset": ((), ()),
        "rummage-ignore": (("rummage-globset",), ()),
        matcher: ((), ()),
        "rummage-pcre2": ((matcher,), ()),
        "rummage-printer": ((matcher, searcher), (regex,)),
        regex: ((matcher,), ()),
        "rummage-search": (
            ("rummage-cli", matcher, "rummage-pcre2", "rummage-printer", regex, searcher),
            (),
        ),
        searcher: ((matcher,), (regex,)),
        "rummage-testkit": ((), ()),
    }


def test_glob_root_features_implicit_and_named(glob_root: CargoWorkspace) -> None:
    members = by_name(glob_root)
    globset = members["rummage-globset"]
    assert globset.features == ("log", "serde", "serde1", "simd-accel")  # log, serde implicit
    assert globset.default_features == ("log",)
    searcher = members["rummage-searcher"]
    assert searcher.features == ("mmap", "simd-accel")  # `memmap` is named by dep:memmap
    assert searcher.default_features == ("bstr/default",)
    assert "memmap2" in searcher.external and "memmap" not in searcher.external
    assert members["rummage-printer"].features == ("serde",)


def test_glob_root_publish_msrv_targets_and_tools(glob_root: CargoWorkspace) -> None:
    members = by_name(glob_root)
    assert [m.name for m in glob_root.members if not m.publish] == ["rummage-testkit"]
    assert members["rummage-testkit"].rust_version is None
    assert members["rummage-matcher"].rust_version == "1.72"
    assert glob_root.msrv == "1.80"  # the root package's, though members declare their own
    assert members["rummage-globset"].targets == Targets(lib=True, benches=("bench",))
    assert members["rummage-searcher"].targets == Targets(
        lib=True, tests=("binary",), examples=("search-stdin",)
    )
    assert members["rummage-ignore"].targets == Targets(
        lib=True,
        tests=("gitignore_matched_path_or_any_parents_tests",),
        examples=("walk",),
    )
    assert glob_root.toolchain == Toolchain()
    assert glob_root.nextest_profiles is None
    assert glob_root.default_members == ()


def test_glob_root_source_bytes_leave_out_the_member_crates(glob_root: CargoWorkspace) -> None:
    root = by_name(glob_root)["rummage"]
    assert root.source_bytes == rs_bytes(GLOB_ROOT_PACKAGE, ".", nested=("crates",))
    for member in glob_root.members:
        if member.path != ".":
            assert member.source_bytes == rs_bytes(GLOB_ROOT_PACKAGE, member.path)


# --- NESTED_EXCLUDES: reth's layout ----------------------------------------------------------


@pytest.fixture
def nested(tmp_path: Path) -> CargoWorkspace:
    return load(tmp_path, NESTED_EXCLUDES)


def test_nested_members_at_several_depths(nested: CargoWorkspace) -> None:
    assert {m.name: m.path for m in nested.members} == {
        "tidepool": "bin/tidepool",
        "tidepool-admin": "bin/tp-admin",
        "tidepool-codecs": "crates/storage/codecs",
        "tidepool-codecs-derive": "crates/storage/codecs/derive",
        "tidepool-db": "crates/storage/db",
        "tidepool-discovery": "crates/net/discovery",
        "tidepool-network": "crates/net/network",
        "tidepool-primitives": "crates/primitives/core",
        "tidepool-wire": "crates/net/wire",
        "xtask": "tools/xtask",
    }
    assert nested.default_members == ("tidepool",)


def test_nested_excluded_crates_stay_out_though_on_disk(tmp_path: Path) -> None:
    ws = load(tmp_path, NESTED_EXCLUDES)
    on_disk = set(member_folders(NESTED_EXCLUDES))
    found = {m.path for m in ws.members}
    assert on_disk - found == {"crates/experimental/zk-sync", "tools/legacy-migrator"}
    assert (tmp_path / "crates/experimental/zk-sync/Cargo.toml").is_file()


def test_nested_relative_path_dependencies(nested: CargoWorkspace) -> None:
    got = {m.name: m.deps for m in nested.members}
    assert got == {
        "tidepool": (
            "tidepool-db",
            "tidepool-discovery",
            "tidepool-network",
            "tidepool-primitives",
        ),
        "tidepool-admin": ("tidepool-db", "tidepool-primitives"),
        "tidepool-codecs": ("tidepool-codecs-derive",),
        "tidepool-codecs-derive": (),
        "tidepool-db": ("tidepool-codecs", "tidepool-primitives"),
        "tidepool-discovery": ("tidepool-wire",),
        "tidepool-network": ("tidepool-discovery", "tidepool-primitives", "tidepool-wire"),
        "tidepool-primitives": (),
        "tidepool-wire": ("tidepool-primitives",),
        "xtask": (),
    }
    assert all(m.dev_deps == () for m in nested.members)


def test_nested_targets_features_and_sources(nested: CargoWorkspace) -> None:
    members = by_name(nested)
    derive = members["tidepool-codecs-derive"]
    assert derive.targets == Targets(lib=True, proc_macro=True)
    assert members["tidepool-admin"].targets == Targets(bins=("tp-admin",))
    assert members["tidepool"].targets == Targets(bins=("tidepool",), tests=("cli",))
    assert members["tidepool-db"].targets == Targets(lib=True, benches=("put_get",))
    assert members["tidepool-codecs"].features == ("serde",)  # implicit
    assert members["tidepool-wire"].features == ("arbitrary",)
    assert members["tidepool-primitives"].features == ("arbitrary",)
    codecs = members["tidepool-codecs"]
    assert codecs.source_bytes == rs_bytes(NESTED_EXCLUDES, codecs.path, nested=(derive.path,))
    assert derive.source_bytes == rs_bytes(NESTED_EXCLUDES, derive.path)
    assert derive.source_bytes > 0


def test_nested_publish_msrv_and_tools(nested: CargoWorkspace) -> None:
    members = by_name(nested)
    assert [m.name for m in nested.members if not m.publish] == ["xtask"]
    assert members["xtask"].rust_version is None  # it does not inherit
    assert members["tidepool-wire"].rust_version == "1.82"
    assert nested.msrv == "1.82"
    assert nested.toolchain == Toolchain(channel="1.84.1", components=("clippy", "rustfmt"))
    assert nested.nextest_profiles == ("ci", "default")


# --- ROOT_BINARY: zellij's layout ------------------------------------------------------------


@pytest.fixture
def root_binary(tmp_path: Path) -> CargoWorkspace:
    return load(tmp_path, ROOT_BINARY)


def test_root_binary_members_include_an_unlisted_path_dependency(
    root_binary: CargoWorkspace,
) -> None:
    assert {m.name: m.path for m in root_binary.members} == {
        "compact-bar": "default-plugins/compact-bar",
        "mosaic": ".",
        "mosaic-client": "mosaic-client",
        "mosaic-server": "mosaic-server",
        "mosaic-tile": "mosaic-tile",
        "mosaic-utils": "mosaic-utils",
    }
    assert '"mosaic-tile"' not in ROOT_BINARY["Cargo.toml"]
    assert by_name(root_binary)["compact-bar"].deps == ("mosaic-tile",)


def test_root_binary_dependencies_features_and_targets(root_binary: CargoWorkspace) -> None:
    members = by_name(root_binary)
    root = members["mosaic"]
    assert root.deps == ("mosaic-client", "mosaic-server", "mosaic-utils")
    assert root.dev_deps == ()
    assert root.external == ("anyhow", "clap", "insta", "log", "rand", "regex")
    assert root.targets == Targets(bins=("mosaic",), tests=("cli",))
    assert root.features == (
        "disable_automatic_asset_installation",
        "plugins_from_target",
        "singlepass",
        "unstable",
        "vendored_curl",
    )
    assert root.default_features == ("plugins_from_target", "vendored_curl")
    assert members["mosaic-tile"].deps == ("mosaic-utils",)
    assert members["mosaic-server"].deps == ("mosaic-utils",)
    assert "nix" in members["mosaic-server"].external  # [target.'cfg(unix)'.dependencies]
    assert members["compact-bar"].targets == Targets(bins=("compact-bar",))


def test_root_binary_source_bytes_leave_out_members(root_binary: CargoWorkspace) -> None:
    folders = tuple(m.path for m in root_binary.members if m.path != ".")
    root = by_name(root_binary)["mosaic"]
    assert root.source_bytes == rs_bytes(ROOT_BINARY, ".", nested=folders)
    assert root.source_bytes > rs_bytes(ROOT_BINARY, "src/tests")  # src/tests/ is counted


def test_root_binary_msrv_and_toolchain(root_binary: CargoWorkspace) -> None:
    assert root_binary.msrv == "1.82"
    assert [m.name for m in root_binary.members if m.rust_version] == ["mosaic"]
    assert root_binary.toolchain == Toolchain(
        channel="1.84.0",
        components=("clippy", "rustfmt"),
        targets=("wasm32-wasip1", "x86_64-unknown-linux-musl"),
    )
    assert root_binary.nextest_profiles is None


def test_dropping_the_plugin_drops_the_path_dependency_it_made_a_member(tmp_path: Path) -> None:
    manifest = build_file_tree(tmp_path, ROOT_BINARY) / "Cargo.toml"
    text = manifest.read_text()
    manifest.write_text(text.replace(', "default-plugins/compact-bar"', ""))
    assert [m.name for m in discover(tmp_path).members] == [
        "mosaic",
        "mosaic-client",
        "mosaic-server",
        "mosaic-utils",
    ]


# --- INHERITED: workspace inheritance everywhere ---------------------------------------------


@pytest.fixture
def inherited(tmp_path: Path) -> CargoWorkspace:
    return load(tmp_path, INHERITED)


def test_inherited_members_and_package_keys(inherited: CargoWorkspace) -> None:
    assert {m.name: m.path for m in inherited.members} == {
        "ledger-api": "crates/api",
        "ledger-codegen": "crates/codegen",
        "ledger-core": "crates/core",
        "ledger-db": "crates/db",
        "ledger-macros": "crates/macros",
        "ledger-server": "crates/server",
        "ledger-testing": "crates/testing",
    }
    assert {m.rust_version for m in inherited.members} == {"1.81"}
    assert inherited.msrv == "1.81"
    # publish.workspace = true inherits false; ledger-core does not inherit it
    assert [m.name for m in inherited.members if m.publish] == ["ledger-core"]
    assert inherited.default_members == ("ledger-server",)


def test_inherited_dependencies_through_workspace_entries(inherited: CargoWorkspace) -> None:
    got = {m.name: (m.deps, m.dev_deps) for m in inherited.members}
    assert got == {
        # ledger-codegen is a build-dependency: it counts with the normal ones
        "ledger-api": (("ledger-codegen", "ledger-core", "ledger-db"), ("ledger-testing",)),
        "ledger-codegen": ((), ()),
        "ledger-core": (("ledger-macros",), ()),  # written `macros`, renamed in the workspace
        "ledger-db": (("ledger-core",), ("ledger-testing",)),
        "ledger-macros": ((), ("ledger-core",)),
        "ledger-server": (("ledger-api", "ledger-core", "ledger-db"), ()),
        "ledger-testing": (("ledger-core", "ledger-db"), ()),
    }


def test_inherited_externals_features_and_targets(inherited: CargoWorkspace) -> None:
    members = by_name(inherited)
    core = members["ledger-core"]
    assert core.external == ("insta", "proptest", "serde", "serde_json", "thiserror", "uuid")
    assert core.features == ("arbitrary-precision", "std")
    assert core.default_features == ("std",)
    db = members["ledger-db"]
    assert db.external == (
        "cc",  # build-dependency
        "nix",  # cfg(unix)
        "rusqlite",
        "tempfile",
        "thiserror",
        "tokio",
        "tracing",
        "windows-sys",  # cfg(windows)
    )
    assert db.features == ("migrations", "rusqlite")  # rusqlite: optional = true, implicit
    assert db.default_features == ("rusqlite",)
    assert members["ledger-macros"].targets == Targets(lib=True, proc_macro=True, tests=("expand",))
    assert members["ledger-server"].targets == Targets(bins=("ledger-migrate", "ledger-server"))
    assert members["ledger-api"].targets == Targets(lib=True, tests=("routes",))
    assert inherited.nextest_profiles == ("ci", "default", "slow")
    assert inherited.toolchain == Toolchain()


def test_inherited_lock_holds_two_hashbrowns(inherited: CargoWorkspace) -> None:
    lock = inherited.lock
    assert lock is not None
    assert lock["hashlink 0.9.1"].dependencies == ("hashbrown 0.14.5",)
    assert lock["indexmap 2.7.1"].dependencies == ("equivalent 1.0.1", "hashbrown 0.15.2")
    assert "windows-sys 0.59.0" in lock["ledger-db 0.19.8"].dependencies
    assert lock["ledger-macros 0.19.8"].source is None


# --- SINGLE_CRATE ----------------------------------------------------------------------------


def test_single_crate(tmp_path: Path) -> None:
    ws = load(tmp_path, SINGLE_CRATE)
    assert ws == CargoWorkspace(
        members=(
            Member(
                name="humandur",
                path=".",
                features=("serde", "std"),
                default_features=("std",),
                targets=Targets(lib=True, tests=("roundtrip",), examples=("countdown",)),
                rust_version="1.70",
                source_bytes=rs_bytes(SINGLE_CRATE, "."),
                test_fns=ws.members[0].test_fns,
                external=("serde", "serde_json"),
                optional_external=("serde",),  # serde_json is a dev-dependency
                feature_packages=(("serde", ("serde",)),),
            ),
        ),
        msrv="1.70",
    )
    assert ws.lock is None
    assert ws.nextest_profiles is None


# --- member globs: *, ?, [...], ** ------------------------------------------------------------


def test_star_matches_folders_one_level_down_hidden_ones_too(tmp_path: Path) -> None:
    ws = load(
        tmp_path,
        {
            "Cargo.toml": workspace('["crates/*"]'),
            "crates/a/Cargo.toml": package("a"),
            "crates/.hidden/Cargo.toml": package("hidden"),
            "crates/a/inner/Cargo.toml": package("too-deep"),
            "crates/notes.rs": "// a file: globs only match folders\n",
        },
    )
    assert {m.name: m.path for m in ws.members} == {"a": "crates/a", "hidden": "crates/.hidden"}


def test_question_mark_matches_exactly_one_character(tmp_path: Path) -> None:
    ws = load(
        tmp_path,
        {
            "Cargo.toml": workspace('["api/v?"]'),
            "api/v1/Cargo.toml": package("api-v1"),
            "api/v2/Cargo.toml": package("api-v2"),
            "api/v10/Cargo.toml": package("api-v10"),
        },
    )
    assert [m.path for m in ws.members] == ["api/v1", "api/v2"]


def test_brackets_match_a_class_and_its_negation(tmp_path: Path) -> None:
    tree = {
        "Cargo.toml": workspace('["crates/[ab]*", "crates/[!abg]*"]'),
        **{f"crates/{n}/Cargo.toml": package(n) for n in ("alpha", "beta", "gamma", "delta")},
    }
    assert [m.name for m in load(tmp_path, tree).members] == ["alpha", "beta", "delta"]


def test_globs_are_case_sensitive(tmp_path: Path) -> None:
    tree = {
        "Cargo.toml": workspace('["crates/*", "crates/A*"]'),
        "crates/alpha/Cargo.toml": package("alpha"),
    }
    assert problems(tmp_path, tree) == [
        "Cargo.toml:2:24: workspace.members: member 'crates/A*' matches no folder"
    ]


def test_double_star_in_the_middle_matches_any_depth_including_none(tmp_path: Path) -> None:
    ws = load(
        tmp_path,
        {
            "Cargo.toml": workspace('["plugins/**/plugin-*"]'),
            "plugins/plugin-core/Cargo.toml": package("plugin-core"),
            "plugins/audio/plugin-wav/Cargo.toml": package("plugin-wav"),
            "plugins/video/codecs/plugin-av1/Cargo.toml": package("plugin-av1"),
            "plugins/video/README.md": "codecs live below\n",
        },
    )
    assert {m.name: m.path for m in ws.members} == {
        "plugin-av1": "plugins/video/codecs/plugin-av1",
        "plugin-core": "plugins/plugin-core",
        "plugin-wav": "plugins/audio/plugin-wav",
    }


def test_double_star_at_the_end_matches_every_folder_below(tmp_path: Path) -> None:
    # Packages whose [lib] sits beside Cargo.toml: no src/ folder for ** to trip on.
    lib = package("x", '[lib]\npath = "lib.rs"\n')
    ws = load(
        tmp_path,
        {
            "Cargo.toml": workspace('["libs/**"]'),
            "libs/a/Cargo.toml": lib.replace('"x"', '"a"'),
            "libs/a/lib.rs": "pub fn a() {}\n",
            "libs/a/b/Cargo.toml": lib.replace('"x"', '"b"'),
            "libs/a/b/lib.rs": "pub fn b() {}\n",
        },
    )
    assert [(m.name, m.path, m.targets.lib) for m in ws.members] == [
        ("a", "libs/a", True),
        ("b", "libs/a/b", True),
    ]
    assert by_name(ws)["a"].source_bytes == len("pub fn a() {}\n")


def test_double_star_at_the_end_also_matches_source_folders(tmp_path: Path) -> None:
    # As with cargo: `**` names src/ too, which has no Cargo.toml.
    tree = {
        "Cargo.toml": workspace('["libs/**"]'),
        "libs/a/Cargo.toml": package("a"),
        "libs/a/src/lib.rs": "pub fn a() {}\n",
    }
    assert problems(tmp_path, tree) == [
        "Cargo.toml:2:12: workspace.members: member folder 'libs/a/src' (matched by 'libs/**') "
        "has no Cargo.toml"
    ]


def test_literal_members_are_normalized(tmp_path: Path) -> None:
    tree = {
        "Cargo.toml": workspace('["./crates/a/", "crates/b/../c"]'),
        "crates/a/Cargo.toml": package("a"),
        "crates/c/Cargo.toml": package("c"),
    }
    assert [m.path for m in load(tmp_path, tree).members] == ["crates/a", "crates/c"]


# --- exclude --------------------------------------------------------------------------------


def test_exclude_removes_a_folder_and_everything_below_it(tmp_path: Path) -> None:
    ws = load(
        tmp_path,
        {
            "Cargo.toml": workspace('["crates/*", "crates/old/*"]', 'exclude = ["crates/old"]\n'),
            "crates/new/Cargo.toml": package("new"),
            "crates/new/src/lib.rs": "",
            "crates/old/Cargo.toml": package("old"),
            "crates/old/legacy/Cargo.toml": package("legacy"),
        },
    )
    assert [m.name for m in ws.members] == ["new"]


def test_exclude_is_a_whole_component_prefix_not_a_glob(tmp_path: Path) -> None:
    ws = load(
        tmp_path,
        {
            "Cargo.toml": workspace('["crates/*"]', 'exclude = ["crates/a", "crates/*"]\n'),
            "crates/a/Cargo.toml": package("a"),
            "crates/ab/Cargo.toml": package("ab"),
        },
    )
    assert [m.name for m in ws.members] == ["ab"]


def test_a_literal_member_wins_over_exclude(tmp_path: Path) -> None:
    ws = load(
        tmp_path,
        {
            "Cargo.toml": workspace('["crates/*", "crates/keep"]', 'exclude = ["crates"]\n'),
            "crates/keep/Cargo.toml": package("keep"),
            "crates/drop/Cargo.toml": package("drop"),
        },
    )
    assert [m.name for m in ws.members] == ["keep"]


def test_an_excluded_folder_needs_no_manifest(tmp_path: Path) -> None:
    ws = load(
        tmp_path,
        {
            "Cargo.toml": workspace('["crates/*"]', 'exclude = ["crates/testdata"]\n'),
            "crates/a/Cargo.toml": package("a"),
            "crates/testdata/input.txt": "not a crate\n",
        },
    )
    assert [m.name for m in ws.members] == ["a"]


# --- default-members --------------------------------------------------------------------------


def test_default_members_are_package_names_globs_allowed(tmp_path: Path) -> None:
    ws = load(
        tmp_path,
        {
            "Cargo.toml": workspace('["crates/*", "bins/*"]', 'default-members = ["bins/*"]\n'),
            "crates/lib-a/Cargo.toml": package("lib-a"),
            "bins/cli/Cargo.toml": package("the-cli"),
            "bins/daemon/Cargo.toml": package("the-daemon"),
        },
    )
    assert ws.default_members == ("the-cli", "the-daemon")


def test_default_members_may_name_the_root_package(tmp_path: Path) -> None:
    tree = {"Cargo.toml": package("app", '[workspace]\ndefault-members = ["."]\n')}
    assert load(tmp_path, tree).default_members == ("app",)


def test_default_members_skip_excluded_folders(tmp_path: Path) -> None:
    ws = load(
        tmp_path,
        {
            "Cargo.toml": workspace(
                '["crates/*"]',
                'exclude = ["crates/old"]\ndefault-members = ["crates/old", "crates/new"]\n',
            ),
            "crates/new/Cargo.toml": package("new"),
            "crates/old/Cargo.toml": package("old"),
        },
    )
    assert ws.default_members == ("new",)


def test_a_default_member_must_be_a_member(tmp_path: Path) -> None:
    tree = {
        "Cargo.toml": workspace('["crates/a"]', 'default-members = ["crates/b"]\n'),
        "crates/a/Cargo.toml": package("a"),
        "crates/b/Cargo.toml": package("b"),
    }
    assert problems(tmp_path, tree) == [
        "Cargo.toml:3:20: workspace.default-members: 'crates/b' is not a workspace member"
    ]


def test_a_default_member_with_a_broken_manifest_is_reported_once(tmp_path: Path) -> None:
    tree = {
        "Cargo.toml": workspace('["crates/a"]', 'default-members = ["crates/a"]\n'),
        "crates/a/Cargo.toml": "[package\n",
    }
    assert problems(tmp_path, tree) == [
        "crates/a/Cargo.toml:1:9: invalid TOML: Expected ']' at the end of a table declaration"
    ]


# --- path dependencies: automatic members, renames ---------------------------------------------


def test_path_dependencies_become_members_transitively(tmp_path: Path) -> None:
    ws = load(
        tmp_path,
        {
            "Cargo.toml": workspace('["app"]'),
            "app/Cargo.toml": package(
                "app", '[dependencies]\nhelper = { path = "../libs/helper" }\n'
            ),
            "libs/helper/Cargo.toml": package(
                "helper", '[build-dependencies]\ndeep = { path = "../deep" }\n'
            ),
            "libs/deep/Cargo.toml": package("deep"),
        },
    )
    assert {m.name: (m.path, m.deps) for m in ws.members} == {
        "app": ("app", ("helper",)),
        "deep": ("libs/deep", ()),
        "helper": ("libs/helper", ("deep",)),
    }


def test_an_excluded_path_dependency_is_external_under_its_real_name(tmp_path: Path) -> None:
    ws = load(
        tmp_path,
        {
            "Cargo.toml": workspace('["app"]', 'exclude = ["vendor"]\n'),
            "app/Cargo.toml": package(
                "app",
                '[dependencies]\nforked = { path = "../vendor/forked", package = "fork-rs" }\n',
            ),
            "vendor/forked/Cargo.toml": package("fork-rs"),
        },
    )
    assert [(m.name, m.deps, m.external) for m in ws.members] == [("app", (), ("fork-rs",))]


def test_without_a_workspace_path_dependencies_are_not_members(tmp_path: Path) -> None:
    ws = load(
        tmp_path,
        {
            "Cargo.toml": package("solo", '[dependencies]\nsibling = { path = "sibling" }\n'),
            "sibling/Cargo.toml": package("sibling"),
            "sibling/src/lib.rs": "pub fn s() {}\n",
            "src/lib.rs": "pub fn solo() {}\n",
        },
    )
    assert [(m.name, m.deps, m.external) for m in ws.members] == [("solo", (), ("sibling",))]
    assert ws.members[0].source_bytes == len("pub fn solo() {}\n")  # sibling/ is a package


def test_renamed_dependencies_resolve_to_package_names(tmp_path: Path) -> None:
    ws = load(
        tmp_path,
        {
            "Cargo.toml": workspace('["app", "core"]'),
            "app/Cargo.toml": package(
                "app",
                """
                [dependencies]
                engine = { package = "app-core", path = "../core" }
                json = { package = "serde_json", version = "1.0", optional = true }
                """,
            ),
            "core/Cargo.toml": package("app-core"),
        },
    )
    app = by_name(ws)["app"]
    assert app.deps == ("app-core",)
    assert app.external == ("serde_json",)
    assert app.features == ("json",)  # the implicit feature takes the key, not the package


# --- [workspace.dependencies] -------------------------------------------------------------------


def test_workspace_dependencies_are_inherited_with_root_relative_paths(tmp_path: Path) -> None:
    root = workspace(
        '["crates/*/*"]',
        """
        [workspace.dependencies]
        model = { path = "crates/core/model", package = "acme-model" }
        http = { package = "reqwest", version = "0.12" }
        serde = "1.0"
        """,
    )
    ws = load(
        tmp_path,
        {
            "Cargo.toml": root,
            "crates/core/model/Cargo.toml": package("acme-model"),
            "crates/apps/web/Cargo.toml": package(
                "acme-web",
                """
                [dependencies]
                model = { workspace = true, features = ["full"] }
                http = { workspace = true, optional = true }
                serde.workspace = true

                [dev-dependencies.model]
                workspace = true
                """,
            ),
        },
    )
    web = by_name(ws)["acme-web"]
    assert (web.deps, web.dev_deps) == (("acme-model",), ("acme-model",))
    assert web.external == ("reqwest", "serde")
    assert web.features == ("http",)  # the member's own optional = true


# --- target-specific, build and dev dependencies ------------------------------------------------


def test_every_dependency_table_counts_for_any_target(tmp_path: Path) -> None:
    names = ("unix-dep", "win-test", "builder", "old-dev", "old-build")
    ws = load(
        tmp_path,
        {
            "Cargo.toml": workspace('["app"]'),
            "app/Cargo.toml": package(
                "app",
                """
                [target.'cfg(unix)'.dependencies]
                unix-dep = { path = "../unix-dep" }
                libc = "0.2"

                [target.'cfg(windows)'.dev-dependencies]
                win-test = { path = "../win-test" }

                [build-dependencies]
                builder = { path = "../builder" }
                cc = "1"
                libc = "0.2"

                [dev_dependencies]
                old-dev = { path = "../old-dev" }

                [build_dependencies]
                old-build = { path = "../old-build" }
                """,
            ),
            **{f"{n}/Cargo.toml": package(n) for n in names},
        },
    )
    app = by_name(ws)["app"]
    assert app.deps == ("builder", "old-build", "unix-dep")
    assert app.dev_deps == ("old-dev", "win-test")
    assert app.external == ("cc", "libc")
    assert app.build_only_external == ("cc",)  # libc is a normal dependency too
    assert [m.name for m in ws.members] == sorted(["app", *names])


# --- features -----------------------------------------------------------------------------------


def test_optional_dependencies_make_features_unless_named_by_dep(tmp_path: Path) -> None:
    ws = load(
        tmp_path,
        {
            "Cargo.toml": package(
                "feat",
                """
                [dependencies]
                serde = { version = "1", optional = true }
                regex = { version = "1", optional = true }
                json = { package = "serde_json", version = "1", optional = true }

                [target.'cfg(unix)'.dependencies]
                nix = { version = "0.29", optional = true }

                [build-dependencies]
                cc = { version = "1", optional = true }

                [dev-dependencies]
                proptest = { version = "1", optional = true }

                [features]
                default = ["std", "serde"]
                std = []
                fancy = ["dep:regex", "serde?/std"]
                """,
            )
        },
    )
    member = ws.members[0]
    # regex is named by dep: (no implicit feature); serde?/std does not hide serde;
    # a dev-dependency cannot be optional, so proptest makes no feature; default is no feature
    assert member.features == ("cc", "fancy", "json", "nix", "serde", "std")
    assert member.default_features == ("serde", "std")


# --- targets ------------------------------------------------------------------------------------


def test_autobins_false_keeps_only_declared_binaries(tmp_path: Path) -> None:
    ws = load(
        tmp_path,
        {
            "Cargo.toml": package(
                "tool", 'autobins = false\n\n[[bin]]\nname = "tl"\npath = "src/tl.rs"\n'
            ),
            "src/main.rs": "fn main() {}\n",
            "src/bin/extra.rs": "fn main() {}\n",
            "src/tl.rs": "fn main() {}\n",
        },
    )
    assert ws.members[0].targets == Targets(bins=("tl",))


def test_declared_targets_replace_inferred_ones_with_the_same_name_or_path(tmp_path: Path) -> None:
    ws = load(
        tmp_path,
        {
            "Cargo.toml": package(
                "pkg",
                """
                [lib]
                proc-macro = true

                [[bin]]
                name = "short"
                path = "src/main.rs"

                [[test]]
                name = "integration"
                path = "tests/all/main.rs"

                [[bench]]
                name = "speed"
                harness = false
                """,
            ),
            "src/lib.rs": "",
            "src/main.rs": "fn main() {}\n",
            "src/bin/extra/main.rs": "fn main() {}\n",
            "src/bin/.scratch.rs": "",
            "tests/all/main.rs": "",
            "tests/smoke.rs": "",
            "tests/data/input.txt": "",
            "benches/speed.rs": "",
            "benches/helpers/mod.rs": "",
            "examples/demo/main.rs": "",
            "examples/README.md": "",
        },
    )
    assert ws.members[0].targets == Targets(
        lib=True,
        proc_macro=True,
        bins=("extra", "short"),
        tests=("integration", "smoke"),
        benches=("speed",),
        examples=("demo",),
    )


def test_auto_discovery_can_be_switched_off_per_kind(tmp_path: Path) -> None:
    ws = load(
        tmp_path,
        {
            "Cargo.toml": package(
                "quiet",
                """
                autolib = false
                autotests = false
                autobenches = false
                autoexamples = false

                [[example]]
                name = "kept"
                """,
            ),
            "src/lib.rs": "",
            "src/main.rs": "fn main() {}\n",
            "tests/a.rs": "",
            "benches/b.rs": "",
            "examples/e.rs": "",
            "examples/kept.rs": "",
        },
    )
    assert ws.members[0].targets == Targets(bins=("quiet",), examples=("kept",))


def test_a_lib_table_is_a_library_wherever_its_file_is(tmp_path: Path) -> None:
    ws = load(
        tmp_path,
        {
            "Cargo.toml": package("derive", '[lib]\npath = "derive.rs"\nproc_macro = true\n'),
            "derive.rs": "",
        },
    )
    assert ws.members[0].targets == Targets(lib=True, proc_macro=True)


# --- rust-toolchain and nextest -----------------------------------------------------------------


def test_rust_toolchain_toml(tmp_path: Path) -> None:
    tree = {
        "Cargo.toml": package("x"),
        "rust-toolchain.toml": """
            [toolchain]
            channel = "nightly-2025-01-15"
            components = ["rustfmt", "miri", "rustfmt"]
            targets = ["wasm32-unknown-unknown"]
            """,
    }
    assert load(tmp_path, tree).toolchain == Toolchain(
        channel="nightly-2025-01-15",
        components=("miri", "rustfmt"),
        targets=("wasm32-unknown-unknown",),
    )


def test_legacy_rust_toolchain_line_wins_over_the_toml_file(tmp_path: Path) -> None:
    tree = {
        "Cargo.toml": package("x"),
        "rust-toolchain": "\n1.84.0\n",
        "rust-toolchain.toml": '[toolchain]\nchannel = "stable"\n',
    }
    assert load(tmp_path, tree).toolchain == Toolchain(channel="1.84.0")


def test_legacy_rust_toolchain_may_hold_toml(tmp_path: Path) -> None:
    tree = {
        "Cargo.toml": package("x"),
        "rust-toolchain": '[toolchain]\nchannel = "beta"\ncomponents = ["clippy"]\n',
    }
    assert load(tmp_path, tree).toolchain == Toolchain(channel="beta", components=("clippy",))


def test_no_toolchain_file_means_no_pin(tmp_path: Path) -> None:
    assert load(tmp_path, {"Cargo.toml": package("x")}).toolchain == Toolchain()


def test_nextest_profiles(tmp_path: Path) -> None:
    assert load(tmp_path / "none", {"Cargo.toml": package("x")}).nextest_profiles is None
    bare = {"Cargo.toml": package("x"), ".config/nextest.toml": '[store]\ndir = "t"\n'}
    assert load(tmp_path / "bare", bare).nextest_profiles == ()
    both = {
        "Cargo.toml": package("x"),
        ".config/nextest.toml": "[profile.default]\nretries = 1\n\n[profile.ci.junit]\n",
    }
    assert load(tmp_path / "both", both).nextest_profiles == ("ci", "default")


# --- source bytes -------------------------------------------------------------------------------


def test_source_bytes_skip_target_nested_packages_git_and_other_files(tmp_path: Path) -> None:
    ws = load(
        tmp_path,
        {
            "Cargo.toml": package("root", '[workspace]\nmembers = ["crates/inner"]\n'),
            "build.rs": "fn main() {}\n",  # 13
            "src/main.rs": "fn main() {}\n",  # 13
            "src/target/mod.rs": "pub fn t() {}\n",  # 14: a module named target is source
            "tools/gen.rs": "// part of the root package\n",  # 28
            "README.md": "# not rust\n",
            "target/debug/build/out.rs": "x" * 100,
            ".git/hooks/pre-commit.rs": "y" * 50,
            "crates/inner/Cargo.toml": package("inner"),
            "crates/inner/src/lib.rs": "pub fn i() {}\n",  # 14
            "crates/inner/target/gen.rs": "z" * 70,
            "crates/inner/nested/Cargo.toml": package("nested-not-member"),
            "crates/inner/nested/src/lib.rs": "w" * 30,
        },
    )
    assert {m.name: m.source_bytes for m in ws.members} == {"inner": 14, "root": 13 + 13 + 14 + 28}


# --- msrv and publish ---------------------------------------------------------------------------


def test_msrv_is_the_workspace_package_rust_version_first(tmp_path: Path) -> None:
    tree = {
        "Cargo.toml": workspace('["a"]', '[workspace.package]\nrust-version = "1.74"\n'),
        "a/Cargo.toml": package("a", 'rust-version = "1.80"\n'),
    }
    assert load(tmp_path, tree).msrv == "1.74"


def test_msrv_is_the_root_packages_before_any_members(tmp_path: Path) -> None:
    tree = {
        "Cargo.toml": package("root", 'rust-version = "1.70"\n[workspace]\nmembers = ["a"]\n'),
        "a/Cargo.toml": package("a", 'rust-version = "1.80"\n'),
    }
    assert load(tmp_path, tree).msrv == "1.70"


def test_msrv_is_otherwise_the_highest_member_compared_as_numbers(tmp_path: Path) -> None:
    tree = {
        "Cargo.toml": workspace('["a", "b", "c"]'),
        "a/Cargo.toml": package("a", 'rust-version = "1.9"\n'),
        "b/Cargo.toml": package("b", 'rust-version = "1.10"\n'),
        "c/Cargo.toml": package("c"),
    }
    ws = load(tmp_path, tree)
    assert ws.msrv == "1.10"
    assert [m.rust_version for m in ws.members] == ["1.9", "1.10", None]


def test_no_rust_version_anywhere_means_no_msrv(tmp_path: Path) -> None:
    tree = {"Cargo.toml": workspace('["a"]'), "a/Cargo.toml": package("a")}
    assert load(tmp_path, tree).msrv is None


def test_publish_false_or_empty_means_unpublished(tmp_path: Path) -> None:
    tree = {
        "Cargo.toml": workspace('["*"]', "[workspace.package]\npublish = false\n"),
        "no/Cargo.toml": package("no", "publish = false\n"),
        "empty/Cargo.toml": package("empty", "publish = []\n"),
        "registry/Cargo.toml": package("registry", 'publish = ["internal"]\n'),
        "default/Cargo.toml": package("default"),
        "inherits/Cargo.toml": package("inherits", "publish.workspace = true\n"),
    }
    got = {m.name: m.publish for m in load(tmp_path, tree).members}
    assert got == {
        "default": True,
        "empty": False,
        "inherits": False,
        "no": False,
        "registry": True,
    }


# --- Cargo.lock ---------------------------------------------------------------------------------

OLD_LOCK = f"""
    [[package]]
    name = "app"
    version = "0.1.0"
    dependencies = [
     "log 0.4.25 ({REGISTRY})",
     "syn 1.0.109 ({REGISTRY})",
     "syn 2.0.96",
     "quote",
    ]

    [[package]]
    name = "log"
    version = "0.4.25"
    source = "{REGISTRY}"

    [[package]]
    name = "log"
    version = "0.4.25"
    source = "git+https://github.com/rust-lang/log#5f9d0c5"

    [[package]]
    name = "quote"
    version = "1.0.38"
    source = "{REGISTRY}"

    [[package]]
    name = "syn"
    version = "1.0.109"
    source = "{REGISTRY}"

    [[package]]
    name = "syn"
    version = "2.0.96"
    source = "{REGISTRY}"
    """


def test_lock_entries_in_every_form_resolve_to_ids(tmp_path: Path) -> None:
    lock = load(tmp_path, {"Cargo.toml": package("app"), "Cargo.lock": OLD_LOCK}).lock
    assert lock is not None
    assert list(lock) == ["app 0.1.0", "log 0.4.25", "quote 1.0.38", "syn 1.0.109", "syn 2.0.96"]
    assert lock["app 0.1.0"] == LockPackage(
        name="app",
        version="0.1.0",
        source=None,
        dependencies=("log 0.4.25", "quote 1.0.38", "syn 1.0.109", "syn 2.0.96"),
    )
    assert lock["log 0.4.25"].source == REGISTRY  # one id from two sources: the first


def test_an_empty_lock_is_not_a_missing_lock(tmp_path: Path) -> None:
    tree = {"Cargo.toml": package("app"), "Cargo.lock": "version = 4\n"}
    assert load(tmp_path, tree).lock == {}


# --- problems, each with its exact rendered line --------------------------------------------


def test_no_cargo_toml_at_the_root(tmp_path: Path) -> None:
    tree = {"README.md": "# a Python project\n", "crates/a/Cargo.toml": package("a")}
    assert problems(tmp_path, tree) == [
        "Cargo.toml: no Cargo.toml at the root of the repository: is this a Rust project?"
    ]


def test_a_root_manifest_with_neither_workspace_nor_package(tmp_path: Path) -> None:
    tree = {"Cargo.toml": '[dependencies]\nserde = "1"\n'}
    assert problems(tmp_path, tree) == [
        "Cargo.toml: not a Cargo workspace: the root Cargo.toml has neither [workspace] nor "
        "[package]"
    ]


def test_malformed_toml_names_line_and_column(tmp_path: Path) -> None:
    tree = {
        "Cargo.toml": workspace('["crates/a"]'),
        "crates/a/Cargo.toml": package("a", '[dependencies]\nserde = { version = "1" \n'),
    }
    assert problems(tmp_path, tree) == [
        "crates/a/Cargo.toml:6:25: invalid TOML: Unclosed inline table"
    ]


def test_malformed_toml_at_the_end_points_past_the_last_character(tmp_path: Path) -> None:
    tree = {"Cargo.toml": '[workspace]\nmembers = ["a"'}
    assert problems(tmp_path, tree) == ["Cargo.toml:2:15: invalid TOML: Unclosed array"]


def test_malformed_side_files_are_reported_with_the_manifest(tmp_path: Path) -> None:
    tree = {
        "Cargo.toml": "[package\n",
        "Cargo.lock": "version = 4\n[[package]\n",
        "rust-toolchain.toml": '[toolchain]\nchannel = "stable\n',
        ".config/nextest.toml": "[profile.ci\n",
    }
    assert problems(tmp_path, tree) == [
        ".config/nextest.toml:1:12: invalid TOML: Expected ']' at the end of a table declaration",
        "Cargo.lock:2:10: invalid TOML: Expected ']]' at the end of an array declaration",
        "Cargo.toml:1:9: invalid TOML: Expected ']' at the end of a table declaration",
        "rust-toolchain.toml:2:18: invalid TOML: Illegal character '\\n'",
    ]


def test_an_unreadable_manifest(tmp_path: Path) -> None:
    build_file_tree(tmp_path, {"Cargo.toml": workspace('["a"]')})
    (tmp_path / "a").mkdir()
    (tmp_path / "a" / "Cargo.toml").write_bytes(b'[package]\nname = "\xff"\n')
    with pytest.raises(WorkspaceError) as caught:
        discover(tmp_path)
    assert caught.value.lines() == [
        "a/Cargo.toml: cannot read: 'utf-8' codec can't decode byte 0xff in position 18: "
        "invalid start byte"
    ]


def test_a_member_glob_matching_nothing(tmp_path: Path) -> None:
    tree = {
        "Cargo.toml": '[workspace]\nresolver = "2"\nmembers = ["crates/*", "plugins/*"]\n',
        "crates/a/Cargo.toml": package("a"),
    }
    assert problems(tmp_path, tree) == [
        "Cargo.toml:3:24: workspace.members: member 'plugins/*' matches no folder"
    ]


def test_a_literal_member_that_does_not_exist(tmp_path: Path) -> None:
    tree = {
        "Cargo.toml": workspace('[\n    "crates/a",\n    "crates/gone",\n]'),
        "crates/a/Cargo.toml": package("a"),
    }
    assert problems(tmp_path, tree) == [
        "Cargo.toml:4:5: workspace.members: member 'crates/gone' does not exist"
    ]


def test_a_member_folder_without_cargo_toml(tmp_path: Path) -> None:
    tree = {
        "Cargo.toml": workspace('["crates/*", "docs"]'),
        "crates/a/Cargo.toml": package("a"),
        "crates/notes/README.md": "not a crate\n",
        "docs/index.md": "# docs\n",
    }
    assert problems(tmp_path, tree) == [
        "Cargo.toml:2:12: workspace.members: member folder 'crates/notes' (matched by "
        "'crates/*') has no Cargo.toml",
        "Cargo.toml:2:24: workspace.members: member folder 'docs' has no Cargo.toml",
    ]


def test_a_member_outside_the_repository(tmp_path: Path) -> None:
    tree = {"Cargo.toml": workspace('["../sibling-repo"]')}
    assert problems(tmp_path, tree) == [
        "Cargo.toml:2:12: workspace.members: member '../sibling-repo' is outside the "
        "repository root"
    ]


def test_members_must_be_an_array_of_strings(tmp_path: Path) -> None:
    tree = {"Cargo.toml": '[workspace]\nmembers = "crates/*"\nexclude = [1]\n'}
    assert problems(tmp_path, tree) == [
        "Cargo.toml:2:1: workspace.members: expected an array of strings (folders, globs allowed)",
        "Cargo.toml:3:1: workspace.exclude: expected an array of strings (folders, globs allowed)",
    ]


@pytest.mark.parametrize(
    ("table", "line"),
    [
        ('[dependencies]\nshared = { path = "../../../shared" }\n', "6:12: dependencies.shared"),
        ('[dependencies.shared]\npath = "../../../shared"\n', "6:1: dependencies.shared"),
        (
            "[target.'cfg(unix)'.dev-dependencies]\nshared.path = \"../../../shared\"\n",
            '6:1: target."cfg(unix)".dev-dependencies.shared',
        ),
    ],
)
def test_a_path_dependency_outside_the_repository(tmp_path: Path, table: str, line: str) -> None:
    tree = {
        "Cargo.toml": workspace('["crates/a"]'),
        "crates/a/Cargo.toml": package("a", table),
    }
    assert problems(tmp_path, tree) == [
        f"crates/a/Cargo.toml:{line}.path: '../../../shared' is outside the repository root "
        "(CI checks out only the repository)"
    ]


def test_a_workspace_path_dependency_outside_is_reported_once_at_the_root(tmp_path: Path) -> None:
    tree = {
        "Cargo.toml": workspace(
            '["a", "b"]', '[workspace.dependencies]\nshared = { path = "/opt/shared" }\n'
        ),
        "a/Cargo.toml": package("a", "[dependencies]\nshared.workspace = true\n"),
        "b/Cargo.toml": package("b", "[dev-dependencies]\nshared = { workspace = true }\n"),
    }
    assert problems(tmp_path, tree) == [
        "Cargo.toml:4:12: workspace.dependencies.shared.path: '/opt/shared' is outside the "
        "repository root (CI checks out only the repository)"
    ]


def test_a_path_dependency_without_a_manifest(tmp_path: Path) -> None:
    tree = {
        "Cargo.toml": workspace('["crates/a"]'),
        "crates/a/Cargo.toml": package("a", '[dependencies]\nb = { path = "../b" }\n'),
        "crates/b/src/lib.rs": "",
    }
    assert problems(tmp_path, tree) == [
        "crates/a/Cargo.toml:6:7: dependencies.b.path: '../b' has no Cargo.toml (looked in "
        "'crates/b')"
    ]


def test_workspace_true_without_a_workspace_entry(tmp_path: Path) -> None:
    tree = {
        "Cargo.toml": workspace('["crates/a"]', '[workspace.dependencies]\ntokio = "1"\n'),
        "crates/a/Cargo.toml": package(
            "a",
            """
            [dependencies]
            tokio.workspace = true
            serde = { workspace = true, features = ["derive"] }

            [target.'cfg(unix)'.build-dependencies]
            nix.workspace = true
            """,
        ),
    }
    assert problems(tmp_path, tree) == [
        "crates/a/Cargo.toml:7:1: dependencies.serde: workspace = true, but "
        "[workspace.dependencies] has no 'serde'",
        'crates/a/Cargo.toml:10:1: target."cfg(unix)".build-dependencies.nix: workspace = '
        "true, but [workspace.dependencies] has no 'nix'",
    ]


def test_workspace_true_in_a_single_crate(tmp_path: Path) -> None:
    tree = {"Cargo.toml": package("solo", "[dependencies]\nserde.workspace = true\n")}
    assert problems(tmp_path, tree) == [
        "Cargo.toml:6:1: dependencies.serde: workspace = true, but [workspace.dependencies] "
        "has no 'serde'"
    ]


def test_an_inherited_package_key_the_workspace_lacks(tmp_path: Path) -> None:
    tree = {
        "Cargo.toml": workspace('["a"]', '[workspace.package]\nversion = "1.0.0"\n'),
        "a/Cargo.toml": '[package]\nname = "a"\nversion.workspace = true\n'
        "rust-version.workspace = true\n",
    }
    assert problems(tmp_path, tree) == [
        "a/Cargo.toml:4:1: package.rust-version: rust-version.workspace = true, but "
        "[workspace.package] has no rust-version"
    ]


def test_a_member_without_a_package_name(tmp_path: Path) -> None:
    tree = {
        "Cargo.toml": workspace('["crates/*"]'),
        "crates/a/Cargo.toml": '# the a crate\n[package]\nversion = "0.1.0"\n',
        "crates/b/Cargo.toml": '[lib]\npath = "lib.rs"\n',
    }
    assert problems(tmp_path, tree) == [
        "crates/a/Cargo.toml:2:1: package.name: no package name: a member needs [package] name",
        "crates/b/Cargo.toml: package.name: no package name: a member needs [package] name",
    ]


def test_duplicate_package_names(tmp_path: Path) -> None:
    tree = {
        "Cargo.toml": package("app", '[workspace]\nmembers = ["crates/*"]\n'),
        "crates/a/Cargo.toml": package("app"),
        "crates/b/Cargo.toml": package("app"),
    }
    assert problems(tmp_path, tree) == [
        "crates/a/Cargo.toml:2:1: package.name: 'app' is also the package name of '.' (names "
        "must be unique)",
        "crates/b/Cargo.toml:2:1: package.name: 'app' is also the package name of '.' (names "
        "must be unique)",
    ]


def test_a_member_with_its_own_workspace(tmp_path: Path) -> None:
    tree = {
        "Cargo.toml": workspace('["fuzz"]'),
        "fuzz/Cargo.toml": package("fuzz", "[workspace]\nmembers = ['.']\n"),
    }
    assert problems(tmp_path, tree) == [
        "fuzz/Cargo.toml:5:1: workspace: a member with its own [workspace]: add 'fuzz' to "
        "workspace.exclude in Cargo.toml, or remove its [workspace]"
    ]


def test_lock_dependencies_that_name_no_single_locked_package(tmp_path: Path) -> None:
    lock = """
        version = 4

        [[package]]
        name = "app"
        version = "0.1.0"
        dependencies = [
         "serde",
         "syn",
         "quote 0.6.13",
        ]

        [[package]]
        name = "quote"
        version = "1.0.38"

        [[package]]
        name = "syn"
        version = "1.0.109"

        [[package]]
        name = "syn"
        version = "2.0.96"

        [[package]]
        name = "nameless-version"
        """
    assert problems(tmp_path, {"Cargo.toml": package("app"), "Cargo.lock": lock}) == [
        "Cargo.lock: package: a [[package]] without a name and a version",
        "Cargo.lock:7:1: package.dependencies: app 0.1.0: depends on 'serde', which is not locked",
        "Cargo.lock:8:1: package.dependencies: app 0.1.0: depends on 'syn', ambiguous: "
        "versions 1.0.109, 2.0.96 are locked",
        "Cargo.lock:9:1: package.dependencies: app 0.1.0: depends on 'quote 0.6.13', which is "
        "not locked",
    ]


def test_every_problem_is_reported_at_once_in_file_and_line_order(tmp_path: Path) -> None:
    tree = {
        "Cargo.toml": workspace(
            '["crates/*", "plugins/*"]',
            '[workspace.package]\nedition = "2021"\n',
        ),
        "rust-toolchain.toml": "[toolchain\n",
        "crates/api/Cargo.toml": package(
            "api",
            """
            [dependencies]
            model = { path = "../model" }
            serde.workspace = true
            shared = { path = "../../../shared" }
            """,
        ),
        "crates/broken/Cargo.toml": "[package]\nname = 'broken'\nversion = \n",
        "crates/model/Cargo.toml": package("api"),
        "crates/web/Cargo.toml": '[package]\nname = "web"\nlicense.workspace = true\n',
    }
    assert problems(tmp_path, tree) == [
        "Cargo.toml:2:24: workspace.members: member 'plugins/*' matches no folder",
        "crates/api/Cargo.toml:7:1: dependencies.serde: workspace = true, but "
        "[workspace.dependencies] has no 'serde'",
        "crates/api/Cargo.toml:8:12: dependencies.shared.path: '../../../shared' is outside "
        "the repository root (CI checks out only the repository)",
        "crates/broken/Cargo.toml:3:11: invalid TOML: Invalid value",
        "crates/model/Cargo.toml:2:1: package.name: 'api' is also the package name of "
        "'crates/api' (names must be unique)",
        "crates/web/Cargo.toml:3:1: package.license: license.workspace = true, but "
        "[workspace.package] has no license",
        "rust-toolchain.toml:1:11: invalid TOML: Expected ']' at the end of a table declaration",
    ]


def test_the_error_counts_its_problems(tmp_path: Path) -> None:
    build_file_tree(tmp_path, {"Cargo.toml": workspace('["a", "b"]')})
    with pytest.raises(WorkspaceError, match=r"^2 problem\(s\) reading the Cargo workspace$"):
        discover(tmp_path)
