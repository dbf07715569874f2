"""Generated documentation stays in step with its single source (tools.schemadocs, tools.agreement)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from helpers import REPO
from tools.agreement import REPORT, cohen_kappa, compare, main
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
    printed = run_script("agreement.py")
    assert (
        printed.returncode == 0
        and printed.stdout.startswith("| comparison |")
        and printed.stdout in REPORT.read_text("utf-8")
    )


def test_agreement_check_notices_a_stale_report(tmp_path: Path) -> None:
    stale = tmp_path / "report.md"
    stale.write_text(REPORT.read_text("utf-8").replace("| 0.", "| 9.", 1), "utf-8")
    assert main(["--check"], report=stale) == 1


def test_agreement_of_an_annotation_with_itself_is_perfect() -> None:
    text = (REPO / "data/texts/edm-4-191.txt").read_text("utf-8")
    from tools.agreement import REPO as root
    from tools.agreement import read_pass

    data = read_pass(root / "data")
    same = compare("self", text, data, data)
    assert (same.exact_f1, same.overlap_f1, same.character_f1, same.quotes_exact_f1) == (1.0, 1.0, 1.0, 1.0)
    assert set(same.kappas.values()) == {1.0}


def test_kappa_is_zero_at_chance_and_negative_below() -> None:
    assert cohen_kappa(["a", "a", "b", "b"], ["a", "b", "a", "b"]) == 0.0
    assert cohen_kappa(["a", "b"], ["b", "a"]) == -1.0


def test_codebook_and_report_agree_on_the_sentence_count() -> None:
    text = (REPO / "data/texts/edm-4-191.txt").read_text("utf-8")
    count = len(body_sentences(text))
    assert f"has {count} sentences" in REPORT.read_text("utf-8")
