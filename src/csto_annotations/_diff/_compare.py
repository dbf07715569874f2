"""Compare two loaded datasets: records, schemas, texts, and the bump they require.

The bump rules follow ``docs/versioning.md``: PATCH for a changed value or
text, MINOR for new rows or tables and for withdrawn rows, MAJOR for a column
added, removed, renamed or retyped, a tightened constraint or a changed key.
The caller loads both sides; this module never reads a package itself.

Records are compared by primary key: added, removed (withdrawn) and changed
rows. Values are compared after normalisation, so a column retyped from
integer to number is reported once, as a schema change, not as every value
changed.

Example
-------
>>> import csto_annotations
>>> ds = csto_annotations.load()
>>> result = compare(ds, ds)
>>> result.required.name, result.declared.name, result.ok
('NONE', 'NONE', True)
>>> import pandas as pd
>>> old = pd.DataFrame({"id": ["A", "B"], "v": [1, 2]})
>>> new = pd.DataFrame({"id": ["B", "C"], "v": [3.0, 4.0]})
>>> change = compare_rows("t", old, new, ["id"], {})
>>> change.added, change.removed, change.changed
(['C'], ['A'], {'B': ['v']})
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from .._base._errors import DatasetError
from .._tables import Tables
from ._schemas import Bump, SchemaChange, compare_schemas, renames

if TYPE_CHECKING:
    import pandas as pd

_SEMVER = re.compile(r"v?(\d{1,9})\.(\d{1,9})\.(\d{1,9})(?:[-+][0-9A-Za-z.+-]*)?")

_NA = "\x00<NA>"


@dataclass
class TableDiff:
    """Record-level changes of one table, by primary key.

    Attributes
    ----------
    table : str
    added, removed : list of str
        Record IDs (composite keys joined with ``/``), in natural order.
    changed : dict
        Record ID → the changed columns (new names), in schema order.

    Example
    -------
    >>> TableDiff("claims", added=["CL-0077"]).bump.name
    'MINOR'
    """

    table: str
    added: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)
    changed: dict[str, list[str]] = field(default_factory=dict)

    @property
    def bump(self) -> Bump:
        """MINOR for added or removed rows, PATCH for changed values."""
        if self.added or self.removed:
            return Bump.MINOR
        return Bump.PATCH if self.changed else Bump.NONE


def natural(record_id: str) -> tuple[tuple[int, int, str], ...]:
    """Sort key that orders numbers by value, so CL-0002 < CL-0010, without converting long digit runs.

    Example
    -------
    >>> sorted(["CL-0010", "CL-0002", "CL-2"], key=natural)
    ['CL-0002', 'CL-2', 'CL-0010']
    """
    key = []
    for part in re.split(r"(\d+)", record_id):
        if part.isdigit():
            value = part.lstrip("0")
            key.append((0, len(value), value + "\x00" + part))  # by magnitude, then digits, then zero padding
        else:
            key.append((1, 0, part))
    return tuple(key)


def canonical(series: pd.Series) -> pd.Series:
    """Comparable strings: numbers as floats, dates as ISO dates, NA as a marker.

    Example
    -------
    >>> import pandas as pd
    >>> list(canonical(pd.Series([4, None], dtype="Int64")))
    ['4.0', '\\x00<NA>']
    """
    import pandas as pd

    if pd.api.types.is_numeric_dtype(series) and not pd.api.types.is_bool_dtype(series):
        out = series.astype("Float64").astype("string")
    elif pd.api.types.is_datetime64_any_dtype(series):
        out = series.dt.strftime("%Y-%m-%dT%H:%M:%S").str.removesuffix("T00:00:00").astype("string")
    else:
        out = series.astype("string")
    return out.fillna(_NA)


def keyed(frame: pd.DataFrame, key: list[str], table: str, side: str) -> pd.DataFrame:
    """``frame`` indexed by its record ID (composite keys joined with ``/``).

    Raises
    ------
    DatasetError
        When a key column is missing or a record ID repeats.

    Example
    -------
    >>> import pandas as pd
    >>> list(keyed(pd.DataFrame({"claim_id": ["CL-1"], "entity_id": ["csto"]}), ["claim_id", "entity_id"], "t", "OLD").index)
    ['CL-1/csto']
    """
    missing = [k for k in key if k not in frame.columns]
    if missing:
        raise DatasetError(
            f"{side} table {table!r}: the primary key column(s) {missing} are not in the table; "
            "validate the package first."
        )
    ids = functools.reduce(lambda a, b: a + "/" + b, (frame[k].astype("string").fillna("") for k in key))
    result = frame.set_axis(ids.to_numpy(dtype=object), axis=0)
    if result.index.has_duplicates:
        dupes = sorted(set(result.index[result.index.duplicated()]), key=natural)[:5]
        raise DatasetError(f"{side} table {table!r}: duplicate primary key {dupes}; validate the package first.")
    return result


def primary_key(schema: dict[str, Any], frame: pd.DataFrame) -> list[str]:
    """The schema's primary key as a list, or every column when it declares none.

    Example
    -------
    >>> import pandas as pd
    >>> primary_key({"primaryKey": "id"}, pd.DataFrame()), primary_key({}, pd.DataFrame({"a": [], "b": []}))
    (['id'], ['a', 'b'])
    """
    key = schema.get("primaryKey") or list(frame.columns)
    return [key] if isinstance(key, str) else [str(k) for k in key]


def compare_rows(table: str, old: pd.DataFrame, new: pd.DataFrame, key: list[str], pairs: dict[str, str]) -> TableDiff:
    """Added, removed and changed records of one table; ``pairs`` maps renamed columns old → new.

    Example
    -------
    >>> import pandas as pd
    >>> old, new = pd.DataFrame({"id": ["A"], "n": ["x"]}), pd.DataFrame({"id": ["A"], "m": ["y"]})
    >>> compare_rows("t", old, new, ["id"], {"n": "m"}).changed
    {'A': ['m']}
    """
    old_keyed = keyed(old.rename(columns=pairs), key, table, "OLD")
    new_keyed = keyed(new, key, table, "NEW")
    before_ids, after_ids = set(old_keyed.index), set(new_keyed.index)
    common = [i for i in new_keyed.index if i in before_ids]
    changed: dict[str, list[str]] = {}
    for column in (c for c in new_keyed.columns if c in old_keyed.columns):
        before = canonical(old_keyed.loc[common, column])
        after = canonical(new_keyed.loc[common, column])
        for record_id in before.index[(before != after).to_numpy()]:
            changed.setdefault(record_id, []).append(column)
    added, removed = (sorted(ids, key=natural) for ids in (after_ids - before_ids, before_ids - after_ids))
    return TableDiff(table, added, removed, dict(sorted(changed.items(), key=lambda kv: natural(kv[0]))))


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
        return max([t.bump for t in self.tables] + [c.bump for c in self.schema], default=Bump.NONE)

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

    def same(a: str, b: str) -> bool:
        """Whether old column ``a`` and new column ``b`` hold the same values, row by row (to detect renames)."""
        return bool(canonical(before[a]).tolist() == canonical(after[b]).tolist())

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
