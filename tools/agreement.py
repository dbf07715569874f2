"""Inter-annotator agreement of the blind studies, recomputed from the annotators' files.

Two annotations are compared table by table (:func:`compare`). Items are aligned one to one by span
overlap (:mod:`tools.alignment`); spans are scored by exact-span F1, overlap F1 (Dice ≥ 0.5) and
character F1, for claims, quotes, mentions and the claims' cues; on the overlap-matched pairs every
label is compared by observed agreement, Cohen's κ with a seeded bootstrap 95% interval, Gwet's AC1
and a confusion matrix. Claim–entity links are matched through the claim matching and scored by
entity F1 and entity–role F1. Entity IDs are put into the release's spelling by each study's naming
map first. Across N ≥ 3 annotators, Fleiss' κ is computed on the items all of them marked.

Two studies are reported (:data:`STUDIES`): round 2 (blind annotators A and B against release
2.0.0, read from its archive, so its figures never move) and round 3 (``docs/annotation/round-3/``:
annotators 1…N, the adjudicated consensus and the release; :mod:`tools.round3`).
``python scripts/agreement.py [--check]`` writes the figures between their markers in
``docs/annotation-report.md`` (:func:`main`).

Example
-------
>>> cohen_kappa(["x", "y", "x", "y"], ["x", "y", "y", "y"])
0.5
"""

from __future__ import annotations

import json
import math
import zipfile
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

from tools.agreement_stats import (
    character_f1,
    cohen_kappa,
    f1_score,
    fleiss_kappa,
    gwet_ac1,
    kappa_interval,
    match_spans,
)
from tools.alignment import AnnotationError, Rows, align, read_annotation, read_rows

REPO = Path(__file__).resolve().parents[1]
REPORT = REPO / "docs" / "annotation-report.md"
SCHEMAS = REPO / "schemas"

#: The labels compared on matched pairs, per table.
LABELS: dict[str, tuple[str, ...]] = {
    "claims": ("claim_type", "attribution", "certainty", "polarity"),
    "quotes": ("kind", "speaker"),
    "mentions": ("entity_type", "entity"),
    "claim_entities": ("role",),
}
#: The span tables of a comparison; ``cues`` are the claims' cue spans.
SPAN_TABLES = ("claims", "quotes", "mentions", "cues")
#: Labels with too many values for a full matrix: the report lists the disagreeing pairs instead.
LISTED = frozenset({"speaker", "entity"})


def categories(schemas: Path = SCHEMAS) -> dict[str, tuple[str, ...]]:
    """Each enumerated label's categories, in the Table Schemas' order (an entity's ``type`` as ``entity_type``).

    Example
    -------
    >>> categories()["certainty"]
    ('certain', 'probable', 'possible', 'underspecified')
    """
    found: dict[str, tuple[str, ...]] = {}
    for path in sorted(schemas.glob("*.schema.json")):
        for field in json.loads(path.read_text("utf-8"))["fields"]:
            if "enum" in field.get("constraints", {}):
                name = "entity_type" if field["name"] == "type" else field["name"]
                found[name] = tuple(field["constraints"]["enum"])
    return found


CATEGORIES = categories()
#: Row and column order of the confusion matrices; entity types sort alphabetically, as 2.0.0's report printed them.
ORDER = {k: v for k, v in CATEGORIES.items() if k in ("claim_type", "attribution", "certainty", "polarity", "kind")}


@dataclass(frozen=True)
class LabelAgreement:
    """Agreement on one label over the matched pairs."""

    label: str
    pairs: int
    observed: float
    kappa: float
    confusion: dict[tuple[str, str], int]
    interval: tuple[float, float] = (math.nan, math.nan)
    ac1: float = math.nan


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
class LinkAgreement:
    """Claim–entity links: counts, entity F1 (claim and entity agree), entity–role F1 (role too), role κ."""

    first: int
    second: int
    entity_f1: float
    role_f1: float
    labels: tuple[LabelAgreement, ...]


@dataclass(frozen=True)
class Comparison:
    """Agreement between two annotations."""

    label: str
    tables: tuple[TableAgreement, ...]
    links: LinkAgreement | None = None

    def table(self, name: str) -> TableAgreement:
        """The agreement of table ``name``."""
        return next(t for t in self.tables if t.table == name)


def label_agreement(label: str, first: Sequence[str], second: Sequence[str]) -> LabelAgreement:
    """Observed agreement, κ with its bootstrap interval, AC1 and confusion counts of two raters' labels.

    Example
    -------
    >>> label_agreement("kind", ["direct", "scare"], ["direct", "direct"]).confusion
    {('direct', 'direct'): 1, ('scare', 'direct'): 1}
    """
    n = len(first)
    observed = sum(a == b for a, b in zip(first, second, strict=True)) / n if n else math.nan
    confusion = dict(sorted(Counter(zip(first, second, strict=True)).items()))
    return LabelAgreement(label, n, observed, cohen_kappa(first, second), confusion,
                          kappa_interval(first, second), gwet_ac1(first, second, len(CATEGORIES.get(label, ()))))  # fmt: skip


def spans(rows: Rows, start: str = "start", end: str = "end") -> list[tuple[int, int]]:
    """The ``(start, end)`` spans of annotation rows (rows without a ``start`` are skipped)."""
    return [(int(r[start]), int(r[end])) for r in rows if r.get(start)]


def _span_scores(table: str, a: list[tuple[int, int]], b: list[tuple[int, int]], labels: tuple[LabelAgreement, ...],
                 overlap: float) -> TableAgreement:  # fmt: skip
    return TableAgreement(table, len(a), len(b), match_spans(a, b, 1.0).f1, overlap, character_f1(a, b), labels)


def compare(label: str, first: Mapping[str, Rows], second: Mapping[str, Rows]) -> Comparison:
    """Compare two annotations (as :func:`read_annotation` returns them), table by table.

    Only the tables both hold are compared; cues come with claims, links with claims and claim_entities.

    Example
    -------
    >>> ann = {"claims": [{"claim_id": "C1", "start": "0", "end": "3", "claim_type": "state", "attribution": "author",
    ...                    "certainty": "certain", "polarity": "positive", "cue_start": ""}]}
    >>> compare("x", ann, ann).table("claims").overlap_f1
    1.0
    """
    sides = [{t: r for t, r in s.items() if t in first and t in second} for s in (first, second)]
    aligned = align(sides)
    tables = []
    for table in SPAN_TABLES:
        if table == "cues" and "claims" in sides[0]:
            a, b = spans(first["claims"], "cue_start", "cue_end"), spans(second["claims"], "cue_start", "cue_end")
            tables.append(_span_scores("cues", a, b, (), match_spans(a, b).f1))
        elif table in aligned.groups:
            pairs = [g.rows for g in aligned.groups[table] if None not in g.rows]
            labels = tuple(label_agreement(c, [p[0][c] for p in pairs], [p[1][c] for p in pairs])  # type: ignore[index]
                           for c in LABELS[table])  # fmt: skip
            a, b = spans(first[table]), spans(second[table])
            tables.append(_span_scores(table, a, b, labels, f1_score(len(pairs), len(a), len(b))))
    links = None
    if "claim_entities" in aligned.groups:
        groups = aligned.groups["claim_entities"]
        both = [g.rows for g in groups if None not in g.rows]
        n1, n2 = (sum(g.rows[s] is not None for g in groups) for s in (0, 1))
        same_role = sum(a["role"] == b["role"] for a, b in both)  # type: ignore[index]
        role = label_agreement("role", [a["role"] for a, _ in both], [b["role"] for _, b in both])  # type: ignore[index]
        links = LinkAgreement(n1, n2, f1_score(len(both), n1, n2), f1_score(same_role, n1, n2), (role,))
    return Comparison(label, tuple(tables), links)


def fleiss(annotations: Sequence[Mapping[str, Rows]]) -> list[tuple[str, str, int, float]]:
    """Fleiss' κ of every label across N annotations, over the items all N marked: (table, label, items, κ)."""
    aligned = align(annotations)
    found = []
    for table, labels in LABELS.items():
        complete = [g.rows for g in aligned.groups.get(table, []) if None not in g.rows]
        for label in labels:
            ratings = [[row[label] for row in rows] for rows in complete]  # type: ignore[index]
            found.append((table, label, len(ratings), fleiss_kappa(ratings)))
    return found


# ---------------------------------------------------------------------------- round 2


def read_naming(path: Path) -> dict[str, str]:
    """Round 2's naming map (``a_entity,b_entity,r_entity``): each annotator's entity ID → the release's ID.

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
#: Round 2's release side: 2.0.0 as published (releases are never rebuilt, so these figures stay put).
RELEASE_2 = ("tests/fixtures/releases/csto-annotations-2.0.0.zip", "csto-annotations-2.0.0/data/")


def round2_sides(root: Path = REPO) -> dict[str, dict[str, Rows]]:
    """Round 2's annotations: A, B and release 2.0.0, entity IDs in the release's spelling."""
    passes = root / "docs" / "annotation"
    naming = read_naming(passes / "adjudication" / "naming.csv")
    release = zipfile.Path(root / RELEASE_2[0], at=RELEASE_2[1])
    return {"A": read_annotation(passes / "blind-a", naming), "B": read_annotation(passes / "blind-b", naming),
            "release": read_annotation(release, {})}  # fmt: skip


def comparisons(root: Path = REPO) -> list[Comparison]:
    """Round 2's comparisons: A vs B, A vs the release, B vs the release.

    Example
    -------
    >>> [c.table("mentions").first for c in comparisons()]
    [147, 147, 147]
    """
    sides = round2_sides(root)
    return [compare(p.label, sides[p.first], sides[p.second]) for p in PAIRINGS]


# ---------------------------------------------------------------------------- rendering


def _f(value: float) -> str:
    return "—" if math.isnan(value) else f"{value:.3f}"


def span_table(comparisons: Sequence[Comparison], tables: Sequence[str] = ("claims", "quotes", "mentions")) -> str:
    """Markdown: the span scores of ``tables`` in every comparison.

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
            if t.table in tables:
                lines.append(f"| {c.label} | {t.table} | {t.first} / {t.second} | {_f(t.exact_f1)} "
                             f"| {_f(t.overlap_f1)} | {_f(t.character_f1)} |")  # fmt: skip
    return "\n".join(lines) + "\n"


def kappa_table(comparisons: Sequence[Comparison]) -> str:
    """Markdown: observed agreement and Cohen's κ of claims', quotes' and mentions' labels (round 2's record).

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


def label_table(comparisons: Sequence[Comparison]) -> str:
    """Markdown: every label's observed agreement, κ with its bootstrap 95% interval and AC1.

    Example
    -------
    >>> label_table([]).splitlines()[0]
    '| comparison | table | label | matched pairs | observed agreement | Cohen’s κ | κ 95% interval | Gwet’s AC1 |'
    """
    lines = [
        "| comparison | table | label | matched pairs | observed agreement | Cohen’s κ | κ 95% interval | Gwet’s AC1 |",
        "|---|---|---|---|---|---|---|---|",
    ]
    for c in comparisons:
        found = [(t.table, a) for t in c.tables for a in t.labels]
        found += [("claim_entities", a) for a in (c.links.labels if c.links else ())]
        for table, a in found:
            lines.append(f"| {c.label} | {table} | {a.label} | {a.pairs} | {_f(a.observed)} | {_f(a.kappa)} "
                         f"| {_f(a.interval[0])}–{_f(a.interval[1])} | {_f(a.ac1)} |")  # fmt: skip
    return "\n".join(lines) + "\n"


def link_table(comparisons: Sequence[Comparison]) -> str:
    """Markdown: claim–entity links, entity F1 and entity–role F1 of every comparison.

    Example
    -------
    >>> link_table([]).splitlines()[0]
    '| comparison | links (first / second) | entity F1 | entity–role F1 |'
    """
    lines = ["| comparison | links (first / second) | entity F1 | entity–role F1 |", "|---|---|---|---|"]
    for c in comparisons:
        if c.links:
            k = c.links
            lines.append(f"| {c.label} | {k.first} / {k.second} | {_f(k.entity_f1)} | {_f(k.role_f1)} |")
    return "\n".join(lines) + "\n"


def fleiss_table(rows: Sequence[tuple[str, str, int, float]], raters: int) -> str:
    """Markdown: Fleiss' κ of every label across all annotators.

    Example
    -------
    >>> print(fleiss_table([("quotes", "kind", 7, 1.0)], 3), end="")
    | table | label | items all 3 annotators marked | Fleiss’ κ |
    |---|---|---|---|
    | quotes | kind | 7 | 1.000 |
    """
    lines = [f"| table | label | items all {raters} annotators marked | Fleiss’ κ |", "|---|---|---|---|"]
    lines += [f"| {t} | {label} | {n} | {_f(k)} |" for t, label, n, k in rows]
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


def confusion_section(comparisons: Sequence[Comparison], pairings: Sequence[Pairing] = PAIRINGS) -> str:
    """Markdown: every label's confusion in every comparison, one heading per comparison and table."""
    parts = []
    for c, p in zip(comparisons, pairings, strict=True):
        for t in c.tables:
            if t.labels:
                parts.append(f"#### {c.label}: {t.table}\n")
            for a in t.labels:
                parts.append(f"`{a.label}` (κ {_f(a.kappa)}):\n\n{confusion_markdown(a, p.first, p.second)}")
    return "\n".join(parts)


# ---------------------------------------------------------------------------- the report

#: Round 2's generated blocks; ``spans``, ``kappa`` and ``confusion`` are 2.0.0's record, unchanged.
BLOCKS = ("spans", "kappa", "confusion", "r2-cues", "r2-labels", "r2-links")


def markers(block: str) -> tuple[str, str]:
    """The opening and closing marker lines of one generated block of the report."""
    return f"<!-- agreement:{block}:start -->\n", f"<!-- agreement:{block}:end -->"


def figures(root: Path = REPO) -> dict[str, str]:
    """Round 2's generated blocks (:data:`BLOCKS`), rendered from the files under ``root``.

    Example
    -------
    >>> figures()["spans"].splitlines()[0].startswith("| comparison | table |")
    True
    """
    found = comparisons(root)
    return {
        "spans": span_table(found),
        "kappa": kappa_table(found),
        "confusion": confusion_section(found),
        "r2-cues": span_table(found, ("cues",)),
        "r2-labels": label_table(found),
        "r2-links": link_table(found),
    }


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


def main(argv: Sequence[str] = (), report: Path = REPORT, root: Path = REPO) -> int:
    """Write the figures into ``report`` and print them; with ``--check``, write nothing and exit 1 when stale.

    Exits 1, naming every problem, when a round-3 file is missing or malformed or a remaining
    difference between the release and the adjudicated consensus has no explanation.
    """
    from csto_annotations._atomic import atomic_write_text
    from tools.round3 import round3_figures

    try:
        blocks = figures(root)
        extra, problems = round3_figures(root)
        blocks.update(extra)
        current = report.read_text(encoding="utf-8")
        rendered = render(current, blocks)
    except (AnnotationError, ValueError) as error:
        print(f"agreement: {error}")
        return 1
    for problem in problems:
        print(f"agreement: {problem}")
    if "--check" in argv:
        if rendered != current:
            print(f"{report}: agreement figures are stale; run python scripts/agreement.py")
            return 1
        print("annotation report figures are current" if not problems else "")
        return 1 if problems else 0
    if rendered != current:
        atomic_write_text(report, rendered)
    print("\n".join(blocks.values()), end="")
    return 1 if problems else 0
