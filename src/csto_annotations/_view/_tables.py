"""Read the tables the viewer needs into plain rows and spans.

Everything downstream of this module works on strings and :class:`Span`
objects, never on pandas. It trusts the Dataset: the engine has checked that
IDs are unique, that every span lies inside its document and that every
reference resolves (a pinned release was checked when it was released), so
nothing here checks them again. What the engine cannot promise is checked:
that the tables and columns the page reads were loaded (:func:`require`).

Example
-------
>>> clean(float("nan")), clean(4)
('', '4')
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from .._base._reads import READS, SPAN_KEYS
from .._outputs import require
from .._tables import Tables
from ._palette import ENTITY_COLOURS
from ._segments import Span

if TYPE_CHECKING:
    import pandas as pd

#: Annotation kind → (table, id column), in the order their spans are listed.
KINDS = {table[:-1]: (table, SPAN_KEYS[table]) for table in ("claims", "quotes", "citations", "mentions")}

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
    raw_rows = frame.to_dict("records")
    return [
        {**absent, **{str(k): v if k in ("start", "end") else clean(v) for k, v in raw.items()}} for raw in raw_rows
    ]


class Lookup:
    """Rows of every table the page shows, indexed by id.

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
        self.by_id = {kind: {r[KINDS[kind][1]]: r for r in self.rows[kind]} for kind in KINDS}
        self.links: dict[str, list[Row]] = {}
        for row in records(dataset.tables["claim_entities"], "claim_entities"):
            self.links.setdefault(row["claim_id"], []).append(row)

    def name(self, entity_id: str) -> str:
        """The entity's name, or its id when the entities table lacks it."""
        return str(self.entities.get(entity_id, {}).get("name") or entity_id)

    def colour_type(self, entity_id: str) -> str:
        """The entity's type if it has a colour, else ``other``."""
        kind = self.entities.get(entity_id, {}).get("type", "")
        return kind if kind in ENTITY_COLOURS else "other"

    def spans(self, document_id: str) -> list[Span]:
        """The spans of one document, of every kind."""
        return [
            Span(kind, row[KINDS[kind][1]], int(row["start"]), int(row["end"]),
                 self.colour_type(row["entity_id"]) if kind == "mention" else "")
            for kind in KINDS
            for row in self.rows[kind]
            if row["document_id"] == document_id
        ]  # fmt: skip
