"""The gate and one test job of the main runner as one job: lint, then build and test,
in one target dir. It saves a job's setup and the wait between them, and still stops
before the tests when formatting or lints fail (its steps run in that order)."""

from __future__ import annotations

import math

import attrs

from ...manifest import Manifest, Runner
from .. import predict
from ..machine import extras_for
from ..model import Cargo, Extras, Job, Minutes, Terms


def merged_job(m: Manifest, gate: Job, test: Job, runner: Runner) -> Job | str:
    """The merged job, or why it cannot be one (it would break a budget)."""
    assert test.cargo is not None and test.disk is not None
    clippy = gate.cargo.commands if gate.cargo else ()
    check_gb = dict(gate.disk.terms)["target"] if gate.disk else 0.0
    target = dict(test.disk.terms)["target"] + check_gb
    extras = extras_for(m, runner, ("test", "gate"), (test.feature_set,))
    terms = predict.disk_terms(target, m.model, extras=extras.disk)
    fit = predict.fit_disk(terms, runner, m.budgets.disk)
    if fit is None:
        roomiest = predict.best_effort_disk(terms, runner, m.budgets.disk)
        return (
            f"linting in {test.id} would need {roomiest.peak_gb:.1f} GB of disk, over its "
            f"budget of {roomiest.budget_gb:.1f} GB even after the fullest cleanup"
        )
    tier, disk = fit
    minutes = _minutes(gate, test, runner, tier, extras)
    predicted = math.fsum(t for _, t in minutes)
    if predicted > m.budgets.job_minutes + predict.EPSILON:
        return (
            f"linting in {test.id} would take {predicted:.1f} min, over budgets.job-minutes "
            f"({m.budgets.job_minutes:g})"
        )
    measured = gate.minutes.calibrated and test.minutes.calibrated
    return attrs.evolve(
        test,
        name=test.name.replace("test (", f"{checks_of(gate)} and test (", 1),
        needs=(),
        steps=with_checks(gate, test.steps),
        minutes=Minutes(
            minutes, m.budgets.job_minutes, predict.timeout(predicted, measured), measured
        ),
        rustup=gate.rustup,
        cleanup=tier,
        cargo=Cargo(
            test.cargo.packages,
            test.cargo.flags,
            (*clippy, *test.cargo.commands),
            test.cargo.nextest,
        ),
        disk=disk,
        cache=attrs.evolve(test.cache, gb=predict.cache_gb(target, m.model))
        if test.cache
        else None,
        reason=f"{checks_of(gate)} first, then the tests, only when they pass",
        extras=extras,
        lints=True,
    )


def checks_of(gate: Job) -> str:
    """What the gate checks, as its name lists it: ``fmt, clippy``."""
    checks = (
        ("drift", bool({"drift", "drift-action"} & set(gate.steps))),
        ("fmt", "fmt" in gate.steps),
        ("clippy", gate.cargo is not None),
    )
    return ", ".join(name for name, on in checks if on)


def _minutes(gate: Job, test: Job, runner: Runner, tier: str, extras: Extras) -> Terms:
    """The test job's minutes with the gate's lints before them; the packages and
    services once, of both."""
    machine = {k for k, _ in extras.minutes}
    lint = [(k, v) for k, v in gate.minutes.terms if k not in {*predict.FIXED_MINUTES, *machine}]
    work = [(k, v) for k, v in test.minutes.terms if k not in {"setup", "cleanup", *machine}]
    setup = dict(test.minutes.terms)["setup"]
    cleanup = ("cleanup", predict.cleanup_minutes(runner, tier))
    return (("setup", setup), cleanup, *extras.minutes, *lint, *work)


def with_checks(gate: Job, steps: tuple[str, ...]) -> tuple[str, ...]:
    """A test job's steps with the gate's checks where they belong: the drift check
    right after checkout, fmt right after the toolchain (clippy is the first cargo
    command)."""
    drift = [s for s in gate.steps if s in ("drift-action", "setup-python", "drift")]
    fmt = ["fmt"] if "fmt" in gate.steps else []
    out: list[str] = []
    for step in steps:
        out.append(step)
        out += drift if step == "checkout" else fmt if step == "toolchain" else []
    return tuple(out)
