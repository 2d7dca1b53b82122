"""One matrix row -> its shard jobs, each with its disk and time predictions."""

from __future__ import annotations

import math
from collections.abc import Mapping

import attrs

from ...errors import Overrun
from ...manifest import Closures, Manifest
from .. import predict
from ..caches import flags
from ..commands import Build, check_cargo, rustup_install, test_cargo
from ..fixes import disk_fixes, dominant, time_fixes
from ..machine import extras_for
from ..model import Cache, Disk, Extras, Job, Minutes, Scope, Terms
from ..rows import Row
from ..selection import costed
from ..shard import Load, Shard, balanced_pack
from .partitions import split_jobs


@attrs.frozen
class Estimate:
    """A shard's predictions under the cheapest cleanup tier that fits its disk budget."""

    tier: str | None  # None: not even the full tier fits
    disk: Disk  # under ``tier``, or under the roomiest tier when none fits
    minutes: Terms
    budget: float
    extras: Extras  # the packages and services counted in disk and minutes

    @property
    def predicted(self) -> float:
        return math.fsum(m for _, m in self.minutes)

    @property
    def fits_time(self) -> bool:
        return self.predicted <= self.budget + predict.EPSILON

    @property
    def fits(self) -> bool:
        return self.tier is not None and self.fits_time


def estimate(m: Manifest, row: Row, tested: frozenset[str], built: frozenset[str]) -> Estimate:
    crates = m.crates
    load = predict.load_of((crates[n] for n in sorted(tested)), (crates[n] for n in sorted(built)))
    return estimate_load(m, row, load)


def estimate_load(m: Manifest, row: Row, load: Load) -> Estimate:
    """The predictions for a shard whose crates add up to ``load``."""
    check = row.action == "check"
    extras = extras_for(m, row.runner, (row.action,), (row.feature_set,))
    target = predict.target_gb(load.gb, m.profile, check)
    terms = predict.disk_terms(target, m.model, extras=extras.disk)
    fit = predict.fit_disk(terms, row.runner, m.budgets.disk)
    tier, disk = fit or (None, predict.best_effort_disk(terms, row.runner, m.budgets.disk))
    minutes: Terms = (
        ("setup", m.model.setup_min),
        *extras.minutes,
        ("cleanup", predict.cleanup_minutes(row.runner, tier or "none")),
        ("build", predict.build_minutes(load.build, row.runner)),
        ("test", 0.0 if check else predict.test_minutes(load.test, row.runner)),
    )
    return Estimate(tier, disk, minutes, row.budget, extras)


def closures(graph: Closures, row: Row) -> Mapping[str, frozenset[str]]:
    """What testing (or checking) each crate of the row builds."""
    closure = graph.normal if row.action == "check" else graph.for_tests
    return {n: closure(n) for n in row.crates}


def row_jobs(
    m: Manifest, row: Row, needs: tuple[str, ...], problems: list[Overrun], graph: Closures
) -> list[Job]:
    """Shard the row so every shard meets the budgets; report the crates that cannot."""
    m = attrs.evolve(
        m,
        crates=costed(
            m.crates,
            row.spec,
            examples="build" if row.action == "test" else "none",
            check=row.action == "check",
        ),
    )
    reach = closures(graph, row)
    weights = {n: predict.weight(c) for n, c in m.crates.items()}

    def fits(load: Load) -> float | None:
        e = estimate_load(m, row, load)
        return e.predicted if e.fits else None

    alone = {n: estimate(m, row, frozenset([n]), reach[n]) for n in row.crates}
    order = sorted(row.crates, key=lambda n: (-alone[n].predicted, n))
    shards = sorted(balanced_pack(order, reach, weights, fits), key=lambda s: sorted(s.tested))
    estimates = [estimate(m, row, s.tested, s.built) for s in shards]
    spec = m.feature_sets.get(row.feature_set)
    scope = Scope(
        row.action,
        row.runner.name,
        row.channel,
        row.feature_set,
        row.runner.target or "",
        flags(row.feature_set, spec.env if spec else {}),
    )
    jobs = []
    for index, (shard, e) in enumerate(zip(shards, estimates, strict=True)):
        gb = predict.cache_gb(e.disk.guard_gb, m.model)
        cache = Cache(row.job_id((1, 1)), m.workspace.default_branch, gb, scope)
        job = shard_job(
            m,
            row=row,
            shard=shard,
            e=e,
            cache=cache,
            shard_of=(index + 1, len(shards)),
            needs=needs,
        )
        parts = split_jobs(m, row, job, e.disk) if e.tier and not e.fits_time else None
        if parts is not None:
            jobs += parts
            continue
        jobs.append(job)
        problems += _overruns(m, row, job, e, shard)
    return jobs


def shard_job(
    m: Manifest,
    *,
    row: Row,
    shard: Shard,
    e: Estimate,
    cache: Cache,
    shard_of: tuple[int, int],
    needs: tuple[str, ...],
) -> Job:
    ident = row.job_id(shard_of)
    tier = e.tier or "full"
    measured = predict.calibrated(m.crates[n] for n in sorted(shard.built))
    make = test_cargo if row.action == "test" else check_cargo
    build = Build.of(m, row.runner)
    cargo = make(build, m.crates, row.spec, sorted(shard.tested))
    return Job(
        id=ident,
        name=row.job_name(shard_of),
        kind=row.action,
        runner=row.runner.name,
        runs_on=row.runner.label,
        os=row.runner.os,
        needs=needs,
        steps=build_steps(cargo.nextest),
        minutes=Minutes(e.minutes, e.budget, predict.timeout(e.predicted, measured), measured),
        toolchain=row.toolchain,
        rustup=rustup_install(row.toolchain, targets=build.targets),
        cleanup=tier,
        use_mnt=row.runner.mnt,
        cargo=cargo,
        disk=e.disk,
        cache=cache,
        feature_set=row.feature_set,
        row=row.job_id((1, 1)),
        shard=shard_of,
        extras=e.extras,
        reason=_reason(e, shard_of),
    )


def _reason(e: Estimate, shard_of: tuple[int, int]) -> str:
    index, count = shard_of
    shape = (
        "the whole row in one job" if count == 1 else f"shard {index} of {count}, packed by cost"
    )
    if e.tier == "none":
        disk = "no cleanup needed"
    else:
        disk = f"cleanup {e.tier}: {e.disk.peak_gb:.1f} GB would not fit without it"
    return f"{shape}; {disk}"


def _overruns(m: Manifest, row: Row, job: Job, e: Estimate, shard: Shard) -> list[Overrun]:
    crates = tuple(sorted(shard.tested))
    subject = ", ".join(crates)
    alone = m.crates[crates[0]] if len(crates) == 1 else None
    name = crates[0] if alone else job.id
    out = []
    if e.tier is None:
        detail = f"{e.disk.budget:.0%} of {e.disk.available_gb:.1f} GB on {job.runner}"
        check = row.action == "check"
        fixes = disk_fixes(
            e.disk, row.runner, alone=alone, name=name, profile=m.profile, check=check
        )
        out.append(
            Overrun(
                job.id,
                subject,
                "disk",
                e.disk.peak_gb,
                e.disk.budget_gb,
                detail,
                crates,
                fixes,
                dominant(e.disk.terms, "disk"),
            )
        )
    if not e.fits_time:
        fixes = time_fixes(
            e.minutes,
            e.budget,
            row.runner,
            key=row.budget_key,
            alone=alone,
            name=name,
            partitions=not m.workspace.nextest and row.action == "test",
        )
        cause = dominant(e.minutes, "time")
        out.append(
            Overrun(
                job.id,
                subject,
                "time",
                e.predicted,
                e.budget,
                crates=crates,
                fixes=fixes,
                cause=cause,
            )
        )
    return out


def build_steps(nextest: bool) -> tuple[str, ...]:
    """Test and check jobs: prepare the disk, install, restore, guard, build, report."""
    tools = ["install-nextest"] if nextest else []
    return (
        "checkout",
        "prepare-disk",
        "toolchain",
        *tools,
        "cache",
        "check-disk",
        "cargo",
        "report-disk",
    )
