"""Documents generated from the code stay in step with it."""

from __future__ import annotations

import json
import re
from pathlib import Path

import attrs
import pytest
from typer.testing import CliRunner

from ci_gen import pipeline
from ci_gen.cli import app
from ci_gen.manifest import Manifest, manifest_schema, toml_key
from ci_gen.manifest.reference import with_reference
from ci_gen.manifest.schema import markdown_reference
from ci_gen.output import unified

from .conftest import REPO


def test_readme_reference_matches_the_model() -> None:
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    assert with_reference(readme) == readme, "README is stale: run `python3 dev.py docs`"


def test_schema_covers_every_top_level_table() -> None:
    schema = json.loads(manifest_schema())
    assert set(schema["properties"]) == {toml_key(f.name) for f in attrs.fields(Manifest)}
    assert schema["additionalProperties"] is False


def test_every_key_of_the_reference_manifest_is_documented() -> None:
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    for key in (
        "crates.<name>.dev-deps",
        "feature-sets.<name>.no-default-features",
        "matrix.smoke",
        "budgets.job-minutes",
        "runners.<name>.free-gb",
    ):
        assert f"`{key}`" in readme


ADDED_CRATE = """
[crates.do-memory-wasm]
path = "memory-wasm"
deps = ["do-memory-core"]
cost = { build-gb = 0.3, build-min = 1, test-min = 0.5 }
"""
DIFF_BLOCK = re.compile(
    r"(<!-- added-crate-diff:start -->\n).*?(<!-- added-crate-diff:end -->)", re.DOTALL
)


def _workflow(folder: Path, manifest: str) -> str:
    (folder / "ci.toml").write_text(manifest, encoding="utf-8")
    return pipeline.generate(folder / "ci.toml").files[".github/workflows/ci.yml"]


def test_the_added_crate_diff_in_the_docs_is_what_render_writes(
    tmp_path: Path, update_goldens: bool
) -> None:
    reference = (REPO / "ci.toml").read_text(encoding="utf-8")
    assert ADDED_CRATE in (REPO / "docs" / "workflow.md").read_text(encoding="utf-8")
    (tmp_path / "before").mkdir()
    (tmp_path / "after").mkdir()
    before = _workflow(tmp_path / "before", reference)
    after = _workflow(tmp_path / "after", reference + ADDED_CRATE)
    path = ".github/workflows/ci.yml"
    diff = "```diff\n" + unified(path, before, after) + "```\n"
    _in_step(DIFF_BLOCK, diff, update_goldens)
    changed = [line for line in diff.splitlines() if line[:1] in "+-" and line[:3] not in "+++---"]
    assert not any(line[1:].startswith("      - ") for line in changed), "a step changed"


EXCERPT_BLOCK = re.compile(
    r"(<!-- matrix-excerpt:start -->\n).*?(<!-- matrix-excerpt:end -->)", re.DOTALL
)


def test_the_matrix_excerpt_in_the_docs_is_the_reference_golden(update_goldens: bool) -> None:
    """The first test matrix of the reference workflow, through its first entry."""
    golden = (REPO / "golden/reference/.github/workflows/ci.yml").read_text(encoding="utf-8")
    lines = golden.splitlines()
    start = lines.index("  test-linux:") - 1  # with the comment above the job
    second = next(i for i in range(start, len(lines)) if "- id: test-ubuntu-default-2" in lines[i])
    end = second
    while lines[end - 1].lstrip().startswith("#"):  # the next entry's comments
        end -= 1
    _in_step(EXCERPT_BLOCK, "```yaml\n" + "\n".join(lines[start:end]) + "\n```\n", update_goldens)


def _in_step(block: re.Pattern[str], content: str, update: bool) -> None:
    """docs/workflow.md shows ``content`` between ``block``'s markers (rewritten with
    --update-goldens)."""
    doc = REPO / "docs" / "workflow.md"
    text = doc.read_text(encoding="utf-8")
    fresh = block.sub(lambda m: m.group(1) + content + m.group(2), text)
    if update and fresh != text:
        doc.write_text(fresh, encoding="utf-8")
        text = fresh
    assert fresh == text, "docs/workflow.md is stale: run `python3 dev.py goldens`"


GUIDE = REPO / "docs" / "guide.md"
KEY_TOKEN = re.compile(
    r"^(\[{1,2}[a-z][a-z0-9.<>\"/-]*\]{1,2}( [a-z][a-z0-9-]*)?|[a-z][a-z0-9-]*(\.[a-z0-9<>-]+)+)$"
)


FILE_NAME = re.compile(r".*\.(toml|ya?ml|json|md)$")


def _reference_keys() -> set[str]:
    keys = set()
    for line in markdown_reference().splitlines():
        cell = line.split("|")[1].strip() if line.startswith("| `") else ""
        if cell:
            keys.add(_as_key(cell.strip("`").replace("[[steps]]", "steps")))
    return keys


def _snippets(text: str) -> list[str]:
    """What the guide shows as code: `inline` spans and the lines of fenced blocks."""
    fenced = re.findall(r"^```[a-z]*\n(.*?)^```", text, re.MULTILINE | re.DOTALL)
    return re.findall(r"`([^`\n]+)`", text) + [
        line for block in fenced for line in block.splitlines()
    ]


def _as_key(token: str) -> str:
    """`[runners.<name>] env` -> runners.<name>.env; `[pins."a/b"]` -> pins.<name>."""
    table, _, key = token.partition(" ")
    table = re.sub(r'"[^"]*"', "<name>", table.strip("[]"))
    return f"{table}.{key}" if key else table


def test_every_key_the_user_guide_names_is_a_key_of_ci_toml() -> None:
    keys = _reference_keys()
    tables = {k.rsplit(".", 1)[0] for k in keys} | {k.split(".", 1)[0] for k in keys}
    named = [
        t
        for t in re.findall(r"`([^`\n]+)`", GUIDE.read_text())
        if KEY_TOKEN.fullmatch(t) and not FILE_NAME.fullmatch(t)
    ]
    assert len(named) > 30
    unknown = [
        t
        for t in named
        if (key := _as_key(t)) not in keys
        and key not in tables
        and not any(k.endswith("." + key) for k in keys)
    ]
    assert unknown == []


@pytest.mark.parametrize("page", [GUIDE, REPO / "README.md"])
def test_every_command_the_docs_name_is_a_command_with_those_options(page: Path) -> None:
    used = [
        found
        for snippet in _snippets(page.read_text())
        for found in re.findall(r"^ci-gen ([a-z]+)((?: --?[a-z][a-z-]*)*)", snippet.strip())
    ]
    assert {command for command, _ in used} >= {"init", "render", "check", "plan", "explain"}
    for command, options in used:
        result = CliRunner().invoke(app, [command, "--help"])
        assert result.exit_code == 0, f"ci-gen {command}: no such command"
        for option in options.split():
            assert option in result.stdout, f"ci-gen {command} has no {option}"
