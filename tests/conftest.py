from __future__ import annotations

import os
import textwrap
from collections.abc import Callable, Mapping
from pathlib import Path

import pytest
from hypothesis import settings

from ci_gen import pipeline
from ci_gen.cargo import registry

REPO = Path(__file__).resolve().parent.parent
GOLDEN = REPO / "golden"
# A drift check that installs ci-gen with pip from its repository at a commit.
PIP_DRIFT = """
[gate]
install = "git+https://github.com/acme-tools/ci-gen@0a1b2c3d4e5f60718293a4b5c6d7e8f901234567"
"""


# The suite draws the same examples on every run and machine, so that a red run is
# the change's and not the dice's; HYPOTHESIS_PROFILE=explore draws new ones (and keeps
# what fails in .hypothesis/ to replay) when hunting for bugs by hand.
settings.register_profile("suite", derandomize=True, database=None)
settings.register_profile("explore", max_examples=1000)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "suite"))


def workflow_text(case: str) -> str:
    """The workflow golden/<case> renders (its file name is the manifest's to choose)."""
    files = pipeline.generate(GOLDEN / case / "ci.toml").files
    (path,) = [p for p in files if p.startswith(".github/workflows/")]
    return files[path]


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption(
        "--update-goldens",
        action="store_true",
        help="rewrite golden/ from the manifests (review the diff before committing)",
    )


@pytest.fixture(autouse=True)
def own_cache(monkeypatch: pytest.MonkeyPatch, tmp_path_factory: pytest.TempPathFactory) -> None:
    """Each test its own cache folder: what one test's check remembered (or a user's
    own runs) never answers another's."""
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path_factory.mktemp("cache")))


@pytest.fixture(autouse=True)
def no_registry_sources(monkeypatch: pytest.MonkeyPatch) -> None:
    """Estimates must not depend on what this machine's cargo has downloaded: tests see no
    $CARGO_HOME/registry/src (tests/test_registry.py undoes this to test it)."""
    monkeypatch.setattr(registry, "_registry_sources", list)


@pytest.fixture
def update_goldens(request: pytest.FixtureRequest) -> bool:
    return bool(request.config.getoption("--update-goldens"))


def build_file_tree(root: Path, spec: Mapping[str, str]) -> Path:
    """Write ``{relative path: dedented text}`` under ``root``; return ``root``."""
    for relative, text in spec.items():
        path = root / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(textwrap.dedent(text).lstrip("\n"), encoding="utf-8")
    return root


ManifestFactory = Callable[[str], Path]


@pytest.fixture
def manifest(tmp_path: Path) -> ManifestFactory:
    """Write a ci.toml (dedented) into a fresh repository folder and return its path."""

    def make(text: str) -> Path:
        return build_file_tree(tmp_path, {"ci.toml": text}) / "ci.toml"

    return make
