"""Map Table Schema fields to pandas dtypes.

The mapping, never guessed from the data:

========================  ==============================================
Table Schema              pandas dtype
========================  ==============================================
``string``                ``"string"`` (``pd.StringDtype``, NA is ``pd.NA``)
``integer``               ``"Int64"``; ``"int64"`` when ``required``
``number``                ``"Float64"``
``boolean``               ``"boolean"``
``date``                  ``datetime64[ns]`` (parsed with ``%Y-%m-%d``)
``datetime``              ``datetime64[ns]`` (ISO 8601)
``year``                  ``"Int64"``
``enum`` / ``categories`` ``pd.CategoricalDtype`` in schema order
anything else             ``"string"``
========================  ==============================================

Example
-------
>>> from csto_annotations.dtypes import target_dtype
>>> str(target_dtype({"name": "n", "type": "integer", "constraints": {"required": True}}))
'int64'
"""

from __future__ import annotations

from typing import Any

__all__ = ["categories", "is_required", "read_dtype", "target_dtype", "DATE_FORMAT", "DATETIME_DTYPE"]

DATE_FORMAT = "%Y-%m-%d"
#: One unit for every date column, whatever pandas infers (same in pandas 2 and 3).
DATETIME_DTYPE = "datetime64[ns]"
_DIRECT = {"string": "string", "number": "Float64", "year": "Int64"}
_VIA_STRING = {"boolean", "date", "datetime"}


def is_required(field: dict[str, Any]) -> bool:
    """Tell whether the field's constraints make it required.

    Example
    -------
    >>> is_required({"name": "a", "constraints": {"required": True}})
    True
    """
    return bool(field.get("constraints", {}).get("required", False))


def categories(field: dict[str, Any]) -> list[Any] | None:
    """Return the field's categories in schema order, or None.

    ``categories`` (Table Schema v2, plain values or ``{"value": …}``
    objects) take precedence over an ``enum`` constraint.

    Example
    -------
    >>> categories({"name": "k", "constraints": {"enum": ["b", "a"]}})
    ['b', 'a']
    """
    if "categories" in field:
        return [c["value"] if isinstance(c, dict) else c for c in field["categories"]]
    enum = field.get("constraints", {}).get("enum")
    return list(enum) if enum is not None else None


def read_dtype(field: dict[str, Any]) -> Any:
    """Return the dtype to hand to ``pandas.read_csv`` for ``field``.

    Types that need a second step (booleans, dates, categories) are read as
    ``"string"`` or ``"category"`` and converted by the loader.

    Example
    -------
    >>> read_dtype({"name": "d", "type": "date"})
    'string'
    """
    kind = field.get("type", "any")
    if categories(field) is not None:
        return "category" if kind in ("string", "any") else "string"
    if kind == "integer":
        return "int64" if is_required(field) else "Int64"
    if kind in _VIA_STRING:
        return "string"
    return _DIRECT.get(kind, "string")


def target_dtype(field: dict[str, Any]) -> Any:
    """Return the dtype the loaded column has for ``field``.

    Example
    -------
    >>> target_dtype({"name": "k", "type": "string", "constraints": {"enum": ["x", "y"]}})
    CategoricalDtype(categories=['x', 'y'], ordered=False, categories_dtype=str)
    """
    import pandas as pd

    values = categories(field)
    if values is not None:
        return pd.CategoricalDtype(values, ordered=bool(field.get("categoriesOrdered", False)))
    kind = field.get("type", "any")
    if kind == "boolean":
        return "boolean"
    if kind in ("date", "datetime"):
        return DATETIME_DTYPE
    return read_dtype(field)
