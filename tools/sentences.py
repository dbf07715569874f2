"""Sentence segmentation for coverage checks.

The codebook requires every body sentence to be covered by at least one claim
or quote. This module finds those sentences with one documented rule, so the
count in the annotation report and the coverage test agree.

Example
-------
>>> len(body_sentences("T\\n\\nPublication: P\\n\\nOne. Two."))
2
"""

from __future__ import annotations

import re

Span = tuple[int, int]

# A sentence ends at . ? or ! (optionally followed by a closing quotation mark)
# when white space and then a capital letter or an opening quotation mark follow,
# or at the end of the paragraph. Abbreviations such as "U.S." are not followed
# by a capital in this corpus; the rule is kept simple on purpose.
_SENTENCE = re.compile(r"\S.*?(?:[.?!]”?(?=\s+[“A-Z])|$)")
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
    spans: list[Span] = []
    for paragraph in re.finditer(r"[^\n]+", text[body_start(text) :]):
        offset = body_start(text) + paragraph.start()
        for match in _SENTENCE.finditer(paragraph.group()):
            spans.append((offset + match.start(), offset + match.end()))
    return spans


def uncovered(sentences: list[Span], spans: list[Span]) -> list[Span]:
    """Sentences that no span overlaps.

    Examples
    --------
    >>> uncovered([(0, 5), (6, 10)], [(1, 3)])
    [(6, 10)]
    """
    return [s for s in sentences if not any(a < s[1] and s[0] < b for a, b in spans)]
