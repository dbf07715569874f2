"""The closed profile: the descriptor and Table Schema keys this dataset uses.

The official Data Package profiles are open: they let any extra key through,
and frictionless acts on some of them (``extrapaths``, ``dialect``, a
``profile`` URL). This profile is closed. Every object lists its keys with
their JSON types and ``additionalProperties`` is false, so an unknown key is
refused by name instead of ignored. Paths are plain strings (never URLs or
lists), encodings are UTF-8, and field types are those the engine checks.

Example
-------
>>> check_descriptor({"name": "x"}, "datapackage.json")
Traceback (most recent call last):
...
csto_annotations._base._errors.DescriptorError: datapackage.json: at the top level, '$schema' is a required property (see docs/security.md, "Closed profile").
"""

from __future__ import annotations

import json
import re
from typing import Any

from .._base._errors import DescriptorError
from .._base._limits import MAX_FIELDS, MAX_NAME_CHARS, MAX_PATTERN_CHARS, MAX_RESOURCES

PACKAGE_PROFILE = "https://datapackage.org/profiles/2.0/datapackage.json"
SCHEMA_PROFILE = "https://datapackage.org/profiles/2.0/tableschema.json"
# Each pattern ends in \Z, the end of the text: Python's $ (which jsonschema's re.search uses) also
# matches before a final newline, so "claims\n" would pass as a name and be written as a file name.
NAME = rf"^[a-z0-9]([a-z0-9._-]{{0,{MAX_NAME_CHARS - 2}}}[a-z0-9])?\Z"
SHA256 = r"^sha256:[0-9a-f]{64}\Z"
SEMVER = r"^(0|[1-9][0-9]*)\.(0|[1-9][0-9]*)\.(0|[1-9][0-9]*)(-[0-9A-Za-z.-]+)?(\+[0-9A-Za-z.-]+)?\Z"


def _closed(keys: list[str], **properties: Any) -> dict[str, Any]:
    return {"type": "object", "required": keys, "additionalProperties": False, "properties": properties}


_TEXT = {"type": "string"}
_COUNT = {"type": "integer", "minimum": 0}
_TEXTS = {"type": "array", "items": _TEXT}
_LICENSE = _closed([], name=_TEXT, path=_TEXT, title=_TEXT)
_CONTRIBUTOR = _closed(
    ["title"], title=_TEXT, givenName=_TEXT, familyName=_TEXT, path=_TEXT, email=_TEXT,
    organization=_TEXT, roles=_TEXTS,
)  # fmt: skip
_SOURCE = _closed(["title"], title=_TEXT, path=_TEXT, email=_TEXT, version=_TEXT)
_COMMON = {
    "name": {"type": "string", "pattern": NAME},
    "title": _TEXT,
    "description": _TEXT,
    "path": {"type": "string", "minLength": 1},
    "format": {"enum": ["csv", "txt"]},
    "mediatype": {"enum": ["text/csv", "text/plain"]},
    "encoding": {"enum": ["utf-8"]},
    "licenses": {"type": "array", "items": _LICENSE},
    "sources": {"type": "array", "items": _SOURCE},
    "bytes": _COUNT,
    "hash": {"type": "string", "pattern": SHA256},
}
_TABLE = _closed(
    ["name", "type", "path", "schema"],
    **_COMMON, type={"const": "table"}, schema={"type": "string", "minLength": 1},
    schemaBytes=_COUNT, schemaHash={"type": "string", "pattern": SHA256},
)  # fmt: skip
_TEXT_RESOURCE = _closed(["name", "type", "path"], **_COMMON, type={"const": "text"})

DESCRIPTOR = _closed(
    ["$schema", "name", "version", "resources"],
    **{"$schema": {"const": PACKAGE_PROFILE}},
    name={"type": "string", "pattern": NAME}, id=_TEXT, title=_TEXT, description=_TEXT, homepage=_TEXT,
    version={"type": "string", "pattern": SEMVER}, created=_TEXT, keywords=_TEXTS,
    licenses={"type": "array", "items": _LICENSE}, sources={"type": "array", "items": _SOURCE},
    contributors={"type": "array", "items": _CONTRIBUTOR},
    resources={"type": "array", "minItems": 1, "maxItems": MAX_RESOURCES,
               "items": {"if": {"properties": {"type": {"const": "table"}}}, "then": _TABLE, "else": _TEXT_RESOURCE}},
)  # fmt: skip

_CONSTRAINTS = _closed(
    [], required={"type": "boolean"}, unique={"type": "boolean"},
    pattern={"type": "string", "minLength": 1, "maxLength": MAX_PATTERN_CHARS},
    enum={"type": "array", "minItems": 1, "uniqueItems": True, "items": _TEXT},
    minimum={"type": "integer"}, maximum={"type": "integer"},
    minLength=_COUNT, maxLength=_COUNT,
)  # fmt: skip
_CATEGORY = {"oneOf": [_TEXT, _closed(["value"], value=_TEXT, label=_TEXT)]}
_FIELD = _closed(
    ["name", "type"], name={"type": "string", "minLength": 1, "maxLength": MAX_NAME_CHARS}, title=_TEXT,
    description=_TEXT,
    type={"enum": ["string", "integer", "number", "boolean", "date"]}, format={"const": "default"},
    constraints=_CONSTRAINTS, categories={"type": "array", "minItems": 1, "items": _CATEGORY},
    categoriesOrdered={"type": "boolean"},
)  # fmt: skip
_FIELD_NAMES = {"type": "array", "minItems": 1, "items": _TEXT}
_FOREIGN_KEY = _closed(
    ["fields", "reference"], fields=_FIELD_NAMES,
    reference=_closed(["resource", "fields"], resource={"type": "string", "minLength": 1}, fields=_FIELD_NAMES),
)  # fmt: skip
SCHEMA = _closed(
    ["fields"], **{"$schema": {"const": SCHEMA_PROFILE}}, title=_TEXT, description=_TEXT,
    fields={"type": "array", "minItems": 1, "maxItems": MAX_FIELDS, "items": _FIELD},
    missingValues={"type": "array", "items": _TEXT}, primaryKey=_FIELD_NAMES,
    foreignKeys={"type": "array", "items": _FOREIGN_KEY},
)  # fmt: skip


def _place(path: list[Any], instance: Any) -> str:
    parts = "".join(f"[{p}]" if isinstance(p, int) else f".{p}" for p in path)
    place = f"at {parts.lstrip('.')}" if parts else "at the top level"
    if len(path) > 1 and path[0] in ("fields", "resources") and isinstance(path[1], int):
        item = instance[path[0]][path[1]]
        if isinstance(item, dict) and isinstance(item.get("name"), str):
            place += f" ({path[0][:-1]} {item['name']!r})"
    return place


_FAST = frozenset({
    "type", "const", "enum", "pattern", "minLength", "maxLength", "minimum", "maximum", "required", "properties",
    "additionalProperties", "items", "if", "then", "else", "minItems", "maxItems", "uniqueItems", "oneOf",
})  # fmt: skip
_TYPES = {"object": dict, "array": list, "string": str, "boolean": bool, "integer": int}


def conforms(instance: Any, schema: dict[str, Any]) -> bool:
    """Tell, fast, whether ``instance`` certainly conforms to a profile ``schema``.

    The profiles use a small part of JSON Schema, and a descriptor with 10,000
    texts has 10,000 near-identical resources. This walks that part directly;
    on any doubt it answers False and jsonschema, which reports every error,
    decides. A test holds the two to the same verdict on mutated descriptors.

    Example
    -------
    >>> conforms({"a": "x"}, {"type": "object", "properties": {"a": {"type": "string"}}, "additionalProperties": False})
    True
    """
    if not schema.keys() <= _FAST or ("if" in schema and not isinstance(instance, dict)):
        return False
    kind = schema.get("type")  # JSON's true and false are no integers, though Python's bool is an int
    if kind and not (isinstance(instance, _TYPES[kind]) and (kind == "boolean" or not isinstance(instance, bool))):
        return False
    if ("const" in schema and instance != schema["const"]) or ("enum" in schema and instance not in schema["enum"]):
        return False
    if "pattern" in schema and not (isinstance(instance, str) and re.search(schema["pattern"], instance)):
        return False
    if isinstance(instance, str | list):
        low, high = ("minLength", "maxLength") if isinstance(instance, str) else ("minItems", "maxItems")
        if not schema.get(low, 0) <= len(instance) <= schema.get(high, len(instance)):
            return False
    if ("minimum" in schema and not instance >= schema["minimum"]) or (
        "maximum" in schema and not instance <= schema["maximum"]
    ):
        return False
    if "oneOf" in schema and sum(conforms(instance, branch) for branch in schema["oneOf"]) != 1:
        return False
    if "if" in schema and not conforms(
        instance, schema["then"] if conforms(instance, schema["if"]) else schema["else"]
    ):
        return False
    if schema.get("uniqueItems") and len({json.dumps(i, sort_keys=True) for i in instance}) != len(instance):
        return False
    if isinstance(instance, list):
        return all(conforms(item, schema["items"]) for item in instance) if "items" in schema else True
    if isinstance(instance, dict):
        properties = schema.get("properties", {})
        if schema.get("additionalProperties") is False and not set(instance) <= set(properties):
            return False
        if not set(schema.get("required", [])) <= set(instance):
            return False
        return all(conforms(value, properties[key]) for key, value in instance.items() if key in properties)
    return True


def _check(profile: dict[str, Any], instance: Any, where: object) -> None:
    if conforms(instance, profile):
        return
    import jsonschema  # words the error; a validator takes microseconds to build, so none is kept

    errors = jsonschema.Draft202012Validator(profile).iter_errors(instance)
    error = min(errors, key=lambda e: len(e.absolute_path), default=None)
    if error is not None:
        # oneOf hides the useful reason: report the branch whose type matches.
        reasons = [e for e in error.context or [] if "type" not in e.absolute_schema_path]
        detail = min(reasons, key=lambda e: len(e.absolute_path)) if reasons else error
        path = list(error.absolute_path) + list(detail.relative_path if detail is not error else [])
        raise DescriptorError(
            f'{where}: {_place(path, instance)}, {detail.message} (see docs/security.md, "Closed profile").'
        )


def check_descriptor(descriptor: Any, where: object) -> None:
    """Check a parsed ``datapackage.json`` against the closed profile.

    Raises
    ------
    DescriptorError
        Naming the first offending key and what was expected.

    Example
    -------
    >>> check_descriptor({"$schema": PACKAGE_PROFILE, "name": "x", "version": "1.0.0",
    ...                   "resources": [], "extrapaths": []}, "dp.json")  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    csto_annotations._base._errors.DescriptorError: dp.json: at the top level, Additional properties ...
    """
    _check(DESCRIPTOR, descriptor, where)


def check_schema(schema: Any, where: object) -> None:
    """Check a parsed Table Schema against the closed profile.

    Example
    -------
    >>> check_schema({"fields": [{"name": "n", "type": "duration"}]}, "s.json")  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    csto_annotations._base._errors.DescriptorError: s.json: at fields[0].type (field 'n'), 'duration' is not one of ...
    """
    _check(SCHEMA, schema, where)
