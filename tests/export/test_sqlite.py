"""SQLite export: read back with sqlite3 and Datasette; types, keys, CHECKs and spans as the CSVs say."""

from __future__ import annotations

import asyncio
import shutil
import sqlite3
from pathlib import Path
from typing import Any

import pytest
from exportkit import KEYS, SPAN_TABLES, Package

from csto_annotations._export import _sqlite

#: SQLite declared type of each Table Schema type, written out here.
SQL_TYPES = {"string": "TEXT", "integer": "INTEGER", "date": "TEXT", "number": "REAL", "boolean": "INTEGER"}


@pytest.fixture(scope="session")
def db_path(exported: Any) -> Path:
    return exported("_sqlite") / "csto-annotations.sqlite"


@pytest.fixture()
def db(db_path: Path) -> sqlite3.Connection:
    connection = sqlite3.connect(f"file:{db_path}?mode=ro", uri=True)
    yield connection
    connection.close()


def cell(value: Any) -> str:
    """A SQLite value as the CSV writes it."""
    return "" if value is None else str(value)


def test_every_table_has_the_csv_rows_cell_for_cell(db: sqlite3.Connection, pkg: Package) -> None:
    for table, rows in pkg.tables.items():
        columns = [f["name"] for f in pkg.schemas[table]["fields"]]
        cursor = db.execute(f"SELECT {', '.join(_sqlite.quote_name(c) for c in columns)} FROM {table} ORDER BY rowid")
        got = [dict(zip(columns, map(cell, row), strict=True)) for row in cursor]
        assert got == rows, table


def test_declared_types_not_null_and_primary_keys(db: sqlite3.Connection, pkg: Package) -> None:
    for table, schema in pkg.schemas.items():
        info = {row[1]: row for row in db.execute(f"PRAGMA table_info({table})")}
        assert list(info) == [f["name"] for f in schema["fields"]]
        for field in schema["fields"]:
            _, _, declared, notnull, _, pk = info[field["name"]]
            assert declared == SQL_TYPES[field["type"]], (table, field["name"])
            assert notnull == int(field.get("constraints", {}).get("required", False)), (table, field["name"])
            key = schema["primaryKey"]
            assert pk == (key.index(field["name"]) + 1 if field["name"] in key else 0), (table, field["name"])


def test_foreign_keys_are_declared_and_hold(db: sqlite3.Connection, pkg: Package) -> None:
    for table, schema in pkg.schemas.items():
        declared = {(r[2], r[3], r[4]) for r in db.execute(f"PRAGMA foreign_key_list({table})")}
        wanted = {
            (fk["reference"]["resource"], fk["fields"][0], fk["reference"]["fields"][0])
            for fk in schema.get("foreignKeys", [])
        }
        assert declared == wanted, table
    assert {(r[2], r[3], r[4]) for r in db.execute("PRAGMA foreign_key_list(texts)")} == {
        ("documents", "document_id", "document_id")
    }
    assert db.execute("PRAGMA foreign_key_check").fetchall() == []
    assert db.execute("PRAGMA integrity_check").fetchall() == [("ok",)]


def test_substr_of_the_text_is_exact_for_every_span(db: sqlite3.Connection, pkg: Package) -> None:
    for table in SPAN_TABLES:
        total, matching = db.execute(
            f'SELECT count(*), sum(substr(x.text, s.start + 1, s."end" - s.start) = s.exact) '
            f"FROM {table} s JOIN texts x USING (document_id)"
        ).fetchone()
        assert total == matching == len(pkg.rows(table)), table
    # The check means something only if spans lie after non-ASCII characters (byte ≠ code point).
    texts = pkg.texts
    assert any(not texts[r["document_id"]][: int(r["start"])].isascii() for r in pkg.rows("claims"))


def test_texts_table_holds_each_document_text(db: sqlite3.Connection, pkg: Package) -> None:
    assert dict(db.execute("SELECT document_id, text FROM texts")) == pkg.texts
    assert db.execute("SELECT length(text) FROM texts WHERE document_id = 'edm-4-191'").fetchone() == (
        len(pkg.texts["edm-4-191"]),
    )


@pytest.mark.parametrize(
    ("table", "column", "value"),
    [
        ("claims", "claim_type", "rumour"),
        ("quotes", "kind", "indirect"),
        ("mentions", "start", -1),
        ("claims", "event_date", "2007-13-45"),
        ("claims", "event_date", "October 6"),
        ("claims", "exact", ""),
    ],
)
def test_checks_reject_values_the_schema_forbids(
    db_path: Path, tmp_path: Path, table: str, column: str, value: Any
) -> None:
    copy = Path(shutil.copy(db_path, tmp_path / "copy.sqlite"))
    connection = sqlite3.connect(copy)
    key = KEYS[table]
    with pytest.raises(sqlite3.IntegrityError, match="CHECK constraint failed"):
        connection.execute(f'UPDATE {table} SET "{column}" = ? WHERE rowid = 1', (value,))
    connection.execute(f'UPDATE {table} SET "{key}" = "{key}" WHERE rowid = 1')  # a legal update still works
    connection.close()


def test_foreign_key_enforced_when_switched_on(db_path: Path, tmp_path: Path) -> None:
    connection = sqlite3.connect(shutil.copy(db_path, tmp_path / "copy.sqlite"))
    connection.execute("PRAGMA foreign_keys = ON")
    with pytest.raises(sqlite3.IntegrityError, match="FOREIGN KEY"):
        connection.execute("UPDATE mentions SET entity_id = 'no-such-entity' WHERE rowid = 1")
    connection.close()


def test_rewrite_replaces_the_file_and_leaves_no_scratch(dataset: Any, tmp_path: Path) -> None:
    out = tmp_path / "new" / "dir"
    first = _sqlite.write(dataset, out)
    second = _sqlite.write(dataset, out)
    assert first == second == [out / "csto-annotations.sqlite", out / "metadata.json"]
    assert sorted(p.name for p in out.iterdir()) == ["csto-annotations.sqlite", "metadata.json"]


def test_datasette_opens_the_file(db_path: Path, pkg: Package) -> None:
    from datasette.app import Datasette

    async def probe() -> tuple[Any, Any, Any]:
        app = Datasette([str(db_path)], immutables=[])
        await app.invoke_startup()
        database = app.get_database("csto-annotations")
        tables = set(await database.table_names())
        count = (await database.execute("SELECT count(*) FROM claims")).first()[0]
        response = await app.client.get("/csto-annotations/quotes.json?_shape=array&_size=max")
        return tables, count, (response.status_code, response.json())

    tables, count, (status, quotes) = asyncio.run(probe())
    assert tables == set(pkg.tables) | {"texts", "_metadata"}
    assert count == len(pkg.rows("claims"))
    assert status == 200
    assert [q["quote_id"] for q in quotes] == [r["quote_id"] for r in pkg.rows("quotes")]
    assert [q["exact"] for q in quotes] == [r["exact"] for r in pkg.rows("quotes")]
