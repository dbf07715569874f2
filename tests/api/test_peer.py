"""validate --frictionless: frictionless in a child process, its findings as problems, stopped at its deadline."""

from __future__ import annotations

import json
import time
from pathlib import Path

import frictionless
import pytest

import csto_annotations
from csto_annotations._base import _limits
from csto_annotations._peer import frictionless_problems
from hostile import edits


def test_the_childs_findings_are_frictionless_own(tmp_path: Path) -> None:
    root = edits.fresh_copy(tmp_path / "pkg")
    edits.set_cell(root, "claims", 3, "claim_id", edits.cell(root, "claims", 2, "claim_id"))
    edits.set_cell(root, "documents", 2, "volume", "four")
    edits.rehash(root)
    report = frictionless.validate(str(root / "datapackage.json"))
    expected = {(t.name, getattr(e, "row_number", None), getattr(e, "field_name", None), e.type)
                for t in report.tasks for e in t.errors}  # fmt: skip
    found = {(p.table, p.row, p.column, p.message.split(":")[0].removeprefix("frictionless ")) for p in
             frictionless_problems(root)}  # fmt: skip
    assert found == expected and ("documents", 2, "volume", "type-error") in found


def test_an_exponential_pattern_is_stopped_at_the_deadline(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    root = edits.fresh_copy(tmp_path / "pkg")
    schema = root / "schemas" / "entities.schema.json"
    data = json.loads(schema.read_text("utf-8"))
    next(f for f in data["fields"] if f["name"] == "description")["constraints"] = {"pattern": r"(a+)+b|[\s\S]*"}
    schema.write_text(json.dumps(data), "utf-8")
    edits.set_cell(root, "entities", 2, "description", "a" * 64 + "!")
    edits.rehash(root)
    assert csto_annotations.validate(root).valid, "RE2, the engine's, matches it in linear time"
    monkeypatch.setattr(_limits, "PEER_DEADLINE", 3.0)
    started = time.monotonic()
    with pytest.raises(csto_annotations.LimitError, match=r"frictionless did not finish within 3 s") as caught:
        csto_annotations.validate(root, peer=True)
    assert time.monotonic() - started < 3.0 + 5.0
    assert "backtracking" in str(caught.value) and str(root) in str(caught.value)
