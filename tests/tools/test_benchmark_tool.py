"""tools.benchmark and tools.benchmark_report: what is measured, how targets are judged, the report."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pandas as pd
import pytest

import csto_annotations
from helpers import REPO, TABLES
from helpers import read_rows as read_csv_rows
from tools.benchmark import (
    bare_read,
    frames_mb,
    load_phases,
    main,
    package_bytes,
    peak_memory,
    profile_load,
    typed_read,
)
from tools.benchmark_report import console_table, markdown, targets


def test_the_baseline_is_read_csv_with_default_arguments(real: Path) -> None:
    frames = bare_read(real)
    assert list(frames) == ["documents", "entities", "mentions", "citations", "quotes", "claims", "claim_entities"]
    for name, frame in frames.items():
        pd.testing.assert_frame_equal(frame, pd.read_csv(real / "data" / f"{name}.csv"))


def test_the_typed_column_gives_exactly_the_frames_of_load(scaled: Path) -> None:
    ds, typed = csto_annotations.load(scaled, verify="full"), typed_read(scaled)
    assert list(typed) == list(ds.tables)
    for name, frame in ds.tables.items():
        pd.testing.assert_frame_equal(typed[name], frame)


def test_peak_memory_is_the_childs_own_not_the_parents(scaled: Path) -> None:
    ballast = bytearray(400 * 2**20)  # a large parent: Linux carries its ru_maxrss into a child across exec
    ballast[::4096] = b"x" * len(ballast[::4096])
    measured = {m: peak_memory(m, scaled) for m in ("load_full", "read_csv")}
    for values in measured.values():
        assert 0 <= values["growth_mb"] < values["peak_mb"] < 400, measured
    del ballast


def test_profile_ranks_costs_and_finds_the_loader(real: Path) -> None:
    found = profile_load(real, "full", top=40)
    own, package = found["own"], found["package"]
    assert len(own) == 40 and own == sorted(own, key=lambda r: r["own_s"], reverse=True)
    assert all(r["cumulative_s"] >= r["own_s"] >= 0 for r in own)
    assert package[0]["function"].startswith("csto_annotations/_api.py:") and package[0]["function"].endswith("(load)")
    assert any("(read_package)" in r["function"] for r in package) and any("(check)" in r["function"] for r in package)


def test_phases_separate_reading_from_the_rules(scaled: Path) -> None:
    full, hashes = load_phases(scaled, "full", runs=3), load_phases(scaled, "hashes", runs=3)
    assert sorted(full) == ["check", "descriptor profile", "read_package", "rest", "total"]
    assert 0 < full["descriptor profile"] < full["read_package"]
    assert full["check"] > 2 * hashes["check"], (full, hashes)  # "full" runs every rule, "hashes" only types


def _results(load: float, hashes: float, validate: float, memory: float) -> dict[str, Any]:
    """A hand-made result: bare read_csv takes 1 s, frictionless validate 20 s, to_pandas 100 s at N = 500."""

    def size(n: int, k: float) -> dict[str, Any]:
        median = {
            "read_csv": 1.0 * k,
            "read_csv_typed": 3.0 * k,
            "load_full": load * k,
            "load_hashes": hashes * k,
            "validate": validate * k,
            "frictionless_validate": 20.0 * k,
            "to_pandas": 100.0 * k,
        }
        return {"n": n, "rows": {"documents": n, "mentions": 9 * n}, "total_rows": 10 * n, "megabytes": 0.1 * n,
                "times": {m: [v, v] for m, v in median.items()}, "median": median,
                "memory": {"load_full": {"growth_mb": memory * k, "peak_mb": 100 + memory * k},
                           "read_csv": {"growth_mb": 1.0 * k, "peak_mb": 100 + k}}}  # fmt: skip

    machine = {
        "cpu": "test",
        "cores": 2,
        "ram_gb": 1,
        "os": "x",
        "python": "3",
        "versions": {"pandas": "3"},
        "date": "now",
    }
    return {"machine": machine, "runs": 2, "slow_runs": 2, "sizes": [size(100, 0.2), size(500, 1.0)],
            "cold_start": {"times": {"package": [1.1] * 5, "pandas": [1.0] * 5}, "median": {"package": 1.1, "pandas": 1.0}}}  # fmt: skip


def test_targets_are_judged_at_the_reference_size() -> None:
    met = {t["key"]: t["met"] for t in targets(_results(load=3.0, hashes=1.5, validate=1.0, memory=1.2))}
    assert met == {
        "load_full": True,
        "load_hashes": True,
        "to_pandas": True,
        "validate": True,
        "cold": True,
        "memory": True,
    }
    missed = {t["key"]: (t["met"], round(t["value"], 2)) for t in targets(_results(6.0, 2.5, 4.0, 2.0))}
    assert missed == {"load_full": (False, 6.0), "load_hashes": (False, 2.5), "to_pandas": (False, 16.67),
                      "validate": (False, 5.0), "cold": (True, 1.1), "memory": (False, 2.0)}  # fmt: skip


def test_report_gives_rows_medians_ratios_and_verdicts() -> None:
    text = markdown(_results(6.0, 1.5, 1.0, 1.0))
    assert "| 500 | 500 | 4,500 | 5,000 | 50.0 |" in text, "row counts per N"
    assert "| 500 | 5,000 | 1.000 | 3.000 | – | – | 6.000 | 1.500 | 1.000 | 20.000 | 100.000 |" in text, "medians"
    assert "| 500 | 3.00 | 6.00 | 1.50 | 16.7 | 20.0 |" in text, "ratios against bare read_csv"
    assert '| `load(verify="full")` ≤ 5× bare read_csv | 6.00 | **missed** |' in text
    assert '| `load(verify="hashes")` ≤ 2× bare read_csv | 1.50 | met |' in text
    assert "judged at N = 500\n" in text and "benchmarks.png" not in text


def test_report_says_when_the_reference_size_was_not_measured() -> None:
    results = _results(3.0, 1.5, 1.0, 1.0)
    results["sizes"][1]["n"] = 200
    assert "judged at N = 200 (the reference N = 500 was not measured in this run)" in markdown(results)


def test_targets_are_judged_at_500_and_at_1000_next_to_an_earlier_profile() -> None:
    results = _results(3.0, 1.5, 1.0, 1.0)
    larger = json.loads(json.dumps(results["sizes"][1]))
    larger["n"], larger["median"]["load_full"] = 1000, 12.0
    results["sizes"].append(larger)
    row = {
        "function": "csto_annotations/_engine/_rules.py:37(span_mismatch)",
        "calls": 5,
        "own_s": 0.25,
        "cumulative_s": 0.5,
    }
    results["before"] = {"commit": "abc1234", "n": 500, "phases": {"full": {"total": 2.0}, "hashes": {"total": 1.0}},
                         "profile": {"full": {"package": [row], "own": [row]}}}  # fmt: skip
    text = markdown(results)
    assert "judged at N = 500 and N = 1,000\n" in text
    assert "| target | measured (N = 500) | verdict (N = 500) | measured (N = 1,000) | verdict (N = 1,000) |" in text
    assert '| `load(verify="full")` ≤ 5× bare read_csv | 3.00 | met | 12.00 | **missed** |' in text
    assert "## Before: commit abc1234" in text and "| total | 2.000 | 1.000 |" in text
    assert "| `csto_annotations/_engine/_rules.py:37(span_mismatch)` | 5 | 0.250 | 0.500 |" in text
    assert 'N=1,000 MISSED `load(verify="full")` ≤ 5× bare read_csv: 12.00' in console_table(results)


def test_the_floors_read_and_hash_every_file_and_weigh_the_frames(real: Path) -> None:
    blobs = package_bytes(real)
    on_disk = [p for p in real.rglob("*") if p.is_file() and p.suffix in (".csv", ".txt") and "data" in p.parts]
    assert len(blobs) == len(on_disk) + 8, "the descriptor, 7 schemas and every data file"
    assert sum(map(len, blobs)) > sum(p.stat().st_size for p in on_disk)
    frames = bare_read(real)
    assert frames_mb(frames) * 2**20 == sum(f.memory_usage(deep=True).sum() for f in frames.values()) > 0


def test_report_shows_the_floors_as_ratios_to_bare_next_to_the_targets() -> None:
    results = _results(6.0, 2.5, 4.0, 3.0)
    for size in results["sizes"]:
        size["median"].update(read_bytes=0.25, sha256=0.5)
        size["frames_mb"] = {"load_full": 1.5, "read_csv": 3.0}
    text = markdown(results)
    assert "| reading every file's bytes, nothing parsed | 0.250 s | 0.25 |" in text
    assert '| the two together | 0.750 s | 0.75 | `verify="hashes"` ≤ 2×' in text
    assert "| typed read_csv: pandas with the schema's dtypes, no rule checked | 3.000 s | 3.00 |" in text
    assert "against bare read_csv's | 1.5 MB | 0.50 | none by itself |" in text
    assert "| bare read_csv's peak growth; ratio: those DataFrames against it | 1.0 MB | 1.50 |" in text
    assert "- N = 500: reading and hashing every byte is 0.75× bare read_csv, 38% of the 2× budget" in text
    assert "## Floors" not in markdown(_results(6.0, 2.5, 4.0, 3.0)), (
        "results saved before the floors render without them"
    )


@pytest.mark.parametrize("argv", [["--sizes", "ten"], ["--sizes", "0"], ["--sizes", ""], ["--runs", "0"]])
def test_bad_arguments_exit_2(argv: list[str], tmp_path: Path) -> None:
    assert main([*argv, "--docs", str(tmp_path)]) == 2
    assert list(tmp_path.iterdir()) == []


def test_script_measures_every_method_and_renders_the_report(tmp_path: Path) -> None:
    env = {k: v for k, v in os.environ.items() if k != "PYTHONPATH"}
    result = subprocess.run(
        [sys.executable, str(REPO / "scripts/benchmark.py"), "--sizes", "1,2", "--runs", "1", "--docs", str(tmp_path),
         "--json", str(tmp_path / "r.json")], capture_output=True, text=True, env=env, cwd="/", timeout=600,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    results = json.loads((tmp_path / "r.json").read_bytes())
    assert [s["n"] for s in results["sizes"]] == [1, 2]
    counts = {t: len(read_csv_rows(REPO / "data" / f"{t}.csv")) - 1 for t in TABLES}
    total = sum(counts.values())
    assert [s["total_rows"] for s in results["sizes"]] == [total, 2 * total - counts["entities"]]  # entities are shared
    for size in results["sizes"]:
        assert sorted(size["times"]) == sorted(["read_csv", "read_csv_typed", "read_bytes", "sha256", "load_full",
                                                "load_hashes", "validate", "frictionless_validate", "to_pandas"])  # fmt: skip
        assert min(size["frames_mb"].values()) > 0 and sorted(size["frames_mb"]) == ["load_full", "read_csv"]
        assert all(len(t) == 1 and t[0] > 0 for t in size["times"].values())
    assert "profile" in results["sizes"][1] and len(results["cold_start"]["times"]["package"]) == 5
    text = (tmp_path / "benchmarks.md").read_text("utf-8")
    assert "judged at N = 2 (the reference N = 500 was not measured in this run)" in text
    rerendered = tmp_path / "again"
    assert main(["--render", str(tmp_path / "r.json"), "--docs", str(rerendered)]) == 0
    assert (rerendered / "benchmarks.md").read_text("utf-8") == text
