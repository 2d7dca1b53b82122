"""Plan-level budgets: cache keys coarsen to fit the cache budget; accepted overruns."""

from __future__ import annotations

import pytest
from typer.testing import CliRunner

from ci_gen import pipeline
from ci_gen.cli import app
from ci_gen.errors import BudgetError
from ci_gen.output import report
from ci_gen.plan import Job, Plan

from .conftest import GOLDEN, ManifestFactory
from .factories import plan_of

TWO_ROWS = """
    [crates.core]
    path = "core"
    features = ["fast"]
    cost = { build-gb = 6, build-min = 2, test-min = 2 }

    [crates.cli]
    path = "cli"
    deps = ["core"]
    cost = { build-gb = 2, build-min = 1, test-min = 1 }

    [feature-sets.default]

    [feature-sets.fast]
    features = ["fast"]
    crates = ["core"]

    [matrix]
    os = ["ubuntu", "macos"]

    [runners.macos]
    free-gb = 40

    [budgets]
    cache-gb = {budget}
"""


def planned(manifest: ManifestFactory, text: str) -> Plan:
    return plan_of(manifest(text))


def keyed(p: Plan) -> dict[str, tuple[str, bool]]:
    return {j.id: (j.cache.key, j.cache.saves) for j in p.jobs if j.cache is not None}


def test_with_room_every_row_keeps_its_own_key(manifest: ManifestFactory) -> None:
    p = planned(manifest, TWO_ROWS.replace("{budget}", "100"))
    assert keyed(p) == {
        "gate": ("clippy-ubuntu", True),
        "test-ubuntu-default": ("test-ubuntu-default", True),
        "test-ubuntu-fast": ("test-ubuntu-fast", True),
        "test-macos-default": ("test-macos-default", True),
    }
    assert p.cache_note == "one key per matrix row"
    assert p.warnings == ()


def test_feature_sets_share_a_key_first(manifest: ManifestFactory) -> None:
    p = planned(manifest, TWO_ROWS.replace("{budget}", "11"))
    keys = keyed(p)
    assert keys["test-ubuntu-default"] == ("test-ubuntu", True)  # the larger target saves
    assert keys["test-ubuntu-fast"] == ("test-ubuntu", False)
    fast = next(j for j in p.jobs if j.id == "test-ubuntu-fast")
    assert fast.cache is not None
    assert fast.cache.note == "test-ubuntu-default saves this shared key"
    assert p.cache_note == "feature sets share a key"
    assert report.totals(p).cache_gb <= 11


def test_build_types_never_share_and_at_last_the_main_tests_save_first(
    manifest: ManifestFactory,
) -> None:
    p = planned(manifest, TWO_ROWS.replace("{budget}", "7"))
    keys = keyed(p)
    assert keys == {
        "gate": ("clippy-ubuntu", False),  # clippy's check units are no use to test builds
        "test-ubuntu-default": ("test-ubuntu", True),
        "test-ubuntu-fast": ("test-ubuntu", False),
        "test-macos-default": ("test-macos", True),  # macOS minutes cost ten times more
    }
    assert p.cache_note == "feature sets share a key; clippy-ubuntu not saved, to fit the budget"
    gate = next(j for j in p.jobs if j.id == "gate")
    assert gate.cache is not None
    assert gate.cache.note == "not saved: entries worth more per GB fill the cache budget"
    assert p.warnings == ()


def test_the_main_tests_save_even_over_budget_and_the_plan_warns(
    manifest: ManifestFactory,
) -> None:
    p = planned(manifest, TWO_ROWS.replace("{budget}", "1"))
    saved = [key for key, saves in keyed(p).values() if saves]
    assert saved == ["test-ubuntu"]
    assert len(p.warnings) == 1
    assert p.warnings[0].startswith("cache entries are predicted at ")
    assert "over budgets.cache-gb (1 GB)" in p.warnings[0]


@pytest.mark.parametrize(
    ("macos_price", "left_out"), [(10.0, "check-ubuntu-msrv"), (0.1, "test-macos")]
)
def test_then_the_entries_worth_most_per_gb_save_while_they_fit(
    manifest: ManifestFactory, macos_price: float, left_out: str
) -> None:
    """After the main tests (3.3 GB), two of macOS (3.3 GB), the gate (2.4) and the MSRV
    check (2.4) fit in 9.5: macOS's builds are worth the most at ten times the price, the
    least at a tenth of it."""
    text = TWO_ROWS.replace("{budget}", "9.5").replace(
        "free-gb = 40", f"free-gb = 40\nprice = {macos_price}"
    )
    text += """
        [workspace]
        msrv = "1.80"
    """
    p = planned(manifest, text)
    sizes = {j.cache.key: j.cache.gb for j in p.jobs if j.cache and j.cache.saves}
    everything = {"test-ubuntu", "test-macos", "clippy-ubuntu", "check-ubuntu-msrv"}
    assert set(sizes) == everything - {left_out}, p.cache_note
    assert p.cache_note.endswith(f"; {left_out} not saved, to fit the budget")
    assert sum(sizes.values()) <= 9.5


def test_the_reference_fits_githubs_ten_gigabytes() -> None:
    p = plan_of(GOLDEN / "reference" / "ci.toml")
    assert report.totals(p).cache_gb <= 10
    assert p.warnings == ()


SLOW = """
    [workspace]
    nextest = false  # no partitions: the slow crate cannot be split

    [crates.fast]
    path = "fast"
    cost = { build-gb = 1, build-min = 1, test-min = 1 }

    [crates.slow]
    path = "slow"
    cost = { build-gb = 1, build-min = 1, test-min = 45 }

    [budgets]
    job-minutes = 30
    {accept}
"""


def test_an_overrun_fails_the_plan_unless_accepted(manifest: ManifestFactory) -> None:
    with pytest.raises(BudgetError) as failed:
        planned(manifest, SLOW.replace("{accept}", ""))
    assert "slow needs 47.5 min of time; the budget allows 30.0 min" in "\n".join(
        failed.value.lines()
    )
    p = planned(manifest, SLOW.replace("{accept}", 'accept = ["slow"]'))
    slow = next(j for j in p.jobs if j.cargo and j.cargo.packages == ("slow",))
    assert slow.minutes.predicted == 47.5
    assert p.warnings == (
        "test-ubuntu-default-2 (slow) is accepted over budget: 47.5 min of time where "
        "30.0 min are allowed",
    )


def test_an_overrun_names_the_term_that_is_most_of_it_and_its_key(
    manifest: ManifestFactory,
) -> None:
    """Not the crate when the crate costs nothing: the runner's setup, a package's disk.
    And no faster runner where speed changes nothing of what is over."""
    path = manifest(
        """
        [crates.acme-cli]
        path = "cli"
        cost = { build-gb = 1, build-min = 0.01, test-min = 0.01 }
        [budgets]
        job-minutes = 1
        """
    )
    with pytest.raises(BudgetError) as failed:
        pipeline.make_plan(path)
    lines = failed.value.lines()
    (cli,) = [i for i, line in enumerate(lines) if line.startswith("  acme-cli")]
    assert "(1.5 min of it model.setup-min, the runner's start with" in lines[cli]
    assert "model.setup-min, if your runners measure a faster setup" in lines[cli + 1]
    assert "a faster runner" not in lines[cli + 1]
    path = manifest(
        """
        [crates.a]
        path = "a"
        [packages]
        apt = ["texlive-full"]
        gb = 60
        """
    )
    with pytest.raises(BudgetError) as failed:
        pipeline.make_plan(path)
    assert "a needs 63.7 GB of disk (60.0 GB of it packages.gb)" in "\n".join(failed.value.lines())


def test_render_says_what_the_plan_accepts_over_budget(manifest: ManifestFactory) -> None:
    """Not only `plan`: the render that commits an accepted overrun (or a cache over its
    budget) says so too, after what it wrote."""
    path = manifest(SLOW.replace("{accept}", 'accept = ["slow"]\n    cache-gb = 0.1'))
    result = CliRunner().invoke(app, ["render", "--manifest", str(path)])
    assert result.exit_code == 0, result.output
    assert result.stdout.startswith("wrote ")
    warnings = [line for line in result.stderr.splitlines() if line.startswith("warning: ")]
    assert warnings[0] == (
        "warning: test-ubuntu-default-2 (slow) is accepted over budget: 47.5 min of time "
        "where 30.0 min are allowed"
    )
    assert "cache" in warnings[1]
    assert len(warnings) == 2


def test_accepting_by_job_id_works_too_and_unused_names_are_reported(
    manifest: ManifestFactory,
) -> None:
    text = SLOW.replace("{accept}", 'accept = ["test-ubuntu-default-2", "fast"]')
    p = planned(manifest, text)
    assert p.warnings[1] == (
        "budgets.accept names 'fast', but no job over budget tests it or is called so"
    )


def test_accepted_jobs_still_render_their_longer_timeout(manifest: ManifestFactory) -> None:
    p = planned(manifest, SLOW.replace("{accept}", 'accept = ["slow"]'))
    slow: Job = next(j for j in p.jobs if j.cargo and j.cargo.packages == ("slow",))
    assert slow.timeout == 158  # estimated costs: ceil(47.5 x 3) + 15


SLOW_GATE = """
    [crates.giant]
    path = "giant"
    cost = { build-gb = 2, build-min = 60, test-min = 1 }

    [budgets]
    job-minutes = 30
    {accept}
"""


def test_a_gate_over_the_time_budget_fails_the_plan_unless_accepted(
    manifest: ManifestFactory,
) -> None:
    with pytest.raises(BudgetError) as failed:
        planned(manifest, SLOW_GATE.replace("{accept}", ""))
    lines = failed.value.lines()
    # setup 1.5 + fmt 0.5 + clippy 60 x 0.8
    assert "  the gate (fmt, clippy on the workspace) needs 50.0 min of time" in lines[1]
    p = planned(manifest, SLOW_GATE.replace("{accept}", 'accept = ["gate", "giant"]'))
    assert p.jobs[0].minutes.predicted == pytest.approx(50.0)
