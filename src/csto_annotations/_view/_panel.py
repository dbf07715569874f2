"""The claims list, the side panel's claim details, the entity list and the filters.

Each claim and each entity is emitted once, so this part of the page grows
linearly with the tables.

Example
-------
>>> [column for column, _ in FILTERS]
['claim_type', 'attribution', 'certainty']
"""

from __future__ import annotations

from collections import Counter
from typing import TYPE_CHECKING, Any

from .._base._reads import SPAN_COLUMNS
from .._cite import cite_claim, outlet_phrase
from ._palette import ENTITY_COLOURS
from ._tables import Lookup, Row, clean

if TYPE_CHECKING:
    import pandas as pd

#: Claim columns the page shows in its own way (the heading, "In the text"), not as a panel row.
_OWN_PLACE = ("claim_id", *SPAN_COLUMNS, "statement")

#: The claim columns offered as filters, with their labels.
FILTERS = (("claim_type", "Claim type"), ("attribution", "Attribution"), ("certainty", "Certainty"))


def _shown(column: str, claim: Row, look: Lookup) -> str:
    """A claim's cell as the panel shows it: references by name, a citation's date as ``_cite`` words it."""
    value = str(claim.get(column, ""))
    if column == "source_entity_id":
        return look.name(value) if value else "the article's author"
    if column == "quote_id" and value:
        quote = look.by_id["quote"][value]
        speaker = look.name(quote["speaker_entity_id"]) or "speaker not identified"
        cue = f" ({quote['cue']})" if quote.get("cue") else ""
        return f"{value} {quote['kind'] or 'unclassified'} quote, {speaker}{cue}"
    if column == "citation_id" and value:
        # The cited date comes from _cite, which says when its year was inferred.
        return f"{value} {look.by_id['citation'][value]['exact']}: {outlet_phrase(look.dataset, value)}"
    return value


def panel_rows(claim: Row, look: Lookup, fields: list[dict[str, Any]]) -> list[tuple[str, str, str]]:
    """(label, column, text) of every claim column of ``fields`` (the claims Table Schema's), in their order.

    A column added to the schema gets a row with no code change; an empty cell gets none.

    Example
    -------
    >>> import csto_annotations
    >>> from csto_annotations._view._tables import Lookup
    >>> look = Lookup(csto_annotations.load())
    >>> fields = look.dataset.schemas["claims"]["fields"]
    >>> [row for row in panel_rows(look.by_id["claim"]["CL-0034"], look, fields) if row[1] == "citation_id"]
    [('Citation', 'citation_id', 'CT-0003 (Itar-Tass, October 6): ITAR-TASS, 6 October 2007 (year inferred)')]
    """
    shown = ((field, _shown(field["name"], claim, look)) for field in fields if field["name"] not in _OWN_PLACE)
    return [(str(field.get("title") or field["name"]), field["name"], text) for field, text in shown if text]


def claim_views(look: Lookup) -> list[Row]:
    """Everything the claims list and the side panel show, per claim.

    The provenance is :func:`csto_annotations._cite.cite_claim`'s, the one
    chain ``cite --claim`` prints.

    Example
    -------
    >>> import csto_annotations
    >>> from csto_annotations._view._tables import Lookup
    >>> look = Lookup(csto_annotations.load())
    >>> view = claim_views(look)[0]
    >>> view["claim_id"], [link["entity_id"] for link in view["links"]]
    ('CL-0002', ['csto', 'soviet-union'])
    """
    views, fields = [], look.dataset.schemas["claims"]["fields"]
    for claim in look.rows["claim"]:
        links = [{**link, "name": look.name(link["entity_id"])} for link in look.links.get(claim["claim_id"], [])]
        views.append(
            {
                **claim,
                "links": links,
                "entity_ids": " ".join(dict.fromkeys(link["entity_id"] for link in links)),
                "fields": panel_rows(claim, look, fields),
                "provenance": cite_claim(look.dataset, claim["claim_id"]),
            }
        )
    return views


def entity_views(look: Lookup) -> list[Row]:
    """Entities with their mention and claim counts, grouped by type, then by name.

    Example
    -------
    >>> import csto_annotations
    >>> from csto_annotations._view._tables import Lookup
    >>> entities = entity_views(Lookup(csto_annotations.load()))
    >>> entities[0]["colour_type"]
    'person'
    """
    mentions = Counter(row.get("entity_id", "") for row in look.rows["mention"])
    claims = Counter(entity for links in look.links.values() for entity in {link["entity_id"] for link in links})
    order = list(ENTITY_COLOURS)
    views = [
        {
            "entity_id": e,
            "name": row.get("name") or e,
            "type": row.get("type", ""),
            "colour_type": look.colour_type(e),
            "mentions": mentions.get(e, 0),
            "claims": claims.get(e, 0),
        }
        for e, row in look.entities.items()
    ]
    return sorted(views, key=lambda v: (order.index(v["colour_type"]), v["name"].casefold()))


def options(frame: pd.DataFrame, column: str) -> list[tuple[str, int]]:
    """Filter options: the column's categories (schema order) with their counts.

    Example
    -------
    >>> import pandas as pd
    >>> options(pd.DataFrame({"c": pd.Categorical(["b", "b"], categories=["b", "a"])}), "c")
    [('b', 2), ('a', 0)]
    """
    import pandas as pd

    series = frame[column]
    if isinstance(series.dtype, pd.CategoricalDtype):
        values = [str(c) for c in series.cat.categories]
    else:
        values = sorted({clean(v) for v in series} - {""})
    counts = series.astype("string").value_counts()
    return [(v, int(counts.get(v, 0))) for v in values]
