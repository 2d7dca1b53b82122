"""Bootstrapping: a Cargo workspace (read by ``cargo``) -> a commented ci.toml (tomlkit).

Owns ``init`` and ``init --update``: inferring each crate's role, estimating its cost
from the lock file, composing a first manifest a person can read, and merging a changed
workspace into an existing manifest without losing what people wrote.
"""

from .compose import Initialized, render_manifest
from .estimate import estimate
from .source import Source, installed_source
from .update import Update, merge

__all__ = [
    "Initialized",
    "Source",
    "Update",
    "estimate",
    "installed_source",
    "merge",
    "render_manifest",
]
