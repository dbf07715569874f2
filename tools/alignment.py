"""Read annotations in the release's CSV layout and align the items of any number of them.

An annotation is a folder (or a folder inside a release archive) holding ``entities.csv``,
``citations.csv``, ``mentions.csv``, ``quotes.csv``, ``claims.csv`` and ``claim_entities.csv``.
Entity IDs are put into one spelling by a naming map before anything is compared.

:func:`align` groups the items of N annotations: spans (citations, mentions, quotes, claims) are
clustered best Dice overlap first, one item per annotation in a group, every pair in a group
overlapping by Dice ≥ 0.5; for two annotations this is :func:`tools.agreement_stats.match_spans`.
Claim–entity links are grouped by (claim group, entity), entities by ID. References between tables
(a claim's quote, a quote's citation, …) are compared through the groups they point to.
:func:`differences` lists every group where the annotations do not all agree.

Example
-------
>>> one = {"mentions": [{"mention_id": "M1", "start": "0", "end": "4", "entity_id": "x"}]}
>>> two = {"mentions": [{"mention_id": "N7", "start": "0", "end": "5", "entity_id": "y"}]}
>>> [(d.field, d.values) for d in differences(align([one, two]))]
[('span', ('0-4', '0-5')), ('entity_id', ('x', 'y'))]
"""

from __future__ import annotations

import csv
import zipfile
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

from tools.agreement_stats import dice

Row = dict[str, str]
Rows = list[Row]
Source = Path | zipfile.Path

#: The files of an annotation, in the order references point (a claim to a quote, a quote to a citation).
TABLES = ("entities", "citations", "mentions", "quotes", "claims", "claim_entities")
#: The tables whose items are text spans, aligned by overlap.
SPANNED = ("citations", "mentions", "quotes", "claims")
ID_COLUMN = {
    "entities": "entity_id",
    "citations": "citation_id",
    "mentions": "mention_id",
    "quotes": "quote_id",
    "claims": "claim_id",
}
ENTITY_COLUMNS = {
    "entities": ("entity_id",),
    "citations": ("outlet_entity_id", "place_entity_id"),
    "mentions": ("entity_id",),
    "quotes": ("speaker_entity_id",),
    "claims": ("source_entity_id",),
    "claim_entities": ("entity_id",),
}
#: Columns holding another table's ID, and that table.
REFERENCES = {
    "quotes": {"citation_id": "citations"},
    "claims": {"source_mention_id": "mentions", "quote_id": "quotes", "citation_id": "citations"},
}
#: The fields compared, per table (``span`` is start-end; a claim's ``cue`` is its text and span;
#: a quote's ``utterance`` is the set of quotes sharing its utterance ID).
FIELDS: dict[str, tuple[str, ...]] = {
    "entities": ("type",),
    "citations": ("span", "outlet_entity_id", "place_entity_id"),
    "mentions": ("span", "entity_id"),
    "quotes": ("span", "kind", "speaker_entity_id", "cue", "utterance", "citation_id"),
    "claims": (
        "span",
        "claim_type",
        "attribution",
        "certainty",
        "polarity",
        "source_entity_id",
        "source_mention_id",
        "cue",
        "quote_id",
        "citation_id",
    ),
    "claim_entities": ("role",),
}
NONE = "(none)"


class AnnotationError(ValueError):
    """An annotation file is missing, malformed or refers to something it does not hold."""


def read_rows(path: Source) -> Rows:
    """Every row of one CSV file (a path, or a path inside a zip archive) as a dict of strings."""
    try:
        with path.open(encoding="utf-8", newline="") as handle:
            return [{k: v or "" for k, v in row.items() if k is not None} for row in csv.DictReader(handle)]
    except (FileNotFoundError, KeyError) as error:
        raise AnnotationError(f"{path}: no such file; an annotation holds {', '.join(TABLES)} (.csv)") from error


def _span(row: Row, where: str, start: str = "start", end: str = "end") -> tuple[int, int]:
    try:
        a, b = int(row[start]), int(row[end])
    except (KeyError, ValueError) as error:
        raise AnnotationError(
            f"{where}: {start}/{end} must be integers, got {row.get(start)!r}, {row.get(end)!r}"
        ) from error
    if not 0 <= a <= b:
        raise AnnotationError(f"{where}: span {a}-{b} is not 0 ≤ start ≤ end")
    return a, b


def read_annotation(folder: Source, naming: Mapping[str, str], tables: Sequence[str] = TABLES) -> dict[str, Rows]:
    """The ``tables`` of one annotation with every entity ID put through ``naming``.

    Mentions gain ``entity`` (the mapped entity ID) and ``entity_type`` (the type the annotation gave
    that entity); quotes gain ``speaker`` (the mapped speaker, or ``(none)``). Raises
    :class:`AnnotationError` naming the file and row when a mention's entity is not in ``entities.csv``.
    """
    raw = {t: read_rows(folder / f"{t}.csv") for t in tables}
    types = {e["entity_id"]: e.get("type", "") for e in raw.get("entities", [])}
    out: dict[str, Rows] = {}
    for table, rows in raw.items():
        mapped = []
        for n, row in enumerate(rows, start=2):
            new = dict(row)
            for column in ENTITY_COLUMNS[table]:
                new[column] = naming.get(row.get(column, ""), row.get(column, ""))
            if table == "mentions":
                if "entities" in raw and row.get("entity_id") not in types:
                    raise AnnotationError(f"{folder}/mentions.csv row {n}: entity {row.get('entity_id')!r} "
                                          "is not in entities.csv")  # fmt: skip
                new.update(entity=new["entity_id"], entity_type=types.get(row.get("entity_id", ""), ""))
            if table == "quotes":
                new["speaker"] = new["speaker_entity_id"] or NONE
            if table in SPANNED:
                _span(row, f"{folder}/{table}.csv row {n}")
            mapped.append(new)
        out[table] = mapped
    return out


def read_naming(path: Path, column: str, sides: Sequence[str]) -> dict[str, dict[str, str]]:
    """A naming file (``annotator,their_id,<column>``) as one map per side: their ID → the common ID.

    Raises
    ------
    AnnotationError
        When a row names a side not in ``sides``, or maps one ID of a side to two IDs.

    Example
    -------
    >>> import tempfile
    >>> path = Path(tempfile.mkdtemp()) / "naming.csv"
    >>> _ = path.write_text("annotator,their_id,release_id\\nannotator-1,west,the-west\\n", "utf-8")
    >>> read_naming(path, "release_id", ["annotator-1", "annotator-2"])
    {'annotator-1': {'west': 'the-west'}, 'annotator-2': {}}
    """
    naming: dict[str, dict[str, str]] = {side: {} for side in sides}
    for n, row in enumerate(read_rows(path), start=2):
        side, given, common = row.get("annotator", ""), row.get("their_id", ""), row.get(column, "")
        if side not in naming:
            raise AnnotationError(f"{path} row {n}: annotator {side!r} is none of {', '.join(sides)}")
        if not given or not common:
            raise AnnotationError(f"{path} row {n}: their_id and {column} must both be given")
        if naming[side].setdefault(given, common) != common:
            raise AnnotationError(
                f"{path} row {n}: {side}'s {given!r} maps to both {naming[side][given]!r} and {common!r}"
            )
    return naming


@dataclass(frozen=True)
class Group:
    """One aligned item: its key and each annotation's row (``None`` where an annotation lacks it)."""

    key: str
    rows: tuple[Row | None, ...]


def cluster_spans(sides: Sequence[Sequence[tuple[int, int]]], threshold: float = 0.5) -> list[tuple[int | None, ...]]:
    """Group the spans of N annotations: best Dice first, one span per annotation in a group, every
    pair in a group at Dice ≥ ``threshold``; groups in text order.

    Example
    -------
    >>> cluster_spans([[(0, 4), (9, 12)], [(0, 5)], [(9, 12), (0, 4)]])
    [(0, 0, 1), (1, None, 0)]
    """
    n = len(sides)
    candidates = sorted(
        (-dice(a, b), p, q, i, j)
        for p in range(n) for q in range(p + 1, n)
        for i, a in enumerate(sides[p]) for j, b in enumerate(sides[q])
        if dice(a, b) >= threshold and dice(a, b) > 0
    )  # fmt: skip
    group_of: dict[tuple[int, int], int] = {}
    members: list[dict[int, int]] = []
    for _, p, q, i, j in candidates:
        gi, gj = group_of.get((p, i)), group_of.get((q, j))
        first = members[gi] if gi is not None else {p: i}
        second = members[gj] if gj is not None else {q: j}
        if (gi is not None and gi == gj) or first.keys() & second.keys():
            continue
        if any(dice(sides[s][x], sides[t][y]) < threshold for s, x in first.items() for t, y in second.items()):
            continue
        merged = {**first, **second}
        target = gi if gi is not None else gj if gj is not None else len(members)
        if target == len(members):
            members.append(merged)
        members[target] = merged
        if gi is not None and gj is not None:
            members[gj] = {}
        for side, index in merged.items():
            group_of[(side, index)] = target
    for side, spans in enumerate(sides):
        members += [{side: i} for i in range(len(spans)) if (side, i) not in group_of]
    groups = [tuple(m.get(s) for s in range(n)) for m in members if m]
    return sorted(groups, key=lambda g: min((sides[s][i], s) for s, i in enumerate(g) if i is not None))


def _row_span(row: Row) -> tuple[int, int]:
    return int(row["start"]), int(row["end"])


class Alignment:
    """The aligned items of N annotations, table by table, and their comparable field values."""

    def __init__(self, sides: Sequence[Mapping[str, Rows]], threshold: float = 0.5, names: Sequence[str] = ()) -> None:
        self.sides = list(sides)
        self.names = list(names) or [f"annotation {k}" for k in range(1, len(sides) + 1)]
        self.groups: dict[str, list[Group]] = {}
        self.key_of: dict[tuple[str, int, str], str] = {}  # (table, side, row ID) -> group key
        for table in SPANNED:
            if all(table in side for side in sides):
                spans = [[_row_span(r) for r in side[table]] for side in sides]
                self._add(table, [[None if i is None else side[table][i] for side, i in zip(sides, g)]
                                  for g in cluster_spans(spans, threshold)])  # fmt: skip
        if all("claim_entities" in side for side in sides) and "claims" in self.groups:
            self._by_key("claim_entities", lambda s, r: f"{self.ref(s, 'claims', r['claim_id'])}|{r['entity_id']}")
        if all("entities" in side for side in sides):
            self._by_key("entities", lambda s, r: r["entity_id"])

    def _add(self, table: str, groups: list[list[Row | None]]) -> None:
        width = len(str(len(groups)))
        self.groups[table] = []
        for number, rows in enumerate(groups):
            key = f"{table}#{number:0{width}d}"
            self.groups[table].append(Group(key, tuple(rows)))
            for side, row in enumerate(rows):
                if row is not None:
                    self.key_of[(table, side, row[ID_COLUMN[table]])] = key

    def _by_key(self, table: str, key: object) -> None:
        found: dict[str, list[Row | None]] = {}
        for side, annotation in enumerate(self.sides):
            for row in annotation[table]:
                found.setdefault(key(side, row), [None] * len(self.sides))[side] = row  # type: ignore[operator]
        self.groups[table] = [Group(k, tuple(rows)) for k, rows in sorted(found.items())]

    def ref(self, side: int, table: str, row_id: str) -> str:
        """The group key of ``table``'s row ``row_id`` in annotation ``side`` ('' for an empty ID)."""
        if not row_id:
            return ""
        try:
            return self.key_of[(table, side, row_id)]
        except KeyError:
            raise AnnotationError(f"{self.names[side]}: {row_id!r} is not an ID of its {table}.csv") from None

    def value(self, table: str, field: str, side: int, row: Row) -> str:
        """The comparable value of ``field``: spans as start-end, references as group keys."""
        if field == "span":
            return f"{row['start']}-{row['end']}"
        if field == "cue" and table == "claims":
            return f"{row.get('cue', '')}@{row['cue_start']}-{row['cue_end']}" if row.get("cue_start") else ""
        if field == "utterance":
            partners = [q for q in self.sides[side]["quotes"] if q.get("utterance_id") == row.get("utterance_id")]
            return min(self.ref(side, "quotes", q["quote_id"]) for q in partners) if row.get("utterance_id") else ""
        if field in REFERENCES.get(table, {}):
            return self.ref(side, REFERENCES[table][field], row.get(field, ""))
        return row.get(field, "")

    def shown(self, table: str, field: str, row: Row) -> str:
        """``field`` as the annotation wrote it (its own IDs), for people to read."""
        if field == "utterance":
            return row.get("utterance_id", "")
        if field == "span" or (field == "cue" and table == "claims"):
            return self.value(table, field, 0, row)
        return row.get(field, "")


def item_id(table: str, row: Row | None) -> str:
    """The ID of a row as people cite it (``claim/entity`` for a claim–entity link); '' for none."""
    if row is None:
        return ""
    return f"{row['claim_id']}/{row['entity_id']}" if table == "claim_entities" else row[ID_COLUMN[table]]


@dataclass(frozen=True)
class Difference:
    """A field on which the annotations holding one aligned item do not agree (or ``item``: who holds it)."""

    table: str
    key: str
    field: str
    ids: tuple[str, ...]
    spans: tuple[str, ...]
    values: tuple[str | None, ...]
    shown: tuple[str, ...]


def align(sides: Sequence[Mapping[str, Rows]], threshold: float = 0.5, names: Sequence[str] = ()) -> Alignment:
    """Align the items of N annotations (:class:`Alignment`); ``names`` name them in error messages."""
    return Alignment(sides, threshold, names)


def differences(alignment: Alignment, entity_items: bool = True) -> list[Difference]:
    """Every disagreement: an item some annotations lack (field ``item``), and every compared field
    (:data:`FIELDS`) on which the annotations holding an item differ. With ``entity_items=False``
    an entity's presence is not compared (it follows from the mentions).
    """
    found = []
    for table in (*SPANNED, "claim_entities", "entities"):
        for group in alignment.groups.get(table, []):
            ids = tuple(item_id(table, r) for r in group.rows)
            spans = tuple(f"{r['start']}-{r['end']}" if r and "start" in r else "" for r in group.rows)
            present = tuple("present" if r else "absent" for r in group.rows)
            if len(set(present)) > 1 and (entity_items or table != "entities"):
                found.append(Difference(table, group.key, "item", ids, spans, present, present))
            for field in FIELDS[table]:
                values = tuple(
                    None if r is None else alignment.value(table, field, s, r) for s, r in enumerate(group.rows)
                )
                if len({v for v in values if v is not None}) > 1:
                    shown = tuple("" if r is None else alignment.shown(table, field, r) for r in group.rows)
                    found.append(Difference(table, group.key, field, ids, spans, values, shown))
    return found
