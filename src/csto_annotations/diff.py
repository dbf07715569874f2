"""Compare two versions of the package: records, schemas, and the bump they require.

:func:`diff` loads both sides with :func:`csto_annotations.load` (paths, zips,
URLs, or released versions such as ``"1.0.0"``) and reports:

* per table, the records added, removed (withdrawn) and changed, by primary
  key, with the columns that changed;
* schema changes (see :mod:`.schemadiff`) and changed, added or removed text
  resources;
* the bump ``docs/versioning.md`` requires: PATCH for a changed value or
  text, MINOR for new rows or tables and for withdrawn rows, MAJOR for a
  column added, removed, renamed or retyped, a tightened constraint or a
  changed key; and the bump the two descriptors' versions declare.

:func:`markdown` renders it for ``CHANGELOG.md`` (Keep a Changelog headings
Added, Changed and Removed); :func:`text` as plain lines.

Values are compared after normalisation, so a column retyped from integer to
number is reported once, as a schema change, not as every value changed.

Example
-------
>>> from csto_annotations.diff import declared_bump
>>> declared_bump("1.0.0", "1.1.0").name
'MINOR'
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from .errors import DatasetError
from .schemadiff import Bump, SchemaChange, compare_schemas, renames

if TYPE_CHECKING:
    import pandas as pd

    from .dataset import Dataset

__all__ = ["Bump", "TableDiff", "Diff", "diff", "compare", "declared_bump", "markdown", "text", "load_side"]

_SEMVER = re.compile(r"^v?(\d+)\.(\d+)\.(\d+)(?:[-+].*)?$")
_NA = "\x00<NA>"


@dataclass
class TableDiff:
    """Record-level changes of one table, by primary key.

    Attributes
    ----------
    table : str
    added, removed : list of str
        Record IDs (composite keys joined with ``/``), sorted.
    changed : dict
        Record ID → the changed columns (new names), in schema order.
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


@dataclass
class Diff:
    """Everything that changed from OLD to NEW, with the required and declared bumps."""

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
    """The bump from version ``old`` to ``new`` (NONE when not an increase).

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
        match = _SEMVER.match(str(value))
        if not match:
            raise DatasetError(f"version {value!r} is not semantic (MAJOR.MINOR.PATCH); fix datapackage.json.")
        parsed.append(tuple(int(g) for g in match.groups()))
    before, after = parsed
    if after <= before:
        return Bump.NONE
    if after[0] > before[0]:
        return Bump.MAJOR
    return Bump.MINOR if after[1] > before[1] else Bump.PATCH


def _canonical(series: "pd.Series") -> "pd.Series":
    """Comparable strings: numbers as floats, dates as ISO dates, NA as a marker."""
    import pandas as pd

    if pd.api.types.is_bool_dtype(series):
        out = series.astype("string")
    elif pd.api.types.is_numeric_dtype(series):
        out = series.astype("Float64").astype("string")
    elif pd.api.types.is_datetime64_any_dtype(series):
        out = series.dt.strftime("%Y-%m-%dT%H:%M:%S").str.removesuffix("T00:00:00").astype("string")
    else:
        out = series.astype("string")
    return out.fillna(_NA)


def _keyed(frame: "pd.DataFrame", key: list[str], table: str, side: str) -> "pd.DataFrame":
    """``frame`` indexed by its record ID (composite keys joined with ``/``)."""
    parts = [frame[k].astype("string").fillna("") for k in key]
    ids = parts[0].str.cat(parts[1:], sep="/") if len(parts) > 1 else parts[0]
    keyed = frame.set_axis(ids.to_numpy(dtype=object), axis=0)
    if keyed.index.has_duplicates:
        dupes = sorted(set(keyed.index[keyed.index.duplicated()]))[:5]
        raise DatasetError(f"{side} table {table!r}: duplicate primary key {dupes}; validate the package first.")
    return keyed


def _natural(record_id: str) -> tuple:
    """Sort key: text and numbers, so CL-0002 < CL-0010."""
    return tuple((0, int(p)) if p.isdigit() else (1, p) for p in re.split(r"(\d+)", record_id))


def _compare_rows(table: str, old: "pd.DataFrame", new: "pd.DataFrame", key: list[str],
                  pairs: dict[str, str]) -> TableDiff:
    """Added, removed and changed records of one table."""
    old = old.rename(columns=pairs)
    old_keyed, new_keyed = _keyed(old, key, table, "OLD"), _keyed(new, key, table, "NEW")
    result = TableDiff(table)
    result.added = sorted(set(new_keyed.index) - set(old_keyed.index), key=_natural)
    result.removed = sorted(set(old_keyed.index) - set(new_keyed.index), key=_natural)
    before_ids = set(old_keyed.index)
    common = [i for i in new_keyed.index if i in before_ids]
    columns = [c for c in new_keyed.columns if c in old_keyed.columns]
    for column in columns:
        before = _canonical(old_keyed.loc[common, column])
        after = _canonical(new_keyed.loc[common, column])
        for record_id in before.index[(before != after).to_numpy()]:
            result.changed.setdefault(record_id, []).append(column)
    result.changed = dict(sorted(result.changed.items(), key=lambda kv: _natural(kv[0])))
    return result


def _same_values(old: "pd.DataFrame", new: "pd.DataFrame") -> Any:
    """A ``same_values(old_column, new_column)`` test for rename detection (row order)."""
    def same(a: str, b: str) -> bool:
        if len(old) != len(new):
            return False
        return bool((_canonical(old[a]).to_numpy() == _canonical(new[b]).to_numpy()).all())
    return same


def _schemas(ds: "Dataset") -> dict[str, dict[str, Any]]:
    """The Table Schemas of a loaded dataset."""
    from .descriptor import read_package

    return read_package(ds.root).schemas


def _texts(ds: "Dataset") -> dict[str, dict[str, Any]]:
    """Non-table resources by name."""
    from .descriptor import is_table

    return {r["name"]: r for r in ds.descriptor["resources"] if not is_table(r)}


def _text_changes(old: "Dataset", new: "Dataset") -> list[SchemaChange]:
    """Text resources added (MINOR), removed (MAJOR) or changed (PATCH)."""
    before, after = _texts(old), _texts(new)
    changes = []
    for name in sorted(set(before) | set(after)):
        if name not in before:
            changes.append(SchemaChange(name, "", "text added", f"new text {after[name].get('path')}", Bump.MINOR))
        elif name not in after:
            changes.append(SchemaChange(name, "", "text removed", f"text {before[name].get('path')} removed", Bump.MAJOR))
        elif before[name].get("hash") != after[name].get("hash"):
            changes.append(SchemaChange(name, "", "text changed", f"text {after[name].get('path')} changed", Bump.PATCH))
    return changes


def compare(old: "Dataset", new: "Dataset", declared: Bump | None = None) -> Diff:
    """Compare two loaded datasets.

    Parameters
    ----------
    old, new : Dataset
    declared : Bump, optional
        Override the bump declared by the two versions.
    """
    old_schemas, new_schemas = _schemas(old), _schemas(new)
    names = list(old_schemas) + [n for n in new_schemas if n not in old_schemas]
    tables, schema = [], []
    for name in names:
        same = _same_values(old.tables[name], new.tables[name]) if name in old_schemas and name in new_schemas else None
        schema += compare_schemas(name, old_schemas.get(name), new_schemas.get(name), same)
        if name in old_schemas and name in new_schemas:
            pairs = renames(old_schemas[name], new_schemas[name], same)
            key = new_schemas[name].get("primaryKey") or list(new.tables[name].columns)
            key = [key] if isinstance(key, str) else list(key)
            tables.append(_compare_rows(name, old.tables[name], new.tables[name], key, pairs))
        elif name in new_schemas:
            tables.append(TableDiff(name, added=sorted(_keyed_ids(new, name, new_schemas[name]), key=_natural)))
    created = str(new.descriptor.get("created", ""))[:10]
    new_date = created if created > str(old.descriptor.get("created", ""))[:10] else ""
    return Diff(new.name, old.version, new.version, new_date, tables, schema + _text_changes(old, new),
                declared if declared is not None else declared_bump(old.version, new.version))


def _keyed_ids(ds: "Dataset", name: str, schema: dict[str, Any]) -> list[str]:
    """Record IDs of a table that is new."""
    key = schema.get("primaryKey") or list(ds.tables[name].columns)
    key = [key] if isinstance(key, str) else list(key)
    return list(_keyed(ds.tables[name], key, name, "NEW").index)


def load_side(spec: str) -> "Dataset":
    """Load OLD or NEW: a path, zip or URL, or a released version such as ``1.0.0``.

    An existing path wins over a version of the same spelling.
    """
    from pathlib import Path

    from .loader import load

    if _SEMVER.match(spec) and not Path(spec).exists():
        return load(version=spec.removeprefix("v"))
    return load(spec)


def diff(old: str, new: str, declared: Bump | None = None) -> Diff:
    """Load ``old`` and ``new`` (see :func:`load_side`) and compare them."""
    return compare(load_side(old), load_side(new), declared)


def _ranges(ids: list[str]) -> str:
    """``CL-0074–CL-0076, CL-0080``: consecutive numbered IDs collapsed."""
    out: list[list[str]] = []
    for record_id in ids:
        match = re.fullmatch(r"(.*?)(\d+)", record_id)
        if out and match:
            last = re.fullmatch(r"(.*?)(\d+)", out[-1][-1])
            if last and last.group(1) == match.group(1) and len(last.group(2)) == len(match.group(2)) \
                    and int(match.group(2)) == int(last.group(2)) + 1:
                out[-1].append(record_id)
                continue
        out.append([record_id])
    return ", ".join(run[0] if len(run) == 1 else f"{run[0]}–{run[-1]}" for run in out)


def _plural(n: int, word: str) -> str:
    return f"{n} {word}{'' if n == 1 else 's'}"


def _sections(d: Diff, placeholder: str = "") -> dict[str, list[str]]:
    """Changelog bullet lines under Added, Changed and Removed."""
    added, changed, removed = [], [], []
    for c in d.schema:
        where = f"`{c.table}.{c.column}`" if c.column else f"`{c.table}`"
        line = f"{where}: {c.detail} ({c.bump.name})" if c.bump else f"{where}: {c.detail} (documentation only)"
        {"added": added, "table added": added, "text added": added,
         "removed": removed, "table removed": removed, "text removed": removed}.get(c.kind, changed).append(line)
    for t in d.tables:
        if t.added:
            added.append(f"`{t.table}`: {_plural(len(t.added), 'row')}: {_ranges(t.added)}.")
        if t.changed:
            details = "; ".join(f"{i} ({', '.join(f'`{c}`' for c in cols)})" for i, cols in t.changed.items())
            changed.append(f"`{t.table}`: {_plural(len(t.changed), 'row')} corrected: {details}.")
        if t.removed:
            removed.append(f"`{t.table}`: {_plural(len(t.removed), 'row')} withdrawn (IDs retired): "
                           f"{_ranges(t.removed)}.{placeholder}")
    return {"Added": added, "Changed": changed, "Removed": removed}


def _verdict(d: Diff) -> str:
    """One line: versions, required and declared bump, and whether that is enough."""
    status = "ok" if d.ok else "NOT ENOUGH"
    return (f"{d.name} {d.old_version} → {d.new_version}: required bump {d.required.name}, "
            f"declared {d.declared.name} ({status})")


def markdown(d: Diff) -> str:
    """The changes as a CHANGELOG.md section (Keep a Changelog).

    The verdict goes in an HTML comment, so the block can be pasted as is.
    """
    heading = "## [Unreleased]" if d.old_version == d.new_version else f"## [{d.new_version}]"
    if d.new_date and d.old_version != d.new_version:
        heading += f" - {d.new_date}"
    lines = [f"<!-- {_verdict(d)} -->", heading]
    sections = _sections(d, " Reason and replacing IDs: <!-- fill in -->")
    for title, items in sections.items():
        if items:
            lines += ["", f"### {title}"] + [f"- {item}" for item in items]
    if not any(sections.values()):
        lines += ["", "No changes to data or schemas."]
    return "\n".join(lines) + "\n"


def text(d: Diff) -> str:
    """The changes as plain lines: the verdict, then one line per change."""
    lines = [_verdict(d)]
    for title, items in _sections(d).items():
        lines += [f"{title.lower()}: {item.replace('`', '')}" for item in items]
    return "\n".join(lines) + "\n"
