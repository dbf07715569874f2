"""Inter-annotator agreement between two annotations of the same text.

The measures follow the codebook (``docs/codebook.md``): claims and quotes are
matched one-to-one by span overlap (exact-span F1, overlap F1 with Dice ≥ 0.5,
character F1), then categorical columns are compared on the matched pairs with
Cohen's kappa. ``python scripts/agreement.py [--check]`` recomputes the figures
table of ``docs/annotation-report.md`` from ``docs/annotation/`` and ``data/``
(:func:`main`).

Example
-------
>>> match_spans([(0, 4)], [(0, 4), (9, 12)]).precision
0.5
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

Span = tuple[int, int]


@dataclass(frozen=True)
class SpanScores:
    """Precision, recall and F1 of one span matching, and the matched pairs."""

    precision: float
    recall: float
    f1: float
    pairs: tuple[tuple[int, int], ...]


def dice(a: Span, b: Span) -> float:
    """Return the Dice overlap of two half-open spans (1.0 when identical).

    Examples
    --------
    >>> dice((0, 10), (5, 15))
    0.5
    """
    overlap = max(0, min(a[1], b[1]) - max(a[0], b[0]))
    return 2 * overlap / ((a[1] - a[0]) + (b[1] - b[0]))


def match_spans(first: Sequence[Span], second: Sequence[Span], threshold: float = 0.5) -> SpanScores:
    """Match spans one-to-one, best overlap first, and score the matching.

    A pair counts when its Dice overlap is at least ``threshold``; with
    ``threshold=1.0`` only identical spans match (exact-span F1).

    Examples
    --------
    >>> match_spans([(0, 4), (10, 20)], [(0, 4), (30, 40)]).f1
    0.5
    """
    candidates = sorted(
        ((dice(a, b), i, j) for i, a in enumerate(first) for j, b in enumerate(second)),
        reverse=True,
    )
    used_first: set[int] = set()
    used_second: set[int] = set()
    pairs = []
    for score, i, j in candidates:
        if score < threshold or score == 0:
            break
        if i in used_first or j in used_second:
            continue
        used_first.add(i)
        used_second.add(j)
        pairs.append((i, j))
    precision = len(pairs) / len(second) if second else 1.0
    recall = len(pairs) / len(first) if first else 1.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return SpanScores(precision, recall, f1, tuple(sorted(pairs)))


def character_f1(first: Iterable[Span], second: Iterable[Span]) -> float:
    """F1 over the sets of characters covered by each annotator's spans.

    Examples
    --------
    >>> character_f1([(0, 10)], [(5, 15)])
    0.5
    """
    chars_a = {c for a, b in first for c in range(a, b)}
    chars_b = {c for a, b in second for c in range(a, b)}
    if not chars_a and not chars_b:
        return 1.0
    overlap = len(chars_a & chars_b)
    return 2 * overlap / (len(chars_a) + len(chars_b))


def cohen_kappa(labels_a: Sequence[str], labels_b: Sequence[str]) -> float:
    """Cohen's kappa for two raters' labels of the same items.

    Returns 1.0 when both raters use one and the same label throughout
    (observed and expected agreement are both perfect).

    Examples
    --------
    >>> cohen_kappa(["x", "y", "x", "y"], ["x", "y", "y", "y"])
    0.5
    """
    if len(labels_a) != len(labels_b):
        raise ValueError("both raters must label the same items")
    n = len(labels_a)
    if n == 0:
        return float("nan")
    observed = sum(a == b for a, b in zip(labels_a, labels_b, strict=False)) / n
    count_a, count_b = Counter(labels_a), Counter(labels_b)
    expected = sum(count_a[k] * count_b[k] for k in count_a.keys() | count_b.keys()) / n**2
    if expected == 1.0:
        return 1.0
    return (observed - expected) / (1 - expected)


def _find(text: str, exact: str, cursor: int, quoted: bool) -> int:
    start = text.find(exact, cursor)
    while (
        quoted
        and start >= 0
        and not (text[start - 1 : start] == "“" and text[start + len(exact) : start + len(exact) + 1] == "”")
    ):
        start = text.find(exact, start + 1)
    return start


def anchor_in_order(text: str, exacts: Sequence[str], quoted: bool = False) -> list[Span]:
    """Anchor spans written in text order: each at its first occurrence
    at or after the previous span's start (between “ and ” when ``quoted``).

    Raises
    ------
    ValueError
        When an exact text cannot be found; the message names it.

    Examples
    --------
    >>> anchor_in_order("a spat, a “spat”", ["spat"], quoted=True)
    [(11, 15)]
    """
    spans: list[Span] = []
    cursor = 0
    for exact in exacts:
        start = _find(text, exact, cursor, quoted)
        if start < 0:
            start = _find(text, exact, 0, quoted)
        if start < 0:
            raise ValueError(f"span not found in the text: {exact!r}")
        spans.append((start, start + len(exact)))
        cursor = start
    return spans


def spans_of(text: str, rows: Sequence[dict[str, Any]], quoted: bool = False) -> list[Span]:
    """Spans of annotation rows: their ``start``/``end`` where the rows carry
    offsets (released tables), else anchored in text order from ``exact``."""
    if rows and all(r.get("start") not in (None, "") for r in rows):
        return [(int(r["start"]), int(r["end"])) for r in rows]
    return anchor_in_order(text, [r["exact"] for r in rows], quoted)


@dataclass(frozen=True)
class Comparison:
    """Agreement between a reference annotation and a second annotation."""

    label: str
    claims_reference: int
    claims_second: int
    exact_f1: float
    overlap_f1: float
    character_f1: float
    kappas: dict[str, float]
    quotes_exact_f1: float
    quote_kind_kappa: float


CLAIM_LABELS = ("claim_type", "attribution", "certainty", "polarity")


def compare(label: str, text: str, reference: dict[str, Any], second: dict[str, Any]) -> Comparison:
    """Compare two annotations of ``text``.

    Parameters
    ----------
    reference, second
        Each a mapping with ``"claims"`` and ``"quotes"``: lists of row dicts
        with at least ``exact`` and, for claims, the columns of
        :data:`CLAIM_LABELS`. Rows are anchored in text order.

    Examples
    --------
    >>> text = "A b. C d."
    >>> ann = {"claims": [{"exact": "A b", "claim_type": "state", "attribution": "author",
    ...                    "certainty": "certain", "polarity": "positive"}], "quotes": []}
    >>> compare("x", text, ann, ann).exact_f1
    1.0
    """
    spans_a = spans_of(text, reference["claims"])
    spans_b = spans_of(text, second["claims"])
    lenient = match_spans(spans_a, spans_b, 0.5)
    kappas = {
        column: cohen_kappa(
            [reference["claims"][i][column] for i, _ in lenient.pairs],
            [second["claims"][j][column] for _, j in lenient.pairs],
        )
        for column in CLAIM_LABELS
    }
    quotes_a = spans_of(text, reference["quotes"], quoted=True)
    quotes_b = spans_of(text, second["quotes"], quoted=True)
    quote_match = match_spans(quotes_a, quotes_b, 1.0)
    kind_kappa = cohen_kappa(
        [reference["quotes"][i]["kind"] for i, _ in quote_match.pairs],
        [second["quotes"][j]["kind"] for _, j in quote_match.pairs],
    )
    return Comparison(
        label=label,
        claims_reference=len(spans_a),
        claims_second=len(spans_b),
        exact_f1=match_spans(spans_a, spans_b, 1.0).f1,
        overlap_f1=lenient.f1,
        character_f1=character_f1(spans_a, spans_b),
        kappas=kappas,
        quotes_exact_f1=quote_match.f1,
        quote_kind_kappa=kind_kappa,
    )


def markdown_table(comparisons: Sequence[Comparison]) -> str:
    """Render comparisons as the Markdown table used in the annotation report."""
    head = (
        "| comparison | claims (ref / second) | exact-span F1 | overlap F1 (Dice ≥ 0.5) "
        "| character F1 | κ claim_type | κ attribution | κ certainty | κ polarity "
        "| quotes exact F1 | κ quote kind |\n"
        "|---|---|---|---|---|---|---|---|---|---|---|\n"
    )
    rows = [
        f"| {c.label} | {c.claims_reference} / {c.claims_second} | {c.exact_f1:.3f} "
        f"| {c.overlap_f1:.3f} | {c.character_f1:.3f} | "
        + " | ".join(f"{c.kappas[k]:.3f}" for k in CLAIM_LABELS)
        + f" | {c.quotes_exact_f1:.3f} | {c.quote_kind_kappa:.3f} |"
        for c in comparisons
    ]
    return head + "\n".join(rows) + "\n"


REPO = Path(__file__).resolve().parents[1]
REPORT = REPO / "docs" / "annotation-report.md"
START, END = "<!-- figures:start -->\n", "<!-- figures:end -->"


def read_pass(folder: Path) -> dict[str, list[dict[str, str]]]:
    """The ``claims`` and ``quotes`` rows of one annotation pass (a folder of CSV files)."""
    import csv

    def rows(name: str) -> list[dict[str, str]]:
        with open(folder / name, encoding="utf-8", newline="") as handle:
            return list(csv.DictReader(handle))

    return {"claims": rows("claims.csv"), "quotes": rows("quotes.csv")}


def figures(root: Path = REPO) -> str:
    """The report's figures table: the blind second pass against the first pass, the reconciled pass and data/.

    Example
    -------
    >>> figures().splitlines()[0].startswith("| comparison |")
    True
    """
    text = (root / "data" / "texts" / "edm-4-191.txt").read_text(encoding="utf-8")
    passes = root / "docs" / "annotation"
    second = read_pass(passes / "second-pass")
    return markdown_table([
        compare("before reconciliation (first pass vs blind pass)", text, read_pass(passes / "first-pass"), second),
        compare("after reconciliation (reconciled pass vs blind pass)", text, read_pass(passes / "reconciled"), second),
        compare("release (reconciled, then reviewed; data/ vs blind pass)", text, read_pass(root / "data"), second),
    ])  # fmt: skip


def main(argv: Sequence[str] = (), report: Path = REPORT) -> int:
    """Print the figures table; with ``--check``, exit 1 when ``report`` holds another one."""
    table = figures()
    if "--check" not in argv:
        print(table, end="")
        return 0
    text = report.read_text(encoding="utf-8")
    current = text.split(START, 1)[1].split(END, 1)[0] if START in text else ""
    if current != table:
        print(f"{report}: figures table is stale; run python scripts/agreement.py and paste it")
        return 1
    print("annotation report figures are current")
    return 0
