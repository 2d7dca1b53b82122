"""What the checks of every table share: a located issue, a value shown in a message,
and a pattern the whole value must match."""

import re
from collections.abc import Iterator

from ..errors import Issue, PathPart, key_path

TAG = re.compile(r"[A-Za-z0-9][A-Za-z0-9._+/-]{0,99}")  # a release, as a comment


def issue(path: list[PathPart], message: str) -> Issue:
    return Issue(key_path(path), message)


def shown(value: str) -> str:
    """``value`` quoted for a message, its control characters escaped (a table key)."""
    return f"'{value}'" if value.isprintable() else repr(value)


def pattern(
    path: list[PathPart], value: str, expected: re.Pattern[str], what: str
) -> Iterator[Issue]:
    if not expected.fullmatch(value):
        yield issue(path, f"{shown(value)} is not a valid {what}")
