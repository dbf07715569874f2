"""The agreement report (tools.agreement, tools.round3): its figures, the round-3 study and the release check."""

from __future__ import annotations

import csv
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from helpers import REPO
from tools.adjudication import main as decide
from tools.agreement import (
    BLOCKS,
    REPORT,
    compare,
    comparisons,
    main,
    markers,
    read_annotation,
    read_naming,
    round2_sides,
)
from tools.alignment import align
from tools.round3 import BLOCKS as R3_BLOCKS
from tools.round3 import round3_figures


def run_script(name: str, *args: str) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if k != "PYTHONPATH"}  # the scripts find src/ and tools/ themselves
    return subprocess.run([sys.executable, str(REPO / "scripts" / name), *args], capture_output=True, text=True,
                          cwd="/", env=env, timeout=120)  # fmt: skip


def test_agreement_figures_in_the_report_are_current() -> None:
    result = run_script("agreement.py", "--check")
    assert result.returncode == 0, result.stdout + result.stderr
    report = REPORT.read_text("utf-8")
    for block in (*BLOCKS, *R3_BLOCKS):
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
    assert [t.table for t in same.tables] == ["claims", "quotes", "mentions", "cues"]
    for table in same.tables:
        assert (table.exact_f1, table.overlap_f1, table.character_f1) == (1.0, 1.0, 1.0), table.table
    labels = [a for t in same.tables for a in t.labels] + list(same.links.labels if same.links else ())
    assert len(labels) == 9 and {(a.kappa, a.observed, a.ac1, a.interval) for a in labels} == {
        (1.0, 1.0, 1.0, (1.0, 1.0))
    }
    assert same.links and (same.links.entity_f1, same.links.role_f1) == (1.0, 1.0)


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


def test_round_2_figures_match_independent_implementations() -> None:
    # Computed from the same matched pairs by scikit-learn 1.9.1 (cohen_kappa_score, also over the same 2,000
    # resamples for the interval), irrCAC 0.4.4 (CAC.gwet with the schema's four certainty categories) and
    # statsmodels 0.15.0 (fleiss_kappa of A, B and release on the 73 claims all three share).
    from tools.agreement import fleiss

    a_release = comparisons()[1].table("claims")
    certainty = next(a for a in a_release.labels if a.label == "certainty")
    assert certainty.kappa == pytest.approx(0.642157, abs=1e-6)
    assert tuple(round(x, 5) for x in certainty.interval) == (0.27142, 0.90241)
    assert certainty.ac1 == pytest.approx(0.92689, abs=1e-5)
    sides = round2_sides()
    found = {(t, label): (n, k) for t, label, n, k in fleiss([sides["A"], sides["B"], sides["release"]])}
    assert found[("claims", "certainty")][0] == 73
    assert found[("claims", "certainty")][1] == pytest.approx(0.743078, abs=1e-6)


def _claim(cid: str, start: int, end: int, **extra: str) -> dict[str, str]:
    row = {"claim_id": cid, "start": str(start), "end": str(end), "claim_type": "state", "attribution": "author",
           "certainty": "certain", "polarity": "positive", "cue": "", "cue_start": "", "cue_end": ""}  # fmt: skip
    return {**row, **extra}


def test_entity_role_f1_matches_links_through_the_claims() -> None:
    # Claims c1 (0,10) and d1 (0,9) match (Dice 18/19); c2 (20,30) and d3 (40,50) match nothing.
    # Links, after naming (ex → x): first (c1,x,subject) (c1,y,object) (c2,x,subject);
    # second (d1,x,subject) (d1,y,place) (d3,x,subject). Claim and entity agree for (c1/d1,x) and (c1/d1,y):
    # entity F1 2·2/6; the role agrees only for x: entity–role F1 2·1/6. Role κ over the two pairs:
    # subject/subject, object/place: pₒ = 1/2, pₑ = 1/4, κ = 1/3.
    first = {"claims": [_claim("c1", 0, 10), _claim("c2", 20, 30)],
             "claim_entities": [{"claim_id": "c1", "entity_id": "x", "role": "subject"},
                                {"claim_id": "c1", "entity_id": "y", "role": "object"},
                                {"claim_id": "c2", "entity_id": "x", "role": "subject"}]}  # fmt: skip
    second = {"claims": [_claim("d1", 0, 9), _claim("d3", 40, 50)],
              "claim_entities": [{"claim_id": "d1", "entity_id": "x", "role": "subject"},
                                 {"claim_id": "d1", "entity_id": "y", "role": "place"},
                                 {"claim_id": "d3", "entity_id": "x", "role": "subject"}]}  # fmt: skip
    links = compare("t", first, second).links
    assert links is not None and (links.first, links.second) == (3, 3)
    assert links.entity_f1 == pytest.approx(2 / 3) and links.role_f1 == pytest.approx(1 / 3)
    assert links.labels[0].pairs == 2 and links.labels[0].kappa == pytest.approx(1 / 3)


def test_cue_spans_are_scored_as_spans() -> None:
    # Cues 5-9 and 5-9 (exact), 20-24 vs 21-24 (Dice 6/7), and one cue only on the first side.
    first = {"claims": [_claim("a", 0, 30, cue_start="5", cue_end="9"), _claim("b", 0, 40, cue_start="20", cue_end="24"),
                        _claim("c", 50, 60, cue_start="55", cue_end="58")]}  # fmt: skip
    second = {"claims": [_claim("a", 0, 30, cue_start="5", cue_end="9"), _claim("b", 0, 40, cue_start="21", cue_end="24"),
                         _claim("c", 50, 60)]}  # fmt: skip
    cues = compare("t", first, second).table("cues")
    assert (cues.first, cues.second) == (3, 2)
    assert cues.exact_f1 == pytest.approx(2 * 1 / 5) and cues.overlap_f1 == pytest.approx(2 * 2 / 5)


def test_round_3_blocks_say_so_while_no_annotator_folder_exists(tmp_path: Path) -> None:
    (tmp_path / "docs/annotation/round-3").mkdir(parents=True)
    (tmp_path / "docs/annotation/round-3/decide.py").write_text("", "utf-8")
    blocks, problems = round3_figures(tmp_path)
    assert problems == [] and set(blocks) == set(R3_BLOCKS)
    assert {b for b in blocks.values()} == {
        "Round 3 has not been run: `docs/annotation/round-3/annotator-*/` does not exist yet.\n"
    }


# ---------------------------------------------------------------------------- round 3 end to end

ANNOTATED = ("entities", "citations", "mentions", "quotes", "claims", "claim_entities")


def _root(tmp: Path) -> Path:
    """A copy of what the report reads, with a round-3 study whose three annotators all copied the release
    and set CL-0044's certainty to possible (the release has certain)."""
    root = tmp / "repo"
    for part in (
        "data",
        "schemas",
        "docs/annotation/blind-a",
        "docs/annotation/blind-b",
        "docs/annotation/adjudication",
    ):
        shutil.copytree(REPO / part, root / part)
    (root / "tests/fixtures/releases").mkdir(parents=True)
    shutil.copy(REPO / "tests/fixtures/releases/csto-annotations-2.0.0.zip", root / "tests/fixtures/releases")
    shutil.copy(REPORT, root / "docs/annotation-report.md")
    study = root / "docs/annotation/round-3"
    for k in (1, 2, 3):
        (study / f"annotator-{k}").mkdir(parents=True)
        for table in ANNOTATED:
            text = (REPO / "data" / f"{table}.csv").read_text("utf-8")
            if table == "claims":
                rows = list(csv.DictReader(text.splitlines()))
                line = next(n for n, r in enumerate(rows, start=1) if r["claim_id"] == "CL-0044")
                lines = text.splitlines(keepends=True)
                assert ",certain,positive," in lines[line]
                lines[line] = lines[line].replace(",certain,positive,", ",possible,positive,")
                text = "".join(lines)
            (study / f"annotator-{k}" / f"{table}.csv").write_text(text, "utf-8")
    (study / "naming.csv").write_text("annotator,their_id,release_id\n", "utf-8")
    (study / "decisions.csv").write_text("dispute_id,decision,rule,reason\n", "utf-8")
    assert decide([str(study), "--codebook", str(REPO / "docs/codebook-blind.md")]) == 0
    return root


def test_round_3_release_differences_need_an_explanation(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    root = _root(tmp_path)
    report = root / "docs/annotation-report.md"
    study = root / "docs/annotation/round-3"
    assert (study / "disputes.csv").read_text("utf-8").count("\n") == 1  # three identical annotations: none
    # CL-0044 is the 47th claim in text order (CL-0080 comes earlier), so the consensus numbers it CL-0047.
    assert main([], report=report, root=root) == 1
    assert "no explanation for claims CL-0044 certainty ('certain' vs 'possible')" in capsys.readouterr().out
    text = report.read_text("utf-8")
    assert "| claims | CL-0044 | CL-0047 | certainty | certain | possible | **no explanation** |" in text
    assert "| claims | claim_type | 77 | 1.000 |" in text and "| claims | certainty | 77 | 1.000 |" in text  # Fleiss
    assert "| release vs adjudicated | claims | certainty | 77 | 0.987 |" in text  # 76 of the 77 claims agree
    # Release 2.0.0 as published: CL-0064 and CL-0080 have no partner, so 76 pairs; its CL-0014 (possible) and
    # CL-0053 (probable) differ from the consensus (certain), and CL-0044 agrees (possible in both).
    assert "| release 2.0.0 vs adjudicated | claims | certainty | 76 | 0.974 |" in text
    explained = "table,release_id,consensus_id,field,release_value,consensus_value,explanation\n"
    (study / "release-differences.csv").write_text(
        explained + "claims,CL-0044,CL-0047,certainty,certain,possible,The release is to follow in 3.0.0.\n", "utf-8"
    )
    assert main([], report=report, root=root) == 0
    assert "| possible | The release is to follow in 3.0.0. |" in report.read_text("utf-8")
    assert main(["--check"], report=report, root=root) == 0
    (study / "release-differences.csv").write_text(
        explained + "claims,CL-0044,CL-0047,certainty,certain,possible,x\nclaims,CL-0002,CL-0001,polarity,a,b,y\n",
        "utf-8",
    )
    assert main(["--check"], report=report, root=root) == 1
    assert (
        "row claims / CL-0002 / CL-0001 / polarity / a / b matches no remaining difference" in capsys.readouterr().out
    )


def test_round_3_check_fails_on_a_hand_edited_consensus_or_naming(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    root = _root(tmp_path)
    study = root / "docs/annotation/round-3"
    quotes = study / "adjudicated/quotes.csv"
    quotes.write_text(quotes.read_text("utf-8").replace(",direct,", ",scare,", 1), "utf-8")
    _, problems = round3_figures(root)
    assert any("quotes.csv not what decide.py builds" in p for p in problems)
    (study / "naming.csv").write_text("annotator,their_id,release_id\nannotator-2,nobody,csto\n", "utf-8")
    assert main(["--check"], report=root / "docs/annotation-report.md", root=root) == 1
    assert "annotator-2 has no entity 'nobody'" in capsys.readouterr().out


def test_round_3_naming_maps_each_annotator_and_lists_what_stays_unmapped(tmp_path: Path) -> None:
    root = _root(tmp_path)
    study = root / "docs/annotation/round-3"
    for table in ("entities", "mentions", "claim_entities"):  # annotator-2 spells the CSTO "csto-org"
        path = study / "annotator-2" / f"{table}.csv"
        path.write_text(
            path.read_text("utf-8").replace("\ncsto,", "\ncsto-org,").replace(",csto,", ",csto-org,"), "utf-8"
        )
    (study / "entity-naming.csv").write_text("annotator,their_id,consensus_id\nannotator-2,csto-org,csto\n", "utf-8")
    assert decide([str(study), "--codebook", str(REPO / "docs/codebook-blind.md")]) == 0  # no disputes: one spelling
    blocks, _ = round3_figures(root)
    assert "| annotator-2 | 1 | `csto-org` |" in blocks["r3-naming"]
    assert "| annotator-1 vs annotator-2 | mentions | entity | 149 | 1.000 |" not in blocks["r3-labels"]
    (study / "naming.csv").write_text("annotator,their_id,release_id\nannotator-2,csto-org,csto\n", "utf-8")
    blocks, _ = round3_figures(root)
    assert blocks["r3-naming"] == "Every entity ID names a release entity after the naming map.\n"
    assert "| annotator-1 vs annotator-2 | mentions | entity | 149 | 1.000 |" in blocks["r3-labels"]


def test_alignment_of_three_annotations_is_what_two_give_pairwise() -> None:
    # With identical spans throughout, the N-way groups are the pairwise matches.
    sides = round2_sides()
    three = align([sides["A"], sides["B"], sides["A"]])
    two = align([sides["A"], sides["B"]])
    assert [g.rows[:2] for g in three.groups["claims"]] == [g.rows for g in two.groups["claims"]]
