"""SQLite: one ``csto-annotations.sqlite`` file for sqlite3, Datasette and any SQL client.

Each table becomes a SQLite table typed from its Table Schema:

=====================  ==========================================================
Table Schema           SQLite
=====================  ==========================================================
``string``             ``TEXT``
``integer``            ``INTEGER``
``number``             ``REAL``
``boolean``            ``INTEGER`` with ``CHECK (col IN (0, 1))``
``date``               ``TEXT`` ``YYYY-MM-DD`` with ``CHECK (date(col) IS col)``
``required``           ``NOT NULL``
``unique``             ``UNIQUE``
enum / categories      ``CHECK (col IN (...))``
``minimum``/``maximum`` ``CHECK (col >= n)`` / ``CHECK (col <= n)``
``minLength``          ``CHECK (length(col) >= n)``
``primaryKey``         ``PRIMARY KEY (...)``
``foreignKeys``        ``FOREIGN KEY (...) REFERENCES table (...)``
=====================  ==========================================================

``pattern`` constraints are not translated: SQLite has no regular expressions
built in. Column titles and descriptions are kept as SQL comments in the
``CREATE TABLE`` statement (``SELECT sql FROM sqlite_master``).

A ``_metadata`` table (``key``, ``value``) holds the dataset's provenance:
``name``, ``title``, ``version``, ``license``, ``license_url`` and
``descriptor_sha256`` (see :func:`._common.provenance`). Beside the file,
``metadata.json`` gives Datasette the title, description, licence and source
from the descriptor and every table's and column's title and description
from the Table Schemas (``datasette csto-annotations.sqlite -m metadata.json``).

A ``texts`` table holds each document's text. SQLite's ``substr`` and
``length`` count characters of UTF-8 text, which are the Unicode code points
the offsets count, so ``substr(text, start + 1, "end" - start) = exact``
holds for every span row. The file is built in a temporary folder, checked
with ``PRAGMA foreign_key_check``, and then written atomically into place.

Example
-------
>>> import sqlite3, tempfile, pathlib, csto_annotations
>>> path = write(csto_annotations.load(), pathlib.Path(tempfile.mkdtemp()))[0]
>>> con = sqlite3.connect(path)
>>> con.execute("SELECT count(*) FROM claims").fetchone() == (len(csto_annotations.load().claims),)
True
"""

from __future__ import annotations

import sqlite3
import tempfile
from contextlib import closing
from pathlib import Path
from typing import Any

from .._base._errors import DatasetError
from .._base._fields import TYPES, categories, is_required
from ._arrow import TEXTS_SCHEMA
from ._common import TEXTS, provenance, quote_name, refuse_clashes, sql_literal, table_records, write_files

FILE_NAME = "csto-annotations.sqlite"
#: The Datasette metadata file written beside the database.
METADATA_FILE = "metadata.json"
#: The table of the dataset's provenance, one ``key``/``value`` row per fact.
METADATA_TABLE = "_metadata"


def _comment(field: dict[str, Any]) -> str:
    """The field's title and description as one SQL line comment."""
    text = ": ".join(str(field[k]) for k in ("title", "description") if field.get(k))
    return (" -- " + " ".join(text.split())) if text else ""


def _column(field: dict[str, Any], single_key: bool) -> str:
    """One column definition, with CHECK constraints that translate the field's constraints."""
    name, constraints, values = quote_name(field["name"]), field.get("constraints", {}), categories(field)
    parts = [name, TYPES[field["type"]].sqlite]
    if is_required(field):
        parts.append("NOT NULL")
    if constraints.get("unique") and not single_key:
        parts.append("UNIQUE")
    if values is not None:
        parts.append(f"CHECK ({name} IN ({', '.join(sql_literal(v) for v in values)}))")
    if field.get("type") == "boolean":
        parts.append(f"CHECK ({name} IN (0, 1))")
    if field.get("type") == "date":
        parts.append(f"CHECK (date({name}) IS {name})")
    for key, op in (("minimum", ">="), ("maximum", "<=")):
        if key in constraints:  # the profile and the engine allow bounds on integers and numbers only
            parts.append(f"CHECK ({name} {op} {sql_literal(constraints[key])})")
    if "minLength" in constraints:  # the profile allows a count only
        parts.append(f"CHECK (length({name}) >= {constraints['minLength']})")
    return " ".join(parts)


def create_table_sql(table: str, schema: dict[str, Any]) -> str:
    """The ``CREATE TABLE`` statement for one Table Schema.

    Example
    -------
    >>> print(create_table_sql("t", {"fields": [{"name": "k", "type": "string",
    ...     "constraints": {"enum": ["a", "b"]}}], "primaryKey": ["k"]}))
    CREATE TABLE "t" (
      "k" TEXT CHECK ("k" IN ('a', 'b')),
      PRIMARY KEY ("k")
    )
    """
    key = schema.get("primaryKey", [])
    items = [(_column(f, key == [f["name"]]), _comment(f)) for f in schema["fields"]]
    if key:
        items.append((f"PRIMARY KEY ({', '.join(quote_name(k) for k in key)})", ""))
    for fk in schema.get("foreignKeys", []):
        ref = fk["reference"]
        items.append((f"FOREIGN KEY ({', '.join(map(quote_name, fk['fields']))}) REFERENCES "
                       f"{quote_name(ref['resource'])} ({', '.join(map(quote_name, ref['fields']))})", ""))  # fmt: skip
    # Commas separate definitions; each comment follows its comma, to the end of the line.
    lines = [d + ("," if i < len(items) - 1 else "") + c for i, (d, c) in enumerate(items)]
    return f"CREATE TABLE {quote_name(table)} (\n  " + "\n  ".join(lines) + "\n)"


#: The table the export adds, as a Table Schema: its SQL and its Datasette descriptions come from here.
_METADATA_SCHEMA: dict[str, Any] = {
    "description": "The dataset's provenance: name, title, version, licence and the sha256 of its datapackage.json.",
    "fields": [
        {"name": "key", "type": "string", "description": "The fact: name, title, version, license, license_url "
         "or descriptor_sha256.", "constraints": {"required": True}},
        {"name": "value", "type": "string", "description": "Its value, from datapackage.json.",
         "constraints": {"required": True}},
    ],
    "primaryKey": ["key"],
}  # fmt: skip


def _fill(connection: sqlite3.Connection, ds: Any) -> None:
    """Create and fill every table, the texts and metadata tables and the foreign-key indexes."""
    connection.execute(create_table_sql(METADATA_TABLE, _METADATA_SCHEMA))
    connection.executemany(f'INSERT INTO "{METADATA_TABLE}" VALUES (?, ?)', provenance(ds).items())
    for table in ds.tables:
        schema = ds.schemas[table]
        connection.execute(create_table_sql(table, schema))
        marks = ", ".join("?" * len(schema["fields"]))
        rows = [tuple(r.values()) for r in table_records(ds, table)]  # in the schema's column order
        connection.executemany(f"INSERT INTO {quote_name(table)} VALUES ({marks})", rows)
        for number, fk in enumerate(schema.get("foreignKeys", [])):
            columns = ", ".join(map(quote_name, fk["fields"]))
            connection.execute(f"CREATE INDEX {quote_name(f'_{table}_fk{number}')} ON {quote_name(table)} ({columns})")
    if "documents" in ds.tables:
        connection.execute(create_table_sql(TEXTS, TEXTS_SCHEMA))
        connection.executemany(f"INSERT INTO {TEXTS} VALUES (?, ?)", ds.texts.items())


def datasette_metadata(ds: Any) -> dict[str, Any]:
    """Datasette's metadata for the database: the descriptor's facts and every schema's descriptions.

    Example
    -------
    >>> import csto_annotations
    >>> meta = datasette_metadata(csto_annotations.load())
    >>> meta["license"], sorted(meta["databases"]["csto-annotations"]["tables"])[:2]
    ('CC-BY-4.0', ['_metadata', 'citations'])
    """
    descriptor, facts = ds.descriptor, provenance(ds)
    meta: dict[str, Any] = {"title": ds.title, "description": str(descriptor.get("description", ""))}
    meta.update({k: facts[k] for k in ("license", "license_url") if facts[k]})
    first = (descriptor.get("sources") or [{}])[0]  # Datasette names one source
    meta.update({k: v for k, v in (("source", first.get("title")), ("source_url", first.get("path"))) if v})
    schemas = {name: ds.schemas[name] for name in ds.tables}
    if "documents" in ds.tables:
        schemas[TEXTS] = TEXTS_SCHEMA
    schemas[METADATA_TABLE] = _METADATA_SCHEMA
    tables: dict[str, Any] = {}
    for name, schema in schemas.items():
        tables[name] = {k: " ".join(str(schema[k]).split()) for k in ("title", "description") if schema.get(k)}
        columns = {f["name"]: " ".join(str(f["description"]).split()) for f in schema["fields"] if f.get("description")}
        tables[name]["columns"] = columns
    return {**meta, "databases": {Path(FILE_NAME).stem: {"tables": tables}}}


def write(ds: Any, out_dir: Path) -> list[Path]:
    """Write ``<out_dir>/csto-annotations.sqlite`` and Datasette's ``metadata.json`` beside it.

    Parameters
    ----------
    ds : Dataset
        The loaded dataset.
    out_dir : pathlib.Path
        Created if missing; an existing file is replaced atomically.

    Returns
    -------
    list of pathlib.Path
        The database and ``metadata.json``.

    Raises
    ------
    DatasetError
        When ``out_dir`` cannot be used, a table is named ``_metadata``,
        ``texts`` or ``sqlite_…``, two columns differ only in case, or a
        foreign key points at no row.

    Example
    -------
    >>> import sqlite3, tempfile, pathlib, csto_annotations
    >>> path = write(csto_annotations.load(), pathlib.Path(tempfile.mkdtemp()))[0]
    >>> sqlite3.connect(path).execute("PRAGMA foreign_key_check").fetchall()
    []
    """
    # The export's own tables are _metadata and texts, and its indexes _<table>_fk<n> (no resource name starts
    # with _); SQLite reserves sqlite_… and compares names without case.
    refuse_clashes(ds, FILE_NAME, (METADATA_TABLE, TEXTS), prefix="sqlite_")
    # Built in the system's temporary folder, so a killed export leaves nothing in out_dir.
    with tempfile.TemporaryDirectory(prefix="csto-sqlite-") as work, closing(sqlite3.connect(Path(work) / "db")) as db:
        with db:
            _fill(db, ds)
        problems = db.execute("PRAGMA foreign_key_check").fetchall()
        if problems:
            table, rowid, parent, _ = problems[0]
            raise DatasetError(f"{FILE_NAME}: {len(problems)} foreign-key violation(s), the first in table {table!r} "
                               f"row {rowid} (no matching row in {parent!r}); load the dataset with validation on "
                               "and fix the tables.")  # fmt: skip
        db.close()
        database = (Path(work) / "db").read_bytes()
    return write_files(out_dir, {FILE_NAME: database, METADATA_FILE: datasette_metadata(ds)})
