"""A new column added to ``claims`` reaches every output with two hand edits.

The edits are the ones docs/architecture.md ("A new column") prescribes: the
field in ``schemas/claims.schema.json`` and the column in ``data/claims.csv``;
``build`` then re-measures the hashes the descriptor pins. Every output is made
by the command line and read back by its own client.
"""

from __future__ import annotations

import contextlib
import html
import io
import json
import re
import sqlite3
from pathlib import Path

import datasets
import duckdb
import pandas as pd
import pyarrow.parquet as pq
import pyreadstat
import pytest
from spacy.tokens import DocBin
from spacy.vocab import Vocab

import csto_annotations
from csto_annotations import _cli
from csto_annotations._export import FORMATS
from helpers import copy_real_package, read_rows, write_rows

COLUMN, TITLE = "review_note", "Review note"
CLAIM = "CL-0034"


def value(claim_id: str) -> str:
    """The new column's cell in the row of ``claim_id``: distinct per row, and found nowhere else."""
    return f"Rechecked against the print edition ({claim_id})"


def cli(*argv: str) -> str:
    """Run the command line in-process; it must succeed; return what it printed."""
    out = io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(out):
        code = _cli.main(list(argv))
    assert code == 0, out.getvalue()
    return out.getvalue()


@pytest.fixture(scope="module")
def package(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The real package with the new column, made by exactly the two hand edits (then ``build``)."""
    root = copy_real_package(tmp_path_factory.mktemp("new-column") / "pkg")
    # Edit 1: the Table Schema gets the field.
    schema_path = root / "schemas" / "claims.schema.json"
    schema = json.loads(schema_path.read_text("utf-8"))
    schema["fields"].append({"name": COLUMN, "title": TITLE, "type": "string",
                             "description": "Who rechecked the claim against the print edition."})  # fmt: skip
    schema_path.write_text(json.dumps(schema, indent=2, ensure_ascii=False) + "\n", "utf-8")
    # Edit 2: the CSV file gets the column.
    rows = read_rows(root / "data" / "claims.csv")
    write_rows(root / "data" / "claims.csv", [[*rows[0], COLUMN], *([*r, value(r[0])] for r in rows[1:])])
    cli("build", str(root))  # re-measures the bytes and hashes the descriptor pins
    cli("validate", str(root))
    return root


@pytest.fixture(scope="module")
def out(package: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Every export format, written by ``export``."""
    folder = tmp_path_factory.mktemp("outputs")
    for format in FORMATS:
        cli("export", str(package), "--format", format, "--out", str(folder / format))
    return folder


def test_the_formats_are_the_ones_checked_here() -> None:
    # A new format must be added to this test.
    assert FORMATS == ("parquet", "csv", "sqlite", "spacy", "webannotation", "brat", "huggingface", "stata", "spss")


def test_parquet_and_csv(out: Path) -> None:
    claims = pq.read_table(out / "parquet" / "claims.parquet").to_pandas().set_index("claim_id")
    assert claims.loc[CLAIM, COLUMN] == value(CLAIM)
    assert pq.read_schema(out / "parquet" / "claims.parquet").names[-1] == COLUMN
    claims = pd.read_csv(out / "csv" / "claims.csv", dtype=str).set_index("claim_id")
    assert claims.loc[CLAIM, COLUMN] == value(CLAIM)


def test_sqlite_and_duckdb(package: Path, out: Path) -> None:
    with contextlib.closing(sqlite3.connect(out / "sqlite" / "csto-annotations.sqlite")) as db:
        (got,) = db.execute(f"SELECT {COLUMN} FROM claims WHERE claim_id = ?", (CLAIM,)).fetchone()
    assert got == value(CLAIM)
    connection = csto_annotations.load(package).to_duckdb(duckdb.connect())
    assert connection.execute(f"SELECT {COLUMN} FROM claims WHERE claim_id = ?", [CLAIM]).fetchone() == (value(CLAIM),)
    connection = csto_annotations.load(package).to_duckdb(duckdb.connect(), parquet_dir=out / "parquet")
    assert connection.execute(f"SELECT {COLUMN} FROM claims WHERE claim_id = ?", [CLAIM]).fetchone() == (value(CLAIM),)


def test_spacy(out: Path) -> None:
    (doc,) = DocBin().from_disk(out / "spacy" / "csto-annotations.spacy").get_docs(Vocab())
    assert doc.user_data["csto_annotations"]["records"]["claims"][CLAIM][COLUMN] == value(CLAIM)


def test_huggingface(out: Path) -> None:
    claims = datasets.load_dataset(str(out / "huggingface"), "claims", split="train")
    assert claims[list(claims["claim_id"]).index(CLAIM)][COLUMN] == value(CLAIM)
    assert f"`{COLUMN}`" in (out / "huggingface" / "README.md").read_text("utf-8")  # the card's column table


def test_stata_and_spss(out: Path) -> None:
    for path in (out / "stata" / "claims.dta", out / "spss" / "claims.sav"):
        frame, meta = pyreadstat.read_dta(path) if path.suffix == ".dta" else pyreadstat.read_sav(path)
        assert frame.set_index("claim_id").loc[CLAIM, COLUMN] == value(CLAIM), path.name
        assert meta.column_names_to_labels[COLUMN] == TITLE, path.name


def test_brat(out: Path) -> None:
    ann = (out / "brat" / "edm-4-191.ann").read_text("utf-8")
    (note,) = [
        line for line in ann.splitlines() if line.startswith("#") and line.split("\t")[2].startswith(f"{CLAIM};")
    ]
    assert f"{COLUMN}={value(CLAIM)}" in note


def test_web_annotation(out: Path) -> None:
    collection = json.loads((out / "webannotation" / "annotations.jsonld").read_text("utf-8"))
    (claim,) = [a for a in collection["first"]["items"] if a["id"] == f"#{CLAIM}"]
    assert {"type": "TextualBody", "purpose": "describing", "value": f"{COLUMN}:{value(CLAIM)}"} in claim["body"]


def test_view(package: Path, tmp_path: Path) -> None:
    cli("view", str(package), "--out", str(tmp_path / "view.html"))
    page = (tmp_path / "view.html").read_text("utf-8")
    detail = page.split(f'data-claim-detail="{CLAIM}"')[1].split("</div>")[0]
    assert f'<dt>{TITLE}</dt><dd class="f-{COLUMN}">{html.escape(value(CLAIM))}</dd>' in detail


def test_cite_claim_is_provenance_and_does_not_change(package: Path) -> None:
    # A provenance chain is speaker, outlet and date, article, dataset: a new column is not part of it.
    chain = cli("cite", str(package), "--claim", CLAIM)
    assert chain == cli("cite", "--claim", CLAIM) and re.search(r"6 October 2007 \(year inferred\)", chain)
    assert value(CLAIM) not in chain


def test_an_enum_and_a_foreign_key_column_take_their_place_from_the_schema(tmp_path: Path) -> None:
    """Two more new columns, with the same two edits: an enum and a foreign key to ``entities``."""
    root = copy_real_package(tmp_path / "pkg")
    schema_path = root / "schemas" / "claims.schema.json"
    schema = json.loads(schema_path.read_text("utf-8"))
    schema["fields"] += [
        {"name": "review_status", "title": "Review status", "type": "string",
         "constraints": {"enum": ["pending", "rechecked"]}},
        {"name": "reviewer_entity_id", "title": "Reviewer", "type": "string"},
    ]  # fmt: skip
    schema["foreignKeys"].append(
        {"fields": ["reviewer_entity_id"], "reference": {"resource": "entities", "fields": ["entity_id"]}}
    )
    schema_path.write_text(json.dumps(schema, indent=2, ensure_ascii=False) + "\n", "utf-8")
    rows = read_rows(root / "data" / "claims.csv")
    status = {r[0]: ("pending", "rechecked")[i % 2] for i, r in enumerate(rows[1:])}
    write_rows(root / "data" / "claims.csv", [[*rows[0], "review_status", "reviewer_entity_id"],
                                              *([*r, status[r[0]], "russia"] for r in rows[1:])])  # fmt: skip
    cli("build", str(root))
    cli("validate", str(root))
    for format in ("brat", "webannotation"):
        cli("export", str(root), "--format", format, "--out", str(tmp_path / format))
    # brat: the enum is an attribute declared with its values; the foreign key goes into the claim's note.
    conf = (tmp_path / "brat" / "annotation.conf").read_text("utf-8")
    assert "Review_status Arg:Claim, Value:pending|rechecked" in conf.splitlines()
    ann = (tmp_path / "brat" / "edm-4-191.ann").read_text("utf-8")
    values = re.findall(r"^A\d+\tReview_status T\d+ (\w+)$", ann, re.MULTILINE)
    assert sorted(values) == sorted(status.values())
    assert len(re.findall(r"^#\d+\tAnnotatorNotes T\d+\tCL-\d{4};.*; reviewer_entity_id=russia$", ann, re.MULTILINE)) \
        == len(status)  # fmt: skip
    # Web Annotation: the enum classifies, the foreign key to entities identifies.
    items = json.loads((tmp_path / "webannotation" / "annotations.jsonld").read_text("utf-8"))["first"]["items"]
    claims = {item["id"].split("#")[-1]: item["body"] for item in items if item["id"].split("#")[-1] in status}
    assert claims.keys() == status.keys()
    for claim_id, bodies in claims.items():
        assert {"type": "TextualBody", "purpose": "classifying", "value": f"review_status:{status[claim_id]}"} in bodies
        assert {"type": "TextualBody", "purpose": "identifying", "value": "reviewer_entity_id:russia"} in bodies
