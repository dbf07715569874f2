"""Run frictionless on a package and turn its errors into :class:`Problem` objects.

Each frictionless error becomes one ``table row N column C: expected …, found …``
line; header errors point at row 1 and at the column concerned. Two problems
at the same place are reported once (a single-column primary key is also a
unique field, and frictionless reports both).

Example
-------
>>> from csto_annotations.descriptor import read_package
>>> from csto_annotations.paths import bundled_root
>>> frictionless_problems(read_package(bundled_root()))
[]
"""

from __future__ import annotations

import copy
import re
from typing import Any

from .descriptor import Package

__all__ = ["frictionless_problems"]

_CONSTRAINT = re.compile(r'constraint "(?P<name>\w+)" is "(?P<value>.*)"', re.S)
_POSITION = re.compile(r'position "?(\d+)')
_CONSTRAINT_PHRASES = {
    "required": "expected a value (the column is required)",
    "minimum": "expected a value >= {}",
    "maximum": "expected a value <= {}",
    "exclusiveMinimum": "expected a value > {}",
    "exclusiveMaximum": "expected a value < {}",
    "minLength": "expected at least {} characters",
    "maxLength": "expected at most {} characters",
    "pattern": "expected a value matching {}",
    "enum": "expected one of {}",
}


def _primary_key(schema: dict[str, Any] | None) -> list[str]:
    """Return the primary key fields as a list."""
    key = (schema or {}).get("primaryKey", [])
    return [key] if isinstance(key, str) else list(key)


def _key(error: Any, schema: dict[str, Any] | None) -> str | None:
    """Return ``"claim_id CL-0001"`` for a row error, when the row has a key."""
    cells = getattr(error, "cells", None)
    names = [f["name"] for f in (schema or {}).get("fields", [])]
    pk = _primary_key(schema)
    if not cells or not pk or not set(pk) <= set(names):
        return None
    values = [cells[names.index(k)] if names.index(k) < len(cells) else "" for k in pk]
    return ", ".join(f"{k} {v}" for k, v in zip(pk, values))


def _found(error: Any) -> str:
    """``, found 'x'`` (or ``, found an empty cell``) for cell errors."""
    cell = getattr(error, "cell", None)
    if cell is None:
        return ""
    return ", found an empty cell" if cell == "" else f", found {cell!r}"


def _constraint(note: str) -> str:
    """Phrase a frictionless constraint note (``constraint "pattern" is "^Q"``)."""
    match = _CONSTRAINT.fullmatch(note.strip())
    if not match:
        return f"expected {note.replace(chr(34), '')}"
    phrase = _CONSTRAINT_PHRASES.get(match["name"], f"expected {match['name']} {{}}")
    return phrase.format(match["value"])


def _again(note: str) -> str:
    """`` (first in row 2)`` from ``the same as in the row at position 2``."""
    position = _POSITION.search(note or "")
    return f" (the same as in row {position.group(1)})" if position else ""


def _header_message(error: Any) -> str:
    """Phrase a header-label error."""
    kind, label, field, number = error.type, error.label, error.field_name, error.field_number
    if kind == "extra-label":
        return f"expected no column {label!r} at header position {number}: the schema has no such field"
    if kind == "missing-label":
        return f"expected the column {field!r} (field {number} of the schema), found none"
    if kind == "duplicate-label":
        first = _POSITION.search(error.note or "")
        where = f" (already at position {first.group(1)})" if first else ""
        return f"expected the label {field!r} at header position {number}, found {label!r} a second time{where}"
    if kind == "blank-label":
        return f"expected the label {field!r} at header position {number}, found a blank label"
    return f"expected the label {field!r} at header position {number}, found {label!r}"


def _message(error: Any, schema: dict[str, Any] | None) -> str:
    """Phrase a frictionless error as ``expected …, found …``."""
    kind, note = error.type, getattr(error, "note", "") or ""
    if kind == "type-error":
        wanted = note.removeprefix("type is ").strip(chr(34)).removesuffix("/default")
        return f"expected a value of type {wanted}{_found(error)}"
    if kind == "constraint-error":
        return _constraint(note) + _found(error)
    if kind == "foreign-key":
        target = f"{error.reference_name or 'this table'}.{'/'.join(error.reference_field_names)}"
        return f"expected a key of {target}, found {'/'.join(error.field_cells)!r}"
    if kind == "unique-error":
        return f"expected a unique value{_found(error)} again{_again(note)}"
    if kind == "primary-key":
        return f"expected a unique primary key ({', '.join(_primary_key(schema))}), found it again{_again(note)}"
    if kind.endswith("-label"):
        return _header_message(error)
    if kind == "missing-cell":
        return "expected a cell for this column, found the row too short"
    if kind == "extra-cell":
        return f"expected no more cells than header labels, found the extra cell {getattr(error, 'cell', '')!r}"
    if kind == "source-error" and "empty" in note:
        return "expected a header row and data, found an empty file"
    return f"expected no {error.title.lower()} ({note or error.description})"


def _column(error: Any, schema: dict[str, Any] | None) -> str | None:
    """Return the column an error concerns, if any."""
    if error.type == "extra-label":
        return error.label or None
    if error.type == "primary-key":
        return ",".join(_primary_key(schema)) or None
    if getattr(error, "field_name", None):
        return error.field_name
    names = getattr(error, "field_names", None)
    return ",".join(names) if names else None


def _row(error: Any) -> int | None:
    """Return the row number (header errors are row 1)."""
    if getattr(error, "row_number", None) is not None:
        return error.row_number
    if "#header" in getattr(error, "tags", []):
        return 1
    return None


def _to_problem(table: str, error: Any, schema: dict[str, Any] | None) -> Any:
    """Map one frictionless error."""
    from .validation import Problem

    return Problem(table, _row(error), _column(error, schema), _message(error, schema), _key(error, schema))


def _runnable_descriptor(package: Package, skip_resources: set[str] | frozenset[str]) -> dict[str, Any]:
    """The descriptor frictionless runs on: checked schemas inlined, skipped
    resources removed, and foreign keys into removed resources dropped (their
    own problem is reported already; "resource does not exist" would only repeat it)."""
    descriptor = copy.deepcopy(package.descriptor)
    descriptor["resources"] = [r for r in descriptor["resources"] if r["name"] not in skip_resources]
    kept = {r["name"] for r in descriptor["resources"]}
    for resource in descriptor["resources"]:
        if resource["name"] in package.schemas:
            schema = copy.deepcopy(package.schemas[resource["name"]])
            schema["foreignKeys"] = [
                fk for fk in schema.get("foreignKeys", []) if fk.get("reference", {}).get("resource", "") in kept | {""}
            ]
            resource["schema"] = schema
    return descriptor


def _unique_places(problems: list) -> list:
    """Drop a problem whose table, row and column an earlier one already names."""
    seen: set[tuple] = set()
    kept = []
    for problem in problems:
        place = (problem.table, problem.row, problem.column)
        if problem.row is None or place not in seen:
            kept.append(problem)
        seen.add(place)
    return kept


def frictionless_problems(
    package: Package,
    *,
    skip_resources: set[str] | frozenset[str] = frozenset(),
    skip_types: set[str] | frozenset[str] = frozenset(),
) -> list:
    """Validate ``package`` with frictionless (foreign keys included).

    Frictionless runs with the package directory as basepath, on a copy of
    the descriptor whose schemas are inlined from the checked files.

    Parameters
    ----------
    package : Package
        The checked package.
    skip_resources : set of str
        Resources already reported unreadable; their errors are dropped.
    skip_types : set of str
        Frictionless error types to drop (e.g. ``"hash-count"``).

    Returns
    -------
    list of Problem

    Example
    -------
    >>> from csto_annotations.descriptor import read_package
    >>> from csto_annotations.paths import bundled_root
    >>> frictionless_problems(read_package(bundled_root()), skip_types={"hash-count"})
    []
    """
    import frictionless

    descriptor = _runnable_descriptor(package, skip_resources)
    if not descriptor["resources"]:
        return []
    report = frictionless.Package(descriptor, basepath=str(package.root)).validate()
    problems = [_to_problem("datapackage.json", e, None) for e in report.errors]
    for task in report.tasks:
        schema = package.schemas.get(task.name)
        problems += [_to_problem(task.name, e, schema) for e in task.errors if e.type not in skip_types]
    return _unique_places(problems)
