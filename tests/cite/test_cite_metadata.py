"""CITATION.cff, .zenodo.json, docs/dataset.jsonld (and croissant.json): valid, current, written by scripts/metadata.py."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import jsonschema
import yaml
from citehelpers import DESCRIPTOR, REPO, VERSION

from tools.metadata import TARGETS, render_metadata

SCHEMA = json.loads((Path(__file__).parent / "data" / "cff-1.2.0.schema.json").read_text("utf-8"))


def schemas(root: Path) -> dict[str, dict]:
    return {
        r["name"]: json.loads((root / r["schema"]).read_text("utf-8"))
        for r in json.loads((root / "datapackage.json").read_text("utf-8"))["resources"]
        if isinstance(r.get("schema"), str)
    }


def run_script(*args: str) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if k != "PYTHONPATH"}
    return subprocess.run(
        [sys.executable, str(REPO / "scripts" / "metadata.py"), *args],
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
        check=False,
    )


def test_committed_files_are_current() -> None:
    files = render_metadata(DESCRIPTOR, schemas(REPO))
    assert sorted(files) == sorted(TARGETS)
    for relative, text in files.items():
        assert (REPO / relative).read_text("utf-8") == text, f"{relative} is stale: run python scripts/metadata.py"
    assert run_script("--check").returncode == 0


def test_citation_cff_is_valid_cff_1_2_0() -> None:
    data = yaml.safe_load((REPO / "CITATION.cff").read_text("utf-8"))
    jsonschema.Draft7Validator(SCHEMA, format_checker=jsonschema.FormatChecker()).validate(data)
    assert data["version"] == VERSION


def test_an_invalid_cff_is_rejected_by_the_schema() -> None:
    data = yaml.safe_load((REPO / "CITATION.cff").read_text("utf-8"))
    del data["references"][0]["authors"]
    errors = list(jsonschema.Draft7Validator(SCHEMA).iter_errors(data))
    assert errors, "the schema must require an author for every reference"


def test_jsonld_lists_every_column_of_every_table() -> None:
    data = json.loads((REPO / "docs" / "dataset.jsonld").read_text("utf-8"))
    names = [v["name"] for v in data["variableMeasured"]]
    expected = [f"{t}.{f['name']}" for t, s in schemas(REPO).items() for f in s["fields"]]
    assert names == expected and all(v["description"] for v in data["variableMeasured"])


def test_the_script_checks_writes_atomically_and_is_idempotent(tmp_path: Path) -> None:
    root = tmp_path / "pkg"
    shutil.copytree(REPO / "schemas", root / "schemas")
    (root / "docs").mkdir(parents=True)
    changed = {**DESCRIPTOR, "version": "1.2.3"}
    (root / "datapackage.json").write_text(json.dumps(changed), "utf-8")
    check = run_script("--check", str(root))
    assert check.returncode == 1 and check.stderr.count("is stale") == 4
    assert not (root / "CITATION.cff").exists()
    first = run_script(str(root))
    assert first.returncode == 0 and first.stdout.count("wrote ") == 4, first.stderr
    assert yaml.safe_load((root / "CITATION.cff").read_text("utf-8"))["version"] == "1.2.3"
    assert json.loads((root / ".zenodo.json").read_text("utf-8"))["version"] == "1.2.3"
    assert json.loads((root / "croissant.json").read_text("utf-8"))["version"] == "1.2.3"
    assert sorted(p.name for p in root.iterdir()) == [
        ".zenodo.json",
        "CITATION.cff",
        "croissant.json",
        "datapackage.json",
        "docs",
        "schemas",
    ]  # no temporary files left behind
    second = run_script(str(root))
    assert second.returncode == 0 and "nothing to do" in second.stdout
    assert run_script("--check", str(root)).returncode == 0


def test_the_script_reports_an_unreadable_descriptor(tmp_path: Path) -> None:
    (tmp_path / "datapackage.json").write_text("{not json", "utf-8")
    result = run_script("--check", str(tmp_path))
    assert result.returncode == 1 and "datapackage.json" in result.stderr and "Traceback" not in result.stderr
