"""What ``ci-gen plan`` shows: a table for people, a stable JSON document for tools.

JSON format (``format`` = 1; fields are only ever added within a format version):
    ci_gen, manifest, workflows[{path, jobs[job]}], totals
    job: id, name, kind, runner, runs_on, needs[], feature_set, row, shard [i, n],
         partition [i, n], crates[],
         cleanup, disk {peak_gb, budget_gb, available_gb, free_gb, reclaimed_gb, terms{}}
         | null, minutes {predicted, budget | null, timeout, calibrated, terms{}}, cache {key, gb}
         | null, reason
    totals: jobs, runner_minutes, weighted_minutes, critical_path_minutes,
            critical_path[], cache_gb, cache_budget_gb, cache_sharing
    warnings[]: what the plan renders although it could not make it fit
    notes[]: what the plan leaves out on purpose, and why
    layouts[]: the arrangements compared: name, chosen, critical_path_minutes,
               weighted_minutes, why_not (empty when it was possible), lost (why it
               was not chosen; empty for the chosen one and those not possible)
    naive: the one-job-per-OS layout under the same model: critical_path_minutes,
           runner_minutes, jobs[{runner, minutes, peak_gb, free_gb, budget_gb, fits_disk}]
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import Any

import attrs

from ..plan import Disk, Job, Minutes, Plan, critical_path
from .compare import layout_lines, naive_lines
from .fit import job_block, wrapped

FORMAT = 1


@attrs.frozen
class Totals:
    jobs: int
    runner_minutes: float
    weighted_minutes: float  # minutes x runner price (Linux x64 = 1)
    critical_path: tuple[str, ...]
    critical_minutes: float
    cache_gb: float


def totals(plan: Plan) -> Totals:
    jobs = plan.jobs
    path, longest = critical_path(jobs)
    return Totals(
        jobs=len(jobs),
        runner_minutes=sum(j.minutes.predicted for j in jobs),
        weighted_minutes=sum(j.minutes.predicted * plan.runners[j.runner].price for j in jobs),
        critical_path=path,
        critical_minutes=longest,
        cache_gb=sum(cache_entries(jobs).values()),
    )


def cache_entries(jobs: Sequence[Job]) -> dict[str, float]:
    """Predicted size of each cache key; shards sharing a key store one entry."""
    sizes: dict[str, float] = {}
    for job in jobs:
        if job.cache is not None and job.cache.saves:
            sizes[job.cache.key] = max(sizes.get(job.cache.key, 0.0), job.cache.gb)
    return sizes


def _r(value: float) -> float:
    return round(value, 2)


def _disk(disk: Disk | None) -> dict[str, Any] | None:
    if disk is None:
        return None
    return {
        "peak_gb": _r(disk.peak_gb),
        "budget_gb": _r(disk.budget_gb),
        "available_gb": _r(disk.available_gb),
        "free_gb": _r(disk.free_gb),
        "reclaimed_gb": _r(disk.reclaimed_gb),
        "terms": {name: _r(gb) for name, gb in disk.terms},
    }


def _minutes(minutes: Minutes) -> dict[str, Any]:
    return {
        "predicted": _r(minutes.predicted),
        "budget": minutes.budget,
        "timeout": minutes.timeout,
        "calibrated": minutes.calibrated,
        "terms": {name: _r(m) for name, m in minutes.terms},
    }


def job_json(job: Job) -> dict[str, Any]:
    return {
        "id": job.id,
        "name": job.name,
        "kind": job.kind,
        "runner": job.runner,
        "runs_on": job.runs_on,
        "needs": list(job.needs),
        "feature_set": job.feature_set or None,
        "row": job.row or None,
        "shard": list(job.shard),
        "partition": list(job.partition),
        "crates": list(job.cargo.packages) if job.cargo else [],
        "cleanup": job.cleanup,
        "disk": _disk(job.disk),
        "minutes": _minutes(job.minutes),
        "cache": (
            {"key": job.cache.key, "gb": _r(job.cache.gb), "saves": job.cache.saves}
            if job.cache
            else None
        ),
        "reason": job.reason,
    }


def to_json(plan: Plan) -> str:
    t = totals(plan)
    document = {
        "format": FORMAT,
        "ci_gen": plan.origin.version,
        "manifest": plan.origin.manifest,
        "workflows": [
            {"path": w.path, "jobs": [job_json(j) for j in w.jobs]} for w in plan.workflows
        ],
        "totals": {
            "jobs": t.jobs,
            "runner_minutes": _r(t.runner_minutes),
            "weighted_minutes": _r(t.weighted_minutes),
            "critical_path_minutes": _r(t.critical_minutes),
            "critical_path": list(t.critical_path),
            "cache_gb": _r(t.cache_gb),
            "cache_budget_gb": plan.cache_budget_gb,
            "cache_sharing": plan.cache_note,
        },
        "warnings": list(plan.warnings),
        "notes": list(plan.notes),
        "naive": {
            "critical_path_minutes": _r(plan.naive.critical_minutes),
            "runner_minutes": _r(plan.naive.runner_minutes),
            "jobs": [
                {
                    "runner": j.runner,
                    "minutes": _r(j.minutes),
                    "peak_gb": _r(j.peak_gb),
                    "free_gb": _r(j.free_gb),
                    "budget_gb": _r(j.budget_gb),
                    "fits_disk": j.fits_disk,
                }
                for j in plan.naive.jobs
            ],
        },
        "layouts": [
            {
                "name": layout.name,
                "chosen": layout.chosen,
                "critical_path_minutes": _r(layout.critical_minutes),
                "weighted_minutes": _r(layout.weighted_minutes),
                "why_not": layout.why_not,
                "lost": layout.lost,
            }
            for layout in plan.layouts
        ],
    }
    return json.dumps(document, indent=2) + "\n"


def _row(job: Job) -> list[str]:
    index, count = job.shard
    crates = list(job.cargo.packages) if job.cargo and job.cargo.packages else []
    if job.cargo and not crates:
        crates = ["(workspace)"]
    disk = job.disk
    disk_text = (
        f"{disk.peak_gb:.1f} / {disk.budget_gb:.1f} ({disk.available_gb:.0f})" if disk else "-"
    )
    budget = job.minutes.budget
    minutes = f"{job.minutes.predicted:.1f}" + (f" / {budget:.0f}" if budget else "")
    return [
        job.id,
        job.runs_on,
        f"{index}/{count}" if count > 1 else "-",
        "\n".join(crates) or "-",
        disk_text,
        minutes,
        str(job.timeout) + ("" if job.minutes.calibrated else "*"),
        job.cleanup if disk else "-",
        job.cache.key if job.cache else "-",
    ]


HEADERS = [
    "JOB",
    "RUNNER",
    "SHARD",
    "CRATES",
    "DISK GB peak/budget (avail)",
    "MINUTES pred/budget",
    "TIMEOUT",
    "CLEANUP",
    "CACHE KEY",
]


def table(rows: list[list[str]], headers: list[str]) -> str:
    """Columns padded to width; a cell with newlines continues on the following lines."""
    widths = [
        max(len(line) for cell in col for line in cell.split("\n"))
        for col in zip(headers, *rows, strict=True)
    ]
    out = []
    for row in [headers, *rows]:
        cells = [cell.split("\n") for cell in row]
        for i in range(max(len(c) for c in cells)):
            parts = [
                (c[i] if i < len(c) else "").ljust(w) for c, w in zip(cells, widths, strict=True)
            ]
            out.append("  ".join(parts).rstrip())
    return "\n".join(out)


def _balance_lines(jobs: Sequence[Job]) -> list[str]:
    """How evenly each sharded row's minutes spread over its shards."""
    rows: dict[str, list[float]] = {}
    for job in jobs:
        if job.row and job.shard[1] > 1 and job.partition == (1, 1) and job.kind != "archive":
            rows.setdefault(job.row, []).append(job.minutes.predicted)
    return [
        f"shards of {row}: " + " / ".join(f"{m:.1f}" for m in minutes) + " min"
        for row, minutes in rows.items()
    ]


def to_text(plan: Plan, width: int | None = None) -> str:
    """The report for people, within ``width`` columns (None: no limit)."""
    t = totals(plan)
    grid = table([_row(j) for j in plan.jobs], HEADERS).splitlines()
    if width is None or max(len(line) for line in grid) <= width:
        lines = [*grid, ""]
    else:
        lines = [line for job in plan.jobs for line in job_block(job, width)] + [""]
    lines.append(
        f"{t.jobs} job{'s' if t.jobs > 1 else ''}, {t.runner_minutes:.0f} runner-minutes "
        f"({t.weighted_minutes:.0f} weighted by runner price); "
        f"critical path {t.critical_minutes:.1f} min: {' -> '.join(t.critical_path)}"
    )
    over = " OVER BUDGET" if t.cache_gb > plan.cache_budget_gb else ""
    lines.append(
        f"cache entries {t.cache_gb:.1f} GB of a {plan.cache_budget_gb:g} GB budget{over}"
        f" ({plan.cache_note})"
    )
    if any(not j.minutes.calibrated for j in plan.jobs):
        lines.append(
            "* timeout from estimated costs: 3x the prediction + 15 min, until the crates' "
            "cost is measured (cost.calibrated = true); then 1.5x + 5 min"
        )
    lines += _balance_lines(plan.jobs)
    lines += [f"note: {n}" for n in plan.notes]
    lines += [f"warning: {w}" for w in plan.warnings]
    lines += layout_lines(plan)
    lines += naive_lines(plan, t.critical_minutes, t.weighted_minutes, t.runner_minutes)
    return "\n".join(wrapped(lines, width)) + "\n"
