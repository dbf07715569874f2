"""brat export: a parser here reads the .ann files and the configs; every offset is checked against the text."""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
from exportkit import KEYS, SPAN_TABLES, Package

from csto_annotations._export import _brat

TYPES = {"quotes": "Quote", "claims": "Claim", "citations": "Citation"}
PREFIX = {"mentions": "MN-", "quotes": "QT-", "claims": "CL-", "citations": "CT-"}


@dataclass
class Ann:
    """One parsed .ann file."""

    spans: dict[str, tuple[str, list[tuple[int, int]], str]] = field(default_factory=dict)  # T → type, fragments, text
    attributes: list[tuple[str, str, str]] = field(default_factory=list)  # name, T, value
    relations: list[tuple[str, str, str]] = field(default_factory=list)  # name, arg1 T, arg2 T
    notes: dict[str, str] = field(default_factory=dict)  # T → note


def parse_ann(content: str, text: str) -> Ann:
    """Parse brat stand-off lines, checking each against ``text`` as brat's server does."""
    ann, seen = Ann(), set()
    assert content.endswith("\n") or not content
    for line in content.splitlines():
        ident, rest = line.split("\t", 1)
        assert ident not in seen, f"duplicate ID {ident}"
        seen.add(ident)
        if ident.startswith("T"):
            head, shown = rest.split("\t", 1)
            kind, offsets = head.split(" ", 1)
            fragments = [tuple(map(int, part.split(" "))) for part in offsets.split(";")]
            for start, end in fragments:
                assert 0 <= start < end <= len(text), line
                assert "\n" not in text[start:end] and "\t" not in text[start:end]
            assert shown == " ".join(text[s:e] for s, e in fragments), line
            ann.spans[ident] = (kind, fragments, shown)
        elif ident.startswith("A"):
            name, target, value = rest.split(" ")
            ann.attributes.append((name, target, value))
        elif ident.startswith("R"):
            name, arg1, arg2 = rest.split(" ")
            assert arg1.startswith("Arg1:") and arg2.startswith("Arg2:"), line
            ann.relations.append((name, arg1[5:], arg2[5:]))
        elif ident.startswith("#"):
            head, note = rest.split("\t", 1)
            kind, target = head.split(" ")
            assert kind == "AnnotatorNotes"
            ann.notes[target] = note
        else:
            raise AssertionError(f"unexpected line {line!r}")
    for _, target, _ in ann.attributes:
        assert target in ann.spans
    for _, arg1, arg2 in ann.relations:
        assert arg1 in ann.spans and arg2 in ann.spans
    assert set(ann.notes) <= set(ann.spans)
    return ann


@dataclass
class Conf:
    entities: set[str]
    relations: dict[str, tuple[set[str], set[str]]]
    attributes: dict[str, tuple[set[str], set[str]]]  # name → types it applies to, values


def parse_conf(content: str) -> Conf:
    """Parse brat's annotation.conf (the subset of its syntax that the export uses)."""
    sections: dict[str, list[str]] = {}
    current = None
    for line in content.splitlines():
        if re.fullmatch(r"\[(entities|relations|events|attributes)\]", line):
            current = line[1:-1]
            sections[current] = []
        elif line.strip() and not line.startswith("#"):
            assert current is not None, line
            sections[current].append(line)
    assert set(sections) == {"entities", "relations", "events", "attributes"}
    relations, attributes = {}, {}
    for line in sections["relations"]:
        name, args = line.split(" ", 1)
        parts = dict(a.split(":", 1) for a in args.split(", "))
        if name != "<OVERLAP>":
            relations[name] = (set(parts["Arg1"].split("|")), set(parts["Arg2"].split("|")))
    for line in sections["attributes"]:
        name, args = line.split(" ", 1)
        parts = dict(a.split(":", 1) for a in args.split(", "))
        attributes[name] = (set(parts["Arg"].split("|")), set(parts["Value"].split("|")))
    return Conf(set(sections["entities"]), relations, attributes)


@pytest.fixture(scope="session")
def brat_dir(exported: Any) -> Path:
    return exported("_brat")


@pytest.fixture(scope="session")
def parsed(brat_dir: Path, pkg: Package) -> dict[str, Ann]:
    return {doc: parse_ann((brat_dir / f"{doc}.ann").read_text("utf-8"), text) for doc, text in pkg.texts.items()}


@pytest.fixture(scope="session")
def conf(brat_dir: Path) -> Conf:
    return parse_conf((brat_dir / "annotation.conf").read_text("utf-8"))


def test_folder_holds_text_and_ann_per_document(brat_dir: Path, pkg: Package) -> None:
    wanted = {"annotation.conf", "visual.conf", "provenance.json"} | {
        f"{d}{s}" for d in pkg.texts for s in (".txt", ".ann")
    }
    assert {p.name for p in brat_dir.iterdir()} == wanted
    for doc, raw in pkg.text_bytes.items():
        assert (brat_dir / f"{doc}.txt").read_bytes() == raw


def test_every_row_is_a_t_line_with_its_offsets(parsed: dict[str, Ann], pkg: Package) -> None:
    types = pkg.entity_type()
    for table in SPAN_TABLES:
        got = set()
        for doc, ann in parsed.items():
            for tid, (kind, fragments, shown) in ann.spans.items():
                key = ann.notes[tid].split("; ")[0]
                if key.startswith(PREFIX[table]):
                    got.add((doc, key, kind, fragments[0][0], fragments[-1][1], shown))
        wanted = {
            (
                r["document_id"],
                r[KEYS[table]],
                TYPES.get(table) or types[r["entity_id"]],
                int(r["start"]),
                int(r["end"]),
                r["exact"],
            )
            for r in pkg.rows(table)
        }
        assert got == wanted, table


def test_everything_used_is_declared(parsed: dict[str, Ann], conf: Conf) -> None:
    for ann in parsed.values():
        for kind, _, _ in ann.spans.values():
            assert kind in conf.entities
        for name, target, value in ann.attributes:
            applies, allowed = conf.attributes[name]
            assert ann.spans[target][0] in applies and value in allowed
        for name, arg1, arg2 in ann.relations:
            first, second = conf.relations[name]
            assert ann.spans[arg1][0] in first and ann.spans[arg2][0] in second


def test_attributes_match_the_tables(parsed: dict[str, Ann], pkg: Package) -> None:
    got = Counter()
    for ann in parsed.values():
        for name, target, value in ann.attributes:
            got[(ann.notes[target].split("; ")[0], name, value)] += 1
    wanted = Counter()
    for row in pkg.rows("claims"):
        for name, column in (
            ("Claim_type", "claim_type"),
            ("Attribution", "attribution"),
            ("Certainty", "certainty"),
            ("Polarity", "polarity"),
        ):
            wanted[(row["claim_id"], name, row[column])] += 1
    for row in pkg.rows("quotes"):
        wanted[(row["quote_id"], "Kind", row["kind"])] += 1
    assert got == wanted


def test_relations_follow_the_tables(parsed: dict[str, Ann], pkg: Package) -> None:
    entity_of = {r["mention_id"]: r["entity_id"] for r in pkg.rows("mentions")}
    rows = {r[KEYS[t]]: r for t in SPAN_TABLES for r in pkg.rows(t)}
    seen = Counter()
    for doc, ann in parsed.items():
        key = {tid: ann.notes[tid].split("; ")[0] for tid in ann.spans}
        for name, arg1, arg2 in ann.relations:
            seen[name] += 1
            row, other = rows[key[arg1]], rows[key[arg2]]
            assert row["document_id"] == other["document_id"] == doc
            if name in ("Speaker", "Source", "Outlet"):
                column = {
                    "Speaker": "speaker_entity_id",
                    "Source": "source_entity_id",
                    "Outlet": "outlet_entity_id",
                }[name]
                assert entity_of[key[arg2]] == row[column]
                # The rule: the chosen mention lies in the same paragraph (line) as the row's span.
                text = pkg.texts[doc]
                assert (
                    "\n"
                    not in text[min(int(row["start"]), int(other["start"])) : max(int(row["end"]), int(other["end"]))]
                )
            else:
                column = {"Cited_in": "citation_id", "In_quote": "quote_id"}[name]
                assert row[column] == key[arg2]
    assert seen["Cited_in"] == sum(bool(r["citation_id"]) for t in ("claims", "quotes") for r in pkg.rows(t))
    assert seen["In_quote"] == sum(bool(r["quote_id"]) for r in pkg.rows("claims"))
    # Every speaker, source and outlet entity has a mention in its paragraph in this data.
    assert seen["Speaker"] == sum(bool(r["speaker_entity_id"]) for r in pkg.rows("quotes"))
    assert seen["Source"] == sum(bool(r["source_entity_id"]) for r in pkg.rows("claims"))
    assert seen["Outlet"] == len(pkg.rows("citations"))


def test_visual_conf_labels_every_declared_type(brat_dir: Path, conf: Conf) -> None:
    content = (brat_dir / "visual.conf").read_text("utf-8")
    labels = content.split("[labels]\n", 1)[1].split("[drawing]", 1)[0]
    labelled = {line.split(" | ")[0] for line in labels.splitlines() if line.strip()}
    assert labelled == conf.entities | set(conf.relations)
    drawing = content.split("[drawing]\n", 1)[1]
    assert all(
        re.fullmatch(r"[A-Za-z_<>-]+\t[a-zA-Z]+:[^,]+(, [a-zA-Z]+:[^,]+)*", line) for line in drawing.splitlines()
    )


def test_span_with_a_line_break_is_written_as_fragments() -> None:
    text = "Bakiyev said:\n“Kyrgyzstan will\nhelp.”"
    rows = {
        "claims": [
            {
                "claim_id": "CL-0001",
                "document_id": "d",
                "start": 15,
                "end": 36,
                "claim_type": "forecast",
                "attribution": "quoted",
                "source_entity_id": None,
                "certainty": "certain",
                "polarity": "positive",
                "quote_id": None,
                "citation_id": None,
                "statement": "It will help.",
            }
        ]
    }
    content = _brat._document_ann(text, rows, {}, {"claims": ([], ["statement", "source_entity_id"])})
    ann = parse_ann(content, text)
    assert ann.spans["T1"] == ("Claim", [(15, 30), (31, 36)], "Kyrgyzstan will help.")
    assert ann.notes["T1"] == "CL-0001; statement=It will help."
