"""Generated documentation stays in step with its single source (tools.schemadocs, tools.agreement)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from helpers import REPO
from tools.agreement import (
    BLOCKS,
    REPORT,
    cohen_kappa,
    compare,
    comparisons,
    main,
    markers,
    read_annotation,
    read_naming,
)
from tools.sentences import body_sentences


def run_script(name: str, *args: str) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if k != "PYTHONPATH"}  # the scripts find src/ and tools/ themselves
    return subprocess.run([sys.executable, str(REPO / "scripts" / name), *args], capture_output=True, text=True,
                          cwd="/", env=env, timeout=120)  # fmt: skip


def test_tables_doc_is_rendered_from_the_schemas() -> None:
    result = run_script("docs.py", "--check")
    assert result.returncode == 0, result.stdout + result.stderr


def test_docs_check_notices_a_stale_file(tmp_path: Path) -> None:
    from tools.schemadocs import main as docs_main

    stale = tmp_path / "tables.md"
    stale.write_text((REPO / "docs/tables.md").read_text("utf-8").replace("| `claim_id` |", "| `claim` |", 1), "utf-8")
    assert docs_main(["--check"], target=stale) == 1
    assert docs_main([], target=stale) == 0 and stale.read_bytes() == (REPO / "docs/tables.md").read_bytes()


def test_agreement_figures_in_the_report_are_current() -> None:
    result = run_script("agreement.py", "--check")
    assert result.returncode == 0, result.stdout + result.stderr
    report = REPORT.read_text("utf-8")
    for block in BLOCKS:
        start, end = markers(block)
        assert report.count(start) == 1 and report.count(end) == 1, block


def test_agreement_check_notices_a_stale_report_and_the_script_rewrites_it(tmp_path: Path) -> None:
    stale = tmp_path / "report.md"
    stale.write_text(REPORT.read_text("utf-8").replace("| 0.", "| 9.", 1), "utf-8")
    assert main(["--check"], report=stale) == 1
    assert main([], report=stale) == 0
    assert stale.read_bytes() == REPORT.read_bytes()
    assert main(["--check"], report=stale) == 0


def test_agreement_of_an_annotation_with_itself_is_perfect() -> None:
    data = read_annotation(REPO / "data", {})
    same = compare("self", data, data)
    for table in same.tables:
        assert (table.exact_f1, table.overlap_f1, table.character_f1) == (1.0, 1.0, 1.0), table.table
        assert {a.kappa for a in table.labels} == {1.0} and {a.observed for a in table.labels} == {1.0}


def test_a_and_b_mentions_differ_in_one_span_only() -> None:
    # By hand from the files: both have 147 mentions; A's MN-0031 is "CSTO summit in Dushanbe" (1260-1283),
    # B's is "CSTO summit" (1260-1271), Dice 22/34 >= 0.5; every other span is the same.
    naming = read_naming(REPO / "docs/annotation/adjudication/naming.csv")
    a = read_annotation(REPO / "docs/annotation/blind-a", naming)
    b = read_annotation(REPO / "docs/annotation/blind-b", naming)
    mentions = compare("A vs B", a, b).table("mentions")
    assert (mentions.first, mentions.second) == (147, 147)
    assert mentions.exact_f1 == pytest.approx(146 / 147) and mentions.overlap_f1 == 1.0


def test_the_naming_map_decides_entity_identity() -> None:
    # naming.csv: A and B spell five mentions' entities differently (the summit, Lugovoi, Washington x3).
    folder = REPO / "docs/annotation"
    naming = read_naming(folder / "adjudication/naming.csv")
    assert naming["alexander-lugovoi"] == "andrei-lugovoi" and naming["west"] == "the-west"
    raw = compare("raw", read_annotation(folder / "blind-a", {}), read_annotation(folder / "blind-b", {}))
    mapped = compare("mapped", read_annotation(folder / "blind-a", naming), read_annotation(folder / "blind-b", naming))
    entity = {c.label: next(a for a in c.table("mentions").labels if a.label == "entity") for c in (raw, mapped)}
    assert sum(n for (x, y), n in entity["raw"].confusion.items() if x != y) == 5
    assert entity["mapped"].observed == 1.0


def test_naming_map_refuses_an_id_mapped_twice(tmp_path: Path) -> None:
    path = tmp_path / "naming.csv"
    path.write_text("a_entity,b_entity,r_entity\nwest,west,the-west\nwest,west,europe\n", "utf-8")
    with pytest.raises(ValueError, match="'west' maps to both 'the-west' and 'europe'"):
        read_naming(path)


def test_confusion_counts_every_matched_pair() -> None:
    for comparison in comparisons():
        for table in comparison.tables:
            for label in table.labels:
                assert sum(label.confusion.values()) == label.pairs, (comparison.label, table.table, label.label)


def test_kappa_is_zero_at_chance_and_negative_below() -> None:
    assert cohen_kappa(["a", "a", "b", "b"], ["a", "b", "a", "b"]) == 0.0
    assert cohen_kappa(["a", "b"], ["b", "a"]) == -1.0


def test_codebook_and_report_agree_on_the_sentence_count() -> None:
    text = (REPO / "data/texts/edm-4-191.txt").read_text("utf-8")
    count = len(body_sentences(text))
    assert f"has {count} sentences" in REPORT.read_text("utf-8")
