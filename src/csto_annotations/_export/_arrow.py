"""Arrow types and Parquet files derived from the Table Schemas.

One mapping, used by every Parquet writer (the ``export`` command and the
release archive), so a Parquet copy is typed exactly as the schemas say:

========================  ==============================================
Table Schema              Arrow type
========================  ==============================================
``string``                ``string``
``integer``               ``int64`` (nullable unless required)
``number``                ``float64``
``boolean``               ``bool``
``date``                  ``date32``
``enum`` / categories     ``dictionary<int32, string>`` (schema order;
                          ``ordered`` when ``categoriesOrdered``)
========================  ==============================================

``pandas.read_parquet`` turns an ordered dictionary into an ordered
categorical with every category in schema order, used or not. The schema's
key-value metadata holds the table's ``title`` and ``description`` and, when
given, the dataset's provenance prefixed ``dataset_`` (``dataset_name``,
``dataset_version``, ``dataset_license``, ``dataset_descriptor_sha256``…).

pyarrow, a core dependency, is imported only inside these functions, so that
``import csto_annotations`` stays light.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from .._base._fields import arrow_type, categories, is_ordered, is_required

if TYPE_CHECKING:
    import pandas as pd
    import pyarrow as pa


def arrow_schema(schema: dict[str, Any], provenance: Mapping[str, str] | None = None) -> pa.Schema:
    """Arrow schema for a Table Schema, with titles, descriptions and ``provenance`` as metadata.

    Examples
    --------
    >>> s = arrow_schema({"fields": [{"name": "n", "type": "integer",
    ...                               "constraints": {"required": True}}]})
    >>> str(s.field("n").type), s.field("n").nullable
    ('int64', False)
    """
    import pyarrow as pa

    fields = [
        pa.field(
            f["name"],
            pa.dictionary(pa.int32(), pa.string(), ordered=is_ordered(f))
            if categories(f) is not None
            else arrow_type(f["type"]),
            nullable=not is_required(f),
            metadata={
                "title": f.get("title", ""),
                "description": f.get("description", ""),
                "tableschema_type": f.get("type", "string"),
            },
        )
        for f in schema["fields"]
    ]
    metadata = {"title": schema.get("title", ""), "description": schema.get("description", "")}
    metadata.update({f"dataset_{key}": value for key, value in (provenance or {}).items()})
    return pa.schema(fields, metadata=metadata)


def to_arrow(frame: pd.DataFrame, schema: dict[str, Any], provenance: Mapping[str, str] | None = None) -> pa.Table:
    """Convert a loaded table to Arrow with the schema's types (and ``provenance`` in its metadata)."""
    import pandas as pd
    import pyarrow as pa

    target = arrow_schema(schema, provenance)
    columns = []
    for field, spec in zip(target, schema["fields"], strict=True):
        series = frame[field.name]
        if pa.types.is_dictionary(field.type):  # codes against the schema's category order, not first-seen order
            series = series.astype(pd.CategoricalDtype([str(c) for c in categories(spec) or []], field.type.ordered))
        # A date column is converted from its timestamps, then cast (a no-op for every other column).
        array = pa.array(series, type=None if pa.types.is_date32(field.type) else field.type, from_pandas=True)
        columns.append(array.cast(field.type))
    return pa.Table.from_arrays(columns, schema=target)


def parquet_bytes(frame: pd.DataFrame, schema: dict[str, Any], provenance: Mapping[str, str] | None = None) -> bytes:
    """The table as Parquet bytes, typed from ``schema``, deterministic for the same input."""
    return arrow_parquet_bytes(to_arrow(frame, schema, provenance))


def arrow_parquet_bytes(table: pa.Table) -> bytes:
    """An Arrow table as zstd-compressed Parquet bytes, deterministic for the same input."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    sink = pa.BufferOutputStream()
    pq.write_table(table, sink, compression="zstd", write_statistics=True)
    return bytes(sink.getvalue().to_pybytes())


#: The document texts as a table: ``texts`` of the DuckDB connection and of the SQLite, Hugging Face, Stata and SPSS
#: exports (SQLite's ``CREATE TABLE`` and Datasette's descriptions come from here).
TEXTS_SCHEMA: dict[str, Any] = {
    "title": "Texts",
    "description": "One row per document: its text, which every `start`/`end` offset indexes.",
    "fields": [
        {"name": name, "type": "string", "title": title, "description": description, "constraints": {"required": True}}
        for name, title, description in (
            ("document_id", "Document ID", "The document; a key of `documents`."),
            ("text", "Text", "The document text that every offset indexes."),
        )
    ],
    "primaryKey": ["document_id"],
    "foreignKeys": [{"fields": ["document_id"], "reference": {"resource": "documents", "fields": ["document_id"]}}],
}


def texts_table(ds: Any) -> pa.Table:
    """The document texts as an Arrow table of :data:`TEXTS_SCHEMA`, in documents order.

    Example
    -------
    >>> import csto_annotations
    >>> texts_table(csto_annotations.load()).column_names
    ['document_id', 'text']
    """
    import pyarrow as pa

    columns = {"document_id": list(ds.texts), "text": list(ds.texts.values())}
    return pa.table(columns, schema=pa.schema(dict.fromkeys(columns, pa.string())))
