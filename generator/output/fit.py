"""The plan report within a terminal's width: the job table when it fits, else one block
of lines per job; every other line wrapped, its continuation indented."""

from __future__ import annotations

import os
import sys
import textwrap
from collections.abc import Sequence

from ..plan import Job

CONTINUED = 4  # how far a wrapped line's continuation is indented past its own indent


def terminal_width() -> int | None:
    """The width to fit: $COLUMNS, else the terminal's; None (no limit) when the output
    goes to a file or a pipe, which keeps the table whole for whoever reads it."""
    columns = os.environ.get("COLUMNS", "").strip()
    if columns.isdigit() and int(columns) > 0:
        return int(columns)
    if sys.stdout.isatty():
        try:
            return os.get_terminal_size(sys.stdout.fileno()).columns
        except OSError:
            return None
    return None


def wrapped(lines: Sequence[str], width: int | None) -> list[str]:
    """Each line within ``width``, continued lines indented below it."""
    if width is None:
        return list(lines)
    out: list[str] = []
    for line in lines:
        if len(line) <= width:
            out.append(line)
            continue
        indent = " " * (len(line) - len(line.lstrip()))
        out += textwrap.wrap(
            line.strip(),
            max(width, 20),
            initial_indent=indent,
            subsequent_indent=indent + " " * CONTINUED,
            break_long_words=False,
            break_on_hyphens=False,
        )
    return out


def job_block(job: Job, width: int) -> list[str]:
    """One job in a few lines, for a terminal too narrow for the table."""
    index, count = job.shard
    head = f"{job.id}  {job.runs_on}" + (f"  shard {index}/{count}" if count > 1 else "")
    lines = [head]
    if job.cargo is not None:
        crates = ", ".join(job.cargo.packages) if job.cargo.packages else "(workspace)"
        lines.append(f"  crates {crates}")
    timeout = f"timeout {job.timeout}{'' if job.minutes.calibrated else '*'}"
    budget = job.minutes.budget
    minutes = f"minutes {job.minutes.predicted:.1f}" + (f" of {budget:.0f}" if budget else "")
    disk = job.disk
    if disk is not None:
        lines.append(
            f"  disk {disk.peak_gb:.1f} of {disk.budget_gb:.1f} GB ({disk.available_gb:.0f} "
            f"available), cleanup {job.cleanup}"
        )
    cache = f"; cache {job.cache.key}" if job.cache else ""
    lines.append(f"  {minutes}, {timeout}{cache}")
    return wrapped(lines, width)
