"""Command lines laid out for a ``run:`` script: one line when short, else one option per
continued line; and the words a matrix entry carries, passed in through ``env:``.

No value ever reaches a script through ``${{ }}`` (GitHub would paste it into the code
before bash reads it). A matrix value comes in as an environment variable: one word is
quoted as ``"$TOOLCHAIN"``; a list of words (``--package a --package b``) is read into a
bash array and passed as ``"${cargo_args[@]}"``, each word one argument.
"""

from __future__ import annotations

import re
import shlex
from collections.abc import Sequence

import attrs

WIDTH = 70  # a run: script sits 10 columns in: its lines stay within 80


@attrs.frozen
class Token:
    text: str  # as the script spells it, quoted
    kind: str  # word | option (starts with -) | splice (a variable's words)


def quoted(word: str) -> str:
    """``word`` as bash reads it back: single-quoted as shlex does, except a word with a
    ``$`` or a backtick, double-quoted with those escaped (the same word to bash, and
    shellcheck does not take it for an expansion meant to happen, SC2016)."""
    text = shlex.quote(word)
    if text.startswith("'") and ("$" in word or "`" in word):
        return '"' + re.sub(r'([$`"\\])', r"\\\1", word) + '"'
    return text


def literal(word: str) -> Token:
    return Token(quoted(word), "option" if word.startswith("-") else "word")


def variable(name: str) -> str:
    """The environment variable that carries matrix key ``name``: doc-test-args ->
    DOC_TEST_ARGS."""
    return name.replace("-", "_").upper()


def splice(name: str, single: bool) -> Token:
    """The words of matrix key ``name`` in a command line."""
    if single:
        return Token(f'"${variable(name)}"', "splice")
    return Token(f'"${{{_array(name)}[@]}}"', "splice")


def read_array(name: str) -> str:
    """The line that splits the variable of ``name`` into an array of words (the words
    are package, feature and option names: never blank, never quoted)."""
    return f'read -ra {_array(name)} <<< "${variable(name)}"'


def word_array(name: str, words: Sequence[str], width: int = WIDTH) -> str:
    """``name=(a b c)``: a bash array of ``words``, one per line when too long for one."""
    words = [quoted(w) for w in words]
    line = f"{_array(name)}=({' '.join(words)})"
    if len(line) <= width:
        return line
    return "\n".join([f"{_array(name)}=(", *(f"  {w}" for w in words), ")"])


def array_words(name: str) -> Token:
    """Every word of the array ``name``, each one argument."""
    return Token(f'"${{{_array(name)}[@]}}"', "splice")


def _array(name: str) -> str:
    return name.replace("-", "_")


def command_line(tokens: Sequence[Token], width: int = WIDTH) -> str:
    """One line when it fits ``width``; otherwise one option (with its value) per line."""
    groups: list[str] = []
    i = 0
    while i < len(tokens) and tokens[i].kind == "word":
        i += 1
    groups.append(" ".join(t.text for t in tokens[:i]))
    while i < len(tokens):
        if tokens[i].text == "--":
            groups.append(" ".join(t.text for t in tokens[i:]))
            break
        takes_value = (
            tokens[i].kind == "option" and i + 1 < len(tokens) and tokens[i + 1].kind == "word"
        )
        size = 2 if takes_value else 1
        groups.append(" ".join(t.text for t in tokens[i : i + size]))
        i += size
    line = " ".join(groups)
    return line if len(line) <= width else " \\\n  ".join(groups)


def shell_command(argv: Sequence[str], width: int = WIDTH) -> str:
    return command_line([literal(a) for a in argv], width)
