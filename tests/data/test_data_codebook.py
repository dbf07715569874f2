"""The released data obeys the codebook (docs/codebook.md).

These tests read the CSVs with the standard library only, so they check the
data independently of the package code that validates it.
"""

from __future__ import annotations

import csv
import hashlib
import json
import re
from collections import Counter
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
DATA = ROOT / "data"
TEXT_BYTES = (DATA / "texts" / "edm-4-191.txt").read_bytes()
TEXT = TEXT_BYTES.decode("utf-8")
SOURCE = ROOT.parent / "shared" / "source" / "edm-4-191-csto-safe-choice.txt"

# The identifiers verified in public sources (labels: tests/data/test_provenance.py); no other may appear.
VERIFIED_QIDS = {
    "Q318693",
    "Q485207",
    "Q81299",
    "Q7779",
    "Q7184",
    "Q232",
    "Q813",
    "Q863",
    "Q159",
    "Q145",
    "Q30",
    "Q794",
    "Q889",
    "Q9365",
    "Q649",
    "Q84",
    "Q61",
    "Q9361",
    "Q1816833",
    "Q7747",
}
ANCHORED = ["mentions", "citations", "quotes", "claims"]


def rows(table: str) -> list[dict[str, str]]:
    with open(DATA / f"{table}.csv", encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def test_text_is_the_received_text_byte_for_byte():
    assert hashlib.sha256(TEXT_BYTES).hexdigest() == (
        "87d176090afd90e54b85b982419b8a434620125fe2d011efa1187628ca9b3baf"
    )
    assert len(TEXT) == 6479
    assert not TEXT_BYTES.startswith(b"\xef\xbb\xbf") and not TEXT.endswith("\n")
    if SOURCE.exists():  # the shared copy sits beside the checkout in CI and here
        assert SOURCE.read_bytes() == TEXT_BYTES


@pytest.mark.parametrize("table", ANCHORED)
def test_every_span_is_the_text_itself(table):
    for row in rows(table):
        start, end = int(row["start"]), int(row["end"])
        assert 0 <= start < end <= len(TEXT), row
        assert TEXT[start:end] == row["exact"], row
        assert row["exact"] == row["exact"].strip(), f"span edges are white space: {row}"


@pytest.mark.parametrize(
    "table,key,prefix",
    [
        ("mentions", "mention_id", "MN"),
        ("citations", "citation_id", "CT"),
        ("quotes", "quote_id", "QT"),
        ("claims", "claim_id", "CL"),
    ],
)
def test_ids_follow_the_growing_pattern_and_are_unique(table, key, prefix):
    ids = [r[key] for r in rows(table)]
    assert all(re.fullmatch(rf"{prefix}-\d{{4,}}", i) for i in ids)
    assert len(ids) == len(set(ids))


def test_entity_ids_are_slugs_and_keys_resolve():
    entities = {r["entity_id"]: r for r in rows("entities")}
    assert all(re.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)*", e) for e in entities)
    refs = [r["entity_id"] for r in rows("mentions")]
    refs += [r["entity_id"] for r in rows("claim_entities")]
    refs += [r["source_entity_id"] for r in rows("claims") if r["source_entity_id"]]
    refs += [r["speaker_entity_id"] for r in rows("quotes") if r["speaker_entity_id"]]
    refs += [r["outlet_entity_id"] for r in rows("citations")]
    refs += [r["place_entity_id"] for r in rows("citations") if r["place_entity_id"]]
    assert set(refs) <= set(entities)
    claim_ids = {r["claim_id"] for r in rows("claims")}
    assert {r["claim_id"] for r in rows("claim_entities")} == claim_ids, "every claim links an entity"


def test_every_entity_is_mentioned_once_at_least():
    mentioned = Counter(r["entity_id"] for r in rows("mentions"))
    assert [e["entity_id"] for e in rows("entities") if not mentioned[e["entity_id"]]] == []


def test_no_two_mentions_of_one_entity_share_a_span():
    keys = Counter((r["entity_id"], r["start"], r["end"]) for r in rows("mentions"))
    assert [k for k, n in keys.items() if n > 1] == []


def test_mentions_never_split_a_word():
    for row in rows("mentions"):
        start, end = int(row["start"]), int(row["end"])
        before = TEXT[start - 1] if start else " "
        after = TEXT[end] if end < len(TEXT) else " "
        assert not before.isalnum() and not after.isalnum(), row


def test_wikidata_ids_are_only_verified_ones_and_carry_a_source():
    for entity in rows("entities"):
        if entity["wikidata_id"]:
            assert entity["wikidata_id"] in VERIFIED_QIDS, entity
            assert f"Wikidata {entity['wikidata_id']} (" in entity["notes"], entity
        else:
            assert "not verified" in entity["notes"] or "no identifier applies" in entity["notes"], entity


def test_article_errors_keep_the_words_and_carry_the_correction():
    entities = {r["entity_id"]: r for r in rows("entities")}
    assert entities["andrei-lugovoi"]["name"] == "Andrei Lugovoi"
    assert "Alexander Lugovoi" in entities["andrei-lugovoi"]["notes"]
    lugovoi = [m for m in rows("mentions") if m["entity_id"] == "andrei-lugovoi"]
    assert [m["exact"] for m in lugovoi] == ["Alexander Lugovoi"]
    memorandum = [
        c for c in rows("claims") if "signed on October 6 in Dushanbe" in c["exact"] and c["claim_type"] == "event"
    ]
    assert len(memorandum) == 1
    assert memorandum[0]["event_date"] == "2007-10-06"  # the article's date, kept
    assert "October 5, 2007" in memorandum[0]["notes"] and "rferl.org" in memorandum[0]["notes"]
    bloc = [c for c in rows("claims") if "to bloc London" in c["exact"]]
    assert bloc and all('"bloc" for "block"' in c["notes"] for c in bloc)


def test_unknown_document_metadata_is_empty_with_a_reason():
    (document,) = rows("documents")
    assert document["published"] == "" and document["author"] == ""
    assert "not verified" in document["notes"]
    assert document["text_sha256"] == hashlib.sha256(TEXT_BYTES).hexdigest()
    assert int(document["length"]) == len(TEXT)


def test_quotes_exclude_the_marks_and_share_utterance_facts():
    utterances: dict[str, set] = {}
    for quote in rows("quotes"):
        start, end = int(quote["start"]), int(quote["end"])
        assert TEXT[start - 1] == "“" and TEXT[end] == "”", quote
        if quote["kind"] == "direct":
            assert quote["speaker_entity_id"], quote
        utterances.setdefault(quote["utterance_id"], set()).add(
            (quote["speaker_entity_id"], quote["citation_id"], quote["cue"])
        )
    assert all(len(facts) == 1 for facts in utterances.values()), utterances
    assert TEXT.count("“") == len(rows("quotes")), "every passage in quotation marks is a quote"


def test_claims_obey_attribution_rules():
    quotes = {q["quote_id"]: q for q in rows("quotes")}
    for claim in rows("claims"):
        attribution = claim["attribution"]
        assert (attribution == "author") == (claim["source_entity_id"] == ""), claim
        assert (attribution == "quoted") == (claim["quote_id"] != ""), claim
        if attribution == "quoted":
            quote = quotes[claim["quote_id"]]
            assert int(quote["start"]) <= int(claim["start"]) and int(claim["end"]) <= int(quote["end"])
            assert claim["source_entity_id"] == quote["speaker_entity_id"]
        assert claim["statement"].strip().endswith("."), f"statement is not a sentence: {claim}"


def test_citations_are_parentheticals_with_inferred_years():
    entities = {r["entity_id"]: r for r in rows("entities")}
    parentheticals = re.findall(
        r"\([^()]*, (?:January|February|March|April|May|June|July|August|"
        r"September|October|November|December) \d{1,2}\)",
        TEXT,
    )
    assert sorted(c["exact"] for c in rows("citations")) == sorted(parentheticals)
    for citation in rows("citations"):
        assert entities[citation["outlet_entity_id"]]["type"] == "media_outlet"
        assert citation["cited_date"].startswith("2007-") and "inferred" in citation["notes"]


def test_every_body_sentence_is_covered():
    from tools.sentences import body_sentences, uncovered

    spans = [(int(r["start"]), int(r["end"])) for t in ("claims", "quotes") for r in rows(t)]
    sentences = body_sentences(TEXT)
    assert len(sentences) == 42
    assert uncovered(sentences, spans) == []


def test_scare_quotes_without_attribution_have_no_speaker():
    spat = [q for q in rows("quotes") if q["exact"] == "spat"]
    assert len(spat) == 1 and spat[0]["kind"] == "scare" and spat[0]["speaker_entity_id"] == ""


def test_descriptor_lists_every_table_and_the_text():
    descriptor = json.loads((ROOT / "datapackage.json").read_text(encoding="utf-8"))
    paths = {r["path"] for r in descriptor["resources"]}
    assert {
        f"data/{t}.csv"
        for t in ["documents", "entities", "mentions", "citations", "quotes", "claims", "claim_entities"]
    } | {"data/texts/edm-4-191.txt"} == paths
