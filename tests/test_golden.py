"""Golden cases: each golden/<case>/ci.toml renders, byte for byte, to the files beside it.

The comparison is ci-gen's own drift check, the code users run as `ci-gen check`.
After a deliberate change: `python3 dev.py goldens`, then review the diff like a PR.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from ci_gen import pipeline

from .conftest import GOLDEN
from .judges import JUDGES

CASES = sorted(p.name for p in GOLDEN.iterdir() if p.is_dir())
UPDATE = "python3 dev.py goldens"


def test_the_cases_cover_small_reference_and_large() -> None:
    assert {"minimal", "reference", "large"} <= set(CASES)


def test_reference_case_is_the_top_level_manifest() -> None:
    assert (GOLDEN / "reference" / "ci.toml").resolve() == (GOLDEN.parent / "ci.toml").resolve()


@pytest.mark.parametrize("case", CASES)
def test_golden_output_matches(case: str, update_goldens: bool) -> None:
    manifest = GOLDEN / case / "ci.toml"
    if update_goldens:
        pipeline.render_files(manifest)
    changes = pipeline.check_files(manifest)
    report = "\n".join(f"{c.kind}: {c.path}\n{c.diff}" for c in changes)
    assert not changes, f"golden/{case} is out of date; if intended, run `{UPDATE}`:\n{report}"


@pytest.mark.parametrize("case", CASES)
def test_no_orphaned_golden_files(case: str) -> None:
    folder = GOLDEN / case
    rendered = set(pipeline.generate(folder / "ci.toml").files)
    present = {p.relative_to(folder).as_posix() for p in folder.rglob("*") if p.is_file()}
    orphans = present - rendered - {"ci.toml"}
    assert not orphans, f"golden/{case} holds files no manifest renders: {sorted(orphans)}"


@pytest.mark.parametrize("judge", sorted(JUDGES))
@pytest.mark.parametrize("case", CASES)
def test_judges_accept_golden_output(case: str, judge: str) -> None:
    root: Path = GOLDEN / case
    findings = JUDGES[judge](root)
    assert findings == [], f"{judge} on golden/{case}:\n" + "\n".join(findings)
