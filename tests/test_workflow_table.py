"""[workflow]: the file's name and title, and how jobs call ci-gen's local actions."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from ci_gen import pipeline
from ci_gen.errors import ManifestError, WriteRefused

from .judges import JUDGES

CRATE = '[crates.tinyjson]\npath = "."\n'


def repository(tmp_path: Path, manifest: str) -> Path:
    (tmp_path / "ci.toml").write_text(manifest, encoding="utf-8")
    return tmp_path


def test_a_hand_written_workflow_of_the_same_name_is_never_written_beside(
    tmp_path: Path,
) -> None:
    root = repository(tmp_path, CRATE)
    (root / ".github/workflows").mkdir(parents=True)
    (root / ".github/workflows/ci.yaml").write_text("name: CI\non: push\njobs: {}\n")
    with pytest.raises(
        WriteRefused,
        match=r"ci\.yaml is a workflow ci-gen did not write, also named 'CI'.*workflow\.name",
    ):
        pipeline.render_files(root / "ci.toml")
    assert sorted(p.name for p in (root / ".github").rglob("*") if p.is_file()) == ["ci.yaml"]
    # A name of its own renders beside it.
    (root / "ci.toml").write_text(CRATE + '[workflow]\nname = "Rust CI"\n')
    assert ".github/workflows/ci.yml" in pipeline.render_files(root / "ci.toml").written


def test_a_new_file_name_replaces_the_old_file(tmp_path: Path) -> None:
    root = repository(tmp_path, CRATE)
    pipeline.render_files(root / "ci.toml")
    (root / "ci.toml").write_text(CRATE + '[workflow]\nfile = "rust.yaml"\n')
    done = pipeline.render_files(root / "ci.toml")
    assert ".github/workflows/rust.yaml" in done.written
    assert done.removed == (".github/workflows/ci.yml",)


def test_a_name_yaml_would_misread_is_quoted_and_judged_clean(tmp_path: Path) -> None:
    name = "CI: nightly #1 [on]"
    root = repository(tmp_path, CRATE + f'[workflow]\nname = "{name}"\n')
    pipeline.render_files(root / "ci.toml")
    text = (root / ".github/workflows/ci.yml").read_text()
    assert yaml.safe_load(text)["name"] == name
    for judge, check in JUDGES.items():
        assert check(root) == [], judge


@pytest.mark.parametrize("file", ["ci", "../ci.yml", "a/b.yml", "ci.yml\n", ".yml", "ci.json"])
def test_the_file_must_be_a_workflow_file_name(tmp_path: Path, file: str) -> None:
    root = repository(tmp_path, CRATE + f"[workflow]\nfile = {file!r}\n".replace("'", '"'))
    with pytest.raises(ManifestError) as failed:
        pipeline.render_files(root / "ci.toml")
    assert "ci.toml: workflow.file: " in failed.value.lines()[0]


def test_workspace_local_actions_check_out_first(tmp_path: Path) -> None:
    """./.github/actions resolves in the checkout: every job checks out before its first
    local action."""
    root = repository(tmp_path, CRATE + '[workflow]\nlocal-actions = "workspace"\n')
    pipeline.render_files(root / "ci.toml")
    jobs = yaml.safe_load((root / ".github/workflows/ci.yml").read_text())["jobs"]
    for job in jobs.values():
        uses = [step.get("uses", "") for step in job["steps"]]
        local = [i for i, u in enumerate(uses) if u.startswith("./")]
        assert not any(u.startswith("$/") for u in uses)
        if local:
            assert uses[0].startswith("actions/checkout@")
