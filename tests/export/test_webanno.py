"""W3C Web Annotation export: every selector checked against the text; JSON-LD expansion with pyld, offline."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path
from typing import Any

import pytest
from exportkit import KEYS, SPAN_TABLES, Package

from helpers import REPO

FIXTURE = REPO / "src" / "csto_annotations" / "_export" / "anno.jsonld"
FIXTURE_SHA256 = "48c6e5e80f86bb1bf812233d13e70fab8b19516ac4e57e1e4576473f0bbd062e"
CONTEXT = "http://www.w3.org/ns/anno.jsonld"
OA, AS, RDF = (
    "http://www.w3.org/ns/oa#",
    "http://www.w3.org/ns/activitystreams#",
    "http://www.w3.org/1999/02/22-rdf-syntax-ns#",
)


@pytest.fixture(scope="session")
def jsonld_path(exported: Any) -> Path:
    return exported("_webanno") / "annotations.jsonld"


@pytest.fixture(scope="session")
def collection(jsonld_path: Path) -> dict[str, Any]:
    return json.loads(jsonld_path.read_text("utf-8"))


def by_id(collection: dict[str, Any]) -> dict[str, dict[str, Any]]:
    return {a["id"]: a for a in collection["first"]["items"]}


def values(annotation: dict[str, Any], purpose: str) -> list[str]:
    return [b["value"] for b in annotation["body"] if b.get("type") == "TextualBody" and b["purpose"] == purpose]


def test_collection_shape(collection: dict[str, Any], pkg: Package) -> None:
    assert collection["@context"] == CONTEXT
    assert collection["type"] == "AnnotationCollection"
    assert collection["first"]["type"] == "AnnotationPage"
    assert collection["total"] == len(collection["first"]["items"]) == pkg.span_count()
    assert len(by_id(collection)) == collection["total"]  # IDs are unique


def test_every_selector_matches_the_text(collection: dict[str, Any], pkg: Package) -> None:
    urls = {d["document_id"]: d["url"] for d in pkg.rows("documents")}
    annotations = by_id(collection)
    for table in SPAN_TABLES:
        for row in pkg.rows(table):
            target = annotations["#" + row[KEYS[table]]]["target"]
            text, start, end = pkg.texts[row["document_id"]], int(row["start"]), int(row["end"])
            assert target["source"]["id"] == urls[row["document_id"]]
            assert target["source"]["schema:sha256"] == pkg.sha256(row["document_id"])
            position, quote = target["selector"]
            assert (position["type"], position["start"], position["end"]) == (
                "TextPositionSelector",
                start,
                end,
            )
            assert quote["type"] == "TextQuoteSelector"
            assert quote["exact"] == row["exact"] == text[start:end]
            assert quote.get("prefix", "") == text[max(0, start - 32) : start]
            assert quote.get("suffix", "") == text[end : end + 32]


def test_bodies_carry_labels_and_ids(collection: dict[str, Any], pkg: Package) -> None:
    annotations = by_id(collection)
    types = pkg.entity_type()
    wikidata = {e["entity_id"]: e["wikidata_id"] for e in pkg.rows("entities")}
    for row in pkg.rows("mentions"):
        a = annotations["#" + row["mention_id"]]
        assert values(a, "tagging") == ["mention"]
        assert values(a, "classifying") == [f"entity_type:{types[row['entity_id']]}"]
        assert values(a, "identifying") == [f"entity_id:{row['entity_id']}"]
        links = [b["source"] for b in a["body"] if b["type"] == "SpecificResource"]
        assert links == (
            [f"http://www.wikidata.org/entity/{wikidata[row['entity_id']]}"] if wikidata[row["entity_id"]] else []
        )
    for row in pkg.rows("claims"):
        a = annotations["#" + row["claim_id"]]
        assert a["motivation"] == "classifying"
        classes = values(a, "classifying")
        for column in ("claim_type", "attribution", "certainty", "polarity"):
            assert f"{column}:{row[column]}" in classes
        assert values(a, "describing") == [f"{c}:{row[c]}" for c in ("statement", "cue", "notes") if row[c]]
        linked = {b["source"] for b in a["body"] if b.get("purpose") == "linking"}
        assert linked == {"#" + row[c] for c in ("source_mention_id", "quote_id", "citation_id") if row[c]}
        assert linked <= set(annotations)
    for row in pkg.rows("quotes"):
        a = annotations["#" + row["quote_id"]]
        assert f"kind:{row['kind']}" in values(a, "classifying")
        assert values(a, "identifying") == (
            [f"speaker_entity_id:{row['speaker_entity_id']}"] if row["speaker_entity_id"] else []
        )
    for row in pkg.rows("citations"):
        assert f"outlet_entity_id:{row['outlet_entity_id']}" in values(
            annotations["#" + row["citation_id"]], "identifying"
        )


def test_the_shipped_context_is_the_recorded_w3c_file() -> None:
    assert hashlib.sha256(FIXTURE.read_bytes()).hexdigest() == FIXTURE_SHA256


def test_pyld_expands_every_annotation_offline(jsonld_path: Path, collection: dict[str, Any], pkg: Package) -> None:
    from pyld import jsonld

    context = json.loads(FIXTURE.read_text("utf-8"))
    asked = []

    def loader(url: str, options: Any = None) -> dict[str, Any]:
        asked.append(url)
        if url != CONTEXT:
            raise AssertionError(f"no network: refused {url}")
        return {"contextUrl": None, "documentUrl": url, "document": context}

    base = jsonld_path.as_uri()
    expanded = jsonld.expand(collection, {"documentLoader": loader, "base": base})
    assert asked == [CONTEXT]
    (node,) = expanded
    assert node["@id"] == base and node["@type"] == [AS + "OrderedCollection"]
    assert node[AS + "totalItems"][0]["@value"] == pkg.span_count()
    items = node[AS + "first"][0][AS + "items"][0]["@list"]
    assert len(items) == pkg.span_count()
    starts = {}
    for item in items:
        assert item["@type"] == [OA + "Annotation"]
        (target,) = item[OA + "hasTarget"]
        (source,) = target[OA + "hasSource"]
        assert source["http://schema.org/sha256"][0]["@value"] in {pkg.sha256(d) for d in pkg.texts}
        selectors = {s["@type"][0]: s for s in target[OA + "hasSelector"]}
        position = selectors[OA + "TextPositionSelector"]
        starts[item["@id"]] = (position[OA + "start"][0]["@value"], position[OA + "end"][0]["@value"])
        assert selectors[OA + "TextQuoteSelector"][OA + "exact"][0]["@value"]
        assert all(OA + "hasPurpose" in body for body in item[OA + "hasBody"])
    wanted = {f"{base}#{r[KEYS[t]]}": (int(r["start"]), int(r["end"])) for t in SPAN_TABLES for r in pkg.rows(t)}
    assert starts == wanted
