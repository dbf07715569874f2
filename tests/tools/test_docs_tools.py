"""Generated documentation stays in step with its single source (tools.schemadocs; the agreement report in test_agreement.py)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from helpers import REPO
from tools.agreement import REPORT
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


def test_codebook_and_report_agree_on_the_sentence_count() -> None:
    text = (REPO / "data/texts/edm-4-191.txt").read_text("utf-8")
    count = len(body_sentences(text))
    assert f"has {count} sentences" in REPORT.read_text("utf-8")
