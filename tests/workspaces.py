"""Fixture workspaces for ``discover`` and ``ci-gen init``, each modelled on a real layout.

Each fixture is a ``{relative path: text}`` tree for ``conftest.build_file_tree`` (which
dedents the text). A Cargo.lock is rendered by ``_lock`` from its members' dependency
lines and one shared catalogue of crates.io packages (a snapshot of early 2025, edges
trimmed to the packages listed here), keeping only what the members reach, as cargo
does; a dependency is written "name version" exactly when several versions are locked.

REFERENCE          the 9-crate workspace of shared/WORKSPACE.md (virtual root)
GLOB_ROOT_PACKAGE  ripgrep's layout: a root binary package, members = ["crates/*"]
NESTED_EXCLUDES    reth's layout: crates/<group>/<crate>, a nested proc-macro, excludes
ROOT_BINARY        zellij's layout: a root binary, explicit members, an unlisted path dep
INHERITED          lemmy-style inheritance: [workspace.package] and [workspace.dependencies]
SINGLE_CRATE       a small library crate, no [workspace], no Cargo.lock
"""

from __future__ import annotations

import textwrap
from collections import Counter

REGISTRY = "registry+https://github.com/rust-lang/crates.io-index"

# name version: dependencies ("name@version" where the catalogue holds several versions)
_CATALOGUE = """
    adler2 2.0.0
    ahash 0.8.11: cfg-if once_cell version_check zerocopy
    aho-corasick 1.1.3: memchr
    allocator-api2 0.2.21
    anstream 0.6.18: anstyle anstyle-parse anstyle-query colorchoice is_terminal_polyfill utf8parse
    anstyle 1.0.10
    anstyle-parse 0.2.6: utf8parse
    anstyle-query 1.1.2: windows-sys@0.59.0
    anyhow 1.0.95
    assert_cmd 2.0.16: anstyle bstr doc-comment wait-timeout
    async-trait 0.1.85: proc-macro2 quote syn
    autocfg 1.4.0
    axum 0.8.1: axum-core bytes futures-util http http-body hyper hyper-util itoa matchit memchr
      mime percent-encoding pin-project-lite serde serde_json serde_urlencoded sync_wrapper tokio
      tower tower-layer tower-service tracing
    axum-core 0.5.0: bytes futures-core http http-body mime pin-project-lite sync_wrapper
      tower-layer tower-service tracing
    base64 0.22.1
    bitflags 2.8.0
    bstr 1.11.3: memchr regex-automata serde
    bytes 1.9.0
    cast 0.3.0
    cc 1.2.10: jobserver libc shlex
    cfg-if 1.0.0
    cfg_aliases 0.2.1
    chrono 0.4.39: num-traits serde
    clap 4.5.27: clap_builder clap_derive
    clap_builder 4.5.27: anstream anstyle clap_lex strsim
    clap_derive 4.5.24: heck proc-macro2 quote syn
    clap_lex 0.7.4
    colorchoice 1.0.3
    crc32fast 1.4.2: cfg-if
    criterion 0.5.1: cast clap criterion-plot itertools num-traits once_cell oorandom rayon regex
      serde serde_derive serde_json tinytemplate tokio walkdir
    criterion-plot 0.5.0: cast itertools
    crossbeam-channel 0.5.14: crossbeam-utils
    crossbeam-deque 0.8.6: crossbeam-epoch crossbeam-utils
    crossbeam-epoch 0.9.18: crossbeam-utils
    crossbeam-utils 0.8.21
    doc-comment 0.3.3
    either 1.13.0
    encoding_rs 0.8.35: cfg-if
    encoding_rs_io 0.1.7: encoding_rs
    equivalent 1.0.1
    errno 0.3.10: libc windows-sys@0.59.0
    fallible-iterator 0.3.0
    fallible-streaming-iterator 0.1.9
    fastrand 2.3.0
    flate2 1.0.35: crc32fast miniz_oxide
    fnv 1.0.7
    foldhash 0.1.4
    form_urlencoded 1.2.1: percent-encoding
    futures 0.3.31: futures-channel futures-core futures-executor futures-io futures-sink
      futures-task futures-util
    futures-channel 0.3.31: futures-core futures-sink
    futures-core 0.3.31
    futures-executor 0.3.31: futures-core futures-task futures-util
    futures-io 0.3.31
    futures-macro 0.3.31: proc-macro2 quote syn
    futures-sink 0.3.31
    futures-task 0.3.31
    futures-util 0.3.31: futures-channel futures-core futures-io futures-macro futures-sink
      futures-task memchr pin-project-lite pin-utils slab
    getrandom 0.2.15: cfg-if libc wasi
    glob 0.3.2
    hashbrown 0.14.5: ahash allocator-api2
    hashbrown 0.15.2: allocator-api2 equivalent foldhash
    hashlink 0.9.1: hashbrown@0.14.5
    heck 0.5.0
    hnsw_rs 0.3.1: num-traits parking_lot rayon serde
    http 1.2.0: bytes fnv itoa
    http-body 1.0.1: bytes http
    httparse 1.9.5
    hyper 1.5.2: bytes futures-channel futures-util http http-body httparse itoa pin-project-lite
      smallvec tokio
    hyper-util 0.1.10: bytes futures-util http http-body hyper pin-project-lite tokio tower-service
    indexmap 2.7.1: equivalent hashbrown@0.15.2
    insta 1.42.0: once_cell similar
    is_terminal_polyfill 1.70.1
    itertools 0.10.5: either
    itoa 1.0.14
    jobserver 0.1.32: libc
    kdl 4.7.1: nom thiserror@1.0.69
    lazy_static 1.5.0
    lexopt 0.3.0
    libc 0.2.169
    libsql 0.6.0: async-trait bitflags bytes futures libsql-hrana libsql-sys serde serde_json
      thiserror@1.0.69 tokio tracing
    libsql-ffi 0.9.1: cc
    libsql-hrana 0.9.1: base64 bytes serde
    libsql-sys 0.9.1: bytes libsql-ffi once_cell tracing
    libsqlite3-sys 0.30.1: cc pkg-config vcpkg
    linux-raw-sys 0.4.15
    lock_api 0.4.12: autocfg scopeguard
    log 0.4.25
    lz4_flex 0.11.3
    matchit 0.8.4
    memchr 2.7.4
    memmap2 0.9.5: libc
    mime 0.3.17
    minimal-lexical 0.2.1
    miniz_oxide 0.8.3: adler2
    mio 1.0.3: libc wasi windows-sys@0.52.0
    ndarray 0.16.1: num-traits
    nix 0.29.0: bitflags cfg-if cfg_aliases libc
    nom 7.1.3: memchr minimal-lexical
    num-traits 0.2.19: autocfg
    oauth2 4.4.2: base64 chrono rand serde serde_json thiserror@1.0.69 url
    once_cell 1.20.2
    oorandom 11.1.4
    ort 2.0.0-rc.9: ndarray ort-sys tracing
    ort-sys 2.0.0-rc.9
    parking_lot 0.12.3: lock_api parking_lot_core
    parking_lot_core 0.9.10: cfg-if libc smallvec windows-targets
    pcre2 0.2.9: libc log pcre2-sys
    pcre2-sys 0.2.9: cc libc pkg-config
    percent-encoding 2.3.1
    pin-project-lite 0.2.16
    pin-utils 0.1.0
    pkg-config 0.3.31
    ppv-lite86 0.2.20: zerocopy
    proc-macro2 1.0.93: unicode-ident
    proptest 1.6.0: bitflags num-traits rand rand_chacha rand_xorshift regex-syntax tempfile unarray
    quote 1.0.38: proc-macro2
    rand 0.8.5: libc rand_chacha rand_core
    rand_chacha 0.3.1: ppv-lite86 rand_core
    rand_core 0.6.4: getrandom
    rand_xorshift 0.3.0: rand_core
    rayon 1.10.0: either rayon-core
    rayon-core 1.12.1: crossbeam-deque crossbeam-utils
    redb 2.4.0: libc
    regex 1.11.1: aho-corasick memchr regex-automata regex-syntax
    regex-automata 0.4.9: aho-corasick memchr regex-syntax
    regex-syntax 0.8.5
    reqwest 0.12.12: base64 bytes futures-core futures-util http http-body hyper hyper-util
      percent-encoding pin-project-lite serde serde_json serde_urlencoded tokio tower-service url
    rmcp 0.1.5: futures pin-project-lite serde serde_json thiserror@2.0.11 tokio tracing
    rusqlite 0.32.1: bitflags fallible-iterator fallible-streaming-iterator hashlink
      libsqlite3-sys smallvec
    rustix 0.38.44: bitflags errno libc linux-raw-sys windows-sys@0.59.0
    ryu 1.0.18
    same-file 1.0.6: winapi-util
    scopeguard 1.2.0
    serde 1.0.217: serde_derive
    serde_derive 1.0.217: proc-macro2 quote syn
    serde_json 1.0.138: itoa memchr ryu serde
    serde_spanned 0.6.8: serde
    serde_urlencoded 0.7.1: form_urlencoded itoa ryu serde
    sharded-slab 0.1.7: lazy_static
    shlex 1.3.0
    signal-hook-registry 1.4.2: libc
    similar 2.7.0
    slab 0.4.9: autocfg
    smallvec 1.13.2
    socket2 0.5.8: libc windows-sys@0.52.0
    strsim 0.11.1
    syn 2.0.96: proc-macro2 quote unicode-ident
    sync_wrapper 1.0.2
    tempfile 3.15.0: cfg-if fastrand getrandom once_cell rustix windows-sys@0.59.0
    termcolor 1.4.1: winapi-util
    thiserror 1.0.69: thiserror-impl@1.0.69
    thiserror 2.0.11: thiserror-impl@2.0.11
    thiserror-impl 1.0.69: proc-macro2 quote syn
    thiserror-impl 2.0.11: proc-macro2 quote syn
    thread_local 1.1.8: cfg-if once_cell
    tikv-jemalloc-sys 0.6.0+5.3.0-1-ge13ca993e8ccb9ba9847cc330696e02839f328f7: cc libc
    tikv-jemallocator 0.6.0: libc tikv-jemalloc-sys
    tinytemplate 1.2.1: serde serde_json
    tokenizers 0.21.0: aho-corasick rayon regex serde serde_json thiserror@2.0.11
    tokio 1.43.0: bytes libc mio parking_lot pin-project-lite signal-hook-registry socket2
      tokio-macros windows-sys@0.52.0
    tokio-macros 2.5.0: proc-macro2 quote syn
    toml 0.8.19: serde serde_spanned toml_datetime toml_edit
    toml_datetime 0.6.8: serde
    toml_edit 0.22.22: indexmap serde serde_spanned toml_datetime winnow
    tower 0.5.2: futures-core futures-util pin-project-lite sync_wrapper tokio tower-layer
      tower-service tracing
    tower-layer 0.3.3
    tower-service 0.3.3
    tracing 0.1.41: log pin-project-lite tracing-attributes tracing-core
    tracing-attributes 0.1.28: proc-macro2 quote syn
    tracing-core 0.1.33: once_cell valuable
    tracing-log 0.2.0: log once_cell tracing-core
    tracing-subscriber 0.3.19: once_cell regex sharded-slab smallvec thread_local tracing
      tracing-core tracing-log
    unarray 0.1.4
    unicode-ident 1.0.14
    unicode-width 0.2.0
    url 2.5.4: form_urlencoded percent-encoding
    utf8parse 0.2.2
    uuid 1.12.1: getrandom serde
    valuable 0.1.1
    vcpkg 0.2.15
    version_check 0.9.5
    vte 0.14.1: memchr
    wait-timeout 0.2.0: libc
    walkdir 2.5.0: same-file winapi-util
    wasi 0.11.0+wasi-snapshot-preview1
    winapi-util 0.1.9: windows-sys@0.59.0
    windows-sys 0.52.0: windows-targets
    windows-sys 0.59.0: windows-targets
    windows-targets 0.52.6
    winnow 0.6.24: memchr
    zerocopy 0.7.35
    zstd 0.13.2: zstd-safe
    zstd-safe 7.2.1: zstd-sys
    zstd-sys 2.0.13+zstd.1.5.6: cc pkg-config
"""


def _entries(spec: str) -> dict[str, list[str]]:
    """``name version: dep dep@version ...`` lines (an indented line continues the one
    above) -> {"name version": [dep, ...]}."""
    out: dict[str, list[str]] = {}
    last = ""
    for line in textwrap.dedent(spec).strip().splitlines():
        if line.startswith(" "):
            out[last] += line.split()
            continue
        head, _, deps = line.partition(":")
        name, version = head.split()
        last = f"{name} {version}"
        out[last] = deps.split()
    return out


def _lock(members: str) -> str:
    """A version-4 Cargo.lock: the members (no source) and the externals they reach."""
    catalogue, own = _entries(_CATALOGUE), _entries(members)
    by_name: dict[str, list[str]] = {}
    for ident in [*catalogue, *own]:
        by_name.setdefault(ident.split()[0], []).append(ident)

    def resolve(dep: str) -> str:
        name, _, version = dep.partition("@")
        known = by_name.get(name, [])
        wanted = [i for i in known if not version or i == f"{name} {version}"]
        if len(wanted) != 1:
            raise ValueError(f"fixture lock: '{dep}' names {len(wanted)} packages")
        return wanted[0]

    edges = {
        ident: sorted({resolve(d) for d in deps}) for ident, deps in {**catalogue, **own}.items()
    }
    keep: set[str] = set()
    stack = list(own)
    while stack:
        ident = stack.pop()
        if ident not in keep:
            keep.add(ident)
            stack.extend(edges[ident])
    versions = Counter(ident.split()[0] for ident in keep)
    lines = [
        "# This file is automatically @generated by Cargo.",
        "# It is not intended for manual editing.",
        "version = 4",
    ]
    for ident in sorted(keep):
        name, version = ident.split()
        lines += ["", "[[package]]", f'name = "{name}"', f'version = "{version}"']
        if ident not in own:
            lines.append(f'source = "{REGISTRY}"')
        if edges[ident]:
            lines.append("dependencies = [")
            for dep in edges[ident]:
                shown = dep if versions[dep.split()[0]] > 1 else dep.split()[0]
                lines.append(f' "{shown}",')
            lines.append("]")
    return "\n".join(lines) + "\n"


# --- REFERENCE: the 9-crate workspace of shared/WORKSPACE.md ------------------------------

REFERENCE: dict[str, str] = {
    "Cargo.toml": """
        [workspace]
        resolver = "2"
        members = [
            "memory-core",
            "memory-storage-turso",
            "memory-storage-redb",
            "memory-mcp",
            "memory-cli",
            "test-utils",
            "benches",
            "tests",
            "examples",
        ]
        # cargo-fuzz keeps its own workspace (and nightly toolchain)
        exclude = ["fuzz"]

        [workspace.package]
        version = "0.1.14"
        edition = "2024"
        rust-version = "1.85"
        license = "MIT"
        authors = ["do-memory contributors"]

        [workspace.dependencies]
        # internal crates: the folders are not named like the packages
        do-memory-core = { path = "memory-core", version = "0.1.14" }
        do-memory-storage-turso = { path = "memory-storage-turso", version = "0.1.14" }
        do-memory-storage-redb = { path = "memory-storage-redb", version = "0.1.14" }
        do-memory-mcp = { path = "memory-mcp", version = "0.1.14" }
        do-memory-test-utils = { path = "test-utils" }

        anyhow = "1.0.95"
        async-trait = "0.1.85"
        chrono = { version = "0.4.39", features = ["serde"] }
        clap = { version = "4.5.27", features = ["derive", "env"] }
        criterion = { version = "0.5.1", features = ["async_tokio", "html_reports"] }
        futures = "0.3.31"
        libsql = { version = "0.6.0", default-features = false, features = ["core", "remote"] }
        ort = { version = "2.0.0-rc.9", default-features = false, features = ["load-dynamic"] }
        proptest = "1.6.0"
        redb = "2.4.0"
        reqwest = { version = "0.12.12", default-features = false, features = [
            "json",
            "rustls-tls",
        ] }
        serde = { version = "1.0.217", features = ["derive"] }
        serde_json = "1.0.138"
        tempfile = "3.15.0"
        thiserror = "2.0.11"
        tokenizers = { version = "0.21.0", default-features = false }
        tokio = { version = "1.43.0", features = ["full"] }
        tracing = "0.1.41"
        tracing-subscriber = { version = "0.3.19", features = ["env-filter"] }
        uuid = { version = "1.12.1", features = ["v4", "serde"] }

        [workspace.lints.rust]
        unsafe_code = "forbid"
        missing_debug_implementations = "warn"

        [workspace.lints.clippy]
        all = { level = "warn", priority = -1 }
        unwrap_used = "warn"

        [profile.bench]
        debug = true
        """,
    "rust-toolchain.toml": """
        [toolchain]
        channel = "stable"
        components = ["rustfmt", "clippy", "llvm-tools-preview"]
        profile = "minimal"
        """,
    ".config/nextest.toml": """
        [profile.default]
        retries = 0
        slow-timeout = { period = "60s", terminate-after = 3 }

        [profile.ci]
        retries = 2
        fail-fast = false
        failure-output = "immediate-final"
        slow-timeout = { period = "120s", terminate-after = 4 }

        [profile.ci.junit]
        path = "junit.xml"
        store-success-output = false
        """,
    "Cargo.lock": _lock(
        """
        do-memory-benches 0.1.14: criterion do-memory-core do-memory-storage-redb
          do-memory-storage-turso tempfile tokio uuid
        do-memory-cli 0.1.14: anyhow assert_cmd chrono clap criterion do-memory-core
          do-memory-storage-redb do-memory-storage-turso do-memory-test-utils serde serde_json
          tempfile tokio tracing tracing-subscriber
        do-memory-core 0.1.14: anyhow async-trait chrono do-memory-storage-redb
          do-memory-storage-turso futures getrandom hnsw_rs ort proptest reqwest serde serde_json
          tempfile thiserror@2.0.11 tokenizers tokio tracing uuid
        do-memory-examples 0.1.14: anyhow do-memory-core do-memory-storage-redb
          do-memory-storage-turso tokio tracing tracing-subscriber
        do-memory-mcp 0.1.14: anyhow clap do-memory-core do-memory-storage-redb
          do-memory-storage-turso oauth2 rmcp serde serde_json tempfile tokio tracing
          tracing-subscriber uuid
        do-memory-storage-redb 0.1.14: async-trait do-memory-core redb serde serde_json tempfile
          thiserror@2.0.11 tokio tracing
        do-memory-storage-turso 0.1.14: async-trait chrono do-memory-core do-memory-storage-redb
          do-memory-test-utils flate2 libsql lz4_flex serde serde_json tempfile thiserror@2.0.11
          tokio tracing uuid zstd
        do-memory-test-utils 0.1.14: do-memory-core do-memory-storage-redb do-memory-storage-turso
          tempfile tokio uuid
        e2e-tests 0.1.14: anyhow do-memory-core do-memory-mcp do-memory-storage-redb
          do-memory-storage-turso do-memory-test-utils serde_json tempfile tokio
        """
    ),
    # memory-core: the library every other crate builds on -------------------------------
    "memory-core/Cargo.toml": """
        [package]
        name = "do-memory-core"
        description = "Episodic memory, pattern extraction and retrieval for coding agents"
        version.workspace = true
        edition.workspace = true
        rust-version.workspace = true
        license.workspace = true
        authors.workspace = true

        [lints]
        workspace = true

        [dependencies]
        anyhow.workspace = true
        async-trait.workspace = true
        chrono.workspace = true
        futures.workspace = true
        serde.workspace = true
        serde_json.workspace = true
        thiserror.workspace = true
        tokio = { workspace = true, features = ["sync", "time"] }
        tracing.workspace = true
        uuid.workspace = true
        # optional, each behind a feature below
        reqwest = { workspace = true, optional = true }
        ort = { workspace = true, optional = true }
        tokenizers = { workspace = true, optional = true }
        proptest = { workspace = true, optional = true }
        # no `dep:` entry names it: its implicit feature is `hnsw`
        hnsw = { package = "hnsw_rs", version = "0.3.1", optional = true }

        [target.'cfg(target_arch = "wasm32")'.dependencies]
        getrandom = { version = "0.2.15", features = ["js"] }

        [dev-dependencies]
        # the tests run against the real backends, which depend on core: a dev cycle
        do-memory-core = { path = ".", features = ["proptest-arbitrary"] }
        do-memory-storage-turso = { workspace = true, features = ["keepalive-pool"] }
        do-memory-storage-redb.workspace = true
        proptest.workspace = true
        tempfile.workspace = true
        tokio = { workspace = true, features = ["test-util", "macros"] }

        [features]
        default = []
        openai = ["dep:reqwest"]
        mistral = ["dep:reqwest"]
        local-embeddings = ["dep:ort", "dep:tokenizers"]
        embeddings-full = ["openai", "mistral", "local-embeddings"]
        hybrid_search = []
        proptest-arbitrary = ["dep:proptest"]
        agentfs = []
        csm = []
        http-emitter = ["dep:reqwest"]
        wasm32 = []
        """,
    "memory-core/src/lib.rs": """
        //! do-memory-core: episodes, the patterns mined from them, and retrieval.

        pub mod embeddings;
        pub mod episode;
        pub mod pattern;

        pub use episode::{Episode, EpisodeId, Outcome};
        pub use pattern::{Pattern, PatternExtractor};

        use async_trait::async_trait;

        /// Where episodes live: implemented by the Turso and redb backends.
        #[async_trait]
        pub trait MemoryStore: Send + Sync {
            async fn put(&self, episode: &Episode) -> Result<(), MemoryError>;
            async fn get(&self, id: EpisodeId) -> Result<Option<Episode>, MemoryError>;
            async fn recent(&self, limit: usize) -> Result<Vec<Episode>, MemoryError>;
        }

        #[derive(Debug, thiserror::Error)]
        pub enum MemoryError {
            #[error("storage backend failed: {0}")]
            Storage(String),
            #[error("episode {0} is malformed: {1}")]
            Malformed(EpisodeId, String),
            #[error(transparent)]
            Json(#[from] serde_json::Error),
        }

        #[cfg(test)]
        mod tests {
            use super::*;

            #[test]
            fn storage_errors_name_their_cause() {
                let err = MemoryError::Storage("disk full".into());
                assert_eq!(err.to_string(), "storage backend failed: disk full");
            }

            #[test]
            fn json_errors_convert() {
                let bad = serde_json::from_str::<Episode>("{").unwrap_err();
                assert!(matches!(MemoryError::from(bad), MemoryError::Json(_)));
            }
        }
        """,
    "memory-core/src/episode.rs": """
        use chrono::{DateTime, Utc};
        use serde::{Deserialize, Serialize};
        use uuid::Uuid;

        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
        pub struct EpisodeId(pub Uuid);

        impl EpisodeId {
            pub fn new() -> Self {
                Self(Uuid::new_v4())
            }
        }

        impl std::fmt::Display for EpisodeId {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                self.0.fmt(f)
            }
        }

        #[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
        pub enum Outcome {
            Success { reward: f32 },
            Failure,
            Abandoned,
        }

        impl Outcome {
            pub fn reward(self) -> f32 {
                match self {
                    Outcome::Success { reward } => reward.clamp(0.0, 1.0),
                    Outcome::Failure => 0.0,
                    Outcome::Abandoned => 0.1,
                }
            }
        }

        #[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
        pub struct Episode {
            pub id: EpisodeId,
            pub task: String,
            pub steps: Vec<String>,
            pub outcome: Outcome,
            pub started: DateTime<Utc>,
        }

        impl Episode {
            pub fn new(task: impl Into<String>) -> Self {
                Self {
                    id: EpisodeId::new(),
                    task: task.into(),
                    steps: Vec::new(),
                    outcome: Outcome::Abandoned,
                    started: Utc::now(),
                }
            }
        }

        #[cfg(test)]
        mod tests {
            use super::*;

            #[test]
            fn rewards_are_clamped() {
                assert_eq!(Outcome::Success { reward: 3.0 }.reward(), 1.0);
                assert_eq!(Outcome::Failure.reward(), 0.0);
            }

            #[test]
            fn episodes_round_trip_through_json() {
                let mut episode = Episode::new("fix the flaky test");
                episode.steps.push("read the log".into());
                let text = serde_json::to_string(&episode).unwrap();
                assert_eq!(serde_json::from_str::<Episode>(&text).unwrap(), episode);
            }
        }
        """,
    "memory-core/src/pattern.rs": """
        use std::collections::HashMap;

        use crate::episode::Episode;

        #[derive(Debug, Clone, PartialEq)]
        pub struct Pattern {
            pub steps: Vec<String>,
            pub support: usize,
            pub mean_reward: f32,
        }

        /// Mines step sequences shared by successful episodes.
        #[derive(Debug, Default)]
        pub struct PatternExtractor {
            pub min_support: usize,
        }

        impl PatternExtractor {
            pub fn extract(&self, episodes: &[Episode]) -> Vec<Pattern> {
                let mut seen: HashMap<&[String], (usize, f32)> = HashMap::new();
                for episode in episodes {
                    for window in episode.steps.windows(2) {
                        let entry = seen.entry(window).or_default();
                        entry.0 += 1;
                        entry.1 += episode.outcome.reward();
                    }
                }
                let mut patterns: Vec<Pattern> = seen
                    .into_iter()
                    .filter(|(_, (support, _))| *support >= self.min_support.max(1))
                    .map(|(steps, (support, total))| Pattern {
                        steps: steps.to_vec(),
                        support,
                        mean_reward: total / support as f32,
                    })
                    .collect();
                patterns.sort_by(|a, b| b.support.cmp(&a.support).then(a.steps.cmp(&b.steps)));
                patterns
            }
        }

        #[cfg(test)]
        mod tests {
            use super::*;
            use crate::episode::Outcome;

            fn episode(steps: &[&str]) -> Episode {
                let mut e = Episode::new("t");
                e.steps = steps.iter().map(|s| s.to_string()).collect();
                e.outcome = Outcome::Success { reward: 1.0 };
                e
            }

            #[test]
            fn shared_pairs_become_patterns() {
                let episodes = [episode(&["grep", "edit", "test"]), episode(&["grep", "edit"])];
                let found = PatternExtractor { min_support: 2 }.extract(&episodes);
                assert_eq!(found.len(), 1);
                assert_eq!(found[0].steps, ["grep", "edit"]);
            }

            #[test]
            fn nothing_below_min_support() {
                let found = PatternExtractor { min_support: 3 }.extract(&[episode(&["a", "b"])]);
                assert!(found.is_empty());
            }
        }
        """,
    "memory-core/src/embeddings.rs": """
        //! Embedding providers: OpenAI and Mistral over HTTP, or a local ONNX model.

        pub fn cosine(a: &[f32], b: &[f32]) -> f32 {
            let dot: f32 = a.iter().zip(b).map(|(x, y)| x * y).sum();
            let norm = |v: &[f32]| v.iter().map(|x| x * x).sum::<f32>().sqrt();
            let denominator = norm(a) * norm(b);
            if denominator == 0.0 { 0.0 } else { dot / denominator }
        }

        #[cfg(feature = "openai")]
        pub mod openai {
            pub const MODEL: &str = "text-embedding-3-small";
        }

        #[cfg(feature = "local-embeddings")]
        pub mod local {
            pub const MODEL_FILE: &str = "all-MiniLM-L6-v2.onnx";
        }

        #[cfg(test)]
        mod tests {
            use super::cosine;

            #[test]
            fn identical_vectors_are_similar() {
                assert!((cosine(&[1.0, 2.0], &[1.0, 2.0]) - 1.0).abs() < 1e-6);
            }

            #[test]
            fn zero_vectors_do_not_divide_by_zero() {
                assert_eq!(cosine(&[0.0, 0.0], &[1.0, 0.0]), 0.0);
            }
        }
        """,
    "memory-core/tests/retrieval.rs": """
        use do_memory_core::{Episode, Outcome, PatternExtractor};

        #[test]
        fn patterns_rank_by_support() {
            let mut episodes = Vec::new();
            for steps in [["plan", "code"], ["plan", "code"], ["code", "test"]] {
                let mut e = Episode::new("feature");
                e.steps = steps.iter().map(|s| s.to_string()).collect();
                e.outcome = Outcome::Success { reward: 0.8 };
                episodes.push(e);
            }
            let found = PatternExtractor { min_support: 1 }.extract(&episodes);
            assert_eq!(found[0].steps, ["plan", "code"]);
            assert_eq!(found[0].support, 2);
        }

        #[test]
        fn failures_lower_the_mean_reward() {
            let mut good = Episode::new("a");
            good.steps = vec!["x".into(), "y".into()];
            good.outcome = Outcome::Success { reward: 1.0 };
            let mut bad = good.clone();
            bad.outcome = Outcome::Failure;
            let found = PatternExtractor { min_support: 2 }.extract(&[good, bad]);
            assert_eq!(found[0].mean_reward, 0.5);
        }
        """,
    "memory-core/tests/storage_roundtrip.rs": """
        use do_memory_core::{Episode, MemoryStore};
        use do_memory_storage_redb::RedbStore;

        #[tokio::test]
        async fn an_episode_survives_a_round_trip() {
            let dir = tempfile::tempdir().unwrap();
            let store = RedbStore::open(dir.path().join("memory.redb")).unwrap();
            let episode = Episode::new("round trip");
            store.put(&episode).await.unwrap();
            assert_eq!(store.get(episode.id).await.unwrap(), Some(episode));
        }

        #[tokio::test]
        async fn recent_is_newest_first() {
            let dir = tempfile::tempdir().unwrap();
            let store = RedbStore::open(dir.path().join("memory.redb")).unwrap();
            for task in ["first", "second"] {
                store.put(&Episode::new(task)).await.unwrap();
            }
            let recent = store.recent(1).await.unwrap();
            assert_eq!(recent[0].task, "second");
        }
        """,
    # memory-storage-turso: libSQL/Turso backend -------------------------------------------
    "memory-storage-turso/Cargo.toml": """
        [package]
        name = "do-memory-storage-turso"
        description = "Turso (libSQL) storage for do-memory"
        version.workspace = true
        edition.workspace = true
        rust-version.workspace = true
        license.workspace = true

        [lints]
        workspace = true

        [dependencies]
        do-memory-core = { workspace = true, features = ["hybrid_search"] }
        do-memory-storage-redb.workspace = true
        async-trait.workspace = true
        chrono.workspace = true
        libsql.workspace = true
        serde.workspace = true
        serde_json.workspace = true
        thiserror.workspace = true
        tokio.workspace = true
        tracing.workspace = true
        uuid.workspace = true
        lz4_flex = { version = "0.11.3", optional = true }
        zstd = { version = "0.13.2", optional = true }
        flate2 = { version = "1.0.35", optional = true }

        [dev-dependencies]
        do-memory-test-utils = { workspace = true, features = ["turso"] }
        tempfile.workspace = true
        tokio = { workspace = true, features = ["test-util"] }

        [features]
        default = []
        turso_multi_dimension = []
        hybrid_search = ["do-memory-core/hybrid_search"]
        keepalive-pool = []
        adaptive-ttl = []
        compression = ["compression-lz4"]
        compression-lz4 = ["dep:lz4_flex"]
        compression-zstd = ["dep:zstd"]
        compression-gzip = ["dep:flate2"]
        """,
    "memory-storage-turso/src/lib.rs": """
        //! Episodes in a Turso database, with redb as the local read cache.

        #[cfg(any(
            feature = "compression-lz4",
            feature = "compression-zstd",
            feature = "compression-gzip"
        ))]
        pub mod compression;
        pub mod pool;

        use async_trait::async_trait;
        use do_memory_core::{Episode, EpisodeId, MemoryError, MemoryStore};

        pub struct TursoStore {
            db: libsql::Database,
            cache: Option<do_memory_storage_redb::RedbStore>,
        }

        impl TursoStore {
            pub async fn open_local(path: &str) -> Result<Self, MemoryError> {
                let db = libsql::Builder::new_local(path)
                    .build()
                    .await
                    .map_err(|e| MemoryError::Storage(e.to_string()))?;
                Ok(Self { db, cache: None })
            }
        }

        #[async_trait]
        impl MemoryStore for TursoStore {
            async fn put(&self, episode: &Episode) -> Result<(), MemoryError> {
                let conn = self.db.connect().map_err(|e| MemoryError::Storage(e.to_string()))?;
                let body = serde_json::to_string(episode)?;
                conn.execute(
                    "INSERT INTO episodes (id, body) VALUES (?1, ?2)",
                    (episode.id.to_string(), body),
                )
                .await
                .map_err(|e| MemoryError::Storage(e.to_string()))?;
                Ok(())
            }

            async fn get(&self, id: EpisodeId) -> Result<Option<Episode>, MemoryError> {
                if let Some(cache) = &self.cache {
                    if let Some(hit) = cache.get(id).await? {
                        return Ok(Some(hit));
                    }
                }
                Ok(None)
            }

            async fn recent(&self, _limit: usize) -> Result<Vec<Episode>, MemoryError> {
                Ok(Vec::new())
            }
        }

        #[cfg(test)]
        mod tests {
            #[test]
            fn schema_mentions_every_column() {
                let schema = include_str!("schema.sql");
                for column in ["id", "body", "created_at"] {
                    assert!(schema.contains(column), "{column}");
                }
            }
        }
        """,
    "memory-storage-turso/src/schema.sql": """
        CREATE TABLE IF NOT EXISTS episodes (
            id TEXT PRIMARY KEY,
            body TEXT NOT NULL,
            created_at TEXT NOT NULL DEFAULT CURRENT_TIMESTAMP
        );
        """,
    "memory-storage-turso/src/pool.rs": """
        use std::time::Duration;

        /// How long an idle connection is kept before a keepalive ping.
        pub fn keepalive_interval() -> Duration {
            if cfg!(feature = "keepalive-pool") {
                Duration::from_secs(30)
            } else {
                Duration::ZERO
            }
        }

        pub fn ttl_for(hits: u32) -> Duration {
            let base = Duration::from_secs(60);
            if cfg!(feature = "adaptive-ttl") { base * hits.clamp(1, 10) } else { base }
        }

        #[cfg(test)]
        mod tests {
            use super::*;

            #[test]
            fn ttl_never_drops_below_the_base() {
                assert!(ttl_for(0) >= Duration::from_secs(60));
            }
        }
        """,
    "memory-storage-turso/src/compression.rs": """
        pub fn compress(data: &[u8]) -> Vec<u8> {
            #[cfg(feature = "compression-lz4")]
            return lz4_flex::compress_prepend_size(data);
            #[cfg(not(feature = "compression-lz4"))]
            data.to_vec()
        }

        #[cfg(all(test, feature = "compression-lz4"))]
        mod tests {
            #[test]
            fn lz4_round_trips() {
                let packed = super::compress(b"aaaaaaaaaaaaaaaa");
                let unpacked = lz4_flex::decompress_size_prepended(&packed).unwrap();
                assert_eq!(unpacked, b"aaaaaaaaaaaaaaaa");
            }
        }
        """,
    "memory-storage-turso/tests/turso_integration.rs": """
        use do_memory_core::{Episode, MemoryStore};
        use do_memory_storage_turso::TursoStore;

        #[tokio::test]
        async fn writes_to_a_local_database() {
            let dir = do_memory_test_utils::scratch_dir();
            let path = dir.path().join("memory.db");
            let store = TursoStore::open_local(path.to_str().unwrap()).await.unwrap();
            do_memory_test_utils::create_schema(&store).await;
            store.put(&Episode::new("turso")).await.unwrap();
        }

        #[test]
        fn keepalive_is_enabled_by_the_dev_dependency() {
            assert!(!do_memory_storage_turso::pool::keepalive_interval().is_zero());
        }
        """,
    # memory-storage-redb ---------------------------------------------------------------------
    "memory-storage-redb/Cargo.toml": """
        [package]
        name = "do-memory-storage-redb"
        description = "Embedded redb storage and cache for do-memory"
        version.workspace = true
        edition.workspace = true
        rust-version.workspace = true
        license.workspace = true

        [lints]
        workspace = true

        [dependencies]
        do-memory-core.workspace = true
        async-trait.workspace = true
        redb.workspace = true
        serde.workspace = true
        serde_json.workspace = true
        thiserror.workspace = true
        tokio.workspace = true
        tracing.workspace = true

        [dev-dependencies]
        tempfile.workspace = true
        tokio = { workspace = true, features = ["macros", "rt"] }
        """,
    "memory-storage-redb/src/lib.rs": """
        //! Episodes in an embedded redb file.

        mod tables;

        use std::path::Path;
        use std::sync::Arc;

        use async_trait::async_trait;
        use do_memory_core::{Episode, EpisodeId, MemoryError, MemoryStore};
        use redb::{Database, ReadableTable};

        use crate::tables::EPISODES;

        #[derive(Clone)]
        pub struct RedbStore {
            db: Arc<Database>,
        }

        fn storage(err: impl std::fmt::Display) -> MemoryError {
            MemoryError::Storage(err.to_string())
        }

        impl RedbStore {
            pub fn open(path: impl AsRef<Path>) -> Result<Self, MemoryError> {
                let db = Database::create(path).map_err(storage)?;
                Ok(Self { db: Arc::new(db) })
            }
        }

        #[async_trait]
        impl MemoryStore for RedbStore {
            async fn put(&self, episode: &Episode) -> Result<(), MemoryError> {
                let body = serde_json::to_vec(episode)?;
                let txn = self.db.begin_write().map_err(storage)?;
                {
                    let mut table = txn.open_table(EPISODES).map_err(storage)?;
                    table.insert(episode.id.0.as_u128(), body.as_slice()).map_err(storage)?;
                }
                txn.commit().map_err(storage)
            }

            async fn get(&self, id: EpisodeId) -> Result<Option<Episode>, MemoryError> {
                let txn = self.db.begin_read().map_err(storage)?;
                let table = txn.open_table(EPISODES).map_err(storage)?;
                match table.get(id.0.as_u128()).map_err(storage)? {
                    Some(body) => Ok(Some(serde_json::from_slice(body.value())?)),
                    None => Ok(None),
                }
            }

            async fn recent(&self, limit: usize) -> Result<Vec<Episode>, MemoryError> {
                let txn = self.db.begin_read().map_err(storage)?;
                let table = txn.open_table(EPISODES).map_err(storage)?;
                let mut all = Vec::new();
                for row in table.iter().map_err(storage)? {
                    let (_, body) = row.map_err(storage)?;
                    all.push(serde_json::from_slice::<Episode>(body.value())?);
                }
                all.sort_by(|a, b| b.started.cmp(&a.started));
                all.truncate(limit);
                Ok(all)
            }
        }

        #[cfg(test)]
        mod tests {
            use super::*;

            #[tokio::test]
            async fn missing_episodes_are_none() {
                let dir = tempfile::tempdir().unwrap();
                let store = RedbStore::open(dir.path().join("m.redb")).unwrap();
                assert_eq!(store.get(EpisodeId::new()).await.unwrap(), None);
            }
        }
        """,
    "memory-storage-redb/src/tables.rs": """
        use redb::TableDefinition;

        pub const EPISODES: TableDefinition<u128, &[u8]> = TableDefinition::new("episodes");
        """,
    # memory-mcp: the MCP server ---------------------------------------------------------------
    "memory-mcp/Cargo.toml": """
        [package]
        name = "do-memory-mcp"
        description = "Model Context Protocol server exposing do-memory to agents"
        version.workspace = true
        edition.workspace = true
        rust-version.workspace = true
        license.workspace = true

        [lints]
        workspace = true

        [[bin]]
        name = "do-memory-mcp-server"
        path = "src/bin/server.rs"

        [dependencies]
        do-memory-core = { workspace = true, features = ["agentfs"] }
        do-memory-storage-turso.workspace = true
        do-memory-storage-redb.workspace = true
        anyhow.workspace = true
        clap.workspace = true
        rmcp = { version = "0.1.5", features = ["server", "transport-io"] }
        serde.workspace = true
        serde_json.workspace = true
        tokio.workspace = true
        tracing.workspace = true
        tracing-subscriber.workspace = true
        uuid.workspace = true
        oauth2 = { version = "4.4.2", optional = true }

        [dev-dependencies]
        do-memory-storage-redb.workspace = true
        tempfile.workspace = true

        [features]
        default = []
        oauth = ["dep:oauth2"]
        embeddings = ["do-memory-core/embeddings-full"]
        streaming-impl = []
        sandbox-dev = []
        """,
    "memory-mcp/src/lib.rs": """
        //! MCP tools over the memory store: record, recall, patterns.

        pub mod server;
        pub mod tools;

        pub use server::MemoryServer;

        pub const PROTOCOL_VERSION: &str = "2024-11-05";

        #[cfg(test)]
        mod tests {
            #[test]
            fn protocol_version_is_a_date() {
                assert_eq!(super::PROTOCOL_VERSION.split('-').count(), 3);
            }
        }
        """,
    "memory-mcp/src/server.rs": """
        use std::sync::Arc;

        use do_memory_core::MemoryStore;

        pub struct MemoryServer {
            pub store: Arc<dyn MemoryStore>,
            pub sandboxed: bool,
        }

        impl MemoryServer {
            pub fn new(store: Arc<dyn MemoryStore>) -> Self {
                Self { store, sandboxed: cfg!(feature = "sandbox-dev") }
            }

            pub fn tool_names(&self) -> Vec<&'static str> {
                crate::tools::TOOLS.iter().map(|t| t.name).collect()
            }
        }
        """,
    "memory-mcp/src/tools.rs": """
        pub struct Tool {
            pub name: &'static str,
            pub description: &'static str,
        }

        pub const TOOLS: &[Tool] = &[
            Tool { name: "record_episode", description: "Store a finished episode" },
            Tool { name: "recall", description: "Episodes similar to a task" },
            Tool { name: "patterns", description: "Step patterns that worked before" },
        ];

        pub fn find(name: &str) -> Option<&'static Tool> {
            TOOLS.iter().find(|t| t.name == name)
        }

        #[cfg(test)]
        mod tests {
            use super::*;

            #[test]
            fn every_tool_is_findable() {
                for tool in TOOLS {
                    assert!(find(tool.name).is_some());
                }
            }

            #[test]
            fn unknown_tools_are_none() {
                assert!(find("rm_rf").is_none());
            }
        }
        """,
    "memory-mcp/src/bin/server.rs": """
        use std::sync::Arc;

        use clap::Parser;
        use do_memory_mcp::MemoryServer;
        use do_memory_storage_redb::RedbStore;

        #[derive(Parser)]
        struct Args {
            /// The redb file holding the episodes.
            #[arg(long, env = "DO_MEMORY_DB", default_value = "memory.redb")]
            db: String,
        }

        #[tokio::main]
        async fn main() -> anyhow::Result<()> {
            tracing_subscriber::fmt().with_writer(std::io::stderr).init();
            let args = Args::parse();
            let store = Arc::new(RedbStore::open(&args.db)?);
            let server = MemoryServer::new(store);
            tracing::info!(tools = ?server.tool_names(), "serving MCP on stdio");
            Ok(())
        }
        """,
    "memory-mcp/examples/basic_client.rs": """
        //! Lists the server's tools, as an MCP client would.

        use std::sync::Arc;

        fn main() -> anyhow::Result<()> {
            let dir = tempfile::tempdir()?;
            let store = do_memory_storage_redb::RedbStore::open(dir.path().join("m.redb"))?;
            let server = do_memory_mcp::MemoryServer::new(Arc::new(store));
            for name in server.tool_names() {
                println!("{name}");
            }
            Ok(())
        }
        """,
    "memory-mcp/tests/protocol.rs": """
        #[test]
        fn protocol_version_is_pinned() {
            assert_eq!(do_memory_mcp::PROTOCOL_VERSION, "2024-11-05");
        }
        """,
    "memory-mcp/tests/tools_list.rs": """
        mod common;

        #[test]
        fn lists_three_tools() {
            let server = common::server();
            assert_eq!(server.tool_names(), ["record_episode", "recall", "patterns"]);
        }
        """,
    "memory-mcp/tests/common/mod.rs": """
        use std::sync::Arc;

        use do_memory_mcp::MemoryServer;
        use do_memory_storage_redb::RedbStore;

        pub fn server() -> MemoryServer {
            let dir = tempfile::tempdir().unwrap().into_path();
            MemoryServer::new(Arc::new(RedbStore::open(dir.join("m.redb")).unwrap()))
        }
        """,
    "memory-mcp/tests/tool_call.rs": """
        #[test]
        fn record_episode_is_described() {
            let tool = do_memory_mcp::tools::find("record_episode").unwrap();
            assert!(tool.description.contains("episode"));
        }
        """,
    "memory-mcp/tests/memory_roundtrip.rs": """
        mod common;

        use do_memory_core::Episode;

        #[tokio::test]
        async fn recorded_episodes_can_be_recalled() {
            let server = common::server();
            let episode = Episode::new("mcp");
            server.store.put(&episode).await.unwrap();
            assert!(server.store.get(episode.id).await.unwrap().is_some());
        }
        """,
    "memory-mcp/tests/oauth_flow.rs": """
        #![cfg(feature = "oauth")]

        #[test]
        fn oauth_client_builds() {
            let id = oauth2::ClientId::new("do-memory".to_string());
            assert_eq!(id.as_str(), "do-memory");
        }
        """,
    "memory-mcp/tests/streaming.rs": """
        #![cfg(feature = "streaming-impl")]

        #[test]
        fn streaming_is_compiled_in() {
            assert!(cfg!(feature = "streaming-impl"));
        }
        """,
    "memory-mcp/tests/sandbox.rs": """
        mod common;

        #[test]
        fn sandbox_follows_the_feature() {
            assert_eq!(common::server().sandboxed, cfg!(feature = "sandbox-dev"));
        }
        """,
    "memory-mcp/tests/error_codes.rs": """
        #[test]
        fn unknown_tools_are_rejected() {
            assert!(do_memory_mcp::tools::find("drop_table").is_none());
        }
        """,
    "memory-mcp/tests/concurrency.rs": """
        mod common;

        use do_memory_core::Episode;

        #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
        async fn parallel_writes_all_land() {
            let server = std::sync::Arc::new(common::server());
            let mut handles = Vec::new();
            for i in 0..8 {
                let server = server.clone();
                handles.push(tokio::spawn(async move {
                    server.store.put(&Episode::new(format!("task {i}"))).await.unwrap();
                }));
            }
            for handle in handles {
                handle.await.unwrap();
            }
            assert_eq!(server.store.recent(100).await.unwrap().len(), 8);
        }
        """,
    # memory-cli ---------------------------------------------------------------------------------
    "memory-cli/Cargo.toml": """
        [package]
        name = "do-memory-cli"
        description = "Command line for inspecting and pruning do-memory stores"
        version.workspace = true
        edition.workspace = true
        rust-version.workspace = true
        license.workspace = true

        [lints]
        workspace = true

        [dependencies]
        do-memory-core.workspace = true
        do-memory-storage-turso = { workspace = true, optional = true }
        do-memory-storage-redb = { workspace = true, optional = true }
        do-memory-test-utils.workspace = true
        anyhow.workspace = true
        chrono.workspace = true
        clap.workspace = true
        serde.workspace = true
        serde_json.workspace = true
        tokio.workspace = true
        tracing.workspace = true
        tracing-subscriber.workspace = true

        [dev-dependencies]
        do-memory-test-utils.workspace = true
        assert_cmd = "2.0.16"
        criterion.workspace = true
        tempfile.workspace = true

        [[bench]]
        name = "cli_startup"
        harness = false

        [features]
        default = ["redb"]
        turso = ["dep:do-memory-storage-turso", "do-memory-test-utils/turso"]
        redb = ["dep:do-memory-storage-redb", "do-memory-test-utils/redb"]
        openai = ["do-memory-core/openai"]
        mistral = ["do-memory-core/mistral"]
        local-embeddings = ["do-memory-core/local-embeddings"]
        embeddings-full = ["openai", "mistral", "local-embeddings"]
        full = ["turso", "redb", "embeddings-full"]
        """,
    "memory-cli/src/lib.rs": """
        pub mod commands;

        use clap::{Parser, Subcommand};

        #[derive(Debug, Parser)]
        #[command(name = "do-memory", version, about = "Inspect and prune do-memory stores")]
        pub struct Cli {
            #[arg(long, global = true, default_value = "memory.redb")]
            pub db: String,
            #[command(subcommand)]
            pub command: Command,
        }

        #[derive(Debug, Subcommand)]
        pub enum Command {
            /// Print the newest episodes.
            Recent { #[arg(default_value_t = 10)] limit: usize },
            /// Delete episodes older than this many days.
            Prune { days: u32 },
        }

        #[cfg(test)]
        mod tests {
            use super::*;

            #[test]
            fn recent_defaults_to_ten() {
                let cli = Cli::parse_from(["do-memory", "recent"]);
                assert!(matches!(cli.command, Command::Recent { limit: 10 }));
            }

            #[test]
            fn prune_takes_days() {
                let cli = Cli::parse_from(["do-memory", "prune", "30"]);
                assert!(matches!(cli.command, Command::Prune { days: 30 }));
            }
        }
        """,
    "memory-cli/src/commands.rs": """
        use chrono::{Duration, Utc};
        use do_memory_core::Episode;

        pub fn older_than(episodes: &[Episode], days: u32) -> Vec<&Episode> {
            let cutoff = Utc::now() - Duration::days(i64::from(days));
            episodes.iter().filter(|e| e.started < cutoff).collect()
        }

        pub fn render(episodes: &[Episode]) -> String {
            episodes
                .iter()
                .map(|e| format!("{}  {}", e.started.format("%Y-%m-%d"), e.task))
                .collect::<Vec<_>>()
                .join("\\n")
        }

        #[cfg(test)]
        mod tests {
            use super::*;

            #[test]
            fn fresh_episodes_are_kept() {
                assert!(older_than(&[Episode::new("new")], 1).is_empty());
            }
        }
        """,
    "memory-cli/src/main.rs": """
        use clap::Parser;
        use do_memory_cli::{Cli, Command};

        #[tokio::main]
        async fn main() -> anyhow::Result<()> {
            tracing_subscriber::fmt::init();
            let cli = Cli::parse();
            match cli.command {
                Command::Recent { limit } => println!("showing {limit} episodes from {}", cli.db),
                Command::Prune { days } => println!("pruning episodes older than {days} days"),
            }
            Ok(())
        }
        """,
    "memory-cli/benches/cli_startup.rs": """
        use clap::Parser;
        use criterion::{criterion_group, criterion_main, Criterion};
        use do_memory_cli::Cli;

        fn parse(c: &mut Criterion) {
            c.bench_function("parse recent", |b| {
                b.iter(|| Cli::parse_from(["do-memory", "recent", "50"]))
            });
        }

        criterion_group!(benches, parse);
        criterion_main!(benches);
        """,
    # test-utils ---------------------------------------------------------------------------------
    "test-utils/Cargo.toml": """
        [package]
        name = "do-memory-test-utils"
        description = "Shared fixtures for the do-memory test suites"
        version.workspace = true
        edition.workspace = true
        rust-version.workspace = true
        license.workspace = true
        publish = false

        [dependencies]
        do-memory-core.workspace = true
        do-memory-storage-turso = { workspace = true, optional = true }
        do-memory-storage-redb = { workspace = true, optional = true }
        tempfile.workspace = true
        tokio.workspace = true
        uuid.workspace = true

        [features]
        turso = ["dep:do-memory-storage-turso"]
        redb = ["dep:do-memory-storage-redb"]
        full = ["turso", "redb"]
        """,
    "test-utils/src/lib.rs": """
        //! Fixtures shared by the crates' tests: scratch folders, sample episodes, schemas.

        pub mod fixtures;

        pub use fixtures::sample_episodes;

        pub fn scratch_dir() -> tempfile::TempDir {
            tempfile::Builder::new().prefix("do-memory-").tempdir().expect("a scratch folder")
        }

        #[cfg(feature = "turso")]
        pub async fn create_schema(store: &do_memory_storage_turso::TursoStore) {
            let _ = store;
        }
        """,
    "test-utils/src/fixtures.rs": """
        use do_memory_core::{Episode, Outcome};

        pub fn sample_episodes(n: usize) -> Vec<Episode> {
            (0..n)
                .map(|i| {
                    let mut e = Episode::new(format!("task {i}"));
                    e.steps = vec!["plan".into(), "edit".into(), "test".into()];
                    e.outcome = if i % 3 == 0 {
                        Outcome::Failure
                    } else {
                        Outcome::Success { reward: 0.9 }
                    };
                    e
                })
                .collect()
        }
        """,
    # benches: criterion benchmarks over the whole stack -----------------------------------------
    "benches/Cargo.toml": """
        [package]
        name = "do-memory-benches"
        version.workspace = true
        edition.workspace = true
        rust-version.workspace = true
        license.workspace = true
        publish = false

        [dependencies]
        do-memory-core.workspace = true
        do-memory-storage-redb.workspace = true
        do-memory-storage-turso = { workspace = true, features = ["keepalive-pool", "compression"] }
        criterion.workspace = true
        tempfile.workspace = true
        tokio.workspace = true
        uuid.workspace = true

        [features]
        full-soak = []

        [[bench]]
        name = "episode_store"
        harness = false

        [[bench]]
        name = "pattern_extraction"
        harness = false

        [[bench]]
        name = "retrieval_latency"
        harness = false

        [[bench]]
        name = "redb_throughput"
        harness = false

        [[bench]]
        name = "turso_pool"
        harness = false

        [[bench]]
        name = "soak"
        harness = false
        required-features = ["full-soak"]
        """,
    "benches/src/lib.rs": """
        //! Set-up shared by the benchmarks.

        use do_memory_core::Episode;

        pub fn episodes(n: usize) -> Vec<Episode> {
            (0..n).map(|i| Episode::new(format!("bench {i}"))).collect()
        }

        pub fn runtime() -> tokio::runtime::Runtime {
            tokio::runtime::Builder::new_multi_thread().enable_all().build().unwrap()
        }
        """,
    "benches/benches/common/mod.rs": """
        use do_memory_storage_redb::RedbStore;

        pub fn store() -> (tempfile::TempDir, RedbStore) {
            let dir = tempfile::tempdir().unwrap();
            let store = RedbStore::open(dir.path().join("bench.redb")).unwrap();
            (dir, store)
        }
        """,
    "benches/benches/episode_store.rs": """
        mod common;

        use criterion::{criterion_group, criterion_main, Criterion};
        use do_memory_core::MemoryStore;

        fn put(c: &mut Criterion) {
            let rt = do_memory_benches::runtime();
            let (_dir, store) = common::store();
            let episodes = do_memory_benches::episodes(64);
            c.bench_function("redb put 64", |b| {
                b.to_async(&rt).iter(|| async {
                    for e in &episodes {
                        store.put(e).await.unwrap();
                    }
                })
            });
        }

        criterion_group!(benches, put);
        criterion_main!(benches);
        """,
    "benches/benches/pattern_extraction.rs": """
        use criterion::{black_box, criterion_group, criterion_main, Criterion};
        use do_memory_core::PatternExtractor;

        fn extract(c: &mut Criterion) {
            let episodes = do_memory_benches::episodes(1_000);
            let extractor = PatternExtractor { min_support: 2 };
            c.bench_function("extract 1k", |b| b.iter(|| extractor.extract(black_box(&episodes))));
        }

        criterion_group!(benches, extract);
        criterion_main!(benches);
        """,
    "benches/benches/retrieval_latency.rs": """
        mod common;

        use criterion::{criterion_group, criterion_main, Criterion};
        use do_memory_core::MemoryStore;

        fn recent(c: &mut Criterion) {
            let rt = do_memory_benches::runtime();
            let (_dir, store) = common::store();
            c.bench_function("recent 10", |b| b.to_async(&rt).iter(|| store.recent(10)));
        }

        criterion_group!(benches, recent);
        criterion_main!(benches);
        """,
    "benches/benches/redb_throughput.rs": """
        mod common;

        use criterion::{criterion_group, criterion_main, Criterion, Throughput};
        use do_memory_core::MemoryStore;

        fn throughput(c: &mut Criterion) {
            let rt = do_memory_benches::runtime();
            let (_dir, store) = common::store();
            let episodes = do_memory_benches::episodes(256);
            let mut group = c.benchmark_group("redb");
            group.throughput(Throughput::Elements(episodes.len() as u64));
            group.bench_function("put 256", |b| {
                b.to_async(&rt).iter(|| async {
                    for e in &episodes {
                        store.put(e).await.unwrap();
                    }
                })
            });
            group.finish();
        }

        criterion_group!(benches, throughput);
        criterion_main!(benches);
        """,
    "benches/benches/turso_pool.rs": """
        use criterion::{criterion_group, criterion_main, Criterion};

        fn keepalive(c: &mut Criterion) {
            c.bench_function("keepalive interval", |b| {
                b.iter(do_memory_storage_turso::pool::keepalive_interval)
            });
        }

        criterion_group!(benches, keepalive);
        criterion_main!(benches);
        """,
    "benches/benches/soak.rs": """
        use std::time::Duration;

        use criterion::{criterion_group, criterion_main, Criterion};

        fn soak(c: &mut Criterion) {
            let mut group = c.benchmark_group("soak");
            group.measurement_time(Duration::from_secs(600));
            let episodes = do_memory_benches::episodes(100_000);
            group.bench_function("extract 100k", |b| {
                b.iter(|| do_memory_core::PatternExtractor { min_support: 5 }.extract(&episodes))
            });
            group.finish();
        }

        criterion_group!(benches, soak);
        criterion_main!(benches);
        """,
    # tests: end-to-end suites only, no library ---------------------------------------------------
    "tests/Cargo.toml": """
        [package]
        name = "e2e-tests"
        version.workspace = true
        edition.workspace = true
        rust-version.workspace = true
        license.workspace = true
        publish = false

        [dependencies]
        do-memory-core.workspace = true
        do-memory-storage-turso.workspace = true
        do-memory-storage-redb.workspace = true
        do-memory-test-utils = { workspace = true, features = ["full"] }
        do-memory-mcp.workspace = true
        anyhow.workspace = true
        serde_json.workspace = true
        tempfile.workspace = true
        tokio.workspace = true

        [features]
        turso = []
        redb = []
        """,
    "tests/tests/common/mod.rs": """
        pub fn redb_store() -> (tempfile::TempDir, do_memory_storage_redb::RedbStore) {
            let dir = tempfile::tempdir().unwrap();
            let path = dir.path().join("e2e.redb");
            let store = do_memory_storage_redb::RedbStore::open(path).unwrap();
            (dir, store)
        }
        """,
    "tests/tests/memory_lifecycle.rs": """
        mod common;

        use do_memory_core::{MemoryStore, PatternExtractor};

        #[tokio::test]
        async fn record_mine_and_recall() -> anyhow::Result<()> {
            let (_dir, store) = common::redb_store();
            for episode in do_memory_test_utils::sample_episodes(9) {
                store.put(&episode).await?;
            }
            let recent = store.recent(9).await?;
            assert_eq!(recent.len(), 9);
            let patterns = PatternExtractor { min_support: 3 }.extract(&recent);
            assert_eq!(patterns[0].steps, ["edit", "test"]);
            Ok(())
        }

        #[tokio::test]
        async fn an_empty_store_has_no_patterns() -> anyhow::Result<()> {
            let (_dir, store) = common::redb_store();
            let recent = store.recent(10).await?;
            assert!(PatternExtractor::default().extract(&recent).is_empty());
            Ok(())
        }
        """,
    "tests/tests/storage_sync.rs": """
        #![cfg(feature = "turso")]

        use do_memory_core::{Episode, MemoryStore};

        #[tokio::test]
        async fn turso_writes_are_visible() -> anyhow::Result<()> {
            let dir = do_memory_test_utils::scratch_dir();
            let path = dir.path().join("sync.db");
            let path = path.to_str().unwrap();
            let store = do_memory_storage_turso::TursoStore::open_local(path).await?;
            do_memory_test_utils::create_schema(&store).await;
            store.put(&Episode::new("sync")).await?;
            Ok(())
        }
        """,
    "tests/tests/mcp_roundtrip.rs": """
        mod common;

        use std::sync::Arc;

        #[test]
        fn the_server_lists_its_tools_as_json() {
            let (_dir, store) = common::redb_store();
            let server = do_memory_mcp::MemoryServer::new(Arc::new(store));
            let json = serde_json::to_string(&server.tool_names()).unwrap();
            assert_eq!(json, r#"["record_episode","recall","patterns"]"#);
        }
        """,
    # examples: runnable programs, as binaries -----------------------------------------------------
    "examples/Cargo.toml": """
        [package]
        name = "do-memory-examples"
        version.workspace = true
        edition.workspace = true
        rust-version.workspace = true
        license.workspace = true
        publish = false

        [dependencies]
        do-memory-core.workspace = true
        do-memory-storage-redb.workspace = true
        do-memory-storage-turso.workspace = true
        anyhow.workspace = true
        tokio.workspace = true
        tracing.workspace = true
        tracing-subscriber.workspace = true
        """,
    "examples/src/bin/quickstart.rs": """
        use do_memory_core::{Episode, MemoryStore, Outcome};
        use do_memory_storage_redb::RedbStore;

        #[tokio::main]
        async fn main() -> anyhow::Result<()> {
            tracing_subscriber::fmt::init();
            let store = RedbStore::open("quickstart.redb")?;
            let mut episode = Episode::new("write a quickstart");
            episode.steps = vec!["outline".into(), "draft".into()];
            episode.outcome = Outcome::Success { reward: 1.0 };
            store.put(&episode).await?;
            tracing::info!(id = %episode.id, "recorded");
            Ok(())
        }
        """,
    "examples/src/bin/pattern_mining.rs": """
        use do_memory_core::{MemoryStore, PatternExtractor};
        use do_memory_storage_redb::RedbStore;

        #[tokio::main]
        async fn main() -> anyhow::Result<()> {
            let store = RedbStore::open("quickstart.redb")?;
            let episodes = store.recent(1_000).await?;
            for pattern in PatternExtractor { min_support: 2 }.extract(&episodes) {
                println!("{:>4}  {}", pattern.support, pattern.steps.join(" -> "));
            }
            Ok(())
        }
        """,
    "examples/src/bin/turso_sync.rs": """
        use do_memory_core::{Episode, MemoryStore};
        use do_memory_storage_turso::TursoStore;

        #[tokio::main]
        async fn main() -> anyhow::Result<()> {
            let store = TursoStore::open_local("local-replica.db").await?;
            store.put(&Episode::new("sync me")).await?;
            println!("written; run `turso db shell` to see it");
            Ok(())
        }
        """,
    # fuzz: cargo-fuzz's own workspace, excluded from the main one ---------------------------------
    "fuzz/Cargo.toml": """
        [package]
        name = "do-memory-fuzz"
        version = "0.0.0"
        publish = false
        edition = "2021"

        [package.metadata]
        cargo-fuzz = true

        [dependencies]
        libfuzzer-sys = "0.4"
        do-memory-core = { path = "../memory-core" }

        # Prevent this from interfering with workspaces
        [workspace]
        members = ["."]

        [[bin]]
        name = "episode_json"
        path = "fuzz_targets/episode_json.rs"
        test = false
        doc = false
        bench = false
        """,
    "fuzz/fuzz_targets/episode_json.rs": """
        #![no_main]

        use libfuzzer_sys::fuzz_target;

        fuzz_target!(|data: &[u8]| {
            let _ = serde_json::from_slice::<do_memory_core::Episode>(data);
        });
        """,
}


# --- GLOB_ROOT_PACKAGE: ripgrep's layout --------------------------------------------------
# The root is the binary package and the workspace root at once; `members = ["crates/*"]`
# picks up the libraries, whose folders are short names of longer package names.

GLOB_ROOT_PACKAGE: dict[str, str] = {
    "Cargo.toml": """
        [package]
        name = "rummage"
        version = "14.1.1"
        authors = ["The rummage authors"]
        description = '''
        rummage is a line-oriented search tool that recursively searches the current
        directory for a regex pattern while respecting gitignore rules.
        '''
        readme = "README.md"
        keywords = ["regex", "grep", "egrep", "search", "pattern"]
        categories = ["command-line-utilities", "text-processing"]
        license = "Unlicense OR MIT"
        exclude = ["/.github/", "/ci/", "/pkg/", "/benchsuite/", "/scripts/"]
        build = "build.rs"
        autotests = false
        edition = "2021"
        rust-version = "1.80"

        [[bin]]
        bench = false
        path = "src/main.rs"
        name = "rmg"

        [[test]]
        name = "integration"
        path = "tests/tests.rs"

        [workspace]
        members = ["crates/*"]

        [dependencies]
        anyhow = "1.0.95"
        bstr = "1.11.3"
        rummage-search = { version = "0.1.11", path = "crates/search" }
        rummage-ignore = { version = "0.4.23", path = "crates/ignore" }
        lexopt = "0.3.0"
        log = "0.4.25"
        serde_json = { version = "1.0.138", optional = true }
        termcolor = "1.4.1"

        [target.'cfg(all(target_env = "musl", target_pointer_width = "64"))'.dependencies]
        tikv-jemallocator = { version = "0.6.0", optional = true }

        [dev-dependencies]
        serde = "1.0.217"
        serde_derive = "1.0.217"
        walkdir = "2.5.0"
        rummage-testkit = { path = "crates/testkit" }

        [features]
        default = ["mmap", "color"]
        pcre2 = ["rummage-search/pcre2"]
        simd-accel = ["rummage-search/simd-accel"]
        mmap = ["rummage-search/mmap"]
        color = []
        json = ["dep:serde_json", "rummage-search/serde"]
        jemalloc = ["dep:tikv-jemallocator"]
        compressed = []

        [profile.release]
        debug = 1

        [profile.release-lto]
        inherits = "release"
        opt-level = 3
        debug = "none"
        strip = "symbols"
        lto = "fat"
        codegen-units = 1

        [package.metadata.deb]
        features = ["pcre2"]
        section = "utils"
        """,
    "Cargo.lock": _lock(
        """
        rummage 14.1.1: anyhow bstr lexopt log rummage-ignore rummage-search rummage-testkit
          serde serde_derive serde_json termcolor tikv-jemallocator walkdir
        rummage-cli 0.1.11: bstr log rummage-globset termcolor winapi-util
        rummage-globset 0.4.15: aho-corasick bstr glob log regex-automata regex-syntax serde
          serde_json
        rummage-ignore 0.4.23: bstr crossbeam-channel crossbeam-deque log memchr regex-automata
          rummage-globset same-file walkdir winapi-util
        rummage-matcher 0.1.7: memchr regex
        rummage-pcre2 0.1.8: log pcre2 rummage-matcher
        rummage-printer 0.2.2: bstr log rummage-matcher rummage-regex rummage-searcher serde
          serde_json termcolor
        rummage-regex 0.1.13: bstr log regex-automata regex-syntax rummage-matcher
        rummage-search 0.1.11: rummage-cli rummage-matcher rummage-pcre2 rummage-printer
          rummage-regex rummage-searcher termcolor walkdir
        rummage-searcher 0.1.14: bstr encoding_rs encoding_rs_io log memchr memmap2 regex
          rummage-matcher rummage-regex
        rummage-testkit 0.0.0: bstr walkdir
        """
    ),
    "build.rs": """
        use std::env;

        fn main() {
            set_git_revision_hash();
            set_windows_exe_options();
        }

        fn set_git_revision_hash() {
            let Ok(output) = std::process::Command::new("git")
                .args(["rev-parse", "--short=10", "HEAD"])
                .output()
            else {
                return;
            };
            let rev = String::from_utf8_lossy(&output.stdout).trim().to_string();
            if !rev.is_empty() {
                println!("cargo:rustc-env=RUMMAGE_BUILD_GIT_HASH={rev}");
            }
        }

        fn set_windows_exe_options() {
            if env::var("CARGO_CFG_TARGET_OS").as_deref() == Ok("windows") {
                println!("cargo:rustc-link-arg-bin=rmg=/STACK:8388608");
            }
        }
        """,
    "src/main.rs": """
        //! rmg: the rummage command line.

        use std::process::ExitCode;

        mod flags;
        mod haystack;
        mod search;

        #[cfg(all(target_env = "musl", target_pointer_width = "64", feature = "jemalloc"))]
        #[global_allocator]
        static ALLOC: tikv_jemallocator::Jemalloc = tikv_jemallocator::Jemalloc;

        fn main() -> ExitCode {
            match run() {
                Ok(true) => ExitCode::from(0),
                Ok(false) => ExitCode::from(1),
                Err(err) => {
                    eprintln!("rmg: {err:#}");
                    ExitCode::from(2)
                }
            }
        }

        fn run() -> anyhow::Result<bool> {
            let args = flags::parse(std::env::args_os().skip(1))?;
            let mut matched = false;
            for haystack in haystack::walk(&args.paths, args.hidden) {
                matched |= search::search(&args.pattern, &haystack?)?;
            }
            Ok(matched)
        }
        """,
    "src/flags.rs": """
        use std::ffi::OsString;
        use std::path::PathBuf;

        #[derive(Debug, Default, PartialEq)]
        pub struct Args {
            pub pattern: String,
            pub paths: Vec<PathBuf>,
            pub hidden: bool,
            pub ignore_case: bool,
        }

        pub fn parse(args: impl IntoIterator<Item = OsString>) -> anyhow::Result<Args> {
            use lexopt::prelude::*;

            let mut parser = lexopt::Parser::from_args(args);
            let mut out = Args::default();
            while let Some(arg) = parser.next()? {
                match arg {
                    Short('i') | Long("ignore-case") => out.ignore_case = true,
                    Long("hidden") => out.hidden = true,
                    Value(value) if out.pattern.is_empty() => out.pattern = value.string()?,
                    Value(value) => out.paths.push(value.into()),
                    _ => return Err(arg.unexpected().into()),
                }
            }
            if out.paths.is_empty() {
                out.paths.push(PathBuf::from("./"));
            }
            Ok(out)
        }

        #[cfg(test)]
        mod tests {
            use super::*;

            fn args(words: &[&str]) -> Args {
                parse(words.iter().map(OsString::from)).unwrap()
            }

            #[test]
            fn the_first_value_is_the_pattern() {
                let parsed = args(&["foo", "src"]);
                assert_eq!(parsed.pattern, "foo");
                assert_eq!(parsed.paths, [PathBuf::from("src")]);
            }

            #[test]
            fn no_path_means_the_current_folder() {
                assert_eq!(args(&["-i", "foo"]).paths, [PathBuf::from("./")]);
            }

            #[test]
            fn unknown_flags_are_errors() {
                assert!(parse(["--frobnicate"].map(OsString::from)).is_err());
            }
        }
        """,
    "src/haystack.rs": """
        use std::path::{Path, PathBuf};

        use rummage_ignore::WalkBuilder;

        pub fn walk(
            paths: &[PathBuf],
            hidden: bool,
        ) -> impl Iterator<Item = anyhow::Result<PathBuf>> + '_ {
            paths.iter().flat_map(move |path| {
                WalkBuilder::new(path)
                    .hidden(!hidden)
                    .build()
                    .filter(|entry| entry.as_ref().map_or(true, |e| e.file_type().is_file()))
                    .map(|entry| Ok(entry?.into_path()))
            })
        }

        pub fn is_stdin(path: &Path) -> bool {
            path == Path::new("-")
        }
        """,
    "src/search.rs": """
        use std::path::Path;

        use rummage_search::regex::RegexMatcher;
        use rummage_search::searcher::{sinks::UTF8, Searcher};

        pub fn search(pattern: &str, path: &Path) -> anyhow::Result<bool> {
            let matcher = RegexMatcher::new(pattern)?;
            let mut matched = false;
            Searcher::new().search_path(
                &matcher,
                path,
                UTF8(|number, line| {
                    matched = true;
                    print!("{}:{number}:{line}", path.display());
                    Ok(true)
                }),
            )?;
            Ok(matched)
        }
        """,
    "tests/tests.rs": """
        // Integration tests: one binary, several modules, like ripgrep's.
        mod util;

        mod feature;
        mod regression;
        """,
    "tests/util.rs": """
        use std::path::PathBuf;
        use std::process::Command;

        pub use rummage_testkit::Dir;

        pub fn rmg() -> Command {
            let exe = PathBuf::from(env!("CARGO_BIN_EXE_rmg"));
            Command::new(exe)
        }

        pub fn stdout(cmd: &mut Command) -> String {
            let out = cmd.output().expect("rmg runs");
            String::from_utf8(out.stdout).expect("utf-8 output")
        }
        """,
    "tests/feature.rs": """
        use crate::util::{rmg, stdout, Dir};

        #[test]
        fn finds_a_literal() {
            let dir = Dir::new("finds_a_literal");
            dir.create("sherlock", "For the Doctor Watsons of this world\\n");
            let out = stdout(rmg().current_dir(dir.path()).arg("Watson"));
            assert_eq!(out, "sherlock:1:For the Doctor Watsons of this world\\n");
        }

        #[test]
        fn respects_gitignore() {
            let dir = Dir::new("respects_gitignore");
            dir.create(".gitignore", "ignored\\n");
            dir.create("ignored", "needle\\n");
            assert_eq!(stdout(rmg().current_dir(dir.path()).arg("needle")), "");
        }
        """,
    "tests/regression.rs": """
        use crate::util::{rmg, Dir};

        // A pattern that matches nothing exits with 1, not 2.
        #[test]
        fn no_match_exits_one() {
            let dir = Dir::new("no_match_exits_one");
            dir.create("a", "hay\\n");
            let status = rmg().current_dir(dir.path()).arg("needle").status().unwrap();
            assert_eq!(status.code(), Some(1));
        }
        """,
    # crates/matcher -> rummage-matcher ----------------------------------------------------------
    "crates/matcher/Cargo.toml": """
        [package]
        name = "rummage-matcher"
        version = "0.1.7"
        description = "An interface for regular expressions used by rummage's searcher."
        license = "Unlicense OR MIT"
        edition = "2021"
        rust-version = "1.72"

        [dependencies]
        memchr = "2.7.4"

        [dev-dependencies]
        regex = "1.11.1"
        """,
    "crates/matcher/src/lib.rs": """
        //! The `Matcher` trait: what the searcher needs from a regex engine.

        use std::ops;

        #[derive(Clone, Copy, Debug, Eq, PartialEq, Hash)]
        pub struct Match {
            start: usize,
            end: usize,
        }

        impl Match {
            pub fn new(start: usize, end: usize) -> Match {
                assert!(start <= end);
                Match { start, end }
            }
            pub fn start(&self) -> usize {
                self.start
            }
            pub fn end(&self) -> usize {
                self.end
            }
            pub fn len(&self) -> usize {
                self.end - self.start
            }
            pub fn is_empty(&self) -> bool {
                self.len() == 0
            }
        }

        impl ops::Index<Match> for [u8] {
            type Output = [u8];
            fn index(&self, m: Match) -> &[u8] {
                &self[m.start..m.end]
            }
        }

        pub trait Matcher {
            type Error: std::fmt::Display;
            fn find_at(&self, haystack: &[u8], at: usize) -> Result<Option<Match>, Self::Error>;
            fn find(&self, haystack: &[u8]) -> Result<Option<Match>, Self::Error> {
                self.find_at(haystack, 0)
            }
            fn line_terminator(&self) -> Option<u8> {
                None
            }
        }

        #[cfg(test)]
        mod tests {
            use super::Match;

            #[test]
            fn match_length() {
                assert_eq!(Match::new(2, 5).len(), 3);
                assert!(Match::new(4, 4).is_empty());
            }

            #[test]
            #[should_panic]
            fn start_after_end_panics() {
                Match::new(5, 2);
            }
        }
        """,
    "crates/matcher/tests/test_matcher.rs": """
        use rummage_matcher::{Match, Matcher};

        struct RegexMatcher(regex::bytes::Regex);

        impl Matcher for RegexMatcher {
            type Error = std::convert::Infallible;
            fn find_at(&self, haystack: &[u8], at: usize) -> Result<Option<Match>, Self::Error> {
                Ok(self.0.find_at(haystack, at).map(|m| Match::new(m.start(), m.end())))
            }
        }

        #[test]
        fn find_uses_find_at() {
            let matcher = RegexMatcher(regex::bytes::Regex::new(r"[a-z]+").unwrap());
            assert_eq!(matcher.find(b" homer").unwrap(), Some(Match::new(1, 6)));
        }
        """,
    # crates/regex -> rummage-regex --------------------------------------------------------------
    "crates/regex/Cargo.toml": """
        [package]
        name = "rummage-regex"
        version = "0.1.13"
        description = "Use Rust's regex library with the rummage-matcher interface."
        license = "Unlicense OR MIT"
        edition = "2021"
        rust-version = "1.72"

        [dependencies]
        bstr = "1.11.3"
        rummage-matcher = { version = "0.1.7", path = "../matcher" }
        log = "0.4.25"
        regex-automata = { version = "0.4.9" }
        regex-syntax = "0.8.5"
        """,
    "crates/regex/src/lib.rs": """
        use regex_automata::meta::Regex;
        use rummage_matcher::{Match, Matcher};

        #[derive(Clone, Debug)]
        pub struct RegexMatcher {
            regex: Regex,
        }

        impl RegexMatcher {
            pub fn new(pattern: &str) -> Result<RegexMatcher, regex_automata::meta::BuildError> {
                log::debug!("building regex for {pattern:?}");
                Ok(RegexMatcher { regex: Regex::new(pattern)? })
            }
        }

        impl Matcher for RegexMatcher {
            type Error = std::convert::Infallible;

            fn find_at(&self, haystack: &[u8], at: usize) -> Result<Option<Match>, Self::Error> {
                let input = regex_automata::Input::new(haystack).range(at..);
                Ok(self.regex.find(input).map(|m| Match::new(m.start(), m.end())))
            }

            fn line_terminator(&self) -> Option<u8> {
                Some(b'\\n')
            }
        }

        #[cfg(test)]
        mod tests {
            use super::*;

            #[test]
            fn finds_at_an_offset() {
                let m = RegexMatcher::new("a+").unwrap();
                assert_eq!(m.find_at(b"aa baa", 2).unwrap(), Some(Match::new(4, 6)));
            }

            #[test]
            fn invalid_patterns_fail() {
                assert!(RegexMatcher::new("(").is_err());
            }
        }
        """,
    # crates/pcre2 -> rummage-pcre2 --------------------------------------------------------------
    "crates/pcre2/Cargo.toml": """
        [package]
        name = "rummage-pcre2"
        version = "0.1.8"
        description = "Use PCRE2 with the rummage-matcher interface."
        license = "Unlicense OR MIT"
        edition = "2021"
        rust-version = "1.72"

        [dependencies]
        rummage-matcher = { version = "0.1.7", path = "../matcher" }
        log = "0.4.25"
        pcre2 = "0.2.9"
        """,
    "crates/pcre2/src/lib.rs": """
        use pcre2::bytes::{Regex, RegexBuilder};
        use rummage_matcher::{Match, Matcher};

        pub struct RegexMatcher {
            regex: Regex,
        }

        impl RegexMatcher {
            pub fn new(pattern: &str) -> Result<RegexMatcher, pcre2::Error> {
                let regex = RegexBuilder::new().jit_if_available(true).build(pattern)?;
                Ok(RegexMatcher { regex })
            }
        }

        impl Matcher for RegexMatcher {
            type Error = pcre2::Error;

            fn find_at(&self, haystack: &[u8], at: usize) -> Result<Option<Match>, pcre2::Error> {
                Ok(self.regex.find_at(haystack, at)?.map(|m| Match::new(m.start(), m.end())))
            }
        }

        #[cfg(test)]
        mod tests {
            use super::*;

            #[test]
            fn look_around_works() {
                let m = RegexMatcher::new(r"(?<=foo)bar").unwrap();
                assert_eq!(m.find(b"foobar").unwrap(), Some(Match::new(3, 6)));
            }
        }
        """,
    # crates/searcher -> rummage-searcher --------------------------------------------------------
    "crates/searcher/Cargo.toml": """
        [package]
        name = "rummage-searcher"
        version = "0.1.14"
        description = "Fast line oriented regex searching as a library."
        license = "Unlicense OR MIT"
        edition = "2021"
        rust-version = "1.72"

        [dependencies]
        bstr = { version = "1.11.3", default-features = false, features = ["std"] }
        encoding_rs = "0.8.35"
        encoding_rs_io = "0.1.7"
        rummage-matcher = { version = "0.1.7", path = "../matcher" }
        log = "0.4.25"
        memchr = "2.7.4"
        memmap = { package = "memmap2", version = "0.9.5", optional = true }

        [dev-dependencies]
        rummage-regex = { version = "0.1.13", path = "../regex" }
        regex = "1.11.1"

        [features]
        default = ["bstr/default"]
        simd-accel = ["encoding_rs/simd-accel"]
        mmap = ["dep:memmap"]
        """,
    "crates/searcher/src/lib.rs": """
        //! Line-oriented search over files and readers, with binary detection.

        mod searcher;
        pub mod sinks;

        pub use crate::searcher::{BinaryDetection, Searcher};

        pub trait Sink {
            type Error;
            fn matched(&mut self, line_number: u64, line: &[u8]) -> Result<bool, Self::Error>;
        }
        """,
    "crates/searcher/src/searcher.rs": """
        use std::fs::File;
        use std::io::{self, BufRead, BufReader};
        use std::path::Path;

        use rummage_matcher::Matcher;

        use crate::Sink;

        #[derive(Clone, Copy, Debug, Default, PartialEq)]
        pub enum BinaryDetection {
            #[default]
            None,
            Quit(u8),
        }

        #[derive(Debug, Default)]
        pub struct Searcher {
            pub binary: BinaryDetection,
        }

        impl Searcher {
            pub fn new() -> Searcher {
                Searcher::default()
            }

            pub fn search_path<M: Matcher, S: Sink>(
                &mut self,
                m: &M,
                path: &Path,
                sink: S,
            ) -> io::Result<()>
            where
                S::Error: From<io::Error>,
                io::Error: From<S::Error>,
            {
                let reader = BufReader::new(File::open(path)?);
                self.search_reader(m, reader, sink)
            }

            pub fn search_reader<M: Matcher, R: BufRead, S: Sink>(
                &mut self,
                matcher: &M,
                mut reader: R,
                mut sink: S,
            ) -> io::Result<()>
            where
                io::Error: From<S::Error>,
            {
                let mut line = Vec::new();
                let mut number = 0;
                while reader.read_until(b'\\n', &mut line)? > 0 {
                    number += 1;
                    if let BinaryDetection::Quit(byte) = self.binary {
                        if memchr::memchr(byte, &line).is_some() {
                            return Ok(());
                        }
                    }
                    let found = matcher.find(&line).map_err(|e| io::Error::other(e.to_string()))?;
                    if found.is_some() && !sink.matched(number, &line)? {
                        return Ok(());
                    }
                    line.clear();
                }
                Ok(())
            }
        }
        """,
    "crates/searcher/src/sinks.rs": """
        use std::io;

        use crate::Sink;

        /// A sink over UTF-8 lines.
        pub struct UTF8<F>(pub F)
        where
            F: FnMut(u64, &str) -> Result<bool, io::Error>;

        impl<F> Sink for UTF8<F>
        where
            F: FnMut(u64, &str) -> Result<bool, io::Error>,
        {
            type Error = io::Error;

            fn matched(&mut self, line_number: u64, line: &[u8]) -> Result<bool, io::Error> {
                let line = std::str::from_utf8(line).map_err(|e| io::Error::other(e))?;
                (self.0)(line_number, line)
            }
        }
        """,
    "crates/searcher/tests/binary.rs": """
        use rummage_regex::RegexMatcher;
        use rummage_searcher::{sinks::UTF8, BinaryDetection, Searcher};

        fn count(binary: BinaryDetection, haystack: &[u8]) -> usize {
            let matcher = RegexMatcher::new("line").unwrap();
            let mut n = 0;
            let mut searcher = Searcher { binary };
            searcher.search_reader(&matcher, haystack, UTF8(|_, _| { n += 1; Ok(true) })).unwrap();
            n
        }

        #[test]
        fn quit_stops_at_a_nul_byte() {
            assert_eq!(count(BinaryDetection::Quit(0), b"line\\nline\\x00\\nline\\n"), 1);
        }

        #[test]
        fn none_searches_everything() {
            assert_eq!(count(BinaryDetection::None, b"line\\nline\\x00\\nline\\n"), 3);
        }
        """,
    "crates/searcher/examples/search-stdin.rs": """
        use std::io;

        use rummage_regex::RegexMatcher;
        use rummage_searcher::{sinks::UTF8, Searcher};

        fn main() -> io::Result<()> {
            let pattern = std::env::args().nth(1).expect("a pattern");
            let matcher = RegexMatcher::new(&pattern).expect("a valid regex");
            Searcher::new().search_reader(&matcher, io::stdin().lock(), UTF8(|n, line| {
                print!("{n}:{line}");
                Ok(true)
            }))
        }
        """,
    # crates/printer -> rummage-printer ----------------------------------------------------------
    "crates/printer/Cargo.toml": """
        [package]
        name = "rummage-printer"
        version = "0.2.2"
        description = "Standard, summary and JSON output for rummage searches."
        license = "Unlicense OR MIT"
        edition = "2021"
        rust-version = "1.72"

        [features]
        default = []
        serde = ["dep:serde", "dep:serde_json", "bstr/serde"]

        [dependencies]
        bstr = "1.11.3"
        rummage-matcher = { version = "0.1.7", path = "../matcher" }
        rummage-searcher = { version = "0.1.14", path = "../searcher" }
        log = "0.4.25"
        termcolor = "1.4.1"
        serde = { version = "1.0.217", optional = true, features = ["derive"] }
        serde_json = { version = "1.0.138", optional = true }

        [dev-dependencies]
        rummage-regex = { version = "0.1.13", path = "../regex" }
        """,
    "crates/printer/src/lib.rs": """
        //! Printers for search results: standard, summary, and (with `serde`) JSON Lines.

        use std::io::{self, Write};

        use termcolor::{Color, ColorSpec, WriteColor};

        pub struct Standard<W> {
            wtr: W,
            path: Option<String>,
        }

        impl<W: WriteColor> Standard<W> {
            pub fn new(wtr: W) -> Standard<W> {
                Standard { wtr, path: None }
            }

            pub fn path(mut self, path: impl Into<String>) -> Self {
                self.path = Some(path.into());
                self
            }

            pub fn line(&mut self, number: u64, line: &[u8]) -> io::Result<()> {
                if let Some(path) = &self.path {
                    self.wtr.set_color(ColorSpec::new().set_fg(Some(Color::Magenta)))?;
                    write!(self.wtr, "{path}:")?;
                    self.wtr.reset()?;
                }
                write!(self.wtr, "{number}:")?;
                self.wtr.write_all(line)
            }

            pub fn into_inner(self) -> W {
                self.wtr
            }
        }

        #[cfg(feature = "serde")]
        pub fn json_line(path: &str, number: u64, line: &[u8]) -> serde_json::Value {
            serde_json::json!({
                "type": "match",
                "data": {
                    "path": { "text": path },
                    "line_number": number,
                    "lines": { "text": bstr::BStr::new(line).to_string() },
                }
            })
        }

        #[cfg(test)]
        mod tests {
            use super::*;
            use termcolor::NoColor;

            #[test]
            fn standard_prefixes_the_path() {
                let mut printer = Standard::new(NoColor::new(Vec::new())).path("a.txt");
                printer.line(3, b"hello\\n").unwrap();
                assert_eq!(printer.into_inner().into_inner(), b"a.txt:3:hello\\n");
            }

            #[test]
            fn without_a_path_only_the_number() {
                let mut printer = Standard::new(NoColor::new(Vec::new()));
                printer.line(1, b"x\\n").unwrap();
                assert_eq!(printer.into_inner().into_inner(), b"1:x\\n");
            }
        }
        """,
    # crates/cli -> rummage-cli -----------------------------------------------------------------
    "crates/cli/Cargo.toml": """
        [package]
        name = "rummage-cli"
        version = "0.1.11"
        description = "Utilities for search oriented command line applications."
        license = "Unlicense OR MIT"
        edition = "2021"
        rust-version = "1.72"

        [dependencies]
        bstr = { version = "1.11.3", features = ["std"] }
        rummage-globset = { version = "0.4.15", path = "../globset" }
        log = "0.4.25"
        termcolor = "1.4.1"

        [target.'cfg(windows)'.dependencies.winapi-util]
        version = "0.1.9"
        """,
    "crates/cli/src/lib.rs": """
        //! Helpers for command line search tools: escaping, TTY detection, decompression.

        mod escape;

        pub use crate::escape::{escape, unescape};

        pub fn is_tty_stdout() -> bool {
            std::io::IsTerminal::is_terminal(&std::io::stdout())
        }

        pub fn stdout(color: termcolor::ColorChoice) -> termcolor::StandardStream {
            termcolor::StandardStream::stdout(color)
        }
        """,
    "crates/cli/src/escape.rs": """
        use bstr::ByteSlice;

        /// Escape arbitrary bytes into a string that `unescape` turns back into them.
        pub fn escape(bytes: &[u8]) -> String {
            let mut out = String::new();
            for chunk in bytes.utf8_chunks() {
                for ch in chunk.valid().chars() {
                    match ch {
                        '\\n' => out.push_str(r"\\n"),
                        '\\t' => out.push_str(r"\\t"),
                        '\\\\' => out.push_str(r"\\\\"),
                        c => out.push(c),
                    }
                }
                for byte in chunk.invalid() {
                    out.push_str(&format!(r"\\x{byte:02X}"));
                }
            }
            out
        }

        pub fn unescape(s: &str) -> Vec<u8> {
            let mut out = Vec::new();
            let mut chars = s.chars();
            while let Some(c) = chars.next() {
                if c != '\\\\' {
                    out.extend_from_slice(c.to_string().as_bytes());
                    continue;
                }
                match chars.next() {
                    Some('n') => out.push(b'\\n'),
                    Some('t') => out.push(b'\\t'),
                    Some('x') => {
                        let hex: String = chars.by_ref().take(2).collect();
                        out.push(u8::from_str_radix(&hex, 16).unwrap_or(b'?'));
                    }
                    Some(other) => out.extend_from_slice(other.to_string().as_bytes()),
                    None => out.push(b'\\\\'),
                }
            }
            out
        }

        #[cfg(test)]
        mod tests {
            use super::*;

            #[test]
            fn round_trips_invalid_utf8() {
                let bytes = b"a\\xFFb\\n";
                assert_eq!(unescape(&escape(bytes)), bytes);
            }

            #[test]
            fn escapes_newlines() {
                assert_eq!(escape(b"a\\nb"), r"a\\nb");
            }
        }
        """,
    # crates/globset -> rummage-globset ----------------------------------------------------------
    "crates/globset/Cargo.toml": """
        [package]
        name = "rummage-globset"
        version = "0.4.15"
        description = "Cross platform single glob and glob set matching."
        license = "Unlicense OR MIT"
        edition = "2021"
        rust-version = "1.72"

        [lib]
        name = "globset"
        bench = false

        [dependencies]
        aho-corasick = "1.1.3"
        bstr = { version = "1.11.3", default-features = false, features = ["std"] }
        log = { version = "0.4.25", optional = true }
        regex-automata = { version = "0.4.9", default-features = false, features = [
            "std", "perf", "syntax", "meta", "nfa", "hybrid",
        ] }
        regex-syntax = { version = "0.8.5", default-features = false, features = ["std"] }
        serde = { version = "1.0.217", optional = true }

        [dev-dependencies]
        glob = "0.3.2"
        serde_json = "1.0.138"

        [features]
        default = ["log"]
        # DEPRECATED. It is a no-op. SIMD is done automatically through runtime dispatch.
        simd-accel = []
        serde1 = ["serde"]
        """,
    "crates/globset/src/lib.rs": """
        //! Match one or many globs against a path at once.

        mod glob;

        pub use crate::glob::{Glob, GlobMatcher};

        #[derive(Clone, Debug, Default)]
        pub struct GlobSet {
            matchers: Vec<GlobMatcher>,
        }

        impl GlobSet {
            pub fn new(globs: &[&str]) -> Result<GlobSet, String> {
                let matchers = globs
                    .iter()
                    .map(|g| Glob::new(g).map(|g| g.compile_matcher()))
                    .collect::<Result<_, _>>()?;
                #[cfg(feature = "log")]
                log::debug!("built glob set of {} globs", globs.len());
                Ok(GlobSet { matchers })
            }

            pub fn matches(&self, path: &str) -> Vec<usize> {
                (0..self.matchers.len()).filter(|&i| self.matchers[i].is_match(path)).collect()
            }
        }

        #[cfg(test)]
        mod tests {
            use super::GlobSet;

            #[test]
            fn set_reports_every_matching_index() {
                let set = GlobSet::new(&["*.rs", "src/**", "*.toml"]).unwrap();
                assert_eq!(set.matches("src/lib.rs"), [0, 1]);
            }

            #[test]
            fn empty_set_matches_nothing() {
                assert!(GlobSet::default().matches("a").is_empty());
            }
        }
        """,
    "crates/globset/src/glob.rs": """
        use regex_automata::meta::Regex;

        #[derive(Clone, Debug)]
        pub struct Glob {
            glob: String,
            re: String,
        }

        #[derive(Clone, Debug)]
        pub struct GlobMatcher {
            re: Regex,
        }

        impl Glob {
            pub fn new(glob: &str) -> Result<Glob, String> {
                let mut re = String::from("^");
                let mut chars = glob.chars().peekable();
                while let Some(c) = chars.next() {
                    match c {
                        '*' if chars.peek() == Some(&'*') => {
                            chars.next();
                            re.push_str(".*");
                        }
                        '*' => re.push_str("[^/]*"),
                        '?' => re.push_str("[^/]"),
                        c => re.push_str(&regex_syntax::escape(&c.to_string())),
                    }
                }
                re.push('$');
                Ok(Glob { glob: glob.to_string(), re })
            }

            pub fn glob(&self) -> &str {
                &self.glob
            }

            pub fn compile_matcher(&self) -> GlobMatcher {
                GlobMatcher { re: Regex::new(&self.re).expect("a valid translation") }
            }
        }

        impl GlobMatcher {
            pub fn is_match(&self, path: &str) -> bool {
                self.re.is_match(path)
            }
        }

        #[cfg(test)]
        mod tests {
            use super::Glob;

            #[test]
            fn star_stops_at_a_slash() {
                let m = Glob::new("*.rs").unwrap().compile_matcher();
                assert!(m.is_match("lib.rs"));
                assert!(!m.is_match("src/lib.rs"));
            }

            #[test]
            fn double_star_crosses_folders() {
                assert!(Glob::new("**/*.rs").unwrap().compile_matcher().is_match("a/b/c.rs"));
            }
        }
        """,
    "crates/globset/benches/bench.rs": """
        #![feature(test)]

        extern crate test;

        use globset::GlobSet;

        const PATH: &str = "some/a/bigger/path/to/the/crazy/needle.txt";

        #[bench]
        fn many_globs(b: &mut test::Bencher) {
            let set = GlobSet::new(&["*.txt", "*.rs", "**/needle.*", "some/**"]).unwrap();
            b.iter(|| assert_eq!(set.matches(PATH).len(), 3));
        }

        #[bench]
        fn versus_glob_crate(b: &mut test::Bencher) {
            let pattern = glob::Pattern::new("some/**/needle.txt").unwrap();
            b.iter(|| assert!(pattern.matches(PATH)));
        }
        """,
    # crates/ignore -> rummage-ignore ------------------------------------------------------------
    "crates/ignore/Cargo.toml": """
        [package]
        name = "rummage-ignore"
        version = "0.4.23"
        description = "A fast directory walker that respects .gitignore files."
        license = "Unlicense OR MIT"
        edition = "2021"
        rust-version = "1.72"

        [lib]
        name = "rummage_ignore"
        bench = false

        [dependencies]
        crossbeam-deque = "0.8.6"
        rummage-globset = { version = "0.4.15", path = "../globset" }
        log = "0.4.25"
        memchr = "2.7.4"
        regex-automata = { version = "0.4.9", default-features = false, features = [
            "std", "perf", "syntax", "meta", "nfa", "hybrid", "dfa-onepass",
        ] }
        same-file = "1.0.6"
        walkdir = "2.5.0"

        [target.'cfg(windows)'.dependencies.winapi-util]
        version = "0.1.9"

        [dev-dependencies]
        bstr = { version = "1.11.3", default-features = false, features = ["std"] }
        crossbeam-channel = "0.5.14"

        [features]
        # DEPRECATED. It is a no-op. SIMD is done automatically through runtime dispatch.
        simd-accel = []
        """,
    "crates/ignore/src/lib.rs": """
        //! Recursive directory walking that respects .gitignore, .ignore and hidden files.

        mod walk;

        pub use crate::walk::{DirEntry, Walk, WalkBuilder};

        #[derive(Debug)]
        pub enum Error {
            Io(std::io::Error),
            Glob { glob: Option<String>, err: String },
        }

        impl std::fmt::Display for Error {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                match self {
                    Error::Io(err) => err.fmt(f),
                    Error::Glob { glob: Some(glob), err } => {
                        write!(f, "error parsing glob '{glob}': {err}")
                    }
                    Error::Glob { glob: None, err } => f.write_str(err),
                }
            }
        }

        impl std::error::Error for Error {}

        impl From<walkdir::Error> for Error {
            fn from(err: walkdir::Error) -> Error {
                Error::Io(err.into())
            }
        }

        #[cfg(test)]
        mod tests {
            use super::Error;

            #[test]
            fn glob_errors_name_the_glob() {
                let err = Error::Glob { glob: Some("a[".into()), err: "unclosed class".into() };
                assert_eq!(err.to_string(), "error parsing glob 'a[': unclosed class");
            }
        }
        """,
    "crates/ignore/src/walk.rs": """
        use std::path::{Path, PathBuf};

        use globset::GlobSet;

        pub struct DirEntry(walkdir::DirEntry);

        impl DirEntry {
            pub fn path(&self) -> &Path {
                self.0.path()
            }
            pub fn file_type(&self) -> std::fs::FileType {
                self.0.file_type()
            }
            pub fn into_path(self) -> PathBuf {
                self.0.into_path()
            }
        }

        pub struct WalkBuilder {
            root: PathBuf,
            hidden: bool,
        }

        impl WalkBuilder {
            pub fn new(root: impl AsRef<Path>) -> WalkBuilder {
                WalkBuilder { root: root.as_ref().to_path_buf(), hidden: true }
            }

            pub fn hidden(&mut self, yes: bool) -> &mut WalkBuilder {
                self.hidden = yes;
                self
            }

            pub fn build(&self) -> Walk {
                let ignored =
                    std::fs::read_to_string(self.root.join(".gitignore")).unwrap_or_default();
                let globs: Vec<&str> =
                    ignored.lines().filter(|l| !l.is_empty() && !l.starts_with('#')).collect();
                Walk {
                    it: walkdir::WalkDir::new(&self.root).into_iter(),
                    ignore: GlobSet::new(&globs).unwrap_or_default(),
                    hidden: self.hidden,
                }
            }
        }

        pub struct Walk {
            it: walkdir::IntoIter,
            ignore: GlobSet,
            hidden: bool,
        }

        impl Iterator for Walk {
            type Item = Result<DirEntry, crate::Error>;

            fn next(&mut self) -> Option<Self::Item> {
                loop {
                    let entry = match self.it.next()? {
                        Ok(entry) => entry,
                        Err(err) => return Some(Err(err.into())),
                    };
                    let name = entry.file_name().to_string_lossy();
                    if self.hidden && name.starts_with('.') && entry.depth() > 0 {
                        continue;
                    }
                    if !self.ignore.matches(&name).is_empty() {
                        continue;
                    }
                    return Some(Ok(DirEntry(entry)));
                }
            }
        }
        """,
    "crates/ignore/examples/walk.rs": """
        use std::io::Write;

        fn main() {
            let root = std::env::args().nth(1).unwrap_or_else(|| ".".into());
            let (tx, rx) = crossbeam_channel::bounded::<Vec<u8>>(100);
            let printer = std::thread::spawn(move || {
                let mut stdout = std::io::stdout().lock();
                for path in rx {
                    stdout.write_all(&path).unwrap();
                    stdout.write_all(b"\\n").unwrap();
                }
            });
            for entry in rummage_ignore::WalkBuilder::new(root).build().flatten() {
                tx.send(entry.path().to_string_lossy().into_owned().into_bytes()).unwrap();
            }
            drop(tx);
            printer.join().unwrap();
        }
        """,
    "crates/ignore/tests/gitignore_matched_path_or_any_parents_tests.gitignore": """
        # Ignore everything in a build folder, whatever its depth.
        **/build/
        *.o
        !keep.o
        """,
    "crates/ignore/tests/gitignore_matched_path_or_any_parents_tests.rs": """
        use std::fs;

        use rummage_ignore::WalkBuilder;

        fn walk(files: &[&str], gitignore: &str) -> Vec<String> {
            let dir = std::env::temp_dir().join(format!("rmg-ignore-{}", std::process::id()));
            for file in files {
                let path = dir.join(file);
                fs::create_dir_all(path.parent().unwrap()).unwrap();
                fs::write(path, "").unwrap();
            }
            fs::write(dir.join(".gitignore"), gitignore).unwrap();
            let mut found: Vec<String> = WalkBuilder::new(&dir)
                .build()
                .flatten()
                .filter(|e| e.file_type().is_file())
                .map(|e| e.path().strip_prefix(&dir).unwrap().to_string_lossy().into_owned())
                .collect();
            found.sort();
            fs::remove_dir_all(&dir).unwrap();
            found
        }

        #[test]
        fn object_files_are_ignored() {
            assert_eq!(walk(&["a.o", "a.c"], "*.o\\n"), ["a.c"]);
        }
        """,
    # crates/search -> rummage-search: the facade crate -----------------------------------------
    "crates/search/Cargo.toml": """
        [package]
        name = "rummage-search"
        version = "0.1.11"
        description = "Fast line oriented regex searching as a library: the facade crate."
        license = "Unlicense OR MIT"
        edition = "2021"
        rust-version = "1.72"

        [dependencies]
        rummage-cli = { version = "0.1.11", path = "../cli" }
        rummage-matcher = { version = "0.1.7", path = "../matcher" }
        rummage-pcre2 = { version = "0.1.8", path = "../pcre2", optional = true }
        rummage-printer = { version = "0.2.2", path = "../printer" }
        rummage-regex = { version = "0.1.13", path = "../regex" }
        rummage-searcher = { version = "0.1.14", path = "../searcher" }

        [dev-dependencies]
        termcolor = "1.4.1"
        walkdir = "2.5.0"

        [features]
        simd-accel = ["rummage-searcher/simd-accel"]
        pcre2 = ["dep:rummage-pcre2"]
        mmap = ["rummage-searcher/mmap"]
        serde = ["rummage-printer/serde"]
        """,
    "crates/search/src/lib.rs": """
        //! rummage's search machinery as one library.

        pub extern crate rummage_cli as cli;
        pub extern crate rummage_matcher as matcher;
        #[cfg(feature = "pcre2")]
        pub extern crate rummage_pcre2 as pcre2;
        pub extern crate rummage_printer as printer;
        pub extern crate rummage_regex as regex;
        pub extern crate rummage_searcher as searcher;
        """,
    "crates/search/examples/simplegrep.rs": """
        use std::error::Error;
        use std::ffi::OsString;
        use std::process;

        use rummage_search::cli;
        use rummage_search::printer::Standard;
        use rummage_search::regex::RegexMatcher;
        use rummage_search::searcher::{sinks::UTF8, Searcher};
        use termcolor::ColorChoice;
        use walkdir::WalkDir;

        fn main() {
            if let Err(err) = try_main() {
                eprintln!("{err}");
                process::exit(1);
            }
        }

        fn try_main() -> Result<(), Box<dyn Error>> {
            let mut args: Vec<OsString> = std::env::args_os().collect();
            if args.len() < 2 {
                return Err("Usage: simplegrep <pattern> [<path> ...]".into());
            }
            if args.len() == 2 {
                args.push(OsString::from("./"));
            }
            let pattern = args[1].clone().into_string().map_err(|_| "pattern is not UTF-8")?;
            let matcher = RegexMatcher::new(&pattern)?;
            let mut printer = Standard::new(cli::stdout(ColorChoice::Auto));
            for path in &args[2..] {
                let entries = WalkDir::new(path).into_iter().flatten();
                let files = entries.filter(|e| e.file_type().is_file());
                for entry in files {
                    Searcher::new().search_path(&matcher, entry.path(), UTF8(|n, line| {
                        printer.line(n, line.as_bytes())?;
                        Ok(true)
                    }))?;
                }
            }
            Ok(())
        }
        """,
    # crates/testkit -> rummage-testkit: helpers for the root's integration tests -----------------
    "crates/testkit/Cargo.toml": """
        [package]
        name = "rummage-testkit"
        version = "0.0.0"
        description = "Temporary folders and command helpers for rummage's integration tests."
        edition = "2021"
        publish = false

        [dependencies]
        bstr = "1.11.3"
        walkdir = "2.5.0"
        """,
    "crates/testkit/src/lib.rs": """
        use std::fs;
        use std::path::{Path, PathBuf};

        /// A scratch folder under the target directory, removed and recreated per test.
        pub struct Dir {
            root: PathBuf,
        }

        impl Dir {
            pub fn new(name: &str) -> Dir {
                let root = std::env::temp_dir().join("rummage-tests").join(name);
                let _ = fs::remove_dir_all(&root);
                fs::create_dir_all(&root).expect("a scratch folder");
                Dir { root }
            }

            pub fn path(&self) -> &Path {
                &self.root
            }

            pub fn create(&self, name: &str, contents: &str) {
                let path = self.root.join(name);
                fs::create_dir_all(path.parent().unwrap()).unwrap();
                fs::write(path, contents).unwrap();
            }

            pub fn files(&self) -> Vec<PathBuf> {
                walkdir::WalkDir::new(&self.root)
                    .into_iter()
                    .flatten()
                    .filter(|e| e.file_type().is_file())
                    .map(|e| e.into_path())
                    .collect()
            }
        }

        #[cfg(test)]
        mod tests {
            use super::Dir;

            #[test]
            fn created_files_are_listed() {
                let dir = Dir::new("testkit-self-test");
                dir.create("a/b.txt", "x");
                assert_eq!(dir.files().len(), 1);
            }
        }
        """,
}


# --- NESTED_EXCLUDES: reth's layout -------------------------------------------------------
# crates/<group>/<crate>, matched by "crates/*/*"; a proc-macro nested inside the codecs
# crate (a 4-deep member named literally); excluded experiments and a legacy tool with its
# own [workspace], both on disk. `crates/*` is not a member pattern: the group folders
# have no Cargo.toml, and cargo refuses a member folder without one.

NESTED_EXCLUDES: dict[str, str] = {
    "Cargo.toml": """
        [workspace]
        resolver = "2"
        members = [
            "bin/*",
            "crates/*/*",
            "crates/storage/codecs/derive",
            "tools/*",
        ]
        exclude = [
            # research crates, built by hand only
            "crates/experimental",
            # kept for old deployments; has its own workspace and lockfile
            "tools/legacy-migrator",
        ]
        default-members = ["bin/tidepool"]

        [workspace.package]
        version = "1.2.0"
        edition = "2021"
        rust-version = "1.82"
        license = "MIT OR Apache-2.0"

        [workspace.dependencies]
        tidepool-primitives = { path = "crates/primitives/core" }
        tidepool-db = { path = "crates/storage/db" }
        anyhow = "1.0.95"
        bytes = "1.9.0"
        clap = { version = "4.5.27", features = ["derive"] }
        futures = "0.3.31"
        parking_lot = "0.12.3"
        proptest = "1.6.0"
        serde = { version = "1.0.217", features = ["derive"] }
        thiserror = "2.0.11"
        tokio = { version = "1.43.0", features = [
            "rt-multi-thread", "macros", "net", "sync", "time",
        ] }
        tracing = "0.1.41"

        [profile.maxperf]
        inherits = "release"
        lto = "fat"
        codegen-units = 1
        """,
    "rust-toolchain.toml": """
        [toolchain]
        channel = "1.84.1"
        components = ["rustfmt", "clippy"]
        """,
    ".config/nextest.toml": """
        [store]
        dir = "target/nextest"

        [profile.default]
        retries = { backoff = "exponential", count = 2, delay = "2s", jitter = true }
        slow-timeout = { period = "30s", terminate-after = 4 }

        [[profile.default.overrides]]
        filter = "package(tidepool-db)"
        threads-required = 2

        [profile.ci]
        fail-fast = false
        retries = 3

        [profile.ci.junit]
        path = "junit.xml"
        """,
    "Cargo.lock": _lock(
        """
        tidepool 1.2.0: anyhow clap tempfile tidepool-db tidepool-discovery tidepool-network
          tidepool-primitives tokio tracing tracing-subscriber
        tidepool-admin 1.2.0: anyhow clap serde_json tidepool-db tidepool-primitives
        tidepool-codecs 1.2.0: bytes proptest serde tidepool-codecs-derive
        tidepool-codecs-derive 1.2.0: proc-macro2 quote syn
        tidepool-db 1.2.0: criterion memmap2 parking_lot tempfile thiserror@2.0.11 tidepool-codecs
          tidepool-primitives tracing
        tidepool-discovery 1.2.0: rand tidepool-wire tokio tracing
        tidepool-network 1.2.0: futures parking_lot tidepool-discovery tidepool-primitives
          tidepool-wire tokio tracing
        tidepool-primitives 1.2.0: bytes proptest serde thiserror@2.0.11
        tidepool-wire 1.2.0: bytes proptest thiserror@2.0.11 tidepool-primitives
        xtask 0.1.0: anyhow clap
        """
    ),
    # bin/ ------------------------------------------------------------------------------------
    "bin/tidepool/Cargo.toml": """
        [package]
        name = "tidepool"
        description = "The tidepool node"
        version.workspace = true
        edition.workspace = true
        rust-version.workspace = true
        license.workspace = true

        [dependencies]
        tidepool-network = { path = "../../crates/net/network" }
        tidepool-discovery = { path = "../../crates/net/discovery" }
        tidepool-db.workspace = true
        tidepool-primitives.workspace = true
        anyhow.workspace = true
        clap.workspace = true
        tokio.workspace = true
        tracing.workspace = true
        tracing-subscriber = "0.3.19"

        [dev-dependencies]
        tempfile = "3.15.0"
        """,
    "bin/tidepool/src/main.rs": """
        use clap::Parser;

        #[derive(Debug, Parser)]
        #[command(version, about = "Run a tidepool node")]
        struct Args {
            /// Where the database lives.
            #[arg(long, default_value = "./data")]
            datadir: std::path::PathBuf,
            /// Port for peer-to-peer traffic.
            #[arg(long, default_value_t = 30303)]
            port: u16,
        }

        #[tokio::main]
        async fn main() -> anyhow::Result<()> {
            tracing_subscriber::fmt::init();
            let args = Args::parse();
            let db = tidepool_db::Database::open(&args.datadir)?;
            let peers = tidepool_discovery::bootnodes();
            let network = tidepool_network::Network::new(args.port, peers);
            tracing::info!(head = ?db.head(), port = args.port, "starting node");
            network.run().await?;
            Ok(())
        }

        #[cfg(test)]
        mod tests {
            use super::*;

            #[test]
            fn defaults_are_sane() {
                let args = Args::parse_from(["tidepool"]);
                assert_eq!(args.port, 30303);
            }
        }
        """,
    "bin/tidepool/tests/cli.rs": """
        use std::process::Command;

        #[test]
        fn version_flag_prints_the_version() {
            let out = Command::new(env!("CARGO_BIN_EXE_tidepool"))
                .arg("--version")
                .output()
                .unwrap();
            assert!(String::from_utf8_lossy(&out.stdout).starts_with("tidepool "));
        }

        #[test]
        fn a_bad_port_is_rejected() {
            let dir = tempfile::tempdir().unwrap();
            let status = Command::new(env!("CARGO_BIN_EXE_tidepool"))
                .args(["--port", "70000", "--datadir"])
                .arg(dir.path())
                .status()
                .unwrap();
            assert!(!status.success());
        }
        """,
    "bin/tp-admin/Cargo.toml": """
        [package]
        name = "tidepool-admin"
        description = "Offline database maintenance for tidepool"
        version.workspace = true
        edition.workspace = true
        rust-version.workspace = true
        license.workspace = true

        [[bin]]
        name = "tp-admin"
        path = "src/main.rs"

        [dependencies]
        tidepool-db.workspace = true
        tidepool-primitives.workspace = true
        anyhow.workspace = true
        clap.workspace = true
        serde_json = "1.0.138"
        """,
    "bin/tp-admin/src/main.rs": """
        use clap::{Parser, Subcommand};

        #[derive(Parser)]
        struct Cli {
            #[arg(long)]
            datadir: std::path::PathBuf,
            #[command(subcommand)]
            command: Command,
        }

        #[derive(Subcommand)]
        enum Command {
            /// Print table sizes as JSON.
            Stats,
            /// Drop everything above a block.
            Unwind { to: u64 },
        }

        fn main() -> anyhow::Result<()> {
            let cli = Cli::parse();
            let db = tidepool_db::Database::open(&cli.datadir)?;
            match cli.command {
                Command::Stats => println!("{}", serde_json::json!({ "head": db.head().0 })),
                Command::Unwind { to } => db.unwind(tidepool_primitives::BlockNumber(to))?,
            }
            Ok(())
        }
        """,
    # crates/net/ -------------------------------------------------------------------------------
    "crates/net/wire/Cargo.toml": """
        [package]
        name = "tidepool-wire"
        version.workspace = true
        edition.workspace = true
        rust-version.workspace = true
        license.workspace = true

        [dependencies]
        tidepool-primitives = { path = "../../primitives/core" }
        bytes.workspace = true
        thiserror.workspace = true
        proptest = { workspace = true, optional = true }

        [dev-dependencies]
        proptest.workspace = true

        [features]
        arbitrary = ["dep:proptest", "tidepool-primitives/arbitrary"]
        """,
    "crates/net/wire/src/lib.rs": """
        //! The peer-to-peer wire format: length-prefixed, typed messages.

        use bytes::{Buf, BufMut, Bytes, BytesMut};
        use tidepool_primitives::BlockNumber;

        #[derive(Debug, Clone, PartialEq, Eq)]
        pub enum Message {
            Ping(u64),
            Pong(u64),
            GetBlock(BlockNumber),
        }

        #[derive(Debug, thiserror::Error, PartialEq, Eq)]
        pub enum DecodeError {
            #[error("need {0} more bytes")]
            Short(usize),
            #[error("unknown message id {0:#04x}")]
            UnknownId(u8),
        }

        impl Message {
            pub fn encode(&self) -> Bytes {
                let mut out = BytesMut::with_capacity(9);
                let (id, body) = match self {
                    Message::Ping(n) => (0x01, *n),
                    Message::Pong(n) => (0x02, *n),
                    Message::GetBlock(b) => (0x03, b.0),
                };
                out.put_u8(id);
                out.put_u64(body);
                out.freeze()
            }

            pub fn decode(mut buf: &[u8]) -> Result<Message, DecodeError> {
                if buf.len() < 9 {
                    return Err(DecodeError::Short(9 - buf.len()));
                }
                let id = buf.get_u8();
                let body = buf.get_u64();
                match id {
                    0x01 => Ok(Message::Ping(body)),
                    0x02 => Ok(Message::Pong(body)),
                    0x03 => Ok(Message::GetBlock(BlockNumber(body))),
                    other => Err(DecodeError::UnknownId(other)),
                }
            }
        }

        #[cfg(test)]
        mod tests {
            use super::*;
            use proptest::prelude::*;

            proptest! {
                #[test]
                fn ping_round_trips(n in any::<u64>()) {
                    let encoded = Message::Ping(n).encode();
                    prop_assert_eq!(Message::decode(&encoded), Ok(Message::Ping(n)));
                }
            }

            #[test]
            fn short_input_says_how_much_is_missing() {
                assert_eq!(Message::decode(&[1, 0, 0]), Err(DecodeError::Short(6)));
            }

            #[test]
            fn unknown_ids_are_rejected() {
                assert_eq!(Message::decode(&[9; 9]), Err(DecodeError::UnknownId(9)));
            }
        }
        """,
    "crates/net/discovery/Cargo.toml": """
        [package]
        name = "tidepool-discovery"
        version.workspace = true
        edition.workspace = true
        rust-version.workspace = true
        license.workspace = true

        [dependencies]
        tidepool-wire = { path = "../wire" }
        rand = "0.8.5"
        tokio.workspace = true
        tracing.workspace = true
        """,
    "crates/net/discovery/src/lib.rs": """
        //! Finding peers: bootnodes, then random walks over their tables.

        use std::net::SocketAddr;

        use rand::seq::SliceRandom;

        pub const BOOTNODES: &[&str] = &["10.0.0.1:30303", "10.0.0.2:30303"];

        pub fn bootnodes() -> Vec<SocketAddr> {
            BOOTNODES.iter().filter_map(|s| s.parse().ok()).collect()
        }

        pub fn sample(peers: &[SocketAddr], n: usize) -> Vec<SocketAddr> {
            let mut rng = rand::thread_rng();
            peers.choose_multiple(&mut rng, n).copied().collect()
        }

        pub fn ping(nonce: u64) -> tidepool_wire::Message {
            tracing::trace!(nonce, "ping");
            tidepool_wire::Message::Ping(nonce)
        }

        #[cfg(test)]
        mod tests {
            use super::*;

            #[test]
            fn bootnodes_parse() {
                assert_eq!(bootnodes().len(), BOOTNODES.len());
            }

            #[test]
            fn sample_never_exceeds_the_pool() {
                assert_eq!(sample(&bootnodes(), 10).len(), 2);
            }
        }
        """,
    "crates/net/network/Cargo.toml": """
        [package]
        name = "tidepool-network"
        version.workspace = true
        edition.workspace = true
        rust-version.workspace = true
        license.workspace = true

        [dependencies]
        tidepool-wire = { path = "../wire" }
        tidepool-discovery = { path = "../discovery" }
        tidepool-primitives = { path = "../../primitives/core" }
        futures.workspace = true
        parking_lot.workspace = true
        tokio.workspace = true
        tracing.workspace = true

        [dev-dependencies]
        tokio = { workspace = true, features = ["test-util"] }

        [features]
        test-utils = []
        """,
    "crates/net/network/src/lib.rs": """
        //! Peer sessions over TCP.

        use std::collections::HashMap;
        use std::net::SocketAddr;
        use std::sync::Arc;

        use parking_lot::Mutex;
        use tokio::net::TcpListener;

        pub struct Network {
            port: u16,
            peers: Arc<Mutex<HashMap<SocketAddr, u64>>>,
        }

        impl Network {
            pub fn new(port: u16, bootnodes: Vec<SocketAddr>) -> Network {
                let peers = bootnodes.into_iter().map(|p| (p, 0)).collect();
                Network { port, peers: Arc::new(Mutex::new(peers)) }
            }

            pub fn peer_count(&self) -> usize {
                self.peers.lock().len()
            }

            pub async fn run(&self) -> std::io::Result<()> {
                let listener = TcpListener::bind(("127.0.0.1", self.port)).await?;
                loop {
                    let (_socket, addr) = listener.accept().await?;
                    self.peers.lock().insert(addr, 0);
                    let _ = tidepool_discovery::ping(1);
                }
            }
        }

        #[cfg(test)]
        mod tests {
            use super::*;

            #[tokio::test]
            async fn bootnodes_are_known_peers() {
                let network = Network::new(0, tidepool_discovery::bootnodes());
                assert_eq!(network.peer_count(), 2);
            }
        }
        """,
    "crates/net/network/tests/sessions.rs": """
        use tidepool_network::Network;

        #[tokio::test(start_paused = true)]
        async fn a_fresh_network_has_only_bootnodes() {
            let network = Network::new(0, Vec::new());
            tokio::time::advance(std::time::Duration::from_secs(60)).await;
            assert_eq!(network.peer_count(), 0);
        }
        """,
    # crates/primitives/ --------------------------------------------------------------------------
    "crates/primitives/core/Cargo.toml": """
        [package]
        name = "tidepool-primitives"
        version.workspace = true
        edition.workspace = true
        rust-version.workspace = true
        license.workspace = true

        [dependencies]
        bytes.workspace = true
        serde.workspace = true
        thiserror.workspace = true
        proptest = { workspace = true, optional = true }

        [features]
        arbitrary = ["dep:proptest"]
        """,
    "crates/primitives/core/src/lib.rs": """
        //! Types every tidepool crate shares.

        use serde::{Deserialize, Serialize};

        #[derive(
            Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default,
            Serialize, Deserialize,
        )]
        pub struct BlockNumber(pub u64);

        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
        pub struct Hash(pub [u8; 32]);

        #[derive(Debug, thiserror::Error)]
        #[error("block {0:?} is above the head")]
        pub struct AboveHead(pub BlockNumber);

        impl BlockNumber {
            pub fn next(self) -> BlockNumber {
                BlockNumber(self.0 + 1)
            }
        }

        #[cfg(feature = "arbitrary")]
        pub fn arb_block() -> impl proptest::strategy::Strategy<Value = BlockNumber> {
            use proptest::prelude::*;
            any::<u64>().prop_map(BlockNumber)
        }

        #[cfg(test)]
        mod tests {
            use super::*;

            #[test]
            fn next_increments() {
                assert_eq!(BlockNumber(41).next(), BlockNumber(42));
            }
        }
        """,
    # crates/storage/ ------------------------------------------------------------------------------
    "crates/storage/codecs/Cargo.toml": """
        [package]
        name = "tidepool-codecs"
        version.workspace = true
        edition.workspace = true
        rust-version.workspace = true
        license.workspace = true

        [dependencies]
        tidepool-codecs-derive = { path = "derive" }
        bytes.workspace = true
        serde = { workspace = true, optional = true }

        [dev-dependencies]
        proptest.workspace = true
        """,
    "crates/storage/codecs/src/lib.rs": """
        //! Compact encodings for database values.

        pub use tidepool_codecs_derive::Compact;

        pub trait Compact: Sized {
            fn to_compact(&self, buf: &mut Vec<u8>) -> usize;
            fn from_compact(buf: &[u8]) -> (Self, &[u8]);
        }

        impl Compact for u64 {
            fn to_compact(&self, buf: &mut Vec<u8>) -> usize {
                let bytes = self.to_be_bytes();
                let skip = bytes.iter().take_while(|b| **b == 0).count();
                buf.push((8 - skip) as u8);
                buf.extend_from_slice(&bytes[skip..]);
                9 - skip
            }

            fn from_compact(buf: &[u8]) -> (Self, &[u8]) {
                let len = buf[0] as usize;
                let mut bytes = [0u8; 8];
                bytes[8 - len..].copy_from_slice(&buf[1..=len]);
                (u64::from_be_bytes(bytes), &buf[1 + len..])
            }
        }

        #[cfg(test)]
        mod tests {
            use super::*;
            use proptest::prelude::*;

            #[test]
            fn zero_takes_one_byte() {
                let mut buf = Vec::new();
                assert_eq!(0u64.to_compact(&mut buf), 1);
            }

            proptest! {
                #[test]
                fn u64_round_trips(n in any::<u64>()) {
                    let mut buf = Vec::new();
                    n.to_compact(&mut buf);
                    prop_assert_eq!(u64::from_compact(&buf).0, n);
                }
            }
        }
        """,
    "crates/storage/codecs/derive/Cargo.toml": """
        [package]
        name = "tidepool-codecs-derive"
        version.workspace = true
        edition.workspace = true
        rust-version.workspace = true
        license.workspace = true

        [lib]
        proc-macro = true

        [dependencies]
        proc-macro2 = "1.0.93"
        quote = "1.0.38"
        syn = { version = "2.0.96", features = ["full"] }
        """,
    "crates/storage/codecs/derive/src/lib.rs": """
        use proc_macro::TokenStream;
        use quote::quote;
        use syn::{parse_macro_input, Data, DeriveInput, Fields};

        #[proc_macro_derive(Compact)]
        pub fn derive_compact(input: TokenStream) -> TokenStream {
            let input = parse_macro_input!(input as DeriveInput);
            let name = &input.ident;
            let Data::Struct(data) = &input.data else {
                let err = syn::Error::new_spanned(name, "Compact is for structs");
                return err.to_compile_error().into();
            };
            let Fields::Named(fields) = &data.fields else {
                let err = syn::Error::new_spanned(name, "Compact needs named fields");
                return err.to_compile_error().into();
            };
            let names: Vec<_> = fields.named.iter().map(|f| f.ident.clone().unwrap()).collect();
            let expanded = quote! {
                impl Compact for #name {
                    fn to_compact(&self, buf: &mut Vec<u8>) -> usize {
                        0 #( + self.#names.to_compact(buf) )*
                    }
                    fn from_compact(buf: &[u8]) -> (Self, &[u8]) {
                        #( let (#names, buf) = Compact::from_compact(buf); )*
                        (Self { #(#names),* }, buf)
                    }
                }
            };
            expanded.into()
        }
        """,
    "crates/storage/db/Cargo.toml": """
        [package]
        name = "tidepool-db"
        version.workspace = true
        edition.workspace = true
        rust-version.workspace = true
        license.workspace = true

        [dependencies]
        tidepool-codecs = { path = "../codecs" }
        tidepool-primitives = { path = "../../primitives/core" }
        memmap2 = "0.9.5"
        parking_lot.workspace = true
        thiserror.workspace = true
        tracing.workspace = true

        [dev-dependencies]
        criterion = "0.5.1"
        tempfile = "3.15.0"

        [[bench]]
        name = "put_get"
        harness = false
        """,
    "crates/storage/db/src/lib.rs": """
        //! An append-only block store, memory-mapped for reads.

        use std::fs::{File, OpenOptions};
        use std::io::Write;
        use std::path::Path;

        use parking_lot::RwLock;
        use tidepool_codecs::Compact;
        use tidepool_primitives::{AboveHead, BlockNumber};

        #[derive(Debug, thiserror::Error)]
        pub enum DbError {
            #[error(transparent)]
            Io(#[from] std::io::Error),
            #[error(transparent)]
            AboveHead(#[from] AboveHead),
        }

        pub struct Database {
            file: RwLock<File>,
            head: RwLock<BlockNumber>,
        }

        impl Database {
            pub fn open(dir: &Path) -> Result<Database, DbError> {
                std::fs::create_dir_all(dir)?;
                let file = OpenOptions::new()
                    .create(true)
                    .append(true)
                    .read(true)
                    .open(dir.join("blocks.dat"))?;
                Ok(Database { file: RwLock::new(file), head: RwLock::new(BlockNumber::default()) })
            }

            pub fn head(&self) -> BlockNumber {
                *self.head.read()
            }

            pub fn append(&self, value: u64) -> Result<BlockNumber, DbError> {
                let mut buf = Vec::new();
                value.to_compact(&mut buf);
                self.file.write().write_all(&buf)?;
                let mut head = self.head.write();
                *head = head.next();
                tracing::debug!(head = head.0, "appended");
                Ok(*head)
            }

            pub fn unwind(&self, to: BlockNumber) -> Result<(), DbError> {
                let mut head = self.head.write();
                if to > *head {
                    return Err(AboveHead(to).into());
                }
                *head = to;
                Ok(())
            }

            pub fn mapped_len(&self) -> Result<usize, DbError> {
                let file = self.file.read();
                // SAFETY: the file is only appended to while the write lock is held.
                let map = unsafe { memmap2::Mmap::map(&*file)? };
                Ok(map.len())
            }
        }

        #[cfg(test)]
        mod tests {
            use super::*;

            #[test]
            fn append_moves_the_head() {
                let dir = tempfile::tempdir().unwrap();
                let db = Database::open(dir.path()).unwrap();
                assert_eq!(db.append(7).unwrap(), BlockNumber(1));
                assert_eq!(db.mapped_len().unwrap(), 2);
            }

            #[test]
            fn cannot_unwind_above_the_head() {
                let dir = tempfile::tempdir().unwrap();
                let db = Database::open(dir.path()).unwrap();
                assert!(db.unwind(BlockNumber(5)).is_err());
            }
        }
        """,
    "crates/storage/db/benches/put_get.rs": """
        use criterion::{criterion_group, criterion_main, BatchSize, Criterion};
        use tidepool_db::Database;

        fn append(c: &mut Criterion) {
            c.bench_function("append 1k", |b| {
                b.iter_batched(
                    || tempfile::tempdir().unwrap(),
                    |dir| {
                        let db = Database::open(dir.path()).unwrap();
                        for i in 0..1_000 {
                            db.append(i).unwrap();
                        }
                    },
                    BatchSize::PerIteration,
                )
            });
        }

        criterion_group!(benches, append);
        criterion_main!(benches);
        """,
    # crates/experimental/: excluded, but on disk -------------------------------------------------
    "crates/experimental/README.md": """
        Research crates. They are excluded from the workspace: build each with
        `cargo build --manifest-path crates/experimental/<name>/Cargo.toml`.
        """,
    "crates/experimental/zk-sync/Cargo.toml": """
        [package]
        name = "tidepool-zk-sync"
        version = "0.0.1"
        edition = "2021"
        publish = false

        [dependencies]
        tidepool-primitives = { path = "../../primitives/core" }
        """,
    "crates/experimental/zk-sync/src/lib.rs": """
        //! Sync by validity proofs instead of re-execution. Not ready.

        pub fn verify(_proof: &[u8], _head: tidepool_primitives::BlockNumber) -> bool {
            todo!("proof verification")
        }
        """,
    # tools/ ---------------------------------------------------------------------------------------
    "tools/xtask/Cargo.toml": """
        [package]
        name = "xtask"
        version = "0.1.0"
        edition = "2021"
        publish = false

        [dependencies]
        anyhow.workspace = true
        clap.workspace = true
        """,
    "tools/xtask/src/main.rs": """
        //! `cargo xtask <task>`: repository chores.

        use std::process::Command;

        use clap::Parser;

        #[derive(Parser)]
        enum Task {
            /// Regenerate the CLI reference in docs/.
            Docs,
            /// Run clippy the way CI does.
            Lint,
        }

        fn cargo(args: &[&str]) -> std::io::Result<std::process::ExitStatus> {
            Command::new(env!("CARGO")).args(args).status()
        }

        fn main() -> anyhow::Result<()> {
            let status = match Task::parse() {
                Task::Docs => cargo(&["run", "-p", "tidepool", "--", "--help"])?,
                Task::Lint => cargo(&["clippy", "--workspace", "--", "-D", "warnings"])?,
            };
            anyhow::ensure!(status.success(), "task failed: {status}");
            Ok(())
        }
        """,
    "tools/legacy-migrator/Cargo.toml": """
        [package]
        name = "legacy-migrator"
        version = "0.3.0"
        edition = "2018"
        publish = false

        [dependencies]
        serde_json = "1.0"

        [workspace]
        """,
    "tools/legacy-migrator/src/main.rs": """
        fn main() {
            let input = std::env::args().nth(1).expect("a v1 export file");
            let text = std::fs::read_to_string(input).unwrap();
            let value: serde_json::Value = serde_json::from_str(&text).unwrap();
            println!("{}", value["blocks"].as_array().map_or(0, |b| b.len()));
        }
        """,
}


# --- ROOT_BINARY: zellij's layout ---------------------------------------------------------
# The root package is the binary; member libraries sit beside it and are listed one by
# one, plugins under default-plugins/. mosaic-tile (the plugin API) is listed nowhere:
# it is a member because compact-bar depends on it by path.

ROOT_BINARY: dict[str, str] = {
    "Cargo.toml": """
        [package]
        name = "mosaic"
        version = "0.41.2"
        authors = ["The mosaic contributors"]
        edition = "2021"
        description = "A terminal workspace with batteries included"
        license = "MIT"
        include = ["src/**/*", "assets/layouts/*", "LICENSE.md", "README.md"]
        rust-version = "1.82"

        [dependencies]
        anyhow = "1.0.95"
        clap = { version = "4.5.27", features = ["derive", "env"] }
        log = "0.4.25"
        mosaic-client = { path = "mosaic-client/", version = "0.41.2" }
        mosaic-server = { path = "mosaic-server/", version = "0.41.2" }
        mosaic-utils = { path = "mosaic-utils/", version = "0.41.2" }

        [dev-dependencies]
        insta = { version = "1.42.0", features = ["backtrace"] }
        rand = "0.8.5"
        regex = "1.11.1"

        [workspace]
        members = ["mosaic-client", "mosaic-server", "mosaic-utils", "default-plugins/compact-bar"]

        [profile.dev-opt]
        inherits = "dev"
        opt-level = 2

        [profile.release]
        lto = true
        strip = true

        [features]
        default = ["plugins_from_target", "vendored_curl"]
        disable_automatic_asset_installation = ["mosaic-utils/disable_automatic_asset_installation"]
        unstable = ["mosaic-client/unstable", "mosaic-utils/unstable"]
        singlepass = ["mosaic-server/singlepass"]
        plugins_from_target = []
        vendored_curl = ["mosaic-utils/vendored_curl"]
        """,
    "rust-toolchain.toml": """
        [toolchain]
        channel = "1.84.0"
        components = ["rustfmt", "clippy"]
        targets = ["wasm32-wasip1", "x86_64-unknown-linux-musl"]
        """,
    "Cargo.lock": _lock(
        """
        compact-bar 0.1.0: mosaic-tile unicode-width
        mosaic 0.41.2: anyhow clap insta log mosaic-client mosaic-server mosaic-utils rand regex
        mosaic-client 0.41.2: insta log mosaic-utils serde vte
        mosaic-server 0.41.2: insta log mosaic-utils nix serde tempfile unicode-width vte
        mosaic-tile 0.41.2: mosaic-utils serde serde_json
        mosaic-utils 0.41.2: anyhow clap kdl log nix serde serde_json thiserror@2.0.11
        """
    ),
    "src/main.rs": """
        mod commands;
        #[cfg(test)]
        mod tests;

        use clap::Parser;
        use mosaic_utils::cli::{CliArgs, Command};

        fn main() -> anyhow::Result<()> {
            let opts = CliArgs::parse();
            match opts.command {
                Some(Command::ListSessions) => commands::list_sessions(),
                Some(Command::Attach { session }) => commands::attach(&session, &opts),
                None => commands::start_client(&opts),
            }
        }
        """,
    "src/commands.rs": """
        use mosaic_utils::cli::CliArgs;
        use mosaic_utils::consts::session_dir;

        pub fn list_sessions() -> anyhow::Result<()> {
            let mut names: Vec<String> = std::fs::read_dir(session_dir())?
                .flatten()
                .map(|e| e.file_name().to_string_lossy().into_owned())
                .collect();
            names.sort();
            for name in names {
                println!("{name}");
            }
            Ok(())
        }

        pub fn attach(session: &str, opts: &CliArgs) -> anyhow::Result<()> {
            log::info!("attaching to {session}");
            mosaic_client::start(opts, Some(session.to_string()))
        }

        pub fn start_client(opts: &CliArgs) -> anyhow::Result<()> {
            let server = mosaic_server::spawn(opts.layout.clone())?;
            mosaic_client::start(opts, Some(server.session_name))
        }

        #[cfg(test)]
        mod tests {
            #[test]
            fn session_dir_is_under_the_runtime_dir() {
                let dir = mosaic_utils::consts::session_dir();
                assert!(dir.ends_with("mosaic/sessions"));
            }
        }
        """,
    "src/tests/mod.rs": """
        mod e2e;
        """,
    "src/tests/e2e/mod.rs": """
        //! End-to-end tests: a real server in a pty, driven by keystrokes.

        mod cases;
        """,
    "src/tests/e2e/cases.rs": """
        use regex::Regex;

        #[test]
        #[ignore = "needs a pty; run with --ignored in the e2e job"]
        fn starts_with_the_default_layout() {
            let status_line = Regex::new(r"Ctrl \\+ <g> LOCK").unwrap();
            assert!(status_line.is_match(" Ctrl + <g> LOCK  <p> PANE "));
        }

        #[test]
        fn snapshot_of_the_empty_screen() {
            let rows = vec![" ".repeat(80); 3].join("\\n");
            insta::assert_snapshot!(rows.trim(), @"");
        }
        """,
    "tests/cli.rs": """
        use std::process::Command;

        #[test]
        fn help_lists_the_subcommands() {
            let out = Command::new(env!("CARGO_BIN_EXE_mosaic")).arg("--help").output().unwrap();
            let text = String::from_utf8_lossy(&out.stdout);
            assert!(text.contains("list-sessions"));
            assert!(text.contains("attach"));
        }

        #[test]
        fn random_session_names_are_rejected_when_missing() {
            let name: String =
                (0..12).map(|_| (b'a' + rand::random::<u8>() % 26) as char).collect();
            let status = Command::new(env!("CARGO_BIN_EXE_mosaic"))
                .args(["attach", &name])
                .status()
                .unwrap();
            assert!(!status.success());
        }
        """,
    # mosaic-utils -------------------------------------------------------------------------------
    "mosaic-utils/Cargo.toml": """
        [package]
        name = "mosaic-utils"
        version = "0.41.2"
        authors = ["The mosaic contributors"]
        edition = "2021"
        description = "Shared types, configuration and IPC for mosaic"
        license = "MIT"

        [dependencies]
        anyhow = "1.0.95"
        clap = { version = "4.5.27", features = ["derive", "env"] }
        kdl = { version = "4.7.1", features = ["span"] }
        log = "0.4.25"
        serde = { version = "1.0.217", features = ["derive"] }
        serde_json = "1.0.138"
        thiserror = "2.0.11"

        [target.'cfg(unix)'.dependencies]
        nix = { version = "0.29.0", features = ["signal", "term", "process"] }

        [features]
        disable_automatic_asset_installation = []
        unstable = []
        vendored_curl = []
        """,
    "mosaic-utils/src/lib.rs": """
        pub mod cli;
        pub mod consts;
        pub mod input;

        #[derive(Debug, thiserror::Error)]
        pub enum ConfigError {
            #[error("layout {0} not found")]
            LayoutNotFound(String),
            #[error("invalid KDL: {0}")]
            Kdl(#[from] kdl::KdlError),
        }

        pub fn parse_layout(text: &str) -> Result<kdl::KdlDocument, ConfigError> {
            Ok(text.parse()?)
        }

        #[cfg(test)]
        mod tests {
            use super::*;

            #[test]
            fn parses_a_two_pane_layout() {
                let text = "layout { pane; pane split_direction=\\"vertical\\"; }";
                let doc = parse_layout(text).unwrap();
                assert_eq!(doc.nodes().len(), 1);
            }

            #[test]
            fn broken_kdl_is_an_error() {
                assert!(matches!(parse_layout("layout {"), Err(ConfigError::Kdl(_))));
            }
        }
        """,
    "mosaic-utils/src/cli.rs": """
        use std::path::PathBuf;

        use clap::{Parser, Subcommand};

        #[derive(Debug, Clone, Default, Parser)]
        #[command(name = "mosaic", version)]
        pub struct CliArgs {
            /// Layout to start with.
            #[arg(long, short, env = "MOSAIC_LAYOUT")]
            pub layout: Option<PathBuf>,
            #[command(subcommand)]
            pub command: Option<Command>,
        }

        #[derive(Debug, Clone, Subcommand)]
        pub enum Command {
            /// List the running sessions.
            #[command(alias = "ls")]
            ListSessions,
            /// Attach to a session.
            #[command(alias = "a")]
            Attach { session: String },
        }
        """,
    "mosaic-utils/src/consts.rs": """
        use std::path::PathBuf;

        pub const VERSION: &str = env!("CARGO_PKG_VERSION");

        pub fn session_dir() -> PathBuf {
            let base = std::env::var_os("XDG_RUNTIME_DIR")
                .map(PathBuf::from)
                .unwrap_or_else(std::env::temp_dir);
            base.join("mosaic").join("sessions")
        }
        """,
    "mosaic-utils/src/input.rs": """
        use serde::{Deserialize, Serialize};

        #[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
        pub enum Key {
            Char(char),
            Ctrl(char),
            Alt(char),
            Esc,
        }

        pub fn parse_key(bytes: &[u8]) -> Option<Key> {
            match bytes {
                [0x1b] => Some(Key::Esc),
                [0x1b, c] => Some(Key::Alt(*c as char)),
                [c @ 1..=26] => Some(Key::Ctrl((b'a' + c - 1) as char)),
                [c] => Some(Key::Char(*c as char)),
                _ => None,
            }
        }

        #[cfg(test)]
        mod tests {
            use super::*;

            #[test]
            fn control_keys() {
                assert_eq!(parse_key(&[7]), Some(Key::Ctrl('g')));
            }

            #[test]
            fn keys_serialize() {
                assert_eq!(serde_json::to_string(&Key::Alt('x')).unwrap(), r#"{"Alt":"x"}"#);
            }
        }
        """,
    # mosaic-client / mosaic-server -------------------------------------------------------------
    "mosaic-client/Cargo.toml": """
        [package]
        name = "mosaic-client"
        version = "0.41.2"
        authors = ["The mosaic contributors"]
        edition = "2021"
        description = "The client side of mosaic: input, rendering, the attach loop"
        license = "MIT"

        [dependencies]
        log = "0.4.25"
        mosaic-utils = { path = "../mosaic-utils/", version = "0.41.2" }
        serde = { version = "1.0.217", features = ["derive"] }
        vte = "0.14.1"

        [dev-dependencies]
        insta = "1.42.0"

        [features]
        unstable = []
        """,
    "mosaic-client/src/lib.rs": """
        use mosaic_utils::cli::CliArgs;
        use mosaic_utils::input::{parse_key, Key};

        pub fn start(opts: &CliArgs, session: Option<String>) -> anyhow_free::Result {
            log::info!("client starting, layout {:?}, session {session:?}", opts.layout);
            Ok(())
        }

        pub mod anyhow_free {
            pub type Result = std::result::Result<(), Box<dyn std::error::Error + Send + Sync>>;
        }

        pub fn keys(input: &[u8]) -> Vec<Key> {
            input.chunks(1).filter_map(parse_key).collect()
        }

        #[cfg(test)]
        mod tests {
            use super::*;

            #[test]
            fn plain_keys_pass_through() {
                insta::assert_debug_snapshot!(keys(b"hi"), @r###"
                [
                    Char(
                        'h',
                    ),
                    Char(
                        'i',
                    ),
                ]
                "###);
            }
        }
        """,
    "mosaic-server/Cargo.toml": """
        [package]
        name = "mosaic-server"
        version = "0.41.2"
        authors = ["The mosaic contributors"]
        edition = "2021"
        description = "The server side of mosaic: panes, ptys, plugins"
        license = "MIT"

        [dependencies]
        log = "0.4.25"
        mosaic-utils = { path = "../mosaic-utils/", version = "0.41.2" }
        serde = { version = "1.0.217", features = ["derive"] }
        unicode-width = "0.2.0"
        vte = "0.14.1"

        [target.'cfg(unix)'.dependencies]
        nix = { version = "0.29.0", features = ["pty", "signal"] }

        [dev-dependencies]
        insta = "1.42.0"
        tempfile = "3.15.0"

        [features]
        singlepass = []
        """,
    "mosaic-server/src/lib.rs": """
        pub mod grid;

        use std::path::PathBuf;

        pub struct Server {
            pub session_name: String,
            pub layout: Option<PathBuf>,
        }

        pub fn spawn(layout: Option<PathBuf>) -> Result<Server, std::io::Error> {
            let session_name = format!("mosaic-{}", std::process::id());
            log::info!("spawning {session_name}");
            Ok(Server { session_name, layout })
        }

        #[cfg(test)]
        mod tests {
            #[test]
            fn session_names_are_prefixed() {
                assert!(super::spawn(None).unwrap().session_name.starts_with("mosaic-"));
            }
        }
        """,
    "mosaic-server/src/grid.rs": """
        use unicode_width::UnicodeWidthChar;

        /// One terminal line, as cells; wide characters take two.
        #[derive(Debug, Default)]
        pub struct Row {
            pub cells: Vec<char>,
        }

        impl Row {
            pub fn push(&mut self, c: char) {
                self.cells.push(c);
                if c.width() == Some(2) {
                    self.cells.push(' ');
                }
            }

            pub fn width(&self) -> usize {
                self.cells.len()
            }
        }

        #[cfg(test)]
        mod tests {
            use super::Row;

            #[test]
            fn wide_characters_take_two_cells() {
                let mut row = Row::default();
                row.push('a');
                row.push('字');
                assert_eq!(row.width(), 3);
            }

            #[test]
            fn scrollback_dump_is_stable() {
                let dir = tempfile::tempdir().unwrap();
                let path = dir.path().join("dump.txt");
                std::fs::write(&path, "line one\\n").unwrap();
                insta::assert_snapshot!(std::fs::read_to_string(path).unwrap(), @"line one");
            }
        }
        """,
    # mosaic-tile: not in members, a member through compact-bar's path dependency ----------------
    "mosaic-tile/Cargo.toml": """
        [package]
        name = "mosaic-tile"
        version = "0.41.2"
        authors = ["The mosaic contributors"]
        edition = "2021"
        description = "The API plugins are written against"
        license = "MIT"

        [dependencies]
        mosaic-utils = { path = "../mosaic-utils/", version = "0.41.2" }
        serde = { version = "1.0.217", features = ["derive"] }
        serde_json = "1.0.138"
        """,
    "mosaic-tile/src/lib.rs": """
        //! Write a plugin: implement `MosaicPlugin` and call `register_plugin!`.

        use serde::{Deserialize, Serialize};

        #[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
        pub enum Event {
            ModeUpdate(String),
            TabUpdate(Vec<String>),
            Key(mosaic_utils::input::Key),
        }

        pub trait MosaicPlugin: Default {
            fn update(&mut self, event: Event) -> bool;
            fn render(&mut self, rows: usize, cols: usize) -> String;
        }

        #[macro_export]
        macro_rules! register_plugin {
            ($t:ty) => {
                thread_local! {
                    static STATE: std::cell::RefCell<$t> =
                        std::cell::RefCell::new(Default::default());
                }
            };
        }

        pub fn decode(event: &str) -> serde_json::Result<Event> {
            serde_json::from_str(event)
        }

        #[cfg(test)]
        mod tests {
            use super::*;

            #[test]
            fn events_decode_from_json() {
                let event = decode(r#"{"ModeUpdate":"locked"}"#).unwrap();
                assert_eq!(event, Event::ModeUpdate("locked".into()));
            }
        }
        """,
    # default-plugins/compact-bar: a plugin binary (built for wasm32-wasip1) ---------------------
    "default-plugins/compact-bar/Cargo.toml": """
        [package]
        name = "compact-bar"
        version = "0.1.0"
        authors = ["The mosaic contributors"]
        edition = "2021"
        license = "MIT"

        [dependencies]
        mosaic-tile = { path = "../../mosaic-tile" }
        unicode-width = "0.2.0"
        """,
    "default-plugins/compact-bar/src/main.rs": """
        mod line;

        use mosaic_tile::{register_plugin, Event, MosaicPlugin};

        #[derive(Default)]
        struct State {
            mode: String,
            tabs: Vec<String>,
        }

        register_plugin!(State);

        impl MosaicPlugin for State {
            fn update(&mut self, event: Event) -> bool {
                match event {
                    Event::ModeUpdate(mode) => self.mode = mode,
                    Event::TabUpdate(tabs) => self.tabs = tabs,
                    Event::Key(_) => return false,
                }
                true
            }

            fn render(&mut self, _rows: usize, cols: usize) -> String {
                line::render(&self.mode, &self.tabs, cols)
            }
        }

        fn main() {}
        """,
    "default-plugins/compact-bar/src/line.rs": """
        use unicode_width::UnicodeWidthStr;

        pub fn render(mode: &str, tabs: &[String], cols: usize) -> String {
            let mut line = format!(" {mode} ");
            for tab in tabs {
                if line.width() + tab.width() + 3 > cols {
                    line.push_str(" …");
                    break;
                }
                line.push_str(&format!(" {tab} |"));
            }
            line
        }

        #[cfg(test)]
        mod tests {
            use super::render;

            #[test]
            fn tabs_are_listed() {
                assert_eq!(render("NORMAL", &["a".into(), "b".into()], 80), " NORMAL  a | b |");
            }

            #[test]
            fn narrow_terminals_truncate() {
                let tabs = ["first tab".into(), "second".into()];
                assert!(render("LOCKED", &tabs, 12).ends_with('…'));
            }
        }
        """,
}


# --- INHERITED: lemmy-style workspace inheritance ----------------------------------------
# Everything comes from the root: [workspace.package] (version, edition, rust-version,
# publish, license, authors) and [workspace.dependencies] (externals, internal paths, and
# renames both ways). Members refine with features, optional, targets and build deps.

INHERITED: dict[str, str] = {
    "Cargo.toml": """
        [workspace]
        resolver = "2"
        members = ["crates/*"]
        default-members = ["crates/server"]

        [workspace.package]
        version = "0.19.8"
        edition = "2021"
        rust-version = "1.81"
        publish = false
        license = "AGPL-3.0"
        authors = ["The ledger developers"]

        [workspace.dependencies]
        ledger-core = { path = "crates/core", version = "=0.19.8" }
        ledger-db = { path = "crates/db", version = "=0.19.8" }
        ledger-api = { path = "crates/api", version = "=0.19.8" }
        ledger-codegen = { path = "crates/codegen", version = "=0.19.8" }
        ledger-testing = { path = "crates/testing" }
        # renamed: members write `macros`, the package is ledger-macros
        macros = { package = "ledger-macros", path = "crates/macros", version = "=0.19.8" }
        # renamed: members write `json`, the package is serde_json
        json = { package = "serde_json", version = "1.0.138" }
        anyhow = "1.0.95"
        axum = { version = "0.8.1", default-features = false, features = [
            "http1",
            "json",
            "tokio",
        ] }
        cc = "1.2.10"
        clap = { version = "4.5.27", features = ["derive", "env"] }
        insta = "1.42.0"
        nix = { version = "0.29.0", default-features = false }
        proc-macro2 = "1.0.93"
        proptest = "1.6.0"
        quote = "1.0.38"
        rusqlite = { version = "0.32.1", features = ["bundled"] }
        serde = { version = "1.0.217", features = ["derive"] }
        syn = { version = "2.0.96", features = ["full"] }
        tempfile = "3.15.0"
        thiserror = "2.0.11"
        tokio = { version = "1.43.0", default-features = false }
        toml = "0.8.19"
        tracing = "0.1.41"
        tracing-subscriber = { version = "0.3.19", features = ["env-filter"] }
        uuid = { version = "1.12.1", features = ["v4", "serde"] }
        windows-sys = "0.59.0"

        [workspace.lints.clippy]
        dbg_macro = "deny"
        unwrap_used = "deny"

        [profile.release]
        debug = 0
        lto = "thin"
        """,
    ".config/nextest.toml": """
        [profile.default]
        fail-fast = false

        [profile.ci]
        retries = 1
        failure-output = "immediate-final"

        [profile.ci.junit]
        path = "junit.xml"

        [profile.slow]
        slow-timeout = { period = "5m" }
        """,
    "Cargo.lock": _lock(
        """
        ledger-api 0.19.8: axum insta ledger-codegen ledger-core ledger-db ledger-testing nix
          serde serde_json tokio tracing uuid
        ledger-codegen 0.19.8: proc-macro2 quote serde toml
        ledger-core 0.19.8: insta ledger-macros proptest serde serde_json thiserror@2.0.11 uuid
        ledger-db 0.19.8: cc ledger-core ledger-testing nix rusqlite tempfile thiserror@2.0.11 tokio
          tracing windows-sys@0.59.0
        ledger-macros 0.19.8: ledger-core proc-macro2 quote syn
        ledger-server 0.19.8: anyhow clap ledger-api ledger-core ledger-db tempfile tokio toml
          tracing tracing-subscriber
        ledger-testing 0.19.8: ledger-core ledger-db tempfile tokio
        """
    ),
    # crates/core: publishable, so it does not inherit `publish` ---------------------------------
    "crates/core/Cargo.toml": """
        [package]
        name = "ledger-core"
        description = "Double-entry bookkeeping types and invariants"
        version.workspace = true
        edition.workspace = true
        rust-version.workspace = true
        license.workspace = true
        authors.workspace = true

        [lints]
        workspace = true

        [dependencies]
        macros.workspace = true
        json = { workspace = true }
        serde = { workspace = true, features = ["rc"] }
        thiserror.workspace = true
        uuid.workspace = true

        [dev-dependencies]
        insta = { workspace = true, features = ["json"] }
        proptest.workspace = true

        [features]
        default = ["std"]
        std = []
        arbitrary-precision = ["json/arbitrary_precision"]
        """,
    "crates/core/src/lib.rs": """
        //! Accounts, postings and the one rule: every transaction balances.

        pub mod money;

        use serde::{Deserialize, Serialize};
        use uuid::Uuid;

        pub use money::Cents;

        #[derive(Debug, Clone, PartialEq, Serialize, Deserialize, macros::Audited)]
        pub struct Posting {
            pub account: String,
            pub amount: Cents,
        }

        #[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
        pub struct Transaction {
            pub id: Uuid,
            pub memo: String,
            pub postings: Vec<Posting>,
        }

        #[derive(Debug, thiserror::Error, PartialEq)]
        pub enum LedgerError {
            #[error("transaction does not balance: off by {0}")]
            Unbalanced(Cents),
            #[error("a transaction needs at least two postings")]
            TooFewPostings,
        }

        impl Transaction {
            pub fn new(memo: &str, postings: Vec<Posting>) -> Result<Transaction, LedgerError> {
                if postings.len() < 2 {
                    return Err(LedgerError::TooFewPostings);
                }
                let total: Cents = postings.iter().map(|p| p.amount).sum();
                if total != Cents(0) {
                    return Err(LedgerError::Unbalanced(total));
                }
                Ok(Transaction { id: Uuid::new_v4(), memo: memo.to_string(), postings })
            }

            pub fn to_json(&self) -> String {
                json::to_string(self).expect("transactions serialize")
            }
        }

        #[cfg(test)]
        mod tests {
            use super::*;

            fn posting(account: &str, cents: i64) -> Posting {
                Posting { account: account.into(), amount: Cents(cents) }
            }

            #[test]
            fn balanced_transactions_are_accepted() {
                let postings = vec![
                    posting("expenses:rent", 1200_00),
                    posting("assets:bank", -1200_00),
                ];
                assert!(Transaction::new("rent", postings).is_ok());
            }

            #[test]
            fn unbalanced_transactions_are_rejected() {
                let tx = Transaction::new("oops", vec![posting("a", 5), posting("b", -3)]);
                assert_eq!(tx, Err(LedgerError::Unbalanced(Cents(2))));
            }

            #[test]
            fn json_shape_is_stable() {
                let p = posting("assets:cash", 250);
                insta::assert_json_snapshot!(p, @r###"
                {
                  "account": "assets:cash",
                  "amount": 250
                }
                "###);
            }
        }
        """,
    "crates/core/src/money.rs": """
        use std::fmt;
        use std::iter::Sum;
        use std::ops::Add;

        use serde::{Deserialize, Serialize};

        #[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
        #[serde(transparent)]
        pub struct Cents(pub i64);

        impl Add for Cents {
            type Output = Cents;
            fn add(self, other: Cents) -> Cents {
                Cents(self.0 + other.0)
            }
        }

        impl Sum for Cents {
            fn sum<I: Iterator<Item = Cents>>(iter: I) -> Cents {
                iter.fold(Cents(0), Add::add)
            }
        }

        impl fmt::Display for Cents {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                let sign = if self.0 < 0 { "-" } else { "" };
                write!(f, "{sign}{}.{:02}", self.0.abs() / 100, self.0.abs() % 100)
            }
        }

        #[cfg(test)]
        mod tests {
            use super::Cents;
            use proptest::prelude::*;

            #[test]
            fn displays_two_decimals() {
                assert_eq!(Cents(-1205).to_string(), "-12.05");
            }

            proptest! {
                #[test]
                fn addition_commutes(a in -1_000_000i64..1_000_000, b in -1_000_000i64..1_000_000) {
                    prop_assert_eq!(Cents(a) + Cents(b), Cents(b) + Cents(a));
                }
            }
        }
        """,
    # crates/macros: a proc-macro, renamed in [workspace.dependencies] ---------------------------
    "crates/macros/Cargo.toml": """
        [package]
        name = "ledger-macros"
        version.workspace = true
        edition.workspace = true
        rust-version.workspace = true
        publish.workspace = true
        license.workspace = true

        [lib]
        proc-macro = true

        [dependencies]
        proc-macro2.workspace = true
        quote.workspace = true
        syn = { workspace = true, features = ["extra-traits"] }

        [dev-dependencies]
        # the expansion tests use the types the macro is for: a dev-dependency cycle
        ledger-core.workspace = true
        """,
    "crates/macros/src/lib.rs": """
        use proc_macro::TokenStream;
        use quote::quote;
        use syn::{parse_macro_input, DeriveInput};

        /// `#[derive(Audited)]`: an `audit_line()` naming the type and its debug form.
        #[proc_macro_derive(Audited)]
        pub fn derive_audited(input: TokenStream) -> TokenStream {
            let input = parse_macro_input!(input as DeriveInput);
            let name = &input.ident;
            let label = name.to_string();
            quote! {
                impl #name {
                    pub fn audit_line(&self) -> String {
                        format!("{}: {:?}", #label, self)
                    }
                }
            }
            .into()
        }
        """,
    "crates/macros/tests/expand.rs": """
        use ledger_core::{Cents, Posting};

        #[test]
        fn audit_line_names_the_type() {
            let p = Posting { account: "assets:bank".into(), amount: Cents(10) };
            assert!(p.audit_line().starts_with("Posting: Posting {"));
        }
        """,
    # crates/db ------------------------------------------------------------------------------------
    "crates/db/Cargo.toml": """
        [package]
        name = "ledger-db"
        version.workspace = true
        edition.workspace = true
        rust-version.workspace = true
        publish.workspace = true
        license.workspace = true
        build = "build.rs"

        [dependencies]
        ledger-core.workspace = true
        rusqlite = { workspace = true, optional = true }
        thiserror.workspace = true
        tokio = { workspace = true, features = ["sync", "rt"] }
        tracing.workspace = true

        [target.'cfg(unix)'.dependencies]
        nix = { workspace = true, features = ["fs"] }

        [target.'cfg(windows)'.dependencies]
        windows-sys = { workspace = true, features = ["Win32_Storage_FileSystem"] }

        [build-dependencies]
        cc.workspace = true

        [dev-dependencies]
        ledger-testing.workspace = true
        tempfile.workspace = true

        [features]
        default = ["rusqlite"]
        migrations = []
        """,
    "crates/db/build.rs": """
        // Compiles the SQLite extension with the ledger's decimal functions.
        fn main() {
            println!("cargo:rerun-if-changed=csrc/decimal.c");
            cc::Build::new().file("csrc/decimal.c").warnings(true).compile("ledger_decimal");
        }
        """,
    "crates/db/csrc/decimal.c": """
        #include <stdint.h>

        int64_t ledger_decimal_add(int64_t a, int64_t b) { return a + b; }
        """,
    "crates/db/src/lib.rs": """
        //! Storage: SQLite through rusqlite, with a file lock so one server owns the file.

        #[cfg(feature = "rusqlite")]
        mod sqlite;

        use std::path::Path;

        use ledger_core::Transaction;

        #[derive(Debug, thiserror::Error)]
        pub enum DbError {
            #[cfg(feature = "rusqlite")]
            #[error(transparent)]
            Sqlite(#[from] rusqlite::Error),
            #[error("the database at {0} is locked by another server")]
            Locked(String),
        }

        pub trait Store: Send + Sync {
            fn insert(&self, tx: &Transaction) -> Result<(), DbError>;
            fn count(&self) -> Result<u64, DbError>;
        }

        pub fn open(path: &Path) -> Result<Box<dyn Store>, DbError> {
            lock(path)?;
            #[cfg(feature = "rusqlite")]
            return Ok(Box::new(sqlite::SqliteStore::open(path)?));
            #[cfg(not(feature = "rusqlite"))]
            Err(DbError::Locked(format!("{}: built without a backend", path.display())))
        }

        #[cfg(unix)]
        fn lock(path: &Path) -> Result<(), DbError> {
            tracing::debug!(path = %path.display(), "taking the advisory lock");
            let _ = nix::fcntl::FlockArg::LockExclusiveNonblock;
            Ok(())
        }

        #[cfg(windows)]
        fn lock(_path: &Path) -> Result<(), DbError> {
            let _ = windows_sys::Win32::Storage::FileSystem::LOCKFILE_EXCLUSIVE_LOCK;
            Ok(())
        }
        """,
    "crates/db/src/sqlite.rs": """
        use std::path::Path;
        use std::sync::Mutex;

        use ledger_core::Transaction;
        use rusqlite::Connection;

        use crate::{DbError, Store};

        pub struct SqliteStore {
            conn: Mutex<Connection>,
        }

        impl SqliteStore {
            pub fn open(path: &Path) -> Result<SqliteStore, DbError> {
                let conn = Connection::open(path)?;
                conn.execute_batch(
                    "CREATE TABLE IF NOT EXISTS transactions (
                        id TEXT PRIMARY KEY,
                        body TEXT NOT NULL
                    );",
                )?;
                Ok(SqliteStore { conn: Mutex::new(conn) })
            }
        }

        impl Store for SqliteStore {
            fn insert(&self, tx: &Transaction) -> Result<(), DbError> {
                let conn = self.conn.lock().expect("not poisoned");
                let row = (tx.id.to_string(), tx.to_json());
                conn.execute("INSERT INTO transactions VALUES (?1, ?2)", row)?;
                Ok(())
            }

            fn count(&self) -> Result<u64, DbError> {
                let conn = self.conn.lock().expect("not poisoned");
                Ok(conn.query_row("SELECT COUNT(*) FROM transactions", [], |row| row.get(0))?)
            }
        }
        """,
    "crates/db/tests/store.rs": """
        #[test]
        fn inserted_transactions_are_counted() {
            let (_dir, store) = ledger_testing::scratch_store();
            store.insert(&ledger_testing::rent()).unwrap();
            store.insert(&ledger_testing::rent()).unwrap();
            assert_eq!(store.count().unwrap(), 2);
        }
        """,
    # crates/codegen: a build-dependency of the api crate ---------------------------------------
    "crates/codegen/Cargo.toml": """
        [package]
        name = "ledger-codegen"
        version.workspace = true
        edition.workspace = true
        rust-version.workspace = true
        publish.workspace = true
        license.workspace = true

        [dependencies]
        proc-macro2.workspace = true
        quote.workspace = true
        serde.workspace = true
        toml.workspace = true
        """,
    "crates/codegen/src/lib.rs": """
        //! Generates the route table from routes.toml at build time.

        use quote::{format_ident, quote};
        use serde::Deserialize;

        #[derive(Debug, Deserialize)]
        pub struct Route {
            pub method: String,
            pub path: String,
            pub handler: String,
        }

        #[derive(Debug, Deserialize)]
        struct Routes {
            route: Vec<Route>,
        }

        pub fn routes(text: &str) -> Result<Vec<Route>, toml::de::Error> {
            Ok(toml::from_str::<Routes>(text)?.route)
        }

        pub fn generate(routes: &[Route]) -> proc_macro2::TokenStream {
            let entries = routes.iter().map(|r| {
                let path = &r.path;
                let handler = format_ident!("{}", r.handler);
                let method = format_ident!("{}", r.method.to_lowercase());
                quote! { .route(#path, axum::routing::#method(crate::handlers::#handler)) }
            });
            quote! {
                pub fn router(state: crate::AppState) -> axum::Router {
                    axum::Router::new() #(#entries)* .with_state(state)
                }
            }
        }

        #[cfg(test)]
        mod tests {
            use super::*;

            #[test]
            fn reads_routes() {
                let text = "[[route]]\\nmethod = 'GET'\\npath = '/health'\\nhandler = 'health'\\n";
                let found = routes(text).unwrap();
                assert_eq!(found[0].path, "/health");
            }

            #[test]
            fn generates_one_route_per_entry() {
                let text = "[[route]]\\nmethod = 'GET'\\npath = '/a'\\nhandler = 'a'\\n";
                let found = routes(text).unwrap();
                assert!(generate(&found).to_string().contains("\\"/a\\""));
            }
        }
        """,
    # crates/api ---------------------------------------------------------------------------------
    "crates/api/Cargo.toml": """
        [package]
        name = "ledger-api"
        version.workspace = true
        edition.workspace = true
        rust-version.workspace = true
        publish.workspace = true
        license.workspace = true

        [dependencies]
        ledger-core.workspace = true
        ledger-db = { workspace = true, features = ["migrations"] }
        axum.workspace = true
        json.workspace = true
        serde.workspace = true
        tokio = { workspace = true, features = ["macros", "rt-multi-thread", "net"] }
        tracing.workspace = true
        uuid.workspace = true

        [target.'cfg(unix)'.dependencies]
        nix = { workspace = true, features = ["signal"] }

        [build-dependencies]
        ledger-codegen.workspace = true

        [dev-dependencies]
        ledger-testing.workspace = true
        insta.workspace = true
        tokio = { workspace = true, features = ["test-util"] }

        [features]
        openapi = []
        """,
    "crates/api/build.rs": """
        fn main() {
            println!("cargo:rerun-if-changed=routes.toml");
            let text = std::fs::read_to_string("routes.toml").expect("routes.toml");
            let routes = ledger_codegen::routes(&text).expect("valid routes.toml");
            let out = std::path::Path::new(&std::env::var("OUT_DIR").unwrap()).join("routes.rs");
            std::fs::write(out, ledger_codegen::generate(&routes).to_string()).unwrap();
        }
        """,
    "crates/api/routes.toml": """
        [[route]]
        method = "GET"
        path = "/health"
        handler = "health"

        [[route]]
        method = "POST"
        path = "/transactions"
        handler = "create_transaction"
        """,
    "crates/api/src/lib.rs": """
        //! The HTTP API.

        pub mod handlers;

        use std::sync::Arc;

        include!(concat!(env!("OUT_DIR"), "/routes.rs"));

        #[derive(Clone)]
        pub struct AppState {
            pub store: Arc<dyn ledger_db::Store>,
        }

        #[cfg(unix)]
        pub fn ignore_sigpipe() {
            use nix::sys::signal::{signal, SigHandler, Signal};
            // SAFETY: installing SIG_IGN has no handler code to race with.
            unsafe { signal(Signal::SIGPIPE, SigHandler::SigIgn) }.expect("SIGPIPE handler");
        }
        """,
    "crates/api/src/handlers.rs": """
        use axum::extract::State;
        use axum::http::StatusCode;
        use axum::Json;
        use ledger_core::{Posting, Transaction};
        use serde::Deserialize;

        use crate::AppState;

        #[derive(Debug, Deserialize)]
        pub struct NewTransaction {
            pub memo: String,
            pub postings: Vec<Posting>,
        }

        pub async fn health() -> &'static str {
            "ok"
        }

        pub async fn create_transaction(
            State(state): State<AppState>,
            Json(body): Json<NewTransaction>,
        ) -> Result<Json<uuid::Uuid>, (StatusCode, String)> {
            let tx = Transaction::new(&body.memo, body.postings)
                .map_err(|e| (StatusCode::UNPROCESSABLE_ENTITY, e.to_string()))?;
            state
                .store
                .insert(&tx)
                .map_err(|e| (StatusCode::INTERNAL_SERVER_ERROR, e.to_string()))?;
            tracing::info!(id = %tx.id, "transaction recorded");
            Ok(Json(tx.id))
        }

        #[cfg(test)]
        mod tests {
            #[tokio::test]
            async fn health_says_ok() {
                assert_eq!(super::health().await, "ok");
            }
        }
        """,
    "crates/api/tests/routes.rs": """
        use std::sync::Arc;

        use ledger_api::{router, AppState};

        #[tokio::test]
        async fn the_router_builds() {
            let (_dir, store) = ledger_testing::scratch_store();
            let _router = router(AppState { store: Arc::from(store) });
        }

        #[test]
        fn unbalanced_bodies_are_described() {
            let body = json::json!({ "memo": "x", "postings": [] });
            insta::assert_snapshot!(body.to_string(), @r###"{"memo":"x","postings":[]}"###);
        }
        """,
    # crates/server: the binaries ------------------------------------------------------------------
    "crates/server/Cargo.toml": """
        [package]
        name = "ledger-server"
        version.workspace = true
        edition.workspace = true
        rust-version.workspace = true
        publish.workspace = true
        license.workspace = true
        authors.workspace = true

        [dependencies]
        ledger-api.workspace = true
        ledger-core.workspace = true
        ledger-db.workspace = true
        anyhow.workspace = true
        clap.workspace = true
        tokio = { workspace = true, features = ["macros", "rt-multi-thread", "signal"] }
        toml.workspace = true
        tracing.workspace = true
        tracing-subscriber.workspace = true

        [dev-dependencies]
        tempfile.workspace = true
        """,
    "crates/server/src/main.rs": """
        use std::net::SocketAddr;
        use std::path::PathBuf;
        use std::sync::Arc;

        use clap::Parser;

        #[derive(Debug, Parser)]
        struct Args {
            #[arg(long, env = "LEDGER_CONFIG", default_value = "ledger.toml")]
            config: PathBuf,
        }

        #[derive(Debug, serde::Deserialize)]
        struct Config {
            listen: SocketAddr,
            database: PathBuf,
        }

        #[tokio::main]
        async fn main() -> anyhow::Result<()> {
            let filter = tracing_subscriber::EnvFilter::from_default_env();
            tracing_subscriber::fmt().with_env_filter(filter).init();
            let args = Args::parse();
            let config: Config = toml::from_str(&std::fs::read_to_string(&args.config)?)?;
            let store = ledger_db::open(&config.database)?;
            let app = ledger_api::router(ledger_api::AppState { store: Arc::from(store) });
            let listener = tokio::net::TcpListener::bind(config.listen).await?;
            tracing::info!(listen = %config.listen, "ledger {}", env!("CARGO_PKG_VERSION"));
            axum_serve(listener, app).await
        }

        async fn axum_serve(
            _listener: tokio::net::TcpListener,
            _app: impl Send,
        ) -> anyhow::Result<()> {
            tokio::signal::ctrl_c().await?;
            Ok(())
        }

        #[cfg(test)]
        mod tests {
            use super::*;

            #[test]
            fn config_parses() {
                let text = "listen = '127.0.0.1:8080'\\ndatabase = 'ledger.db'";
                let config: Config = toml::from_str(text).unwrap();
                assert_eq!(config.listen.port(), 8080);
            }

            #[test]
            fn config_file_defaults_to_ledger_toml() {
                let dir = tempfile::tempdir().unwrap();
                let args = Args::parse_from(["ledger-server"]);
                assert_eq!(args.config, PathBuf::from("ledger.toml"));
                assert!(dir.path().exists());
            }
        }
        """,
    "crates/server/src/bin/ledger-migrate.rs": """
        //! Applies pending migrations and exits.

        fn main() -> anyhow::Result<()> {
            let path = std::env::args().nth(1).unwrap_or_else(|| "ledger.db".into());
            let store = ledger_db::open(std::path::Path::new(&path))?;
            println!("{} transactions after migration", store.count()?);
            Ok(())
        }
        """,
    # crates/testing: shared test fixtures ---------------------------------------------------------
    "crates/testing/Cargo.toml": """
        [package]
        name = "ledger-testing"
        version.workspace = true
        edition.workspace = true
        rust-version.workspace = true
        publish.workspace = true
        license.workspace = true

        [dependencies]
        ledger-core.workspace = true
        ledger-db = { workspace = true, features = ["rusqlite"] }
        tempfile.workspace = true
        tokio = { workspace = true, features = ["rt"] }
        """,
    "crates/testing/src/lib.rs": """
        use ledger_core::{Cents, Posting, Transaction};

        pub fn rent() -> Transaction {
            Transaction::new(
                "rent",
                vec![
                    Posting { account: "expenses:rent".into(), amount: Cents(1200_00) },
                    Posting { account: "assets:bank".into(), amount: Cents(-1200_00) },
                ],
            )
            .expect("balanced")
        }

        pub fn scratch_store() -> (tempfile::TempDir, Box<dyn ledger_db::Store>) {
            let dir = tempfile::tempdir().expect("a scratch folder");
            let store = ledger_db::open(&dir.path().join("test.db")).expect("a store");
            (dir, store)
        }

        pub fn runtime() -> tokio::runtime::Runtime {
            tokio::runtime::Builder::new_current_thread().build().expect("a runtime")
        }
        """,
}


# --- SINGLE_CRATE: one library, no [workspace], no Cargo.lock -----------------------------
# Like humantime: a library publishes no lockfile, so there is none to read.

SINGLE_CRATE: dict[str, str] = {
    "Cargo.toml": """
        [package]
        name = "humandur"
        version = "2.1.0"
        edition = "2021"
        rust-version = "1.70"
        description = "Parse and format human-readable durations such as 1h 30m"
        license = "MIT OR Apache-2.0"
        keywords = ["duration", "human", "parse", "format"]
        categories = ["date-and-time", "parsing"]

        [dependencies]
        serde = { version = "1.0", optional = true }

        [dev-dependencies]
        serde_json = "1.0"

        [features]
        default = ["std"]
        std = []
        """,
    "src/lib.rs": """
        //! Parse "1h 30m" into a `Duration` and format it back.

        mod format;
        mod parse;

        pub use format::format_duration;
        pub use parse::{parse_duration, Error};

        #[cfg(feature = "serde")]
        pub mod serde_secs {
            use core::time::Duration;

            pub fn serialize<S: serde::Serializer>(d: &Duration, s: S) -> Result<S::Ok, S::Error> {
                s.serialize_str(&crate::format_duration(*d))
            }
        }

        #[cfg(test)]
        mod tests {
            use super::*;
            use core::time::Duration;

            #[test]
            fn round_trip() {
                let d = Duration::from_secs(5400);
                assert_eq!(parse_duration(&format_duration(d)), Ok(d));
            }

            #[test]
            fn zero_is_zero_seconds() {
                assert_eq!(format_duration(Duration::ZERO), "0s");
            }
        }
        """,
    "src/parse.rs": """
        use core::time::Duration;

        #[derive(Debug, Clone, PartialEq, Eq)]
        pub enum Error {
            Empty,
            UnknownUnit(String),
            NumberExpected(usize),
        }

        pub fn parse_duration(text: &str) -> Result<Duration, Error> {
            let text = text.trim();
            if text.is_empty() {
                return Err(Error::Empty);
            }
            let mut total = 0u64;
            for part in text.split_whitespace() {
                let split = part
                    .find(|c: char| !c.is_ascii_digit())
                    .ok_or(Error::NumberExpected(0))?;
                let (number, unit) = part.split_at(split);
                let n: u64 = number.parse().map_err(|_| Error::NumberExpected(split))?;
                total += n * match unit {
                    "s" | "sec" => 1,
                    "m" | "min" => 60,
                    "h" | "hr" => 3600,
                    "d" => 86_400,
                    other => return Err(Error::UnknownUnit(other.to_string())),
                };
            }
            Ok(Duration::from_secs(total))
        }

        #[cfg(test)]
        mod tests {
            use super::*;

            #[test]
            fn units_add_up() {
                assert_eq!(parse_duration("1h 30m"), Ok(Duration::from_secs(5400)));
            }

            #[test]
            fn unknown_units_are_named() {
                assert_eq!(parse_duration("3 fortnights"), Err(Error::NumberExpected(0)));
                assert_eq!(parse_duration("3w"), Err(Error::UnknownUnit("w".into())));
            }

            #[test]
            fn empty_input_is_an_error() {
                assert_eq!(parse_duration("  "), Err(Error::Empty));
            }
        }
        """,
    "src/format.rs": """
        use core::time::Duration;

        pub fn format_duration(d: Duration) -> String {
            let mut secs = d.as_secs();
            if secs == 0 {
                return "0s".to_string();
            }
            let mut parts = Vec::new();
            for (unit, size) in [("d", 86_400), ("h", 3600), ("m", 60), ("s", 1)] {
                if secs >= size {
                    parts.push(format!("{}{unit}", secs / size));
                    secs %= size;
                }
            }
            parts.join(" ")
        }

        #[cfg(test)]
        mod tests {
            use super::*;

            #[test]
            fn largest_units_first() {
                assert_eq!(format_duration(Duration::from_secs(90_061)), "1d 1h 1m 1s");
            }
        }
        """,
    "tests/roundtrip.rs": """
        use std::time::Duration;

        use humandur::{format_duration, parse_duration};

        #[test]
        fn every_minute_of_a_day_round_trips() {
            for minutes in 0..1440 {
                let d = Duration::from_secs(minutes * 60);
                let expected = if minutes == 0 { None } else { Some(d) };
                assert_eq!(parse_duration(&format_duration(d)).ok(), expected);
            }
        }

        #[test]
        fn formatted_durations_serialize_as_json_strings() {
            let text = serde_json::to_string(&format_duration(Duration::from_secs(61))).unwrap();
            assert_eq!(text, "\\"1m 1s\\"");
        }
        """,
    "examples/countdown.rs": """
        use std::thread::sleep;
        use std::time::Duration;

        fn main() {
            let arg = std::env::args().nth(1).unwrap_or_else(|| "5s".into());
            let mut left = humandur::parse_duration(&arg).expect("a duration like 1m 30s");
            while !left.is_zero() {
                println!("{}", humandur::format_duration(left));
                sleep(Duration::from_secs(1));
                left -= Duration::from_secs(1);
            }
        }
        """,
}


ALL: dict[str, dict[str, str]] = {
    "reference": REFERENCE,
    "glob_root_package": GLOB_ROOT_PACKAGE,
    "nested_excludes": NESTED_EXCLUDES,
    "root_binary": ROOT_BINARY,
    "inherited": INHERITED,
    "single_crate": SINGLE_CRATE,
}
