"""The core pieces that catch hostile input, and how far one problem reaches."""

from __future__ import annotations

from pathlib import Path

import pyarrow as pa
import pytest

import csto_annotations
from csto_annotations._base._limits import MAX_CELL_CHARS
from csto_annotations._engine._cells import MAX_SHOWN, check_field
from csto_annotations._engine._csv import CsvFault, read_strings
from hostile import edits


def test_cross_table_rules_run_whatever_tables_are_asked_for(tmp_path: Path) -> None:
    root = edits.fresh_copy(tmp_path / "pkg")
    edits.set_cell(root, "claim_entities", 2, "claim_id", "CL-9999")
    edits.rehash(root)
    for tables in (["claim_entities"], ["claims", "claim_entities"]):
        with pytest.raises(csto_annotations.ValidationFailed) as caught:
            csto_annotations.load(root, tables=tables)
        assert [(p.table, p.row, p.column) for p in caught.value.problems] == [("claim_entities", 2, "claim_id")]


def test_a_hash_mismatch_is_refused_before_any_content_rule(tmp_path: Path) -> None:
    root = edits.fresh_copy(tmp_path / "pkg")
    edits.set_cell(root, "mentions", 3, "exact", "nothing like the text")
    with pytest.raises(csto_annotations.IntegrityError, match="mentions") as caught:
        csto_annotations.load(root)
    assert caught.value.resource == "mentions"
    edits.rehash(root)
    with pytest.raises(csto_annotations.ValidationFailed, match=r"mentions row 3 column exact"):
        csto_annotations.load(root)


def test_many_problems_are_counted_not_all_spelled_out(tmp_path: Path) -> None:
    root = edits.fresh_copy(tmp_path / "pkg")
    rows = edits.read_rows(root, "mentions")
    exact = rows[0].index("exact")
    for row in rows[1:]:
        row[exact] = row[exact] + "!"
    edits.write_rows(root, "mentions", rows)
    edits.rehash(root)
    with pytest.raises(csto_annotations.ValidationFailed) as caught:
        csto_annotations.load(root)
    problems = caught.value.problems
    assert len(problems) == MAX_SHOWN + 1
    assert problems[-1].message == f"the same problem in {len(rows) - 1 - MAX_SHOWN} more rows"
    assert "… and 11 more" in str(caught.value)


def test_byte_faults_point_at_their_cell() -> None:
    names = ["a", "b"]
    with pytest.raises(CsvFault) as bom:
        read_strings(b"\xef\xbb\xbfa,b\n1,2\n", names, "t")
    assert (bom.value.problem.row, bom.value.problem.column) == (1, "a")
    with pytest.raises(CsvFault) as latin:
        read_strings(b"a,b\n1,2\n3,\xff\n", names, "t")
    assert (latin.value.problem.row, latin.value.problem.column) == (3, "b")
    assert read_strings("a,b\n1,\ufffd\n".encode(), names, "t").column("b").to_pylist() == ["\ufffd"]


@pytest.mark.parametrize(("size", "refused"), [(MAX_CELL_CHARS, False), (MAX_CELL_CHARS + 1, True)])
def test_cell_size_limit_at_the_limit_and_one_past_it(size: int, refused: bool) -> None:
    column = pa.chunked_array([["x" * size]])
    _, problems = check_field(column, {"name": "notes", "type": "string"}, [""], "claims")
    assert bool(problems) is refused
    if refused:
        assert (problems[0].row, problems[0].column) == (2, "notes") and str(MAX_CELL_CHARS) in problems[0].message


def test_a_schema_the_profile_refuses_names_its_table_and_field(tmp_path: Path) -> None:
    root = edits.fresh_copy(tmp_path / "pkg")
    schema = root / "schemas" / "citations.schema.json"
    schema.write_text(schema.read_text("utf-8").replace('"type": "date"', '"type": "moment"', 1), "utf-8")
    edits.rehash(root)
    report = csto_annotations.validate(root)
    assert not report.valid and [p.table for p in report.errors] == ["citations"]
    assert "field 'cited_date'" in report.errors[0].message and "'moment'" in report.errors[0].message
