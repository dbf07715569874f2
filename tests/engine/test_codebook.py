"""Each codebook rule of the engine fires on a copy of the real package broken in one place.

The copy is re-hashed after the edit, so only the rule itself can refuse it; each
test names the rule's table, row and column, and the untouched copy passes.
"""

from __future__ import annotations

from pathlib import Path

import pytest

import csto_annotations
from csto_annotations._engine._codebook import sentences
from hostile import edits


def places(root: Path) -> set[tuple[str, int | None, str | None]]:
    return {(p.table, p.row, p.column) for p in csto_annotations.validate(root).errors}


@pytest.fixture()
def root(tmp_path: Path) -> Path:
    return edits.fresh_copy(tmp_path / "pkg")


def reported(root: Path) -> int:
    return edits.find_row(root, "claims", attribution="reported")


def test_the_real_package_keeps_every_rule(root: Path) -> None:
    assert places(root) == set()


def test_an_author_claim_has_no_cue(root: Path) -> None:
    row = edits.find_row(root, "claims", attribution="author")
    edits.set_cell(root, "claims", row, "cue", "said")
    edits.rehash(root)
    assert ("claims", row, "cue") in places(root)


@pytest.mark.parametrize("column", ["cue", "cue_start", "cue_end", "source_mention_id"])
def test_a_reported_claim_needs_every_attribution_column(root: Path, column: str) -> None:
    row = reported(root)
    edits.set_cell(root, "claims", row, column, "")
    edits.rehash(root)
    assert ("claims", row, column) in places(root)


def test_a_cue_is_sliced_from_the_text(root: Path) -> None:
    row = reported(root)
    edits.set_cell(root, "claims", row, "cue", edits.cell(root, "claims", row, "cue").upper())
    edits.rehash(root)
    assert ("claims", row, "cue") in places(root)


def test_a_reported_cue_lies_inside_its_claim(root: Path) -> None:
    text, rows = edits.text(root), edits.read_rows(root, "claims")
    header = rows[0]
    for row, cells in enumerate(rows[1:], 2):  # noqa: B007 - the row found is used after the loop
        claim = dict(zip(header, cells))
        if claim["attribution"] != "reported":
            continue
        outside = [i for i in range(len(text)) if text.startswith(claim["cue"], i)
                   and not int(claim["start"]) <= i < int(claim["end"])]  # fmt: skip
        if outside:
            break
    else:
        pytest.fail("no reported claim's cue occurs outside its span")
    edits.set_cell(root, "claims", row, "cue_start", str(outside[0]))
    edits.set_cell(root, "claims", row, "cue_end", str(outside[0] + len(claim["cue"])))
    edits.rehash(root)
    assert ("claims", row, "cue_start") in places(root)


def test_a_quoted_claim_carries_its_quotes_cue(root: Path) -> None:
    row = edits.find_row(root, "claims", attribution="quoted")
    start = int(edits.cell(root, "claims", row, "start"))
    edits.set_cell(root, "claims", row, "cue", edits.text(root)[start : start + 2])
    edits.set_cell(root, "claims", row, "cue_start", str(start))
    edits.set_cell(root, "claims", row, "cue_end", str(start + 2))
    edits.rehash(root)
    assert ("claims", row, "cue") in places(root)


def test_the_source_mention_names_the_source(root: Path) -> None:
    row = reported(root)
    other = edits.find_row(root, "mentions", entity_id="csto")
    edits.set_cell(root, "claims", row, "source_mention_id", edits.cell(root, "mentions", other, "mention_id"))
    edits.rehash(root)
    assert ("claims", row, "source_mention_id") in places(root)


def test_one_source_link_policy(root: Path) -> None:
    link = edits.find_row(root, "claim_entities", role="source")
    claim = edits.cell(root, "claim_entities", link, "claim_id")
    edits.set_cell(root, "claim_entities", link, "role", "subject")
    author_link = next(i for i, r in enumerate(edits.read_rows(root, "claim_entities")[1:], 2) if r[2] == "subject"
                       and r[0] != claim)  # fmt: skip
    edits.set_cell(root, "claim_entities", author_link, "role", "source")
    edits.rehash(root)
    found = places(root)
    assert ("claims", edits.find_row(root, "claims", claim_id=claim), "source_entity_id") in found
    assert ("claim_entities", author_link, "role") in found


def test_a_group_must_have_a_voice(root: Path) -> None:
    rows = edits.read_rows(root, "entities")
    rows.append(["silent-crowd", "A silent crowd", "group", "", "", "", "", ""][: len(rows[0])])
    edits.write_rows(root, "entities", rows)
    edits.rehash(root)
    assert ("entities", len(rows), "type") in places(root)


@pytest.mark.parametrize("start", ["which", "raising"])
def test_a_span_starts_at_its_subject(root: Path, start: str) -> None:
    text = edits.text(root)
    at = text.find(f" {start} ") + 1
    assert at > 0
    row = edits.find_row(root, "claims", attribution="author")
    edits.set_cell(root, "claims", row, "start", str(at))
    edits.set_cell(root, "claims", row, "end", str(at + len(start) + 6))
    edits.set_cell(root, "claims", row, "exact", text[at : at + len(start) + 6])
    edits.rehash(root)
    assert ("claims", row, "exact") in places(root)


def test_a_claim_in_a_cited_sentence_carries_the_citation(root: Path) -> None:
    row = next(i for i, r in enumerate(edits.read_rows(root, "claims")[1:], 2) if r[16])
    edits.set_cell(root, "claims", row, "citation_id", "")
    edits.rehash(root)
    assert ("claims", row, "citation_id") in places(root)


def test_sentences_follow_the_codebook() -> None:
    text = "He said “No.” Then: U.S. forces left. Done\nNext one! “Quoted” too."
    assert [text[a:b] for a, b in sentences(text)] == ["He said “No.”", "Then: U.S. forces left.", "Done",
                                                       "Next one!", "“Quoted” too."]  # fmt: skip
