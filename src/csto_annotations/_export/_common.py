"""Helpers shared by the exports: output folders, plain records, span rows, SQL names.

Every exporter turns pandas cells into plain Python values the same way
(:func:`table_records`): missing cells become ``None``, categories their
string, dates ``YYYY-MM-DD`` text and integers ``int``, so SQLite, JSON,
msgpack (spaCy) and brat all see the same values as the CSV files.

Example
-------
>>> import pandas as pd
>>> from types import SimpleNamespace
>>> frame = pd.DataFrame({"n": pd.array([1, None], dtype="Int64")})
>>> ds = SimpleNamespace(tables={"t": frame}, schemas={"t": {"fields": [{"name": "n", "type": "integer"}]}})
>>> table_records(ds, "t")
[{'n': 1}, {'n': None}]
"""

from __future__ import annotations

import json
import re
from collections import defaultdict
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from .._atomic import atomic_write_bytes
from .._base._errors import DatasetError, UnsafePathError
from .._base._fields import DATE_FORMAT, TYPES
from .._base._reads import SPAN_TABLES
from ._staging import check_out_dir

#: The table (or config) of the document texts that several exports add beside the dataset's tables.
TEXTS = "texts"
# A document ID that is safe as a file name on every platform.
_SAFE_NAME = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]{0,200}")


def provenance(ds: Any) -> dict[str, str]:
    """Name, title, version, licence and descriptor hash of the dataset, as every export records them.

    The keys are the same in every format (the SQLite ``_metadata`` table, the
    Parquet key-value metadata, brat's ``provenance.json``, the Datasette and
    Web Annotation metadata): ``name``, ``title``, ``version``, ``license``
    (the licence names, ``; ``-separated), ``license_url`` (their paths) and
    ``descriptor_sha256`` (``sha256:<hex>`` of the ``datapackage.json`` bytes
    the dataset was read from; left out when it was not read from a file).

    Example
    -------
    >>> import csto_annotations
    >>> facts = provenance(csto_annotations.load(tables=[]))
    >>> facts["license"], facts["descriptor_sha256"][:7]
    ('CC-BY-4.0', 'sha256:')
    """
    licences = ds.descriptor.get("licenses", [])
    facts = {
        "name": ds.name,
        "title": ds.title,
        "version": ds.version,
        "license": "; ".join(str(lic.get("name") or lic.get("title", "")) for lic in licences),
        "license_url": "; ".join(str(lic["path"]) for lic in licences if lic.get("path")),
    }
    if getattr(ds, "descriptor_sha256", None):
        facts["descriptor_sha256"] = str(ds.descriptor_sha256)
    return facts


def write_files(out_dir: Path, files: Mapping[str, Any]) -> list[Path]:
    """Create ``out_dir`` (and its parents), write ``files`` into it atomically, and return their paths in order.

    Each file is name → content: bytes, text (written as UTF-8) or a JSON value
    (written with an indent of 1, as UTF-8 and with a final newline). A name may
    start with one folder (``data/claims.parquet``), which is created.

    Raises
    ------
    DatasetError
        When ``out_dir`` cannot be used as a folder (see :func:`._staging.check_out_dir`).

    Example
    -------
    >>> import tempfile, pathlib
    >>> [p.name for p in write_files(pathlib.Path(tempfile.mkdtemp()) / "a" / "b", {"x.json": {"k": 1}})]
    ['x.json']
    """
    out = Path(out_dir)
    check_out_dir(out)
    out.mkdir(parents=True, exist_ok=True)
    for name, content in files.items():
        if not isinstance(content, (str, bytes)):
            content = json.dumps(content, ensure_ascii=False, indent=1) + "\n"
        (out / name).parent.mkdir(exist_ok=True)
        atomic_write_bytes(out / name, content.encode("utf-8") if isinstance(content, str) else content)
    return [out / name for name in files]


def refuse_clashes(ds: Any, where: str, own: tuple[str, ...], prefix: str = "", columns: bool = True) -> None:
    """Refuse table names a format keeps for itself, and column names it cannot tell apart.

    SQL databases (SQLite, DuckDB) compare names without case and hold no NUL in
    a name; ``own`` are the tables the export adds (``texts``...), ``prefix`` the
    names the database reserves (``sqlite_``); ``columns=False`` checks the tables only.

    Raises
    ------
    DatasetError
        Naming the table or the two columns, before anything is written.

    Example
    -------
    >>> import csto_annotations
    >>> refuse_clashes(csto_annotations.load(), "db", ("texts",))
    """
    for name in ds.tables:
        if name.lower() in own or (prefix and name.lower().startswith(prefix)):
            reserved = ", ".join(own + ((prefix + "…",) if prefix else ()))
            raise DatasetError(f"{where}: the dataset has a table named {name!r}, a name the export keeps for its own "
                               f"tables ({reserved}); rename that resource.")  # fmt: skip
        seen: dict[str, str] = {}
        for column in (str(f["name"]) for f in ds.schemas[name]["fields"] if columns):
            if "\x00" in column or column.lower() in seen:
                raise DatasetError(f"{where}: table {name!r} has the columns {seen.get(column.lower(), column)!r} and "
                                   f"{column!r}, which a database cannot tell apart (it ignores case and holds no "
                                   "NUL in a name); rename one in the Table Schema.")  # fmt: skip
            seen[column.lower()] = column


def table_records(ds: Any, table: str) -> list[dict[str, Any]]:
    """The rows of ``ds.<table>`` as dicts of plain values, in the schema's column order.

    Examples
    --------
    >>> import csto_annotations
    >>> table_records(csto_annotations.load(tables=["documents"]), "documents")[0]["document_id"]
    'edm-4-191'
    >>> import pandas as pd
    >>> from types import SimpleNamespace
    >>> frame = pd.DataFrame({"d": pd.to_datetime(["2007-10-06"])})
    >>> schema = {"fields": [{"name": "d", "type": "date"}]}
    >>> table_records(SimpleNamespace(tables={"t": frame}, schemas={"t": schema}), "t")
    [{'d': '2007-10-06'}]
    """
    frame, columns = ds.tables[table], {}
    for field in (f for f in ds.schemas[table]["fields"] if f["name"] in frame.columns):
        series = frame[field["name"]]
        missing = series.isna().to_numpy().tolist()
        if field["type"] == "date":
            series = series.dt.strftime(DATE_FORMAT)
        convert, values = TYPES[field["type"]].plain, series.astype(object).tolist()
        columns[field["name"]] = [None if m else convert(v) for v, m in zip(values, missing, strict=True)]
    return [dict(zip(columns, row, strict=True)) for row in zip(*columns.values(), strict=True)]


def span_rows(ds: Any) -> dict[str, dict[str, list[dict[str, Any]]]]:
    """Document ID → span table → its rows (see :func:`table_records`), for the span tables loaded.

    Example
    -------
    >>> import csto_annotations
    >>> span_rows(csto_annotations.load())["edm-4-191"]["mentions"][0]["mention_id"]
    'MN-0001'
    """
    grouped: dict[str, dict[str, list[dict[str, Any]]]] = defaultdict(lambda: defaultdict(list))
    for table in (t for t in SPAN_TABLES if t in ds.tables):
        for row in table_records(ds, table):
            grouped[row["document_id"]][table].append(row)
    return grouped


def quote_name(name: str) -> str:
    """Quote an SQL identifier (``"end"`` is a keyword).

    Example
    -------
    >>> quote_name('a"b')
    '"a""b"'
    """
    return '"' + name.replace('"', '""') + '"'


def sql_literal(value: Any) -> str:
    """An SQL literal for a constraint value: a number as it is, anything else as quoted text.

    Example
    -------
    >>> sql_literal(3), sql_literal("it's")
    ('3', "'it''s'")
    """
    return repr(value) if isinstance(value, (int, float)) else "'" + str(value).replace("'", "''") + "'"


def safe_file_stem(document_id: str) -> str:
    """Return ``document_id`` if it can be used as a file name, else raise.

    Example
    -------
    >>> safe_file_stem("edm-4-191")
    'edm-4-191'
    """
    if not _SAFE_NAME.fullmatch(document_id) or document_id in (".", ".."):
        raise UnsafePathError(
            f"documents.document_id {document_id!r} cannot be used as a file name (expected letters, digits, "
            "'.', '_' or '-', starting with a letter or digit); fix the documents table."
        )
    return document_id
