"""plan(Manifest) -> Plan. Pure: every decision about jobs is made here, none in templates."""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Mapping

import attrs

from ..errors import BudgetError, Issue, ManifestError, Overrun
from ..manifest import PINS, RUNNERS, Closures, Manifest, Runner, resolve
from .caches import Sharing, share
from .constants import MAX_JOBS
from .extra import with_extra_steps
from .jobs import drift_check, gate_job, required_check, row_jobs
from .layouts import choose, finer_options, options, weighted
from .lints import lint_notes, unreached_features
from .machine import unplaced, with_packages, with_runner_env
from .model import ACTION_STEPS, Job, LocalAction, Origin, Plan, Workflow
from .naive import naive
from .roles import role_notes, role_warnings
from .rows import full_runners, matrix_rows, msrv_notes
from .selection import example_notes

WORKFLOWS_DIR = ".github/workflows"
WORKFLOW_PATH = f"{WORKFLOWS_DIR}/ci.yml"  # the default file
BUILT_IN_LABELS = frozenset(spec.label for spec in RUNNERS.values() if spec.label)


def plan(manifest: Manifest, origin: Origin) -> Plan:
    """Decide every job of the workflow; raise BudgetError listing each job that cannot fit."""
    runners = resolve(manifest)
    home = runners[full_runners(manifest)[0]]
    overruns: list[Overrun] = []
    gate = gate_job(manifest, home, overruns)
    graph = Closures(manifest.crates)
    tests = test_jobs(manifest, runners, graph, (gate.id,), overruns)
    baseline = naive(manifest, runners)

    def finer(cap: float) -> list[Job] | str:
        problems: list[Overrun] = []
        jobs = test_jobs(manifest, runners, graph, (gate.id,), problems, cap=cap)
        late = [o for o in problems if o.resource == "time"]
        if late:
            return f"{late[0].subject} alone takes {late[0].need:.1f} min"
        return jobs if not problems else "a shard would not fit its disk"

    try:
        candidates = options(manifest, gate, tests, runners, home)
        candidates += finer_options(candidates, baseline, gate, runners, finer)
        gate_minutes = weighted([gate], runners)
        compared, laid_out = choose(candidates, baseline, gate_minutes, manifest.gate.layout)
    except ValueError as impossible:
        issue = Issue("gate.layout", f"'{manifest.gate.layout}' is not possible: {impossible}")
        raise ManifestError(origin.manifest, [issue]) from None
    jobs = list(laid_out)
    prices = {name: r.price for name, r in runners.items()}
    sharing = share(jobs, manifest.budgets.cache_gb, (home.name, ""), prices)
    jobs = with_extra_steps(required_check(list(sharing.jobs), home), manifest.steps)
    jobs = with_runner_env(with_packages(jobs), runners, manifest.workflow.env)
    clashes = same_ids(jobs)
    if clashes:
        raise ManifestError(origin.manifest, clashes)
    limits = []
    if len(jobs) > MAX_JOBS:
        limits.append(
            f"{len(jobs)} jobs exceed GitHub's limit of {MAX_JOBS}: trim matrix.os, "
            "feature-sets or matrix.toolchains, or raise budgets.job-minutes for fewer shards"
        )
    accept = manifest.budgets.accept
    refused = [o for o in overruns if not o.accepted_by(accept)]
    if refused or limits:
        raise BudgetError(refused, limits)
    warnings = [o.describe() for o in overruns if o.accepted_by(accept)]
    warnings += unplaced(manifest, jobs) + unreached_features(manifest)
    warnings += [
        f"budgets.accept names '{name}', but no job over budget tests it or is called so"
        for name in accept
        if not any(name == o.job or name in o.crates for o in overruns)
    ]
    workflow = Workflow(
        f"{WORKFLOWS_DIR}/{manifest.workflow.file}",
        manifest.workflow.name,
        manifest.workspace.default_branch,
        tuple(jobs),
        drift_check(manifest.gate),
        workflow_env(manifest),
        submodules=checkout_submodules(manifest),
    )
    used = {job.runner: runners[job.runner] for job in jobs}
    return Plan(
        origin=origin,
        workflows=(workflow,),
        actions=local_actions(jobs),
        pins=PINS | dict(manifest.pins),
        runners=dict(sorted(used.items())),
        cache_budget_gb=manifest.budgets.cache_gb,
        cache_note=sharing.note,
        self_repository=manifest.workflow.local_actions == "self-repository",
        extra_steps=manifest.steps,
        services=dict(manifest.services),
        custom_labels=tuple(sorted({j.runs_on for j in jobs} - BUILT_IN_LABELS)),
        naive=baseline,
        layouts=compared,
        notes=tuple(
            msrv_notes(manifest)
            + role_notes(manifest)
            + example_notes(manifest)
            + drift_notes(manifest)
            + lint_notes(manifest)
        ),
        warnings=tuple(
            [*warnings, *role_warnings(manifest)]
            if sharing.fits
            else [*warnings, _cache_warning(sharing, manifest.budgets.cache_gb)]
        ),
    )


def test_jobs(
    manifest: Manifest,
    runners: Mapping[str, Runner],
    graph: Closures,
    needs: tuple[str, ...],
    problems: list[Overrun],
    *,
    cap: float = math.inf,
) -> list[Job]:
    """Every row's shards; with ``cap``, shards of at most ``cap`` minutes where the row's
    budget allows more (the jobs still show the row's budget)."""
    jobs = []
    for row in matrix_rows(manifest, runners):
        if cap >= row.budget:
            jobs += row_jobs(manifest, row, needs, problems, graph)
            continue
        shards = row_jobs(manifest, attrs.evolve(row, budget=cap), needs, problems, graph)
        jobs += [
            attrs.evolve(j, minutes=attrs.evolve(j.minutes, budget=row.budget)) for j in shards
        ]
    return jobs


def _cache_warning(sharing: Sharing, budget_gb: float) -> str:
    return (
        f"cache entries are predicted at {sharing.total_gb:.1f} GB, over budgets.cache-gb "
        f"({budget_gb:g} GB) even when {sharing.note}: GitHub will evict entries and "
        "builds will start cold; trim the matrix or raise budgets.cache-gb if your plan allows"
    )


def same_ids(jobs: list[Job]) -> list[Issue]:
    """Ids join runner, toolchain, feature set and shard with '-', so names can collide
    (feature set 'beta-default' on stable and set 'default' on beta)."""
    counts = Counter(job.id for job in jobs)
    return [
        Issue(
            "",
            f"jobs {' and '.join(repr(j.name) for j in jobs if j.id == id_)} would share the "
            f"id '{id_}': rename the feature set or runner profile",
        )
        for id_, count in counts.items()
        if count > 1
    ]


def local_actions(jobs: list[Job]) -> tuple[LocalAction, ...]:
    """The composite actions the jobs call, each handling the OS families that use it."""
    users: dict[str, set[str]] = {name: set() for name in ACTION_STEPS}
    for job in jobs:
        for step in job.steps:
            if step in users:
                users[step].add(job.os)
    return tuple(LocalAction(name, tuple(sorted(os))) for name, os in users.items() if os)


def workflow_env(manifest: Manifest) -> tuple[tuple[str, str], ...]:
    """Cargo settings shared by every job (smaller target dirs, readable logs), then the
    manifest's own workflow.env, whose values win over ci-gen's defaults."""
    profile = manifest.profile
    env = {
        "CARGO_TERM_COLOR": "always",
        "CARGO_INCREMENTAL": "1" if profile.incremental else "0",
        "CARGO_NET_RETRY": "10",
        "RUST_BACKTRACE": "short",
    }
    debug = {"none": "0", "line-tables-only": "line-tables-only"}.get(profile.debuginfo)
    if debug is not None:
        profiles = ["dev", "test", *([profile.cargo_profile] if profile.cargo_profile else [])]
        for name in dict.fromkeys(profiles):
            env[f"CARGO_PROFILE_{name.upper().replace('-', '_')}_DEBUG"] = debug
    return tuple((env | dict(manifest.workflow.env)).items())


def checkout_submodules(manifest: Manifest) -> str:
    """actions/checkout's submodules input: "" (none), "true" or "recursive"."""
    wanted = manifest.workflow.submodules
    return "recursive" if wanted == "recursive" else "true" if wanted else ""


def drift_notes(manifest: Manifest) -> list[str]:
    gate = manifest.gate
    if not gate.drift or drift_check(gate) is not None:
        return []
    return [
        "no drift check in the gate: set gate.action to ci-gen's repository (owner/name) "
        "with its [pins] entry, or gate.install (ci-gen init writes them when it knows where "
        "it was installed from); gate.drift = false silences this"
    ]
