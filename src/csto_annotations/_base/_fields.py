"""Read facts off one Table Schema field: its type's row, required, categories.

Every layer that types a column (the engine, the exports) looks its type up in
:data:`TYPES`, the one table of what each Table Schema type the closed profile
admits becomes in every format:

=========  =========  ==================  ========  =======  ==========  ================
Type       Arrow      pandas              SQLite    DuckDB   HF          lexical form
=========  =========  ==================  ========  =======  ==========  ================
string     string     string (pyarrow)    TEXT      VARCHAR  string      any text
integer    int64      Int64 (int64 [1]_)  INTEGER   BIGINT   int64       ``-?[0-9]{1,18}``
number     float64    Float64             REAL      DOUBLE   float64     decimal
boolean    bool       boolean             INTEGER   BOOLEAN  bool        ``true``/``false``
date       date32     datetime64[ns]      TEXT      DATE     date32      ``YYYY-MM-DD``
=========  =========  ==================  ========  =======  ==========  ================

.. [1] ``int64`` for a required integer with no missing cell, ``Int64`` (nullable) otherwise.

An enum or categories field (strings only) is ``category`` in pandas and
``dictionary<int32, string>`` in Arrow.

Example
-------
>>> from csto_annotations._base._fields import TYPES, categories
>>> TYPES["integer"].duckdb, categories({"name": "k", "constraints": {"enum": ["b", "a"]}})
('BIGINT', ['b', 'a'])
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, NamedTuple

DATE_FORMAT = "%Y-%m-%d"


class FieldType(NamedTuple):
    """One Table Schema type in every format (a row of :data:`TYPES`)."""

    arrow: str  # the pyarrow factory
    pandas: str
    sqlite: str
    duckdb: str
    datasets: str  # the Hugging Face ``datasets`` feature dtype
    plain: Callable[[Any], Any]  # a cell as a plain Python value (a date is first formatted as text)
    constraints: frozenset[str]  # the constraints the engine checks on this type
    form: tuple[str, str] | None  # the lexical form (an RE2 pattern) and how messages name it


_SIZES = {"required", "unique", "minimum", "maximum"}
#: Table Schema type → its row: the types the closed profile (``_reader/_profile.py``) admits.
TYPES = {
    "string": FieldType("string", "string[pyarrow]", "TEXT", "VARCHAR", "string", str,
                        frozenset({"required", "unique", "enum", "pattern", "minLength", "maxLength"}), None),
    "integer": FieldType("int64", "Int64", "INTEGER", "BIGINT", "int64", int, frozenset(_SIZES),
                         (r"^-?[0-9]{1,18}$", "an integer in canonical form (like 12 or -3)")),
    "number": FieldType("float64", "Float64", "REAL", "DOUBLE", "float64", float, frozenset(_SIZES),
                        (r"^-?[0-9]+(\.[0-9]+)?([eE][-+]?[0-9]+)?$", "a decimal number (like 2.5 or -1e3)")),
    "boolean": FieldType("bool_", "boolean", "INTEGER", "BOOLEAN", "bool", bool, frozenset({"required"}),
                         (r"^(true|false)$", "true or false")),
    "date": FieldType("date32", "datetime64[ns]", "TEXT", "DATE", "date32", str, frozenset({"required", "unique"}),
                      (r"^[0-9]{4}-[0-9]{2}-[0-9]{2}$", "a date as YYYY-MM-DD")),
}  # fmt: skip


def arrow_type(kind: str) -> Any:
    """The Arrow type of a Table Schema type (pyarrow is imported here, not with the module).

    Example
    -------
    >>> str(arrow_type("date"))
    'date32[day]'
    """
    import pyarrow as pa

    return getattr(pa, TYPES[kind].arrow)()


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
    >>> categories({"name": "c", "categories": [{"value": "x"}, "y"]})
    ['x', 'y']
    """
    if "categories" in field:
        return [c["value"] if isinstance(c, dict) else c for c in field["categories"]]
    enum = field.get("constraints", {}).get("enum")
    return list(enum) if enum is not None else None


def is_ordered(field: dict[str, Any]) -> bool:
    """Tell whether the field's categories are ordinal (``categoriesOrdered``).

    Example
    -------
    >>> is_ordered({"name": "c", "categories": ["a", "b"], "categoriesOrdered": True})
    True
    """
    return bool(field.get("categoriesOrdered", False))
