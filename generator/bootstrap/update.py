"""Merge a re-discovered Cargo workspace into an existing ci.toml, keeping what people wrote.

Facts Cargo.toml owns are refreshed: which crates exist and each crate's path, deps,
dev-deps, features, rust-version and example count, and doc-tests when cargo rules them
out. Everything else (roles, costs, feature sets, comments, order)
is kept, except references to crates that no longer exist, which are dropped.

Each change is a note for people. Most make the rendered CI wrong until the manifest
takes them (a crate gone or new, a path, a dependency, a feature, a rust-version, doc
tests): those are ``stale``, and ``render`` refuses until ``init --update`` has run.
The rest refresh estimates only (example counts, feature costs): render warns.
"""

from __future__ import annotations

from collections.abc import Mapping

import attrs
import tomlkit
from tomlkit.container import OutOfOrderTableProxy
from tomlkit.items import Array, InlineTable, Table
from tomlkit.toml_document import TOMLDocument

from ..cargo import CargoWorkspace, Member
from .compose import _array, cost_comment, cost_item, crate_table, feature_cost_table
from .estimate import Estimate

FACTS = ("path", "deps", "dev-deps", "features", "rust-version")


@attrs.frozen
class Update:
    text: str
    notes: tuple[str, ...]  # what changed, one line each, for people
    stale: tuple[str, ...] = ()  # the notes without which the rendered CI is wrong

    @property
    def changed(self) -> bool:
        return bool(self.notes)


def merge(text: str, ws: CargoWorkspace, estimates: Mapping[str, Estimate]) -> Update:
    doc = tomlkit.parse(text)
    stale: list[str] = []
    estimated: list[str] = []
    crates = _crates_table(doc)
    present = {m.name: m for m in ws.members}
    gone = [name for name in crates if name not in present]
    for name in gone:
        del crates[name]
        stale.append(f"removed crate {name}: no longer in the Cargo workspace")
    stale += _drop_references(doc, set(gone))
    for member in ws.members:
        if member.name in crates:
            table = crates[member.name]
            before = {str(f) for f in table.get("features", [])}
            stale += _refresh(table, member)
            estimated += _refresh_examples(table, member)
            estimated += _refresh_feature_costs(table, member, estimates[member.name], before)
        else:
            table = crate_table(member, estimates[member.name], ws.members)
            table.add(tomlkit.nl())  # what follows may be another table
            crates[member.name] = table
            e = estimates[member.name]
            stale.append(f"added crate {member.name} ({cost_comment(e)})")
    return Update(tomlkit.dumps(doc), (*stale, *estimated), tuple(stale))


# A table whose sub-tables are split by other tables ([crates.a], [gate], [crates.b])
# comes back as a proxy over its parts; both read and write like a table.
Tables = Table | OutOfOrderTableProxy


def _crates_table(doc: TOMLDocument) -> Tables:
    if "crates" not in doc:
        doc.add("crates", tomlkit.table(is_super_table=True))
    crates = doc["crates"]
    assert isinstance(crates, Table | OutOfOrderTableProxy)
    return crates


def _wanted(member: Member, key: str) -> str | tuple[str, ...]:
    facts: dict[str, str | tuple[str, ...]] = {
        "path": member.path,
        "deps": member.deps,
        "dev-deps": member.dev_deps,
        "features": member.features,
        "rust-version": member.rust_version or "",
    }
    return facts[key]


def _same(current: object, wanted: str | tuple[str, ...]) -> bool:
    if isinstance(wanted, str):
        return current == wanted
    return isinstance(current, list) and sorted(map(str, current)) == list(wanted)


def _refresh(table: Table, member: Member) -> list[str]:
    notes = []
    for key in FACTS:
        wanted = _wanted(member, key)
        current = table.get(key)
        empty = wanted in ((), "")
        if (current is None and empty) or (current is not None and _same(current, wanted)):
            continue
        if empty:
            del table[key]
        else:
            table[key] = wanted if isinstance(wanted, str) else _array(wanted)
        notes.append(f"crates.{member.name}.{key}: refreshed from Cargo.toml")
    off = member.targets.no_doc_tests
    if off and table.get("doc-tests") is not False:
        table["doc-tests"] = False
        notes.append(f"crates.{member.name}.doc-tests: now false ({off})")
    return notes


def _refresh_examples(table: Table, member: Member) -> list[str]:
    examples = len(member.targets.examples)
    if table.get("examples", 0) == examples:
        return []
    if examples:
        table["examples"] = examples
    else:
        del table["examples"]
    return [f"crates.{member.name}.examples: {examples} example targets now"]


def _refresh_feature_costs(
    table: Table, member: Member, estimate: Estimate, before: set[str]
) -> list[str]:
    """Drop the feature-cost entries of features the crate no longer has; estimate those
    of features new since ``before`` (an entry someone removed stays removed)."""
    current = table.get("feature-cost")
    known = {*member.features, "*"}  # *: every feature at once
    notes = []
    if isinstance(current, Table | InlineTable):
        for feature in [f for f in current if f not in known]:
            del current[feature]
            notes.append(f"crates.{member.name}.feature-cost.{feature}: dropped, no such feature")
    present = set(current) if isinstance(current, Table | InlineTable) else set()
    added = set(member.features) - before
    fresh = {*added, "*"} if added else set()  # "*" changes when any feature is new
    new = tuple((f, e) for f, e in estimate.features if f not in present and f in fresh)
    if isinstance(current, Table | InlineTable):
        for feature, extra in new:
            current[feature] = cost_item(extra)
    elif new:
        table["feature-cost"] = feature_cost_table(new)
    notes += [
        f"crates.{member.name}.feature-cost.{f}: added ({e.packages:.3g} packages)" for f, e in new
    ]
    return notes


def _names_gone(value: str, key: str, gone: set[str]) -> bool:
    if key == "features":  # only 'crate/feature' entries name a crate
        crate, slash, _ = value.partition("/")
        return bool(slash) and crate in gone
    return value in gone


def _drop_references(doc: TOMLDocument, gone: set[str]) -> list[str]:
    """Feature sets may name removed crates in crates, skip and 'crate/feature' entries."""
    notes: list[str] = []
    sets = doc.get("feature-sets")
    if not gone or not isinstance(sets, Table | OutOfOrderTableProxy):
        return notes
    emptied = []
    for set_name, spec in sets.items():
        if not isinstance(spec, Table):
            continue
        for key in ("crates", "skip", "features"):
            values = spec.get(key)
            if not isinstance(values, Array):
                continue
            kept = [v for v in values if not _names_gone(str(v), key, gone)]
            if len(kept) != len(values):
                spec[key] = _array(tuple(map(str, kept)))
                notes.append(f"feature-sets.{set_name}.{key}: dropped removed crates")
            if key == "crates" and values and not kept:
                emptied.append(set_name)  # an empty list would mean every crate
    for set_name in emptied:
        del sets[set_name]
        notes.append(f"feature-sets.{set_name}: dropped, every crate it named is gone")
    return notes + _drop_set_references(doc, set(emptied))


def _drop_set_references(doc: TOMLDocument, gone: set[str]) -> list[str]:
    """matrix.smoke and a service's feature-sets may name a feature set dropped."""
    places: list[tuple[str, object]] = [("matrix.smoke", doc.get("matrix", {}).get("smoke"))]
    services = doc.get("services")
    if isinstance(services, Table | OutOfOrderTableProxy):
        places += [
            (f"services.{name}.feature-sets", spec.get("feature-sets"))
            for name, spec in services.items()
            if isinstance(spec, Table)
        ]
    notes = []
    for where, values in places:
        if not gone or not isinstance(values, Array):
            continue
        kept = [str(v) for v in values if str(v) not in gone]
        if len(kept) != len(values):
            values.clear()
            values.extend(kept)
            notes.append(f"{where}: dropped {', '.join(sorted(gone))}")
    return notes
