"""Read facts off one Table Schema field: required, categories, Arrow type.

Every layer that types a column (the engine, the exports) asks these helpers,
so the mapping from Table Schema to pandas and Arrow lives in one place:

========================  =======================  ==========================
Table Schema              pandas dtype             Arrow type
========================  =======================  ==========================
``string``                ``string``               ``string``
``integer``               ``int64`` / ``Int64``    ``int64``
``number``                ``Float64``              ``float64``
``boolean``               ``boolean``              ``bool``
``date``                  ``datetime64[ns]``       ``date32``
``year``                  ``Int64``                ``int64``
enum / categories         ordered if declared      ``dictionary<int32, string>``
========================  =======================  ==========================

``int64`` is used for a required integer, ``Int64`` (nullable) otherwise.

Example
-------
>>> from csto_annotations._base._fields import categories
>>> categories({"name": "k", "constraints": {"enum": ["b", "a"]}})
['b', 'a']
"""

from __future__ import annotations

from typing import Any

DATE_FORMAT = "%Y-%m-%d"


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
