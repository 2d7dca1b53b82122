"""CargoWorkspace -> a first ci.toml, written with tomlkit and commented for a newcomer."""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence

import attrs
import tomlkit
from tomlkit.items import Array, InlineTable, Item, Table

from ..cargo import Branch, CargoWorkspace, Member
from ..manifest import TOOLCHAIN, Manifest
from ..plan import ACTIONS_DIR, WORKFLOW_PATH
from .estimate import Estimate, Extra
from .source import Source

_SUPPORT = re.compile(
    r"(^|[-_])(test[-_]?(utils?|support|helpers?|common)|fixtures?|mocks?|testing)([-_]|$)"
)
_BENCH = re.compile(r"(^|[^a-z])bench(es|marks?)?([^a-z]|$)")
_EXAMPLE = re.compile(r"(^|[^a-z])examples?([^a-z]|$)")

EXAMPLES_NOTE = "cargo test links each one, clippy --all-targets checks them"
HEADER = """\
ci.toml: the manifest ci-gen renders into .github/workflows/ci.yml.
Written by `ci-gen init` from the Cargo workspace; edit it freely.
`ci-gen init --update` refreshes each crate's path, deps, dev-deps and features from
Cargo.toml, adds new crates and drops removed ones; everything else you write stays.
`ci-gen schema` lists every key; `ci-gen docs` prints the user guide and
`ci-gen docs model` the cost model."""


def infer_role(member: Member, members: Sequence[Member] = ()) -> tuple[str, str]:
    """The crate's role in CI and why it was inferred ('' when simply tested), from what
    it is (its tests, its targets, whether it is published), how ``members`` (the rest
    of the workspace) use it, and its name."""
    where = f"{member.name} {member.path}".lower()
    t = member.targets
    if member.test_fns or t.tests:  # tests of its own: whatever its name, they run
        return "tested", ""
    helped = _helped(member, members)
    if helped:
        return "support", (
            f"a test helper: unpublished, no tests of its own, only a dev-dependency "
            f"(of {helped}): built by the crates that use it"
        )
    if _SUPPORT.search(member.name.lower()):
        return "support", "a test helper by its name: built by the crates that use it"
    if _BENCH.search(where):
        return "bench", "benchmarks only: out of the required test run"
    if _EXAMPLE.search(where):
        return "example", "examples: built by clippy in the gate, not tested"
    return "tested", ""


def _helped(member: Member, members: Sequence[Member]) -> str:
    """The crates an unpublished library without binaries serves as a dev-dependency
    only ('' when it is not such a crate), as 'a, b and 2 more'."""
    if member.publish or member.targets.bins or not member.targets.lib:
        return ""
    if any(member.name in m.deps for m in members):
        return ""
    users = sorted(m.name for m in members if member.name in m.dev_deps)
    if len(users) > 2:
        return f"{users[0]}, {users[1]} and {len(users) - 2} more"
    return " and ".join(users)


def _noted(value: object, comment: str) -> Item:
    """A value with a trailing comment explaining where it came from."""
    item = tomlkit.item(value)
    item.comment(comment)
    item.trivia.comment_ws = "  "
    return item


def _array(items: tuple[str, ...], width: int = 88) -> Array:
    value = tomlkit.array()
    value.extend(items)
    if len(", ".join(f'"{i}"' for i in items)) > width:
        value.multiline(True)
    return value


def cost_table(e: Estimate) -> InlineTable:
    """``{ build-gb = ..., ... }``, spaced the way the reference manifest writes it."""
    figures = [("build-gb", e.build_gb), ("build-min", e.build_min), ("test-min", e.test_min)]
    figures += [(k, v) for k, v in (("check-gb", e.check_gb), ("check-min", e.check_min)) if v]
    text = f"c = {{ {', '.join(f'{k} = {v}' for k, v in figures)} }}"
    cost = tomlkit.parse(text)["c"]
    assert isinstance(cost, InlineTable)
    cost.trivia.trail = "\n"  # parsed at the end of a document, it has none
    return cost


def cost_comment(e: Estimate) -> str:
    source = "rough: no Cargo.lock" if e.rough else "its share in Cargo.lock"
    if e.from_sources:
        source += f"; {e.from_sources} timed from their sources"
    return (
        f"estimated from {_packages(e.packages, 'external ')} ({source}) "
        f"and {e.source_kib:.0f} KiB of source"
    )


def crate_table(member: Member, estimate: Estimate, members: Sequence[Member] = ()) -> Table:
    """The [crates.<name>] table for one member; facts first, then judgement."""
    table = tomlkit.table()
    table.add("path", member.path)
    for key, values in (
        ("deps", member.deps),
        ("dev-deps", member.dev_deps),
        ("features", member.features),
    ):
        if values:
            table.add(key, _array(values))
    if member.rust_version:
        table.add("rust-version", member.rust_version)
    role, why = infer_role(member, members)
    if role != "tested":
        table.add("role", _noted(role, f"inferred: {why}"))
    if member.targets.no_doc_tests:
        table.add("doc-tests", _noted(False, member.targets.no_doc_tests))
    if member.targets.examples:
        table.add("examples", _noted(len(member.targets.examples), EXAMPLES_NOTE))
    table.add(tomlkit.comment(cost_comment(estimate)))
    table.add("cost", cost_table(estimate))
    if estimate.features:
        table.add("feature-cost", feature_cost_table(estimate.features))
    return table


def feature_cost_table(features: tuple[tuple[str, Extra], ...]) -> Table:
    """[crates.<name>.feature-cost]: what each feature's optional dependencies add."""
    table = tomlkit.table()
    table.add(tomlkit.comment("optional dependencies each feature adds to the default build"))
    if any(f == "*" for f, _ in features):
        table.add(tomlkit.comment('"*": all of them at once (features share dependencies)'))
    for feature, extra in features:
        table.add(feature, cost_item(extra))
    table.add(tomlkit.nl())
    return table


def _packages(count: float, kind: str = "") -> str:
    """``1 package``, ``1.5 external packages``."""
    return f"{count:.3g} {kind}package{'' if count == 1 else 's'}"


def cost_item(extra: Extra) -> Item:
    """``{ build-gb = ..., build-min = ... }  # N packages``"""
    text = f"c = {{ build-gb = {extra.build_gb}, build-min = {extra.build_min} }}"
    cost = tomlkit.parse(text)["c"]
    assert isinstance(cost, InlineTable)
    cost.comment(_packages(extra.packages))
    cost.trivia.comment_ws = "  "
    cost.trivia.trail = "\n"  # parsed at the end of a document, it has none
    return cost


def _workspace_table(ws: CargoWorkspace, branch: Branch) -> Table:
    table = tomlkit.table()
    note = "caches are saved from this branch only"
    if not branch.known:
        note = f"a guess (git records no origin/HEAD): {note}"
    table.add("default-branch", _noted(branch.name, note))
    channel = ws.toolchain.channel
    if channel and TOOLCHAIN.fullmatch(channel):
        table.add("toolchain", _noted(channel, "from rust-toolchain.toml"))
    else:
        table.add("toolchain", "stable")
    if ws.msrv:
        table.add("msrv", _noted(ws.msrv, "rust-version: checked by its own job"))
    profiles = ws.nextest_profiles
    if profiles is None:
        table.add("nextest", _noted(False, "no .config/nextest.toml: plain cargo test"))
    else:
        table.add("nextest", _noted(True, "tests run with cargo-nextest"))
    if profiles and "ci" in profiles:
        table.add("nextest-profile", "ci")
    locked = ws.lock is not None
    table.add("locked", _noted(locked, "Cargo.lock is committed" if locked else "no Cargo.lock"))
    return table


def render_manifest(
    ws: CargoWorkspace,
    estimates: Mapping[str, Estimate],
    branch: Branch,
    source: Source | None = None,
) -> str:
    doc = tomlkit.document()
    for line in HEADER.splitlines():
        doc.add(tomlkit.comment(line))
    doc.add(tomlkit.nl())
    doc.add("workspace", _workspace_table(ws, branch))
    crates = tomlkit.table(is_super_table=True)
    for member in ws.members:
        crates.add(member.name, crate_table(member, estimates[member.name], ws.members))
    doc.add(tomlkit.nl())
    doc.add(tomlkit.comment("One table per workspace member, keyed by its package name."))
    doc.add(tomlkit.comment("cost: build-gb and build-min are its share of a cold build,"))
    doc.add(tomlkit.comment("check-gb and check-min of a cold cargo check or clippy, test-min"))
    doc.add(tomlkit.comment("its test time; tune them from the jobs' disk reports."))
    if ws.excluded:
        doc.add(
            tomlkit.comment(
                f"Not members (workspace.exclude), so not tested: {', '.join(ws.excluded)}"
            )
        )
    doc.add("crates", crates)
    default = tomlkit.table()
    default.add(tomlkit.comment("Each feature set is a row of the test matrix; add more, e.g."))
    default.add(tomlkit.comment('[feature-sets.all] all-features = true, skip = ["..."]'))
    default.add(tomlkit.nl())
    sets = tomlkit.table(is_super_table=True)
    sets.add("default", default)
    doc.add("feature-sets", sets)
    matrix = tomlkit.table()
    smoke = 'add "macos", "windows": they run the smoke feature sets'
    matrix.add("os", _noted(_array(("ubuntu",)), smoke))
    doc.add("matrix", matrix)
    _add_drift(doc, source)
    return tomlkit.dumps(doc)


def _add_drift(doc: tomlkit.TOMLDocument, source: Source | None) -> None:
    """The gate's drift check runs ci-gen from its repository, pinned to the commit this
    ci-gen was installed from; without one, the lines to fill in."""
    gate = tomlkit.table()
    gate.add(
        tomlkit.comment("The drift check runs ci-gen from its repository, pinned to a commit.")
    )
    if source is None:
        gate.add(tomlkit.comment("This ci-gen was not installed from a git URL, so fill them in:"))
        gate.add(
            tomlkit.comment('action = "<owner>/<repo>"  # and [pins."<owner>/<repo>"] sha, tag')
        )
        doc.add("gate", gate)
        return
    gate.add("action", _noted(source.repository, "where this ci-gen was installed from"))
    doc.add("gate", gate)
    pin = tomlkit.table()
    pin.add("sha", source.sha)
    pin.add("tag", source.tag)
    pins = tomlkit.table(is_super_table=True)
    pins.add(source.repository, pin)
    doc.add("pins", pins)


@attrs.frozen
class Initialized:
    """A first ci.toml, and what ``init`` tells its user about it."""

    text: str
    manifest: Manifest  # the text as the loader reads it
    rough: bool  # no Cargo.lock: estimates from declared dependencies only
    branch: Branch
    source: Source | None = None  # where this ci-gen came from, pinned in the gate
    excluded: tuple[str, ...] = ()  # package folders workspace.exclude keeps out

    def summary(self) -> list[str]:
        crates = self.manifest.crates
        tested = sum(1 for c in crates.values() if c.role == "tested")
        lines = [f"{len(crates)} crates, {tested} in the required test run"]
        if not self.branch.known:
            lines.append(
                f"default branch guessed as '{self.branch.name}': git records no origin/HEAD "
                "(`git remote set-head origin --auto` records it); check workspace.default-branch"
            )
        if self.source is None:
            lines.append(
                "no drift check yet: this ci-gen was not installed from a git URL, so set "
                "gate.action and its [pins] entry (the comment in [gate] says how)"
            )
        if self.excluded:
            lines.append(
                f"not members (workspace.exclude), so no job builds or tests them: "
                f"{', '.join(self.excluded)}; give them CI of their own or make them members"
            )
        if self.rough:
            lines.append(
                "no Cargo.lock: the cost estimates are rough; tune them from the "
                "disk reports of the first runs"
            )
        lines += [
            "for .gitattributes (GitHub then folds the rendered files in diffs and leaves "
            "them out of language statistics):",
            f"  {WORKFLOW_PATH} linguist-generated=true",
            f"  {ACTIONS_DIR}/** linguist-generated=true",
            "next: review it, then run `ci-gen render`",
        ]
        return lines
