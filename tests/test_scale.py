"""Synthetic packages N times the real one: valid, N× the rows, fresh IDs, same spans."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

import csto_annotations
from csto_annotations import DatasetError
from csto_annotations.scale import scale
from helpers import REPO, edit_cell, read_rows
from helpers import copy_real_package as copy_real

from helpers import SCALE_N as N
GROWING = ["documents", "mentions", "quotes", "claims", "citations", "claim_entities"]
NUMBERED = {"mentions": ["mention_id"], "quotes": ["quote_id", "utterance_id", "citation_id"],
            "claims": ["claim_id", "quote_id", "citation_id"], "citations": ["citation_id"],
            "claim_entities": ["claim_id"]}
PREFIX = {"mention_id": "MN", "quote_id": "QT", "utterance_id": "UT", "citation_id": "CT", "claim_id": "CL"}






def rows(root: Path, table: str) -> list[dict[str, str]]:
    """The data rows of a table as dicts, read with the csv module."""
    header, *body = read_rows(root / "data" / f"{table}.csv")
    return [dict(zip(header, r)) for r in body]


def test_scaled_package_passes_validate(scaled: Path) -> None:
    report = csto_annotations.validate(scaled)
    assert report.errors == [], str(report)


def test_row_counts_are_exactly_n_times_and_entities_unchanged(real: Path, scaled: Path) -> None:
    for table in GROWING:
        assert len(rows(scaled, table)) == N * len(rows(real, table)), table
    assert (scaled / "data" / "entities.csv").read_bytes() == (real / "data" / "entities.csv").read_bytes()


def test_document_ids_and_text_paths(real: Path, scaled: Path) -> None:
    documents = rows(scaled, "documents")
    assert [d["document_id"] for d in documents] == ["edm-4-191", "edm-4-191-s000001", "edm-4-191-s000002"]
    assert [d["text_path"] for d in documents] == [
        "data/texts/edm-4-191.txt", "data/texts/edm-4-191-s000001.txt", "data/texts/edm-4-191-s000002.txt"]
    text = (real / "data" / "texts" / "edm-4-191.txt").read_bytes()
    for d in documents:
        assert (scaled / d["text_path"]).read_bytes() == text
    real_resource = next(r for r in json.loads((real / "datapackage.json").read_text("utf-8"))["resources"] if r["name"] == "text-edm-4-191")
    resources = {r["name"]: r for r in json.loads((scaled / "datapackage.json").read_text("utf-8"))["resources"]}
    for suffix in ("", "-s000001", "-s000002"):
        assert resources[f"text-edm-4-191{suffix}"]["hash"] == real_resource["hash"]
        assert resources[f"text-edm-4-191{suffix}"]["bytes"] == len(text)


def test_numbered_ids_continue_corpus_wide(real: Path, scaled: Path) -> None:
    for table, columns in NUMBERED.items():
        original, replicated = rows(real, table), rows(scaled, table)
        for column in columns:
            prefix = PREFIX[column]
            numbers = [int(r[column][3:]) for t in NUMBERED for c in NUMBERED[t] for r in rows(real, t)
                       if r[c] and r[c].startswith(prefix + "-")]
            stride = max(numbers)
            for k in range(N):
                block = replicated[k * len(original):(k + 1) * len(original)]
                expected = [f"{prefix}-{int(r[column][3:]) + k * stride:04d}" if r[column] else "" for r in original]
                assert [r[column] for r in block] == expected, (table, column, k)


def test_spans_and_other_cells_are_copied(real: Path, scaled: Path) -> None:
    for table in ("mentions", "claims", "quotes", "citations"):
        original, replicated = rows(real, table), rows(scaled, table)
        for k in range(N):
            block = replicated[k * len(original):(k + 1) * len(original)]
            for before, after in zip(original, block):
                assert {c: after[c] for c in ("start", "end", "exact")} == {c: before[c] for c in ("start", "end", "exact")}
                suffix = "" if k == 0 else f"-s{k:06d}"
                assert after["document_id"] == before["document_id"] + suffix


def test_scale_one_reproduces_the_real_package(real: Path, tmp_path: Path) -> None:
    out = scale(1, tmp_path / "x1", source=real)
    for table in GROWING + ["entities"]:
        assert (out / "data" / f"{table}.csv").read_bytes() == (real / "data" / f"{table}.csv").read_bytes()
    assert (out / "datapackage.json").read_bytes() == (real / "datapackage.json").read_bytes()


def test_ids_widen_when_the_numbers_need_more_digits(package: Path, tmp_path: Path) -> None:
    utterances = [r["utterance_id"] for r in rows(package, "quotes")]
    edit_cell(package, "quotes", utterances.index("UT-0003") + 2, "utterance_id", "UT-9000")
    out = scale(2, tmp_path / "x2", source=package)
    ids = [r["utterance_id"] for r in rows(out, "quotes")]
    assert ids == ["UT-00001", "UT-00001", "UT-00002", "UT-09000", "UT-09001", "UT-09001", "UT-09002", "UT-18000"]
    assert all(re.fullmatch(r"MN-[0-9]{4}", r["mention_id"]) for r in rows(out, "mentions")), "other prefixes keep 4 digits"
    assert csto_annotations.validate(out).errors == []


def test_an_earlier_package_is_replaced(real: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    scale(2, out, source=real)
    scale(1, out, source=real)
    assert len(rows(out, "documents")) == 1
    assert not (out / "data" / "texts" / "edm-4-191-s000001.txt").exists()
    assert sorted(p.name for p in tmp_path.iterdir() if p.name != "cache") == ["out"], "no staging directory is left behind"


@pytest.mark.parametrize("n", [0, -1, True, 2.5])
def test_bad_n_is_refused(n: object, tmp_path: Path) -> None:
    with pytest.raises(DatasetError, match="N must be a whole number"):
        scale(n, tmp_path / "out")  # type: ignore[arg-type]
    assert not (tmp_path / "out").exists()


def test_a_directory_that_is_not_a_package_is_left_alone(real: Path, tmp_path: Path) -> None:
    out = tmp_path / "mine"
    out.mkdir()
    (out / "notes.txt").write_text("keep me")
    with pytest.raises(DatasetError, match="not a data package directory"):
        scale(2, out, source=real)
    assert [p.name for p in out.iterdir()] == ["notes.txt"]
    assert sorted(p.name for p in tmp_path.iterdir() if p.name != "cache") == ["mine"], "the staging directory is removed"


def test_a_corrupted_source_is_refused(real: Path, tmp_path: Path) -> None:
    broken = copy_real(tmp_path / "broken")
    path = broken / "data" / "claims.csv"
    path.write_bytes(path.read_bytes().replace(b"CL-0001", b"CL-0999", 1))
    with pytest.raises(csto_annotations.IntegrityError):
        scale(2, tmp_path / "out", source=broken)


def run_script(*args: str) -> subprocess.CompletedProcess:
    env = {**os.environ, "PYTHONPATH": str(REPO / "src")}
    return subprocess.run([sys.executable, str(REPO / "scripts" / "scale.py"), *args],
                          capture_output=True, text=True, env=env, timeout=120)


def test_script_writes_and_reports_counts(real: Path, tmp_path: Path) -> None:
    result = run_script("2", "--out", str(tmp_path / "x2"), "--source", str(real))
    assert result.returncode == 0, result.stderr
    mentions = len(rows(real, "mentions"))
    assert re.search(rf"mentions\s+{2 * mentions:,}\b", result.stdout)
    assert re.search(rf"entities\s+{len(rows(real, 'entities')):,}\b", result.stdout)


def test_script_exit_codes(tmp_path: Path) -> None:
    failed = run_script("0", "--out", str(tmp_path / "x"))
    assert failed.returncode == 1 and failed.stderr.startswith("error: ") and "Traceback" not in failed.stderr
    assert run_script("2").returncode == 2
    assert run_script("two", "--out", str(tmp_path / "x")).returncode == 2


@pytest.mark.parametrize("name", ["scale", "benchmark", "benchmark_report"])
def test_examples(name: str) -> None:
    import doctest
    import importlib

    result = doctest.testmod(importlib.import_module(f"csto_annotations.{name}"), optionflags=doctest.ELLIPSIS | doctest.NORMALIZE_WHITESPACE)
    assert result.failed == 0 and result.attempted > 0


def _results(load: float, read_csv: float, validate: float, frictionless: float) -> dict:
    """A hand-made benchmark result for two sizes (the second ten times the first)."""
    def size(n: int, k: float) -> dict:
        return {"n": n, "rows": {"documents": n, "mentions": 9 * n}, "total_rows": 10 * n,
                "median": {"load": load * k, "read_csv": read_csv * k, "validate": validate * k, "frictionless": frictionless * k, "to_pandas": 40 * load * k},
                "memory_median_mb": {"load": 12.0 * k, "read_csv": 10.0 * k}, "load_phases": {"descriptor": 0.1, "files": 0.1, "parse": 0.2, "rest": 0.0}}
    return {"machine": {"cpu": "test", "cores": 2, "ram_gb": 1, "os": "x", "python": "3", "pandas": "3", "numpy": "2",
                        "pyarrow": "1", "frictionless": "5", "jsonschema": "4", "date": "now"},
            "runs": 5, "frictionless_max": 1000, "sizes": [size(100, 1.0), size(1000, 10.0)],
            "cold_start": {"median": {"package": 0.4, "pandas": 0.3}}}


def test_report_judges_each_target() -> None:
    from csto_annotations.benchmark_report import targets

    met = {t["key"]: t["met"] for t in targets(_results(1.2, 1.0, 1.2, 1.0))}
    assert met == {"load": True, "to_pandas": True, "memory": True, "validate": True, "linear": True, "cold": True}
    missed = {t["key"]: t["met"] for t in targets(_results(1.4, 1.0, 1.3, 1.0))}
    assert missed["load"] is False and missed["validate"] is False and missed["to_pandas"] is True


def test_report_markdown_states_rows_ratios_and_why(tmp_path: Path) -> None:
    from csto_annotations.benchmark_report import markdown, plot

    text = markdown(_results(1.4, 1.0, 1.0, 1.0))
    assert "| 1,000 | 1,000 | 9,000 | 10,000 |" in text, "row counts per N"
    assert "| 1,000 | 10,000 | 14.000 | 10.000 | 1.40 |" in text, "medians and load/read_csv ratio"
    assert "**missed**: load() ≤ 1.3× bare read_csv" in text and "Why:" in text
    assert plot(_results(1.4, 1.0, 1.0, 1.0), tmp_path / "b.png").read_bytes().startswith(b"\x89PNG")


def test_benchmark_rejects_bad_sizes() -> None:
    from csto_annotations.benchmark import main

    assert main(["--sizes", "ten"]) == 2
    assert main(["--sizes", "0"]) == 2
