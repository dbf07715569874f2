"""Table Schema constraints and keys, checked on typed tables with vectorized pandas.

``load()`` uses these so that a table which parses but breaks its schema
(a missing required value, a duplicate key, a pattern, a minimum, a
dangling foreign key) is refused, like ``validate`` refuses it. Each check is
one vectorized test per column; Python only loops over the rows flagged.

Example
-------
>>> import pandas as pd
>>> schema = {"fields": [{"name": "id", "type": "string", "constraints": {"unique": True}}]}
>>> [(f.row, f.column) for f in constraint_faults(pd.DataFrame({"id": ["a", "a"]}, dtype="string"), schema)]
[(3, 'id')]
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

import numpy as np
import pandas as pd

from .csvcheck import MAX_FIELD_CHARS, Fault, size_faults

__all__ = ["constraint_faults", "foreign_key_faults", "MAX_REPORTED"]

#: Faults listed per check before the rest are counted only.
MAX_REPORTED = 5


def _flagged(mask: pd.Series, column: str, phrase: Any) -> list[Fault]:
    """One Fault per flagged row (at most MAX_REPORTED); ``phrase(index)`` words it."""
    mask = mask.fillna(False).astype(bool)
    if not mask.any():
        return []
    indices = mask.index[mask.to_numpy()]
    faults = [Fault(int(i) + 2, column, phrase(i)) for i in indices[:MAX_REPORTED]]
    if len(indices) > MAX_REPORTED:
        faults.append(Fault(None, column, f"and {len(indices) - MAX_REPORTED} more rows like these"))
    return faults


def _show(value: Any) -> str:
    """Render a cell for a message (``an empty cell`` for <NA>)."""
    return "an empty cell" if value is None or value is pd.NA or value != value else repr(str(value))


def _field_faults(values: pd.Series, field: dict[str, Any]) -> list[Fault]:
    """The constraints of one field."""
    name, rules = field["name"], field.get("constraints", {})
    faults: list[Fault] = []
    present = values.notna()
    if rules.get("required"):
        faults += _flagged(~present, name, lambda i: "expected a value (the column is required), found an empty cell")
    if rules.get("unique"):
        repeated = present & values.duplicated(keep="first")
        if repeated.any():
            first = pd.Series(values.index, index=values.index).groupby(values, dropna=True).transform("first") + 2
            faults += _flagged(repeated, name, lambda i: f"expected a unique value, found {_show(values[i])} again (the same as in row {first[i]})")
    text = not isinstance(values.dtype, pd.CategoricalDtype) and pd.api.types.is_string_dtype(values.dtype)
    if text and "pattern" in rules:
        pattern = rules["pattern"]
        faults += _flagged(present & ~values.str.fullmatch(pattern), name, lambda i: f"expected a value matching {pattern}, found {_show(values[i])}")
    if text and ("minLength" in rules or "maxLength" in rules):
        length = values.str.len()
        low, high = rules.get("minLength", 0), rules.get("maxLength", np.inf)
        faults += _flagged(present & ((length < low) | (length > high)), name, lambda i: f"expected between {low} and {high} characters, found {_show(values[i])}")
    if pd.api.types.is_numeric_dtype(values.dtype) and not pd.api.types.is_bool_dtype(values.dtype):
        for key, bad in (("minimum", values.lt), ("maximum", values.gt)):
            if key in rules:
                limit = rules[key]
                sign = ">=" if key == "minimum" else "<="
                faults += _flagged(present & bad(limit), name, lambda i, s=sign, v=limit: f"expected a value {s} {v}, found {_show(values[i])}")
    return faults


def _primary_key(schema: dict[str, Any]) -> list[str]:
    """The primary key's fields as a list."""
    key = schema.get("primaryKey", [])
    return [key] if isinstance(key, str) else list(key)


def _key_faults(frame: pd.DataFrame, schema: dict[str, Any]) -> list[Fault]:
    """A composite primary key is unique (single-column keys are checked as ``unique``)."""
    key = _primary_key(schema)
    if len(key) < 2 or not set(key) <= set(frame.columns):
        return []
    repeated = frame.duplicated(key, keep="first")
    label = ",".join(key)
    return _flagged(repeated, label, lambda i: f"expected a unique primary key ({', '.join(key)}), found {tuple(str(frame.at[i, k]) for k in key)} again")


def constraint_faults(frame: pd.DataFrame, schema: dict[str, Any], *, size: int | None = None) -> list[Fault]:
    """Check one typed table against its schema's constraints and primary key.

    Parameters
    ----------
    frame : pandas.DataFrame
        The table as :func:`csto_annotations.tables.parse_table` returns it.
    schema : dict
        Its Table Schema.
    size : int, optional
        The file's size in bytes: a file no larger than ``MAX_FIELD_CHARS``
        bytes cannot hold an oversized cell, so that test is skipped.

    Returns
    -------
    list of Fault
        ``(row, column, message)``, rows counted with the header as row 1.

    Example
    -------
    >>> schema = {"fields": [{"name": "n", "type": "integer", "constraints": {"minimum": 1}}]}
    >>> constraint_faults(pd.DataFrame({"n": pd.array([1, 0], dtype="Int64")}), schema)[0].message
    "expected a value >= 1, found '0'"
    """
    faults = size_faults(frame) if size is None or size > MAX_FIELD_CHARS else []
    for field in schema["fields"]:
        if field["name"] in frame.columns:
            faults += _field_faults(frame[field["name"]], field)
    return faults + _key_faults(frame, schema)


def _as_keys(frame: pd.DataFrame, columns: list[str]) -> pd.Series:
    """One hashable key per row (a tuple string for composite keys)."""
    if len(columns) == 1:
        return frame[columns[0]].astype("string")
    parts = [frame[c].astype("string") for c in columns]
    joined = parts[0]
    for part in parts[1:]:
        joined = joined + "\x1f" + part
    return joined


def foreign_key_faults(table: str, frames: dict[str, pd.DataFrame], schema: dict[str, Any]) -> Iterable[Fault]:
    """Check the foreign keys of ``table`` whose referenced table is loaded.

    Example
    -------
    >>> frames = {"a": pd.DataFrame({"id": ["x"]}, dtype="string"),
    ...           "b": pd.DataFrame({"ref": ["x", "y"]}, dtype="string")}
    >>> fk = {"fields": ["ref"], "reference": {"resource": "a", "fields": ["id"]}}
    >>> [(f.row, f.column) for f in foreign_key_faults("b", frames, {"fields": [], "foreignKeys": [fk]})]
    [(3, 'ref')]
    """
    frame = frames[table]
    for fk in schema.get("foreignKeys", []):
        fields = [fk["fields"]] if isinstance(fk["fields"], str) else list(fk["fields"])
        target = fk["reference"].get("resource") or table
        wanted = fk["reference"]["fields"]
        wanted = [wanted] if isinstance(wanted, str) else list(wanted)
        if target not in frames or not set(fields) <= set(frame.columns):
            continue
        child = _as_keys(frame, fields)
        # Membership against the unique parent keys: an Index lookup is a hash join, not a scan.
        parent = pd.Index(_as_keys(frames[target], wanted).dropna().unique())
        dangling = child.notna() & (parent.get_indexer(child.fillna("")) < 0)
        for fault in _flagged(pd.Series(dangling, index=frame.index), ",".join(fields),
                              lambda i: f"expected a key of {target}.{'/'.join(wanted)}, found {_show(child[i])}"):
            yield fault
