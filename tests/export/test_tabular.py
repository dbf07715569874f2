"""Parquet and spreadsheet-safe CSV exports, DuckDB tables, and the documented query in pandas and SQL."""

from __future__ import annotations

import csv
import io
import json
import os
import re
import subprocess
import sys
from pathlib import Path

import duckdb
import pyarrow as pa
import pyarrow.parquet as pq
import pytest

import csto_annotations
from csto_annotations import DatasetError, MissingFileError, build
from helpers import REPO, TABLES, read_rows
from helpers import SCALE_N as N

SCALING_MD = REPO / "docs" / "scaling.md"


def cli(*args: str) -> subprocess.CompletedProcess:
    env = {**os.environ, "PYTHONPATH": str(REPO / "src")}
    return subprocess.run(
        [sys.executable, "-m", "csto_annotations", *args], capture_output=True, text=True, env=env, timeout=120
    )


def schema_of(root: Path, table: str) -> dict:
    return json.loads((root / "schemas" / f"{table}.schema.json").read_text("utf-8"))


def csv_cells(path: Path, encoding: str = "utf-8") -> list[dict[str, str]]:
    header, *body = list(csv.reader(io.StringIO(path.read_bytes().decode(encoding), newline="")))
    return [dict(zip(header, row)) for row in body]


# --- Parquet -------------------------------------------------------------

#: What each Table Schema type must become in Parquet, written out here rather
#: than taken from csto_annotations.arrow.
ARROW = {
    "string": pa.string(),
    "integer": pa.int64(),
    "number": pa.float64(),
    "boolean": pa.bool_(),
    "date": pa.date32(),
}


@pytest.fixture(scope="module")
def parquet_dir(real: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("parquet")
    result = cli("export", "--format", "parquet", "--out", str(out), str(real))
    assert result.returncode == 0, result.stderr
    assert result.stdout.count("wrote ") == len(TABLES)
    return out


def test_one_parquet_file_per_table(parquet_dir: Path) -> None:
    assert sorted(p.name for p in parquet_dir.iterdir()) == sorted(f"{t}.parquet" for t in TABLES)


@pytest.mark.parametrize("table", TABLES)
def test_parquet_types_follow_the_table_schema(real: Path, parquet_dir: Path, table: str) -> None:
    schema = pq.read_schema(parquet_dir / f"{table}.parquet")
    fields = schema_of(real, table)["fields"]
    assert schema.names == [f["name"] for f in fields]
    for field in fields:
        column = schema.field(field["name"])
        constraints = field.get("constraints", {})
        ordered = bool(field.get("categoriesOrdered"))
        expected = (
            pa.dictionary(pa.int32(), pa.string(), ordered=ordered) if "enum" in constraints else ARROW[field["type"]]
        )
        assert column.type == expected, field["name"]
        assert column.nullable == (not constraints.get("required", False)), field["name"]
        if "enum" in constraints:
            dictionary = (
                pq.read_table(parquet_dir / f"{table}.parquet").column(field["name"]).combine_chunks().dictionary
            )
            assert dictionary.to_pylist() == constraints["enum"], "codes follow the schema order"


def _as_csv_cell(value: object) -> str:
    """Render a Parquet value the way data/*.csv writes it."""
    if value is None:
        return ""
    if hasattr(value, "isoformat"):
        return value.isoformat()
    return str(value)


@pytest.mark.parametrize("table", TABLES)
def test_parquet_values_equal_the_csv(real: Path, parquet_dir: Path, table: str) -> None:
    from_parquet = pq.read_table(parquet_dir / f"{table}.parquet").to_pylist()
    from_csv = csv_cells(real / "data" / f"{table}.csv")
    assert [{k: _as_csv_cell(v) for k, v in row.items()} for row in from_parquet] == from_csv


# --- spreadsheet-safe CSV ------------------------------------------------

FORMULAS = ['=HYPERLINK("http://example.invalid","x")', "+1+1", "-2", "@SUM(A1:A2)", "\tx", "\rx", "＝1", "＠x"]


@pytest.fixture()
def formula_package(package: Path) -> Path:
    """The fixture package with formula-like descriptions in the first entities rows.

    Every cell is quoted, so that the cell holding a bare CR stays one cell.
    """
    path = package / "data" / "entities.csv"
    header, *body = read_rows(path)
    for row, value in zip(body, FORMULAS):
        row[header.index("description")] = value
    buffer = io.StringIO(newline="")
    csv.writer(buffer, lineterminator="\n", quoting=csv.QUOTE_ALL).writerows([header, *body])
    path.write_bytes(buffer.getvalue().encode("utf-8"))
    build(package)
    return package


#: What a spreadsheet may run as a formula at the start of a cell (OWASP's CSV injection triggers, and their
#: full-width forms), written out here rather than read from the exporter under test.
TRIGGERS = ("=", "+", "-", "@", "\t", "\r", "\uff1d", "\uff0b", "\uff0d", "\uff20")


def neutral(cell: str) -> bool:
    return not cell.startswith(TRIGGERS)


def test_csv_export_neutralizes_formulas_in_every_cell(formula_package: Path, tmp_path: Path) -> None:
    result = cli("export", "--format", "csv", "--out", str(tmp_path), str(formula_package))
    assert result.returncode == 0, result.stderr
    raw = (tmp_path / "entities.csv").read_bytes()
    assert raw.startswith(b'\xef\xbb\xbf"entity_id",')
    exported = csv_cells(tmp_path / "entities.csv", encoding="utf-8-sig")
    original = csv_cells(formula_package / "data" / "entities.csv")
    assert [r["description"] for r in exported[: len(FORMULAS)]] == ["'" + f for f in FORMULAS]
    for before, after in zip(original[len(FORMULAS) :], exported[len(FORMULAS) :]):
        assert after == before, "cells that are not formula-like are unchanged"
    for table in TABLES:
        rows = list(csv.reader(io.StringIO((tmp_path / f"{table}.csv").read_text("utf-8-sig"), newline="")))
        assert all(neutral(cell) for row in rows for cell in row), table


def test_numbers_and_header_cells_are_neutralized_too(tmp_path: Path) -> None:
    from csto_annotations._export._tabular import neutralize

    assert neutralize(["-3", "+3", "3", "=x", "\tx"]) == ["'-3", "'+3", "3", "'=x", "'\tx"]
    ds = csto_annotations.load()
    frame = ds.claims.copy()
    frame.loc[0, "start"] = -1  # a negative number would run as a formula
    fake = csto_annotations.Dataset(ds.descriptor, dict(ds.schemas), {"claims": frame}, dict(ds.texts),
                                    root=ds.root, verify="full")  # fmt: skip
    fake.export("csv", tmp_path)
    rows = list(csv.reader(io.StringIO((tmp_path / "claims.csv").read_text("utf-8-sig"), newline="")))
    assert rows[1][rows[0].index("start")] == "'-1"


def test_export_usage_errors(real: Path, tmp_path: Path) -> None:
    assert cli("export", "--format", "xlsx", "--out", str(tmp_path)).returncode == 2
    assert cli("export", "--format", "csv").returncode == 2
    missing = cli("export", "--out", str(tmp_path / "o"), str(tmp_path / "nowhere"))
    assert missing.returncode == 1 and missing.stderr.startswith("error: ") and "Traceback" not in missing.stderr


# --- DuckDB ----------------------------------------------------------------


def duckdb_type(field: dict) -> str:
    """The DuckDB type a column must have, from the Table Schema."""
    enum = field.get("constraints", {}).get("enum")
    if enum:
        return "ENUM(" + ", ".join(f"'{v}'" for v in enum) + ")"
    return {"string": "VARCHAR", "integer": "BIGINT", "date": "DATE", "number": "DOUBLE", "boolean": "BOOLEAN"}[
        field["type"]
    ]


def assert_typed(con: duckdb.DuckDBPyConnection, root: Path) -> None:
    for table in TABLES:
        described = [(r[0], r[1]) for r in con.sql(f'DESCRIBE "{table}"').fetchall()]
        assert described == [(f["name"], duckdb_type(f)) for f in schema_of(root, table)["fields"]], table
        assert (
            con.sql(f'SELECT count(*) FROM "{table}"').fetchall()[0][0]
            == len(read_rows(root / "data" / f"{table}.csv")) - 1
        )


def objects(con: duckdb.DuckDBPyConnection) -> list[str]:
    return sorted(r[0] for r in con.sql(
        "SELECT table_name FROM duckdb_tables() UNION ALL SELECT view_name FROM duckdb_views() WHERE NOT internal"
    ).fetchall())  # fmt: skip


def test_duckdb_holds_only_the_tables_and_texts(real: Path) -> None:
    con = csto_annotations.load(real).to_duckdb()
    assert objects(con) == sorted([*TABLES, "texts"])
    assert_typed(con, real)
    text = (real / "data" / "texts" / "edm-4-191.txt").read_text("utf-8")
    assert con.sql("SELECT document_id, text FROM texts").fetchall() == [("edm-4-191", text)]
    spans = con.sql("SELECT count(*) FROM mentions m JOIN texts t USING (document_id) "
                    "WHERE substr(t.text, m.start + 1, m.end - m.start) = m.exact").fetchall()[0][0]  # fmt: skip
    assert spans == len(read_rows(real / "data" / "mentions.csv")) - 1


def test_duckdb_views_over_parquet(real: Path, parquet_dir: Path) -> None:
    con = csto_annotations.load(real).to_duckdb(parquet_dir=parquet_dir)
    assert objects(con) == sorted([*TABLES, "texts"])
    assert_typed(con, real)


def test_duckdb_on_a_given_connection(real: Path, tmp_path: Path) -> None:
    con = duckdb.connect(str(tmp_path / "db.duckdb"))
    assert csto_annotations.load(real).to_duckdb(con) is con
    assert csto_annotations.load(real).to_duckdb(con) is con, "running it again replaces its own tables"
    assert (
        con.sql("SELECT count(*) FROM entities").fetchall()[0][0] == len(read_rows(real / "data" / "entities.csv")) - 1
    )
    taken = duckdb.connect()
    taken.execute("CREATE TABLE claims (x INTEGER)")
    with pytest.raises(DatasetError, match=r"already holds \['claims'\]"):
        csto_annotations.load(real).to_duckdb(taken)
    with pytest.raises(MissingFileError, match="documents.parquet: file not found"):
        csto_annotations.load(real).to_duckdb(parquet_dir=tmp_path)


# --- the documented query: pandas and DuckDB agree ---------------------------


def documented(engine: str) -> str:
    """The code block after ``<!-- query: ENGINE -->`` in docs/scaling.md."""
    match = re.search(rf"<!-- query: {engine} -->\s*```python\n(.*?)```", SCALING_MD.read_text("utf-8"), re.S)
    assert match, f"docs/scaling.md has no block for {engine}"
    return match.group(1)


def plain(frame) -> list[tuple[str, str, str, int]]:
    return [(str(a), str(b), str(c), int(d)) for a, b, c, d in frame.itertuples(index=False)]


def run_documented_queries(source: Path) -> tuple[list, list]:
    """Run the pandas and the DuckDB block on ``source``; return both results."""
    namespace: dict = {}
    exec(documented("pandas").replace("csto_annotations.load()", f"csto_annotations.load({str(source)!r})"), namespace)
    exec(documented("duckdb"), namespace)
    return plain(namespace["per_source"]), plain(namespace["per_source_sql"])


def expected_counts(root: Path) -> dict[tuple[str, str], int]:
    """(source entity, claim_type) → claims, counted from the CSV with the csv module."""
    counts: dict[tuple[str, str], int] = {}
    for row in csv_cells(root / "data" / "claims.csv"):
        if row["source_entity_id"]:
            key = (row["source_entity_id"], row["claim_type"])
            counts[key] = counts.get(key, 0) + 1
    return counts


def test_pandas_and_duckdb_agree_on_the_real_data(real: Path) -> None:
    with_pandas, with_duckdb = run_documented_queries(real)
    assert with_pandas == with_duckdb
    assert {(s, t): n for s, _, t, n in with_pandas} == expected_counts(real)
    order = schema_of(real, "claims")["fields"][6]["constraints"]["enum"]
    assert [(s, order.index(t)) for s, _, t, _ in with_pandas] == sorted(
        (s, order.index(t)) for s, _, t, _ in with_pandas
    )


def test_pandas_and_duckdb_agree_on_a_scaled_package(real: Path, scaled: Path) -> None:
    with_pandas, with_duckdb = run_documented_queries(scaled)
    assert with_pandas == with_duckdb
    real_rows, _ = run_documented_queries(real)
    assert with_pandas == [(s, name, t, N * n) for s, name, t, n in real_rows]


def test_duckdb_over_parquet_of_a_scaled_package(scaled: Path, tmp_path: Path) -> None:
    ds = csto_annotations.load(scaled)
    ds.export("parquet", tmp_path)
    con = ds.to_duckdb(parquet_dir=tmp_path)
    sql = re.search(r'con\.sql\("""(.*?)"""\)', documented("duckdb"), re.S).group(1)
    with_pandas, _ = run_documented_queries(scaled)
    assert plain(con.sql(sql).df()) == with_pandas
