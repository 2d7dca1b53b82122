"""The planner: Manifest -> Plan, pure. Every decision about jobs is made here.

Owns the test matrix (rows), packing crates into shards, nextest partitions, the disk
and time predictions, cleanup tiers, timeouts, cache keys within the cache budget, the
commands each job runs, one module per job kind (``jobs/``), the candidate layouts it
chooses from and the naive layout it is compared with. Templates only lay out what the
``Plan`` objects say.
"""

from .commands import ARCHIVE_FILE
from .layouts import critical_path
from .model import (
    ACTIONS_DIR,
    Cache,
    Cargo,
    Command,
    Disk,
    Drift,
    Job,
    Layout,
    LocalAction,
    Minutes,
    Naive,
    Origin,
    Part,
    Plan,
    Workflow,
)
from .planner import plan

__all__ = [
    "ACTIONS_DIR",
    "ARCHIVE_FILE",
    "Cache",
    "Cargo",
    "Command",
    "Disk",
    "Drift",
    "Job",
    "Layout",
    "LocalAction",
    "Minutes",
    "Naive",
    "Origin",
    "Part",
    "Plan",
    "Workflow",
    "critical_path",
    "plan",
]
