"""Sentence segmentation for coverage checks.

The codebook requires every body sentence to be covered by at least one claim
or quote. This module finds those sentences with the rule the engine checks
(``csto_annotations._base._text.sentences``), so the count in the annotation
report, the coverage test and the engine agree.

Example
-------
>>> len(body_sentences("T\\n\\nPublication: P\\n\\nOne. Two."))
2
"""

from __future__ import annotations

import re

from csto_annotations._base._text import sentences

Span = tuple[int, int]

_HEADER_LINE = re.compile(r"^Publication:.*$", re.MULTILINE)


def body_start(text: str) -> int:
    """Offset where the body begins: after the "Publication:" header line.

    Examples
    --------
    >>> body_start("TITLE\\n\\nPublication: X\\n\\nBody.")
    23
    """
    header = _HEADER_LINE.search(text)
    if header is None:
        return 0
    start = header.end()
    while start < len(text) and text[start].isspace():
        start += 1
    return start


def body_sentences(text: str) -> list[Span]:
    """Half-open spans of the body's sentences, paragraph by paragraph.

    Examples
    --------
    >>> text = "T\\n\\nPublication: P\\n\\nOne. “Two.” Three"
    >>> [text[a:b] for a, b in body_sentences(text)]
    ['One.', '“Two.”', 'Three']
    """
    start = body_start(text)
    return [(start + a, start + b) for a, b in sentences(text[start:])]  # the package's one sentence rule


def uncovered(sentences: list[Span], spans: list[Span]) -> list[Span]:
    """Sentences that no span overlaps.

    Examples
    --------
    >>> uncovered([(0, 5), (6, 10)], [(1, 3)])
    [(6, 10)]
    """
    return [s for s in sentences if not any(a < s[1] and s[0] < b for a, b in spans)]
