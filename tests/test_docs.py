"""Generated documentation stays in step with its single source."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def run_script(name: str, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, str(ROOT / "scripts" / name), *args],
        capture_output=True, text=True, cwd=ROOT,
    )


def test_tables_doc_is_rendered_from_the_schemas():
    result = run_script("docs.py", "--check")
    assert result.returncode == 0, result.stdout + result.stderr


def test_agreement_figures_in_the_report_are_current():
    result = run_script("agreement.py", "--check")
    assert result.returncode == 0, result.stdout + result.stderr


def test_agreement_check_notices_a_stale_report(tmp_path, monkeypatch):
    import importlib.util

    spec = importlib.util.spec_from_file_location("agreement_script", ROOT / "scripts" / "agreement.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    report = module.REPORT.read_text(encoding="utf-8")
    stale = tmp_path / "report.md"
    stale.write_text(report.replace("| 0.", "| 9.", 1), encoding="utf-8")
    monkeypatch.setattr(module, "REPORT", stale)
    monkeypatch.setattr(sys, "argv", ["agreement.py", "--check"])
    assert module.main() == 1


def test_codebook_and_report_agree_on_the_sentence_count():
    from csto_annotations.sentences import body_sentences

    text = (ROOT / "data" / "texts" / "edm-4-191.txt").read_text(encoding="utf-8")
    count = len(body_sentences(text))
    assert f"has {count} sentences" in (ROOT / "docs" / "annotation-report.md").read_text(encoding="utf-8")
