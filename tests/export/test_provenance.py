"""Provenance travels with every export; ordinal categories keep their order in Parquet and DuckDB.

Expected values are read straight from ``datapackage.json``, the schemas and the CSVs
(or from the CLI, for citations), never from the code under test.
"""

from __future__ import annotations

import asyncio
import hashlib
import json
import os
import re
import sqlite3
import subprocess
import sys
from pathlib import Path
from typing import Any

import duckdb
import pandas as pd
import pyarrow.parquet as pq
import pytest
from exportkit import Package

import csto_annotations
from csto_annotations import DatasetError
from helpers import REPO

FORMATS_MD = REPO / "docs" / "formats.md"
SCHEMA_ORG = "http://schema.org/"
AS = "http://www.w3.org/ns/activitystreams#"
DCTERMS = "http://purl.org/dc/terms/"


def descriptor(pkg: Package) -> dict[str, Any]:
    return json.loads((pkg.root / "datapackage.json").read_text("utf-8"))


def expected_facts(pkg: Package) -> dict[str, str]:
    """The provenance every export must carry, from the descriptor file itself."""
    raw = (pkg.root / "datapackage.json").read_bytes()
    d = json.loads(raw)
    return {
        "name": d["name"],
        "title": d["title"],
        "version": d["version"],
        "license": "; ".join(lic["name"] for lic in d["licenses"]),
        "license_url": "; ".join(lic["path"] for lic in d["licenses"]),
        "descriptor_sha256": "sha256:" + hashlib.sha256(raw).hexdigest(),
    }


def idiom(name: str) -> str:
    """The code block after ``<!-- idiom: NAME -->`` in docs/formats.md."""
    match = re.search(rf"<!-- idiom: {name} -->\s*```python\n(.*?)```", FORMATS_MD.read_text("utf-8"), re.S)
    assert match, f"docs/formats.md has no idiom {name}"
    return match.group(1)


def cli(*args: str) -> str:
    env = {**os.environ, "PYTHONPATH": str(REPO / "src")}
    done = subprocess.run([sys.executable, "-m", "csto_annotations", *args], capture_output=True, text=True,
                          env=env, timeout=120, check=False)  # fmt: skip
    assert done.returncode == 0, done.stderr
    return done.stdout


def test_the_dataset_knows_the_hash_of_its_descriptor(dataset: Any, pkg: Package) -> None:
    assert dataset.descriptor_sha256 == expected_facts(pkg)["descriptor_sha256"]


# --- SQLite and Datasette ------------------------------------------------------


def test_sqlite_metadata_table(exported: Any, pkg: Package) -> None:
    db = sqlite3.connect(f"file:{exported('_sqlite') / 'csto-annotations.sqlite'}?mode=ro", uri=True)
    assert dict(db.execute("SELECT key, value FROM _metadata").fetchall()) == expected_facts(pkg)
    assert db.execute("PRAGMA foreign_key_check").fetchall() == []
    db.close()


def test_sqlite_refuses_a_table_that_clashes_with_its_own(dataset: Any, tmp_path: Path) -> None:
    from csto_annotations._export import _sqlite

    clash = csto_annotations.Dataset(dataset.descriptor, {"_metadata": dataset.schemas["entities"]},
                                     {"_metadata": dataset.entities}, dict(dataset.texts), root=dataset.root,
                                     verify=dataset.verify)  # fmt: skip
    with pytest.raises(DatasetError, match="'_metadata'"):
        _sqlite.write(clash, tmp_path / "out")
    assert not (tmp_path / "out" / "csto-annotations.sqlite").exists()


def test_datasette_reads_the_metadata_beside_the_file(exported: Any, pkg: Package) -> None:
    from datasette.app import Datasette
    from datasette.utils import parse_metadata

    folder = exported("_sqlite")
    d = descriptor(pkg)
    facts = expected_facts(pkg)
    metadata = parse_metadata((folder / "metadata.json").read_text("utf-8"))

    async def probe() -> tuple[Any, ...]:
        app = Datasette([str(folder / "csto-annotations.sqlite")], metadata=metadata)
        await app.invoke_startup()
        served = await app.client.get("/-/metadata.json")
        page = await app.client.get("/csto-annotations/claims")
        tables = {t: app.table_metadata("csto-annotations", t) for t in [*pkg.tables, "texts", "_metadata"]}
        instance = {k: app.metadata(k) for k in ("title", "description", "license", "license_url", "source",
                                                 "source_url")}  # fmt: skip
        return served.json(), page.status_code, page.text, tables, instance

    served, status, html, tables, instance = asyncio.run(probe())
    assert served == json.loads((folder / "metadata.json").read_text("utf-8"))
    assert instance == {
        "title": d["title"],
        "description": d["description"],
        "license": facts["license"],
        "license_url": facts["license_url"],
        "source": d["sources"][0]["title"],
        "source_url": d["sources"][0]["path"],
    }
    for table in pkg.tables:
        schema = pkg.schemas[table]
        assert tables[table]["title"] == schema["title"]
        assert tables[table]["description"] == " ".join(schema["description"].split())
        assert tables[table]["columns"] == {f["name"]: " ".join(f["description"].split()) for f in schema["fields"]}
    assert set(tables["texts"]["columns"]) == {"document_id", "text"}
    assert set(tables["_metadata"]["columns"]) == {"key", "value"}
    assert status == 200
    assert " ".join(pkg.schemas["claims"]["description"].split()) in html
    assert facts["license_url"] in html and d["sources"][0]["path"] in html


# --- Parquet -------------------------------------------------------------------


@pytest.fixture(scope="session")
def parquet_dir(dataset: Any, pkg: Package, tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp(f"parquet-{pkg.root.name}")
    dataset.export("parquet", out)
    return out


def test_parquet_key_value_metadata(parquet_dir: Path, pkg: Package) -> None:
    facts = expected_facts(pkg)
    for table, schema in pkg.schemas.items():
        meta = {k.decode(): v.decode() for k, v in pq.read_schema(parquet_dir / f"{table}.parquet").metadata.items()}
        assert {k: meta[f"dataset_{k}"] for k in facts} == facts, table
        assert (meta["title"], meta["description"]) == (schema["title"], schema["description"]), table


def test_read_parquet_gives_ordered_categoricals_in_schema_order(parquet_dir: Path, pkg: Package) -> None:
    checked = 0
    for table, schema in pkg.schemas.items():
        frame = pd.read_parquet(parquet_dir / f"{table}.parquet")
        for field in schema["fields"]:
            if "enum" not in field.get("constraints", {}):
                continue
            dtype = frame[field["name"]].dtype
            assert isinstance(dtype, pd.CategoricalDtype), (table, field["name"])
            assert list(dtype.categories) == field["constraints"]["enum"], (table, field["name"])
            assert dtype.ordered == bool(field.get("categoriesOrdered")), (table, field["name"])
            checked += 1
    certainty = pd.read_parquet(parquet_dir / "claims.parquet")["certainty"]
    assert certainty.cat.ordered and list(certainty.cat.categories) == ["certain", "probable", "possible",
                                                                        "underspecified"]  # fmt: skip
    assert checked > 1


# --- DuckDB: ordinal comparisons by rank ----------------------------------------


def at_most(pkg: Package, label: str) -> list[tuple[str, str]]:
    """Claims at most as committed as ``label`` (schema order), from the CSV, sorted by rank then ID."""
    order = next(f for f in pkg.schemas["claims"]["fields"] if f["name"] == "certainty")["categories"]
    rows = [(r["claim_id"], r["certainty"]) for r in pkg.rows("claims")]
    return sorted([r for r in rows if order.index(r[1]) <= order.index(label)], key=lambda r: (order.index(r[1]), r[0]))


def run_ordinal_idiom(dataset: Any, parquet_dir: Path | None) -> list[tuple[str, str]]:
    code = idiom("duckdb-ordinal").replace(
        "csto_annotations.load().to_duckdb()", "dataset.to_duckdb(parquet_dir=parquet_dir)"
    )
    namespace: dict[str, Any] = {"dataset": dataset, "parquet_dir": parquet_dir}
    exec(code, namespace)
    return [tuple(r) for r in namespace["at_most_probable"]]


def test_documented_duckdb_idiom_compares_by_rank(dataset: Any, parquet_dir: Path, pkg: Package) -> None:
    wanted = at_most(pkg, "probable")
    assert {c for _, c in wanted} <= {"certain", "probable"}
    assert run_ordinal_idiom(dataset, None) == wanted
    assert run_ordinal_idiom(dataset, parquet_dir) == wanted, "the views over Parquet compare by rank too"


def test_duckdb_order_and_the_documented_bare_literal_pitfall(dataset: Any, pkg: Package) -> None:
    con = dataset.to_duckdb()
    order = [r[0] for r in con.sql("SELECT DISTINCT certainty FROM claims ORDER BY certainty").fetchall()]
    schema_order = next(f for f in pkg.schemas["claims"]["fields"] if f["name"] == "certainty")["categories"]
    assert order == [c for c in schema_order if c in order]
    # docs/formats.md warns that a bare literal compares as text; if DuckDB changes that, the docs must change.
    bare = {r[0] for r in con.sql("SELECT DISTINCT certainty FROM claims WHERE certainty <= 'probable'").fetchall()}
    present = {r["certainty"] for r in pkg.rows("claims")}
    assert bare == {c for c in present if c <= "probable"}


def test_duckdb_refuses_a_foreign_type_of_the_same_name(dataset: Any) -> None:
    con = duckdb.connect()
    con.execute("CREATE TYPE claims_certainty AS ENUM ('possible', 'probable', 'certain', 'underspecified')")
    with pytest.raises(DatasetError, match="claims_certainty"):
        dataset.to_duckdb(con)


# --- brat, Web Annotation, Hugging Face -------------------------------------------


def test_brat_provenance_file(exported: Any, pkg: Package) -> None:
    facts = json.loads((exported("_brat") / "provenance.json").read_text("utf-8"))
    assert facts == expected_facts(pkg)


def test_web_annotation_collection_provenance_expands_offline(exported: Any, pkg: Package) -> None:
    path = exported("_webanno") / "annotations.jsonld"
    facts = expected_facts(pkg)
    code = idiom("jsonld-offline").replace('"DIR/annotations.jsonld"', repr(str(path)))
    code = code.replace('"file:///DIR/annotations.jsonld"', repr(path.as_uri()))
    namespace: dict[str, Any] = {}
    exec(code, namespace)
    (node,) = namespace["expanded"]
    assert (
        node["http://www.w3.org/2000/01/rdf-schema#label"][0]["@value"]
        == f"{facts['title']} (version {facts['version']})"
    )
    assert node[DCTERMS + "rights"] == [{"@id": facts["license_url"]}]
    assert node[SCHEMA_ORG + "version"][0]["@value"] == facts["version"]
    (generator,) = node[AS + "generator"]
    assert generator["@type"] == [AS + "Application"]
    (based,) = node[SCHEMA_ORG + "isBasedOn"]
    assert based["@type"] == ["http://purl.org/dc/dcmitype/Dataset"]
    assert based[SCHEMA_ORG + "name"][0]["@value"] == facts["name"]
    assert based[SCHEMA_ORG + "version"][0]["@value"] == facts["version"]
    (encoding,) = based[SCHEMA_ORG + "encoding"]
    assert encoding["@type"] == [SCHEMA_ORG + "MediaObject"]
    assert encoding[SCHEMA_ORG + "sha256"][0]["@value"] == facts["descriptor_sha256"].removeprefix("sha256:")


def test_the_offline_loader_refuses_other_urls() -> None:
    from pyld import jsonld

    from csto_annotations._export._webanno import document_loader

    doc = {"@context": "https://example.org/other.jsonld", "label": "x"}
    with pytest.raises(jsonld.JsonLdError):
        jsonld.expand(doc, {"documentLoader": document_loader})


def fenced(body: str, language: str) -> str:
    match = re.search(rf"```{language}\n(.*?)\n```", body, re.S)
    assert match, f"no {language} block"
    return match.group(1)


def test_hugging_face_card_cites_as_the_cli_does(exported: Any, pkg: Package) -> None:
    card = (exported("_huggingface") / "README.md").read_text("utf-8")
    citation = card.split("\n## Citation\n", 1)[1]
    assert fenced(citation, "bibtex") == cli("cite", "--format", "bibtex", str(pkg.root)).rstrip("\n")
    assert fenced(citation, "text") == cli("cite", str(pkg.root)).rstrip("\n")
