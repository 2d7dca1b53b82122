"""TOML syntax errors in words a person fixes them by: what was expected where.

The standard library's parser knows what it expected ("Unclosed inline table"), and
tomlkit's reads well for what it found ('Key "x" already exists'). Each message of the
first that has a plainer wording here gets it, at the position the parser gives; the
others are tomlkit's (see ``load.parse``)."""

from __future__ import annotations

import re
import tomllib

from ..errors import Issue

_POSITION = re.compile(r" \(at (?:line (\d+), column (\d+)|end of document)\)$")

_LITERAL = (
    "the string is not closed on its line: end it with its quote, or use '''...''' for "
    "text over several lines"
)

# The start of the standard library's message -> what to say instead.
_EXPECTED = {
    "Unclosed inline table": (
        "expected ',' or '}' here: an inline table { ... } separates its entries with ',' "
        "and closes on the same line"
    ),
    "Unclosed array": "expected ',' or ']': an array [ ... ] separates its items with ','",
    "Invalid value": (
        'expected a value here: a "quoted string", a number, true or false, an [array] or '
        "an { inline table }"
    ),
    "Expected newline or end of document after a statement": (
        "expected the end of the line after the value: one key = value per line, and a "
        "space inside a value needs quotes"
    ),
    "Expected '=' after a key in a key/value pair": (
        "expected '=' after the key (a key with spaces in it needs \"quotes\")"
    ),
    "Expected ']' at the end of a table declaration": "expected ']' to close the [table] header",
    "Expected ']]' at the end of an array declaration": (
        "expected ']]' to close the [[array of tables]] header"
    ),
    "Invalid initial character for a key part": (
        "expected a key here: letters, digits, '-' and '_', or a \"quoted key\""
    ),
    "Illegal character '\\n'": (
        'the string is not closed on its line: end it with its quote, or use """...""" '
        "for text over several lines"
    ),
    "Found invalid character '\\n'": _LITERAL,
    'Expected "\'"': _LITERAL,
    "Expected \"'''\"": "expected ''' to close the multi-line string",
    "Unterminated string": 'expected """ to close the multi-line string',
}


def explained(error: tomllib.TOMLDecodeError, text: str) -> Issue | None:
    """The error as what was expected, where; None when tomlkit says it better."""
    message = str(error)
    found = _POSITION.search(message)
    head = message[: found.start()] if found else message
    wording = _EXPECTED.get(head)
    if wording is None:
        return None
    if found and found.group(1):
        line, col = int(found.group(1)), int(found.group(2))
        if head.startswith("Invalid initial character") and _at(text, line, col) == "}":
            wording = "expected a key here: an inline table takes no ',' after its last entry"
        return Issue("", wording, line, col)
    lines = text.splitlines() or [""]
    return Issue("", f"{wording}; the file ends first", len(lines), len(lines[-1]) + 1)


def _at(text: str, line: int, col: int) -> str:
    lines = text.splitlines()
    return lines[line - 1][col - 1 : col] if line <= len(lines) else ""
