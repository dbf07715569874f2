"""spaCy export: the DocBin read back with spaCy; texts, span groups, entities and user data match the CSVs."""

from __future__ import annotations

import itertools
import re
from pathlib import Path
from typing import Any

import pytest
import spacy
from exportkit import KEYS, SPAN_TABLES, Package, read_package
from spacy.tokens import DocBin

from csto_annotations._export import _spacy
from helpers import REPO


@pytest.fixture(scope="session")
def docs(exported: Any) -> list[Any]:
    path = exported("_spacy") / "csto-annotations.spacy"
    return list(DocBin().from_disk(path).get_docs(spacy.blank("en").vocab))


def expected_label(table: str, row: dict[str, str], types: dict[str, str]) -> tuple[str, str]:
    """Label and kb_id each table's spans must carry, as docs/formats.md documents them."""
    return {
        "mentions": lambda: (types[row["entity_id"]], row["entity_id"]),
        "quotes": lambda: (row["kind"], row["speaker_entity_id"]),
        "claims": lambda: (row["claim_type"], row["source_entity_id"]),
        "citations": lambda: ("citation", row["outlet_entity_id"]),
    }[table]()


def test_one_doc_per_document_with_the_exact_text(docs: list[Any], pkg: Package) -> None:
    assert [d.user_data["csto_annotations"]["document_id"] for d in docs] == list(pkg.texts)
    assert [d.text for d in docs] == list(pkg.texts.values())


def test_span_groups_hold_every_row_exactly(docs: list[Any], pkg: Package) -> None:
    types = pkg.entity_type()
    for table in SPAN_TABLES:
        got = {
            (
                d.user_data["csto_annotations"]["document_id"],
                s.id_,
                s.start_char,
                s.end_char,
                s.text,
                s.label_,
                s.kb_id_,
            )
            for d in docs
            for s in d.spans[table]
        }
        wanted = {
            (
                r["document_id"],
                r[KEYS[table]],
                int(r["start"]),
                int(r["end"]),
                r["exact"],
                *expected_label(table, r, types),
            )
            for r in pkg.rows(table)
        }
        assert got == wanted, table
        assert sum(len(d.spans[table]) for d in docs) == len(pkg.rows(table))


def test_ents_are_the_mentions_that_do_not_overlap(docs: list[Any]) -> None:
    for doc in docs:
        ents = {(e.start_char, e.end_char, e.label_, e.kb_id_) for e in doc.ents}
        mentions = {(s.start_char, s.end_char, s.label_, s.kb_id_) for s in doc.spans["mentions"]}
        assert ents <= mentions
        ordered = sorted(ents)
        assert all(a[1] <= b[0] for a, b in itertools.pairwise(ordered))
        # A mention left out of doc.ents overlaps one that is in it.
        for start, end, *_ in mentions - ents:
            assert any(s < end and start < e for s, e, *_ in ents)


def test_user_data_carries_every_column(docs: list[Any], pkg: Package) -> None:
    for table in SPAN_TABLES:
        records = {k: v for d in docs for k, v in d.user_data["csto_annotations"]["records"][table].items()}
        as_csv = {k: {c: "" if v is None else str(v) for c, v in r.items()} for k, r in records.items()}
        assert as_csv == {r[KEYS[table]]: r for r in pkg.rows(table)}, table
    links = {k: v for d in docs for k, v in d.user_data["csto_annotations"]["claim_entities"].items()}
    assert sum(len(v) for v in links.values()) == len(pkg.rows("claim_entities"))
    assert all(
        {"entity_id": r["entity_id"], "role": r["role"]} in links[r["claim_id"]] for r in pkg.rows("claim_entities")
    )


def test_alignment_counts_match_a_fresh_blank_tokenizer(docs: list[Any], pkg: Package) -> None:
    nlp = spacy.blank("en")
    fresh = {d: nlp(t) for d, t in pkg.texts.items()}
    for table in SPAN_TABLES:
        on_tokens = sum(
            fresh[r["document_id"]].char_span(int(r["start"]), int(r["end"])) is not None for r in pkg.rows(table)
        )
        counts = {k: sum(d.user_data["csto_annotations"]["alignment"][table][k] for d in docs) for k in _spacy.OUTCOMES}
        assert counts["as_tokenized"] == on_tokens, table
        assert counts["as_tokenized"] + counts["split"] == len(pkg.rows(table)), table
        assert counts["expanded"] == counts["skipped"] == 0


def test_tokens_are_split_at_span_boundaries_inside_a_token(docs: list[Any], pkg: Package) -> None:
    doc = docs[0]
    text = pkg.texts["edm-4-191"]
    start = text.index("U.S.-Russia")
    assert spacy.blank("en")(text[start : start + 11])[0].text == "U.S.-Russia"
    pieces = [t.text for t in doc if start <= t.idx < start + 11]
    assert pieces == ["U.S.", "-", "Russia"]


def test_docs_state_the_measured_alignment(real: Path) -> None:
    pkg = read_package(real)  # docs/formats.md gives the real package's numbers
    nlp = spacy.blank("en")
    rows = [r for t in SPAN_TABLES for r in pkg.rows(t)]
    on_tokens = sum(
        nlp(pkg.texts[r["document_id"]]).char_span(int(r["start"]), int(r["end"])) is not None for r in rows
    )
    doc_text = " ".join((REPO / "docs" / "formats.md").read_text("utf-8").split())
    match = re.search(r"(\d+) of the (\d+) spans fall on the blank English tokenizer's token boundaries", doc_text)
    assert match, "docs/formats.md must state the alignment counts"
    assert (int(match.group(1)), int(match.group(2))) == (on_tokens, len(rows))


def test_missing_spacy_names_the_extra(dataset: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from csto_annotations._base._errors import OptionalDependencyError

    monkeypatch.setitem(__import__("sys").modules, "spacy", None)
    with pytest.raises(OptionalDependencyError) as caught:
        _spacy.write(dataset, tmp_path)
    message = str(caught.value)
    assert "'spacy' extra" in message and 'pip install -e ".[spacy]"' in message and "\n" not in message
    assert list(tmp_path.iterdir()) == []


def test_the_one_sweep_splits_tokens_as_spacys_retokenizer_does(pkg: Package) -> None:
    """Every third character a boundary (inside words, punctuation and whitespace alike), on the real text."""
    nlp = spacy.blank("en")
    text = next(iter(pkg.texts.values()))
    boundaries = set(range(0, len(text) + 1, 3))
    ours = _spacy._split_at(nlp.tokenizer(text), boundaries)
    reference = nlp.tokenizer(text)
    with reference.retokenize() as retokenizer:
        for token in list(reference):
            cuts = sorted(b - token.idx for b in boundaries if token.idx < b < token.idx + len(token))
            if cuts:
                edges = [0, *cuts, len(token)]
                orths = [token.text[a:b] for a, b in itertools.pairwise(edges)]
                retokenizer.split(token, orths, heads=[(token, i) for i in range(len(orths))])
    assert [(t.idx, t.text, t.whitespace_) for t in ours] == [(t.idx, t.text, t.whitespace_) for t in reference]
    assert ours.text == text and len(ours) > len(nlp.tokenizer(text))
