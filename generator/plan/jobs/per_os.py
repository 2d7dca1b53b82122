"""One job per OS: every matrix row of a runner, one after another, in one target dir,
with the gate's checks first on the main runner. It is the naive layout, with ci-gen's
disk guards and cache: no job waits for another, and each OS pays its setup once.

Each row's commands keep their words (packages, features, a toolchain other than the
job's as ``cargo +<toolchain>``, installed as the row's first step) and are named by the
row when the job runs several.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence

import attrs

from ...manifest import Closures, Manifest, Runner
from .. import predict
from ..commands import Build, another_toolchain, check_cargo, rustup_install, test_cargo
from ..machine import extras_for
from ..model import Cache, Cargo, Command, Job, Minutes, Scope, Terms
from ..rows import Row
from ..selection import costed
from .merged import checks_of, with_checks
from .tests import build_steps, closures


@attrs.frozen
class RowWork:
    """What one row adds to the job: its commands, minutes and target GB."""

    commands: tuple[Command, ...]
    build_min: float
    test_min: float
    target_gb: float
    calibrated: bool


def per_os_jobs(
    m: Manifest, gate: Job, rows: Sequence[Row], runners: Mapping[str, Runner], home: Runner
) -> tuple[Job, ...] | str:
    """The jobs, or why one of them cannot be (it would break a budget)."""
    graph = Closures(m.crates)
    jobs = []
    for name in m.matrix.os:
        mine = [r for r in rows if r.runner.name == name]
        if not mine:
            continue
        job = os_job(m, gate if name == home.name else None, mine, runners[name], graph)
        if isinstance(job, str):
            return job
        jobs.append(job)
    return tuple(jobs)


def _lints(gate: Job | None) -> tuple[Command, ...]:
    """The gate's clippy runs; the last (which runs only when those before it passed)
    is the step the rows wait for."""
    commands = gate.cargo.commands if gate and gate.cargo else ()
    return tuple(
        attrs.evolve(c, step_id="clippy") if i == len(commands) - 1 else c
        for i, c in enumerate(commands)
    )


def os_job(
    m: Manifest, gate: Job | None, rows: Sequence[Row], runner: Runner, graph: Closures
) -> Job | str:
    """The one job of ``runner``: ``gate``'s checks first when given, then each row."""
    main = m.workspace.toolchain
    work = [row_work(m, row, graph, main, labelled=len(rows) > 1) for row in rows]
    lint_gb = dict(gate.disk.terms)["target"] if gate and gate.disk else 0.0
    target = math.fsum(w.target_gb for w in work) + lint_gb
    toolchains = tuple(dict.fromkeys([main, *(r.toolchain for r in rows)]))
    kind = "test" if any(r.action == "test" for r in rows) else "check"
    kinds = (kind, "gate") if gate else (kind,)
    extras = extras_for(m, runner, kinds, [r.feature_set for r in rows])
    terms = predict.disk_terms(target, m.model, len(toolchains), extras.disk)
    fit = predict.fit_disk(terms, runner, m.budgets.disk)
    ident = f"test-{runner.name}"
    if fit is None:
        disk = predict.best_effort_disk(terms, runner, m.budgets.disk)
        return (
            f"{ident} would need {disk.peak_gb:.1f} GB of disk, over its budget of "
            f"{disk.budget_gb:.1f} GB even after the fullest cleanup"
        )
    tier, disk = fit
    minutes = _minutes(m, gate, work, runner, tier, machine=extras.minutes)
    predicted = math.fsum(t for _, t in minutes)
    budget, key = rows[0].budget, rows[0].budget_key
    if predicted > budget + predict.EPSILON:
        return f"{ident} would take {predicted:.1f} min, over {key} ({budget:g})"
    measured = all(w.calibrated for w in work) and (gate is None or gate.minutes.calibrated)
    lint = _lints(gate)
    nextest = m.workspace.nextest and any(r.action == "test" for r in rows)
    steps = build_steps(nextest)
    checks = checks_of(gate) if gate else ""
    fmt = gate is not None and "fmt" in gate.steps
    components = [c for c, on in (("rustfmt", fmt), ("clippy", bool(lint))) if on]
    tested = sorted({c for r in rows for c in r.crates})
    row_commands = _independent(work, lint) if len(work) > 1 else work[0].commands
    return Job(
        id=ident,
        name=f"{checks} and test ({runner.name})" if checks else f"test ({runner.name})",
        kind="test",
        runner=runner.name,
        runs_on=runner.label,
        os=runner.os,
        needs=(),
        steps=with_checks(gate, steps) if gate else steps,
        minutes=Minutes(minutes, budget, predict.timeout(predicted, measured), measured),
        toolchain=main,
        rustup=rustup_install(main, components, Build.of(m, runner).targets),
        cleanup=tier,
        use_mnt=runner.mnt,
        cargo=Cargo(tuple(tested), (), (*lint, *row_commands), nextest),
        lints=gate is not None,
        disk=disk,
        cache=Cache(
            ident,
            m.workspace.default_branch,
            predict.cache_gb(target, m.model),
            Scope("test", runner.name, "", target=runner.target or ""),
        ),
        row=ident,
        extras=extras,
        reason=_reason(checks, rows),
    )


def row_work(m: Manifest, row: Row, graph: Closures, main: str, *, labelled: bool) -> RowWork:
    """One row in a job that runs several: its commands (named by the row when
    ``labelled``), and what it adds to the job's minutes and target dir."""
    check = row.action == "check"
    crates = costed(m.crates, row.spec, examples="none" if check else "build", check=check)
    built = sorted(frozenset().union(*closures(graph, row).values()))
    load = predict.load_of((crates[n] for n in row.crates), (crates[n] for n in built))
    make = check_cargo if check else test_cargo
    build = Build.of(m, row.runner)
    cargo = make(build, crates, row.spec, row.crates)
    label = row.job_name((1, 1)).partition(", ")[2].removesuffix(")") if labelled else ""
    plus = row.toolchain if row.toolchain != main else ""
    install = [another_toolchain(plus, build.targets)] if plus else []
    return RowWork(
        (*install, *(_fixed(c, label, plus) for c in cargo.commands)),
        predict.build_minutes(load.build, row.runner),
        0.0 if check else predict.test_minutes(load.test, row.runner),
        predict.target_gb(load.gb, m.profile, check),
        predict.calibrated(crates[n] for n in built),
    )


def _fixed(command: Command, label: str, toolchain: str) -> Command:
    """The command with its parts as plain words (one job: nothing for a matrix to
    carry), ``+toolchain`` after ``cargo``, named by its row."""
    words = list(command.argv)
    if toolchain and words[:1] == ["cargo"]:
        words.insert(1, f"+{toolchain}")
    name = f"{command.name} ({label})" if label else command.name
    return Command(name, tuple(words), env=command.env)


def _independent(work: Sequence[RowWork], lint: tuple[Command, ...]) -> tuple[Command, ...]:
    """The rows' commands, each row running whatever became of the rows before it, as
    its own job would (a failed row still fails the job): each row's first command once
    the disk guard and the lints passed, its other commands once that first one did."""
    # clippy runs only when every step before it passed (formatting, the disk guard):
    # its outcome says all of theirs
    last = "clippy" if lint else "guard"
    ready = f"!cancelled() && steps.{last}.outcome == 'success'"
    out = []
    for index, w in enumerate(work, start=1):
        first, *rest = w.commands
        ident = f"row-{index}"
        out.append(attrs.evolve(first, step_id=ident, condition=ready))
        after = f"!cancelled() && steps.{ident}.outcome == 'success'"
        out += [attrs.evolve(c, condition=after) for c in rest]
    return tuple(out)


def _minutes(
    m: Manifest,
    gate: Job | None,
    work: Sequence[RowWork],
    runner: Runner,
    tier: str,
    *,
    machine: Terms,
) -> Terms:
    fixed = predict.FIXED_MINUTES
    lint = [(k, v) for k, v in gate.minutes.terms if k not in fixed] if gate else []
    return (
        ("setup", m.model.setup_min),
        *machine,
        ("cleanup", predict.cleanup_minutes(runner, tier)),
        *lint,
        ("build", math.fsum(w.build_min for w in work)),
        ("test", math.fsum(w.test_min for w in work)),
    )


def _reason(checks: str, rows: Sequence[Row]) -> str:
    what = "every row of this OS" if len(rows) > 1 else "the whole row"
    first = f"{checks} first, then " if checks else ""
    return f"{first}{what} in one job and one target dir"
