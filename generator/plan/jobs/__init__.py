"""The jobs of a workflow, one module per kind: each turns manifest and matrix rows into
planned ``Job`` objects with their steps, commands and predictions."""

from .all_green import required_check
from .gate import drift_check, gate_job
from .tests import row_jobs

__all__ = ["drift_check", "gate_job", "required_check", "row_jobs"]
