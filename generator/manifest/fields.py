"""Model fields that carry their documentation, and for numbers the bounds a real
runner or crate stays within: the loader checks them, the schema states them."""

from collections.abc import Iterator, Mapping
from typing import Any, NewType

import attrs

from ..errors import Issue, PathPart, key_path

Lines = NewType("Lines", str)  # text that may hold several lines (a script)


@attrs.frozen
class Bounds:
    """The values a number key may take: from ``low`` (above it, when ``open_low``) to
    ``high``, which a real runner or crate stays within."""

    low: float
    high: float
    open_low: bool = False
    why: str = ""  # said after the range ("GitHub's job limit is 360")

    def holds(self, value: float) -> bool:
        above = value > self.low if self.open_low else value >= self.low
        return above and value <= self.high

    def message(self, value: float) -> str:
        low = (
            f"more than {self.low:g} and at most" if self.open_low else f"between {self.low:g} and"
        )
        why = f" ({self.why})" if self.why else ""
        return f"must be {low} {self.high:g}{why}, got {value:.12g}"


def doc(
    text: str, default: Any = attrs.NOTHING, *, bounds: Bounds | None = None, **kwargs: Any
) -> Any:
    """An attrs field whose documentation (and, for a number, its bounds) travels with it."""
    metadata: dict[str, Any] = {"doc": text}
    if bounds is not None:
        metadata["bounds"] = bounds
    return attrs.field(default=default, metadata=metadata, **kwargs)


# Bounds shared by keys of one kind.
GB = Bounds(0, 1000)  # disk a crate, a feature or a fixed term adds
MINUTES = Bounds(0, 1000)  # minutes a crate or a feature adds
POSITIVE_GB = Bounds(0, 100_000, open_low=True)  # a disk or a memory


def toml_key(attribute: str) -> str:
    """``build_gb`` -> ``build-gb``; a trailing ``_`` spares a Python keyword (``with_``)."""
    return attribute.rstrip("_").replace("_", "-")


def out_of_bounds(value: object, at: list[PathPart]) -> Iterator[Issue]:
    """Every number of ``value`` (a model object, walked through its tables) within the
    bounds its field declares."""
    if isinstance(value, Mapping):
        for key, entry in value.items():
            yield from out_of_bounds(entry, [*at, key])
        return
    cls = type(value)
    if not attrs.has(cls):
        return
    for field in attrs.fields(cls):
        number = getattr(value, field.name)
        where = [*at, toml_key(field.name)]
        bounds: Bounds | None = field.metadata.get("bounds")
        if bounds is not None and number is not None and not bounds.holds(number):
            yield Issue(key_path(where), bounds.message(number))
        yield from out_of_bounds(number, where)
