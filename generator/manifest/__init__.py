"""The manifest: ci.toml's model, its defaults, loading and validation, and its schema.

Owns the frozen attrs model (one class per table), the built-in runner profiles, action
pins and [model] defaults, the loader that reports every problem at once with its key
path, the workspace dependency graph and runner profiles validation needs, and the JSON
Schema. Everything below the manifest sees only these objects, never TOML.
"""

from . import constants
from .checks import did_you_mean
from .defaults import PINS, RUNNERS
from .graph import Closures
from .load import load, loads
from .model import (
    Budgets,
    CleanupTier,
    Cost,
    Crate,
    ExtraStep,
    FeatureCost,
    FeatureSet,
    Gate,
    Lines,
    Manifest,
    Matrix,
    ModelSpec,
    MsrvMode,
    Pin,
    Profile,
    Role,
    RunnerSpec,
    Workspace,
    toml_key,
)
from .runners import Runner, resolve
from .schema import manifest_schema
from .system import Packages, Service
from .validate import TOOLCHAIN

__all__ = [
    "PINS",
    "RUNNERS",
    "TOOLCHAIN",
    "Budgets",
    "CleanupTier",
    "Closures",
    "Cost",
    "Crate",
    "ExtraStep",
    "FeatureCost",
    "FeatureSet",
    "Gate",
    "Lines",
    "Manifest",
    "Matrix",
    "ModelSpec",
    "MsrvMode",
    "Packages",
    "Pin",
    "Profile",
    "Role",
    "Runner",
    "RunnerSpec",
    "Service",
    "Workspace",
    "constants",
    "did_you_mean",
    "load",
    "loads",
    "manifest_schema",
    "resolve",
    "toml_key",
]
