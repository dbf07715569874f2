"""Inter-annotator agreement of the blind study, recomputed from the annotators' files.

Claims, quotes and mentions are compared table by table. Items are matched one
to one by span overlap; the spans are scored by exact-span F1, overlap F1 (Dice
≥ 0.5) and character F1; on the overlap-matched pairs every label is compared by
Cohen's kappa and a confusion matrix. Mentions are labelled by the type of their
entity and by the entity itself, after the naming map of the adjudication
(``docs/annotation/adjudication/naming.csv``) has put every annotator's entity ID
into the release's spelling. ``python scripts/agreement.py [--check]`` writes the
figures of ``docs/annotation-report.md`` from ``docs/annotation/`` and ``data/``
(:func:`main`).

Example
-------
>>> match_spans([(0, 4)], [(0, 4), (9, 12)]).precision
0.5
"""

from __future__ import annotations

import csv
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

Span = tuple[int, int]
Rows = list[dict[str, str]]

#: The labels compared on matched pairs, per table.
LABELS: dict[str, tuple[str, ...]] = {
    "claims": ("claim_type", "attribution", "certainty", "polarity"),
    "quotes": ("kind", "speaker"),
    "mentions": ("entity_type", "entity"),
}
#: Category order of the confusion matrices (the schemas' order); other labels sort alphabetically.
ORDER: dict[str, tuple[str, ...]] = {
    "claim_type": ("event", "state", "assessment", "forecast"),
    "attribution": ("author", "reported", "quoted"),
    "certainty": ("certain", "probable", "possible", "underspecified"),
    "polarity": ("positive", "negative"),
    "kind": ("direct", "scare"),
}
#: Labels with too many values for a full matrix: the report lists the disagreeing pairs instead.
LISTED = frozenset({"speaker", "entity"})
NONE = "(none)"


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
        key=lambda c: (-c[0], c[1], c[2]),
    )  # best overlap first; among equals, the earlier rows first
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
    observed = sum(a == b for a, b in zip(labels_a, labels_b, strict=True)) / n
    count_a, count_b = Counter(labels_a), Counter(labels_b)
    expected = sum(count_a[k] * count_b[k] for k in count_a.keys() | count_b.keys()) / n**2
    if expected == 1.0:
        return 1.0
    return (observed - expected) / (1 - expected)


@dataclass(frozen=True)
class LabelAgreement:
    """Agreement on one label over the matched pairs: κ, observed agreement and the confusion counts."""

    label: str
    pairs: int
    observed: float
    kappa: float
    confusion: dict[tuple[str, str], int]


@dataclass(frozen=True)
class TableAgreement:
    """Span scores of one table and the agreement on each of its labels."""

    table: str
    first: int
    second: int
    exact_f1: float
    overlap_f1: float
    character_f1: float
    labels: tuple[LabelAgreement, ...]


@dataclass(frozen=True)
class Comparison:
    """Agreement between two annotations, one :class:`TableAgreement` per table of :data:`LABELS`."""

    label: str
    tables: tuple[TableAgreement, ...]

    def table(self, name: str) -> TableAgreement:
        """The agreement of table ``name``."""
        return next(t for t in self.tables if t.table == name)


def label_agreement(label: str, first: Sequence[str], second: Sequence[str]) -> LabelAgreement:
    """κ, observed agreement and confusion counts of two raters' labels of the same items.

    Example
    -------
    >>> label_agreement("kind", ["direct", "scare"], ["direct", "direct"]).confusion
    {('direct', 'direct'): 1, ('scare', 'direct'): 1}
    """
    n = len(first)
    observed = sum(a == b for a, b in zip(first, second, strict=True)) / n if n else float("nan")
    confusion = dict(sorted(Counter(zip(first, second, strict=True)).items()))
    return LabelAgreement(label, n, observed, cohen_kappa(first, second), confusion)


def spans(rows: Rows) -> list[Span]:
    """The ``(start, end)`` spans of annotation rows."""
    return [(int(r["start"]), int(r["end"])) for r in rows]


def compare_table(table: str, first: Rows, second: Rows) -> TableAgreement:
    """Score the spans of one table and compare its labels (:data:`LABELS`) on the overlap-matched pairs.

    Example
    -------
    >>> row = {"start": "0", "end": "4", "kind": "direct", "speaker": "x"}
    >>> compare_table("quotes", [row], [dict(row, end="5")]).exact_f1
    0.0
    """
    spans_a, spans_b = spans(first), spans(second)
    lenient = match_spans(spans_a, spans_b, 0.5)
    labels = tuple(
        label_agreement(
            column,
            [first[i][column] for i, _ in lenient.pairs],
            [second[j][column] for _, j in lenient.pairs],
        )
        for column in LABELS[table]
    )
    return TableAgreement(
        table=table,
        first=len(spans_a),
        second=len(spans_b),
        exact_f1=match_spans(spans_a, spans_b, 1.0).f1,
        overlap_f1=lenient.f1,
        character_f1=character_f1(spans_a, spans_b),
        labels=labels,
    )


def compare(label: str, first: Mapping[str, Rows], second: Mapping[str, Rows]) -> Comparison:
    """Compare two annotations (as :func:`read_annotation` returns them), table by table.

    Example
    -------
    >>> ann = {"claims": [{"start": "0", "end": "3", "claim_type": "state", "attribution": "author",
    ...                    "certainty": "certain", "polarity": "positive"}], "quotes": [], "mentions": []}
    >>> compare("x", ann, ann).table("claims").overlap_f1
    1.0
    """
    return Comparison(label, tuple(compare_table(t, first[t], second[t]) for t in LABELS))


def read_rows(path: Path) -> Rows:
    """Every row of one CSV file as a dict of strings."""
    with open(path, encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def read_naming(path: Path) -> dict[str, str]:
    """The naming map: each annotator's entity ID that names a release entity differently → the release's ID.

    Raises
    ------
    ValueError
        When one ID is mapped to two release IDs; the message names both.
    """
    naming: dict[str, str] = {}
    for row in read_rows(path):
        for side in ("a_entity", "b_entity"):
            given, release = row[side], row["r_entity"]
            if given and given != release and naming.setdefault(given, release) != release:
                raise ValueError(f"{path}: {given!r} maps to both {naming[given]!r} and {release!r}")
    return naming


def read_annotation(folder: Path, naming: Mapping[str, str]) -> dict[str, Rows]:
    """Claims, quotes and mentions of one annotation (a folder of CSV files), with derived labels.

    Quotes gain ``speaker`` (the speaker's entity ID after ``naming``, or ``(none)``); mentions gain
    ``entity`` (the entity ID after ``naming``) and ``entity_type`` (the type the annotator gave it).
    """
    types = {e["entity_id"]: e["type"] for e in read_rows(folder / "entities.csv")}
    quotes = [dict(q, speaker=naming.get(q["speaker_entity_id"], q["speaker_entity_id"]) or NONE)
              for q in read_rows(folder / "quotes.csv")]  # fmt: skip
    mentions = [dict(m, entity=naming.get(m["entity_id"], m["entity_id"]), entity_type=types[m["entity_id"]])
                for m in read_rows(folder / "mentions.csv")]  # fmt: skip
    return {"claims": read_rows(folder / "claims.csv"), "quotes": quotes, "mentions": mentions}


def _f(value: float) -> str:
    return f"{value:.3f}"


def span_table(comparisons: Sequence[Comparison]) -> str:
    """Markdown: the span scores of every table in every comparison.

    Example
    -------
    >>> span_table([]).splitlines()[0]
    '| comparison | table | items (first / second) | exact-span F1 | overlap F1 (Dice ≥ 0.5) | character F1 |'
    """
    lines = [
        "| comparison | table | items (first / second) | exact-span F1 | overlap F1 (Dice ≥ 0.5) | character F1 |",
        "|---|---|---|---|---|---|",
    ]
    for c in comparisons:
        for t in c.tables:
            lines.append(f"| {c.label} | {t.table} | {t.first} / {t.second} | {_f(t.exact_f1)} "
                         f"| {_f(t.overlap_f1)} | {_f(t.character_f1)} |")  # fmt: skip
    return "\n".join(lines) + "\n"


def kappa_table(comparisons: Sequence[Comparison]) -> str:
    """Markdown: observed agreement and Cohen's κ of every label on the overlap-matched pairs.

    Example
    -------
    >>> kappa_table([]).splitlines()[0]
    '| comparison | table | label | matched pairs | observed agreement | Cohen’s κ |'
    """
    lines = [
        "| comparison | table | label | matched pairs | observed agreement | Cohen’s κ |",
        "|---|---|---|---|---|---|",
    ]
    for c in comparisons:
        for t in c.tables:
            for a in t.labels:
                lines.append(f"| {c.label} | {t.table} | {a.label} | {a.pairs} | {_f(a.observed)} | {_f(a.kappa)} |")
    return "\n".join(lines) + "\n"


def _order(label: str, agreement: LabelAgreement) -> list[str]:
    seen = {v for pair in agreement.confusion for v in pair}
    known = [v for v in ORDER.get(label, ()) if v in seen]
    return known + sorted(seen - set(known))


def confusion_markdown(agreement: LabelAgreement, first: str, second: str) -> str:
    """Markdown for one label's confusion: a matrix (rows ``first``, columns ``second``), or, for
    labels with many values (:data:`LISTED`), the pairs on which the two disagree.

    Example
    -------
    >>> print(confusion_markdown(label_agreement("polarity", ["positive"], ["negative"]), "A", "B"), end="")
    | A ↓ / B → | positive | negative |
    |---|---|---|
    | positive | 0 | 1 |
    | negative | 0 | 0 |
    """
    if agreement.label in LISTED:
        agreeing = sum(n for (a, b), n in agreement.confusion.items() if a == b)
        lines = [f"{agreeing} of {agreement.pairs} matched pairs agree."]
        off = [(a, b, n) for (a, b), n in agreement.confusion.items() if a != b]
        if off:
            lines += ["", f"| {first} | {second} | pairs |", "|---|---|---|"]
            lines += [f"| `{a}` | `{b}` | {n} |" for a, b, n in off]
        return "\n".join(lines) + "\n"
    values = _order(agreement.label, agreement)
    lines = [f"| {first} ↓ / {second} → | " + " | ".join(values) + " |", "|---" * (len(values) + 1) + "|"]
    for a in values:
        cells = " | ".join(str(agreement.confusion.get((a, b), 0)) for b in values)
        lines.append(f"| {a} | {cells} |")
    return "\n".join(lines) + "\n"


@dataclass(frozen=True)
class Pairing:
    """One comparison of the report: its label and the short names of its two sides."""

    label: str
    first: str
    second: str


PAIRINGS = (
    Pairing("before reconciliation: A vs B", "A", "B"),
    Pairing("after adjudication: A vs release", "A", "release"),
    Pairing("after adjudication: B vs release", "B", "release"),
)


def confusion_section(comparisons: Sequence[Comparison], pairings: Sequence[Pairing] = PAIRINGS) -> str:
    """Markdown: every label's confusion in every comparison, one heading per comparison and table."""
    parts = []
    for c, p in zip(comparisons, pairings, strict=True):
        for t in c.tables:
            parts.append(f"#### {c.label}: {t.table}\n")
            for a in t.labels:
                parts.append(f"`{a.label}` (κ {_f(a.kappa)}):\n\n{confusion_markdown(a, p.first, p.second)}")
    return "\n".join(parts)


REPO = Path(__file__).resolve().parents[1]
REPORT = REPO / "docs" / "annotation-report.md"
BLOCKS = ("spans", "kappa", "confusion")


def markers(block: str) -> tuple[str, str]:
    """The opening and closing marker lines of one generated block of the report."""
    return f"<!-- agreement:{block}:start -->\n", f"<!-- agreement:{block}:end -->"


def comparisons(root: Path = REPO) -> list[Comparison]:
    """The study's comparisons: A vs B, A vs the release, B vs the release.

    Example
    -------
    >>> [c.table("mentions").first for c in comparisons()]
    [147, 147, 147]
    """
    passes = root / "docs" / "annotation"
    naming = read_naming(passes / "adjudication" / "naming.csv")
    a = read_annotation(passes / "blind-a", naming)
    b = read_annotation(passes / "blind-b", naming)
    release = read_annotation(root / "data", naming)
    sides = {"A": a, "B": b, "release": release}
    return [compare(p.label, sides[p.first], sides[p.second]) for p in PAIRINGS]


def figures(root: Path = REPO) -> dict[str, str]:
    """The report's generated blocks (:data:`BLOCKS`), rendered from the files under ``root``.

    Example
    -------
    >>> figures()["spans"].splitlines()[0].startswith("| comparison | table |")
    True
    """
    found = comparisons(root)
    return {"spans": span_table(found), "kappa": kappa_table(found), "confusion": confusion_section(found)}


def render(report: str, blocks: Mapping[str, str]) -> str:
    """``report`` with the text between each block's markers replaced by that block.

    Raises
    ------
    ValueError
        When a block's markers are missing; the message names them.

    Example
    -------
    >>> render("a\\n<!-- agreement:x:start -->\\nold\\n<!-- agreement:x:end -->\\n", {"x": "new\\n"})
    'a\\n<!-- agreement:x:start -->\\nnew\\n<!-- agreement:x:end -->\\n'
    """
    for block, body in blocks.items():
        start, end = markers(block)
        if start not in report or end not in report:
            raise ValueError(f"the report lacks the markers {start.strip()} and {end}; add them where the block goes")
        head, rest = report.split(start, 1)
        report = head + start + body + end + rest.split(end, 1)[1]
    return report


def main(argv: Sequence[str] = (), report: Path = REPORT) -> int:
    """Write the figures into ``report`` and print them; with ``--check``, write nothing and exit 1 when stale."""
    from csto_annotations._base._atomic import atomic_write_text

    blocks = figures()
    current = report.read_text(encoding="utf-8")
    rendered = render(current, blocks)
    if "--check" in argv:
        if rendered != current:
            print(f"{report}: agreement figures are stale; run python scripts/agreement.py")
            return 1
        print("annotation report figures are current")
        return 0
    if rendered != current:
        atomic_write_text(report, rendered)
    print("\n".join(blocks[b] for b in BLOCKS), end="")
    return 0
