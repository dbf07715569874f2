"""Parse one CSV resource into a typed :class:`pandas.DataFrame`, or refuse it.

One ``pandas.read_csv`` call with explicit dtypes does the work; booleans,
dates and categories get one vectorized conversion each afterwards, and the
schema's constraints one vectorized test each (:mod:`.constraints`). There is
no per-row Python: rows are visited only to word the problems found.

A refusal is a :class:`~csto_annotations.ValidationFailed` whose message names
the file, the row (header = row 1) and the column, and says what was expected.

Example
-------
>>> from csto_annotations.tables import parse_table
>>> schema = {"fields": [{"name": "id", "type": "string"},
...                      {"name": "n", "type": "integer"}]}
>>> parse_table(b"id,n\\na,1\\nb,\\n", schema, path="t.csv").dtypes.astype(str).tolist()
['string', 'Int64']
"""

from __future__ import annotations

import io
from typing import Any

import pandas as pd

from .csvcheck import Fault, bom_fault, decode_fault, parse_fault
from .dtypes import DATE_FORMAT, DATETIME_DTYPE, categories, read_dtype
from .errors import ValidationFailed

__all__ = ["parse_table", "refusal"]

_TRUE = ["true", "True", "TRUE", "1"]
_FALSE = ["false", "False", "FALSE", "0"]
_HINT = "run `python -m csto_annotations validate` to list every problem."
_INTEGER = r"[+-]?[0-9]+"


def _place(path: object, fault: Fault) -> str:
    """``data/claims.csv row 3 column start``."""
    row = f" row {fault.row}" if fault.row is not None else ""
    column = f" column {fault.column}" if fault.column is not None else ""
    return f"{path}{row}{column}"


def refusal(path: object, faults: list[Fault], table: str | None = None) -> ValidationFailed:
    """Build the error that refuses a table: one line per fault, then the hint.

    Parameters
    ----------
    path : path-like
        The file, named on every line.
    faults : list of Fault
        What is wrong, where.
    table : str, optional
        The table name for the attached problems (default: ``path``).

    Example
    -------
    >>> str(refusal("t.csv", [Fault(2, "n", "expected 1, found 2")]))
    't.csv row 2 column n: expected 1, found 2; run `python -m csto_annotations validate` to list every problem.'
    """
    from .validation import Problem

    lines = [f"{_place(path, f)}: {f.message}" for f in faults]
    problems = [Problem(table or str(path), f.row, f.column, f.message) for f in faults]
    return ValidationFailed("\n".join(lines) + f"; {_HINT}", problems=problems)


def _fail(path: object, row: int | None, column: str | None, message: str) -> ValidationFailed:
    """The error for one fault."""
    return refusal(path, [Fault(row, column, message)])


def _first(mask: pd.Series) -> int | None:
    """Row number (header = 1) of the first True in ``mask``, or None."""
    mask = mask.fillna(False).astype(bool)
    return int(mask.index[mask.to_numpy()][0]) + 2 if mask.any() else None


def _date_formats(fields: list[dict[str, Any]]) -> dict[str, str]:
    """strptime formats of the date fields ``read_csv`` can parse itself."""
    formats = {}
    for field in fields:
        fmt = field.get("format", "default")
        if field.get("type") == "date" and categories(field) is None and fmt != "any":
            formats[field["name"]] = DATE_FORMAT if fmt in ("default", None) else fmt
    return formats


def _check_header(data: bytes, names: list[str], path: object) -> None:
    """Compare the raw header labels (duplicates unmangled) with the schema's fields."""
    header = pd.read_csv(io.BytesIO(data), header=None, nrows=1, dtype=str, keep_default_na=False, encoding="utf-8")
    labels = header.iloc[0].tolist() if len(header) else []
    if labels == names:
        return
    position = next((i for i, (a, b) in enumerate(zip(labels, names)) if a != b), min(len(labels), len(names)))
    column = names[position] if position < len(names) else labels[position]
    raise _fail(path, 1, column, f"expected the columns {names}, found {labels}")


def _type_fault(data: bytes, fields: list[dict[str, Any]], missing: list[str], error: Exception) -> Fault:
    """Find the first cell that does not fit its numeric type (read_csv only says that one failed)."""
    try:
        text = pd.read_csv(io.BytesIO(data), dtype="string", keep_default_na=False, na_values=missing, encoding="utf-8")
    except (ValueError, pd.errors.ParserError):
        return Fault(None, None, f"cannot be parsed with the schema's types ({error})")
    found: list[Fault] = []
    for field in fields:
        kind, name = field.get("type", "any"), field["name"]
        if name not in text.columns or kind not in ("integer", "year", "number") or categories(field) is not None:
            continue
        values = text[name]
        if kind == "number":
            bad = values.notna() & pd.to_numeric(values, errors="coerce").isna()
        else:
            bad = values.notna() & ~values.str.fullmatch(_INTEGER).fillna(False)
        empty = values.isna() & (read_dtype(field) == "int64")
        for mask, wording in ((bad, f"expected a value of type {kind}"), (empty, "expected a value (the column is required)")):
            row = _first(mask)
            if row is not None:
                shown = "an empty cell" if mask is empty else repr(str(values[row - 2]))
                found.append(Fault(row, name, f"{wording}, found {shown}"))
    if found:
        return min(found, key=lambda f: f.row or 0)
    return Fault(None, None, f"cannot be parsed with the schema's types ({error})")


def _read(data: bytes, fields: list[dict[str, Any]], missing: list[str], path: object) -> pd.DataFrame:
    """Run ``read_csv`` with the dtypes (and date formats) the schema asks for."""
    names = [f["name"] for f in fields]
    dates = _date_formats(fields)
    bom = bom_fault(data)
    if bom is not None:
        raise refusal(path, [bom])
    try:
        _check_header(data, names, path)
        return pd.read_csv(
            io.BytesIO(data),
            dtype={f["name"]: read_dtype(f) for f in fields if f["name"] not in dates},
            parse_dates=list(dates) or False,
            date_format=dates or None,
            keep_default_na=False,
            na_values=missing,
            encoding="utf-8",
        )
    except ValidationFailed:
        raise
    except pd.errors.EmptyDataError:
        raise _fail(path, None, None, "expected a header row, found an empty file") from None
    except UnicodeDecodeError:
        raise refusal(path, [decode_fault(data)]) from None
    except pd.errors.ParserError as error:
        raise refusal(path, [parse_fault(data, error)]) from None
    except (ValueError, TypeError, OverflowError) as error:
        raise refusal(path, [_type_fault(data, fields, missing, error)]) from None


def _to_boolean(column: pd.Series, field: dict[str, Any], path: object) -> pd.Series:
    """Convert a string column of true/false values to ``boolean``."""
    true = field.get("trueValues", _TRUE)
    false = field.get("falseValues", _FALSE)
    bad = column.notna() & ~column.isin(true + false)
    row = _first(bad)
    if row is not None:
        raise _fail(path, row, field["name"], f"expected one of {true + false}, found {str(column[row - 2])!r}")
    result = column.isin(true).astype("boolean")
    return result.mask(column.isna())


def _to_datetime(column: pd.Series, field: dict[str, Any], path: object) -> pd.Series:
    """Parse a date or datetime column (read_csv left it as text: find the bad cell)."""
    fmt = field.get("format", "default")
    if field.get("type") == "date":
        fmt = DATE_FORMAT if fmt in ("default", None) else (None if fmt == "any" else fmt)
    else:
        fmt = "ISO8601" if fmt in ("default", None) else (None if fmt == "any" else fmt)
    parsed = pd.to_datetime(column, format=fmt, errors="coerce")
    row = _first(column.notna() & parsed.isna())
    if row is not None:
        wanted = f"a {field.get('type')}" + (f" in the format {fmt}" if fmt else "")
        raise _fail(path, row, field["name"], f"expected {wanted}, found {str(column[row - 2])!r}")
    return parsed


def _to_categories(column: pd.Series, field: dict[str, Any], path: object) -> pd.Series:
    """Give a column the schema's categories, in schema order."""
    values = categories(field)
    ordered = bool(field.get("categoriesOrdered", False))
    if not isinstance(column.dtype, pd.CategoricalDtype):
        column = column.astype("category")
    observed = column.cat.categories
    if field.get("type") == "integer":
        observed = pd.Index(pd.to_numeric(observed))
        column = column.cat.rename_categories(observed)
    unknown = sorted(set(observed) - set(values), key=str)
    if unknown:
        row = _first(column.isin(unknown))
        raise _fail(path, row, field["name"], f"expected one of {values}, found {column[row - 2]!r}")
    return column.cat.set_categories(values, ordered=ordered)


def _convert(frame: pd.DataFrame, fields: list[dict[str, Any]], path: object) -> pd.DataFrame:
    """Apply the second-step conversions, one vectorized call per column."""
    for field in fields:
        name, kind = field["name"], field.get("type", "any")
        if categories(field) is not None:
            frame[name] = _to_categories(frame[name], field, path)
        elif kind == "boolean":
            frame[name] = _to_boolean(frame[name], field, path)
        elif kind in ("date", "datetime"):
            if not pd.api.types.is_datetime64_dtype(frame[name].dtype):
                frame[name] = _to_datetime(frame[name].astype("string"), field, path)
            if frame[name].dtype != DATETIME_DTYPE:
                frame[name] = frame[name].astype(DATETIME_DTYPE)
    return frame


def parse_table(data: bytes, schema: dict[str, Any], *, path: object, check: bool = True) -> pd.DataFrame:
    """Parse CSV bytes into a DataFrame typed by ``schema``, checking its constraints.

    Parameters
    ----------
    data : bytes
        The CSV file's content (UTF-8, no BOM, header row).
    schema : dict
        The Table Schema; its field order must match the header.
    path : path-like
        The file, named in error messages.
    check : bool, default True
        Check the constraints. ``load()`` passes False only for bytes whose
        hashes match a package that already passed (:mod:`.checkcache`).

    Returns
    -------
    pandas.DataFrame
        One column per field, in schema order, with a default RangeIndex
        (the primary key stays a column). Empty cells are ``<NA>``.

    Raises
    ------
    ValidationFailed
        When the bytes, the header, a value's type or a constraint (required,
        unique, primary key, pattern, minimum/maximum, length, cell size) does
        not fit the schema; the message names the row and column.

    Example
    -------
    >>> schema = {"fields": [{"name": "k", "type": "string",
    ...                       "constraints": {"enum": ["b", "a"]}}]}
    >>> list(parse_table(b"k\\na\\n", schema, path="t.csv")["k"].cat.categories)
    ['b', 'a']
    """
    from .constraints import constraint_faults

    fields = schema["fields"]
    frame = _convert(_read(data, fields, schema.get("missingValues", [""]), path), fields, path)
    faults = constraint_faults(frame, schema, size=len(data)) if check else []
    if faults:
        raise refusal(path, faults)
    return frame
