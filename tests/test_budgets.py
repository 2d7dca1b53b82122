"""Plan-level budgets: cache keys coarsen to fit the cache budget; accepted overruns."""

from __future__ import annotations

import pytest

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


def test_then_build_types_share_a_key(manifest: ManifestFactory) -> None:
    p = planned(manifest, TWO_ROWS.replace("{budget}", "7"))
    keys = keyed(p)
    assert {key for key, _ in keys.values()} == {"ubuntu", "macos"}
    assert keys["gate"] == ("ubuntu", False)
    assert p.cache_note == "test, check and clippy builds share a key"


def test_at_last_only_the_main_runner_saves_and_the_plan_warns(
    manifest: ManifestFactory,
) -> None:
    p = planned(manifest, TWO_ROWS.replace("{budget}", "1"))
    keys = keyed(p)
    assert keys["test-macos-default"] == ("macos", False)
    assert [saves for _, saves in keys.values()].count(True) == 1
    macos = next(j for j in p.jobs if j.id == "test-macos-default")
    assert macos.cache is not None
    assert macos.cache.note == "not saved: the other entries fill the cache budget"
    assert len(p.warnings) == 1
    assert p.warnings[0].startswith("cache entries are predicted at ")
    assert "over budgets.cache-gb (1 GB)" in p.warnings[0]


@pytest.mark.parametrize(("macos_price", "saved"), [(10.0, "macos"), (0.1, "ubuntu-msrv")])
def test_at_last_the_entries_worth_most_per_gb_save_while_they_fit(
    manifest: ManifestFactory, macos_price: float, saved: str
) -> None:
    """Besides the main runner's entry, one more fits: the MSRV check's (small, cheap
    runner) or macOS's (larger, but its builds cost ten times as much)."""
    text = TWO_ROWS.replace("{budget}", "7").replace(
        "free-gb = 40", f"free-gb = 40\nprice = {macos_price}"
    )
    text += """
        [workspace]
        msrv = "1.80"
    """
    p = planned(manifest, text)
    sizes = {j.cache.key: j.cache.gb for j in p.jobs if j.cache and j.cache.saves}
    assert set(sizes) == {"ubuntu", saved}, p.cache_note
    left_out = ({"macos", "ubuntu-msrv"} - {saved}).pop()
    assert p.cache_note.endswith(f"; {left_out} not saved, to fit the budget")
    assert sum(sizes.values()) <= 7


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
    assert "  the gate (drift, fmt, clippy on the workspace) needs 38.5 min of time" in lines[1]
    p = planned(manifest, SLOW_GATE.replace("{accept}", 'accept = ["gate", "giant"]'))
    assert p.jobs[0].minutes.predicted == pytest.approx(38.5)
