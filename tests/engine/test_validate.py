"""validate(): the fixture and the real data pass; each check catches its breakage exactly."""

from __future__ import annotations

from pathlib import Path

import pytest

import csto_annotations
from helpers import REPO, TEXT, cell, edit_cell


def where(report: csto_annotations.Report) -> list[tuple[str, int | None, str | None]]:
    return [(p.table, p.row, p.column) for p in report.errors]


def test_fixture_package_is_valid(package: Path) -> None:
    report = csto_annotations.validate(package)
    assert report.problems == [] and report.valid


def test_real_data_is_valid() -> None:
    report = csto_annotations.validate(REPO)
    assert report.errors == [], "\n".join(map(str, report.errors))


def test_real_data_passes_frictionless_on_its_own() -> None:
    import frictionless

    report = frictionless.validate(str(REPO / "datapackage.json"))
    assert report.valid, report.flatten(["rowNumber", "fieldName", "type", "note"])


def test_span_text_mismatch(package: Path) -> None:
    start, end = int(cell(package, "mentions", 3, "start")), int(cell(package, "mentions", 3, "end"))
    edit_cell(package, "mentions", 3, "start", str(start + 1), rehash=False)
    edit_cell(package, "mentions", 3, "end", str(end + 1))
    report = csto_annotations.validate(package)
    assert where(report) == [("mentions", 3, "exact")]
    problem = report.errors[0]
    assert problem.key == "mention_id MN-0002"
    assert problem.message.startswith(f"expected text[{start + 1}:{end + 1}] == 'ollective")


def test_span_beyond_document(package: Path) -> None:
    edit_cell(package, "claims", 2, "end", "7000")
    report = csto_annotations.validate(package)
    assert where(report) == [("claims", 2, "end")]
    length = len(TEXT.read_text("utf-8"))
    assert f"expected end <= {length} (length of edm-4-191), found 7000" in report.errors[0].message


def test_start_not_before_end(package: Path) -> None:
    edit_cell(package, "citations", 2, "end", cell(package, "citations", 2, "start"))
    report = csto_annotations.validate(package)
    assert where(report) == [("citations", 2, "end")]
    assert report.errors[0].key == "citation_id CT-0001"


def test_span_with_surrounding_white_space(package: Path) -> None:
    edit_cell(package, "mentions", 3, "end", str(int(cell(package, "mentions", 3, "end")) + 1), rehash=False)
    edit_cell(package, "mentions", 3, "exact", "Collective Security Treaty Organization ")
    assert where(csto_annotations.validate(package)) == [("mentions", 3, "exact")]


@pytest.mark.parametrize("column, value", [("text_sha256", "0" * 64), ("length", "6546"), ("length", "6478")])
def test_document_text_facts(package: Path, column: str, value: str) -> None:
    edit_cell(package, "documents", 2, column, value)
    report = csto_annotations.validate(package)
    assert where(report) == [("documents", 2, column)]
    assert report.errors[0].key == "document_id edm-4-191"


def test_utterance_parts_share_citation(package: Path) -> None:
    edit_cell(package, "quotes", 3, "citation_id", "CT-0003")
    report = csto_annotations.validate(package)
    assert set(where(report)) == {("quotes", 3, "citation_id")}, "the utterance rule and the citation scope (R7.4)"
    assert any("like QT-0001 (same utterance UT-0001)" in p.message for p in report.errors)


def test_utterance_parts_share_speaker(package: Path) -> None:
    edit_cell(package, "quotes", 2, "speaker_entity_id", "western-observers")
    report = csto_annotations.validate(package)
    assert where(report) == [("quotes", 3, "speaker_entity_id")]


def test_direct_quote_needs_speaker(package: Path) -> None:
    edit_cell(package, "quotes", 3, "speaker_entity_id", "")
    report = csto_annotations.validate(package)
    assert where(report) == [("quotes", 3, "speaker_entity_id")] * 2
    assert {p.message.split(",")[0] for p in report.errors} == {
        "expected 'kurmanbek-bakiyev' like QT-0001 (same utterance UT-0001)",
        "expected the speaker of a direct quote",
    }


def test_quoted_claim_outside_its_quote(package: Path) -> None:
    edit_cell(package, "claims", 5, "quote_id", "QT-0001")
    report = csto_annotations.validate(package)
    assert where(report) == [("claims", 5, "end")]
    assert report.errors[0].message.startswith("expected a span inside quote QT-0001")


def test_quoted_claim_shares_speaker(package: Path) -> None:
    edit_cell(package, "claims", 5, "source_entity_id", "western-observers")
    report = csto_annotations.validate(package)
    assert ("claims", 5, "source_entity_id") in where(report)
    assert any(p.message.startswith("expected 'kurmanbek-bakiyev', the speaker of QT-0002") for p in report.errors)
    assert ("claims", 5, "source_mention_id") in where(report), "the source mention names the old speaker (R6.6.4)"


@pytest.mark.parametrize(
    "row, column, value, expected",
    [
        (2, "source_entity_id", "csto", "expected an empty cell for an author claim, found 'csto'"),
        (4, "source_entity_id", "", "expected the source entity of a reported claim, found an empty cell"),
        (5, "source_entity_id", "", "expected the source entity of a quoted claim, found an empty cell"),
        (5, "quote_id", "", "expected the quote that contains this quoted claim, found an empty cell"),
        (2, "quote_id", "QT-0001", "expected an empty cell for a author claim, found 'QT-0001'"),
    ],
)
def test_attribution_rules(package: Path, row: int, column: str, value: str, expected: str) -> None:
    edit_cell(package, "claims", row, column, value)
    report = csto_annotations.validate(package)
    assert ("claims", row, column) in where(report)
    assert expected in [p.message for p in report.errors]


def test_cited_outlet_is_media_outlet(package: Path) -> None:
    edit_cell(package, "citations", 3, "outlet_entity_id", "kazakhstan")
    report = csto_annotations.validate(package)
    assert where(report) == [("citations", 3, "outlet_entity_id")]
    assert report.errors[0].message == "expected a media_outlet entity, found 'kazakhstan' of type 'country'"


def test_duplicate_mention_span(package: Path) -> None:
    for column in ("start", "end"):
        edit_cell(package, "mentions", 4, column, cell(package, "mentions", 2, column), rehash=False)
    edit_cell(package, "mentions", 4, "exact", "CSTO")
    report = csto_annotations.validate(package)
    assert where(report) == [("mentions", 4, "start")]
    assert "same span as row 2" in report.errors[0].message


def test_foreign_key_from_frictionless(package: Path) -> None:
    edit_cell(package, "mentions", 2, "entity_id", "ruritania")
    report = csto_annotations.validate(package)
    assert where(report) == [("mentions", 2, "entity_id")]
    assert report.errors[0].message == "expected a key of entities.entity_id, found 'ruritania'"
    assert str(report.errors[0]).startswith("mentions row 2 column entity_id: expected")


def test_type_and_pattern_errors_from_frictionless(package: Path) -> None:
    edit_cell(package, "claims", 3, "start", "early", rehash=False)
    edit_cell(package, "entities", 4, "country", "Tajikistan")
    report = csto_annotations.validate(package)
    assert sorted(where(report)) == [("claims", 3, "start"), ("entities", 4, "country")]
    assert all(p.message.startswith("expected") for p in report.errors)


def test_integrity_problem_is_reported(package: Path) -> None:
    path = package / "data" / "claims.csv"
    path.write_bytes(path.read_bytes().replace(b"The CSTO signed", b"The CSTO Signed"))
    report = csto_annotations.validate(package)
    assert where(report) == [("claims", None, None)]
    assert "claims.csv" in report.errors[0].message


def test_broken_descriptor_is_reported(package: Path) -> None:
    (package / "datapackage.json").write_text("{", "utf-8")
    report = csto_annotations.validate(package)
    assert where(report) == [("datapackage.json", None, None)] and not report.valid


def test_formula_injection_is_a_warning(package: Path) -> None:
    edit_cell(package, "entities", 2, "description", '=HYPERLINK("http://x")')
    report = csto_annotations.validate(package)
    assert report.valid
    assert [(p.table, p.row, p.column, p.severity) for p in report.warnings] == [
        ("entities", 2, "description", "warning")
    ]
    assert str(report.warnings[0]).startswith("warning: entities row 2 column description: expected no leading")


def test_span_checks_are_vectorised() -> None:
    import pandas as pd

    from csto_annotations._engine._rules import span_mismatch

    text = "ab" * 50_000
    n = 200_000
    starts = pd.Series([i % 99_000 for i in range(n)])
    ends = starts + 2
    exacts = pd.Series(["ab" if s % 2 == 0 else "ba" for s in starts], dtype="string")
    exacts[7] = "xx"
    result = span_mismatch(pd.Series(["d"] * n), starts, ends, exacts, {"d": text})
    assert result.sum() == 1 and result[7]


@pytest.mark.parametrize(
    "value", ["1000000000000000000", "-1000000000000000000", "9223372036854775807", "-9223372036854775808"]
)
def test_an_integer_of_nineteen_digits_is_refused_in_every_column(package: Path, value: str) -> None:
    """At most 18 digits (``TYPES``), so that every client holds the value: also in a required column whose other
    cells are all well formed, which the engine types in one cast."""
    edit_cell(package, "claims", 2, "start", value)
    errors = [p for p in csto_annotations.validate(package).errors if (p.row, p.column) == (2, "start")]
    assert [p.message for p in errors] == [f"expected an integer in canonical form (like 12 or -3), found {value!r}"]


def test_the_engine_releases_each_tables_bytes_once_parsed() -> None:
    """Issue 22's memory: the rules run without every file's bytes beside the frames; the texts stay for them."""
    from csto_annotations._base._paths import bundled_root
    from csto_annotations._engine._run import check
    from csto_annotations._reader._package import read_package

    package = read_package(bundled_root())
    tables, texts = set(package.table_names), set(package.data) - set(package.table_names)
    assert tables <= set(package.data) and texts, "the reader hands over every file"
    checked = check(package, "full")
    assert set(package.data) == texts and set(checked.frames) == tables
    assert not checked.problems


def test_a_problem_prints_every_part_with_control_characters_escaped() -> None:
    # A Table Schema may name a field with control characters; str(problem) reaches terminals through the API.
    problem = csto_annotations.Problem("claims\x1b[2J", 3, "note\x1b]0;x\x07", "expected\nx", "claim_id CL\x00")
    assert str(problem) == r"claims\x1b[2J row 3 column note\x1b]0;x\x07: expected\x0ax (claim_id CL\x00)"
    assert str(csto_annotations.Problem("claims", None, "", "m")) == "claims column : m"
