"""The output tree: ``drift.compare`` reports, ``drift.write`` writes, and both agree
on which files ci-gen owns (those that start with its generated header).
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from ci_gen import __version__, owned, pipeline
from ci_gen.errors import ExitCode, WriteFailed, WriteRefused
from ci_gen.output import drift
from ci_gen.owned import MARKER

from .conftest import GOLDEN, PIP_DRIFT, ManifestFactory, build_file_tree

HEADER = f"{MARKER} {__version__} from ci.toml. Do not edit by hand:\n"
WORKFLOW = ".github/workflows/ci.yml"
ACTION = ".github/actions/ci-gen/check-disk/action.yml"
FILES = {
    ACTION: HEADER + "name: check disk\nruns:\n  using: composite\n",
    WORKFLOW: HEADER + "name: CI\non: push\njobs: {}\n",
}
HAND_WRITTEN = "name: release\non: push\njobs: {}\n"
OLD = 1_000_000_000  # an mtime (2001) no write could leave behind by accident


def tree(root: Path) -> dict[str, bytes]:
    """Every file under ``root`` (hidden ones included) by posix path, with its bytes."""
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in root.rglob("*") if p.is_file()}


def kinds(changes: list[drift.Change]) -> dict[str, str]:
    return {c.path: c.kind for c in changes}


def temp_files(root: Path) -> list[str]:
    return sorted(p.name for p in root.rglob("*.tmp"))


def copy_minimal(tmp_path: Path) -> Path:
    """golden/minimal's manifest alone in a fresh repository; returns its path."""
    target = tmp_path / "repo" / "ci.toml"
    target.parent.mkdir()
    shutil.copyfile(GOLDEN / "minimal" / "ci.toml", target)
    return target


# --- compare: one test per kind of change ------------------------------------------


def test_compare_reports_every_file_missing_on_an_empty_tree(tmp_path: Path) -> None:
    changes = drift.compare(tmp_path, FILES)
    assert kinds(changes) == {ACTION: "missing", WORKFLOW: "missing"}
    workflow = next(c for c in changes if c.path == WORKFLOW)
    assert workflow.diff.startswith(f"--- a/{WORKFLOW}\n+++ b/{WORKFLOW}\n")
    assert "+name: CI\n" in workflow.diff
    assert f"+{HEADER}" in workflow.diff
    assert list(tmp_path.iterdir()) == []  # compare never writes


def test_compare_after_write_finds_nothing(tmp_path: Path) -> None:
    drift.write(tmp_path, FILES)
    assert drift.compare(tmp_path, FILES) == []


def test_compare_reports_a_generated_file_that_differs_as_changed(tmp_path: Path) -> None:
    build_file_tree(tmp_path, {**FILES, WORKFLOW: HEADER + "name: Old CI\non: push\njobs: {}\n"})
    changes = drift.compare(tmp_path, FILES)
    assert kinds(changes) == {WORKFLOW: "changed"}
    diff = changes[0].diff
    assert diff.startswith(f"--- a/{WORKFLOW}\n+++ b/{WORKFLOW}\n")
    assert "-name: Old CI\n" in diff
    assert "+name: CI\n" in diff
    assert "-on: push" not in diff  # unchanged lines are context, not changes


def test_compare_reports_a_target_without_the_header_as_foreign(tmp_path: Path) -> None:
    build_file_tree(tmp_path, {ACTION: FILES[ACTION], WORKFLOW: HAND_WRITTEN})
    changes = drift.compare(tmp_path, FILES)
    assert kinds(changes) == {WORKFLOW: "foreign"}
    assert "-name: release\n" in changes[0].diff
    assert "+name: CI\n" in changes[0].diff


@pytest.mark.parametrize(
    "stale",
    [
        ".github/workflows/old.yml",
        ".github/workflows/old.yaml",
        ".github/actions/ci-gen/gone/action.yml",
        ".github/actions/elsewhere/deeper/action.yaml",
    ],
)
def test_compare_reports_a_generated_file_no_longer_produced_as_stale(
    tmp_path: Path, stale: str
) -> None:
    build_file_tree(tmp_path, {**FILES, stale: HEADER + "name: old\n"})
    changes = drift.compare(tmp_path, FILES)
    assert kinds(changes) == {stale: "stale"}
    assert changes[0].diff.startswith(f"--- a/{stale}\n+++ b/{stale}\n")
    assert "-name: old\n" in changes[0].diff
    assert "\n+" not in changes[0].diff.split("@@", 2)[-1]  # only removals


def test_compare_reports_all_kinds_at_once_in_a_stable_order(tmp_path: Path) -> None:
    files = {**FILES, ".github/workflows/new.yml": HEADER + "name: new\n"}
    build_file_tree(
        tmp_path,
        {
            ACTION: HAND_WRITTEN,
            WORKFLOW: HEADER + "name: drifted\n",
            ".github/workflows/old.yml": HEADER + "name: old\n",
        },
    )
    changes = drift.compare(tmp_path, files)
    assert [(c.path, c.kind) for c in changes] == [
        (ACTION, "foreign"),
        (WORKFLOW, "changed"),
        (".github/workflows/new.yml", "missing"),
        (".github/workflows/old.yml", "stale"),
    ]


def test_a_header_after_a_byte_order_mark_still_counts_as_generated(tmp_path: Path) -> None:
    build_file_tree(tmp_path, {**FILES, WORKFLOW: "\ufeff" + FILES[WORKFLOW]})
    assert kinds(drift.compare(tmp_path, FILES)) == {WORKFLOW: "changed"}


# --- who owns what: stale removal only with the header --------------------------------


def test_hand_written_files_are_never_stale_nor_touched(tmp_path: Path) -> None:
    hand = {
        ".github/workflows/release.yml": HAND_WRITTEN,
        ".github/actions/setup/action.yml": "name: setup\nruns:\n  using: composite\n",
        # the header, but outside the places ci-gen writes to: not ci-gen's either
        ".github/workflows/notes.md": HEADER + "notes\n",
        ".github/dependabot.yml": HEADER + "version: 2\n",
    }
    build_file_tree(tmp_path, {**FILES, **hand})
    os.utime(tmp_path / ".github/workflows/release.yml", (OLD, OLD))
    assert drift.compare(tmp_path, FILES) == []
    report = drift.write(tmp_path, FILES, force=True)
    assert report.removed == ()
    assert report.written == ()
    on_disk = tree(tmp_path)
    for path, text in hand.items():
        assert on_disk[path] == text.encode()
    assert (tmp_path / ".github/workflows/release.yml").stat().st_mtime == OLD


def test_write_removes_stale_generated_files_and_keeps_hand_written_ones(tmp_path: Path) -> None:
    build_file_tree(
        tmp_path,
        {
            **FILES,
            ".github/workflows/old.yml": HEADER + "name: old\n",
            ".github/actions/ci-gen/gone/action.yml": HEADER + "name: gone\n",
            ".github/workflows/release.yml": HAND_WRITTEN,
        },
    )
    report = drift.write(tmp_path, FILES)
    assert report.removed == (
        ".github/actions/ci-gen/gone/action.yml",
        ".github/workflows/old.yml",
    )
    assert report.written == ()
    assert report.unchanged == (ACTION, WORKFLOW)
    assert set(tree(tmp_path)) == {*FILES, ".github/workflows/release.yml"}
    assert (tmp_path / ".github/workflows/release.yml").read_text() == HAND_WRITTEN


def test_a_hand_written_file_that_is_not_utf8_is_left_alone(tmp_path: Path) -> None:
    """Another encoding in a workflow ci-gen does not own must not break check or render."""
    latin1 = "name: caf\u00e9\non: push\n".encode("latin-1")
    build_file_tree(tmp_path, FILES)
    (tmp_path / ".github/workflows/other.yml").write_bytes(latin1)
    assert drift.compare(tmp_path, FILES) == []
    assert drift.write(tmp_path, FILES).removed == ()
    assert (tmp_path / ".github/workflows/other.yml").read_bytes() == latin1


def test_a_target_that_is_not_utf8_is_foreign_and_refused(tmp_path: Path) -> None:
    build_file_tree(tmp_path, {ACTION: FILES[ACTION]})
    (tmp_path / WORKFLOW).parent.mkdir(parents=True)
    (tmp_path / WORKFLOW).write_bytes(b"name: caf\xe9\n")
    assert kinds(drift.compare(tmp_path, FILES)) == {WORKFLOW: "foreign"}
    with pytest.raises(WriteRefused):
        drift.write(tmp_path, FILES)
    assert (tmp_path / WORKFLOW).read_bytes() == b"name: caf\xe9\n"


# --- write: refusal, force ----------------------------------------------------------


def test_write_refuses_a_foreign_target_before_writing_anything(tmp_path: Path) -> None:
    files = {**FILES, ".github/workflows/extra.yml": HEADER + "name: extra\n"}
    build_file_tree(
        tmp_path,
        {WORKFLOW: HAND_WRITTEN, ".github/workflows/old.yml": HEADER + "name: old\n"},
    )
    before = tree(tmp_path)
    with pytest.raises(WriteRefused) as refused:
        drift.write(tmp_path, files)
    assert refused.value.exit_code is ExitCode.REFUSED
    assert int(refused.value.exit_code) == 4
    message = str(refused.value)
    assert message.startswith("refusing to overwrite files ci-gen did not generate: ")
    assert WORKFLOW in message
    assert "--force" in message
    assert ".github/workflows/extra.yml" not in message
    assert tree(tmp_path) == before  # no other file written, the stale one not removed
    assert temp_files(tmp_path) == []


def test_write_with_force_replaces_a_foreign_target(tmp_path: Path) -> None:
    build_file_tree(tmp_path, {WORKFLOW: HAND_WRITTEN})
    report = drift.write(tmp_path, FILES, force=True)
    assert report.written == (ACTION, WORKFLOW)
    assert tree(tmp_path) == {path: text.encode() for path, text in FILES.items()}


# --- write: atomic, minimal ---------------------------------------------------------


def test_write_creates_folders_and_exactly_the_files_without_temp_files(tmp_path: Path) -> None:
    report = drift.write(tmp_path / "fresh", FILES)
    assert report == drift.WriteReport(written=(ACTION, WORKFLOW), unchanged=(), removed=())
    assert tree(tmp_path / "fresh") == {path: text.encode() for path, text in FILES.items()}
    assert temp_files(tmp_path) == []
    mode = (tmp_path / "fresh" / WORKFLOW).stat().st_mode & 0o777
    assert mode == 0o644


def test_unchanged_files_are_not_rewritten(tmp_path: Path) -> None:
    drift.write(tmp_path, FILES)
    for path in FILES:
        os.utime(tmp_path / path, (OLD, OLD))
    before = {path: (tmp_path / path).stat() for path in FILES}
    report = drift.write(tmp_path, FILES)
    assert report == drift.WriteReport(written=(), unchanged=(ACTION, WORKFLOW), removed=())
    for path, stat in before.items():
        after = (tmp_path / path).stat()
        assert after.st_ino == stat.st_ino
        assert after.st_mtime_ns == stat.st_mtime_ns == OLD * 10**9


def test_a_changed_file_is_replaced_by_rename_not_rewritten_in_place(tmp_path: Path) -> None:
    build_file_tree(tmp_path, {**FILES, WORKFLOW: HEADER + "name: Old CI\n"})
    inode = (tmp_path / WORKFLOW).stat().st_ino
    untouched = (tmp_path / ACTION).stat().st_ino
    report = drift.write(tmp_path, FILES)
    assert report.written == (WORKFLOW,)
    assert report.unchanged == (ACTION,)
    assert (tmp_path / WORKFLOW).read_text() == FILES[WORKFLOW]
    assert (tmp_path / WORKFLOW).stat().st_ino != inode
    assert (tmp_path / ACTION).stat().st_ino == untouched
    assert temp_files(tmp_path) == []


def _fail(*_args: object, **_kwargs: object) -> None:
    raise OSError(28, "No space left on device")


@pytest.mark.parametrize("where", ["fsync", "replace"])
def test_a_write_failing_midway_keeps_the_previous_file_and_no_temp_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, where: str
) -> None:
    previous = HEADER + "name: previous\n"
    build_file_tree(tmp_path, {**FILES, WORKFLOW: previous})
    with monkeypatch.context() as patch:
        if where == "fsync":
            patch.setattr(os, "fsync", _fail)
        else:
            patch.setattr(Path, "replace", _fail)
        with pytest.raises(WriteFailed, match=r"cannot write .*ci\.yml: No space left on device"):
            drift.write(tmp_path, FILES)
    assert (tmp_path / WORKFLOW).read_text() == previous
    assert temp_files(tmp_path) == []
    assert sorted(p.name for p in (tmp_path / ".github/workflows").iterdir()) == ["ci.yml"]
    # and the next write, once the disk has room again, completes
    assert drift.write(tmp_path, FILES).written == (WORKFLOW,)
    assert drift.compare(tmp_path, FILES) == []


def test_a_new_file_failing_midway_leaves_nothing_behind(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(os, "fsync", _fail)
    with pytest.raises(WriteFailed) as failed:
        drift.write(tmp_path, {WORKFLOW: FILES[WORKFLOW]})
    assert failed.value.exit_code == ExitCode.REFUSED
    assert tree(tmp_path) == {}
    assert temp_files(tmp_path) == []


def test_a_failure_on_the_second_file_leaves_both_intact(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    build_file_tree(tmp_path, {ACTION: HEADER + "a: 1\n", WORKFLOW: HEADER + "w: 1\n"})
    real_fsync = os.fsync
    calls: list[int] = []

    def fsync_once(fd: int) -> None:
        calls.append(fd)
        if len(calls) > 1:
            _fail()
        real_fsync(fd)

    monkeypatch.setattr(os, "fsync", fsync_once)
    with pytest.raises(WriteFailed, match="nothing was written"):
        drift.write(tmp_path, FILES)
    assert len(calls) == 2
    # All or nothing: the first file was staged, but it replaces nothing either.
    assert (tmp_path / ACTION).read_text() == HEADER + "a: 1\n"
    assert (tmp_path / WORKFLOW).read_text() == HEADER + "w: 1\n"
    assert temp_files(tmp_path) == []


# --- line endings -------------------------------------------------------------------


def _crlf(text: str) -> bytes:
    return text.replace("\n", "\r\n").encode()


def test_crlf_line_endings_on_disk_are_not_drift(tmp_path: Path) -> None:
    for path, text in FILES.items():
        (tmp_path / path).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / path).write_bytes(_crlf(text))
        os.utime(tmp_path / path, (OLD, OLD))
    assert drift.compare(tmp_path, FILES) == []
    report = drift.write(tmp_path, FILES)
    assert report.written == ()
    assert report.unchanged == (ACTION, WORKFLOW)
    assert (tmp_path / WORKFLOW).read_bytes() == _crlf(FILES[WORKFLOW])  # left as checked out
    assert (tmp_path / WORKFLOW).stat().st_mtime == OLD


def test_a_real_change_under_crlf_diffs_only_the_changed_line(tmp_path: Path) -> None:
    (tmp_path / ".github/workflows").mkdir(parents=True)
    (tmp_path / WORKFLOW).write_bytes(_crlf(HEADER + "name: Old CI\non: push\njobs: {}\n"))
    changes = drift.compare(tmp_path, {WORKFLOW: FILES[WORKFLOW]})
    assert kinds(changes) == {WORKFLOW: "changed"}
    removed = [line for line in changes[0].diff.splitlines() if line.startswith("-")]
    assert removed == [f"--- a/{WORKFLOW}", "-name: Old CI"]
    assert "\r" not in changes[0].diff
    drift.write(tmp_path, {WORKFLOW: FILES[WORKFLOW]})
    assert (tmp_path / WORKFLOW).read_bytes() == FILES[WORKFLOW].encode()  # written with LF


def test_a_stale_generated_file_with_crlf_is_still_recognised(tmp_path: Path) -> None:
    build_file_tree(tmp_path, FILES)
    (tmp_path / ".github/workflows/old.yml").write_bytes(_crlf(HEADER + "name: old\n"))
    assert kinds(drift.compare(tmp_path, FILES)) == {".github/workflows/old.yml": "stale"}
    assert drift.write(tmp_path, FILES).removed == (".github/workflows/old.yml",)


# --- the pipeline on a real manifest ------------------------------------------------


def test_render_files_writes_what_generate_renders_and_check_finds_no_drift(
    tmp_path: Path,
) -> None:
    manifest = copy_minimal(tmp_path)
    repo = manifest.parent
    expected = pipeline.generate(manifest).files
    assert set(expected) == {
        ".github/actions/ci-gen/check-disk/action.yml",
        ".github/actions/ci-gen/prepare-disk/action.yml",
        ".github/actions/ci-gen/report-disk/action.yml",
        ".github/workflows/ci.yml",
    }
    missing = pipeline.check_files(manifest)
    assert [(c.path, c.kind) for c in missing] == [(path, "missing") for path in expected]
    for change in missing:  # "+++ b/path", then every line added
        assert change.diff.count("\n+") == 1 + expected[change.path].count("\n")
    report = pipeline.render_files(manifest)
    assert report.written == tuple(expected)
    assert tree(repo) == {
        "ci.toml": manifest.read_bytes(),
        **{path: text.encode() for path, text in expected.items()},
    }
    assert pipeline.check_files(manifest) == []


def test_rendering_twice_is_byte_identical(tmp_path: Path) -> None:
    manifest = copy_minimal(tmp_path)
    pipeline.render_files(manifest)
    first = tree(manifest.parent)
    report = pipeline.render_files(manifest)
    assert report.written == ()
    assert report.removed == ()
    assert len(report.unchanged) == 4
    assert tree(manifest.parent) == first


def test_every_generated_file_starts_with_the_header(tmp_path: Path) -> None:
    manifest = copy_minimal(tmp_path)
    for path, text in pipeline.generate(manifest).files.items():
        lines = text.splitlines()
        assert (
            lines[0] == f"# @generated by ci-gen {__version__} from ci.toml. Do not edit by hand:"
        )
        assert lines[1] == "# change ci.toml and run `ci-gen render`;", path
        assert lines[2] == "# `ci-gen check` fails when this file and the manifest disagree.", path


def test_a_manifest_below_the_root_is_named_with_the_command_run_from_the_root(
    tmp_path: Path,
) -> None:
    manifest = tmp_path / "sub" / "ci.toml"
    manifest.parent.mkdir()
    manifest.write_text((GOLDEN / "minimal" / "ci.toml").read_text() + PIP_DRIFT)
    files = pipeline.generate(manifest, tmp_path).files
    render = "ci-gen render --manifest sub/ci.toml --root ."
    check = "ci-gen check --manifest sub/ci.toml --root ."
    for text in files.values():
        # The header's sentences, wrapped at 80 columns.
        assert text.startswith(
            f"# @generated by ci-gen {__version__} from sub/ci.toml. Do not edit by hand:\n"
            f"# change sub/ci.toml and run `{render}`;\n"
            f"# `{check}` fails when this file and the\n"
            "# manifest disagree.\n"
        )
    assert f"\n          {check}\n" in files[WORKFLOW]  # the drift-check step, run in root
    pipeline.render_files(manifest, tmp_path)
    assert (tmp_path / WORKFLOW).is_file()
    assert not (manifest.parent / ".github").exists()
    assert pipeline.check_files(manifest, tmp_path) == []


def test_check_files_reports_each_kind_and_never_writes(
    tmp_path: Path, manifest: ManifestFactory
) -> None:
    path = manifest((GOLDEN / "minimal" / "ci.toml").read_text())
    pipeline.render_files(path)
    (tmp_path / WORKFLOW).write_text(
        (tmp_path / WORKFLOW).read_text().replace("name: CI", "name: edited")
    )
    (tmp_path / ACTION).unlink()
    build_file_tree(
        tmp_path,
        {
            ".github/workflows/old.yml": HEADER + "name: old\n",
            ".github/workflows/release.yml": HAND_WRITTEN,
        },
    )
    report = ".github/actions/ci-gen/report-disk/action.yml"
    (tmp_path / report).write_text(HAND_WRITTEN)
    for file in tmp_path.rglob("*"):
        os.utime(file, (OLD, OLD))
    before = tree(tmp_path)
    changes = pipeline.check_files(path)
    assert kinds(changes) == {
        ACTION: "missing",
        report: "foreign",
        WORKFLOW: "changed",
        ".github/workflows/old.yml": "stale",
    }
    changed = next(c for c in changes if c.kind == "changed")
    assert "-name: edited\n" in changed.diff
    assert "+name: CI\n" in changed.diff
    assert tree(tmp_path) == before
    assert all(f.stat().st_mtime == OLD for f in tmp_path.rglob("*") if f.is_file())


def test_render_files_refuses_a_foreign_workflow_and_writes_nothing(
    tmp_path: Path, manifest: ManifestFactory
) -> None:
    path = manifest((GOLDEN / "minimal" / "ci.toml").read_text())
    build_file_tree(tmp_path, {WORKFLOW: HAND_WRITTEN})
    with pytest.raises(WriteRefused, match=r"\.github/workflows/ci\.yml"):
        pipeline.render_files(path)
    assert tree(tmp_path) == {"ci.toml": path.read_bytes(), WORKFLOW: HAND_WRITTEN.encode()}
    pipeline.render_files(path, force=True)
    assert pipeline.check_files(path) == []


def test_render_files_removes_what_the_manifest_no_longer_produces(
    tmp_path: Path, manifest: ManifestFactory
) -> None:
    path = manifest((GOLDEN / "minimal" / "ci.toml").read_text())
    pipeline.render_files(path)
    stale = tmp_path / ".github/workflows/nightly.yml"
    stale.write_text((tmp_path / WORKFLOW).read_text())  # as an older manifest rendered it
    assert kinds(pipeline.check_files(path)) == {".github/workflows/nightly.yml": "stale"}
    assert pipeline.render_files(path).removed == (".github/workflows/nightly.yml",)
    assert not stale.exists()
    assert pipeline.check_files(path) == []


def test_generated_on_disk_lists_only_owned_files_with_the_header(tmp_path: Path) -> None:
    build_file_tree(
        tmp_path,
        {
            **FILES,
            ".github/workflows/release.yml": HAND_WRITTEN,
            ".github/workflows/sub/nested.yml": HEADER,  # workflows cannot live in subfolders
            "other/.github/workflows/x.yml": HEADER,
        },
    )
    assert len(tree(tmp_path)) == 5
    assert list(owned.generated_on_disk(tmp_path)) == [ACTION, WORKFLOW]


def test_removing_a_stale_action_removes_its_empty_folder(tmp_path: Path) -> None:
    stale = ".github/actions/ci-gen/old/action.yml"
    build_file_tree(
        tmp_path, {stale: HEADER + "a: 1\n", ".github/actions/mine/action.yml": "x: 1\n"}
    )
    assert drift.write(tmp_path, FILES).removed == (stale,)
    assert not (tmp_path / ".github/actions/ci-gen/old").exists()
    assert (tmp_path / ".github/actions/ci-gen").is_dir()  # still holds the current actions
    assert (tmp_path / ".github/actions/mine/action.yml").exists()
