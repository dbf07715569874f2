"""Hugging Face export: ``datasets.load_dataset`` offline for every config; card metadata and sections."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap
from pathlib import Path
from typing import Any

import pytest
import yaml
from exportkit import Package

# Runs in a fresh interpreter, so the offline switches are set before datasets is imported.
LOADER = textwrap.dedent(
    """
    import json, sys
    import datasets
    folder, configs = sys.argv[1], sys.argv[2:]
    result = {"offline": bool(datasets.config.HF_HUB_OFFLINE), "version": datasets.__version__, "configs": {}}
    for name in configs:
        split = datasets.load_dataset(folder, name, split="train")
        labels = {k: v.names for k, v in split.features.items() if isinstance(v, datasets.ClassLabel)}
        rows = [{k: (split.features[k].int2str(v) if k in labels and v is not None else v) for k, v in r.items()}
                for r in split]
        result["configs"][name] = {"columns": split.column_names, "labels": labels,
                                   "rows": json.loads(json.dumps(rows, default=str))}
    default = datasets.load_dataset(folder, split="train")
    result["default"] = {"columns": default.column_names, "rows": default.num_rows}
    print(json.dumps(result))
    """
)


@pytest.fixture(scope="session")
def hf_dir(exported: Any) -> Path:
    return exported("_huggingface")


@pytest.fixture(scope="session")
def loaded(hf_dir: Path, pkg: Package, tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    home = tmp_path_factory.mktemp("hf-home")
    env = {
        **os.environ,
        "HF_DATASETS_OFFLINE": "1",
        "HF_HUB_OFFLINE": "1",
        "HF_HOME": str(home),
        "HF_DATASETS_CACHE": str(home / "datasets"),
    }
    done = subprocess.run(
        [sys.executable, "-c", LOADER, str(hf_dir), *pkg.tables, "texts"],
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert done.returncode == 0, done.stderr[-3000:]
    return json.loads(done.stdout.splitlines()[-1])


@pytest.fixture(scope="session")
def card(hf_dir: Path) -> tuple[dict[str, Any], str]:
    content = (hf_dir / "README.md").read_text("utf-8")
    _, header, body = content.split("---\n", 2)
    return yaml.safe_load(header), body


def csv_value(value: Any) -> str:
    """A loaded value as the CSV writes it (dates arrive as ``datetime.date``, shown ISO)."""
    return "" if value is None else str(value)


def test_every_table_loads_offline_with_the_csv_rows(loaded: dict[str, Any], pkg: Package) -> None:
    assert loaded["offline"] is True
    for table, rows in pkg.tables.items():
        got = loaded["configs"][table]
        assert got["columns"] == [f["name"] for f in pkg.schemas[table]["fields"]]
        as_csv = [{k: csv_value(v) for k, v in r.items()} for r in got["rows"]]
        assert as_csv == rows, table


def test_class_labels_are_the_schema_enums(loaded: dict[str, Any], pkg: Package) -> None:
    for table, schema in pkg.schemas.items():
        enums = {f["name"]: f["constraints"]["enum"] for f in schema["fields"] if "enum" in f.get("constraints", {})}
        assert loaded["configs"][table]["labels"] == enums, table
    assert loaded["configs"]["claims"]["labels"]["certainty"] == [
        "certain",
        "probable",
        "possible",
        "underspecified",
    ]


def test_texts_config_holds_the_document_texts(loaded: dict[str, Any], pkg: Package) -> None:
    got = {r["document_id"]: r["text"] for r in loaded["configs"]["texts"]["rows"]}
    assert got == pkg.texts
    for row in loaded["configs"]["claims"]["rows"]:
        assert got[row["document_id"]][row["start"] : row["end"]] == row["exact"]


def test_default_config_is_claims(loaded: dict[str, Any], pkg: Package) -> None:
    assert loaded["default"] == {
        "columns": [f["name"] for f in pkg.schemas["claims"]["fields"]],
        "rows": len(pkg.rows("claims")),
    }


def test_card_metadata(card: tuple[dict[str, Any], str], hf_dir: Path, pkg: Package) -> None:
    meta, _ = card
    assert meta["license"] == "cc-by-4.0"
    names = [*pkg.tables, "texts"]
    assert [c["config_name"] for c in meta["configs"]] == names
    for config in meta["configs"]:
        (files,) = config["data_files"]
        assert files["split"] == "train" and (hf_dir / files["path"]).is_file()
    info = {i["config_name"]: i for i in meta["dataset_info"]}
    for table, schema in pkg.schemas.items():
        features = {f["name"]: f["dtype"] for f in info[table]["features"]}
        for field in schema["fields"]:
            if "enum" in field.get("constraints", {}):
                names_ = features[field["name"]]["class_label"]["names"]
                assert [names_[k] for k in sorted(names_, key=int)] == field["constraints"]["enum"]
        assert info[table]["splits"][0]["num_examples"] == len(pkg.rows(table))


SECTIONS = [
    "## Dataset Details",
    "### Dataset Description",
    "### Dataset Sources",
    "## Uses",
    "### Direct Use",
    "### Out-of-Scope Use",
    "## Dataset Structure",
    "## Dataset Creation",
    "### Curation Rationale",
    "#### Motivation",
    "### Source Data",
    "#### Data Collection and Processing",
    "#### Who are the source data producers?",
    "### Annotations",
    "#### Annotation process",
    "#### Who are the annotators?",
    "#### Personal and Sensitive Information",
    "## Bias, Risks, and Limitations",
    "### Recommendations",
    "## Licensing Information",
    "## Citation",
]


def test_card_body_has_the_template_and_datasheet_sections(card: tuple[dict[str, Any], str], pkg: Package) -> None:
    _, body = card
    headings = [line for line in body.splitlines() if line.startswith("#")]
    positions = [headings.index(s) for s in SECTIONS]
    assert positions == sorted(positions)
    for table, rows in pkg.tables.items():
        assert f"| `{table}` | {len(rows)} |" in body
    assert "https://creativecommons.org/licenses/by/4.0/" in body
    assert "https://jamestown.org/program/csto-safe-choice-in-central-asia/" in body
