"""Stata and SPSS exports, read back with pyreadstat and with R's haven, held to the CSVs cell for cell.

Expected values come from the package's CSVs, schemas and texts (``exportkit``), never from the
exporter; names follow the rule written out here (a reserved name gets ``_var``).
"""

from __future__ import annotations

import csv
import datetime
import hashlib
import io
import json
import math
import os
import struct
import subprocess
import sys
from pathlib import Path
from typing import Any

import pandas as pd
import pyreadstat
import pytest
from exportkit import SPAN_TABLES, Package, read_package

import csto_annotations
from csto_annotations import DatasetError, OptionalDependencyError
from csto_annotations._export._stata import original_name
from helpers import REPO
from hostile import edits

SUFFIX = {"stata": ".dta", "spss": ".sav"}
READ = {"stata": pyreadstat.read_dta, "spss": pyreadstat.read_sav}
DATE_FORMAT = {"stata": "%td", "spss": "DATE11"}
HAVEN_DUMP = Path(__file__).with_name("haven_dump.R")
# Storage type codes of a Stata 118 file (Stata's dta format documentation).
STRL, LONG, DOUBLE = 32768, 65528, 65526


def rscript(*args: str) -> str:
    done = subprocess.run(["Rscript", *args], capture_output=True, text=True, timeout=600, check=False)
    assert done.returncode == 0, done.stderr[-3000:]
    return done.stdout


def export(ds: Any, fmt: str, out: Path) -> Path:
    ds.export(fmt, out)
    return out


def expected_tables(pkg: Package) -> dict[str, list[dict[str, str]]]:
    """Every table's CSV rows, and the texts as the export's ``texts`` table."""
    texts = [{"document_id": doc, "text": text} for doc, text in pkg.texts.items()]
    return {**pkg.tables, "texts": texts}


def fields(pkg: Package, table: str) -> list[dict[str, Any]]:
    if table == "texts":
        return [{"name": "document_id", "type": "string", "title": "Document ID"},
                {"name": "text", "type": "string", "title": "Text"}]  # fmt: skip
    return list(pkg.schemas[table]["fields"])


def enum_of(field: dict[str, Any]) -> list[str] | None:
    values = field.get("categories") or field.get("constraints", {}).get("enum")
    return [v["value"] if isinstance(v, dict) else v for v in values] if values else None


def variable(name: str) -> str:
    """The documented rule, written out: a reserved name gets ``_var``."""
    reserved = {"with", "in", "by", "all", "and", "or", "not", "to", "if", "using", "long", "int", "byte", "double"}
    return name + "_var" if name.casefold() in reserved else name


def missing(value: Any) -> bool:
    return value is None or (isinstance(value, float) and math.isnan(value))


def as_csv_cell(value: Any, field: dict[str, Any], value_labels: dict[Any, str] | None) -> str:
    """A value pyreadstat read, written as the package's CSV writes it."""
    if missing(value):
        return ""
    if value_labels is not None:
        return value_labels[value]
    if isinstance(value, datetime.date):
        return value.isoformat()
    if field.get("type") == "integer":
        assert float(value) == int(value), value
        return str(int(value))
    return str(value)


def read_back(folder: Path, fmt: str, table: str, pkg: Package) -> tuple[list[dict[str, str]], Any, Any]:
    frame, meta = READ[fmt](folder / f"{table}{SUFFIX[fmt]}")
    rows = []
    names = {f["name"]: variable(f["name"]) for f in fields(pkg, table)}
    assert list(frame.columns) == list(names.values())
    columns = {
        name: [as_csv_cell(v, f, meta.variable_value_labels.get(names[name])) for v in frame[names[name]].tolist()]
        for f in fields(pkg, table)
        for name in [f["name"]]
    }
    rows = [dict(zip(columns, row)) for row in zip(*columns.values())]
    return rows, frame, meta


def dta_types(path: Path) -> dict[str, int]:
    """Variable name → storage type code, read from a Stata 118 file's header."""
    data = path.read_bytes()
    assert data.startswith(b"<stata_dta><header><release>118</release><byteorder>LSF</byteorder>")
    count = struct.unpack("<H", data[data.index(b"<K>") + 3 :][:2])[0]
    start = data.index(b"<variable_types>") + len(b"<variable_types>")
    codes = struct.unpack(f"<{count}H", data[start : start + 2 * count])
    start = data.index(b"<varnames>") + len(b"<varnames>")
    names = [data[start + 129 * i : start + 129 * (i + 1)].split(b"\0")[0].decode() for i in range(count)]
    return dict(zip(names, codes))


@pytest.fixture(scope="session")
def stat_export(dataset: Any, pkg: Package, tmp_path_factory: pytest.TempPathFactory) -> Any:
    """A function: format → the folder it was exported to (once per package)."""
    done: dict[str, Path] = {}

    def run(fmt: str) -> Path:
        if fmt not in done:
            done[fmt] = export(dataset, fmt, tmp_path_factory.mktemp(f"{fmt}-{pkg.root.name}") / "out")
        return done[fmt]

    return run


@pytest.fixture(scope="session")
def haven(stat_export: Any, pkg: Package, tmp_path_factory: pytest.TempPathFactory) -> Any:
    """A function: format → (folder of what haven read, as CSVs; what the R script printed)."""
    done: dict[str, tuple[Path, str]] = {}

    def run(fmt: str) -> tuple[Path, str]:
        if fmt not in done:
            out = tmp_path_factory.mktemp(f"haven-{fmt}-{pkg.root.name}")
            done[fmt] = out, rscript(str(HAVEN_DUMP), str(stat_export(fmt)), str(out), fmt)
        return done[fmt]

    return run


def haven_csv(path: Path) -> list[dict[str, str]]:
    header, *body = list(csv.reader(io.StringIO(path.read_bytes().decode("utf-8"), newline="")))
    return [dict(zip(header, row, strict=True)) for row in body]


def printed(stdout: str) -> dict[str, list[str]]:
    return {line.split()[0]: line.split()[1:] for line in stdout.splitlines() if line.strip()}


# --- The real package and the 10× scaled one -------------------------------------------------


@pytest.mark.parametrize("fmt", ["stata", "spss"])
def test_one_file_per_table_and_the_texts(fmt: str, stat_export: Any, pkg: Package) -> None:
    files = sorted(p.name for p in stat_export(fmt).iterdir())
    assert files == sorted(f"{t}{SUFFIX[fmt]}" for t in [*pkg.tables, "texts"])


@pytest.mark.parametrize("fmt", ["stata", "spss"])
def test_pyreadstat_reads_every_cell_of_the_csvs(fmt: str, stat_export: Any, pkg: Package) -> None:
    for table, expected in expected_tables(pkg).items():
        rows, frame, meta = read_back(stat_export(fmt), fmt, table, pkg)
        assert meta.number_rows == len(expected) == len(frame), table
        assert rows == expected, table


@pytest.mark.parametrize("fmt", ["stata", "spss"])
def test_haven_reads_every_cell_of_the_csvs(fmt: str, haven: Any, pkg: Package) -> None:
    folder, _ = haven(fmt)
    for table, expected in expected_tables(pkg).items():
        # haven turns the value labels into the categories, dates into YYYY-MM-DD, missing into "".
        assert haven_csv(folder / f"{table}.csv") == expected, table


@pytest.mark.parametrize("fmt", ["stata", "spss"])
def test_variable_labels_are_the_schema_titles(fmt: str, stat_export: Any, haven: Any, pkg: Package) -> None:
    folder, _ = haven(fmt)
    for table in expected_tables(pkg):
        titles = {f["name"]: f["title"] for f in fields(pkg, table)}
        assert all(len(t) <= 80 for t in titles.values())
        _, meta = READ[fmt](stat_export(fmt) / f"{table}{SUFFIX[fmt]}", metadataonly=True)
        assert meta.column_names_to_labels == titles, table
        assert {r["column"]: r["label"] for r in haven_csv(folder / f"{table}.meta.csv")} == titles, table


@pytest.mark.parametrize("fmt", ["stata", "spss"])
def test_value_labels_are_the_enums_in_schema_order(fmt: str, stat_export: Any, haven: Any, pkg: Package) -> None:
    folder, _ = haven(fmt)
    enums = 0
    for table in pkg.tables:
        _, meta = READ[fmt](stat_export(fmt) / f"{table}{SUFFIX[fmt]}", metadataonly=True)
        in_r = {r["column"]: r["labels"] for r in haven_csv(folder / f"{table}.meta.csv")}
        for field in fields(pkg, table):
            values = enum_of(field)
            if values is None:
                assert field["name"] not in meta.variable_value_labels and in_r[field["name"]] == ""
                continue
            enums += 1
            codes = dict(enumerate(values, start=1))
            assert meta.variable_value_labels[field["name"]] == codes, (table, field["name"])
            assert list(meta.variable_value_labels[field["name"]]) == list(codes)
            assert in_r[field["name"]] == "|".join(f"{c}={v}" for c, v in codes.items())
    assert enums == 8  # role; claim_type, attribution, certainty, polarity; type, ownership; kind


@pytest.mark.parametrize("fmt", ["stata", "spss"])
def test_ordinal_codes_compare_by_rank(fmt: str, stat_export: Any, haven: Any, pkg: Package) -> None:
    frame, meta = READ[fmt](stat_export(fmt) / f"claims{SUFFIX[fmt]}")
    order = pkg.enum("claims", "certainty")
    probable = order.index("probable") + 1
    expected = sum(r["certainty"] in ("certain", "probable") for r in pkg.rows("claims"))
    assert 0 < expected < len(pkg.rows("claims"))
    assert int((frame["certainty"] <= probable).sum()) == expected
    assert meta.variable_value_labels["certainty"][probable] == "probable"
    assert printed(haven(fmt)[1])["at_most_probable"] == [str(expected)]
    if fmt == "spss":
        assert meta.variable_measure["certainty"] == "ordinal" and meta.variable_measure["claim_type"] == "nominal"


@pytest.mark.parametrize("fmt", ["stata", "spss"])
def test_spans_slice_the_text_read_back(fmt: str, stat_export: Any, haven: Any, pkg: Package) -> None:
    folder = stat_export(fmt)
    texts_frame, _ = READ[fmt](folder / f"texts{SUFFIX[fmt]}")
    texts = dict(zip(texts_frame["document_id"], texts_frame["text"]))
    assert texts == pkg.texts  # whole, byte for byte
    said = printed(haven(fmt)[1])
    for table in SPAN_TABLES:
        frame, _ = READ[fmt](folder / f"{table}{SUFFIX[fmt]}")
        sliced = [texts[d][int(s) : int(e)] for d, s, e in zip(frame["document_id"], frame["start"], frame["end"])]
        assert sliced == [r["exact"] for r in pkg.rows(table)], table
        # R: substr(text, start + 1, end) == exact on every row, with haven's offsets
        assert said[table] == [str(len(pkg.rows(table)))] * 2, table


def test_stata_storage_long_texts_are_strl_integers_long_dates_td(stat_export: Any, pkg: Package) -> None:
    folder = stat_export("stata")
    assert all(len(t.encode("utf-8")) > 2045 for t in pkg.texts.values())
    assert dta_types(folder / "texts.dta")["text"] == STRL
    claims = dta_types(folder / "claims.dta")
    assert claims["start"] == claims["end"] == claims["cue_start"] == claims["certainty"] == LONG
    assert claims["event_date"] == DOUBLE and claims["claim_id"] <= 2045
    _, meta = pyreadstat.read_dta(folder / "claims.dta", metadataonly=True)
    assert meta.original_variable_types["event_date"] == "%td"


@pytest.mark.parametrize("fmt", ["stata", "spss"])
def test_dates_are_dates(fmt: str, stat_export: Any, haven: Any, pkg: Package) -> None:
    frame, meta = READ[fmt](stat_export(fmt) / f"claims{SUFFIX[fmt]}")
    assert meta.original_variable_types["event_date"] == DATE_FORMAT[fmt]
    dated = [v for v in frame["event_date"] if not missing(v)]
    assert dated and all(type(v) is datetime.date for v in dated)
    assert len(dated) == sum(r["event_date"] != "" for r in pkg.rows("claims"))
    classes = {r["column"]: r["class"] for r in haven_csv(haven(fmt)[0] / "claims.meta.csv")}
    assert classes["event_date"] == "Date" and classes["certainty"] == "haven_labelled"


@pytest.mark.parametrize("fmt", ["stata", "spss"])
def test_the_file_label_names_the_dataset_and_version(fmt: str, stat_export: Any, haven: Any, pkg: Package) -> None:
    raw = (pkg.root / "datapackage.json").read_bytes()
    d = json.loads(raw)
    facts = {"name": d["name"], "title": d["title"], "version": d["version"],
             "license": "; ".join(x["name"] for x in d["licenses"]),
             "license_url": "; ".join(x["path"] for x in d["licenses"]),
             "descriptor_sha256": "sha256:" + hashlib.sha256(raw).hexdigest()}  # fmt: skip
    for table in expected_tables(pkg):
        _, meta = READ[fmt](stat_export(fmt) / f"{table}{SUFFIX[fmt]}", metadataonly=True)
        assert meta.file_label == f"{d['name']} {d['version']}"
        label, *notes = (haven(fmt)[0] / f"{table}.label.txt").read_text("utf-8").splitlines()
        assert label == meta.file_label
        if fmt == "spss":  # the documents hold every provenance fact; a long one continues on the next line
            assert all(len(n.encode("utf-8")) <= 80 for n in meta.notes)
            assert "".join(meta.notes) == "".join(f"{k}: {v}" for k, v in facts.items())
            assert [n.rstrip() for n in notes] == meta.notes


# --- An edited package: reserved names, booleans, an empty date column, long and large values ---


#: 5,100 bytes, a Stata strL, ending with a space.
LONG_NOTES = "Ünïcode notes. " * 300


@pytest.fixture(scope="module")
def edge(tmp_path_factory: pytest.TempPathFactory) -> Package:
    """The real package with entities.notes renamed ``with``, and new boolean, date and large integer columns."""
    root = edits.fresh_copy(tmp_path_factory.mktemp("edge") / "pkg")
    schema_path = root / "schemas" / "entities.schema.json"
    schema = json.loads(schema_path.read_text("utf-8"))
    notes = next(f for f in schema["fields"] if f["name"] == "notes")
    notes["name"] = "with"
    schema["fields"] += [
        {"name": "verified", "type": "boolean", "title": "Verified"},
        {"name": "reviewed", "type": "date", "title": "Reviewed"},
        {"name": "In", "type": "integer", "description": "A large count, without a title."},
    ]
    schema_path.write_text(json.dumps(schema, indent=2) + "\n", "utf-8")
    rows = edits.read_rows(root, "entities")
    rows[0] = ["with" if c == "notes" else c for c in rows[0]] + ["verified", "reviewed", "In"]
    for i, row in enumerate(rows[1:]):
        row += [["true", "false", ""][i % 3], "", ["3000000000", "-7", ""][i % 3]]
    edits.write_rows(root, "entities", rows)
    claims = edits.read_rows(root, "claims")
    claims[2][claims[0].index("notes")] = LONG_NOTES
    edits.write_rows(root, "claims", claims)
    edits.rehash(root)
    return read_package(root)


@pytest.fixture(scope="module")
def edge_exports(edge: Package, tmp_path_factory: pytest.TempPathFactory) -> dict[str, tuple[Path, Path, str]]:
    ds = csto_annotations.load(edge.root)
    done = {}
    for fmt in ("stata", "spss"):
        folder = export(ds, fmt, tmp_path_factory.mktemp(f"edge-{fmt}") / "out")
        r_out = tmp_path_factory.mktemp(f"edge-haven-{fmt}")
        done[fmt] = folder, r_out, rscript(str(HAVEN_DUMP), str(folder), str(r_out), fmt)
    return done


@pytest.mark.parametrize("fmt", ["stata", "spss"])
def test_edited_package_reads_back_whole_in_both_clients(fmt: str, edge: Package, edge_exports: Any) -> None:
    folder, r_out, _ = edge_exports[fmt]
    for table, expected in expected_tables(edge).items():
        if fmt == "spss":  # SPSS pads strings with spaces: a value's trailing spaces do not come back
            expected = [{k: v.rstrip(" ") for k, v in row.items()} for row in expected]
        rows, _, _ = read_back(folder, fmt, table, edge)
        assert rows == expected, table
        in_r = haven_csv(r_out / f"{table}.csv")
        assert [{original_name(k): v for k, v in r.items()} for r in in_r] == expected, table


@pytest.mark.parametrize("fmt", ["stata", "spss"])
def test_reserved_names_are_mapped_reversibly(fmt: str, edge: Package, edge_exports: Any) -> None:
    folder, r_out, _ = edge_exports[fmt]
    _, meta = READ[fmt](folder / f"entities{SUFFIX[fmt]}", metadataonly=True)
    assert "with_var" in meta.column_names and "In_var" in meta.column_names and "end" not in meta.column_names
    assert [original_name(n) for n in meta.column_names] == [f["name"] for f in fields(edge, "entities")]
    labels = meta.column_names_to_labels
    assert labels["with_var"] == "with: Notes" and labels["In_var"] == "In: A large count, without a title."
    assert [r["column"] for r in haven_csv(r_out / "entities.meta.csv")] == meta.column_names
    _, claims = READ[fmt](folder / f"claims{SUFFIX[fmt]}", metadataonly=True)
    assert "end" in claims.column_names  # not reserved by Stata or SPSS (pandas.to_stata renames it for Mata)


@pytest.mark.parametrize("fmt", ["stata", "spss"])
def test_booleans_empty_dates_and_large_integers(fmt: str, edge: Package, edge_exports: Any) -> None:
    folder, r_out, _ = edge_exports[fmt]
    frame, meta = READ[fmt](folder / f"entities{SUFFIX[fmt]}")
    assert meta.variable_value_labels["verified"] == {0: "false", 1: "true"}
    assert meta.original_variable_types["reviewed"] == DATE_FORMAT[fmt] and frame["reviewed"].isna().all()
    assert sorted({v for v in frame["In_var"] if not missing(v)}) == [-7, 3_000_000_000]
    classes = {r["column"]: r["class"] for r in haven_csv(r_out / "entities.meta.csv")}
    assert classes["reviewed"] == "Date" and classes["verified"] == "haven_labelled"
    notes = READ[fmt](folder / f"claims{SUFFIX[fmt]}")[0]["notes"][1]
    assert notes == (LONG_NOTES if fmt == "stata" else LONG_NOTES.rstrip(" "))
    if fmt == "stata":
        types = dta_types(folder / "entities.dta")
        assert types["In_var"] == DOUBLE and types["verified"] == LONG
        assert dta_types(folder / "claims.dta")["notes"] == STRL


# --- Refusals: a DatasetError that names what to fix, and nothing written -------------------


def with_table(ds: Any, table: str, frame: Any, schema: dict[str, Any]) -> Any:
    schemas, tables = dict(ds.schemas), dict(ds.tables)
    schemas[table], tables[table] = schema, frame
    return csto_annotations.Dataset(ds.descriptor, schemas, tables, dict(ds.texts), root=ds.root, verify=ds.verify)


def renamed(ds: Any, old: str, new: str, table: str = "entities") -> Any:
    schema = json.loads(json.dumps(ds.schemas[table]))
    next(f for f in schema["fields"] if f["name"] == old)["name"] = new
    return with_table(ds, table, ds.tables[table].rename(columns={old: new}), schema)


@pytest.fixture(scope="module")
def real_ds() -> Any:
    return csto_annotations.load()


def refused(ds: Any, fmt: str, out: Path, *patterns: str) -> str:
    out.mkdir()
    (out / f"claims{SUFFIX[fmt]}").write_bytes(b"an earlier export")
    with pytest.raises(DatasetError) as caught:
        ds.export(fmt, out)
    message = str(caught.value)
    for pattern in patterns:
        assert pattern in message, message
    assert sorted(p.name for p in out.iterdir()) == [f"claims{SUFFIX[fmt]}"], "a refused export wrote files"
    assert (out / f"claims{SUFFIX[fmt]}").read_bytes() == b"an earlier export"
    return message


@pytest.mark.parametrize("fmt", ["stata", "spss"])
@pytest.mark.parametrize(
    ("name", "why"),
    [
        ("two words", "ASCII letters, digits and '_'"),
        ("Ünï", "ASCII letters"),
        ("1st", "starts with a letter"),
        ("x" * 30, "at most 29 characters"),
        ("str80", "not 'str' and a number"),
        ("with_var", "reserved name 'with'"),
        ("Name", "SPSS ignores case, so it clashes with column 'name'"),
    ],
)
def test_a_name_that_cannot_be_mapped_is_refused(fmt: str, name: str, why: str, real_ds: Any, tmp_path: Path) -> None:
    refused(renamed(real_ds, "notes", name), fmt, tmp_path / "out", f"entities column {name!r}", why)


@pytest.mark.parametrize("fmt", ["stata", "spss"])
def test_a_29_character_name_is_kept_on_the_101st_labelled_column(fmt: str, real_ds: Any, tmp_path: Path) -> None:
    """pyreadstat names value labels after their column and its count: ``…100`` makes 32 characters."""
    kind = next(f for f in real_ds.schemas["entities"]["fields"] if f["name"] == "type")
    names = [f"type{i}" for i in range(100)] + ["y" * 29]
    schema = {"fields": [{**kind, "name": n} for n in names]}
    frame = pd.DataFrame({n: real_ds.entities["type"] for n in names})
    real_ds = with_table(real_ds, "entities", frame, schema)
    real_ds.export(fmt, tmp_path)
    back, meta = READ[fmt](tmp_path / f"entities{SUFFIX[fmt]}")
    assert list(back.columns) == names
    labels = meta.variable_value_labels["y" * 29]
    assert [labels[c] for c in back["y" * 29]] == [r["type"] for r in read_package(REPO).rows("entities")]


def test_spss_refuses_a_text_longer_than_32767_bytes_stata_keeps_it(real_ds: Any, tmp_path: Path) -> None:
    frame = real_ds.claims.copy()
    long = "é" * 16_384  # 32,768 bytes
    frame.loc[1, "notes"] = long
    ds = with_table(real_ds, "claims", frame, real_ds.schemas["claims"])
    refused(ds, "spss", tmp_path / "spss", "claims row 3 column 'notes'", "at most 32767 UTF-8 bytes")
    ds.export("stata", tmp_path / "stata")
    back, _ = pyreadstat.read_dta(tmp_path / "stata" / "claims.dta")
    assert back.loc[1, "notes"] == long and dta_types(tmp_path / "stata" / "claims.dta")["notes"] == STRL


def test_spss_refuses_a_document_text_longer_than_32767_bytes(real_ds: Any, tmp_path: Path) -> None:
    texts = {doc: text + "é" * 16_384 for doc, text in real_ds.texts.items()}
    ds = csto_annotations.Dataset(real_ds.descriptor, dict(real_ds.schemas), dict(real_ds.tables), texts, root=real_ds.root,
                                  verify=real_ds.verify)  # fmt: skip
    refused(ds, "spss", tmp_path / "spss", "document 'edm-4-191'", "export stata (strL keeps it whole)")
    ds.export("stata", tmp_path / "stata")
    back, _ = pyreadstat.read_dta(tmp_path / "stata" / "texts.dta")
    assert back["text"].tolist() == list(texts.values())


@pytest.mark.parametrize("fmt", ["stata", "spss"])
def test_a_text_with_nul_is_refused_not_cut(fmt: str, real_ds: Any, tmp_path: Path) -> None:
    texts = {doc: text + "\x00 after NUL" for doc, text in real_ds.texts.items()}
    ds = csto_annotations.Dataset(real_ds.descriptor, dict(real_ds.schemas), dict(real_ds.tables), texts,
                                  root=real_ds.root, verify=real_ds.verify)  # fmt: skip
    refused(ds, fmt, tmp_path / "out", "texts row 2 column 'text'", "no NUL character")


def test_spss_refuses_a_category_longer_than_a_value_label(real_ds: Any, tmp_path: Path) -> None:
    schema = json.loads(json.dumps(real_ds.schemas["claims"]))
    field = next(f for f in schema["fields"] if f["name"] == "certainty")
    field["constraints"]["enum"] = [*field["constraints"]["enum"], "x" * 121]
    field["categories"] = [*field["categories"], "x" * 121]
    ds = with_table(real_ds, "claims", real_ds.claims, schema)
    refused(ds, "spss", tmp_path / "spss", "claims column 'certainty'", "120 bytes")
    ds.export("stata", tmp_path / "stata")
    _, meta = pyreadstat.read_dta(tmp_path / "stata" / "claims.dta", metadataonly=True)
    assert meta.variable_value_labels["certainty"][5] == "x" * 121


@pytest.mark.parametrize("fmt", ["stata", "spss"])
def test_an_integer_beyond_exact_doubles_is_refused(fmt: str, real_ds: Any, tmp_path: Path) -> None:
    frame = real_ds.documents.copy()
    frame["length"] = frame["length"].astype("int64")
    frame.loc[0, "length"] = 2**53 + 1
    ds = with_table(real_ds, "documents", frame, real_ds.schemas["documents"])
    refused(ds, fmt, tmp_path / "out", "documents row 2 column 'length'", str(2**53 + 1))


@pytest.mark.parametrize("fmt", ["stata", "spss"])
def test_a_table_named_texts_is_refused(fmt: str, real_ds: Any, tmp_path: Path) -> None:
    ds = with_table(real_ds, "texts", real_ds.entities, real_ds.schemas["entities"])
    refused(ds, fmt, tmp_path / "out", "table named 'texts'", "rename that resource")


@pytest.mark.parametrize("fmt", ["stata", "spss"])
def test_without_pyreadstat_the_message_names_the_extra(
    fmt: str, real_ds: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    for name in [m for m in sys.modules if m == "pyreadstat" or m.startswith("pyreadstat.")]:
        monkeypatch.delitem(sys.modules, name)
    monkeypatch.setitem(sys.modules, "pyreadstat", None)  # what an uninstalled package looks like to import
    with pytest.raises(OptionalDependencyError) as caught:
        real_ds.export(fmt, tmp_path / "out")
    message = str(caught.value)
    assert f"'{fmt}' extra" in message and f'pip install -e ".[{fmt}]"' in message and "\n" not in message
    assert not (tmp_path / "out").exists(), "a refused export leaves no folder behind"


def test_the_cli_writes_both_formats(tmp_path: Path) -> None:
    env = {**os.environ, "PYTHONPATH": str(REPO / "src")}
    for fmt in ("stata", "spss"):
        done = subprocess.run([sys.executable, "-m", "csto_annotations", "export", "--format", fmt, "--out",
                               str(tmp_path / fmt)], capture_output=True, text=True, env=env, timeout=300)  # fmt: skip
        assert done.returncode == 0, done.stderr
        assert f"claims{SUFFIX[fmt]}" in done.stdout
    frame, _ = pyreadstat.read_sav(tmp_path / "spss" / "claims.sav")
    assert len(frame) == len(pd.read_csv(REPO / "data" / "claims.csv"))


# --- The examples in docs/formats.md ------------------------------------------------------------


def section(title: str) -> str:
    text = (REPO / "docs" / "formats.md").read_text("utf-8")
    return text.split(f"\n## {title}\n", 1)[1].split("\n## ", 1)[0]


def test_the_python_and_r_examples_in_docs_formats_run(real: Path, tmp_path: Path) -> None:
    import re

    ds = csto_annotations.load(real)
    folder = tmp_path / "DIR"
    ds.export("stata", folder)
    ds.export("spss", folder)
    body = section("Stata and SPSS")
    (python,) = re.findall(r"```python\n(.*?)```", body, flags=re.S)
    (r_code,) = re.findall(r"```r\n(.*?)```", body, flags=re.S)
    assert len(python.strip().splitlines()) == len(r_code.strip().splitlines()) == 3
    *lines, last = python.strip().splitlines()
    code = "\n".join([*lines, f"print(repr({last}))"]).replace("DIR", str(folder))
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120, check=False)
    assert done.returncode == 0, done.stderr
    expected = sum(r["certainty"] in ("certain", "probable") for r in read_package(real).rows("claims"))
    assert done.stdout.strip() == str(expected)
    said = rscript("-e", r_code.replace("DIR", str(folder)))
    assert said.split()[-1] == str(expected)
