"""Parse one CSV resource into a typed :class:`pandas.DataFrame`.

One ``pandas.read_csv`` call with explicit dtypes does the work; booleans,
dates and categories get one vectorized conversion each afterwards. There is
no per-row Python.

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

from .dtypes import DATE_FORMAT, DATETIME_DTYPE, categories, read_dtype
from .errors import ValidationFailed

__all__ = ["parse_table"]

_TRUE = ["true", "True", "TRUE", "1"]
_FALSE = ["false", "False", "FALSE", "0"]
_HINT = "run `python -m csto_annotations validate` to list every problem."


def _fail(path: object, message: str) -> ValidationFailed:
    """Build the error raised for unparseable content."""
    return ValidationFailed(f"{path}: {message}; {_HINT}")


def _date_formats(fields: list[dict[str, Any]]) -> dict[str, str]:
    """strptime formats of the date fields ``read_csv`` can parse itself."""
    formats = {}
    for field in fields:
        fmt = field.get("format", "default")
        if field.get("type") == "date" and categories(field) is None and fmt != "any":
            formats[field["name"]] = DATE_FORMAT if fmt in ("default", None) else fmt
    return formats


def _read(data: bytes, fields: list[dict[str, Any]], missing: list[str], path: object) -> pd.DataFrame:
    """Run ``read_csv`` with the dtypes (and date formats) the schema asks for."""
    names = [f["name"] for f in fields]
    dates = _date_formats(fields)
    try:
        header = pd.read_csv(io.BytesIO(data), nrows=0, encoding="utf-8").columns.tolist()
        if header != names:
            raise _fail(path, f"expected the columns {names}, found {header}")
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
        raise _fail(path, "the file is empty (a header row is required)") from None
    except (ValueError, TypeError, OverflowError, pd.errors.ParserError) as error:
        raise _fail(path, f"cannot be parsed with the schema's types ({error})") from None


def _to_boolean(column: pd.Series, field: dict[str, Any], path: object) -> pd.Series:
    """Convert a string column of true/false values to ``boolean``."""
    true = field.get("trueValues", _TRUE)
    false = field.get("falseValues", _FALSE)
    bad = column.notna() & ~column.isin(true + false)
    if bad.any():
        raise _fail(path, f"column {field['name']!r} has non-boolean values {column[bad].unique()[:5].tolist()}")
    result = column.isin(true).astype("boolean")
    return result.mask(column.isna())


def _to_datetime(column: pd.Series, field: dict[str, Any], path: object) -> pd.Series:
    """Parse a date or datetime column (read_csv left it as text: report why)."""
    fmt = field.get("format", "default")
    if field.get("type") == "date":
        fmt = DATE_FORMAT if fmt in ("default", None) else (None if fmt == "any" else fmt)
    else:
        fmt = "ISO8601" if fmt in ("default", None) else (None if fmt == "any" else fmt)
    try:
        return pd.to_datetime(column, format=fmt)
    except (ValueError, TypeError) as error:
        first_line = str(error).splitlines()[0] if str(error) else type(error).__name__
        raise _fail(path, f"column {field['name']!r} has values that are not dates ({first_line})") from None


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
        raise _fail(path, f"column {field['name']!r} has values outside its categories: {unknown[:5]}")
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


def parse_table(data: bytes, schema: dict[str, Any], *, path: object) -> pd.DataFrame:
    """Parse CSV bytes into a DataFrame typed by ``schema``.

    Parameters
    ----------
    data : bytes
        The CSV file's content (UTF-8, header row).
    schema : dict
        The Table Schema; its field order must match the header.
    path : path-like
        The file, named in error messages.

    Returns
    -------
    pandas.DataFrame
        One column per field, in schema order, with a default RangeIndex
        (the primary key stays a column). Empty cells are ``<NA>``.

    Raises
    ------
    ValidationFailed
        When the header or a value does not fit the schema.

    Example
    -------
    >>> schema = {"fields": [{"name": "k", "type": "string",
    ...                       "constraints": {"enum": ["b", "a"]}}]}
    >>> list(parse_table(b"k\\na\\n", schema, path="t.csv")["k"].cat.categories)
    ['b', 'a']
    """
    fields = schema["fields"]
    frame = _read(data, fields, schema.get("missingValues", [""]), path)
    return _convert(frame, fields, path)
