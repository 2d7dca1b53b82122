"""The naive one-job-per-OS layout, predicted under the same model for comparison."""

from __future__ import annotations

import json

import pytest

from ci_gen.output import report
from ci_gen.plan import ALL_GREEN_MIN, Plan
from ci_gen.plan.constants import RELINT_MIN

from .conftest import GOLDEN, ManifestFactory
from .factories import plan_of

TWO_OS = """
    [crates.core]
    path = "core"
    features = ["fast"]
    cost = { build-gb = 6, build-min = 3, test-min = 2 }

    [crates.cli]
    path = "cli"
    deps = ["core"]
    cost = { build-gb = 1, build-min = 1, test-min = 5 }

    [feature-sets.default]

    [feature-sets.fast]
    features = ["fast"]
    crates = ["core"]

    [matrix]
    os = ["ubuntu", "macos"]
"""


def planned(manifest: ManifestFactory, text: str) -> Plan:
    return plan_of(manifest(text))


def test_one_naive_job_per_os_runs_every_row_there_in_one_target(
    manifest: ManifestFactory,
) -> None:
    naive = planned(manifest, TWO_OS).naive
    ubuntu, macos = naive.jobs
    # ubuntu: setup 1.5 + default (build 4, test 7) + fast (build 3, test 2)
    #         + fmt 0.5 + clippy (4 x 0.8 = 3.2) + fast's own clippy run (0.2: the
    #         crate's own code; its feature costs nothing), the plan's gate work
    assert ubuntu.runner == "ubuntu"
    assert ubuntu.minutes == pytest.approx(1.5 + 11 + 5 + 0.5 + 3.2 + RELINT_MIN)
    # target: default 7 GB and fast 6 GB under line-tables-only, plus clippy's 0.6 x 7 GB.
    factor = 250 / 314
    assert ubuntu.peak_gb == pytest.approx(2.9 + (7 + 6) * factor + 4.2)
    assert ubuntu.fits_disk is False  # 14 GB free, no cleanup
    # macOS runs the smoke set only, and no clippy.
    assert macos.minutes == pytest.approx(1.5 + 11)
    # Two jobs: branch protection needs an all-green job over them, as over the plan's.
    assert naive.critical_minutes == pytest.approx(ubuntu.minutes + ALL_GREEN_MIN)
    assert naive.runner_minutes == pytest.approx(ubuntu.minutes + macos.minutes + ALL_GREEN_MIN)


def test_the_report_compares_the_plan_with_the_naive_layout(manifest: ManifestFactory) -> None:
    p = planned(manifest, TWO_OS)
    text = report.to_text(p)
    t = report.totals(p)
    change = (t.critical_minutes - p.naive.critical_minutes) / p.naive.critical_minutes
    last = text.splitlines()[-1]  # the comparison ends the report, on one line
    assert last.startswith(f"this plan against naive: {change:+.0%} critical path (")
    kept = t.critical_minutes <= p.naive.critical_bound  # the naive job needs too much disk
    assert last.endswith("; bound kept" if kept else "; bound missed")
    peak = f"{p.naive.jobs[0].peak_gb:.2f}"
    assert (
        f"the naive ubuntu job would need {peak} GB of disk, over the 9.80 GB budget "
        "(0.7 of the 14.00 GB free; it cleans nothing up)"
    ) in text
    document = json.loads(report.to_json(p))
    assert document["naive"]["jobs"][0]["fits_disk"] is False
    assert document["naive"]["critical_path_minutes"] == round(p.naive.critical_minutes, 2)


def test_the_reference_plan_beats_the_naive_layout_by_a_quarter_at_least() -> None:
    """The seed plan's goal: CI at least 25 % faster; and no naive job that fits disk."""
    p = plan_of(GOLDEN / "reference" / "ci.toml")
    assert report.totals(p).critical_minutes <= 0.75 * p.naive.critical_minutes
    assert not any(j.fits_disk for j in p.naive.jobs if j.runner == "ubuntu")


# Twelve crates over one shared core in three feature sets: on Linux (budget 30 min) they
# need shards; macOS (half the speed, ten times the price) runs one smoke row, and the
# long naive Linux job leaves the plan room to run it unsharded.
SHARED = "\n".join(
    [
        "[crates.core]",
        'path = "core"',
        'features = ["a", "b"]',
        "cost = { build-gb = 2, build-min = 6, test-min = 0.5 }",
        *(
            f'[crates.c{i}]\npath = "c{i}"\ndeps = ["core"]\n'
            "cost = { build-gb = 0.3, build-min = 1, test-min = 1.5 }"
            for i in range(12)
        ),
        "[feature-sets.default]",
        "[feature-sets.a]",
        'features = ["a"]',
        "[feature-sets.b]",
        'features = ["b"]',
        "[matrix]",
        'os = ["ubuntu", "macos"]',
        "[runners.macos]",
        "free-gb = 30",
        "{budgets}",
    ]
)


def _macos_minutes(p: Plan) -> float:
    return sum(j.minutes.predicted for j in p.jobs if j.runner == "macos")


def test_smoke_rows_on_pricier_runners_cost_no_more_than_the_naive_job(
    manifest: ManifestFactory,
) -> None:
    p = planned(manifest, SHARED.replace("{budgets}", ""))
    naive_macos = next(j for j in p.naive.jobs if j.runner == "macos")
    assert naive_macos.fits_disk
    macos = [j for j in p.jobs if j.runner == "macos"]
    assert len(macos) == 1  # 38.0 predicted minutes: over 30, within 2 x 30
    assert macos[0].minutes.budget == 60.0
    assert _macos_minutes(p) <= naive_macos.minutes
    assert len([j for j in p.jobs if j.runner == "ubuntu" and j.kind == "test"]) > 1
    # Held to the Linux budget, macOS would pay for shards: each rebuilds core and setup.
    tight = planned(manifest, SHARED.replace("{budgets}", "[budgets]\nsmoke-minutes = 30"))
    assert _macos_minutes(tight) > naive_macos.minutes
    text = report.to_text(p)
    assert f"macos {_macos_minutes(p):.0f} / {naive_macos.minutes:.0f}" in text
