"""init's writer and --update's merge, on CargoWorkspace objects (no files)."""

from __future__ import annotations

import textwrap

import attrs
import pytest
import tomlkit

from ci_gen.bootstrap import merge
from ci_gen.bootstrap.compose import infer_role, render_manifest
from ci_gen.bootstrap.estimate import (
    CHECK_HOST_MIB,
    CHECK_HOST_SHARE,
    CHECK_MEMBER_S,
    CHECK_TARGET_MIB,
    CHECK_TARGET_SHARE,
    MIB_PER_PACKAGE,
    MIB_PER_TEST_BINARY,
    estimate,
    package_seconds,
)
from ci_gen.bootstrap.lockwalk import LockIndex, own_packages
from ci_gen.cargo import (
    Branch,
    CargoWorkspace,
    LockPackage,
    Member,
    PackageFacts,
    Targets,
    Toolchain,
)
from ci_gen.manifest import loads

LIB = Targets(lib=True, tests=("it",))


def lock(*packages: tuple[str, str | None, tuple[str, ...]]) -> dict[str, LockPackage]:
    made = [
        LockPackage(name, "1.0.0", source, tuple(f"{d} 1.0.0" for d in deps))
        for name, source, deps in packages
    ]
    return {p.id: p for p in made}


REGISTRY = "registry+https://github.com/rust-lang/crates.io-index"
WORKSPACE = CargoWorkspace(
    members=(
        Member(
            "app",
            "crates/app",
            deps=("core",),
            targets=Targets(bins=("app",)),
            source_bytes=4096,
            test_fns=10,
        ),
        Member(
            "core",
            "crates/core",
            dev_deps=("test-utils",),
            features=("fast", "serde"),
            targets=LIB,
            source_bytes=20480,
            test_fns=40,
        ),
        Member("core-benches", "benches", deps=("core",), targets=Targets(benches=("b",))),
        Member(
            "test-utils",
            "crates/test-utils",
            deps=("core",),
            targets=Targets(lib=True),
            publish=False,
        ),
    ),
    toolchain=Toolchain("1.85.0", ("clippy",)),
    msrv="1.80",
    nextest_profiles=("ci", "default"),
    lock=lock(
        ("app", None, ("core", "clap")),
        ("core", None, ("serde", "tokio")),
        ("core-benches", None, ("core", "criterion")),
        ("test-utils", None, ("core", "tokio")),
        ("clap", REGISTRY, ()),
        ("serde", REGISTRY, ()),
        ("tokio", REGISTRY, ("mio",)),
        ("mio", REGISTRY, ()),
        ("criterion", REGISTRY, ("serde",)),
    ),
)


def written() -> str:
    return render_manifest(WORKSPACE, estimate(WORKSPACE), Branch("trunk", known=True))


def test_own_packages_stop_at_other_members() -> None:
    owned = own_packages(WORKSPACE)
    assert owned["app"] == {"clap 1.0.0"}  # not tokio/serde: those come through core
    assert owned["core"] == {"serde 1.0.0", "tokio 1.0.0", "mio 1.0.0"}
    assert owned["test-utils"] == {"tokio 1.0.0", "mio 1.0.0"}


def test_shared_packages_are_split_between_their_owners() -> None:
    e = estimate(WORKSPACE)
    # core shares serde with core-benches (through criterion) and tokio and mio with
    # test-utils: a half of each.
    assert e["core"].packages == 1.5
    assert e["test-utils"].packages == 1.0
    assert e["core-benches"].packages == 1.5  # criterion, and half of serde
    whole = sum(x.packages for x in e.values())
    assert whole == len([p for p in WORKSPACE.lock.values() if p.source])  # type: ignore[union-attr]
    # core: a library with one integration test, so two test binaries
    expected_gb = (1.5 * MIB_PER_PACKAGE + 20 * 0.335 + 2 * MIB_PER_TEST_BINARY) / 1024
    assert e["core"].build_gb == pytest.approx(expected_gb, abs=0.0005)  # 2 significant digits


# A library using serde (whose derive is a proc-macro over syn) and a build-only cc:
# clippy checks serde, but builds the derive, syn and cc in full, for the host.
HOSTED = CargoWorkspace(
    members=(
        Member("lib", "lib", targets=LIB, external=("cc", "serde"), build_only_external=("cc",)),
    ),
    lock=lock(
        ("lib", None, ("serde", "cc")),
        ("serde", REGISTRY, ("serde_derive",)),
        ("serde_derive", REGISTRY, ("syn",)),
        ("syn", REGISTRY, ()),
        ("cc", REGISTRY, ()),
    ),
    packages={
        "serde 1.0.0": PackageFacts(100.0, proc_macro=False, build_script=False),
        "serde_derive 1.0.0": PackageFacts(50.0, proc_macro=True, build_script=False),
        "syn 1.0.0": PackageFacts(500.0, proc_macro=False, build_script=False),
        "cc 1.0.0": PackageFacts(80.0, proc_macro=False, build_script=False),
    },
)


def test_a_check_builds_proc_macros_build_dependencies_and_their_dependencies_in_full() -> None:
    split = LockIndex.of(HOSTED).host_split(HOSTED.members[0], HOSTED.packages)
    assert split == {
        "serde 1.0.0": {"target"},
        "serde_derive 1.0.0": {"host"},
        "syn 1.0.0": {"host"},
        "cc 1.0.0": {"host"},
    }
    (e,) = estimate(HOSTED).values()
    assert e.check_gb is not None and e.check_min is not None
    # one package checked, three built in full: more than the factor of a build would say
    expected = (CHECK_TARGET_MIB + 3 * CHECK_HOST_MIB) / 1024
    assert e.check_gb == pytest.approx(expected, rel=0.05)
    assert e.check_gb > 0.6 * e.build_gb
    host = [package_seconds(HOSTED.packages[f"{n} 1.0.0"]) for n in ("serde_derive", "syn", "cc")]
    target = package_seconds(HOSTED.packages["serde 1.0.0"])
    seconds = CHECK_HOST_SHARE * sum(host) + CHECK_TARGET_SHARE * target + CHECK_MEMBER_S
    assert e.check_min == pytest.approx(seconds / 60, rel=0.05)
    text = render_manifest(HOSTED, estimate(HOSTED), Branch("main", known=True))
    assert f"check-gb = {e.check_gb}, check-min = {e.check_min}" in text
    assert loads(text, "ci.toml").crates["lib"].cost.check_min == e.check_min


def test_without_a_lock_check_figures_are_left_to_the_planner() -> None:
    ws = attrs.evolve(HOSTED, lock=None)
    (e,) = estimate(ws).values()
    assert e.check_gb is None and e.check_min is None
    assert "check-gb =" not in render_manifest(ws, estimate(ws), Branch("main", known=True))


def test_without_a_lock_estimates_are_marked_rough() -> None:
    ws = attrs.evolve(WORKSPACE, lock=None)
    assert all(e.rough for e in estimate(ws).values())
    assert all(not e.rough for e in estimate(WORKSPACE).values())


def test_roles_are_inferred_from_names_and_targets() -> None:
    roles = {m.name: infer_role(m)[0] for m in WORKSPACE.members}
    assert roles == {
        "app": "tested",
        "core": "tested",
        "core-benches": "bench",
        "test-utils": "support",
    }


def test_the_written_manifest_loads_and_says_what_it_inferred() -> None:
    text = written()
    manifest = loads(text, "ci.toml")
    assert manifest.workspace.default_branch == "trunk"
    assert manifest.workspace.toolchain == "1.85.0"
    assert manifest.workspace.msrv == "1.80"
    assert manifest.workspace.nextest_profile == "ci"
    assert manifest.crates["core"].dev_deps == ("test-utils",)
    assert manifest.crates["app"].doc_tests is False  # a binary: no doc tests
    assert manifest.crates["core"].doc_tests is True
    assert manifest.crates["core-benches"].role == "bench"
    assert "# inferred: benchmarks only" in text
    assert "# no library target" in text
    share = "(its share in Cargo.lock)"
    assert f"# estimated from 1.5 external packages {share} and 20 KiB of source\ncost = " in text
    assert text.startswith("# ci.toml: the manifest ci-gen renders")


def test_no_nextest_config_means_plain_cargo_test() -> None:
    ws = attrs.evolve(WORKSPACE, nextest_profiles=None, lock=None)
    text = render_manifest(ws, estimate(ws), Branch("main", known=False))
    manifest = loads(text, "ci.toml")
    assert manifest.workspace.nextest is False
    assert manifest.workspace.locked is False
    assert "no .config/nextest.toml: plain cargo test" in text


def test_merging_the_same_workspace_changes_nothing() -> None:
    text = written()
    update = merge(text, WORKSPACE, estimate(WORKSPACE))
    assert update.notes == ()
    assert update.text == text


SHARE = "(its share in Cargo.lock)"
HAND_EDITED = textwrap.dedent(
    """\
    # Our CI manifest. Careful with the costs: measured on 2026-11-02.
    [workspace]
    default-branch = "main"

    [crates.core]   # the heart of it
    path = "crates/core"
    features = ["fast"]
    cost = { build-gb = 7.5, build-min = 11, test-min = 3 }  # measured, do not lower

    [crates.old-thing]
    path = "crates/old-thing"

    [feature-sets.fast-only]
    features = ["core/fast", "old-thing/x"]
    crates = ["core", "old-thing"]
    """
)


def test_update_keeps_hand_edits_adds_and_drops_crates() -> None:
    update = merge(HAND_EDITED, WORKSPACE, estimate(WORKSPACE))
    text = update.text
    assert "# Our CI manifest. Careful with the costs: measured on 2026-11-02." in text
    assert "[crates.core]   # the heart of it" in text
    assert (
        "cost = { build-gb = 7.5, build-min = 11, test-min = 3 }  # measured, do not lower" in text
    )
    doc = tomlkit.parse(text).unwrap()
    assert "old-thing" not in doc["crates"]
    assert set(doc["crates"]) == {"core", "app", "core-benches", "test-utils"}
    assert doc["crates"]["core"]["features"] == ["fast", "serde"]
    assert doc["crates"]["core"]["dev-deps"] == ["test-utils"]
    assert doc["feature-sets"]["fast-only"] == {"features": ["core/fast"], "crates": ["core"]}
    assert update.notes == (
        "removed crate old-thing: no longer in the Cargo workspace",
        "feature-sets.fast-only.crates: dropped removed crates",
        "feature-sets.fast-only.features: dropped removed crates",
        f"added crate app (estimated from 1 external package {SHARE} and 4 KiB of source)",
        "crates.core.dev-deps: refreshed from Cargo.toml",
        "crates.core.features: refreshed from Cargo.toml",
        "added crate core-benches (estimated from 1.5 external packages "
        f"{SHARE} and 0 KiB of source)",
        f"added crate test-utils (estimated from 1 external package {SHARE} and 0 KiB of source)",
    )
    loads(text, "ci.toml")  # still a valid manifest
    assert merge(text, WORKSPACE, estimate(WORKSPACE)).notes == ()  # and now settled


def test_a_plain_feature_named_like_a_removed_crate_is_kept() -> None:
    text = HAND_EDITED.replace('"old-thing/x"', '"old-thing"')
    doc = tomlkit.parse(merge(text, WORKSPACE, estimate(WORKSPACE)).text).unwrap()
    assert doc["feature-sets"]["fast-only"]["features"] == ["core/fast", "old-thing"]


def test_a_crate_rust_version_is_written_and_refreshed() -> None:
    core = next(m for m in WORKSPACE.members if m.name == "core")
    ws = attrs.evolve(
        WORKSPACE,
        members=tuple(
            attrs.evolve(m, rust_version="1.85") if m is core else m for m in WORKSPACE.members
        ),
    )
    text = render_manifest(ws, estimate(ws), Branch("main", known=True))
    assert loads(text, "ci.toml").crates["core"].rust_version == "1.85"
    newer = attrs.evolve(
        ws,
        members=tuple(
            attrs.evolve(m, rust_version="1.88") if m.name == "core" else m for m in ws.members
        ),
    )
    update = merge(text, newer, estimate(newer))
    assert "crates.core.rust-version: refreshed from Cargo.toml" in update.notes
    assert loads(update.text, "ci.toml").crates["core"].rust_version == "1.88"


def test_doc_tests_cargo_rules_out_are_written_off_and_refreshed_off() -> None:
    core = next(m for m in WORKSPACE.members if m.name == "core")
    cdylib = attrs.evolve(
        core, targets=attrs.evolve(core.targets, lib_doc_tests_off="a cdylib library: x")
    )
    ws = attrs.evolve(
        WORKSPACE, members=tuple(cdylib if m is core else m for m in WORKSPACE.members)
    )
    text = render_manifest(ws, estimate(ws), Branch("main", known=True))
    assert loads(text, "ci.toml").crates["core"].doc_tests is False
    assert "doc-tests = false  # a cdylib library: x" in text
    update = merge(written(), ws, estimate(ws))
    assert "crates.core.doc-tests: now false (a cdylib library: x)" in update.notes
    assert loads(update.text, "ci.toml").crates["core"].doc_tests is False


def test_what_a_proc_macro_member_uses_is_built_for_the_host() -> None:
    macros = Member("macros", "macros", targets=Targets(lib=True, proc_macro=True))
    ws = attrs.evolve(
        HOSTED,
        members=(macros,),
        lock=lock(("macros", None, ("syn",)), ("syn", REGISTRY, ())),
    )
    assert LockIndex.of(ws).host_split(macros, ws.packages) == {"syn 1.0.0": {"host"}}
    (e,) = estimate(ws).values()
    assert e.check_gb is not None
    assert e.check_gb == pytest.approx(CHECK_HOST_MIB / 1024, rel=0.05)
