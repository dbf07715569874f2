"""The whole-column span comparison against Python's own slicing, over block boundaries and every UTF-8 width.

``span_mismatch`` compares code points gathered from all texts at once, in blocks of 2**18 code points; the
real package has fewer span code points than one block, so these spans are generated: more than four blocks'
worth, in texts that mix 1-, 2-, 3- and 4-byte characters. The expected answer is ``text[start:end] != exact``.
"""

from __future__ import annotations

import random

import numpy as np
import pandas as pd

from csto_annotations._engine._rules import span_mismatch

ALPHABET = "ab é€ 😀\n𝔸"  # 1, 2, 3 and 4 bytes in UTF-8; two characters outside the Basic Multilingual Plane


def _case(seed: int, rows: int) -> tuple[dict[str, str], list[tuple[str, int, int, str]]]:
    rng = random.Random(seed)
    texts = {f"d{i}": "".join(rng.choice(ALPHABET) for _ in range(rng.randint(1, 400))) for i in range(30)}
    spans = []
    for _ in range(rows):
        document = rng.choice(list(texts))
        text = texts[document]
        start = rng.randrange(len(text))
        end = rng.randint(start + 1, len(text))
        exact = text[start:end]
        change = rng.random()
        if change < 0.2:  # same length, one code point differs
            at = rng.randrange(len(exact))
            exact = exact[:at] + rng.choice([c for c in ALPHABET if c != exact[at]]) + exact[at + 1 :]
        elif change < 0.3:  # one code point more
            exact += rng.choice(ALPHABET)
        spans.append((document, start, end, exact))
    return texts, spans


def test_spans_match_python_slicing_across_blocks() -> None:
    texts, spans = _case(seed=7, rows=30_000)
    assert sum(end - start for _, start, end, _ in spans) > 4 * 2**18
    documents, starts, ends, exacts = zip(*spans)
    found = span_mismatch(pd.Series(documents, dtype="string"), pd.Series(starts), pd.Series(ends),
                          pd.Series(exacts, dtype="string"), texts)  # fmt: skip
    expected = np.array([texts[d][s:e] != x for d, s, e, x in spans])
    assert found.tolist() == expected.tolist()
    assert 0.15 < expected.mean() < 0.45  # both answers occur often


def test_no_rows_and_no_texts_give_an_empty_mask() -> None:
    empty = pd.Series([], dtype="string")
    assert span_mismatch(empty, pd.Series([], dtype="int64"), pd.Series([], dtype="int64"), empty, {}).tolist() == []
