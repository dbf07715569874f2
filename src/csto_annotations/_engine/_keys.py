"""Uniqueness, primary keys and foreign keys, vectorized over typed tables.

:func:`check_keys` runs first, on the schemas alone: every key names fields
of its table, and a foreign key's fields have the same types as the fields
they refer to. Only then are keys compared across tables, so no join ever
meets an integer on one side and text on the other.

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

from .._base._errors import DescriptorError
from ._cells import emit, isin, joined, lookup
from ._report import Problem


def _typed(names: list[str], kinds: list[str]) -> str:
    return ", ".join(f"{name} ({kind})" for name, kind in zip(names, kinds))


def check_keys(schemas: dict[str, dict[str, Any]], where: dict[str, str]) -> None:
    """Refuse keys that name no field, and foreign keys whose two ends differ in number or types of fields.

    Parameters
    ----------
    schemas : dict
        Table name → Table Schema, for every table of the package.
    where : dict
        Table name → how messages name its schema file.

    Raises
    ------
    DescriptorError
        Naming the schema, the key's fields and their types.

    Example
    -------
    >>> schemas = {"a": {"fields": [{"name": "n", "type": "integer"}],
    ...                  "foreignKeys": [{"fields": ["n"], "reference": {"resource": "b", "fields": ["id"]}}]},
    ...            "b": {"fields": [{"name": "id", "type": "string"}]}}
    >>> check_keys(schemas, {"a": "a.schema.json", "b": "b.schema.json"})  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    csto_annotations._base._errors.DescriptorError: a.schema.json: foreign key n (integer) → b.id (string): ...
    """
    kinds = {table: {f["name"]: f["type"] for f in schema["fields"]} for table, schema in schemas.items()}
    for table, schema in schemas.items():
        foreign = schema.get("foreignKeys", [])
        for key in [*schema.get("primaryKey", []), *(k for fk in foreign for k in fk["fields"])]:
            if key not in kinds[table]:
                raise DescriptorError(f"{where[table]}: key field {key!r} is not a field of the schema.")
        for key in foreign:
            target, fields = key["reference"]["resource"], key["reference"]["fields"]
            if not set(fields) <= kinds.get(target, {}).keys():
                raise DescriptorError(f"{where[table]}: foreign key {key['fields']} refers to {target!r}."
                                      f"{fields}, which the package does not have.")  # fmt: skip
            if len(key["fields"]) != len(fields):
                raise DescriptorError(f"{where[table]}: foreign key {key['fields']} has a different number of "
                                      "fields than its reference.")  # fmt: skip
            mine, theirs = [kinds[table][f] for f in key["fields"]], [kinds[target][f] for f in fields]
            if mine != theirs:
                raise DescriptorError(f"{where[table]}: foreign key {_typed(key['fields'], mine)} → {target}."
                                      f"{_typed(fields, theirs)}: a key and the fields it refers to must have the "
                                      "same types, field by field; change the type of one side.")  # fmt: skip


def _cell(value: Any) -> str:
    """One key cell as the CSV has it: text quoted, a date as YYYY-MM-DD, a boolean as true or false."""
    if isinstance(value, str):
        return repr(value)
    if hasattr(value, "date"):  # a pandas Timestamp
        return str(value.date().isoformat())
    value = value.item() if hasattr(value, "item") else value  # a numpy scalar
    return str(value).lower() if isinstance(value, bool) else str(value)


def _shown(frame: Any, columns: list[str], row: int) -> str:
    """The key of one row, for messages: ``'CL-0002'``, or ``('CL-0002', 5)`` for a key of several fields."""
    cells = [_cell(frame[column].iloc[row]) for column in columns]
    return cells[0] if len(cells) == 1 else f"({', '.join(cells)})"


def _duplicates(table: str, frame: Any, columns: list[str], what: str) -> list[Problem]:
    import numpy as np

    keys, rows = joined(frame, columns), np.arange(len(frame))
    first = lookup(keys, keys, rows)  # the first row of each key (one hash join of the column with itself)
    repeated = frame[columns].notna().all(axis=1).to_numpy() & (first != rows)
    return emit(table, repeated, ",".join(columns), lambda r: (
        f"expected a unique {what}, found {_shown(frame, columns, r)} again (first in row {first[r] + 2})"
    ))  # fmt: skip


def _dangling(table: str, frame: Any, key: dict[str, Any], target: Any) -> list[Problem]:
    columns, reference = key["fields"], key["reference"]
    present = frame[columns].notna().all(axis=1).to_numpy()
    dangling = present & ~isin(joined(frame, columns), joined(target, reference["fields"]))  # one hash join
    return emit(table, dangling, ",".join(columns), lambda r: (
        f"expected a key of {reference['resource']}.{','.join(reference['fields'])}, found {_shown(frame, columns, r)}"
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
            problems += emit(table, empty, ",".join(primary), lambda _: (
                "expected a primary key value, found an empty cell"))  # fmt: skip
            problems += _duplicates(table, frame, primary, "primary key")
        for key in schema.get("foreignKeys", []):
            if (target := frames.get(key["reference"]["resource"])) is not None:
                problems += _dangling(table, frame, key, target)
    return problems
