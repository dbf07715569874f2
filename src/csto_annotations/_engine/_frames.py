"""Hand typed Arrow columns to pandas with the dtypes the schemas promise.

========================  ==============================================
Table Schema              pandas dtype
========================  ==============================================
``string``                ``string`` (pyarrow storage, NA is ``pd.NA``)
``integer``               ``int64`` when required, else ``Int64``
``number``                ``Float64``
``boolean``               ``boolean``
``date``                  ``datetime64[ns]``
enum / categories         ``category`` in schema order (ordered if ``categoriesOrdered``)
========================  ==============================================

Example
-------
>>> import pyarrow as pa
>>> frame = to_frame({"n": pa.chunked_array([[1, 2]])}, {"fields": [{"name": "n", "type": "integer"}]})
>>> str(frame["n"].dtype)
'Int64'
"""

from __future__ import annotations

from typing import Any

from .._base._fields import categories, is_ordered, is_required


def _column(values: Any, field: dict[str, Any]) -> Any:
    import pandas as pd
    import pyarrow as pa
    import pyarrow.compute as pc

    labels = categories(field)
    if labels is not None:
        codes = pc.fill_null(pc.index_in(values, value_set=pa.array(labels, pa.string())), -1)
        dtype = pd.CategoricalDtype(labels, ordered=is_ordered(field))
        return pd.Categorical.from_codes(codes.to_numpy(), dtype=dtype)
    kind = field["type"]
    if kind == "string":
        return values.to_pandas(types_mapper={pa.string(): pd.StringDtype("pyarrow")}.get).array
    if kind == "date":
        return values.to_pandas().astype("datetime64[ns]").array
    if kind == "integer" and is_required(field) and values.null_count == 0:
        return values.to_numpy()
    masked: Any = {"integer": pd.Int64Dtype(), "number": pd.Float64Dtype(), "boolean": pd.BooleanDtype()}[kind]
    return values.to_pandas(types_mapper={values.type: masked}.get).array


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

    fields = schema["fields"]
    return pd.DataFrame(
        {f["name"]: _column(columns[f["name"]], f) for f in fields}, columns=[f["name"] for f in fields]
    )
