"""Property-based tests (hypothesis) over the real package.

1. A single-byte change (replace, insert or delete) anywhere in any resource:
   ``load(verify=True)`` raises IntegrityError, or the bytes are unchanged and
   the data is exactly the published data. It never returns other data.
2. A value that breaks a column's Table Schema (wrong type, outside its enum
   or pattern, below its minimum, empty when required, or a dangling foreign
   key), written at a random row with every hash re-measured: ``validate``
   reports that exact row and column.

Both run with a fixed seed (``derandomize=True``) and few examples in the
normal run, and again with many examples under ``-m nightly`` (``helpers.nightly_examples``).
"""

from __future__ import annotations

import json
import re
import string
from dataclasses import dataclass
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import csto_annotations
from helpers import nightly_examples
from hostile import edits

COMMON = dict(
    derandomize=True,
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
FAST_BYTES = settings(max_examples=40, **COMMON)
NIGHTLY_BYTES = settings(max_examples=nightly_examples(1000), **COMMON)
FAST_CELLS = settings(max_examples=12, **COMMON)
NIGHTLY_CELLS = settings(max_examples=nightly_examples(300), **COMMON)


@dataclass
class Pristine:
    """A private copy of the real package, restored after every example."""

    root: Path
    files: dict[Path, bytes]
    reference: csto_annotations.Dataset

    def restore(self) -> None:
        for path, data in self.files.items():
            path.write_bytes(data)


@pytest.fixture(scope="module")
def pristine(tmp_path_factory: pytest.TempPathFactory) -> Pristine:
    root = edits.fresh_copy(tmp_path_factory.mktemp("properties") / "pkg")
    files = {p: p.read_bytes() for p in root.rglob("*") if p.is_file()}
    return Pristine(root, files, csto_annotations.load(root))


RESOURCES = [r["path"] for r in edits.descriptor(edits.REPO)["resources"]]


@st.composite
def byte_changes(draw: st.DrawFn) -> tuple[str, str, int, int]:
    """(resource path, kind, position, byte): one byte replaced, inserted or deleted."""
    path = draw(st.sampled_from(RESOURCES))
    size = (edits.REPO / path).stat().st_size
    kind = draw(st.sampled_from(["replace", "insert", "delete"]))
    position = draw(st.integers(0, size - 1 if kind != "insert" else size))
    return path, kind, position, draw(st.integers(0, 255))


def changed(data: bytes, kind: str, position: int, value: int) -> bytes:
    if kind == "replace":
        return data[:position] + bytes([value]) + data[position + 1 :]
    if kind == "insert":
        return data[:position] + bytes([value]) + data[position:]
    return data[:position] + data[position + 1 :]


def check_byte_change(pristine: Pristine, change: tuple[str, str, int, int]) -> None:
    relative, kind, position, value = change
    path = pristine.root / relative
    original = pristine.files[path]
    data = changed(original, kind, position, value)
    path.write_bytes(data)
    try:
        try:
            ds = csto_annotations.load(pristine.root)
        except csto_annotations.IntegrityError as error:
            assert data != original
            assert error.resource is not None and Path(relative).name in str(error)
            return
        assert data == original, f"{relative} changed ({kind} at {position}) but load() returned data"
        for name, frame in pristine.reference.tables.items():
            assert ds.tables[name].equals(frame)
    finally:
        pristine.restore()


@FAST_BYTES
@given(change=byte_changes())
def test_single_byte_change_is_refused_or_harmless(pristine: Pristine, change: tuple[str, str, int, int]) -> None:
    check_byte_change(pristine, change)


@pytest.mark.nightly
@NIGHTLY_BYTES
@given(change=byte_changes())
def test_single_byte_change_is_refused_or_harmless_nightly(
    pristine: Pristine, change: tuple[str, str, int, int]
) -> None:
    check_byte_change(pristine, change)


# --- schema-breaking values ----------------------------------------------------

TABLES = [r["name"] for r in edits.descriptor(edits.REPO)["resources"] if r.get("type") == "table"]
SCHEMAS = {t: json.loads((edits.REPO / "schemas" / f"{t}.schema.json").read_text("utf-8")) for t in TABLES}
TEXT = st.text(alphabet=string.ascii_letters + string.digits + " -_.,;:'\"()/", min_size=1, max_size=12)


def _parent(table: str, column: str) -> tuple[str, str] | None:
    """The (table, column) a single-column foreign key of ``table.column`` points to."""
    for fk in SCHEMAS[table].get("foreignKeys", []):
        fields = [fk["fields"]] if isinstance(fk["fields"], str) else fk["fields"]
        if fields == [column]:
            target = fk["reference"]["fields"]
            return fk["reference"]["resource"], target if isinstance(target, str) else target[0]
    return None


def _keys(table: str, column: str) -> set[str]:
    """The values of ``table.column`` in the published package."""
    rows = edits.read_rows(edits.REPO, table)
    index = rows[0].index(column)
    return {row[index] for row in rows[1:]}


def breakers(table: str, field: dict) -> list[st.SearchStrategy[str]]:
    """Strategies for values that break ``field``'s schema (empty when none can)."""
    rules, kind, out = field.get("constraints", {}), field.get("type", "string"), []
    if rules.get("required"):
        out.append(st.just(""))
    if kind in ("integer", "number"):
        out.append(st.from_regex(r"[a-z][a-z0-9]{0,5}", fullmatch=True))
        if "minimum" in rules:
            out.append(st.integers(-1000, rules["minimum"] - 1).map(str))
    elif kind == "date":
        out.append(st.from_regex(r"20[0-9]{2}-(1[3-9]|00)-[0-2][0-9]|[0-9]{2}/[0-9]{2}/20[0-9]{2}", fullmatch=True))
    if "enum" in rules:
        out.append(TEXT.filter(lambda v: v not in rules["enum"]))
    if "pattern" in rules:
        pattern = rules["pattern"]
        out.append(TEXT.filter(lambda v: re.fullmatch(pattern, v) is None))
        parent = _parent(table, field["name"])
        if parent:
            keys = _keys(*parent)
            out.append(st.from_regex(pattern, fullmatch=True).filter(lambda v: v not in keys))
    return out


CELLS = [(t, f["name"], b) for t in TABLES for f in SCHEMAS[t]["fields"] for b in [breakers(t, f)] if b]
ROWS = {t: len(edits.read_rows(edits.REPO, t)) for t in TABLES}


@st.composite
def broken_cells(draw: st.DrawFn) -> tuple[str, int, str, str]:
    """(table, row, column, value): a schema-breaking value at a random row (header = 1)."""
    table, column, strategies = draw(st.sampled_from(CELLS))
    row = draw(st.integers(2, ROWS[table]))
    return table, row, column, draw(st.one_of(strategies))


def check_broken_cell(pristine: Pristine, cell: tuple[str, int, str, str]) -> None:
    table, row, column, value = cell
    edits.set_cell(pristine.root, table, row, column, value)
    edits.rehash(pristine.root)
    try:
        report = csto_annotations.validate(pristine.root)
        places = {(p.table, p.row, p.column) for p in report.errors}
        assert (table, row, column) in places, f"{value!r} at {table} row {row} column {column}:\n{report}"
    finally:
        pristine.restore()


@FAST_CELLS
@given(cell=broken_cells())
def test_schema_breaking_value_is_reported_at_its_cell(pristine: Pristine, cell: tuple[str, int, str, str]) -> None:
    check_broken_cell(pristine, cell)


@pytest.mark.nightly
@NIGHTLY_CELLS
@given(cell=broken_cells())
def test_schema_breaking_value_is_reported_at_its_cell_nightly(
    pristine: Pristine, cell: tuple[str, int, str, str]
) -> None:
    check_broken_cell(pristine, cell)


def test_every_column_that_can_be_broken_is_drawn() -> None:
    """The strategy covers each table, and each kind of breakage is available."""
    assert {t for t, _, _ in CELLS} == set(TABLES)
    assert ("claims", "claim_type") in {(t, c) for t, c, _ in CELLS}
    assert ("claim_entities", "entity_id") in {(t, c) for t, c, _ in CELLS}
    assert ("mentions", "start") in {(t, c) for t, c, _ in CELLS}
    assert ("citations", "cited_date") in {(t, c) for t, c, _ in CELLS}
