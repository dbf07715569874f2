"""Machine-checkable rules of the codebook, checked on the CSVs (standard library only).

Cue placement (R6.6.3): a reported claim's cue lies inside its own span, and so in
the claim's sentence. A quoted claim's cue is the cue of its utterance, at the
attribution, which may stand in a neighbouring sentence of the same paragraph
(Rahmon's second passage follows "Rahmon commented."), so for quoted claims the
test requires the same paragraph, not the same sentence.
"""

from __future__ import annotations

import re

from ._tables import TEXT, body_sentences, containing, paragraphs, rows

RELATIVE = {"which", "who", "whom", "whose"}


def by(table: str, key: str) -> dict[str, dict[str, str]]:
    return {row[key]: row for row in rows(table)}


def attributed() -> list[dict[str, str]]:
    return [c for c in rows("claims") if c["attribution"] != "author"]


def test_author_claims_carry_no_attribution_columns():
    for claim in rows("claims"):
        if claim["attribution"] == "author":
            assert not any(
                claim[k] for k in ("source_entity_id", "source_mention_id", "cue", "cue_start", "cue_end", "quote_id")
            ), claim


def test_every_reported_and_quoted_claim_has_a_cue_sliced_from_the_text():
    claims = attributed()
    assert len(claims) == 23  # CL-0080 (2.1.0) joins the 22 of 2.0.0
    for claim in claims:
        assert claim["cue"], claim
        start, end = int(claim["cue_start"]), int(claim["cue_end"])
        assert TEXT[start:end] == claim["cue"], claim
        assert claim["cue"] == claim["cue"].strip() and " that" not in claim["cue"], claim


def test_cue_placement():
    quotes = by("quotes", "quote_id")
    sentences, paras = body_sentences(), paragraphs()
    for claim in attributed():
        start, end = int(claim["start"]), int(claim["end"])
        cue_start, cue_end = int(claim["cue_start"]), int(claim["cue_end"])
        if claim["attribution"] == "reported":
            assert start <= cue_start and cue_end <= end, claim
            assert containing(sentences, start, end) == containing(sentences, cue_start, cue_end), claim
        else:
            assert claim["cue"] == quotes[claim["quote_id"]]["cue"], claim
            assert containing(paras, start, end) == containing(paras, cue_start, cue_end), claim


def test_claim_spans_lie_in_one_sentence():
    sentences = body_sentences()
    for claim in rows("claims"):
        assert containing(sentences, int(claim["start"]), int(claim["end"])), claim


def test_source_mention_is_the_nearest_mention_of_the_source_at_the_cue():
    mentions = by("mentions", "mention_id")
    paras = paragraphs()
    for claim in attributed():
        mention = mentions[claim["source_mention_id"]]
        assert mention["entity_id"] == claim["source_entity_id"], claim
        cue_start = int(claim["cue_start"])
        para = containing(paras, cue_start, cue_start)
        before = [
            m
            for m in mentions.values()
            if m["entity_id"] == claim["source_entity_id"] and para[0] <= int(m["start"]) and int(m["end"]) <= cue_start
        ]
        after = [
            m
            for m in mentions.values()
            if m["entity_id"] == claim["source_entity_id"]
            and int(claim["cue_end"]) <= int(m["start"])
            and int(m["end"]) <= int(claim["end"])
        ]
        expected = max(before, key=lambda m: int(m["start"])) if before else min(after, key=lambda m: int(m["start"]))
        assert claim["source_mention_id"] == expected["mention_id"], claim


def test_one_source_link_policy():
    linked = {(k["claim_id"], k["entity_id"]) for k in rows("claim_entities") if k["role"] == "source"}
    sources = {(c["claim_id"], c["source_entity_id"]) for c in attributed()}
    assert linked == sources


def test_group_admission():
    sources = {c["source_entity_id"] for c in rows("claims")} | {q["speaker_entity_id"] for q in rows("quotes")}
    groups = {e["entity_id"] for e in rows("entities") if e["type"] == "group"}
    assert groups and groups <= sources, groups - sources


def test_span_starts():
    for claim in rows("claims"):
        first = re.match(r"[\w’'-]+", claim["exact"]).group()
        assert not (first[0].islower() and first.endswith("ing")), claim
        assert first.lower() not in RELATIVE, claim


def expected_citations() -> dict[str, str]:
    """Row key -> citation ID, as codebook R7.4 assigns them."""
    sentences, paras = body_sentences(), paragraphs()
    claims, quotes, mentions = rows("claims"), rows("quotes"), rows("mentions")
    citations = sorted(rows("citations"), key=lambda c: int(c["start"]))
    expected = {c["claim_id"]: "" for c in claims} | {q["quote_id"]: "" for q in quotes}
    previous_end: dict[tuple[int, int], int] = {}
    for citation in citations:
        at, stop = int(citation["start"]), int(citation["end"])
        sentence, para = containing(sentences, at, stop), containing(paras, at, stop)
        floor = previous_end.get(para, para[0])
        previous_end[para] = stop

        def inside(r: dict[str, str], sentence: tuple[int, int] = sentence) -> bool:
            return sentence[0] <= int(r["start"]) and int(r["end"]) <= sentence[1]

        def earlier(r: dict[str, str], floor: int = floor, at: int = at) -> bool:
            return floor <= int(r["start"]) and int(r["end"]) <= at

        covered_claims = [c for c in claims if inside(c)]
        covered_quotes = [q for q in quotes if inside(q)]
        voices = {c["source_entity_id"] for c in covered_claims if c["source_entity_id"]}
        voices |= {q["speaker_entity_id"] for q in covered_quotes if q["speaker_entity_id"]}
        covered_claims += [c for c in claims if earlier(c) and c["source_entity_id"] in voices]
        covered_quotes += [q for q in quotes if earlier(q) and q["speaker_entity_id"] in voices]
        outlet = [m for m in mentions if m["entity_id"] == citation["outlet_entity_id"]]
        covered_claims += [
            c
            for c in claims
            if earlier(c)
            and c["attribution"] == "reported"
            and any(int(c["start"]) <= int(m["start"]) and int(m["end"]) <= int(c["end"]) for m in outlet)
        ]
        for row in covered_claims:
            expected[row["claim_id"]] = citation["citation_id"]
        for row in covered_quotes:
            expected[row["quote_id"]] = citation["citation_id"]
    return expected


def test_citation_scope_per_sentence():
    actual = {c["claim_id"]: c["citation_id"] for c in rows("claims")}
    actual |= {q["quote_id"]: q["citation_id"] for q in rows("quotes")}
    expected = expected_citations()
    assert {k: (actual[k], v) for k, v in expected.items() if actual[k] != v} == {}
    assert sum(1 for v in expected.values() if v) == 22  # 19 claims (CL-0080 since 2.1.0) and 3 quotes


def test_no_statement_is_repeated():
    statements = [c["statement"] for c in rows("claims")]
    assert len(statements) == len(set(statements))


def test_withdrawn_ids_are_not_reused():
    withdrawn = {
        "MN-0029",
        "MN-0099",
        "MN-0135",
        "british-intelligence",
        "russian-intelligence",
        "regional-leaders",
        # The blind study's adjudication: a common-noun mention, and the entity it left without one.
        "MN-0007",
        "csto-sco-memorandum-2007",
    }
    present = {m["mention_id"] for m in rows("mentions")} | {e["entity_id"] for e in rows("entities")}
    assert not withdrawn & present
    # CL-0001 and CL-0003 were withdrawn in 2.0.0 (a means adjunct and a presupposition inside it, R6.1.9),
    # CL-0064 in 2.1.0 (a presupposed evaluation, R6.1.3); no other claim was, and no number was given again:
    # the one new claim, CL-0080, took the next number.
    assert [int(c["claim_id"][3:]) for c in rows("claims")] == [n for n in range(1, 81) if n not in (1, 3, 64)]


def test_every_entity_has_a_mention_and_no_link_names_a_withdrawn_entity():
    # R3.1: an entity the text only describes with a common noun is not an entity.
    entities = {e["entity_id"] for e in rows("entities")}
    assert entities == {m["entity_id"] for m in rows("mentions")}
    assert {link["entity_id"] for link in rows("claim_entities")} <= entities
