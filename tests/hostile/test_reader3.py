"""Round 3 (issue 18) in the reader and the engine: line breaks, key types, strings, whole-value patterns.

The corpus cases of these families (corpus_reader3.py) check that each hostile package is refused
with a located message by every command; these tests check the rules themselves: what is accepted
(a CR is a line break, as frictionless reads it), what each message says, and that the fixes are
where the brief puts them (the JSON reader, one key rule before any join, fullmatch everywhere).
"""

from __future__ import annotations

import csv
import io
import json
import warnings
from pathlib import Path

import frictionless
import jsonschema
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import csto_annotations
from csto_annotations import DescriptorError, UnsafePathError
from csto_annotations._cite._work import work
from csto_annotations._cli import _spec
from csto_annotations._engine._csv import CsvFault, read_strings
from csto_annotations._engine._keys import check_keys, key_problems
from csto_annotations._export._common import safe_file_stem
from csto_annotations._reader._json import parse_json
from csto_annotations._reader._profile import DESCRIPTOR, NAME, SEMVER, SHA256, conforms
from hostile import edits

TABLES = ["documents", "entities", "mentions", "citations", "quotes", "claims", "claim_entities"]


# --- CSV: LF, CR LF and a lone CR are line breaks everywhere; an empty line is a located fault ------


@pytest.mark.parametrize("ending", [b"\r", b"\r\n"], ids=["classic-mac-cr", "crlf"])
def test_cr_line_endings_read_like_lf_and_frictionless_agrees(tmp_path: Path, ending: bytes) -> None:
    plain = edits.fresh_copy(tmp_path / "lf")
    other = edits.fresh_copy(tmp_path / "other")
    for table in TABLES:
        path = edits.csv_path(other, table)
        path.write_bytes(path.read_bytes().replace(b"\n", ending))
    edits.rehash(other)
    expected, found = csto_annotations.load(plain, verify="full"), csto_annotations.load(other)
    for table in TABLES:
        assert found.tables[table].equals(expected.tables[table]), table
    assert csto_annotations.validate(other).valid
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        assert frictionless.validate(str(other / "datapackage.json")).valid


@pytest.mark.parametrize(
    ("data", "row", "column", "message"),
    [
        (b"a\r,b\n1,2\n", 1, "b", "found the end of the line (a carriage return, CR, ends a line, so the header"),
        (b"a,b\r\r\n1,2\n", 2, None, "expected 2 cells, found an empty line"),
        (b"a,b\n1,2\n\n3,4\n", 3, None, "expected 2 cells, found an empty line"),
        (b"a,b\r1,2\r\r", 3, None, "expected 2 cells, found an empty line"),
        (b"a,b\n1,x\ry\n", 3, None, "expected 2 cells, found 1"),
    ],
    ids=["cr-in-header", "cr-cr-lf", "empty-line", "empty-line-at-end-cr", "cr-in-unquoted-cell"],
)
def test_line_break_faults_are_located(data: bytes, row: int, column: str | None, message: str) -> None:
    with pytest.raises(CsvFault) as caught:
        read_strings(data, ["a", "b"], "t")
    assert (caught.value.problem.row, caught.value.problem.column) == (row, column)
    assert message in caught.value.problem.message


def test_a_header_cell_past_the_csv_modules_field_limit_is_a_located_fault() -> None:
    before = csv.field_size_limit()
    try:
        for limit in (131_072, 1 << 30):  # Python's default, and what frictionless sets when imported
            csv.field_size_limit(limit)
            for names in (["a", "b"], ["y" * 200_000, "b"]):  # a long line, and a long name (the csv module reads it)
                with pytest.raises(CsvFault) as caught:
                    read_strings(b"x" * 200_000 + b",b\n1,2\n", names, "t")
                assert caught.value.problem.row == 1 and caught.value.problem.message.startswith("expected")
                assert len(caught.value.problem.message) < 200 or names[0] != "a"  # the profile bounds names
    finally:
        csv.field_size_limit(before)


@pytest.mark.parametrize(("past", "refused"), [(0, False), (1, True)])
def test_field_names_have_at_most_max_name_chars(past: int, refused: bool) -> None:
    """A field name is a header cell, a column of every export and part of every problem line."""
    from csto_annotations._base._limits import MAX_NAME_CHARS
    from csto_annotations._reader._profile import check_schema

    schema = {"fields": [{"name": "f" * (MAX_NAME_CHARS + past), "type": "string"}]}
    try:
        check_schema(schema, "s.json")
    except DescriptorError as error:
        assert refused and "fields[0].name" in str(error)
    else:
        assert not refused


_PIECES = st.sampled_from([b"a", b"b", b",", b'"', b"\r", b"\n", b"\r\n", "é".encode(), b"\xff", b"x"])


@settings(max_examples=1500, deadline=None, derandomize=True, database=None)
@given(head=st.lists(_PIECES, max_size=6), body=st.lists(_PIECES, max_size=20))
def test_any_bytes_are_read_like_pythons_csv_or_refused_with_a_row(head: list[bytes], body: list[bytes]) -> None:
    """The engine's reader (which build uses too) raises only CsvFault, and what it accepts it reads as
    Python's csv module does: the same rows, the same cells."""
    data = b"".join(head) + b"a,b\n" + b"".join(body)
    try:
        table = read_strings(data, ["a", "b"], "t")
    except CsvFault as fault:
        assert fault.problem.table == "t" and fault.problem.message.startswith("expected")
        return
    rows = list(csv.reader(io.StringIO(data.decode("utf-8"), newline="")))
    assert rows[0] == ["a", "b"]
    assert [[row["a"], row["b"]] for row in table.to_pylist()] == rows[1:]


def test_line_breaks_inside_quotes_stay_values() -> None:
    table = read_strings(b'a,b\r1,"x\r\ry"\r2,"\n\n"\r', ["a", "b"], "t")
    assert table.column("b").to_pylist() == ["x\r\ry", "\n\n"]


# --- keys: the two ends of a foreign key have the same types, checked from the schemas alone -----


def _schemas(kind: str, target_kind: str = "string") -> dict[str, dict]:
    return {
        "a": {
            "fields": [{"name": "k", "type": kind}, {"name": "j", "type": "string"}],
            "foreignKeys": [{"fields": ["k"], "reference": {"resource": "b", "fields": ["id"]}}],
        },
        "b": {"fields": [{"name": "id", "type": target_kind}, {"name": "n", "type": "integer"}]},
    }


WHERE = {"a": "a.schema.json", "b": "b.schema.json"}


@pytest.mark.parametrize("kind", ["integer", "number", "boolean", "date"])
def test_a_foreign_key_between_types_is_refused_naming_both_ends(kind: str) -> None:
    with pytest.raises(DescriptorError) as caught:
        check_keys(_schemas(kind), WHERE)
    assert str(caught.value).startswith(f"a.schema.json: foreign key k ({kind}) → b.id (string): ")
    check_keys(_schemas(kind, kind), WHERE)  # the same type at both ends is a key like any other


def test_composite_keys_compare_field_by_field() -> None:
    schemas = _schemas("string")
    schemas["a"]["foreignKeys"] = [{"fields": ["k", "j"], "reference": {"resource": "b", "fields": ["id", "n"]}}]
    with pytest.raises(DescriptorError, match=r"k \(string\), j \(string\) → b.id \(string\), n \(integer\)"):
        check_keys(schemas, WHERE)
    schemas["a"]["foreignKeys"][0]["reference"]["fields"] = ["n", "id"]
    with pytest.raises(DescriptorError, match=r"→ b.n \(integer\), id \(string\)"):
        check_keys(schemas, WHERE)


@pytest.mark.parametrize(
    ("edit", "message"),
    [
        (lambda s: s["a"].update(primaryKey=["nope"]), "key field 'nope' is not a field"),
        (lambda s: s["a"]["foreignKeys"][0].update(fields=["nope"]), "key field 'nope' is not a field"),
        (lambda s: s["a"]["foreignKeys"][0]["reference"].update(resource="c"), "refers to 'c'"),
        (lambda s: s["a"]["foreignKeys"][0]["reference"].update(fields=["nope"]), "which the package does not have"),
        (lambda s: s["a"]["foreignKeys"][0]["reference"].update(fields=["id", "n"]), "different number of fields"),
    ],
    ids=["primary-key", "foreign-key-field", "resource", "reference-field", "count"],
)
def test_keys_name_fields_the_schemas_have(edit, message: str) -> None:  # type: ignore[no-untyped-def]
    schemas = _schemas("string")
    edit(schemas)
    with pytest.raises(DescriptorError, match=message):
        check_keys(schemas, WHERE)


def test_the_key_rule_runs_before_any_join(tmp_path: Path) -> None:
    """A package whose only fault is a key between types: one DescriptorError, from load() and validate alike."""
    root = edits.fresh_copy(tmp_path / "pkg")
    schema_path = root / "schemas" / "claims.schema.json"
    schema = json.loads(schema_path.read_text("utf-8"))
    schema["foreignKeys"].append(
        {"fields": ["event_date"], "reference": {"resource": "entities", "fields": ["entity_id"]}}
    )
    schema_path.write_text(json.dumps(schema, indent=2), "utf-8")
    edits.rehash(root)
    with pytest.raises(DescriptorError, match=r"event_date \(date\) → entities.entity_id \(string\)"):
        csto_annotations.load(root)
    report = csto_annotations.validate(root)
    assert [p.table for p in report.errors] == ["datapackage.json"]
    assert "event_date (date) → entities.entity_id (string)" in report.errors[0].message


def test_an_enum_field_joins_a_plain_one_and_keys_print_as_written() -> None:
    import pandas as pd

    frames = {
        "a": pd.DataFrame({"k": pd.Categorical(["x", "y"], categories=["x", "y"])}),
        "b": pd.DataFrame({"id": pd.array(["x"], dtype="string")}),
        "c": pd.DataFrame(
            {"d": pd.to_datetime(["2007-10-06", "2007-10-06"]), "t": pd.array([True, True], dtype="boolean")}
        ),
    }
    schemas = {
        "a": {
            "fields": [{"name": "k", "type": "string", "constraints": {"enum": ["x", "y"]}}],
            "foreignKeys": [{"fields": ["k"], "reference": {"resource": "b", "fields": ["id"]}}],
        },
        "b": {"fields": [{"name": "id", "type": "string"}]},
        "c": {"fields": [{"name": "d", "type": "date"}, {"name": "t", "type": "boolean"}], "primaryKey": ["d", "t"]},
    }
    assert [str(p) for p in key_problems(frames, schemas)] == [
        "a row 3 column k: expected a key of b.id, found 'y'",
        "c row 3 column d,t: expected a unique primary key, found (2007-10-06, true) again (first in row 2)",
    ]


# --- strings: every JSON string is Unicode text ----------------------------------------------------


@pytest.mark.parametrize(
    ("data", "place", "escape"),
    [
        (b'{"title": "a\\ud800b"}', "at title,", "\\ud800"),
        (b'{"keywords": ["ok", "\\uDC00"]}', "at keywords[1],", "\\udc00"),
        (b'{"contributors": [{"title": "\\udfff"}]}', "at contributors[0].title,", "\\udfff"),
        (b'{"x": {"\\ud83d": 1}}', "at a key of x,", "\\ud83d"),
        (b'"\\ude00\\ud83d"', "at the top level,", "\\ude00"),  # a pair in the wrong order
    ],
)
def test_a_lone_surrogate_is_refused_naming_file_and_place(data: bytes, place: str, escape: str) -> None:
    with pytest.raises(DescriptorError) as caught:
        parse_json(data, "d.json")
    message = str(caught.value)
    assert message.startswith(f"d.json: {place} the escape {escape} is a lone surrogate")
    message.encode("utf-8")  # the message itself is printable anywhere


@pytest.mark.parametrize("data", [b'"\\ud83d\\ude00"', b'"\\\\ud800"', b'{"a": "\\u00e9\\u20ac"}'])
def test_surrogate_pairs_and_escaped_backslashes_are_text(data: bytes) -> None:
    assert json.dumps(parse_json(data, "d.json"), ensure_ascii=False).encode("utf-8")


# --- every validation pattern matches the whole value ----------------------------------------------


@pytest.mark.parametrize(
    ("pattern", "good"),
    [(NAME, "claims"), (SEMVER, "2.0.0"), (SHA256, "sha256:" + "0" * 64)],
    ids=["name", "version", "hash"],
)
def test_profile_patterns_refuse_a_trailing_newline_in_both_checkers(pattern: str, good: str) -> None:
    checker = jsonschema.Draft202012Validator({"type": "string", "pattern": pattern})
    schema = {"type": "string", "pattern": pattern}
    assert conforms(good, schema) and checker.is_valid(good)
    for bad in (good + "\n", good + "\r", "\n" + good):
        assert not conforms(bad, schema) and not checker.is_valid(bad), repr(bad)


def test_a_resource_named_with_a_newline_is_refused(tmp_path: Path) -> None:
    root = edits.fresh_copy(tmp_path / "pkg")
    data = edits.descriptor(root)
    data["resources"][1]["name"] = "extra\n"
    assert not conforms(data, DESCRIPTOR)
    edits.write_descriptor(root, data)
    with pytest.raises(DescriptorError, match=r"resources\[1\]\.name"):
        csto_annotations.load(root)


def test_other_whole_value_patterns() -> None:
    assert _spec("1.0.0") == {"version": "1.0.0"} and _spec("1.0.0\n") == {"source": "1.0.0\n"}
    with pytest.raises(UnsafePathError):
        safe_file_stem("edm-4-191\n")
    base = {"name": "d", "version": "1.0.0"}
    assert work({**base, "id": "https://doi.org/10.5281/zenodo.1"}).doi == "10.5281/zenodo.1"
    assert work({**base, "id": "10.5281/zenodo.1 extra"}).doi == ""
    assert work({**base, "created": "\u0662\u0660\u0662\u0666-01-01"}).date == ""  # Arabic-Indic digits
