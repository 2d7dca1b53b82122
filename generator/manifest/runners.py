"""Runner profiles: the built-in table merged with the manifest's ``[runners]``."""

from __future__ import annotations

from collections.abc import Mapping

import attrs

from .defaults import RUNNERS
from .model import CleanupTier, Manifest, OsFamily, RunnerSpec

REQUIRED_FOR_NEW = ("label", "os", "free_gb")


@attrs.frozen
class Runner:
    """A complete runner profile: what the planner knows about one kind of machine."""

    name: str
    label: str
    os: OsFamily
    free_gb: float
    cores: int
    memory_gb: float
    price: float
    speed: float
    fast: CleanupTier | None
    full: CleanupTier | None
    mnt: bool
    target: str | None = None  # the --target triple its jobs build for
    env: tuple[tuple[str, str], ...] = ()  # environment for its jobs

    def tier(self, name: str) -> CleanupTier | None:
        return {"fast": self.fast, "full": self.full}.get(name)


_FALLBACK = RunnerSpec(cores=2, memory_gb=7.0, price=1.0, speed=1.0, mnt=False)


def base_of(name: str, spec: RunnerSpec) -> RunnerSpec | None:
    """The built-in profile a manifest entry starts from, if any."""
    return RUNNERS.get(spec.extends or name)


def missing_keys(name: str, spec: RunnerSpec) -> list[str]:
    """Keys a runner entry must set because no built-in profile supplies them."""
    if base_of(name, spec) is not None:
        return []
    return [key for key in REQUIRED_FOR_NEW if getattr(spec, key) is None]


def merge(name: str, spec: RunnerSpec) -> Runner:
    base = base_of(name, spec) or _FALLBACK
    values = {}
    for field in attrs.fields(RunnerSpec):
        if field.name == "extends":
            continue
        own = getattr(spec, field.name)
        values[field.name] = own if own is not None else getattr(base, field.name)
    values["env"] = tuple(sorted((values["env"] or {}).items()))
    return Runner(name=name, **values)


def resolve(manifest: Manifest) -> Mapping[str, Runner]:
    """Every runner profile the manifest can use, by name (sorted for determinism)."""
    specs = dict(RUNNERS) | dict(manifest.runners)
    return {name: merge(name, specs[name]) for name in sorted(specs)}
