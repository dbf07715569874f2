"""Read the tables the viewer needs into plain, checked rows and spans.

Everything downstream of this module works on strings and :class:`Span`
objects, never on pandas, and may trust that each span lies inside its
document and that ids are unique per table.

Example
-------
>>> clean(float("nan")), clean(4)
('', '4')
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from .._base._errors import DatasetError
from .._base._reads import READS, require
from .._tables import Tables
from ._palette import ENTITY_COLOURS
from ._segments import Span

if TYPE_CHECKING:
    import pandas as pd

#: Annotation kind → (table, id column), in the order their spans are listed.
KINDS: dict[str, tuple[str, str]] = {
    "claim": ("claims", "claim_id"),
    "quote": ("quotes", "quote_id"),
    "citation": ("citations", "citation_id"),
    "mention": ("mentions", "mention_id"),
}

Row = dict[str, Any]


def clean(value: Any) -> str:
    """Return ``value`` as text; missing values (NA, NaT, None, NaN) become ``""``.

    Example
    -------
    >>> import pandas as pd
    >>> clean(pd.NA), clean(pd.Timestamp("2007-10-06"))
    ('', '2007-10-06')
    """
    import pandas as pd

    if value is None or (not isinstance(value, (list, tuple)) and bool(pd.isna(value))):
        return ""
    if isinstance(value, pd.Timestamp):
        return str(value.strftime("%Y-%m-%d"))
    return str(value)


def records(frame: pd.DataFrame, table: str = "") -> list[Row]:
    """Rows of ``frame`` as dicts of clean strings; ``start`` and ``end`` keep their values.

    Every column the viewer reads from ``table`` (``_base/_reads.py``) is in each row: an
    optional column the package leaves out reads as ``""``, as an empty cell does.

    Example
    -------
    >>> import pandas as pd
    >>> records(pd.DataFrame({"a": ["x", None], "start": [1, 2]}))
    [{'a': 'x', 'start': 1}, {'a': '', 'start': 2}]
    >>> records(pd.DataFrame({"claim_id": ["CL-1"]}), "claims")[0]["certainty"]
    ''
    """
    absent = dict.fromkeys(READS["view"].get(table, {}), "")
    rows = []
    for raw in frame.to_dict("records"):
        row: Row = {**absent, **{str(k): clean(v) for k, v in raw.items()}}
        for key in ("start", "end"):
            if key in raw:
                row[key] = raw[key]
        rows.append(row)
    return rows


def _check_ids(kind: str, rows: list[Row]) -> None:
    """Every id is non-empty, without whitespace, and unique in its table."""
    table, id_column = KINDS[kind]
    seen: set[str] = set()
    for number, row in enumerate(rows):
        ident = row[id_column]
        where = f"{table}.csv row {number + 2} ({id_column} {ident!r})"
        if not ident or any(ch.isspace() for ch in ident) or ident in seen:
            raise DatasetError(
                f"{where}: the id is empty, contains whitespace or repeats an earlier row; "
                "run `python -m csto_annotations validate`."
            )
        seen.add(ident)


def _offset(value: Any) -> int | None:
    """An offset as an int, or None when it is missing or not a whole number."""
    text = clean(value)
    return int(text) if text.isdigit() else None


def span_of(kind: str, row: Row, number: int, size: int, colour: str = "") -> Span:
    """Check one row's offsets against its text's ``size``; return its span.

    Example
    -------
    >>> span_of("claim", {"claim_id": "C", "start": 0, "end": 9}, 0, 4)
    Traceback (most recent call last):
    ...
    csto_annotations._base._errors.DatasetError: claims.csv row 2 (claim_id 'C'): expected \
0 <= start < end <= 4, found start=0, end=9; run `python -m csto_annotations build ROOT` to fill offsets, then validate.
    """
    table, id_column = KINDS[kind]
    start, end = _offset(row["start"]), _offset(row["end"])
    if start is None or end is None or not 0 <= start < end <= size:
        raise DatasetError(
            f"{table}.csv row {number + 2} ({id_column} {row[id_column]!r}): expected 0 <= start < end <= {size}, "
            f"found start={clean(row['start']) or 'empty'}, end={clean(row['end']) or 'empty'}; "
            "run `python -m csto_annotations build ROOT` to fill offsets, then validate."
        )
    return Span(kind, row[id_column], start, end, colour)


class Lookup:
    """Rows of every table the page shows, checked and indexed by id.

    Example
    -------
    >>> import csto_annotations
    >>> look = Lookup(csto_annotations.load())
    >>> look.name("csto"), look.colour_type("csto"), look.by_id["quote"]["QT-0001"]["kind"]
    ('Collective Security Treaty Organization', 'organization', 'scare')
    """

    def __init__(self, dataset: Tables) -> None:
        require(dataset, "view")
        self.dataset = dataset
        self.documents = records(dataset.tables["documents"], "documents")
        self.entities = {r["entity_id"]: r for r in records(dataset.tables["entities"], "entities")}
        self.rows = {kind: records(dataset.tables[table], table) for kind, (table, _) in KINDS.items()}
        for kind, rows in self.rows.items():
            _check_ids(kind, rows)
        self.by_id = {kind: {r[KINDS[kind][1]]: r for r in self.rows[kind]} for kind in KINDS}
        self.links: dict[str, list[Row]] = {}
        for row in records(dataset.tables["claim_entities"], "claim_entities"):
            self.links.setdefault(row["claim_id"], []).append(row)
        self._check_documents()

    def _check_documents(self) -> None:
        """Every span belongs to a document of the documents table."""
        known = {d["document_id"] for d in self.documents}
        for kind, (table, id_column) in KINDS.items():
            for number, row in enumerate(self.rows[kind]):
                if row.get("document_id") not in known:
                    raise DatasetError(
                        f"{table}.csv row {number + 2} ({id_column} {row[id_column]!r}): document_id "
                        f"{row.get('document_id')!r} is not in documents.csv; run `python -m csto_annotations validate`."
                    )

    def name(self, entity_id: str) -> str:
        """The entity's name, or its id when the entities table lacks it."""
        return str(self.entities.get(entity_id, {}).get("name") or entity_id)

    def colour_type(self, entity_id: str) -> str:
        """The entity's type if it has a colour, else ``other``."""
        kind = self.entities.get(entity_id, {}).get("type", "")
        return kind if kind in ENTITY_COLOURS else "other"

    def spans(self, document_id: str, size: int) -> list[Span]:
        """The checked spans of one document, of every kind."""
        return [
            span_of(kind, row, number, size, self.colour_type(row["entity_id"]) if kind == "mention" else "")
            for kind in KINDS
            for number, row in enumerate(self.rows[kind])
            if row.get("document_id") == document_id
        ]
