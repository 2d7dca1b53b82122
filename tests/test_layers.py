"""generator/ keeps its layers: the rules of tests/layers.py hold, and each one bites."""

from __future__ import annotations

from pathlib import Path

import pytest

from .conftest import REPO, build_file_tree
from .layers import LAYERS, import_violations, modules, output_violations, violations

GENERATOR = REPO / "generator"


def test_the_package_keeps_every_rule() -> None:
    assert violations(GENERATOR) == []


def test_every_unit_of_the_package_has_a_layer() -> None:
    units = {module.unit for module in modules(GENERATOR).values()}
    assert units == set().union(*LAYERS)


def test_every_subpackage_says_what_it_owns_and_exports_its_api() -> None:
    for module in modules(GENERATOR).values():
        if module.is_package and module.name != "ci_gen":
            text = module.path.read_text(encoding="utf-8")
            assert text.startswith('"""'), module.name
            assert "__all__" in text, module.name


def _tree(tmp_path: Path, files: dict[str, str]) -> Path:
    """A small package laid out like generator/, with the given extra lines."""
    spec = {
        "__init__.py": '__version__ = "0"\n',
        "errors.py": "",
        "cli.py": "from . import pipeline\n",
        "pipeline.py": "from .plan import plan\nfrom .cargo import discover\n",
        "manifest/__init__.py": "from .model import Manifest\n",
        "manifest/model.py": "Manifest = object\n",
        "plan/__init__.py": "from .planner import plan\n",
        "plan/planner.py": "from ..manifest import Manifest\n",
        "plan/predict.py": "",
        "cargo/__init__.py": "",
        "output/__init__.py": "",
        "output/report.py": "from ..plan import plan\n",
        **files,
    }
    return build_file_tree(tmp_path / "generator", spec)


def test_a_clean_planted_tree_passes(tmp_path: Path) -> None:
    assert violations(_tree(tmp_path, {})) == []


@pytest.mark.parametrize(
    ("file", "line", "problem"),
    [
        ("plan/predict.py", "from ..output import report\n", "an upward import"),
        ("manifest/model.py", "from ..plan import plan\n", "an upward import"),
        ("errors.py", "from .manifest import Manifest\n", "an upward import"),
        ("plan/predict.py", "from ..cargo import discover\n", "siblings on one layer"),
        ("output/report.py", "from ..cargo import discover\n", "read only by bootstrap"),
        ("output/report.py", "from ..plan.predict import x\n", "reaches inside 'plan'"),
        ("output/report.py", "from ci_gen.plan.planner import plan\n", "reaches inside"),
        ("plan/predict.py", "from .planner import plan\n", "a circle of imports"),
    ],
)
def test_a_planted_import_that_breaks_the_layers_fails(
    tmp_path: Path, file: str, line: str, problem: str
) -> None:
    root = _tree(tmp_path, {})
    path = root / file
    path.write_text(path.read_text(encoding="utf-8") + line, encoding="utf-8")
    if problem == "a circle of imports":
        planner = root / "plan" / "planner.py"
        planner.write_text(planner.read_text() + "from .predict import x\n", encoding="utf-8")
    found = import_violations(root)
    assert len(found) == 1 and problem in found[0], found


@pytest.mark.parametrize(
    "line",
    ["print('hi')\n", "import sys\nsys.exit(2)\n", "import typer\n", "raise SystemExit(1)\n"],
)
def test_library_code_that_prints_or_exits_fails(tmp_path: Path, line: str) -> None:
    root = _tree(tmp_path, {"plan/predict.py": line})
    found = output_violations(root)
    assert len(found) == 1 and "only the CLI" in found[0], found


def test_the_cli_may_print(tmp_path: Path) -> None:
    root = _tree(tmp_path, {"cli.py": "import typer\ntyper.echo('ok')\n"})
    assert output_violations(root) == []


def test_a_module_past_the_line_limit_fails(tmp_path: Path) -> None:
    root = _tree(tmp_path, {"plan/predict.py": "x = 1\n" * 301})
    assert [v for v in violations(root) if "301 lines" in v]
