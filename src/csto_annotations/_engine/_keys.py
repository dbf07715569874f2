"""Uniqueness, primary keys and foreign keys, vectorized over typed tables.

Example
-------
>>> import pandas as pd
>>> frames = {"t": pd.DataFrame({"id": ["a", "a"]})}
>>> [str(p) for p in key_problems(frames, {"t": {"fields": [{"name": "id", "type": "string"}],
...                                              "primaryKey": ["id"]}})]
["t row 3 column id: expected a unique primary key, found 'a' again (first in row 2)"]
"""

from __future__ import annotations

from typing import Any

from ._cells import emit, isin
from ._report import Problem


def _labels(frame: Any, columns: list[str]) -> Any:
    """One value per row for a key of one or more columns (text joined by a separator for several)."""
    if len(columns) == 1:
        return frame[columns[0]]
    joined = frame[columns[0]].astype("string")
    for column in columns[1:]:
        joined = joined + "\x1f" + frame[column].astype("string")
    return joined


def _duplicates(table: str, frame: Any, columns: list[str], what: str) -> list[Problem]:
    keys = _labels(frame, columns)
    present = frame[columns].notna().all(axis=1).to_numpy()
    repeated = keys.duplicated(keep="first").to_numpy() & present
    if not repeated.any():
        return []
    first = keys[present].drop_duplicates(keep="first")
    first_row = dict(zip(first, first.index + 2))
    return emit(table, repeated, ",".join(columns), lambda rows: (
        f"expected a unique {what}, found {keys[r]!r} again (first in row {first_row[keys[r]]})" for r in rows
    ))  # fmt: skip


def _dangling(table: str, frame: Any, key: dict[str, Any], target: Any) -> list[Problem]:
    columns, reference = key["fields"], key["reference"]
    present = frame[columns].notna().all(axis=1).to_numpy()
    known = _labels(target, reference["fields"]).dropna().unique()
    values = _labels(frame, columns)
    dangling = present & ~isin(values, known)
    return emit(table, dangling, ",".join(columns), lambda rows: (
        f"expected a key of {reference['resource']}.{','.join(reference['fields'])}, found {values[r]!r}"
        for r in rows
    ))  # fmt: skip


def key_problems(frames: dict[str, Any], schemas: dict[str, dict[str, Any]]) -> list[Problem]:
    """Check ``unique`` constraints, primary keys and foreign keys.

    A foreign key into a table that could not be read is not checked: that
    table's own problem is already reported.
    """
    problems: list[Problem] = []
    for table, frame in frames.items():
        schema = schemas[table]
        for field in schema["fields"]:
            if field.get("constraints", {}).get("unique") and [field["name"]] != schema.get("primaryKey"):
                problems += _duplicates(table, frame, [field["name"]], "value")
        primary = schema.get("primaryKey")
        if primary:
            empty = frame[primary].isna().any(axis=1).to_numpy()
            problems += emit(table, empty, ",".join(primary), lambda rows: (
                "expected a primary key value, found an empty cell" for _ in rows))  # fmt: skip
            problems += _duplicates(table, frame, primary, "primary key")
        for key in schema.get("foreignKeys", []):
            target = frames.get(key["reference"]["resource"])
            if target is not None:
                problems += _dangling(table, frame, key, target)
    return problems
