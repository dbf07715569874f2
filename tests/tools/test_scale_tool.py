"""tools.scale: synthetic packages N times the real one: valid, N× the rows, fresh IDs, same spans."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

import csto_annotations
from csto_annotations import DatasetError, IntegrityError
from helpers import REPO, copy_real_package, read_rows, write_rows
from helpers import SCALE_N as N
from tools.scale import scale

GROWING = ["documents", "mentions", "quotes", "claims", "citations", "claim_entities"]
NUMBERED = {"mentions": ["mention_id"], "quotes": ["quote_id", "utterance_id", "citation_id"],
            "claims": ["claim_id", "quote_id", "citation_id"], "citations": ["citation_id"],
            "claim_entities": ["claim_id"]}  # fmt: skip
PREFIX = {"mention_id": "MN", "quote_id": "QT", "utterance_id": "UT", "citation_id": "CT", "claim_id": "CL"}


def rows(root: Path, table: str) -> list[dict[str, str]]:
    """The data rows of a table as dicts, read with the csv module."""
    header, *body = read_rows(root / "data" / f"{table}.csv")
    return [dict(zip(header, r, strict=False)) for r in body]


def test_scaled_package_is_valid_and_loads_with_n_times_the_rows(real: Path, scaled: Path) -> None:
    report = csto_annotations.validate(scaled)
    assert report.valid and report.errors == [], str(report)
    big, small = csto_annotations.load(scaled, verify="full"), csto_annotations.load(real, verify="full")
    assert big.verify == "full"
    for table in GROWING:
        assert len(big.tables[table]) == N * len(small.tables[table]), table
    assert len(big.entities) == len(small.entities)
    assert big.text("edm-4-191-s000002") == small.text("edm-4-191")


def test_frictionless_finds_the_scaled_package_valid(scaled: Path) -> None:
    import frictionless

    report = frictionless.validate(str(scaled / "datapackage.json"))
    assert report.valid, report.flatten(["type", "note"])[:5]


def test_row_counts_are_exactly_n_times_and_entities_unchanged(real: Path, scaled: Path) -> None:
    for table in GROWING:
        assert len(rows(scaled, table)) == N * len(rows(real, table)), table
    assert (scaled / "data/entities.csv").read_bytes() == (real / "data/entities.csv").read_bytes()


def test_document_ids_text_paths_and_text_resources(real: Path, scaled: Path) -> None:
    documents = rows(scaled, "documents")
    assert [d["document_id"] for d in documents] == ["edm-4-191", "edm-4-191-s000001", "edm-4-191-s000002"]
    assert [d["text_path"] for d in documents] == [
        "data/texts/edm-4-191.txt", "data/texts/edm-4-191-s000001.txt", "data/texts/edm-4-191-s000002.txt"]  # fmt: skip
    text = (real / "data/texts/edm-4-191.txt").read_bytes()
    for d in documents:
        assert (scaled / d["text_path"]).read_bytes() == text
    real = json.loads((real / "datapackage.json").read_bytes())
    scaled = json.loads((scaled / "datapackage.json").read_bytes())
    resources = {r["name"]: r for r in scaled["resources"]}
    original = next(r for r in real["resources"] if r["name"] == "text-edm-4-191")
    for suffix in ("", "-s000001", "-s000002"):
        assert resources[f"text-edm-4-191{suffix}"]["hash"] == original["hash"]
        assert resources[f"text-edm-4-191{suffix}"]["bytes"] == len(text)
    assert "SYNTHETIC" in scaled["description"] and f"{N} replicas" in scaled["title"]
    for table in (r for r in real["resources"] if r["type"] == "table"):  # schemas are copied, so their hashes hold
        assert {k: resources[table["name"]][k] for k in ("schemaBytes", "schemaHash")} == {
            k: table[k] for k in ("schemaBytes", "schemaHash")}  # fmt: skip


def test_numbered_ids_continue_corpus_wide(real: Path, scaled: Path) -> None:
    for table, columns in NUMBERED.items():
        original, replicated = rows(real, table), rows(scaled, table)
        for column in columns:
            prefix = PREFIX[column]
            numbers = [int(r[c][3:]) for t in NUMBERED for c in NUMBERED[t] for r in rows(real, t)
                       if r[c].startswith(prefix + "-")]  # fmt: skip
            stride = max(numbers)
            for k in range(N):
                block = replicated[k * len(original) : (k + 1) * len(original)]
                expected = [f"{prefix}-{int(r[column][3:]) + k * stride:04d}" if r[column] else "" for r in original]
                assert [r[column] for r in block] == expected, (table, column, k)


def test_spans_and_other_cells_are_copied(real: Path, scaled: Path) -> None:
    for table in ("mentions", "claims", "quotes", "citations"):
        original, replicated = rows(real, table), rows(scaled, table)
        for k in range(N):
            block = replicated[k * len(original) : (k + 1) * len(original)]
            suffix = "" if k == 0 else f"-s{k:06d}"
            for before, after in zip(original, block, strict=False):
                assert {c: after[c] for c in ("start", "end", "exact")} == {
                    c: before[c] for c in ("start", "end", "exact")
                }
                assert after["document_id"] == before["document_id"] + suffix


def test_scale_one_reproduces_the_real_package_byte_for_byte(real: Path, tmp_path: Path) -> None:
    out = scale(1, tmp_path / "x1", source=real)
    for path in sorted(p.relative_to(real) for p in real.rglob("*") if p.is_file()):
        assert (out / path).read_bytes() == (real / path).read_bytes(), path
    assert sorted(p.relative_to(out) for p in out.rglob("*")) == sorted(p.relative_to(real) for p in real.rglob("*"))


def test_a_zip_source_scales_like_its_directory(real: Path, tmp_path: Path) -> None:
    from helpers import make_zip

    archive = make_zip(real, tmp_path / "pkg.zip")
    from_zip, from_dir = scale(2, tmp_path / "z", source=archive), scale(2, tmp_path / "d", source=real)
    assert (from_zip / "datapackage.json").read_bytes() == (from_dir / "datapackage.json").read_bytes()
    assert (from_zip / "data/claims.csv").read_bytes() == (from_dir / "data/claims.csv").read_bytes()


def test_ids_widen_when_the_numbers_need_more_digits(tmp_path: Path) -> None:
    package = copy_real_package(tmp_path / "pkg")
    table = read_rows(package / "data/quotes.csv")
    column = table[0].index("utterance_id")
    assert table[-1][column] == "UT-0005" and sum(r[column] == "UT-0005" for r in table) == 1
    table[-1][column] = "UT-9000"
    write_rows(package / "data/quotes.csv", table)
    csto_annotations.build(package)
    out = scale(2, tmp_path / "x2", source=package)
    original = [int(r[column][3:]) for r in table[1:]]
    expected = [f"UT-{number + k * 9000:05d}" for k in range(2) for number in original]
    assert [r["utterance_id"] for r in rows(out, "quotes")] == expected
    assert expected[-1] == "UT-18000"
    assert all(re.fullmatch(r"MN-[0-9]{4}", r["mention_id"]) for r in rows(out, "mentions")), (
        "other prefixes keep 4 digits"
    )
    assert csto_annotations.validate(out).valid


def test_an_earlier_package_is_replaced_and_no_staging_is_left(real: Path, tmp_path: Path) -> None:
    work = tmp_path / "work"
    work.mkdir()
    scale(2, work / "out", source=real)
    scale(1, work / "out", source=real)
    assert len(rows(work / "out", "documents")) == 1
    assert not (work / "out/data/texts/edm-4-191-s000001.txt").exists()
    assert [p.name for p in work.iterdir()] == ["out"]


@pytest.mark.parametrize("n", [0, -1, True, 2.5])
def test_bad_n_is_refused(n: object, tmp_path: Path) -> None:
    with pytest.raises(DatasetError, match="N must be a whole number"):
        scale(n, tmp_path / "out")  # type: ignore[arg-type]
    assert not (tmp_path / "out").exists()


def test_a_directory_that_is_not_a_package_is_left_alone(real: Path, tmp_path: Path) -> None:
    work = tmp_path / "work"
    (work / "mine").mkdir(parents=True)
    (work / "mine/notes.txt").write_text("keep me")
    with pytest.raises(DatasetError, match="not a data package directory"):
        scale(2, work / "mine", source=real)
    assert [p.name for p in (work / "mine").iterdir()] == ["notes.txt"]
    assert [p.name for p in work.iterdir()] == ["mine"], "the staging directory is removed"


def test_a_corrupted_source_is_refused(tmp_path: Path) -> None:
    broken = copy_real_package(tmp_path / "broken")
    path = broken / "data/claims.csv"
    path.write_bytes(path.read_bytes().replace(b"CL-0002", b"CL-0999", 1))
    with pytest.raises(IntegrityError):
        scale(2, tmp_path / "out", source=broken)
    assert not (tmp_path / "out").exists()


def run_script(*args: str) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if k != "PYTHONPATH"}  # the script finds src/ and tools/ itself
    return subprocess.run([sys.executable, str(REPO / "scripts/scale.py"), *args],
                          capture_output=True, text=True, env=env, timeout=120, cwd="/")  # fmt: skip


def test_script_writes_and_reports_counts(real: Path, tmp_path: Path) -> None:
    result = run_script("2", "--out", str(tmp_path / "x2"), "--source", str(real))
    assert result.returncode == 0, result.stderr
    assert re.search(rf"mentions\s+{2 * len(rows(real, 'mentions')):,}\b", result.stdout)
    assert re.search(rf"entities\s+{len(rows(real, 'entities')):,}\b", result.stdout)
    assert csto_annotations.validate(tmp_path / "x2").valid


def test_script_exit_codes(tmp_path: Path) -> None:
    failed = run_script("0", "--out", str(tmp_path / "x"))
    assert failed.returncode == 1 and failed.stderr.startswith("error: ") and "Traceback" not in failed.stderr
    assert run_script("2").returncode == 2
    assert run_script("two", "--out", str(tmp_path / "x")).returncode == 2
