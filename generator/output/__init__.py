"""Output: a Plan -> the files it renders to, and the only code that touches the tree.

Owns the Jinja environment and templates (layout only), the in-process lint and size
limit, the generated header, writing atomically and comparing with what is on disk
(``render`` and ``check``), and the plan report (table and JSON).
"""

from ..owned import read
from . import report
from .drift import (
    Change,
    WriteReport,
    compare,
    unified,
    versions_on_disk,
    write,
    write_text,
)
from .explain import explain, job_ids
from .fit import terminal_width
from .origin import make_origin
from .render import Output, produce

__all__ = [
    "Change",
    "Output",
    "WriteReport",
    "compare",
    "explain",
    "job_ids",
    "make_origin",
    "produce",
    "read",
    "report",
    "terminal_width",
    "unified",
    "versions_on_disk",
    "write",
    "write_text",
]
