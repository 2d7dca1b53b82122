"""How failures read: budget reports stay short when a problem is workspace-wide."""

from __future__ import annotations

from ci_gen.errors import MAX_LINES, BudgetError, Overrun


def test_a_long_budget_report_is_cut_after_the_first_lines() -> None:
    overruns = [
        Overrun(f"test-{i}", f"crate-{i}", "time", 40.0, 30.0, fixes=(f"fix {i}",))
        for i in range(25)
    ]
    lines = BudgetError(overruns).lines()
    assert lines[0] == "cannot plan within the budgets:"
    assert lines[1] == (
        "  crate-0 needs 40.0 min of time; the budget allows 30.0 min, in the job that "
        "would be test-0"
    )
    assert lines[2] == "    fix: fix 0"
    assert lines[2 * MAX_LINES] == "    fix: fix 19"  # each problem with its fixes
    assert lines[-1] == "  ... and 5 more like these"
    assert len(lines) == 2 * MAX_LINES + 2


def test_a_short_budget_report_is_complete() -> None:
    where = "70% of 14.0 GB on ubuntu"
    overruns = [
        Overrun("a", "x", "disk", 12.0, 9.8, where, fixes=("p", "q")),
        Overrun("b", "x", "disk", 12.0, 9.8, where, fixes=("p", "q")),
        Overrun("c", "x", "disk", 11.0, 9.8, where, fixes=("r",)),  # fixed another way
    ]
    assert BudgetError(overruns).lines()[1:] == [
        "  x needs 12.0 GB of disk; the budget allows 9.8 GB (70% of 14.0 GB on ubuntu), in "
        "the jobs that would be a, b",
        "    fix: p; or q",
        "  x needs 11.0 GB of disk; the budget allows 9.8 GB (70% of 14.0 GB on ubuntu), in "
        "the job that would be c",
        "    fix: r",
    ]
