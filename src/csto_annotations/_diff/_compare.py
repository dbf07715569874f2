"""Compare two loaded datasets: records, schemas, texts, and the bump they require.

The bump rules follow ``docs/versioning.md``: PATCH for a changed value or
text, MINOR for new rows or tables and for withdrawn rows, MAJOR for a column
added, removed, renamed or retyped, a tightened constraint or a changed key.
The caller loads both sides; this module never reads a package itself.

Example
-------
>>> import csto_annotations
>>> ds = csto_annotations.load()
>>> result = compare(ds, ds)
>>> result.required.name, result.declared.name, result.ok
('NONE', 'NONE', True)
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from .._base._errors import DatasetError
from .._tables import Tables
from ._records import TableDiff, compare_rows, keyed, natural, primary_key, same_values
from ._schemas import Bump, SchemaChange, compare_schemas, renames

if TYPE_CHECKING:
    import pandas as pd

_SEMVER = re.compile(r"v?(\d{1,9})\.(\d{1,9})\.(\d{1,9})(?:[-+][0-9A-Za-z.+-]*)?")


@dataclass
class Diff:
    """Everything that changed from OLD to NEW, with the required and declared bumps.

    Example
    -------
    >>> d = Diff("pkg", "1.0.0", "1.0.1", "", [TableDiff("claims", changed={"CL-1": ["notes"]})], [], Bump.PATCH)
    >>> d.required.name, d.ok
    ('PATCH', True)
    """

    name: str
    old_version: str
    new_version: str
    new_date: str
    tables: list[TableDiff]
    schema: list[SchemaChange]
    declared: Bump

    @property
    def required(self) -> Bump:
        """The largest bump any change requires."""
        bumps = [t.bump for t in self.tables] + [c.bump for c in self.schema]
        return max(bumps, default=Bump.NONE)

    @property
    def ok(self) -> bool:
        """Whether the declared bump covers the required one."""
        return self.declared >= self.required


def declared_bump(old: str, new: str) -> Bump:
    """The bump from version ``old`` to ``new`` (NONE when it is not an increase).

    Raises
    ------
    DatasetError
        When either is not ``MAJOR.MINOR.PATCH``.

    Example
    -------
    >>> [declared_bump("1.2.3", v).name for v in ("2.0.0", "1.3.0", "1.2.4", "1.2.3", "1.0.0")]
    ['MAJOR', 'MINOR', 'PATCH', 'NONE', 'NONE']
    """
    parsed = []
    for value in (old, new):
        match = _SEMVER.fullmatch(str(value))
        if not match:
            raise DatasetError(
                f"version {str(value)[:40]!r} is not semantic (MAJOR.MINOR.PATCH); fix datapackage.json."
            )
        parsed.append(tuple(int(g) for g in match.groups()))
    before, after = parsed
    if after <= before:
        return Bump.NONE
    if after[0] > before[0]:
        return Bump.MAJOR
    return Bump.MINOR if after[1] > before[1] else Bump.PATCH


def _texts(ds: Tables) -> dict[str, dict[str, Any]]:
    """Resources that are not tables (they have no Table Schema), by name."""
    resources = ds.descriptor.get("resources", [])
    return {r["name"]: r for r in resources if isinstance(r, dict) and r.get("name") not in ds.schemas}


def _text_changes(old: Tables, new: Tables) -> list[SchemaChange]:
    """Text resources added (MINOR), removed (MAJOR) or changed (PATCH)."""
    before, after = _texts(old), _texts(new)
    changes = []
    for name in sorted(set(before) | set(after)):
        if name not in before:
            changes.append(SchemaChange(name, "", "text added", f"new text {after[name].get('path')}", Bump.MINOR))
        elif name not in after:
            detail = f"text {before[name].get('path')} removed"
            changes.append(SchemaChange(name, "", "text removed", detail, Bump.MAJOR))
        elif before[name].get("hash") != after[name].get("hash"):
            detail = f"text {after[name].get('path')} changed"
            changes.append(SchemaChange(name, "", "text changed", detail, Bump.PATCH))
    return changes


def _frame(ds: Tables, name: str, side: str) -> pd.DataFrame:
    """The loaded table ``name``, or a clear refusal when it was not loaded."""
    if name not in ds.tables:
        raise DatasetError(
            f"{side} side: the table {name!r} has a schema but was not loaded; "
            "load both sides with tables=None (the default) before comparing."
        )
    frame: pd.DataFrame = ds.tables[name]
    return frame


def _table(name: str, old: Tables, new: Tables) -> tuple[list[SchemaChange], TableDiff | None]:
    """Schema and record changes of one table present on either side."""
    old_schema, new_schema = old.schemas.get(name), new.schemas.get(name)
    if old_schema is None and new_schema is not None:
        frame = _frame(new, name, "NEW")
        added = sorted(keyed(frame, primary_key(new_schema, frame), name, "NEW").index, key=natural)
        return compare_schemas(name, None, new_schema), TableDiff(name, added=added)
    if new_schema is None or old_schema is None:
        return compare_schemas(name, old_schema, None), None
    before, after = _frame(old, name, "OLD"), _frame(new, name, "NEW")
    same = same_values(before, after)
    pairs = renames(old_schema, new_schema, same)
    rows = compare_rows(name, before, after, primary_key(new_schema, after), pairs)
    return compare_schemas(name, old_schema, new_schema, same), rows


def compare(old: Tables, new: Tables, declared: Bump | None = None) -> Diff:
    """Compare two loaded datasets.

    Parameters
    ----------
    old, new : Dataset
        The two sides, loaded by the caller with all their tables.
    declared : Bump, optional
        The declared bump; by default it is read from the two versions.

    Returns
    -------
    Diff
        Per-table record changes, schema and text changes, and the bumps.

    Raises
    ------
    DatasetError
        When a version is not semantic, a table with a schema was not loaded,
        or a primary key is missing or repeats.

    Example
    -------
    >>> import csto_annotations
    >>> ds = csto_annotations.load()
    >>> [t.table for t in compare(ds, ds).tables][:2] == list(ds.schemas)[:2]
    True
    """
    names = list(old.schemas) + [n for n in new.schemas if n not in old.schemas]
    tables, schema = [], []
    for name in names:
        changes, rows = _table(name, old, new)
        schema += changes
        if rows is not None:
            tables.append(rows)
    created = str(new.descriptor.get("created", ""))[:10]
    new_date = created if created > str(old.descriptor.get("created", ""))[:10] else ""
    bump = declared if declared is not None else declared_bump(old.version, new.version)
    return Diff(new.name, old.version, new.version, new_date, tables, schema + _text_changes(old, new), bump)
