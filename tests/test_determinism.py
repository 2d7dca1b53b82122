"""The same manifest renders byte-identical files on every run, process and machine."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest

from ci_gen import pipeline

from .conftest import GOLDEN

RENDER = (
    "import json, sys, pathlib; from ci_gen import pipeline; "
    "print(json.dumps(pipeline.generate(pathlib.Path(sys.argv[1])).files))"
)


@pytest.mark.parametrize("seed", ["0", "1", "4242"])
def test_output_does_not_depend_on_hash_seed(seed: str) -> None:
    """Set iteration order changes with PYTHONHASHSEED; the output must not."""
    for case in ("reference", "large"):
        manifest = GOLDEN / case / "ci.toml"
        env = {**os.environ, "PYTHONHASHSEED": seed}
        done = subprocess.run(
            [sys.executable, "-c", RENDER, str(manifest)],
            env=env,
            capture_output=True,
            text=True,
            check=True,
        )
        assert json.loads(done.stdout) == pipeline.generate(manifest).files, case


def test_rendering_twice_is_identical() -> None:
    manifest = GOLDEN / "large" / "ci.toml"
    assert pipeline.generate(manifest).files == pipeline.generate(manifest).files


def test_output_holds_no_absolute_path_or_timestamp() -> None:
    for case in ("minimal", "reference", "large"):
        for text in pipeline.generate(GOLDEN / case / "ci.toml").files.values():
            assert str(GOLDEN) not in text
            assert "/home/" not in text and "/tmp/" not in text
