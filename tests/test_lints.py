"""The feature sets' clippy runs: each set whose flags differ from the default is linted
on its own crates in the gate, planned at what it re-checks, and never twice."""

from __future__ import annotations

from pathlib import Path

import pytest

from ci_gen import pipeline
from ci_gen.plan import Job, Plan
from ci_gen.plan.commands import without_selection

BASE = """
[crates.core]
path = "core"
features = ["tls", "simd"]
cost = { build-gb = 2, build-min = 4, test-min = 1 }
feature-cost = { tls = { build-gb = 0.5, build-min = 1.0 } }

[crates.cli]
path = "cli"
deps = ["core"]
cost = { build-gb = 1, build-min = 2, test-min = 1 }

[feature-sets.default]

[feature-sets.tls]
features = ["tls"]
crates = ["core"]

[feature-sets.bare]
no-default-features = true

[feature-sets.flags-only]
env = { RUSTFLAGS = "--cfg tokio_unstable" }

[feature-sets.tls-again]
features = ["core/tls"]
crates = ["core"]

[gate]
layout = "gate-first"
"""


def planned(tmp_path: Path, text: str) -> Plan:
    (tmp_path / "ci.toml").write_text(text, encoding="utf-8")
    return pipeline.make_plan(tmp_path / "ci.toml")


def gate(p: Plan) -> Job:
    (found,) = [j for j in p.jobs if j.id == "gate"]
    return found


def test_each_set_with_flags_of_its_own_is_linted_once_on_its_crates(tmp_path: Path) -> None:
    g = gate(planned(tmp_path, BASE))
    assert g.cargo is not None
    runs = {c.name: c.argv for c in g.cargo.commands}
    assert list(runs) == ["Clippy", "Clippy (tls)", "Clippy (bare)"]  # env only, a repeat: no
    assert runs["Clippy (tls)"][:6] == (
        "cargo",
        "clippy",
        "--package",
        "core",
        "--features",
        "core/tls",
    )
    assert runs["Clippy (bare)"][:4] == ("cargo", "clippy", "--workspace", "--no-default-features")
    assert all(argv[-3:] == ("--", "-D", "warnings") for argv in runs.values())


def test_the_runs_are_planned_at_what_they_recheck(tmp_path: Path) -> None:
    """The features' own cost (tls pulls in 1.0 build-min, 0.8 of it checked) and the
    crates' own code, a fixed 0.2 min a run; disk grows by what the features add."""
    with_sets = gate(planned(tmp_path, BASE))
    without = gate(planned(tmp_path, BASE + "lint-feature-sets = false\n"))
    assert without.cargo is not None and len(without.cargo.commands) == 1
    minutes = dict(with_sets.minutes.terms)
    assert minutes["clippy-sets"] == pytest.approx(2 * 0.2 + 1.0 * 0.8)
    assert dict(without.minutes.terms)["clippy-sets"] == 0.0
    assert with_sets.disk and without.disk
    assert with_sets.disk.peak_gb > without.disk.peak_gb


def test_a_workspace_run_with_every_feature_covers_the_sets_that_add_features(
    tmp_path: Path,
) -> None:
    text = BASE.replace(
        'layout = "gate-first"',
        'layout = "gate-first"\nclippy-args = ["--all-targets", "--all-features"]',
    )
    g = gate(planned(tmp_path, text))
    assert g.cargo is not None
    runs = {c.name: c.argv for c in g.cargo.commands}
    assert list(runs) == ["Clippy", "Clippy (bare)"]  # what --all-features leaves out
    # the set brings its own feature flags: the workspace run's are not repeated
    assert "--all-features" not in runs["Clippy (bare)"]
    assert "--all-targets" in runs["Clippy (bare)"]


@pytest.mark.parametrize(
    ("args", "kept"),
    [
        (["--all-targets", "--all-features"], ("--all-targets",)),
        (["--features", "a,b", "--lib"], ("--lib",)),
        (["--features=a", "-F", "b", "-Fc", "--no-default-features", "--tests"], ("--tests",)),
        (["--workspace", "--exclude", "gamma", "-p", "x", "-py", "--package=z"], ()),
        (["--all", "--exclude=gamma", "--benches"], ("--benches",)),
    ],
)
def test_feature_flags_leave_the_gates_args_for_a_sets_run(
    args: list[str], kept: tuple[str, ...]
) -> None:
    assert without_selection(args) == kept


def test_the_rows_of_a_one_job_layout_wait_for_the_last_lint(tmp_path: Path) -> None:
    text = (
        BASE.replace('layout = "gate-first"', 'layout = "one-job-per-os"')
        + '[matrix]\nfull = ["ubuntu"]\n[budgets]\njob-minutes = 60\n'
    )
    (job,) = [j for j in planned(tmp_path, text).jobs if j.runner == "ubuntu" and j.cargo]
    assert job.cargo is not None
    ids = [c.step_id for c in job.cargo.commands if c.name.startswith("Clippy")]
    assert ids == ["", "", "clippy"]


def test_a_sets_env_goes_with_its_run_and_flags_that_rebuild_all_cost_all(
    tmp_path: Path,
) -> None:
    """Its features may need the set's env to build (a --cfg, a build script's input);
    RUSTFLAGS there leave no check unit of the workspace run fresh: its crates and all
    they build on are checked again."""
    text = (
        BASE.replace(
            '[feature-sets.tls]\nfeatures = ["tls"]',
            '[feature-sets.tls]\nfeatures = ["tls"]\n'
            'env = { RUSTFLAGS = "--cfg unstable", TLS_ROOTS = "webpki" }',
        )
        + '[gate.env]\nRUSTFLAGS = "-D warnings"\n'
    )
    g = gate(planned(tmp_path, text))
    assert g.cargo is not None
    run = {c.name: dict(c.env) for c in g.cargo.commands}["Clippy (tls)"]
    assert run == {"RUSTFLAGS": "-D warnings --cfg unstable", "TLS_ROOTS": "webpki"}
    # core alone (4 build-min, 0.8 of it for a check) with tls's 1.0 (0.8 checked), and
    # bare's 0.2: not 0.2 + 0.8 for tls any more
    assert dict(g.minutes.terms)["clippy-sets"] == pytest.approx(0.8 * 4 + 0.8 * 1.0 + 0.2)


def test_a_dependencys_feature_reaches_the_crate_that_depends_on_it(tmp_path: Path) -> None:
    """`core/tls` for a set of cli only: cargo takes --features core/tls with --package
    cli (core is its dependency); a feature nothing reaches is a warning."""
    text = BASE + '[feature-sets.cli-tls]\nfeatures = ["core/tls"]\ncrates = ["cli"]\n'
    text += '[crates.tool]\npath = "tool"\nfeatures = ["y"]\n'
    text += '[feature-sets.lost]\nfeatures = ["tool/y"]\ncrates = ["cli"]\n'
    p = planned(tmp_path, text)
    g = gate(p)
    assert g.cargo is not None
    runs = {c.name: c.argv for c in g.cargo.commands}
    assert runs["Clippy (cli-tls)"][2:6] == ("--package", "cli", "--features", "core/tls")
    assert "Clippy (lost)" not in runs
    assert any(
        w.startswith("feature-sets.lost: its features (tool/y) reach none") for w in p.warnings
    )


def test_a_set_can_opt_out_and_the_plan_says_what_the_lints_leave_out(tmp_path: Path) -> None:
    text = BASE.replace(
        "[feature-sets.bare]\nno-default-features = true",
        "[feature-sets.bare]\nno-default-features = true\nlint = false",
    )
    g = gate(planned(tmp_path, text))
    assert g.cargo is not None
    assert [c.name for c in g.cargo.commands] == ["Clippy", "Clippy (tls)"]
    rebuilt = BASE.replace(
        '[feature-sets.tls]\nfeatures = ["tls"]',
        '[feature-sets.tls]\nfeatures = ["tls"]\nenv = { RUSTFLAGS = "-C target-cpu=native" }',
    )
    notes = planned(tmp_path, rebuilt).notes
    assert any(
        n.startswith("the lints of feature sets tls re-check all their crates") for n in notes
    )
    assert any(
        n.startswith("the lints of feature sets bare are costed at 0.2 min each") for n in notes
    )


def test_a_sets_env_for_its_services_stays_with_its_tests(tmp_path: Path) -> None:
    """The gate starts no service: DATABASE_URL there would send sqlx's macros to a
    database that is not running."""
    text = (
        BASE.replace(
            '[feature-sets.tls]\nfeatures = ["tls"]',
            '[feature-sets.tls]\nfeatures = ["tls"]\n'
            'env = { DATABASE_URL = "postgres://localhost/x" }',
        )
        + f'[services.db]\nimage = "postgres@sha256:{"a" * 64}"\nfeature-sets = ["tls"]\n'
    )
    p = planned(tmp_path, text)
    g = gate(p)
    assert g.cargo is not None
    run = {c.name: dict(c.env) for c in g.cargo.commands}["Clippy (tls)"]
    assert "DATABASE_URL" not in run
    assert any("run without the sets' env" in n for n in p.notes)
    commands = [c for j in p.jobs if j.feature_set == "tls" and j.cargo for c in j.cargo.commands]
    assert commands and all(dict(c.env).get("DATABASE_URL") for c in commands)
