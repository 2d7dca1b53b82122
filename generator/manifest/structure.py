"""Plain TOML data -> model objects with cattrs, and cattrs errors -> located Issues.

The converter is strict: no string-to-number coercion, no string-as-list, unknown keys
rejected. Errors are walked into ``Issue``s whose paths use the keys people wrote.
"""

from __future__ import annotations

import collections.abc
import math
import re
import types
import typing
from collections.abc import Callable, Mapping
from typing import Any, Literal, TypeVar, get_args, get_origin

import attrs
import cattrs
from cattrs.errors import (
    AttributeValidationNote,
    ClassValidationError,
    ForbiddenExtraKeysError,
    IterableValidationError,
    IterableValidationNote,
)
from cattrs.gen import make_dict_structure_fn, mapping_structure_factory, override

from ..errors import Issue, PathPart, key_path
from .checks import did_you_mean
from .fields import Lines
from .model import toml_key

T = TypeVar("T")


def describe(value: object) -> str:
    kinds = {bool: "a boolean", int: "an integer", float: "a number", str: "a string"}
    kinds |= {list: "an array", dict: "a table"}
    kind = kinds.get(type(value), type(value).__name__)
    shown = repr(value) if isinstance(value, int | float | str) else ""
    if isinstance(value, bool):
        shown = "true" if value else "false"  # as TOML spells it
    return f"{kind} {shown}".strip()


class StructureIssue(ValueError):
    """A value of the wrong kind; the message is shown to the user as is."""


def _expect(predicate: Callable[[object], bool], wanted: str) -> Callable[[object], None]:
    def check(value: object) -> None:
        if not predicate(value):
            raise StructureIssue(f"expected {wanted}, got {describe(value)}")

    return check


_is_number = _expect(lambda v: isinstance(v, int | float) and not isinstance(v, bool), "a number")
_is_int = _expect(lambda v: isinstance(v, int) and not isinstance(v, bool), "an integer")
_is_str = _expect(lambda v: isinstance(v, str), "a string")
_is_bool = _expect(lambda v: isinstance(v, bool), "true or false")
_is_list = _expect(lambda v: isinstance(v, list), "an array")
_is_table = _expect(lambda v: isinstance(v, dict), "a table")


def _structure_float(value: object, _: type) -> float:
    _is_number(value)
    number = float(typing.cast(float, value))
    if not math.isfinite(number):  # TOML allows nan and inf; no budget or cost can use them
        raise StructureIssue(f"expected a finite number, got {describe(value)}")
    return number


def _structure_int(value: object, _: type) -> int:
    _is_int(value)
    return typing.cast(int, value)


# Characters no key's value may hold: control characters (a newline ends a YAML line or
# a shell command early), the line breaks YAML knows beyond them, and what a YAML file
# cannot hold at all (C1 controls, U+FFFE and U+FFFF). A script may hold tabs and
# newlines (a <<- heredoc strips leading tabs).
_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f\u2028\u2029\ufffe\uffff]")
_LINE_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u2028\u2029\ufffe\uffff]")


# Longer than a value or a script of a workflow can reasonably be (a workflow file is
# at most 512 KB): it belongs in a file of the repository that the step reads.
MAX_TEXT = 16_384
MAX_LINES = 65_536


def _checked_text(value: object, control: re.Pattern[str], longest: int = MAX_TEXT) -> str:
    """A string with no character ``control`` matches, and no GitHub expression: GitHub
    expands ``${{ }}`` in a workflow before any quoting takes effect."""
    _is_str(value)
    text = typing.cast(str, value)
    if len(text) > longest:
        raise StructureIssue(
            f"a string of {len(text):,} characters, over {longest:,}: keep text this long in "
            "a file of the repository, and read it from there"
        )
    if found := control.search(text):
        hint = " (a trailing newline from a multi-line string?)" if found.group() == "\n" else ""
        raise StructureIssue(
            f"{describe(text)} holds the control character {found.group()!r}: remove it{hint}"
        )
    if "${{" in text:
        raise StructureIssue(
            f"{describe(text)} holds '${{{{': GitHub would expand it as an expression "
            "in the workflow, before any quoting; ci.toml values cannot hold expressions"
        )
    return text


def _structure_str(value: object, _: type) -> str:
    return _checked_text(value, _CONTROL)


def _structure_lines(value: object, _: type) -> str:
    return _checked_text(value, _LINE_CONTROL, MAX_LINES)


def _structure_bool(value: object, _: type) -> bool:
    _is_bool(value)
    return typing.cast(bool, value)


def _structure_literal(value: object, type_: type) -> object:
    allowed = get_args(type_)
    # by type too: 1 == True in Python, not in TOML
    if not any(value == a and type(value) is type(a) for a in allowed):
        choices = ", ".join(_spelled(a) for a in allowed)
        raise StructureIssue(f"expected one of {choices}, got {describe(value)}")
    return value


def _spelled(choice: object) -> str:
    """A choice as TOML spells it: true, 'recursive'."""
    return str(choice).lower() if isinstance(choice, bool) else repr(choice)


def _is_literal(type_: Any) -> bool:
    return get_origin(type_) is Literal


def _is_str_tuple(type_: Any) -> bool:
    return get_origin(type_) is tuple and get_args(type_) == (str, Ellipsis)


def _make_converter() -> cattrs.Converter:
    conv = cattrs.Converter(forbid_extra_keys=True, detailed_validation=True)
    conv.register_structure_hook(float, _structure_float)
    conv.register_structure_hook(int, _structure_int)
    conv.register_structure_hook(str, _structure_str)
    conv.register_structure_hook(Lines, _structure_lines)
    conv.register_structure_hook(bool, _structure_bool)
    conv.register_structure_hook_func(_is_literal, _structure_literal)
    base_tuple = conv.get_structure_hook(tuple[str, ...])

    def structure_str_tuple(value: object, type_: type) -> tuple[str, ...]:
        _is_list(value)
        return typing.cast(tuple[str, ...], base_tuple(value, type_))

    conv.register_structure_hook_func(_is_str_tuple, structure_str_tuple)

    def attrs_hook(cls: type) -> Callable[[object, type], object]:
        renames: dict[str, Any] = {
            a.name: override(rename=toml_key(a.name)) for a in attrs.fields(cls)
        }
        inner: Callable[[Mapping[str, Any], Any], object] = make_dict_structure_fn(
            cls, conv, _cattrs_forbid_extra_keys=True, **renames
        )

        def structure(value: object, type_: type) -> object:
            _is_table(value)
            return inner(typing.cast(Mapping[str, Any], value), type_)

        return structure

    conv.register_structure_hook_factory(attrs.has, attrs_hook)

    def mapping_hook(type_: Any) -> Callable[[object, type], object]:
        # not conv.gen_structure_mapping: it registers its hook, which then wins over this
        inner = mapping_structure_factory(_mapping_of(type_), conv, dict, detailed_validation=True)

        def structure(value: object, cls: type) -> object:
            _is_table(value)  # not cattrs' "'str' object has no attribute 'items'"
            return inner(typing.cast(Mapping[Any, Any], value), cls)

        return structure

    conv.register_structure_hook_factory(_is_mapping, mapping_hook)
    return conv


def _is_mapping(type_: Any) -> bool:
    """A table's type: ``Mapping[K, V]``, or that or None (TOML has no None)."""
    return _mapping_of(type_) is not None


def _mapping_of(type_: Any) -> Any:
    if get_origin(type_) in (dict, Mapping, collections.abc.Mapping):
        return type_
    options = [t for t in get_args(type_) if t is not type(None)]
    if get_origin(type_) in (typing.Union, types.UnionType) and len(options) == 1:
        return _mapping_of(options[0])
    return None


CONVERTER = _make_converter()


def structure(data: object, type_: type[T], path: list[PathPart]) -> tuple[T | None, list[Issue]]:
    """Structure ``data`` as ``type_``; on failure return every problem, located."""
    try:
        return CONVERTER.structure(data, type_), []
    except Exception as exc:
        return None, issues_from(exc, path)


def issues_from(exc: BaseException, path: list[PathPart]) -> list[Issue]:
    if isinstance(exc, ClassValidationError | IterableValidationError):
        found: list[Issue] = []
        for sub in exc.exceptions:
            found += issues_from(sub, path + _note_part(sub))
        return found
    if isinstance(exc, ForbiddenExtraKeysError):
        known = [toml_key(a.name) for a in attrs.fields(exc.cl)]
        return [
            Issue(key_path([*path, key]), f"unknown key{did_you_mean(key, known)}")
            for key in sorted(exc.extra_fields)
        ]
    if isinstance(exc, KeyError):
        return [Issue(key_path(path), "required key is missing")]
    if isinstance(exc, StructureIssue):
        return [Issue(key_path(path), str(exc))]
    return [Issue(key_path(path), f"invalid value ({exc})")]


def _note_part(exc: BaseException) -> list[PathPart]:
    for note in getattr(exc, "__notes__", []):
        if isinstance(note, AttributeValidationNote):
            return [toml_key(note.name)]
        if isinstance(note, IterableValidationNote):
            return [note.index]
    return []
