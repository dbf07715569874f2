"""Hand typed Arrow columns to pandas with the dtypes the schemas promise.

Each type's pandas dtype is its row of ``_base._fields.TYPES``: ``string``
(pyarrow storage, NA is ``pd.NA``), ``int64`` for a required integer and
``Int64`` otherwise, ``Float64``, ``boolean``, ``datetime64[ns]``; an enum or
categories field is ``category`` in schema order (ordered if ``categoriesOrdered``).

Example
-------
>>> import pyarrow as pa
>>> frame = to_frame({"n": pa.chunked_array([[1, 2]])}, {"fields": [{"name": "n", "type": "integer"}]})
>>> str(frame["n"].dtype)
'Int64'
"""

from __future__ import annotations

from typing import Any

from .._base._fields import TYPES, categories, is_ordered, is_required


def _column(values: Any, field: dict[str, Any]) -> Any:
    import pandas as pd
    import pyarrow as pa
    import pyarrow.compute as pc

    labels = categories(field)
    if labels is not None:
        codes = pc.fill_null(pc.index_in(values, value_set=pa.array(labels, pa.string())), -1)
        return pd.Categorical.from_codes(codes.to_numpy(), dtype=pd.CategoricalDtype(labels, ordered=is_ordered(field)))
    kind, dtype = field["type"], TYPES[field["type"]].pandas
    if kind == "date":
        return values.to_pandas().astype(dtype).array
    if kind == "integer" and is_required(field) and values.null_count == 0:
        return values.to_numpy()
    return values.to_pandas(types_mapper={values.type: pd.api.types.pandas_dtype(dtype)}.get).array


def to_frame(columns: dict[str, Any], schema: dict[str, Any]) -> Any:
    """Build the typed DataFrame of one table from its Arrow columns.

    Parameters
    ----------
    columns : dict
        Field name → typed ``pyarrow.ChunkedArray``.
    schema : dict
        The Table Schema.

    Returns
    -------
    pandas.DataFrame
    """
    import pandas as pd

    names = [f["name"] for f in schema["fields"]]  # a field declared twice stays twice (a dict keeps one)
    return pd.DataFrame({f["name"]: _column(columns[f["name"]], f) for f in schema["fields"]}, columns=names)
