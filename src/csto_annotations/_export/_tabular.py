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

from .._base._atomic import atomic_write_bytes
from .._base._errors import OptionalDependencyError
from .._base._fields import DATE_FORMAT
from ._arrow import to_arrow, write_parquet

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
    return neutralize(["" if v is None or v != v else str(v) for v in values.astype("object").tolist()])


def write_parquet_tables(ds: Any, out_dir: Path) -> list[Path]:
    """Write one Parquet file per table, typed from its schema."""
    schemas = ds.schemas
    return [write_parquet(frame, schemas[name], out_dir / f"{name}.parquet") for name, frame in ds.tables.items()]


def write_csv_tables(ds: Any, out_dir: Path) -> list[Path]:
    """Write one spreadsheet-safe CSV file per table."""
    written = []
    for name, frame in ds.tables.items():
        fields = ds.schemas[name]["fields"]
        out = io.StringIO(newline="")
        writer = csv.writer(out, lineterminator="\n", quoting=csv.QUOTE_ALL)
        writer.writerow(neutralize([f["name"] for f in fields]))
        writer.writerows(zip(*(_cells(frame, f) for f in fields)))
        path = out_dir / f"{name}.csv"
        atomic_write_bytes(path, out.getvalue().encode("utf-8-sig"))
        written.append(path)
    return written


def to_duckdb(ds: Any, connection: Any = None) -> Any:
    """Return a DuckDB connection with one view per table and ``texts(document_id, text)``.

    The views are the tables, typed from the schemas (enums as ENUM-like
    dictionary columns, dates as DATE); nothing else is registered.
    """
    try:
        import duckdb
        import pyarrow as pa
    except ImportError as missing:
        raise OptionalDependencyError(
            "to_duckdb() needs duckdb and pyarrow, which the 'duckdb' extra installs: from a checkout, run "
            'pip install -e ".[duckdb]" (the package is not published on any index yet).'
        ) from missing
    connection = connection if connection is not None else duckdb.connect()
    schemas = ds.schemas
    for name, frame in ds.tables.items():
        connection.register(name, to_arrow(frame, schemas[name]))
    texts = pa.table({"document_id": list(ds.texts), "text": list(ds.texts.values())})
    connection.register("texts", texts)
    return connection
