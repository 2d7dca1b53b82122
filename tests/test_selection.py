"""Feature sets cost what their optional dependencies add: read from Cargo.toml, estimated
from Cargo.lock by init, added by the planner to the rows (and the gate) enabling them."""

from __future__ import annotations

import textwrap
from pathlib import Path

import attrs
import pytest

from ci_gen.bootstrap import merge
from ci_gen.bootstrap.compose import render_manifest
from ci_gen.bootstrap.estimate import estimate
from ci_gen.cargo import Branch, discover
from ci_gen.errors import ManifestError
from ci_gen.manifest import FeatureCost, FeatureSet, Gate, Manifest, loads
from ci_gen.output.origin import make_origin
from ci_gen.plan import Job, Plan, plan
from ci_gen.plan.selection import costed, spec_of

from .conftest import ManifestFactory, build_file_tree
from .factories import crate, plan_of

CARGO_TOML = """\
    [package]
    name = "net"
    version = "0.1.0"
    edition = "2021"

    [dependencies]
    base = "1"
    heavy = { version = "1", optional = true }
    light = { version = "1", optional = true }
    both = { version = "1", optional = true }
    via-slash = { version = "1", optional = true }
    weak = { version = "1", optional = true }

    [dev-dependencies]
    both = "1"  # required for tests: never optional-only

    [features]
    default = ["light"]
    tls = ["dep:heavy"]
    full = ["tls", "via-slash/extra", "weak?/x"]
"""


def _lock(packages: dict[str, list[str]]) -> str:
    registry = 'source = "registry+https://github.com/rust-lang/crates.io-index"'
    out = ["version = 4"]
    for name, deps in packages.items():
        out += ["", "[[package]]", f'name = "{name}"']
        out += ['version = "0.1.0"'] if name == "net" else ['version = "1.0.0"', registry]
        if deps:
            out.append("dependencies = [" + ", ".join(f'"{d}"' for d in deps) + "]")
    return "\n".join(out) + "\n"


LOCK = _lock(
    {
        "net": ["base", "both", "heavy", "light", "via-slash", "weak"],
        "base": [],
        "both": [],
        "heavy": ["h1", "h2", "h3"],
        "h1": [],
        "h2": [],
        "h3": [],
        "light": [],
        "via-slash": [],
        "weak": [],
    }
)


@pytest.fixture
def net(tmp_path: Path) -> Path:
    return build_file_tree(
        tmp_path,
        {"Cargo.toml": CARGO_TOML, "src/lib.rs": "pub fn f() {}\n", "Cargo.lock": LOCK},
    )


def test_each_feature_knows_the_optional_packages_it_turns_on(net: Path) -> None:
    (member,) = discover(net).members
    assert dict(member.feature_packages) == {
        "both": ("both",),  # implicit features of optional dependencies
        "default": ("light",),
        "full": ("heavy", "via-slash"),  # through tls and via-slash/extra; weak?/x: nothing
        "light": ("light",),
        "tls": ("heavy",),  # no implicit "heavy": dep:heavy names it
        "via-slash": ("via-slash",),
        "weak": ("weak",),
    }
    assert set(member.optional_external) == {"heavy", "light", "via-slash", "weak"}


def test_the_default_estimate_leaves_out_what_no_default_feature_enables(net: Path) -> None:
    e = estimate(discover(net))["net"]
    assert e.packages == 3  # base, both (a dev-dependency too) and light (default)
    extras = {name: extra.packages for name, extra in e.features}
    assert extras == {"tls": 4, "full": 5, "via-slash": 1, "weak": 1, "*": 6}  # 4+5+1+1 overlap


def test_init_writes_feature_costs_that_load(net: Path) -> None:
    ws = discover(net)
    text = render_manifest(ws, estimate(ws), Branch("main", known=True))
    assert "[crates.net.feature-cost]\n" in text
    assert "full = { build-gb = 0.033, build-min = 0.012 }  # 5 packages\n" in text
    costs = loads(text, "ci.toml").crates["net"].feature_cost
    assert set(costs) == {"tls", "full", "via-slash", "weak", "*"}
    assert '# "*": all of them at once (features share dependencies)\n' in text
    assert costs["full"].build_gb > costs["via-slash"].build_gb


HEAVY = attrs.evolve(
    crate("net", features=("tls", "full"), build=2.0, gb=1.0),
    feature_cost={"tls": FeatureCost(0.5, 3.0), "full": FeatureCost(2.0, 8.0)},
)


@pytest.mark.parametrize(
    ("spec", "build"),
    [
        (FeatureSet(), 2.0),
        (FeatureSet(features=("tls",)), 5.0),
        (FeatureSet(features=("net/full",)), 10.0),
        (FeatureSet(features=("other/full",)), 2.0),  # another crate's feature
        (FeatureSet(all_features=True), 13.0),
    ],
)
def test_a_feature_set_adds_the_cost_of_the_features_it_enables(
    spec: FeatureSet, build: float
) -> None:
    assert costed({"net": HEAVY}, spec, examples="none")["net"].cost.build_min == build


def test_all_features_cost_what_star_says_when_there_is_one() -> None:
    both = attrs.evolve(HEAVY, feature_cost={**HEAVY.feature_cost, "*": FeatureCost(2.0, 8.5)})
    every = costed({"net": both}, FeatureSet(all_features=True), examples="none")
    assert every["net"].cost.build_min == 10.5  # 2.0 + 8.5, not 2.0 + 3.0 + 8.0 + 8.5
    listed = costed({"net": both}, FeatureSet(features=("tls",)), examples="none")
    assert listed["net"].cost.build_min == 5.0


def test_clippy_arguments_select_features_like_cargo() -> None:
    assert spec_of(("--all-targets", "--all-features")).all_features
    assert spec_of(("--features", "a,b", "-F", "c", "--features=d")).features == (
        "a",
        "b",
        "c",
        "d",
    )
    assert spec_of(("--all-targets",)) == FeatureSet()


def _plan(m: Manifest) -> Plan:
    return plan(m, make_origin(Path("ci.toml"), Path()))


def _minutes(job: Job) -> float:
    return dict(job.minutes.terms)["build" if job.kind != "gate" else "clippy"]


def test_all_features_rows_and_an_all_features_gate_cost_more() -> None:
    sets = {"default": FeatureSet(), "all": FeatureSet(all_features=True)}
    m = Manifest(crates={"net": HEAVY}, feature_sets=sets)  # two rows: gate first
    p = _plan(m)
    by_id = {j.id: j for j in p.jobs}
    assert _minutes(by_id["test-ubuntu-all"]) > _minutes(by_id["test-ubuntu-default"])
    lint_all = _plan(attrs.evolve(m, gate=Gate(clippy_args=("--all-targets", "--all-features"))))
    gate = next(j for j in lint_all.jobs if j.id == "gate")
    assert _minutes(gate) > _minutes(by_id["gate"])


def test_a_feature_cost_for_an_undeclared_feature_is_an_error() -> None:
    text = """
        [crates.net]
        path = "net"
        features = ["tls"]
        feature-cost = { tsl = { build-gb = 0.1 } }
    """
    with pytest.raises(ManifestError) as caught:
        loads(textwrap.dedent(text), "ci.toml")
    assert caught.value.lines() == [
        "ci.toml: crates.net.feature-cost.tsl: unknown feature 'tsl' (did you mean 'tls'?)"
    ]


# ---------------------------------------------------------------------------------------
# Example targets: linked by every test build, only checked by clippy --all-targets

DEMOS = attrs.evolve(crate("demos", build=1.0, gb=0.5), examples=100)


def test_test_builds_pay_for_linking_every_example_and_clippy_for_checking_them() -> None:
    linked = costed({"demos": DEMOS}, FeatureSet(), examples="build")["demos"].cost
    assert linked.build_gb == pytest.approx(0.5 + 100 * 55.3 / 1024)
    assert linked.build_min == pytest.approx(1.0 + 100 * 0.63 / 2 / 60)
    checked = costed({"demos": DEMOS}, FeatureSet(), examples="check")["demos"].cost
    assert 0.5 < checked.build_gb < linked.build_gb
    assert costed({"demos": DEMOS}, FeatureSet(), examples="none")["demos"].cost == DEMOS.cost


def test_the_lint_targets_decide_what_the_gate_pays_for_examples() -> None:
    def clippy(*args: str) -> float:
        m = Manifest(crates={"demos": DEMOS}, gate=Gate(clippy_args=args, layout="gate-first"))
        return _minutes(next(j for j in _plan(m).jobs if j.id == "gate"))

    assert clippy("--all-targets") > clippy("--lib", "--bins", "--tests")
    assert clippy("--examples") == clippy("--all-targets")


def test_the_plan_says_what_examples_cost() -> None:
    p = _plan(Manifest(crates={"demos": DEMOS}))
    test_job = next(j for j in p.jobs if j.kind == "test")
    assert test_job.disk is not None
    plain = _plan(Manifest(crates={"demos": attrs.evolve(DEMOS, examples=0)}))
    plain_job = next(j for j in plain.jobs if j.kind == "test")
    assert plain_job.disk is not None and test_job.disk.peak_gb > plain_job.disk.peak_gb + 4
    (note,) = [n for n in p.notes if "example targets" in n]
    assert note.startswith("100 example targets in tested crates (demos): cargo test links")
    assert "5.4 GB" in note and "clippy checks them in the gate" in note
    few = _plan(Manifest(crates={"demos": attrs.evolve(DEMOS, examples=3)}))
    assert not [n for n in few.notes if "example targets" in n]


def test_init_counts_examples_and_update_refreshes_the_count(tmp_path: Path) -> None:

    root = build_file_tree(
        tmp_path,
        {
            "Cargo.toml": CARGO_TOML,
            "src/lib.rs": "pub fn f() {}\n",
            "Cargo.lock": LOCK,
            "examples/one.rs": "fn main() {}\n",
            "examples/two/main.rs": "fn main() {}\n",
        },
    )
    ws = discover(root)
    text = render_manifest(ws, estimate(ws), Branch("main", known=True))
    assert "examples = 2  # cargo test links each one, clippy --all-targets checks them\n" in text
    assert loads(text, "ci.toml").crates["net"].examples == 2
    (root / "examples/one.rs").unlink()
    fewer = discover(root)
    update = merge(text, fewer, estimate(fewer))
    assert "crates.net.examples: 1 example targets now" in update.notes
    assert loads(update.text, "ci.toml").crates["net"].examples == 1


def test_features_other_members_enable_count_as_built(tmp_path: Path) -> None:
    """app depends on net with features = ["tls"] (through [workspace.dependencies]): jobs
    that build both build heavy, so net's cost counts it and tls adds nothing more."""
    root = build_file_tree(
        tmp_path,
        {
            "Cargo.toml": """\
                [workspace]
                members = ["net", "app"]
                [workspace.dependencies]
                net = { path = "net" }
            """,
            "net/Cargo.toml": CARGO_TOML,
            "net/src/lib.rs": "",
            "app/Cargo.toml": """\
                [package]
                name = "app"
                version = "0.1.0"
                [dependencies]
                net = { workspace = true, features = ["tls"] }
            """,
            "app/src/main.rs": "fn main() {}\n",
            "Cargo.lock": LOCK.replace(
                'name = "net"',
                'name = "app"\nversion = "0.1.0"\ndependencies = ["net"]\n\n'
                '[[package]]\nname = "net"',
            ),
        },
    )
    ws = discover(root)
    net = next(m for m in ws.members if m.name == "net")
    assert net.enabled_by_members == ("tls",)
    e = estimate(ws)["net"]
    assert e.packages == 3 + 4  # heavy and its three dependencies
    assert {name for name, _ in e.features} == {"full", "via-slash", "weak", "*"}


def test_update_drops_stale_feature_costs_and_estimates_new_ones(net: Path) -> None:
    ws = discover(net)
    text = render_manifest(ws, estimate(ws), Branch("main", known=True))
    manifest = net / "Cargo.toml"
    renamed = manifest.read_text().replace('tls = ["dep:heavy"]', '"tls.v2" = ["dep:heavy"]')
    (net / "Cargo.toml").write_text(renamed.replace('full = ["tls",', 'full = ["tls.v2",'))
    moved = discover(net)
    update = merge(text, moved, estimate(moved))
    assert "crates.net.feature-cost.tls: dropped, no such feature" in update.notes
    assert "crates.net.feature-cost.tls.v2: added (4 packages)" in update.notes
    costs = loads(update.text, "ci.toml").crates["net"].feature_cost
    assert "tls" not in costs and costs["tls.v2"].build_gb > 0


def test_update_works_on_tables_split_by_other_tables(net: Path) -> None:
    ws = discover(net)
    text = render_manifest(ws, estimate(ws), Branch("main", known=True))
    # A user appends a crate's table and a feature set at the end of the file.
    text += '\n[crates.gone]\npath = "gone"\n\n[feature-sets.x]\nfeatures = ["gone/f"]\n'
    update = merge(text, ws, estimate(ws))
    assert "removed crate gone: no longer in the Cargo workspace" in update.notes
    assert "feature-sets.x.features: dropped removed crates" in update.notes
    manifest = loads(update.text, "ci.toml")
    assert set(manifest.crates) == {"net"}
    assert manifest.feature_sets["x"].features == ()


def test_feature_names_may_be_unicode_as_in_cargo() -> None:
    text = '[crates.a]\npath = "a"\nfeatures = ["ünï", "serde-1.0", "c++"]\n'
    assert loads(text, "ci.toml").crates["a"].features == ("ünï", "serde-1.0", "c++")


def test_a_feature_cost_someone_removed_stays_removed(net: Path) -> None:
    ws = discover(net)
    text = render_manifest(ws, estimate(ws), Branch("main", known=True))
    edited = text.replace("weak = { build-gb", "# weak = { build-gb")
    edited = edited.replace('"*" = { build-gb', '# "*" = { build-gb')
    assert edited.count("# ") > text.count("# ")
    assert merge(edited, ws, estimate(ws)).notes == ()  # nothing to refresh, nothing drifts


def test_measured_check_figures_replace_the_check_factors(manifest: ManifestFactory) -> None:
    text = """
        [crates.core]
        path = "core"
        cost = {{ build-gb = 10, build-min = 10, test-min = 1{check} }}

        [gate]
        layout = "gate-first"
        """
    measured = plan_of(manifest(text.format(check=", check-gb = 1, check-min = 2")))
    factored = plan_of(manifest(text.format(check="")))
    for p, (gb, minutes) in ((measured, (1.0, 2.0)), (factored, (6.0, 8.0))):
        gate = next(j for j in p.jobs if j.kind == "gate")
        assert gate.disk is not None
        assert dict(gate.disk.terms)["target"] == pytest.approx(gb)
        assert dict(gate.minutes.terms)["clippy"] == pytest.approx(minutes)
