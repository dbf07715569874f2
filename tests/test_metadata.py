"""CITATION.cff, .zenodo.json and docs/dataset.jsonld agree with datapackage.json and stay current."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import yaml  # PyYAML: a dependency of frictionless

from csto_annotations import metadata
from helpers import REPO
from helpers import copy_real_package as copy_package

DESCRIPTOR = json.loads((REPO / "datapackage.json").read_text("utf-8"))
CREATORS = [c["title"] for c in DESCRIPTOR["contributors"] if "creator" in c["roles"]]
SOURCE = DESCRIPTOR["sources"][0]




def run_script(*args: str) -> subprocess.CompletedProcess:
    env = {**os.environ, "PYTHONPATH": str(REPO / "src")}
    return subprocess.run([sys.executable, str(REPO / "scripts" / "metadata.py"), *args],
                          capture_output=True, text=True, env=env)


def test_committed_files_are_current() -> None:
    stale = metadata.stale(REPO)
    assert stale == [], f"stale generated files {stale}: run python scripts/metadata.py"


def test_citation_cff_agrees_with_the_descriptor() -> None:
    cff = yaml.safe_load((REPO / "CITATION.cff").read_text("utf-8"))
    assert cff["cff-version"] == "1.2.0" and cff["type"] == "dataset"
    assert (cff["title"], cff["version"]) == (DESCRIPTOR["title"], DESCRIPTOR["version"])
    assert cff["date-released"] == DESCRIPTOR["created"][:10]
    assert cff["license"] == DESCRIPTOR["licenses"][0]["name"]
    assert [a["name"] for a in cff["authors"]] == CREATORS
    assert cff["keywords"] == DESCRIPTOR["keywords"] and cff["abstract"] == DESCRIPTOR["description"]
    assert "url" not in cff and "doi" not in cff and "No DOI or release URL" in cff["message"]
    (reference,) = cff["references"]
    assert reference["type"] == "article" and reference["url"] == SOURCE["path"]
    assert reference["title"] in SOURCE["title"] and reference["journal"] in SOURCE["title"]
    assert f"Volume {reference['volume']}, Issue {reference['issue']}" in SOURCE["title"]


def test_zenodo_json_agrees_with_the_descriptor() -> None:
    zenodo = json.loads((REPO / ".zenodo.json").read_text("utf-8"))
    assert zenodo["upload_type"] == "dataset"
    assert (zenodo["title"], zenodo["version"], zenodo["description"]) == (
        DESCRIPTOR["title"], DESCRIPTOR["version"], DESCRIPTOR["description"])
    assert zenodo["license"] == DESCRIPTOR["licenses"][0]["name"]
    assert [c["name"] for c in zenodo["creators"]] == CREATORS
    assert zenodo["keywords"] == DESCRIPTOR["keywords"]
    assert zenodo["related_identifiers"] == [
        {"identifier": SOURCE["path"], "relation": "isDerivedFrom", "resource_type": "publication-article"}]
    assert "doi" not in zenodo, "Zenodo mints the DOI"
    text_licence = next(r for r in DESCRIPTOR["resources"] if r["name"].startswith("text-"))["licenses"][0]
    assert text_licence["title"] in zenodo["notes"]


def test_jsonld_is_a_schema_org_dataset_matching_the_descriptor() -> None:
    record = json.loads((REPO / "docs" / "dataset.jsonld").read_text("utf-8"))
    assert (record["@context"], record["@type"]) == ("https://schema.org/", "Dataset")
    assert (record["name"], record["alternateName"], record["version"]) == (
        DESCRIPTOR["title"], DESCRIPTOR["name"], DESCRIPTOR["version"])
    assert record["description"].startswith(DESCRIPTOR["description"])
    assert record["license"] == DESCRIPTOR["licenses"][0]["path"]
    assert record["dateCreated"] == DESCRIPTOR["created"]
    assert [c["name"] for c in record["creator"]] == CREATORS and record["keywords"] == DESCRIPTOR["keywords"]
    assert record["isBasedOn"]["url"] == SOURCE["path"]
    assert "url" not in record and "distribution" not in record, "no release host is configured"
    schemas = [json.loads((REPO / r["schema"]).read_text("utf-8")) for r in DESCRIPTOR["resources"] if "schema" in r]
    assert len(record["variableMeasured"]) == sum(len(s["fields"]) for s in schemas)


def test_write_is_deterministic_and_idempotent(tmp_path: Path) -> None:
    root = copy_package(tmp_path / "pkg")
    written = metadata.write(root)
    assert sorted(p.relative_to(root).as_posix() for p in written) == sorted(metadata.TARGETS)
    first = {t: (root / t).read_bytes() for t in metadata.TARGETS}
    assert first == {t: (REPO / t).read_bytes() for t in metadata.TARGETS}
    assert metadata.write(root) == []
    assert {t: (root / t).read_bytes() for t in metadata.TARGETS} == first
    assert not list(root.rglob(".*.tmp")), "atomic writes leave no temporary files"


def test_check_mode_catches_a_stale_file(tmp_path: Path) -> None:
    root = copy_package(tmp_path / "pkg")
    assert metadata.write(root)
    descriptor = json.loads((root / "datapackage.json").read_text("utf-8"))
    descriptor["title"] = "A corrected title"
    (root / "datapackage.json").write_text(json.dumps(descriptor, indent=2), "utf-8")
    before = (root / "CITATION.cff").read_bytes()
    result = run_script("--check", str(root))
    assert result.returncode == 1
    assert "CITATION.cff is stale" in result.stderr and "dataset.jsonld is stale" in result.stderr
    assert (root / "CITATION.cff").read_bytes() == before, "--check writes nothing"
    assert run_script(str(root)).returncode == 0
    assert 'title: "A corrected title"' in (root / "CITATION.cff").read_text("utf-8")
    assert run_script("--check", str(root)).returncode == 0
