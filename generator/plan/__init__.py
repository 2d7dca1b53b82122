"""The planner: Manifest -> Plan, pure. Every decision about jobs is made here.

Owns the test matrix (rows), packing crates into shards, nextest partitions, the disk
and time predictions, cleanup tiers, timeouts, cache keys within the cache budget, the
commands each job runs, one module per job kind (``jobs/``), the candidate layouts it
chooses from and the naive layout it is compared with. Templates only lay out what the
``Plan`` objects say.
"""

from .bounds import Layout, Naive, NaiveJob
from .commands import ARCHIVE_FILE
from .constants import ALL_GREEN_MIN, NAIVE_SLOW_MIN, NAIVE_SPEEDUP, RUNNER_MINUTES_CAP
from .layouts import critical_path
from .machine import docker_options, installer
from .model import (
    ACTIONS_DIR,
    Cache,
    Cargo,
    Command,
    Disk,
    Drift,
    Job,
    LocalAction,
    Minutes,
    Origin,
    Part,
    Plan,
    Workflow,
)
from .planner import WORKFLOW_PATH, plan
from .predict import EPSILON
from .sources import source_of

__all__ = [
    "ACTIONS_DIR",
    "ALL_GREEN_MIN",
    "ARCHIVE_FILE",
    "EPSILON",
    "NAIVE_SLOW_MIN",
    "NAIVE_SPEEDUP",
    "RUNNER_MINUTES_CAP",
    "WORKFLOW_PATH",
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
    "NaiveJob",
    "Origin",
    "Part",
    "Plan",
    "Workflow",
    "critical_path",
    "docker_options",
    "installer",
    "plan",
    "source_of",
]
