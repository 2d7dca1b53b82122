"""Documents generated from the code stay in step with it."""

from __future__ import annotations

import json
import re
from pathlib import Path

import attrs

from ci_gen import pipeline
from ci_gen.manifest import Manifest, manifest_schema, toml_key
from ci_gen.manifest.reference import with_reference
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
