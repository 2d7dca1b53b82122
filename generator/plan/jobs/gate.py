"""The gate: drift check, formatting and clippy, before anything expensive starts."""

from __future__ import annotations

from ...errors import Overrun
from ...manifest import Gate, Manifest, Runner
from .. import predict
from ..commands import Build, clippy_cargo, rustup_install
from ..constants import DRIFT_MIN, FMT_MIN
from ..fixes import disk_fixes, dominant, time_fixes
from ..lints import set_lints
from ..machine import extras_for
from ..model import NO_EXTRAS, Cache, Drift, Job, Minutes, Scope
from ..selection import clippy_examples, costed, spec_of


def gate_job(manifest: Manifest, runner: Runner, overruns: list[Overrun]) -> Job:
    gate = manifest.gate
    crates = costed(
        manifest.crates,
        spec_of(gate.clippy_args),
        examples=clippy_examples(gate.clippy_args),
        check=True,
    )
    load = predict.load_of((), (crates[n] for n in sorted(crates)))
    cargo_build = Build.of(manifest, runner)
    lints = set_lints(manifest, cargo_build)
    target = predict.target_gb(load.gb + lints.gb, manifest.profile, check=True)
    extras = extras_for(manifest, runner, ("gate",), ()) if gate.clippy else NO_EXTRAS
    terms = predict.disk_terms(target if gate.clippy else 0.0, manifest.model, extras=extras.disk)
    fit = predict.fit_disk(terms, runner, manifest.budgets.disk)
    tier, disk = fit or ("full", predict.best_effort_disk(terms, runner, manifest.budgets.disk))
    if fit is None and gate.clippy:
        detail = f"{disk.budget:.0%} of {disk.available_gb:.1f} GB on {runner.name}"
        fixes = disk_fixes(
            disk, runner, alone=None, name="gate", profile=manifest.profile, check=True
        )
        if clippy_examples(gate.clippy_args) == "check" and any(
            c.examples for c in manifest.crates.values()
        ):
            fixes = (*fixes, 'gate.clippy-args = ["--lib", "--bins", "--tests"] (no examples)')
        what = "clippy on the workspace"
        overruns.append(
            Overrun(
                "gate",
                what,
                "disk",
                disk.peak_gb,
                disk.budget_gb,
                detail,
                fixes=fixes,
                cause=dominant(disk.terms, "disk"),
            )
        )
    build = predict.build_minutes(load.build, runner)
    drift = drift_check(gate) is not None
    minutes = (
        ("setup", manifest.model.setup_min),
        *extras.minutes,
        ("drift", DRIFT_MIN if drift else 0.0),
        ("fmt", FMT_MIN if gate.fmt else 0.0),
        ("cleanup", predict.cleanup_minutes(runner, tier)),
        ("clippy", build if gate.clippy else 0.0),
        ("clippy-sets", predict.build_minutes(lints.minutes, runner)),
    )
    components = [c for c, on in (("rustfmt", gate.fmt), ("clippy", gate.clippy)) if on]
    checks = (("drift", drift), ("fmt", gate.fmt), ("clippy", gate.clippy))
    parts = [name for name, on in checks if on]
    predicted = sum(m for _, m in minutes)
    measured = predict.calibrated(manifest.crates.values())
    if predicted > manifest.budgets.job_minutes + predict.EPSILON:
        what = f"the gate ({', '.join(parts)} on the workspace)"
        budget = manifest.budgets.job_minutes
        fixes = time_fixes(
            minutes,
            budget,
            runner,
            key="budgets.job-minutes",
            alone=None,
            name="gate",
            partitions=False,
        )
        cause = dominant(minutes, "time")
        overruns.append(Overrun("gate", what, "time", predicted, budget, fixes=fixes, cause=cause))
    return Job(
        id="gate",
        name=f"gate ({', '.join(parts)})",
        kind="gate",
        runner=runner.name,
        runs_on=runner.label,
        os=runner.os,
        needs=(),
        steps=gate_steps(gate),
        minutes=Minutes(
            minutes,
            manifest.budgets.job_minutes,
            predict.timeout(predicted, measured),
            measured,
        ),
        toolchain=manifest.workspace.toolchain,
        rustup=rustup_install(manifest.workspace.toolchain, components, cargo_build.targets),
        cleanup=tier,
        use_mnt=runner.mnt,
        cargo=clippy_cargo(cargo_build, gate, lints.commands) if gate.clippy else None,
        disk=disk if gate.clippy else None,
        cache=Cache(
            f"clippy-{runner.name}",
            manifest.workspace.default_branch,
            predict.cache_gb(target, manifest.model),
            Scope("clippy", runner.name, "", target=cargo_build.target or ""),
        )
        if gate.clippy
        else None,
        extras=extras,
        reason=f"fails fast on {_checked(parts)} before any test job starts",
    )


def drift_check(gate: Gate) -> Drift | None:
    """How the gate runs ``ci-gen check``, or None when it does not (off, or not told
    where ci-gen comes from: a plan note says so)."""
    if not gate.drift:
        return None
    if gate.action is not None:
        return Drift(action=gate.action)
    if gate.install is not None:
        return Drift(install=gate.install.strip(), hashed="--hash=" in gate.install)
    return None


def gate_steps(gate: Gate) -> tuple[str, ...]:
    """Cheapest checks first: drift, then formatting, then clippy (which builds)."""
    steps = ["checkout"]
    drift = drift_check(gate)
    if drift is not None:
        steps += ["drift-action"] if drift.action else ["setup-python", "drift"]
    if gate.fmt or gate.clippy:
        steps.append("toolchain")
    if gate.fmt:
        steps.append("fmt")
    if gate.clippy:
        steps += ["prepare-disk", "cache", "check-disk", "cargo", "report-disk"]
    return tuple(steps)


def _checked(parts: list[str]) -> str:
    words = [{"drift": "drift", "fmt": "formatting", "clippy": "lints"}[p] for p in parts]
    if len(words) < 2:
        return "".join(words) or "nothing"
    return f"{', '.join(words[:-1])} and {words[-1]}"
