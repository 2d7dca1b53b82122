"""`ci-gen init` end to end: every fixture workspace goes init -> render -> check, clean."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
from typer.testing import CliRunner

from ci_gen.cargo import Member, discover
from ci_gen.cli import app
from ci_gen.errors import ExitCode
from ci_gen.manifest import load

from .conftest import build_file_tree
from .judges import JUDGES
from .workspaces import ALL

RUNNER = CliRunner()


def run(*args: str) -> tuple[int, str, str]:
    result = RUNNER.invoke(app, list(args))
    return result.exit_code, result.stdout, result.stderr


def bootstrap(tmp_path: Path, name: str) -> Path:
    root = build_file_tree(tmp_path / name, ALL[name])
    code, _, err = run("init", "--root", str(root))
    assert code == 0, err
    return root


@pytest.mark.parametrize("name", sorted(ALL))
def test_init_render_check_is_clean_and_judged_clean(tmp_path: Path, name: str) -> None:
    root = bootstrap(tmp_path, name)
    manifest = str(root / "ci.toml")
    code, _, err = run("render", "--manifest", manifest)
    assert code == 0, err
    code, out, err = run("check", "--manifest", manifest)
    assert code == 0, out + err
    for judge, check in JUDGES.items():
        findings = check(root)
        assert findings == [], f"{judge} on {name}:\n" + "\n".join(findings)


@pytest.mark.parametrize("name", sorted(ALL))
def test_init_describes_every_member(tmp_path: Path, name: str) -> None:
    root = bootstrap(tmp_path, name)
    manifest = load(root / "ci.toml")
    workspace = discover(root)
    assert sorted(manifest.crates) == [m.name for m in workspace.members]
    for member in workspace.members:
        crate = manifest.crates[member.name]
        assert crate.path == member.path
        assert crate.deps == member.deps
        assert crate.dev_deps == member.dev_deps
        assert crate.features == member.features


def test_init_refuses_an_existing_manifest_and_force_replaces_it(tmp_path: Path) -> None:
    root = build_file_tree(tmp_path, {**ALL["single_crate"], "ci.toml": "# mine\n"})
    code, _, err = run("init", "--root", str(root))
    assert code == ExitCode.REFUSED
    assert "ci.toml exists: `ci-gen init --update` merges" in err
    assert (root / "ci.toml").read_text() == "# mine\n"
    code, _, _ = run("init", "--root", str(root), "--force")
    assert code == 0
    assert (root / "ci.toml").read_text().startswith("# ci.toml: the manifest ci-gen renders")


def test_init_stdout_prints_and_writes_nothing(tmp_path: Path) -> None:
    root = build_file_tree(tmp_path, ALL["single_crate"])
    code, out, _ = run("init", "--root", str(root), "--stdout")
    assert code == 0
    assert out.startswith("# ci.toml: the manifest ci-gen renders")
    assert not (root / "ci.toml").exists()


def test_without_a_lock_init_says_the_estimates_are_rough(tmp_path: Path) -> None:
    root = build_file_tree(tmp_path, ALL["single_crate"])
    assert not (root / "Cargo.lock").exists()
    code, _, err = run("init", "--root", str(root))
    assert code == 0
    assert "no Cargo.lock: the cost estimates are rough" in err
    assert "rough: no Cargo.lock" in (root / "ci.toml").read_text()


NEW_CRATE = {
    "crates/newcomer/Cargo.toml": """
        [package]
        name = "newcomer"
        version = "0.1.0"
        edition = "2021"
        """,
    "crates/newcomer/src/lib.rs": "pub fn hello() {}\n",
}


def test_update_adds_a_new_crate_keeping_hand_edits(tmp_path: Path) -> None:
    root = bootstrap(tmp_path, "glob_root_package")
    manifest = root / "ci.toml"
    text = manifest.read_text()
    first = next(line for line in text.splitlines() if line.startswith("cost = "))
    tuned = "cost = { build-gb = 9.5, build-min = 12, test-min = 4 }  # tuned by hand"
    edited = text.replace(first, tuned, 1).replace(
        "[workspace]", "# Reviewed by the release team.\n[workspace]", 1
    )
    manifest.write_text(edited)
    build_file_tree(root, NEW_CRATE)

    code, out, err = run("check", "--manifest", str(manifest))
    assert code == ExitCode.DRIFT
    assert "workspace: ci.toml no longer matches the Cargo workspace" in err
    assert "+[crates.newcomer]" in out
    assert "`ci-gen init --update --manifest" in err

    code, _, err = run("init", "--update", "--manifest", str(manifest))
    assert code == 0, err
    assert "added crate newcomer" in err
    assert err.endswith(
        f"next: review the changes, then run `ci-gen render --manifest {manifest}`\n"
    )
    updated = manifest.read_text()
    assert tuned in updated
    assert "# Reviewed by the release team.\n[workspace]" in updated
    assert "[crates.newcomer]" in updated
    code, _, err = run("render", "--manifest", str(manifest))
    assert code == 0, err
    code, out, err = run("check", "--manifest", str(manifest))
    assert code == 0, out + err


def test_update_drops_a_removed_crate(tmp_path: Path) -> None:
    root = bootstrap(tmp_path, "glob_root_package")
    manifest = root / "ci.toml"
    victim = next(m for m in discover(root).members if m.path.startswith("crates/"))
    if victim.name not in {d for m in discover(root).members for d in m.deps + m.dev_deps}:
        shutil.rmtree(root / victim.path)
    else:  # a crate others depend on cannot vanish; drop a fresh leaf instead
        build_file_tree(root, NEW_CRATE)
        run("init", "--update", "--manifest", str(manifest))
        victim = discover(root).member("newcomer")
        shutil.rmtree(root / victim.path)
    code, out, err = run("check", "--manifest", str(manifest))
    assert code == ExitCode.DRIFT
    assert f"-[crates.{victim.name}]" in out
    code, out, err = run("init", "--update", "--manifest", str(manifest))
    assert code == 0, err
    assert f"removed crate {victim.name}: no longer in the Cargo workspace" in err
    assert f"[crates.{victim.name}]" not in manifest.read_text()


def _rendered(root: Path) -> dict[str, str]:
    manifest = str(root / "ci.toml")
    code, _, err = run("render", "--manifest", manifest)
    assert code == 0, err
    return {p.as_posix(): p.read_text() for p in sorted((root / ".github").rglob("*.yml"))}


@pytest.mark.parametrize("change", ["removed", "added"])
def test_render_refuses_a_manifest_the_workspace_has_left_behind(
    tmp_path: Path, change: str
) -> None:
    """Rendered as it is, the CI would run --package for a crate that is gone (every job
    naming it fails), or never test a new one: render stops, says why and what to run,
    and writes nothing."""
    root = bootstrap(tmp_path, "reference")
    before = _rendered(root)
    if change == "added":
        top = root / "Cargo.toml"
        top.write_text(
            top.read_text().replace("members = [", 'members = [\n    "crates/newcomer",')
        )
        build_file_tree(root, NEW_CRATE)
        expected = "added crate newcomer"
    else:
        victim = _remove_leaf(root)
        expected = f"removed crate {victim.name}: no longer in the Cargo workspace"
    manifest = str(root / "ci.toml")
    code, out, err = run("render", "--manifest", manifest)
    assert code == ExitCode.INVALID
    assert out == ""
    assert "ci.toml no longer matches the Cargo workspace" in err
    assert any(line.startswith(f"  {expected}") for line in err.splitlines())
    assert f"run `ci-gen init --update --manifest {manifest}`" in err
    assert "Traceback" not in err
    assert {p.as_posix(): p.read_text() for p in sorted((root / ".github").rglob("*.yml"))} == (
        before
    )
    code, _, err = run("init", "--update", "--manifest", manifest)
    assert code == 0, err
    code, out, err = run("render", "--manifest", manifest)
    assert code == 0, err
    assert "wrote" in out
    if change == "removed":
        assert victim.name not in (root / ".github/workflows/ci.yml").read_text()


def test_render_check_calls_a_workspace_change_drift(tmp_path: Path) -> None:
    """render --check is check's answer from render: exit 1, not render's refusal."""
    root = bootstrap(tmp_path, "reference")
    _rendered(root)
    _remove_leaf(root)
    code, _, err = run("render", "--check", "--manifest", str(root / "ci.toml"))
    assert code == ExitCode.DRIFT
    assert "no longer matches the Cargo workspace" in err
    assert run("render", "--dry-run", "--manifest", str(root / "ci.toml"))[0] == 0


def test_plan_warns_of_a_manifest_the_workspace_has_left_behind(tmp_path: Path) -> None:
    """plan writes nothing: it shows the plan, and says loudly that it is stale."""
    root = bootstrap(tmp_path, "reference")
    _rendered(root)
    victim = _remove_leaf(root)
    code, out, err = run("plan", "--manifest", str(root / "ci.toml"))
    assert code == 0, err
    assert "JOB" in out
    assert err.startswith("warning: ")
    assert "no longer matches the Cargo workspace" in err
    assert f"removed crate {victim.name}" in err


def test_render_warns_when_only_estimates_are_behind(tmp_path: Path) -> None:
    """A new example changes what a build costs, not what CI runs: render goes on, and
    says that init --update refreshes the estimate."""
    root = bootstrap(tmp_path, "reference")
    _rendered(root)
    victim = _leaf(root)
    (root / victim.path / "examples").mkdir()
    (root / victim.path / "examples" / "demo.rs").write_text("fn main() {}\n")
    code, _, err = run("render", "--manifest", str(root / "ci.toml"))
    assert code == 0, err
    assert "has estimates behind the Cargo workspace" in err
    assert f"crates.{victim.name}.examples: 1 example targets now" in err
    assert "`ci-gen init --update --manifest" in err


def _remove_leaf(root: Path, victim: Member | None = None) -> Member:
    """A leaf gone from the workspace: its folder, and its line in ``members``."""
    victim = victim or _leaf(root)
    shutil.rmtree(root / victim.path)
    top = root / "Cargo.toml"
    top.write_text(top.read_text().replace(f'"{victim.path}",', ""))
    return victim


def _leaf(root: Path) -> Member:
    """A member no other member depends on, that the rendered CI names."""
    members = discover(root).members
    used = {d for m in members for d in m.deps + m.dev_deps}
    named = (root / ".github/workflows/ci.yml").read_text()
    return next(m for m in members if m.path != "." and m.name not in used and m.name in named)


def test_update_without_changes_writes_nothing(tmp_path: Path) -> None:
    root = bootstrap(tmp_path, "inherited")
    manifest = root / "ci.toml"
    stamp = manifest.stat().st_mtime_ns
    code, _, err = run("init", "--update", "--manifest", str(manifest))
    assert code == 0
    assert "matches the workspace" in err
    assert manifest.stat().st_mtime_ns == stamp


@pytest.mark.parametrize("git", ["gitdir: ../main/.git/worktrees/wt\n", "gitdir: gone\n"])
def test_init_render_and_check_work_where_git_is_a_file(tmp_path: Path, git: str) -> None:
    """A worktree or a submodule: `.git` is a file pointing at the git folder."""
    root = build_file_tree(tmp_path / "wt", {**ALL["single_crate"], ".git": git})
    build_file_tree(tmp_path, {"main/.git/worktrees/wt/commondir": "../..\n"})
    code, _, err = run("init", "--root", str(root))
    assert code == 0, err
    assert "default branch guessed as 'main'" in err
    assert "a guess (git records no origin/HEAD)" in (root / "ci.toml").read_text()
    for command in ("render", "check"):
        code, out, err = run(command, "--manifest", str(root / "ci.toml"))
        assert code == 0, out + err


def test_init_names_the_recorded_default_branch_without_a_warning(tmp_path: Path) -> None:
    root = build_file_tree(
        tmp_path,
        {**ALL["single_crate"], ".git/refs/remotes/origin/HEAD": "ref: refs/remotes/origin/dev\n"},
    )
    code, _, err = run("init", "--root", str(root))
    assert code == 0, err
    assert "guessed" not in err
    assert load(root / "ci.toml").workspace.default_branch == "dev"


def test_init_in_a_member_folder_bootstraps_its_workspace(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = build_file_tree(tmp_path / "repo", {**ALL["reference"], ".git/HEAD": "ref: x\n"})
    monkeypatch.chdir(root / "memory-cli")
    code, _, err = run("init")
    assert code == 0, err
    assert "memory-cli belongs to the workspace at ..: bootstrapping that" in err
    assert not (root / "memory-cli" / "ci.toml").exists()
    assert len(load(root / "ci.toml").crates) == len(discover(root).members)


def test_init_outside_any_workspace_stops_with_a_clear_error(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    code, _, err = run("init")
    assert code == ExitCode.INVALID
    assert "no Cargo.toml at the root of the repository" in err
    assert not (tmp_path / "ci.toml").exists()


def test_init_prints_the_gitattributes_lines_for_every_rendered_file(tmp_path: Path) -> None:
    """It prints them and leaves .gitattributes alone; the patterns cover every file
    render writes (``**`` as git reads it: any depth)."""
    root = build_file_tree(tmp_path, ALL["single_crate"])
    code, _, err = run("init", "--root", str(root))
    assert code == 0, err
    lines = err.splitlines()
    start = next(i for i, line in enumerate(lines) if line.startswith("for .gitattributes"))
    patterns = [line.split()[0] for line in lines[start + 1 :] if line.startswith("  ")]
    assert all(line.endswith(" linguist-generated=true") for line in lines[start + 1 : start + 3])
    assert not (root / ".gitattributes").exists()
    assert run("render", "--manifest", str(root / "ci.toml"))[0] == 0
    rendered = [p.relative_to(root).as_posix() for p in (root / ".github").rglob("*.y*ml")]
    assert rendered
    for path in rendered:
        assert any(re.fullmatch(_git_pattern(p), path) for p in patterns), path


def _git_pattern(pattern: str) -> str:
    """A .gitattributes path pattern with a slash, as a regular expression."""
    return re.escape(pattern).replace(r"\*\*", ".*").replace(r"\*", "[^/]*")


def test_update_drops_a_feature_set_whose_every_crate_is_gone(tmp_path: Path) -> None:
    """Its crates list emptied would mean every crate: the set would quietly widen."""
    root = bootstrap(tmp_path, "reference")
    victim = _leaf_with_rendered(root)
    manifest = root / "ci.toml"
    manifest.write_text(
        manifest.read_text()
        + f'\n[feature-sets.only-it]\nno-default-features = true\ncrates = ["{victim.name}"]\n'
    )
    _remove_leaf(root, victim)
    code, _, err = run("init", "--update", "--manifest", str(manifest))
    assert code == 0, err
    assert "feature-sets.only-it: dropped, every crate it named is gone" in err
    assert "[feature-sets.only-it]" not in manifest.read_text()
    code, _, err = run("render", "--manifest", str(manifest))
    assert code == 0, err
    assert "only-it" not in (root / ".github/workflows/ci.yml").read_text()


def _leaf_with_rendered(root: Path) -> Member:
    _rendered(root)
    return _leaf(root)


def test_update_writes_through_a_symlinked_manifest(tmp_path: Path) -> None:
    root = bootstrap(tmp_path, "glob_root_package")
    kept = tmp_path / "elsewhere.toml"
    (root / "ci.toml").rename(kept)
    (root / "ci.toml").symlink_to(kept)
    build_file_tree(root, NEW_CRATE)
    code, _, err = run("init", "--update", "--manifest", str(root / "ci.toml"))
    assert code == 0, err
    assert (root / "ci.toml").is_symlink()
    assert "[crates.newcomer]" in kept.read_text()
