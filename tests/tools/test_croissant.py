"""croissant.json: what it states, mlcroissant's validation, and every table read back offline, cell for cell.

The real package is the repository itself (its committed ``croissant.json``);
the scaled one is ten times it, written by ``scripts/scale.py``'s function and
described by ``scripts/metadata.py``, the command that writes the committed
file. Both are read by the real mlcroissant, with every connection refused.
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import mlcroissant
import pytest
from croissantkit import csv_cells, log_lines, no_network, offline_env, record_cells, validate_cli

from csto_annotations._base._errors import DescriptorError, UnsafePathError
from csto_annotations._cite import cite
from helpers import REPO, TABLES, copy_real_package
from tools.croissant import croissant
from tools.datacard import TEMPLATE, CardError, passage

SCALE = 10
DESCRIPTOR = json.loads((REPO / "datapackage.json").read_bytes())
SPEC_TYPES = {"string": "sc:Text", "integer": "sc:Integer", "number": "sc:Float", "boolean": "sc:Boolean",
              "date": "sc:Date"}  # fmt: skip


def metadata_script(*args: str) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in offline_env().items()}
    return subprocess.run([sys.executable, str(REPO / "scripts" / "metadata.py"), *args], capture_output=True,
                          text=True, env=env, timeout=300, check=False)  # fmt: skip


@pytest.fixture(scope="module")
def scaled(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The package ten times over, with the metadata files scripts/metadata.py writes for it."""
    from tools.scale import scale

    root = scale(SCALE, tmp_path_factory.mktemp("croissant") / f"x{SCALE}", source=REPO)
    written = metadata_script(str(root))
    assert written.returncode == 0 and "croissant.json" in written.stdout, written.stderr
    assert metadata_script("--check", str(root)).returncode == 0
    return root


@pytest.fixture(scope="module", params=["real", f"x{SCALE}"])
def package(request: pytest.FixtureRequest) -> Path:
    return REPO if request.param == "real" else Path(request.getfixturevalue("scaled"))


def load(root: Path) -> tuple[dict[str, Any], dict[str, Any], dict[str, dict[str, Any]]]:
    """A package's croissant.json, descriptor and Table Schemas, read as plain JSON."""
    descriptor = json.loads((root / "datapackage.json").read_bytes())
    schemas = {r["name"]: json.loads((root / r["schema"]).read_bytes()) for r in descriptor["resources"]
               if r["type"] == "table"}  # fmt: skip
    return json.loads((root / "croissant.json").read_bytes()), descriptor, schemas


def by_id(nodes: list[dict[str, Any]]) -> dict[str, dict[str, Any]]:
    return {node["@id"]: node for node in nodes}


# --- mlcroissant: validation and records -------------------------------------------


def test_mlcroissant_validate_passes_without_warnings(package: Path) -> None:
    result = validate_cli(package / "croissant.json")
    assert result.returncode == 0, result.stderr[-3000:]
    assert result.stderr.rstrip().endswith("Done."), result.stderr[-3000:]
    assert log_lines(result.stderr, "W") == [] and log_lines(result.stderr, "E") == [], result.stderr[-3000:]


def test_the_python_api_reports_no_issue(package: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    with no_network(monkeypatch):
        issues = mlcroissant.Dataset(package / "croissant.json").metadata.ctx.issues
    assert (issues.errors, issues.warnings) == (set(), set())


@pytest.mark.parametrize("table", TABLES)
def test_records_equal_the_csv_cell_for_cell(package: Path, table: str, monkeypatch: pytest.MonkeyPatch) -> None:
    doc, descriptor, schemas = load(package)
    resource = next(r for r in descriptor["resources"] if r["name"] == table)
    expected = csv_cells(package / resource["path"], schemas[table])
    assert len(expected) >= (SCALE if package != REPO and table != "entities" else 1)
    with no_network(monkeypatch):
        # One Dataset per record set: mlcroissant 1.1.1 keeps a yielded record set as a spent generator.
        records = list(mlcroissant.Dataset(package / "croissant.json").records(table))
    assert record_cells(records, by_id(doc["recordSet"])[table]) == expected


def test_enumerations_yield_their_values_in_schema_order(monkeypatch: pytest.MonkeyPatch) -> None:
    _, _, schemas = load(REPO)
    enums = {f"{t}.{f['name']}": f["constraints"]["enum"] for t, s in schemas.items() for f in s["fields"]
             if "enum" in f.get("constraints", {})}  # fmt: skip
    assert set(enums) >= {"claims.certainty", "claims.claim_type", "quotes.kind", "claim_entities.role"}
    with no_network(monkeypatch):
        for rid, values in enums.items():
            records = list(mlcroissant.Dataset(REPO / "croissant.json").records(rid))
            assert [r[f"{rid}/name"] for r in records] == values, rid


def test_mlcroissant_refuses_a_file_whose_sha256_differs(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    root = copy_real_package(tmp_path / "pkg")
    shutil.copy(REPO / "croissant.json", root / "croissant.json")
    quotes = root / "data" / "quotes.csv"
    quotes.write_bytes(quotes.read_bytes().replace(b"said", b"sAid", 1))
    with no_network(monkeypatch), pytest.raises(mlcroissant.GenerationError) as caught:
        list(mlcroissant.Dataset(root / "croissant.json").records("quotes"))
    assert "is not identical with the reference" in str(caught.value.__cause__)


# --- what croissant.json states ------------------------------------------------------


def test_one_file_object_per_resource_with_the_descriptor_hash(package: Path) -> None:
    doc, descriptor, _ = load(package)
    files = doc["distribution"]
    assert [f["@id"] for f in files] == [r["path"] for r in descriptor["resources"]]
    assert sum(r["type"] == "text" for r in descriptor["resources"]) == (SCALE if package != REPO else 1)
    for node, resource in zip(files, descriptor["resources"]):
        assert node["@type"] == "cr:FileObject" and node["contentUrl"] == resource["path"]
        assert node["encodingFormat"] == resource["mediatype"]
        assert "sha256:" + node["sha256"] == resource["hash"] and node["contentSize"] == f"{resource['bytes']} B"


def test_one_record_set_per_table_with_typed_fields_keys_and_references(package: Path) -> None:
    doc, descriptor, schemas = load(package)
    sets = by_id(doc["recordSet"])
    tables = [r for r in descriptor["resources"] if r["type"] == "table"]
    enum_ids = [f"{r['name']}.{f['name']}" for r in tables for f in schemas[r["name"]]["fields"]
                if "enum" in f.get("constraints", {})]  # fmt: skip
    assert sorted(sets) == sorted([r["name"] for r in tables] + enum_ids)
    for resource in tables:
        schema, node = schemas[resource["name"]], sets[resource["name"]]
        fields = {f["name"]: f for f in schema["fields"]}
        assert [f["name"] for f in node["field"]] == list(fields)
        keys = node["key"] if isinstance(node["key"], list) else [node["key"]]
        assert [k["@id"] for k in keys] == [f"{resource['name']}/{c}" for c in schema["primaryKey"]]
        targets = {f["name"]: f["references"]["field"]["@id"] for f in node["field"] if "references" in f}
        wanted = {c: f"{fk['reference']['resource']}/{r}" for fk in schema.get("foreignKeys", [])
                  for c, r in zip(fk["fields"], fk["reference"]["fields"])}  # fmt: skip
        wanted.update(
            {n: f"{resource['name']}.{n}/name" for n, f in fields.items() if "enum" in f.get("constraints", {})}
        )
        assert targets == wanted
        for field in node["field"]:
            schema_field = fields[field["name"]]
            assert field["dataType"] == SPEC_TYPES[schema_field["type"]]
            assert field["description"] == schema_field["description"]
            assert field["source"] == {"fileObject": {"@id": resource["path"]}, "extract": {"column": field["name"]}}
    certainty = sets["claims.certainty"]
    assert certainty["dataType"] == "sc:Enumeration" and "ordinal" in certainty["description"]
    assert [d["claims.certainty/name"] for d in certainty["data"]] == [
        "certain",
        "probable",
        "possible",
        "underspecified",
    ]


def test_dataset_facts_come_from_the_descriptor_and_the_citation() -> None:
    doc, descriptor, _ = load(REPO)
    assert doc["conformsTo"][0] == "http://mlcommons.org/croissant/1.1"
    assert doc["version"] == descriptor["version"] and doc["alternateName"] == descriptor["name"]
    assert doc["name"] == descriptor["title"] and doc["keywords"] == descriptor["keywords"]
    assert doc["license"] == descriptor["licenses"][0]["path"] == "https://creativecommons.org/licenses/by/4.0/"
    assert doc["datePublished"] == descriptor["created"][:10]
    assert doc["citeAs"] == cite(descriptor, "bibtex").strip() and doc["citeAs"].startswith("@misc{csto-annotations-")
    creators = [c["title"] for c in descriptor["contributors"] if "creator" in c["roles"]]
    assert [c["name"] for c in doc["creator"]] == creators and "publisher" not in doc
    assert "url" not in doc and "homepage" not in descriptor, "no URL until the descriptor states one"
    assert doc["isBasedOn"]["url"] == descriptor["sources"][0]["path"]


def test_responsible_ai_fields_are_the_dataset_cards_words() -> None:
    doc, descriptor, _ = load(REPO)
    card = " ".join(re.sub(r"\*\*?", "", TEMPLATE.read_text("utf-8")).split())
    for prop in ("rai:dataAnnotationProtocol", "rai:dataAnnotationAnalysis", "rai:dataUseCases", "rai:dataLimitations",
                 "rai:dataBiases", "rai:personalSensitiveInformation", "rai:annotationsPerItem"):  # fmt: skip
        texts = doc[prop] if isinstance(doc[prop], list) else [doc[prop]]
        assert texts and all(len(t) > 40 and t in card for t in texts), prop
    assert "docs/codebook.md" in " ".join(doc["rai:dataAnnotationProtocol"])
    assert "docs/annotation-report.md" in " ".join(doc["rai:dataAnnotationAnalysis"])
    assert "agent sessions of one language model" in " ".join(doc["rai:dataAnnotationAnalysis"])
    assert descriptor["sources"][0]["path"] in doc["rai:dataCollection"]
    assert f'load(version="{descriptor["version"]}")' in doc["rai:dataReleaseMaintenancePlan"]
    text = next(r for r in descriptor["resources"] if r["type"] == "text")
    assert doc["rai:dataCollectionRawData"].startswith(f"{text['path']}: {text['description']}")
    assert doc["rai:dataCollectionType"] == ["Document analysis"]


def test_the_docs_example_loads_claims_offline() -> None:
    formats = (REPO / "docs" / "formats.md").read_text("utf-8")
    code = re.search(r"<!-- idiom: croissant -->\s*```python\n(.*?)```", formats, re.S)
    assert code, "docs/formats.md has no croissant idiom"
    run = subprocess.run([sys.executable, "-c", code.group(1) + "\nprint(len(claims), claims[0]['claims/claim_id'])"],
                         cwd=REPO, env=offline_env(), capture_output=True, text=True, timeout=300, check=False)  # fmt: skip
    assert run.returncode == 0, run.stderr[-3000:]
    claims = csv_cells(REPO / "data" / "claims.csv", json.loads((REPO / "schemas/claims.schema.json").read_bytes()))
    assert run.stdout.split() == [str(len(claims)), repr(claims[0][0].encode())]


# --- refusals ----------------------------------------------------------------------


def test_a_type_without_a_croissant_data_type_is_refused() -> None:
    schema = {"fields": [{"name": "when", "type": "datetime"}]}
    resource = {"name": "t", "type": "table", "path": "data/t.csv", "hash": "sha256:00"}
    with pytest.raises(DescriptorError, match=r"schema of 't': field 'when' has type 'datetime'"):
        croissant({**DESCRIPTOR, "resources": [resource]}, {"t": schema})


def test_a_resource_without_sha256_is_refused() -> None:
    resource = {"name": "t", "type": "text", "path": "data/t.txt", "hash": "md5:00"}
    with pytest.raises(DescriptorError, match=r"resource 't' has no sha256 hash"):
        croissant({**DESCRIPTOR, "resources": [resource]}, {})


def test_a_table_without_a_schema_is_refused() -> None:
    resource = {"name": "t", "type": "table", "path": "data/t.csv", "hash": "sha256:00"}
    with pytest.raises(DescriptorError, match=r"no Table Schema for table\(s\) t"):
        croissant({**DESCRIPTOR, "resources": [resource]}, {})


@pytest.mark.parametrize("path", ["../outside.csv", "/etc/passwd", "https://example.org/t.csv"])
def test_a_resource_path_outside_the_package_is_refused(path: str) -> None:
    resource = {"name": "t", "type": "text", "path": path, "hash": "sha256:00"}
    with pytest.raises(UnsafePathError, match="resource 't'"):
        croissant({**DESCRIPTOR, "resources": [resource]}, {})


def test_a_missing_card_passage_or_placeholder_is_refused() -> None:
    with pytest.raises(CardError, match=r"no passage '\*\*Nowhere\.\*\*'"):
        passage("**Nowhere.**", {})
    with pytest.raises(CardError, match=r"names \{\{sources\}\}, which this file cannot fill"):
        passage("## Collection process", {})
