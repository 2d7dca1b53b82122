"""The jobs of a workflow, one module per kind: each turns manifest and matrix rows into
planned ``Job`` objects with their steps, commands and predictions."""

from .all_green import all_green
from .gate import drift_check, gate_job
from .tests import row_jobs

__all__ = ["all_green", "drift_check", "gate_job", "row_jobs"]
