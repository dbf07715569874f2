"""Provenance rules of the codebook (§8, R3.7, R3.9): every outside fact cites a public source.

Standard library only; reads the CSVs directly.
"""

from __future__ import annotations

import re

from ._tables import ROOT, TEXT, rows

# Wikidata identifiers verified in public sources, with the item's label.
VERIFIED_QIDS = {
    "Q318693": "Collective Security Treaty Organization",
    "Q485207": "Shanghai Cooperation Organisation",
    "Q81299": "Organization for Security and Co-operation in Europe",
    "Q7779": "Commonwealth of Independent States",
    "Q7184": "NATO",
    "Q232": "Kazakhstan",
    "Q813": "Kyrgyzstan",
    "Q863": "Tajikistan",
    "Q159": "Russia",
    "Q145": "United Kingdom",
    "Q30": "United States",
    "Q794": "Iran",
    "Q889": "Afghanistan",
    "Q9365": "Dushanbe",
    "Q649": "Moscow",
    "Q84": "London",
    "Q61": "Washington, D.C.",
    "Q9361": "Bishkek",
    "Q1816833": "Kapchagay",
    "Q7747": "Vladimir Putin",
}
# Names of files, folders and tools that users of the package do not have.
# "REFERENCE" is matched case-sensitively: encyclopedia URLs contain "/reference/".
OUTSIDE = ("shared/", "shared source", "search tool", "stored cop", "/work/", "subagent")
FILE_NAME = re.compile(r"(?<![\w/.:-])((?:[\w.-]+/)*[\w-]+\.(?:md|txt|csv|json|py|toml|yaml|yml))\b")
URL_OR_TITLE = re.compile(r"https?://\S+|Wikipedia, \"[^\"]+\"|Wikiquote, \"[^\"]+\"")
FREE_TEXT = {
    "documents": ["notes"],
    "entities": ["description", "notes"],
    "citations": ["notes"],
    "claims": ["statement", "notes"],
}


def free_text() -> list[tuple[str, str, str]]:
    """(table, key, cell) for every free-text cell of the package."""
    cells = []
    for table, columns in FREE_TEXT.items():
        for row in rows(table):
            key = next(iter(row.values()))
            cells += [(table, key, row[c]) for c in columns if row[c]]
    return cells


def test_file_name_pattern_finds_paths_but_not_urls():
    found = FILE_NAME.findall("see REFERENCE.md and docs/codebook.md, not https://x.org/a/b.json")
    assert found == ["REFERENCE.md", "docs/codebook.md"]


def test_no_note_names_a_file_or_tool_outside_the_package():
    for table, key, cell in free_text():
        assert "REFERENCE" not in cell, (table, key, cell)
        assert not [word for word in OUTSIDE if word in cell.lower()], (table, key, cell)
        for name in FILE_NAME.findall(URL_OR_TITLE.sub("", cell)):
            assert (ROOT / name).is_file(), f"{table} {key}: names {name!r}, which is not in the package"


def test_every_wikidata_id_is_verified_and_its_label_is_in_the_notes():
    for entity in rows("entities"):
        qid = entity["wikidata_id"]
        if qid:
            assert qid in VERIFIED_QIDS, entity
            assert f"Wikidata {qid} ({VERIFIED_QIDS[qid]})" in entity["notes"], entity
        elif entity["type"] == "group":
            assert "no identifier applies" in entity["notes"], entity
        else:
            assert "Wikidata ID not verified" in entity["notes"], entity


def test_the_unverified_nurek_identifier_is_not_used():
    assert all(e["wikidata_id"] != "Q1018201" for e in rows("entities"))
    (okno,) = [e for e in rows("entities") if e["entity_id"] == "okno"]
    assert okno["wikidata_id"] == "" and "Q1018201" in okno["notes"] and "not verified" in okno["notes"]


def test_ownership_is_filled_exactly_for_outlets_and_sourced():
    for entity in rows("entities"):
        value = entity["ownership"]
        assert (entity["type"] == "media_outlet") == (value != ""), entity
        if value:
            assert f"Ownership: {value}" in entity["notes"], entity
        if value not in ("", "unknown"):
            assert URL_OR_TITLE.search(entity["notes"]), f"{entity['entity_id']}: ownership {value} has no source"


def test_state_media_is_one_filter():
    state = {e["entity_id"] for e in rows("entities") if e["ownership"] == "state"}
    assert state == {"itar-tass", "tajik-tv-channel-1"}
    on_state_media = {
        c["claim_id"]
        for c in rows("claims")
        for t in rows("citations")
        if c["citation_id"] == t["citation_id"] and t["outlet_entity_id"] in state
    }
    assert on_state_media == {
        "CL-0016",
        "CL-0017",
        "CL-0018",
        "CL-0031",
        "CL-0033",
        "CL-0034",
        "CL-0035",
        "CL-0036",
        "CL-0037",
        "CL-0038",
        "CL-0080",  # split from CL-0016 in 2.1.0; the same Tajik TV citation (R7.4 (b))
    }


def test_summit_date_and_handover_are_credited_to_the_report_that_states_them():
    # RFE/RL's item of October 5 states the memorandum's date; the summit date and the
    # hand-over from Belarus are in UzDaily's report of 8 October 2007.
    cells = {key: cell for _, key, cell in free_text()}
    for key in ("csto-dushanbe-summit-2007", "kyrgyzstan", "CL-0015", "CL-0074"):
        notes = [cell for _, k, cell in free_text() if k == key and "UzDaily, 8 October 2007" in cell]
        assert notes, key
        assert all(
            "rferl" not in cell
            for _, k, cell in free_text()
            if k == key and "summit" in cell and "memorandum" not in cell
        ), key
    assert "rferl.org/a/1078874" in cells["CL-0004"]  # the memorandum's claim; the entity was withdrawn


def test_titles_are_checked_not_taken_from_the_article():
    for entity in rows("entities"):
        if entity["type"] == "person":
            assert "(per the article)" not in entity["description"], entity
            assert URL_OR_TITLE.search(entity["notes"]) or "Chicago Tribune" in entity["notes"], entity


def test_statements_keep_the_article_s_wrong_name():
    assert "Alexander Lugovoi" in TEXT and "Andrei Lugovoi" not in TEXT
    for claim in rows("claims"):
        assert "Andrei" not in claim["statement"], claim
        if "Lugovoi" in claim["statement"]:
            assert "Andrei Lugovoi" in claim["notes"], claim
