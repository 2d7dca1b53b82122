"""JSON Schema of ci.toml, derived from the model so it cannot drift from the loader.

Editors use it for completion (Taplo / Even Better TOML: ``#:schema ./ci-gen.schema.json``).
"""

from __future__ import annotations

import json
import types
from collections.abc import Mapping
from typing import Any, Literal, Union, get_args, get_origin

import attrs

from .. import __version__
from .model import Manifest, toml_key

_PRIMITIVES: dict[Any, str] = {float: "number", int: "integer", str: "string", bool: "boolean"}


def type_schema(type_: Any) -> dict[str, Any]:
    origin = get_origin(type_)
    type_ = getattr(type_, "__supertype__", type_)  # a NewType is its base type here
    if type_ in _PRIMITIVES:
        return {"type": _PRIMITIVES[type_]}
    if origin is Literal:
        return {"enum": list(get_args(type_))}
    if origin in (Union, types.UnionType):
        # TOML has no null: an optional key is simply left out.
        (inner,) = [a for a in get_args(type_) if a is not type(None)]
        return type_schema(inner)
    if origin is tuple:
        return {"type": "array", "items": type_schema(get_args(type_)[0])}
    if origin is Mapping:
        return {"type": "object", "additionalProperties": type_schema(get_args(type_)[1])}
    if attrs.has(type_):
        return object_schema(type_)
    raise TypeError(f"no schema for {type_!r}")


def _default(field: Any) -> Any:
    value = field.default
    if value is attrs.NOTHING or isinstance(value, attrs.Factory) or value is None:  # type: ignore[arg-type]
        return attrs.NOTHING
    return list(value) if isinstance(value, tuple) else value


def object_schema(cls: type) -> dict[str, Any]:
    properties: dict[str, Any] = {}
    required = []
    for field in attrs.fields(cls):
        prop = type_schema(field.type)
        prop["description"] = field.metadata.get("doc", "")
        if (bounds := field.metadata.get("bounds")) is not None:
            prop["exclusiveMinimum" if bounds.open_low else "minimum"] = bounds.low
            prop["maximum"] = bounds.high
        if field.default is attrs.NOTHING:
            required.append(toml_key(field.name))
        elif (default := _default(field)) is not attrs.NOTHING:
            prop["default"] = default
        properties[toml_key(field.name)] = prop
    out: dict[str, Any] = {
        "type": "object",
        "description": (cls.__doc__ or "").strip().splitlines()[0],
        "properties": properties,
        "additionalProperties": False,
    }
    if required:
        out["required"] = required
    return out


def manifest_schema() -> str:
    document = {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "title": f"ci-gen {__version__} manifest (ci.toml)",
        **object_schema(Manifest),
    }
    return json.dumps(document, indent=2) + "\n"


def _type_name(prop: dict[str, Any]) -> str:
    if "enum" in prop:
        return " \\| ".join(f"`{json.dumps(v)}`" for v in prop["enum"])
    if prop.get("type") == "array":
        items = prop["items"]
        return f"array of {_type_name(items) if 'enum' in items else items.get('type', 'table')}"
    if prop.get("type") == "object" and "properties" in prop:
        return "table"
    return str(prop.get("type", "table"))


_PLACEHOLDERS = {"feature-cost": "<feature>", "pins": '"<owner>/<repo>"'}


def _rows(prefix: str, schema: dict[str, Any]) -> list[str]:
    rows = []
    required = set(schema.get("required", []))
    for key, prop in schema["properties"].items():
        path = f"{prefix}.{key}" if prefix else key
        nested = prop.get("additionalProperties")
        items = prop.get("items", {})
        if prop.get("type") == "array" and "properties" in items:
            rows.append(f"| `[[{path}]]` | array of tables | | {prop['description']} |")
            rows += _rows(f"[[{path}]]", items)
        elif isinstance(nested, dict) and "properties" in nested:
            placeholder = _PLACEHOLDERS.get(key, "<name>")
            rows.append(f"| `[{path}.{placeholder}]` | table | | {prop['description']} |")
            rows += _rows(f"{path}.{placeholder}", nested)
        elif prop.get("type") == "object" and "properties" in prop:
            if prefix:
                rows.append(f"| `{path}` | table | | {prop['description']} |")
            rows += _rows(path, prop)
        else:
            default = f"`{json.dumps(prop['default'])}`" if "default" in prop else ""
            default = "required" if key in required else default
            rows.append(f"| `{path}` | {_type_name(prop)} | {default} | {prop['description']} |")
    return rows


def markdown_reference() -> str:
    """The manifest reference table of the README, generated from the model."""
    head = ["| key | type | default | meaning |", "|---|---|---|---|"]
    return "\n".join(head + _rows("", object_schema(Manifest))) + "\n"
