"""Shared readers for the data tests: the CSVs and the text, read with the standard library only.

The sentence rule repeats, on purpose, the one documented in
``csto_annotations.sentences`` (a sentence ends at ``.``, ``?`` or ``!``, optionally
followed by a closing quotation mark, when white space and a capital letter or an
opening quotation mark follow, or at the end of the paragraph), so that these tests
check the data without importing the package.
"""

from __future__ import annotations

import csv
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
DATA = ROOT / "data"
TEXT = (DATA / "texts" / "edm-4-191.txt").read_text(encoding="utf-8")

_SENTENCE = re.compile(r"\S.*?(?:[.?!]”?(?=\s+[“A-Z])|$)")
_HEADER = re.compile(r"^Publication:.*$", re.MULTILINE)

Span = tuple[int, int]


def rows(table: str) -> list[dict[str, str]]:
    """Every row of ``data/<table>.csv`` as a dict of strings."""
    with open(DATA / f"{table}.csv", encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def paragraphs(text: str = TEXT) -> list[Span]:
    """Half-open spans of the text's lines that hold text (the paragraphs)."""
    return [(m.start(), m.end()) for m in re.finditer(r"[^\n]+", text)]


def body_sentences(text: str = TEXT) -> list[Span]:
    """Half-open spans of the body's sentences (everything after the publication line)."""
    header = _HEADER.search(text)
    body = header.end() if header else 0
    spans: list[Span] = []
    for start, end in paragraphs(text):
        if start < body:
            continue
        for match in _SENTENCE.finditer(text[start:end]):
            spans.append((start + match.start(), start + match.end()))
    return spans


def containing(spans: list[Span], start: int, end: int) -> Span | None:
    """The span of ``spans`` that contains ``[start, end)``, if one does."""
    for a, b in spans:
        if a <= start and end <= b:
            return a, b
    return None
