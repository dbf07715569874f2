"""Every hostile cost (tests/hostile/costs.py) ends in bounded time with its exit code, never exit 3.

No timing is asserted beyond a generous per-case bound that the old code
missed by minutes (the zip and spaCy cases) or never met (an exponential
pattern); the measured times are in docs/security.md ("Linear costs").
A successful spaCy export is read back with spaCy, and every mention span
must be exactly its record: the linear split keeps the export exact at scale.
"""

from __future__ import annotations

import csv
import io
import time
from pathlib import Path

import pytest
import spacy
from spacy.tokens import DocBin

from csto_annotations import _cli as cli
from csto_annotations._base import _limits
from hostile import edits
from hostile.costs import COST_CASES, CostCase

#: Seconds one case may take through the command line (the peer's deadline is 5 s here).
DEADLINE = 60.0


@pytest.fixture(autouse=True)
def short_peer_deadline(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(_limits, "PEER_DEADLINE", 5.0)


def mention_spans(source: Path) -> dict[str, tuple[int, int, str]]:
    """mention_id → (start, end, exact), read from the package's CSV with the csv module."""
    rows = list(csv.DictReader(io.StringIO((source / "data" / "mentions.csv").read_text("utf-8"), newline="")))
    return {r["mention_id"]: (int(r["start"]), int(r["end"]), r["exact"]) for r in rows}


def test_the_cost_corpus_covers_each_cost() -> None:
    commands = {c.command[0] if c.command[0] != "validate" else " ".join(c.command[:2]) for c in COST_CASES}
    assert len(COST_CASES) >= 6 and commands == {"validate {source}", "validate --frictionless", "export"}


@pytest.mark.parametrize("case", COST_CASES, ids=str)
def test_cost_case_ends_in_time(
    case: CostCase, tmp_path: Path, isolated_cache: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    outside = tmp_path / "outside"
    outside.mkdir()
    source = case.build(edits.fresh_copy(tmp_path / "pkg"), outside)
    out = tmp_path / "out"
    started = time.monotonic()
    code = cli.main([part.format(source=source, out=out) for part in case.command])
    elapsed = time.monotonic() - started
    text = "".join(capsys.readouterr())
    assert code == case.code, text
    assert case.needle in text and "Traceback" not in text and "internal error" not in text, text
    assert elapsed < DEADLINE, f"took {elapsed:.1f} s"
    if case.mentions is None:
        assert not out.exists()
        return
    docs = list(DocBin().from_disk(out / "csto-annotations.spacy").get_docs(spacy.blank("en").vocab))
    spans = {s.id_: (s.start_char, s.end_char, s.text) for d in docs for s in d.spans["mentions"]}
    assert len(spans) == case.mentions and spans == mention_spans(source)
    assert docs[0].text == (source / edits.TEXT_PATH).read_text("utf-8")
