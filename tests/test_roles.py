"""Roles decide what runs for a crate, and the plan says it: tested crates in the test
rows, the others built where they are used and linted; excluded folders are named."""

from __future__ import annotations

from pathlib import Path

import attrs

from ci_gen.bootstrap.compose import infer_role, render_manifest
from ci_gen.bootstrap.estimate import estimate
from ci_gen.cargo import Branch, CargoWorkspace, Member, Targets
from ci_gen.manifest import Gate, Manifest
from ci_gen.output.origin import make_origin
from ci_gen.pipeline import init_manifest
from ci_gen.plan import Plan, plan

from .factories import crate
from .test_discover import load, package, workspace


def _plan(m: Manifest) -> Plan:
    return plan(m, make_origin(Path("ci.toml"), Path()))


def test_a_helper_named_crate_with_tests_of_its_own_is_tested() -> None:
    helper = Member("test-utils", "test-utils", targets=Targets(lib=True))
    assert infer_role(helper)[0] == "support"
    assert infer_role(attrs.evolve(helper, test_fns=3))[0] == "tested"
    assert infer_role(attrs.evolve(helper, targets=Targets(lib=True, tests=("it",))))[0] == "tested"


def test_an_unpublished_dev_dependency_without_tests_is_a_helper_whatever_its_name() -> None:
    """`acme-shared`, publish = false, only ever a dev-dependency, no tests: a test
    helper, and the manifest's comment says why."""
    shared = Member("acme-shared", "shared", targets=Targets(lib=True), publish=False)
    users = [
        Member(name, name, dev_deps=("acme-shared",), targets=Targets(lib=True))
        for name in ("acme-core", "acme-cli", "acme-db", "acme-web")
    ]
    role, why = infer_role(shared, [shared, *users[:2]])
    assert role == "support"
    assert "only a dev-dependency (of acme-cli and acme-core)" in why
    assert "(of acme-cli, acme-core and 2 more)" in infer_role(shared, [shared, *users])[1]
    # Each condition matters: published, used as a normal dependency, unused, tested.
    assert infer_role(attrs.evolve(shared, publish=True), users)[0] == "tested"
    normal = Member("acme-app", "app", deps=("acme-shared",), targets=Targets(lib=True))
    assert infer_role(shared, [*users, normal])[0] == "tested"
    assert infer_role(shared, [shared])[0] == "tested"
    assert infer_role(attrs.evolve(shared, test_fns=1), users)[0] == "tested"
    binary = attrs.evolve(shared, targets=Targets(lib=True, bins=("tool",)))
    assert infer_role(binary, users)[0] == "tested"


def test_init_reads_a_helper_from_how_the_workspace_uses_it(tmp_path: Path) -> None:
    root = tmp_path / "ws"
    load(
        root,
        {
            "Cargo.toml": workspace('["core", "shared"]'),
            "core/Cargo.toml": package(
                "core", '[dev-dependencies]\nshared = { path = "../shared" }\n'
            ),
            "core/src/lib.rs": "#[test]\nfn works() {}\n",
            "shared/Cargo.toml": package("shared", "publish = false\n"),
            "shared/src/lib.rs": "pub fn fixture() {}\n",
        },
    )
    made = init_manifest(root)
    assert made.manifest.crates["shared"].role == "support"
    assert made.manifest.crates["core"].role == "tested"
    assert "only a dev-dependency (of core)" in made.text


def test_the_plan_says_what_runs_for_each_role() -> None:
    m = Manifest(
        crates={
            "core": crate("core"),
            "helpers": crate("helpers", role="support", test=0.0),
            "benches": crate("benches", ("core",), role="bench", test=0.0),
            "demo": crate("demo", ("core",), role="example", test=0.0),
        }
    )
    notes = [n for n in _plan(m).notes if " crates (" in n]
    assert notes == [
        "support crates (helpers): built by the tests that use them and linted by the gate; "
        "their own tests do not run",
        "bench crates (benches): checked by clippy in the gate, not tested; this workflow "
        "runs no benchmarks",
        "example crates (demo): checked by clippy in the gate, not tested",
    ]
    unlinted = _plan(attrs.evolve(m, gate=Gate(clippy=False))).notes
    assert "example crates (demo): not built (gate.clippy is off), not tested" in unlinted
    tested = {c for j in _plan(m).jobs if j.cargo for c in j.cargo.packages}
    assert tested == {"core"}


def test_a_support_crate_with_tests_of_its_own_is_a_warning() -> None:
    m = Manifest(crates={"core": crate("core"), "helpers": crate("helpers", role="support")})
    assert _plan(m).warnings == (
        "crates.helpers has role = 'support' but tests of its own (cost.test-min = 1): no "
        "job runs them; set role = 'tested' to run them",
    )


def test_excluded_packages_are_named_by_init(tmp_path: Path) -> None:
    root = tmp_path / "repo"
    load(
        root,
        {
            "Cargo.toml": workspace('["crates/*"]', 'exclude = ["fuzz", "tools"]\n'),
            "crates/a/Cargo.toml": package("a"),
            "crates/a/src/lib.rs": "",
            "fuzz/Cargo.toml": package("a-fuzz", "[workspace]\n"),
            "tools/gen/Cargo.toml": package("gen"),
            "tools/README.md": "not a package",
        },
    )
    first = init_manifest(root)
    assert first.excluded == ("fuzz", "tools/gen")
    assert (
        "not members (workspace.exclude), so no job builds or tests them: fuzz, tools/gen; "
        "give them CI of their own or make them members"
    ) in first.summary()
    assert "# Not members (workspace.exclude), so not tested: fuzz, tools/gen\n" in first.text


def test_a_workspace_without_excludes_says_nothing_about_them() -> None:
    ws = CargoWorkspace(members=(Member("a", "a", targets=Targets(lib=True)),))
    text = render_manifest(ws, estimate(ws), Branch("main", known=True))
    assert "workspace.exclude" not in text


def test_names_match_whole_words_and_tests_of_its_own_beat_any_name() -> None:
    def role(name: str, test_fns: int = 0) -> str:
        return infer_role(Member(name, name, targets=Targets(lib=True), test_fns=test_fns))[0]

    assert role("hammock") == "tested"  # not "mocks"
    assert role("latest-utils") == "tested"  # not "test-utils"
    assert role("net-mocks") == "support"
    assert role("fixtures") == "support"
    assert role("bench-stats") == "bench"
    assert role("bench-stats", test_fns=2) == "tested"
    assert role("example-plugin", test_fns=1) == "tested"


def test_packages_nested_deep_under_an_exclude_are_named(tmp_path: Path) -> None:
    root = tmp_path / "repo"
    load(
        root,
        {
            "Cargo.toml": workspace('["a"]', 'exclude = ["vendor"]\n'),
            "a/Cargo.toml": package("a"),
            "a/src/lib.rs": "",
            "vendor/deeper/x/Cargo.toml": package("x"),
            "vendor/deeper/x/target/debug/y/Cargo.toml": package("y"),  # build output
        },
    )
    assert init_manifest(root).excluded == ("vendor/deeper/x",)
