"""Run frictionless on a package and turn its errors into :class:`Problem` objects.

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

_QUOTED = re.compile(r'"([^"]*)"')


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


def _message(error: Any) -> str:
    """Phrase a frictionless error as ``expected …, found …``."""
    kind, note = error.type, getattr(error, "note", "")
    cell = getattr(error, "cell", None)
    found = f", found {cell!r}" if cell is not None else ""
    if kind == "type-error":
        return f"expected a value of type {note.removeprefix('type is ').strip(chr(34))}{found}"
    if kind == "constraint-error":
        return f"expected {note.replace(chr(34), '')}{found}"
    if kind == "foreign-key":
        target = f"{error.reference_name}.{'/'.join(error.reference_field_names)}"
        return f"expected a key of {target}, found {'/'.join(error.field_cells)!r}"
    if kind in ("unique-error", "primary-key"):
        return f"expected a unique value ({note}){found}"
    if kind in ("missing-cell", "extra-cell"):
        return f"expected as many cells as header labels ({error.title}){found}"
    return f"expected no {error.title.lower()} ({note or error.description})"


def _column(error: Any) -> str | None:
    """Return the column an error concerns, if any."""
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

    return Problem(table, _row(error), _column(error), _message(error), _key(error, schema))


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

    descriptor = copy.deepcopy(package.descriptor)
    for resource in descriptor["resources"]:
        if resource["name"] in package.schemas:
            resource["schema"] = copy.deepcopy(package.schemas[resource["name"]])
    descriptor["resources"] = [r for r in descriptor["resources"] if r["name"] not in skip_resources]
    if not descriptor["resources"]:
        return []
    report = frictionless.Package(descriptor, basepath=str(package.root)).validate()
    problems = [_to_problem("datapackage.json", e, None) for e in report.errors]
    for task in report.tasks:
        schema = package.schemas.get(task.name)
        problems += [_to_problem(task.name, e, schema) for e in task.errors if e.type not in skip_types]
    return problems
