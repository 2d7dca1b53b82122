"""Documents generated from the code stay in step with it."""

from __future__ import annotations

import json

import attrs

from ci_gen.manifest import Manifest, manifest_schema, toml_key
from ci_gen.manifest.reference import with_reference

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
