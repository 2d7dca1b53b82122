"""Where the drift check gets ci-gen: a pinned action or a pinned pip requirement, never
a bare name on an index unless the manifest says so; and ci-gen's own action."""

from __future__ import annotations

import json
import os
import stat
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from ci_gen import bootstrap, pipeline
from ci_gen.bootstrap import Source
from ci_gen.bootstrap.source import parse_direct_url
from ci_gen.errors import ManifestError
from ci_gen.manifest import PINS, Pin, load

from .conftest import GOLDEN, REPO, ManifestFactory, build_file_tree
from .judges import JUDGES
from .workspaces import ALL

SHA = "0a1b2c3d4e5f60718293a4b5c6d7e8f901234567"
CRATE = '[crates.a]\npath = "a"\n'


def errors(manifest: ManifestFactory, gate: str) -> list[str]:
    path = manifest(CRATE + "[gate]\n" + gate)
    with pytest.raises(ManifestError) as caught:
        load(path)
    return caught.value.lines()


@pytest.mark.parametrize(
    "install",
    [
        f"git+https://github.com/acme-tools/ci-gen@{SHA}",
        f"git+https://github.com/acme-tools/ci-gen@{SHA}#egg=ci-gen",
        "ci-gen==0.1.0 --hash=sha256:" + "ab" * 32,
        "ci-gen==0.1.0 --hash=sha256:" + "ab" * 32 + "\\njinja2==3.1.6 --hash=sha256:" + "cd" * 32,
    ],
)
def test_pinned_installs_are_accepted(manifest: ManifestFactory, install: str) -> None:
    load(manifest(CRATE + f'[gate]\ninstall = "{install}"\n'))


@pytest.mark.parametrize(
    "install",
    [
        "ci-gen==0.1.0",
        "ci-gen",
        "git+https://github.com/acme-tools/ci-gen@v0.1.0",
        "git+https://github.com/acme-tools/ci-gen",
        "ci-gen==0.1.0 --hash=sha256:abc",
    ],
)
def test_unpinned_installs_are_refused(manifest: ManifestFactory, install: str) -> None:
    (line,) = errors(manifest, f'install = "{install}"\n')
    assert line.startswith(f"ci.toml: gate.install: {install!r} is not pinned: give a VCS URL")


def test_an_index_install_needs_an_explicit_opt_in(manifest: ManifestFactory) -> None:
    load(manifest(CRATE + '[gate]\ninstall = "ci-gen==0.1.0"\ninstall-from-index = true\n'))


def test_an_action_needs_its_pin_and_excludes_install(manifest: ManifestFactory) -> None:
    assert errors(manifest, 'action = "acme-tools/ci-gen"\n') == [
        "ci.toml: gate.action: 'acme-tools/ci-gen' has no pin: add "
        '[pins."acme-tools/ci-gen"] with the sha and tag of the ci-gen release to run'
    ]
    both = f'action = "acme-tools/ci-gen"\ninstall = "git+https://x.org/y@{SHA}"\n'
    assert "ci.toml: gate.install: set gate.action or gate.install, not both" in errors(
        manifest, both
    )


def test_a_hashed_install_renders_require_hashes_and_is_judged_clean(tmp_path: Path) -> None:
    hashed = "ci-gen==0.1.0 --hash=sha256:" + "ab" * 32
    text = (GOLDEN / "minimal" / "ci.toml").read_text() + f'\n[gate]\ninstall = "{hashed}"\n'
    root = build_file_tree(tmp_path, {"ci.toml": text})
    pipeline.render_files(root / "ci.toml")
    workflow = (root / ".github/workflows/ci.yml").read_text()
    assert "--require-hashes" in workflow
    for judge, check in JUDGES.items():
        assert check(root) == [], judge


# --- ci-gen's own action ----------------------------------------------------------------

ACTION = REPO / "action.yml"


def test_the_action_passes_the_judges(tmp_path: Path) -> None:
    """Judged as it is used: an action another repository calls (actionlint reads
    workflows only; shellcheck runs over its scripts)."""
    build_file_tree(tmp_path, {".github/actions/ci-gen/action.yml": ACTION.read_text()})
    for judge, check in JUDGES.items():
        if judge != "actionlint":
            assert check(tmp_path) == [], judge


def test_the_action_pins_what_the_workflows_pin() -> None:
    steps = yaml.safe_load(ACTION.read_text())["runs"]["steps"]
    for step in steps:
        if "uses" in step:
            action, _, sha = step["uses"].partition("@")
            assert PINS[action].sha == sha


SHIM_PYTHON = f"""#!/bin/sh
# python -m venv DIR: a venv whose python records pip's argv and whose ci-gen is the
# real one of this test run.
if [ "$1 $2" = "-m venv" ]; then
  mkdir -p "$3/bin"
  printf '#!/bin/sh\\necho "$*" >> "$PIP_RECORD"\\n' > "$3/bin/python"
  printf '#!/bin/sh\\nexec {sys.executable} -m ci_gen "$@"\\n' > "$3/bin/ci-gen"
  chmod +x "$3/bin/python" "$3/bin/ci-gen"
  exit 0
fi
exit 2
"""


def test_the_action_installs_from_its_own_commit_and_checks(tmp_path: Path) -> None:
    """Its scripts run under bash as GitHub runs them, on a clean golden case."""
    shims = tmp_path / "shims"
    shims.mkdir()
    (shims / "python").write_text(SHIM_PYTHON)
    (shims / "python").chmod(0o755 | stat.S_IEXEC)
    temp, out = tmp_path / "runner-temp", tmp_path / "output"
    temp.mkdir()
    out.write_text("")
    env = {
        **os.environ,
        "PATH": f"{shims}{os.pathsep}{os.environ['PATH']}",
        "RUNNER_TEMP": str(temp),
        "GITHUB_OUTPUT": str(out),
        "PIP_RECORD": str(tmp_path / "pip"),
        "SOURCE": str(REPO),
    }
    install, check = (s for s in yaml.safe_load(ACTION.read_text())["runs"]["steps"] if "run" in s)
    bash = ["bash", "--noprofile", "--norc", "-eo", "pipefail", "-c"]
    subprocess.run([*bash, install["run"]], env=env, check=True, cwd=tmp_path)
    pip = (tmp_path / "pip").read_text()
    assert f"-c {REPO}/constraints.txt {REPO}" in pip
    bin_dir = out.read_text().strip().removeprefix("bin=")
    assert Path(bin_dir) == temp / "ci-gen" / "bin"
    check_env = {**env, "CI_GEN_BIN": bin_dir, "MANIFEST": "ci.toml", "ROOT": "."}
    done = subprocess.run(
        [*bash, check["run"]],
        env=check_env,
        cwd=GOLDEN / "large",
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    assert "up to date with ci.toml" in done.stdout


# --- init pins the drift check to where ci-gen came from ---------------------------------


def direct_url(url: str, commit: str = SHA, ref: str | None = "v0.1.0") -> str:
    vcs = {"vcs": "git", "commit_id": commit} | ({"requested_revision": ref} if ref else {})
    return json.dumps({"url": url, "vcs_info": vcs})


@pytest.mark.parametrize(
    ("text", "source"),
    [
        (
            direct_url("https://github.com/acme-tools/ci-gen"),
            Source("acme-tools/ci-gen", SHA, "v0.1.0"),
        ),
        (
            direct_url("https://github.com/acme-tools/ci-gen.git", ref=None),
            Source("acme-tools/ci-gen", SHA, "v9.9"),
        ),
        (direct_url("https://github.com/a/b", ref=SHA), Source("a/b", SHA, "v9.9")),
        (direct_url("https://gitlab.com/a/b"), None),
        (direct_url("https://github.com/a/b", commit="main"), None),
        (json.dumps({"url": "file:///src/ci-gen", "dir_info": {"editable": True}}), None),
        ("not json", None),
    ],
)
def test_the_install_record_names_a_github_commit_or_nothing(
    text: str, source: Source | None
) -> None:
    assert parse_direct_url(text, "9.9") == source


def test_init_pins_the_gate_to_the_installed_commit(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    found = Source("acme-tools/ci-gen", SHA, "v0.1.0")
    monkeypatch.setattr(bootstrap, "installed_source", lambda _version: found)
    root = build_file_tree(tmp_path, ALL["single_crate"])
    made = pipeline.init_manifest(root)
    assert made.manifest.gate.action == "acme-tools/ci-gen"
    assert made.manifest.pins["acme-tools/ci-gen"] == Pin(SHA, "v0.1.0")
    assert not any("no drift check" in line for line in made.summary())
    (root / "ci.toml").write_text(made.text)
    workflow = pipeline.generate(root / "ci.toml").files[".github/workflows/ci.yml"]
    assert f"uses: acme-tools/ci-gen@{SHA}  # v0.1.0" in workflow


def test_init_without_an_install_record_says_how_to_turn_the_check_on(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(bootstrap, "installed_source", lambda _version: None)
    made = pipeline.init_manifest(build_file_tree(tmp_path, ALL["single_crate"]))
    assert made.manifest.gate.action is None
    assert '# action = "<owner>/<repo>"' in made.text
    assert any(line.startswith("no drift check yet") for line in made.summary())
