"""Parquet (typed from the schemas), spreadsheet-safe CSV, and DuckDB views.

The CSV export is for spreadsheets: every cell of every type, header cells
included, that starts with a formula trigger (``=``, ``+``, ``-``, ``@``, tab,
CR, or their full-width forms) gets a leading ``'``, as OWASP advises against
CSV injection; every cell is quoted and the file starts with a UTF-8 BOM so
spreadsheets read it as UTF-8. Such cells are no longer byte-exact: the
package's own ``data/*.csv`` stay the reference.

Example
-------
>>> neutralize(["=HYPERLINK(1)", "-3", "ok", "＠x"])
["'=HYPERLINK(1)", "'-3", 'ok', "'＠x"]
"""

from __future__ import annotations

import csv
import io
from pathlib import Path
from typing import Any

from .._base._errors import DatasetError, MissingFileError
from .._base._fields import DATE_FORMAT, TYPES, categories, is_ordered
from .._outputs import import_optional
from ._arrow import TEXTS_SCHEMA, parquet_bytes, texts_table, to_arrow
from ._common import TEXTS, provenance, quote_name, refuse_clashes, sql_literal, write_files

FORMULA_START = ("=", "+", "-", "@", "\t", "\r", "＝", "＋", "－", "＠")


def neutralize(cells: list[str]) -> list[str]:
    """Prefix ``'`` to every cell a spreadsheet would run as a formula."""
    return ["'" + cell if cell.startswith(FORMULA_START) else cell for cell in cells]


def _cells(frame: Any, field: dict[str, Any]) -> list[str]:
    values = frame[field["name"]]
    if field["type"] == "date":
        values = values.dt.strftime(DATE_FORMAT)
    elif field["type"] == "boolean":
        values = values.astype("string").str.lower()
    import pandas as pd

    return neutralize(["" if pd.isna(v) else str(v) for v in values.astype("object").tolist()])


def write_parquet_tables(ds: Any, out_dir: Path) -> list[Path]:
    """Write one Parquet file per table, typed from its schema, with the dataset's provenance in its metadata."""
    schemas, facts = ds.schemas, provenance(ds)
    files = {f"{name}.parquet": parquet_bytes(frame, schemas[name], facts) for name, frame in ds.tables.items()}
    return write_files(out_dir, files)


def write_csv_tables(ds: Any, out_dir: Path) -> list[Path]:
    """Write one spreadsheet-safe CSV file per table."""
    files = {}
    for name, frame in ds.tables.items():
        fields = ds.schemas[name]["fields"]
        out = io.StringIO(newline="")
        writer = csv.writer(out, lineterminator="\n", quoting=csv.QUOTE_ALL)
        writer.writerow(neutralize([f["name"] for f in fields]))
        writer.writerows(zip(*(_cells(frame, f) for f in fields)))
        files[f"{name}.csv"] = out.getvalue().encode("utf-8-sig")
    return write_files(out_dir, files)


#: The comment on every table and view that :func:`to_duckdb` made, so that running it again replaces only those.
_MARK = "csto-annotations"


def enum_type_name(table: str, field: dict[str, Any]) -> str | None:
    """The DuckDB type of an ordinal field (``categoriesOrdered``): ``<table>_<column>``; None for others.

    Example
    -------
    >>> enum_type_name("claims", {"name": "certainty", "categories": ["a", "b"], "categoriesOrdered": True})
    'claims_certainty'
    """
    return f"{table}_{field['name']}" if categories(field) is not None and is_ordered(field) else None


def _sql_type(field: dict[str, Any], table: str) -> str:
    labels, named = categories(field), enum_type_name(table, field)
    if named is not None:
        return quote_name(named)
    if labels is not None:
        return f"ENUM({', '.join(map(sql_literal, labels))})"
    return TYPES[field["type"]].duckdb


def _create(connection: Any, kind: str, name: str, source: str, schema: dict[str, Any]) -> None:
    """Create the ``TABLE`` or ``VIEW`` ``name`` from ``source``, typed by ``schema``, and mark it as made here."""
    columns = ", ".join(f"CAST({quote_name(f['name'])} AS {_sql_type(f, name)}) AS {quote_name(f['name'])}"
                        for f in schema["fields"])  # fmt: skip
    connection.execute(f"CREATE OR REPLACE {kind} {quote_name(name)} AS SELECT {columns} FROM {source}")
    connection.execute(f"COMMENT ON {kind} {quote_name(name)} IS '{_MARK}'")


def _import(connection: Any, name: str, table: Any, schema: dict[str, Any]) -> None:
    """Create the table ``name`` from an Arrow ``table``, typed by ``schema``."""
    connection.register("__csto_import", table)
    _create(connection, "TABLE", name, "__csto_import", schema)
    connection.unregister("__csto_import")


def _create_enum_types(connection: Any, schemas: dict[str, dict[str, Any]]) -> None:
    """Create the named ENUM of every ordinal field, in schema order (reused when it has the same labels)."""
    for table, schema in schemas.items():
        for field in schema["fields"]:
            name = enum_type_name(table, field)
            if name is None:
                continue
            labels, quoted = [str(v) for v in categories(field) or []], quote_name(name)
            exists = connection.execute(
                "SELECT count(*) FROM duckdb_types() WHERE type_name = ? AND NOT internal", [name]
            ).fetchall()[0][0]
            if not exists:
                connection.execute(f"CREATE TYPE {quoted} AS ENUM ({', '.join(map(sql_literal, labels))})")
            elif connection.execute(f"SELECT enum_range(NULL::{quoted})").fetchall()[0][0] != labels:
                raise DatasetError(
                    f"the DuckDB connection already has a type {name!r} with other values than {labels}; pass a "
                    "fresh connection (duckdb.connect())."
                )


def _refuse_foreign(connection: Any, names: list[str]) -> None:
    rows = connection.execute(
        "SELECT table_name, comment FROM duckdb_tables() UNION ALL SELECT view_name, comment FROM duckdb_views() "
        "WHERE NOT internal"
    ).fetchall()
    taken = sorted(name for name, comment in rows if name in names and comment != _MARK)
    if taken:
        raise DatasetError(f"the DuckDB connection already holds {taken}, which csto-annotations did not create; "
                           "pass a fresh connection (duckdb.connect()) or drop them first.")  # fmt: skip


def to_duckdb(ds: Any, connection: Any = None, *, parquet_dir: Path | None = None) -> Any:
    """Return a DuckDB connection with one table per dataset table, typed from the schemas, and ``texts``.

    Enum columns become DuckDB ENUMs in schema order and dates DATEs; an
    ordinal column (``categoriesOrdered``) gets a named ENUM type
    ``<table>_<column>``, such as ``claims_certainty``, so that a comparison
    can cast its literal: ``certainty <= 'probable'::claims_certainty``
    compares by rank (DuckDB compares an ENUM with a bare string literal as
    text). With
    ``parquet_dir`` (a folder written by ``export("parquet", ...)``) the tables
    are views over those files instead, read out of core. Nothing else is
    left in the connection, and running it again replaces only what it made.
    """
    duckdb = import_optional("duckdb", "duckdb", "to_duckdb() needs duckdb")
    refuse_clashes(ds, "to_duckdb()", (TEXTS,))
    connection = connection if connection is not None else duckdb.connect()
    _refuse_foreign(connection, [*ds.tables, TEXTS])
    schemas = {name: ds.schemas[name] for name in ds.tables}
    _create_enum_types(connection, schemas)
    for name, schema in schemas.items():
        if parquet_dir is None:
            _import(connection, name, to_arrow(ds.tables[name], schema), schema)
            continue
        path = Path(parquet_dir) / f"{name}.parquet"
        if not path.is_file():
            raise MissingFileError(f"{path}: file not found; write it with export('parquet', {str(parquet_dir)!r}).")
        _create(connection, "VIEW", name, f"read_parquet({sql_literal(str(path))})", schema)
    _import(connection, TEXTS, texts_table(ds), TEXTS_SCHEMA)
    return connection
