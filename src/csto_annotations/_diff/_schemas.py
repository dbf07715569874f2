"""Compare two Table Schemas and classify each change by the bump it requires.

The rules follow ``docs/versioning.md``:

==============================================  =========
change                                          bump
==============================================  =========
column added, removed, renamed or retyped       MAJOR
constraint tightened (valid data could fail)    MAJOR
primary key, foreign keys or missing values     MAJOR
columns reordered (positional readers break)    MAJOR
constraint loosened (old data stays valid)      MINOR
title or description only                       NONE
==============================================  =========

A column is *renamed* when a removed and an added column have the same
definition apart from name, title and description, and either hold the same
values (``same_values``) or are the only removed/added pair.

Example
-------
>>> old = {"fields": [{"name": "a", "type": "string"}]}
>>> new = {"fields": [{"name": "a", "type": "integer"}]}
>>> [(c.kind, c.bump.name) for c in compare_schemas("t", old, new)]
[('retyped', 'MAJOR')]
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from enum import IntEnum
from typing import Any

# The closed profile (``_reader/_profile.py``) admits no other field key, bound or key form, so both sides hold only these.
_DOC_KEYS = {"name", "title", "description"}
_LOWER_BOUNDS = {"minimum", "minLength"}
_UPPER_BOUNDS = {"maximum", "maxLength"}


class Bump(IntEnum):
    """Semantic-version bumps, ordered so that ``max()`` picks the largest.

    Example
    -------
    >>> max(Bump.PATCH, Bump.MINOR).name
    'MINOR'
    """

    NONE = 0
    PATCH = 1
    MINOR = 2
    MAJOR = 3


@dataclass(frozen=True)
class SchemaChange:
    """One schema change.

    Attributes
    ----------
    table : str
    column : str
        Empty for table-level changes.
    kind : str
        ``table added``, ``table removed``, ``added``, ``removed``, ``renamed``,
        ``retyped``, ``tightened``, ``loosened``, ``reordered``, ``keys`` or
        ``documentation``.
    detail : str
        Human-readable, for the report.
    bump : Bump
    """

    table: str
    column: str
    kind: str
    detail: str
    bump: Bump


def _definition(field: dict[str, Any]) -> dict[str, Any]:
    """A field without its name and documentation."""
    return {k: v for k, v in field.items() if k not in _DOC_KEYS}


def renames(
    old: dict[str, Any], new: dict[str, Any], same_values: Callable[[str, str], bool] | None = None
) -> dict[str, str]:
    """Old name → new name of the columns judged renamed.

    Example
    -------
    >>> renames({"fields": [{"name": "a", "type": "string"}]}, {"fields": [{"name": "b", "type": "string"}]})
    {'a': 'b'}
    """
    old_fields, new_fields = ({f["name"]: f for f in schema.get("fields", [])} for schema in (old, new))
    removed = [n for n in old_fields if n not in new_fields]
    added = [n for n in new_fields if n not in old_fields]
    pairs: dict[str, str] = {}
    for name in removed:
        candidates = [
            a for a in added if a not in pairs.values() and _definition(new_fields[a]) == _definition(old_fields[name])
        ]
        equal = [a for a in candidates if same_values is not None and same_values(name, a)]
        if equal:
            pairs[name] = equal[0]
        elif len(candidates) == 1 and len(removed) == 1 and len(added) == 1:
            pairs[name] = candidates[0]
    return pairs


def _constraint_kind(key: str, before: Any, after: Any) -> str:
    """How a single constraint changed: ``tightened``, ``loosened`` or ``reordered``."""
    if key in {"required", "unique"}:
        return "tightened" if after else "loosened"
    if before is None or after is None:  # a constraint added tightens, one dropped loosens
        return "loosened" if after is None else "tightened"
    if key == "enum":  # order matters: it is the categorical order
        if set(after) == set(before):
            return "reordered"
        return "loosened" if set(before) <= set(after) else "tightened"
    if key in _LOWER_BOUNDS | _UPPER_BOUNDS:
        return "tightened" if (after > before) == (key in _LOWER_BOUNDS) else "loosened"
    return "tightened"  # pattern and anything else: assume the worst


def _field_changes(table: str, name: str, old: dict[str, Any], new: dict[str, Any]) -> list[SchemaChange]:
    """Changes of one column present in both schemas (``new`` may carry a new name)."""
    changes = []
    for key in ("type", "format"):
        if old.get(key) != new.get(key):
            detail = f"{key} {old.get(key, 'default')} → {new.get(key, 'default')}"
            changes.append(SchemaChange(table, name, "retyped", detail, Bump.MAJOR))
    for key in ("categories", "categoriesOrdered"):
        if old.get(key) != new.get(key):
            changes.append(SchemaChange(table, name, "retyped", f"{key} changed", Bump.MAJOR))
    before, after = old.get("constraints", {}), new.get("constraints", {})
    for key in sorted(set(before) | set(after)):
        if before.get(key) == after.get(key):
            continue
        kind = _constraint_kind(key, before.get(key), after.get(key))
        bump = Bump.MINOR if kind == "loosened" else Bump.MAJOR
        detail = f"constraint {key}: {before.get(key)!r} → {after.get(key)!r}"
        changes.append(SchemaChange(table, name, "retyped" if kind == "reordered" else kind, detail, bump))
    for key in ("title", "description"):
        if old.get(key) != new.get(key):
            changes.append(SchemaChange(table, name, "documentation", f"{key} changed", Bump.NONE))
    return changes


def _column_changes(table: str, old: dict[str, Any], new: dict[str, Any], pairs: dict[str, str]) -> list[SchemaChange]:
    """Added, removed, renamed and changed columns."""
    old_fields, new_fields = ({f["name"]: f for f in schema.get("fields", [])} for schema in (old, new))
    changes = []
    for name, field in new_fields.items():
        if name not in old_fields and name not in pairs.values():
            changes.append(SchemaChange(table, name, "added", f"new column ({field['type']})", Bump.MAJOR))
    for name, field in old_fields.items():
        if name in pairs:
            changes.append(SchemaChange(table, name, "renamed", f"renamed to {pairs[name]}", Bump.MAJOR))
            changes += _field_changes(table, pairs[name], field, new_fields[pairs[name]])
        elif name not in new_fields:
            changes.append(SchemaChange(table, name, "removed", "column removed", Bump.MAJOR))
        else:
            changes += _field_changes(table, name, field, new_fields[name])
    return changes


def _table_level(table: str, old: dict[str, Any], new: dict[str, Any], pairs: dict[str, str]) -> list[SchemaChange]:
    """Key, missing-value and column-order changes."""
    # Keys and column order are compared with this table's renamed columns under their new names.
    primary = [pairs.get(c, c) for c in old.get("primaryKey", [])]
    foreign = [{**key, "fields": [pairs.get(f, f) for f in key["fields"]]} for key in old.get("foreignKeys", [])]
    common_old = [pairs.get(f["name"], f["name"]) for f in old.get("fields", [])]
    common_new = [f["name"] for f in new.get("fields", []) if f["name"] in common_old]
    checks = [
        ("keys", "primary key changed", primary != new.get("primaryKey", [])),
        ("keys", "foreign keys changed", foreign != new.get("foreignKeys", [])),
        ("keys", "missing values changed", old.get("missingValues", [""]) != new.get("missingValues", [""])),
        ("reordered", "column order changed", [n for n in common_old if n in common_new] != common_new),
    ]
    return [SchemaChange(table, "", kind, detail, Bump.MAJOR) for kind, detail, changed in checks if changed]


def compare_schemas(
    table: str,
    old: dict[str, Any] | None,
    new: dict[str, Any] | None,
    same_values: Callable[[str, str], bool] | None = None,
) -> list[SchemaChange]:
    """Every change from ``old`` to ``new`` (None: the table is absent on that side).

    Parameters
    ----------
    table : str
        The table (resource) name, for the report.
    old, new : dict or None
        The Table Schemas.
    same_values : callable, optional
        ``same_values(old_column, new_column)`` tells whether two columns hold
        the same values; used to recognise renames.

    Example
    -------
    >>> compare_schemas("t", None, {"fields": []})[0].bump.name
    'MINOR'
    """
    if old is None and new is None:
        return []
    if old is None:
        return [SchemaChange(table, "", "table added", "new table", Bump.MINOR)]
    if new is None:
        return [SchemaChange(table, "", "table removed", "table removed", Bump.MAJOR)]
    pairs = renames(old, new, same_values)
    return _column_changes(table, old, new, pairs) + _table_level(table, old, new, pairs)
