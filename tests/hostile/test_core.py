"""The core pieces that catch hostile input: their examples, and how load() scopes its checks."""

from __future__ import annotations

import doctest
import importlib
from pathlib import Path

import pytest

import csto_annotations
from csto_annotations.csvcheck import MAX_FIELD_CHARS, bom_fault, decode_fault, size_faults
from hostile import edits


@pytest.mark.parametrize("name", ["csvcheck", "constraints", "consistency"])
def test_examples(name: str) -> None:
    module = importlib.import_module(f"csto_annotations.{name}")
    result = doctest.testmod(module, optionflags=doctest.ELLIPSIS | doctest.NORMALIZE_WHITESPACE)
    assert result.attempted > 0 and result.failed == 0


def test_cross_table_rules_need_both_tables_loaded(tmp_path: Path) -> None:
    root = edits.fresh_copy(tmp_path / "pkg")
    edits.set_cell(root, "claim_entities", 2, "claim_id", "CL-9999")
    edits.rehash(root)
    alone = csto_annotations.load(root, tables=["claim_entities"])
    assert alone.claim_entities.loc[0, "claim_id"] == "CL-9999"
    with pytest.raises(csto_annotations.ValidationFailed) as caught:
        csto_annotations.load(root, tables=["claims", "claim_entities"])
    assert [(p.table, p.row, p.column) for p in caught.value.problems] == [("claim_entities", 2, "claim_id")]


def test_content_checks_run_without_hash_verification(tmp_path: Path) -> None:
    root = edits.fresh_copy(tmp_path / "pkg")
    edits.set_cell(root, "mentions", 3, "exact", "nothing like the text")
    with pytest.raises(csto_annotations.IntegrityError, match="mentions"):
        csto_annotations.load(root)
    with pytest.raises(csto_annotations.ValidationFailed, match=r"mentions\.csv row 3 column exact"):
        csto_annotations.load(root, verify=False)


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
    assert len(caught.value.problems) == len(rows) - 1
    assert f"and {len(rows) - 1 - 20} more" in str(caught.value)


def test_byte_faults_point_at_their_cell() -> None:
    assert bom_fault(b"a,b\n1,2\n") is None
    assert bom_fault(b"\xef\xbb\xbfa,b\n1,2\n")[:2] == (1, "a")
    assert decode_fault(b"a,b\n1,2\n3,\xff\n")[:2] == (3, "b")
    assert decode_fault("a,b\n1,\ufffd\n".encode() + b"\xff")[:2] == (3, None)  # a genuine U+FFFD: the line only
    import pandas as pd

    frame = pd.DataFrame({"a": ["x" * MAX_FIELD_CHARS, "y" * (MAX_FIELD_CHARS + 1)]}, dtype="string")
    assert [(f.row, f.column) for f in size_faults(frame)] == [(3, "a")]


def test_schema_failure_sidelines_only_its_table(tmp_path: Path) -> None:
    root = edits.fresh_copy(tmp_path / "pkg")
    schema = root / "schemas" / "citations.schema.json"
    schema.write_text(schema.read_text("utf-8").replace('"type": "date"', '"type": "moment"', 1), "utf-8")
    edits.set_cell(root, "claims", 2, "claim_type", "rumour")
    edits.rehash(root)
    report = csto_annotations.validate(root)
    places = {(p.table, p.row, p.column) for p in report.errors}
    assert ("citations", None, "cited_date") in places and ("claims", 2, "claim_type") in places
    assert not [p for p in report.errors if "does not exist" in p.message]
