"""What the checks of every table share: a located issue, a value shown in a message,
and a pattern the whole value must match."""

import difflib
import re
from collections.abc import Iterator, Sequence

from ..errors import Issue, PathPart, key_path

TAG = re.compile(r"[A-Za-z0-9][A-Za-z0-9._+/-]{0,99}")  # a release, as a comment


def issue(path: list[PathPart], message: str) -> Issue:
    return Issue(key_path(path), message)


def shown(value: str) -> str:
    """``value`` quoted for a message, its control characters escaped (a table key)."""
    return f"'{value}'" if value.isprintable() else repr(value)


def did_you_mean(word: str, choices: Sequence[str]) -> str:
    """`` (did you mean 'x'?)`` for the closest of ``choices``, or ''. A swap of two
    letters or one letter wrong counts as close however short the word ('tsl', 'tls')."""
    near = [c for c in sorted(choices) if _one_slip(word.lower(), c.lower())]
    close = near or difflib.get_close_matches(word, list(choices), n=1, cutoff=0.6)
    return f" (did you mean '{close[0]}'?)" if close else ""


def _one_slip(word: str, choice: str) -> bool:
    """One letter added, dropped, changed, or two neighbours swapped."""
    if word == choice or abs(len(word) - len(choice)) > 1:
        return False
    if len(word) == len(choice):
        wrong = [i for i, (a, b) in enumerate(zip(word, choice, strict=True)) if a != b]
        swapped = len(wrong) == 2 and wrong[1] == wrong[0] + 1
        return len(wrong) == 1 or (
            swapped and word[wrong[0]] == choice[wrong[1]] and word[wrong[1]] == choice[wrong[0]]
        )
    short, long = sorted((word, choice), key=len)
    return any(long[:i] + long[i + 1 :] == short for i in range(len(long)))


def pattern(
    path: list[PathPart],
    value: str,
    expected: re.Pattern[str],
    what: str,
    examples: Sequence[str] = (),
) -> Iterator[Issue]:
    """An issue unless the whole of ``value`` matches; ``examples`` of valid values
    suggest the closest one, or are listed."""
    if not expected.fullmatch(value):
        hint = did_you_mean(value, examples) if examples else ""
        if examples and not hint:
            hint = f" (such as {', '.join(repr(e) for e in examples)})"
        yield issue(path, f"{shown(value)} is not a valid {what}{hint}")
