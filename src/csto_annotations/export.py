"""Take the tables out of pandas: Parquet, spreadsheet-safe CSV, and DuckDB views.

* :func:`export_parquet` writes one Parquet file per table, typed from the
  Table Schemas by :mod:`.arrow` (dictionary-encoded enums, ``date32``,
  nullable integers), for Spark, Dask, Polars or DuckDB.
* :func:`export_csv` writes one CSV per table for spreadsheets. By default it
  is *spreadsheet-safe* (OWASP, "CSV injection"): a text cell that starts
  with ``=``, ``+``, ``-``, ``@``, tab or CR gets a leading ``'`` so that a
  spreadsheet shows it instead of running it as a formula. Such cells are
  then no longer byte-exact, so ``text[start:end] == exact`` may fail on them:
  this export is for reading, never a replacement for the package's own
  ``data/*.csv``. ``spreadsheet_safe=False`` writes every value verbatim.
* :func:`to_duckdb` gives a DuckDB connection with one view per table, over
  Arrow copies of the loaded tables or, out of core, over Parquet files.

pyarrow and duckdb are imported only inside these functions.

Example
-------
>>> import tempfile
>>> import csto_annotations
>>> from csto_annotations.export import export_parquet
>>> paths = export_parquet(csto_annotations.load(), tempfile.mkdtemp())
>>> sorted(p.name for p in paths)[:2]
['citations.parquet', 'claim_entities.parquet']
"""

from __future__ import annotations

import csv
import os
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .atomic import atomic_write_bytes
from .dtypes import DATE_FORMAT, categories
from .errors import DatasetError, MissingFileError

if TYPE_CHECKING:
    import pandas as pd

    from .dataset import Dataset

__all__ = ["FORMATS", "FORMULA_START", "csv_bytes", "export", "export_csv", "export_parquet", "frame_csv_bytes", "neutralize", "to_duckdb"]

#: The export formats of :func:`export` and ``python -m csto_annotations export``.
FORMATS = ("parquet", "csv")
#: First characters that make a spreadsheet read a cell as a formula (OWASP).
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
_TEXT_TYPES = ("string", "any")


def _out_dir(out_dir: str | os.PathLike[str]) -> Path:
    """Create the output directory, or say why it cannot be used."""
    out = Path(out_dir)
    try:
        out.mkdir(parents=True, exist_ok=True)
    except (FileExistsError, NotADirectoryError):
        raise DatasetError(f"{out}: exists and is not a directory; choose another --out.") from None
    except OSError as error:
        raise DatasetError(f"{out}: cannot create the output directory ({error.strerror}); choose another --out.") from None
    return out


def export_parquet(dataset: "Dataset", out_dir: str | os.PathLike[str]) -> list[Path]:
    """Write each table of ``dataset`` as ``<out_dir>/<table>.parquet``.

    The Arrow types come from the Table Schemas (:func:`csto_annotations.arrow.to_arrow`);
    field titles and descriptions travel as Parquet field metadata.

    Returns
    -------
    list of pathlib.Path
        The files written (atomically), in descriptor order.

    Example
    -------
    >>> import tempfile, csto_annotations
    >>> export_parquet(csto_annotations.load(tables=["claims"]), tempfile.mkdtemp())[0].name
    'claims.parquet'
    """
    from .arrow import write_parquet

    out = _out_dir(out_dir)
    schemas = dataset.schemas
    return [write_parquet(frame, schemas[name], out / f"{name}.parquet") for name, frame in dataset.tables.items()]


def neutralize(values: "pd.Series") -> "pd.Series":
    """Prefix ``'`` to text cells that a spreadsheet would run as a formula.

    Cells starting with ``=``, ``+``, ``-``, ``@``, tab or CR are changed
    (OWASP's advice for CSV injection); every other cell, and ``<NA>``, is
    returned unchanged.

    Example
    -------
    >>> import pandas as pd
    >>> neutralize(pd.Series(["=1+1", "-x", "ok", None], dtype="string")).tolist()
    ["'=1+1", "'-x", 'ok', <NA>]
    """
    text = values.astype("string")
    risky = text.str.startswith(FORMULA_START).fillna(False).astype(bool)
    return text.mask(risky, "'" + text)


def _csv_column(frame: "pd.DataFrame", field: dict[str, Any], safe: bool) -> "pd.Series":
    """One column as text, written the way the package's CSV writes it."""
    values = frame[field["name"]]
    kind = field.get("type", "any")
    if kind == "date":
        return values.dt.strftime(DATE_FORMAT).astype("string")
    if kind == "datetime":
        return values.dt.strftime("%Y-%m-%dT%H:%M:%S").astype("string")
    if kind == "boolean":
        return values.astype("string").str.lower()
    if safe and (kind in _TEXT_TYPES or categories(field) is not None):
        return neutralize(values)
    return values.astype("string")


def csv_bytes(frame: "pd.DataFrame", schema: dict[str, Any], *, spreadsheet_safe: bool = True) -> bytes:
    """One table as CSV bytes: spreadsheet-safe (BOM, every cell quoted) or verbatim.

    Example
    -------
    >>> import pandas as pd
    >>> schema = {"fields": [{"name": "t", "type": "string"}]}
    >>> csv_bytes(pd.DataFrame({"t": ["=A1"]}, dtype="string"), schema)
    b'\\xef\\xbb\\xbf"t"\\n"\\'=A1"\\n'
    """
    import pandas as pd

    text = pd.DataFrame({f["name"]: _csv_column(frame, f, spreadsheet_safe) for f in schema["fields"]})
    if spreadsheet_safe:
        body = text.to_csv(index=False, lineterminator="\n", quoting=csv.QUOTE_ALL, na_rep="")
        # The BOM makes spreadsheet programs read the file as UTF-8 (curly quotes, Cyrillic).
        return body.encode("utf-8-sig")
    return frame_csv_bytes(text)


def frame_csv_bytes(frame: "pd.DataFrame") -> bytes:
    """A DataFrame as CSV the way ``data/*.csv`` is written: LF, minimal quoting, UTF-8.

    With ``lineterminator="\\n"`` Python's csv writer (3.11) leaves a cell
    holding a bare CR unquoted, which readers then split into two rows; a
    table with such a cell is written with every text cell quoted instead.

    Example
    -------
    >>> import pandas as pd
    >>> frame_csv_bytes(pd.DataFrame({"a": ["x", "\\ry"]}, dtype="string"))
    b'"a"\\n"x"\\n"\\ry"\\n'
    """
    quoting = csv.QUOTE_NONNUMERIC if _has_cr(frame) else csv.QUOTE_MINIMAL
    return frame.to_csv(index=False, lineterminator="\n", quoting=quoting, na_rep="").encode("utf-8")


def _has_cr(frame: "pd.DataFrame") -> bool:
    """Tell whether any text cell holds a carriage return."""
    import pandas as pd

    for column in frame.columns:
        values = frame[column]
        if pd.api.types.is_string_dtype(values.dtype) or isinstance(values.dtype, pd.CategoricalDtype):
            if values.astype("string").str.contains("\r", regex=False).fillna(False).any():
                return True
    return False


def export_csv(dataset: "Dataset", out_dir: str | os.PathLike[str], *, spreadsheet_safe: bool = True) -> list[Path]:
    """Write each table of ``dataset`` as ``<out_dir>/<table>.csv``.

    Parameters
    ----------
    dataset : Dataset
        The loaded tables.
    out_dir : str or PathLike
        Created if needed; files of the same names are replaced atomically.
    spreadsheet_safe : bool, default True
        Neutralize formula-like text cells (see :func:`neutralize`), quote
        every cell and start with a UTF-8 BOM. The result is for
        spreadsheets: neutralized ``exact`` cells no longer match the text.
        ``False`` writes every value verbatim, like ``data/*.csv``.

    Example
    -------
    >>> import tempfile, csto_annotations
    >>> export_csv(csto_annotations.load(tables=["entities"]), tempfile.mkdtemp())[0].name
    'entities.csv'
    """
    out = _out_dir(out_dir)
    schemas = dataset.schemas
    written = []
    for name, frame in dataset.tables.items():
        path = out / f"{name}.csv"
        atomic_write_bytes(path, csv_bytes(frame, schemas[name], spreadsheet_safe=spreadsheet_safe))
        written.append(path)
    return written


def export(
    out_dir: str | os.PathLike[str],
    *,
    format: str = "parquet",
    source: str | os.PathLike[str] | None = None,
    spreadsheet_safe: bool = True,
) -> list[Path]:
    """Load ``source`` (verified) and export every table in ``format``.

    Parameters
    ----------
    out_dir : str or PathLike
        Where the files go.
    format : {"parquet", "csv"}
        See :func:`export_parquet` and :func:`export_csv`.
    source : str, PathLike or None
        Anything :func:`csto_annotations.load` accepts (default: the bundled copy).
    spreadsheet_safe : bool, default True
        For ``csv`` only; see :func:`export_csv`.

    Example
    -------
    >>> import tempfile
    >>> len(export(tempfile.mkdtemp(), format="csv"))
    7
    """
    from .loader import load

    if format not in FORMATS:
        raise DatasetError(f"unknown export format {format!r}; choose one of {list(FORMATS)}.")
    dataset = load(source)
    if format == "parquet":
        return export_parquet(dataset, out_dir)
    return export_csv(dataset, out_dir, spreadsheet_safe=spreadsheet_safe)


def _duckdb() -> Any:
    try:
        import duckdb
    except ImportError as missing:
        raise DatasetError('DuckDB views need duckdb: pip install "csto-annotations[duckdb]" (or pip install duckdb).') from missing
    return duckdb


def _identifier(name: str) -> str:
    """Quote a SQL identifier."""
    return '"' + name.replace('"', '""') + '"'


def _literal(value: str) -> str:
    """Quote a SQL string literal."""
    return "'" + value.replace("'", "''") + "'"


def _select(schema: dict[str, Any] | None, columns: list[str]) -> str:
    """The view's column list: enum columns become DuckDB ENUMs in schema order."""
    fields = {f["name"]: f for f in (schema or {}).get("fields", [])}
    parts = []
    for column in columns:
        values = categories(fields[column]) if column in fields else None
        if values is not None and fields[column].get("type", "string") in _TEXT_TYPES:
            enum = ", ".join(_literal(str(v)) for v in values)
            parts.append(f"CAST({_identifier(column)} AS ENUM({enum})) AS {_identifier(column)}")
        else:
            parts.append(_identifier(column))
    return ", ".join(parts)


def _parquet_tables(dataset: "Dataset | None", parquet_dir: Path) -> dict[str, Path]:
    """Table name → Parquet file: every table of the dataset's package, or every file in the directory."""
    if dataset is not None:
        found = {name: parquet_dir / f"{name}.parquet" for name in dataset.schemas}
        missing = [str(path) for path in found.values() if not path.is_file()]
        if missing:
            raise MissingFileError(
                f"{missing[0]}: file not found ({len(missing)} of the {len(found)} tables have no Parquet file); "
                f"write them with `python -m csto_annotations export --format parquet --out {parquet_dir}`."
            )
        return found
    found = {p.stem: p for p in sorted(parquet_dir.glob("*.parquet"))}
    if not found:
        raise DatasetError(f"{parquet_dir}: no .parquet files; write them with `python -m csto_annotations export --format parquet --out {parquet_dir}`.")
    return found


def _refuse_shadowing(connection: Any, names: list[str]) -> None:
    """Refuse to hide a user's own table or view behind a temporary view of the same name."""
    taken = {
        row[0]
        for row in connection.execute(
            "SELECT table_name FROM duckdb_tables() WHERE NOT temporary "
            "UNION SELECT view_name FROM duckdb_views() WHERE NOT temporary AND NOT internal"
        ).fetchall()
    }
    clash = sorted(taken & set(names))
    if clash:
        raise DatasetError(
            f"the DuckDB connection already holds {clash}; the views would hide them. "
            "Use another connection (or database file), or drop or rename those objects."
        )


def _run(connection: Any, sql: str, where: str) -> None:
    """Execute ``sql``; DuckDB errors become DatasetError."""
    duckdb = _duckdb()
    try:
        connection.execute(sql)
    except duckdb.Error as error:
        raise DatasetError(f"{where}: DuckDB refused to create the view ({error}); use a connection without an object of that name.") from None


def to_duckdb(
    dataset: "Dataset | None",
    connection: Any = None,
    *,
    parquet_dir: str | os.PathLike[str] | None = None,
) -> Any:
    """A DuckDB connection with one view per table, for SQL joins.

    Parameters
    ----------
    dataset : Dataset or None
        The loaded tables. With ``parquet_dir`` it only supplies the table
        names and schemas, so ``load(tables=[])`` is enough; it may also be
        None (then every ``*.parquet`` file there becomes a view, and enums
        stay ``VARCHAR``).
    connection : duckdb.DuckDBPyConnection, optional
        Add the views to this connection (default: a new in-memory one).
    parquet_dir : str or PathLike, optional
        Out of core: the views read ``<parquet_dir>/<table>.parquet`` (as
        written by :func:`export_parquet`) instead of the tables in memory.

    Returns
    -------
    duckdb.DuckDBPyConnection
        With a temporary view per table. Types follow the Table Schemas:
        enums are DuckDB ``ENUM`` in schema order, dates ``DATE``, integers
        ``BIGINT`` (NULL where empty), text ``VARCHAR``.

    Raises
    ------
    DatasetError
        When duckdb (or pyarrow) is missing, a Parquet file is missing, or
        the connection already holds a table or view of the same name (the
        temporary views would hide it).

    Example
    -------
    >>> import csto_annotations
    >>> con = csto_annotations.load().to_duckdb()
    >>> con.execute("SELECT count(*) FROM claims").fetchone()[0] == len(csto_annotations.load().claims)
    True
    """
    if dataset is None and parquet_dir is None:
        raise DatasetError("to_duckdb needs a dataset, or parquet_dir= naming a directory of Parquet files.")
    connection = connection if connection is not None else _duckdb().connect(":memory:")
    schemas = dataset.schemas if dataset is not None else {}
    if parquet_dir is not None:
        files = _parquet_tables(dataset, Path(parquet_dir))
        _refuse_shadowing(connection, list(files))
        for name, path in files.items():
            columns = [c[0] for c in connection.execute(f"DESCRIBE SELECT * FROM read_parquet({_literal(str(path))})").fetchall()]
            sql = f"CREATE OR REPLACE TEMP VIEW {_identifier(name)} AS SELECT {_select(schemas.get(name), columns)} FROM read_parquet({_literal(str(path))})"
            _run(connection, sql, str(path))
        return connection
    from .arrow import to_arrow

    _refuse_shadowing(connection, list(dataset.tables))
    for name, frame in dataset.tables.items():
        hidden = f"__csto_arrow_{name}"
        connection.register(hidden, to_arrow(frame, schemas[name]))
        sql = f"CREATE OR REPLACE TEMP VIEW {_identifier(name)} AS SELECT {_select(schemas[name], list(frame.columns))} FROM {_identifier(hidden)}"
        _run(connection, sql, f"table {name!r}")
    return connection
