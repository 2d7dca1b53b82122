"""Each judge must be able to fail: fed a known-bad file, it reports a finding.

Without these, a judge that silently stopped working would pass every golden case.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from .conftest import build_file_tree
from .judges import JUDGES

GOOD_HEAD = """\
---
name: sample
on:  # yamllint disable-line rule:truthy
  push:
permissions: {}
concurrency:
  group: sample-${{ github.ref }}
  cancel-in-progress: true
jobs:
  build:
    name: build
    runs-on: ubuntu-24.04
    timeout-minutes: 5
    permissions:
      contents: read
    steps:
"""

BAD = {
    # shellcheck (through actionlint): SC2086, an unquoted variable.
    "actionlint": {".github/workflows/ci.yml": GOOD_HEAD + "      - run: echo $HOME $1\n"},
    # An action pinned to a moving tag, and a step that keeps the token on disk.
    "zizmor": {".github/workflows/ci.yml": GOOD_HEAD + "      - uses: actions/checkout@v4\n"},
    # A matrix value pasted into a script: only the auditor persona reports it.
    "zizmor (auditor)": {
        ".github/workflows/ci.yml": GOOD_HEAD.replace(
            "    steps:\n", "    strategy:\n      matrix:\n        x: [a, b]\n    steps:\n"
        )
        + "      - run: echo ${{ matrix.x }}\n"
    },
    # runs-on must be a string, a list or an object, not a number.
    "check-jsonschema": {
        ".github/workflows/ci.yml": GOOD_HEAD.replace("ubuntu-24.04", "42")
        + "      - name: ok\n        run: echo ok\n"
    },
    # Trailing spaces and no newline at the end of the file.
    "yamllint": {".github/workflows/ci.yml": GOOD_HEAD + "      - run: echo ok   "},
    "shellcheck (actions)": {
        ".github/workflows/ci.yml": GOOD_HEAD + "      - name: ok\n        run: echo ok\n",
        ".github/actions/x/action.yml": """\
            ---
            name: x
            description: x
            runs:
              using: composite
              steps:
                - shell: bash
                  run: echo $UNQUOTED
            """,
    },
}


@pytest.mark.parametrize("judge", sorted(JUDGES))
def test_judge_reports_a_known_bad_file(judge: str, tmp_path: Path) -> None:
    root = build_file_tree(tmp_path, BAD[judge])
    assert JUDGES[judge](root) != [], f"{judge} found nothing wrong in a known-bad file"


def test_every_judge_has_a_known_bad_file() -> None:
    assert set(BAD) == set(JUDGES)


@pytest.mark.parametrize("judge", sorted(JUDGES))
def test_judge_accepts_a_clean_file(judge: str, tmp_path: Path) -> None:
    """The bad files above fail for the planted reason, not because the base is bad."""
    root = build_file_tree(
        tmp_path,
        {".github/workflows/ci.yml": GOOD_HEAD + "      - name: ok\n        run: echo ok\n"},
    )
    assert JUDGES[judge](root) == []
