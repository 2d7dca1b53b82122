"""Reading a Cargo workspace from its files alone (no cargo, no network).

Owns members (globs, ``exclude``, auto-included path dependencies), each member's
manifest with workspace inheritance, dependencies, features and targets, the lock file,
the toolchain file, nextest profiles and the repository's default branch. Used by
bootstrapping and by the drift check, never by the planner: the manifest is the
planner's only input.
"""

from .discover import discover
from .git import Branch, default_branch
from .model import CargoWorkspace, LockPackage, Member, PackageFacts, Targets, Toolchain
from .root import workspace_root

__all__ = [
    "Branch",
    "CargoWorkspace",
    "LockPackage",
    "Member",
    "PackageFacts",
    "Targets",
    "Toolchain",
    "default_branch",
    "discover",
    "workspace_root",
]
