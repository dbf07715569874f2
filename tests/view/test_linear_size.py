"""The page grows linearly with its input, however deeply annotations nest (issue 11, item 6).

Each package is the real one with its annotations replaced by k spans of
one kind, nested like onion layers (from the i-th word to the i-th word
from the end, for i < k), so the innermost segments are covered by all k. A page that listed every covering span on every segment
would grow with k²; this one must grow with k.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

import csto_annotations
from csto_annotations._view import render_page
from helpers import copy_real_package, read_rows, write_rows

SIZES = (100, 200, 400)
ANNOTATIONS = ("mentions", "citations", "quotes", "claims", "claim_entities")


def nested_rows(kind: str, header: list[str], text: str, document: str, k: int) -> list[list[str]]:
    """k rows of ``kind`` nested inside one another, in the table's column order."""
    # Word boundaries, so that no span starts or ends with white space (a codebook rule).
    starts = [m.start() for m in re.finditer(r"\S+", text)]
    ends = [m.end() for m in re.finditer(r"\S+", text)][::-1]
    assert starts[k - 1] < ends[k - 1], "the text has too few words for k nested spans"
    rows = []
    for i in range(k):
        start, end = starts[i], ends[i]
        values = {"document_id": document, "start": str(start), "end": str(end), "exact": text[start:end]}
        if kind == "mentions":
            values |= {"mention_id": f"MN-9{i:03d}", "entity_id": "csto"}
        else:
            values |= {
                "claim_id": f"CL-9{i:03d}",
                "statement": f"Nested claim {i}.",
                "claim_type": "assessment",
                "attribution": "author",
                "certainty": "certain",
                "polarity": "positive",
            }
        rows.append([values.get(column, "") for column in header])
    return rows


def page_size(tmp_path: Path, kind: str, k: int) -> int:
    """Bytes of the page of the real package whose only annotations are k nested ``kind`` rows."""
    from csto_annotations import build  # re-measures the descriptor's hashes, as after any edit

    root = copy_real_package(tmp_path / f"{kind}-{k}")
    document = read_rows(root / "data" / "documents.csv")[1][0]
    text = csto_annotations.load(root, tables=["documents"]).text(document)
    for table in ANNOTATIONS:  # only the nested spans, so that nothing else hides how the page grows
        path = root / "data" / f"{table}.csv"
        header = read_rows(path)[0]
        write_rows(path, [header] + (nested_rows(kind, header, text, document, k) if table == kind else []))
    build(root)
    ds = csto_annotations.load(root, verify="hashes")  # a synthetic page input: the codebook's rules do not apply
    # The viewer renders only a checked dataset. These spans are sliced from the text by nested_rows, so every
    # rule the page relies on holds; the test vouches for that, as a release's hashes would.
    ds.checked = True
    assert len(ds.tables[kind]) == k and all(len(ds.tables[t]) == 0 for t in ANNOTATIONS if t != kind)
    return len(render_page(ds).encode("utf-8"))


@pytest.mark.parametrize("kind", ["mentions", "claims"])
def test_page_size_grows_linearly_with_nested_spans(tmp_path: Path, kind: str) -> None:
    sizes = {k: page_size(tmp_path, kind, k) for k in SIZES}
    print(f"{kind}: " + ", ".join(f"k={k}: {size} bytes" for k, size in sizes.items()))
    assert sizes[400] / sizes[200] < 2.3
    # Without the fixed part of the page: doubling k must about double the growth (k² would quadruple it).
    assert (sizes[400] - sizes[200]) / (sizes[200] - sizes[100]) < 2.3
