"""Model fields that carry their documentation, and for numbers the bounds a real
runner or crate stays within: the loader checks them, the schema states them."""

from typing import Any

import attrs


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
        return f"must be {low} {self.high:g}{why}, got {value:g}"


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
