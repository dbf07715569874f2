"""The claims list, the side panel's claim details, the entity list and the filters.

Each claim and each entity is emitted once, so this part of the page grows
linearly with the tables.

Example
-------
>>> article_line({"title": "T", "publication": "EDM", "volume": "4", "issue": "191"})
'“T”, EDM 4(191), publication date not recorded'
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from .._base._errors import DatasetError
from ._palette import ENTITY_COLOURS
from ._tables import Lookup, Row, clean

if TYPE_CHECKING:
    import pandas as pd

#: Where the panel's provenance comes from: ``auto`` tries ``ds.cite_claim``
#: first and falls back to the chain built from the tables.
PROVENANCE = ("auto", "cite_claim", "tables")

#: The claim columns offered as filters, with their labels.
FILTERS = (("claim_type", "Claim type"), ("attribution", "Attribution"), ("certainty", "Certainty"))


def article_line(doc: Row) -> str:
    """The article in one line, from the documents table only.

    Example
    -------
    >>> article_line({"title": "T", "published": "2007-10-10", "url": "https://example.org/a"})
    '“T”, 2007-10-10, https://example.org/a'
    """
    issue = f"{doc.get('volume')}({doc.get('issue')})" if doc.get("volume") else doc.get("issue", "")
    parts = [
        f"“{doc.get('title')}”",
        " ".join(p for p in (doc.get("publication"), issue) if p),
        doc.get("publisher"),
        doc.get("published") or "publication date not recorded",
        doc.get("url"),
    ]
    return ", ".join(p for p in parts if p)


def _speaker(claim: Row, look: Lookup, doc: Row) -> str:
    """Who makes the claim, with the quote's words when it is quoted."""
    if claim.get("attribution") == "author" or not claim.get("source_entity_id"):
        author = doc.get("author")
        speaker = (
            f"the article's author ({author})" if author else "the article's author (not named in the stored text)"
        )
    else:
        speaker = look.name(claim["source_entity_id"])
    quote = look.by_id["quote"].get(claim.get("quote_id", ""))
    if quote:
        speaker += f", {quote.get('cue') or 'quoted'}: “{quote.get('exact')}”"
    return speaker


def table_chain(claim: Row, look: Lookup, docs: dict[str, Row]) -> list[tuple[str, str]]:
    """Provenance built from the tables: speaker → outlet and date → article → dataset record.

    Example
    -------
    >>> import csto_annotations
    >>> from csto_annotations._view._tables import Lookup
    >>> look = Lookup(csto_annotations.load())
    >>> docs = {d["document_id"]: d for d in look.documents}
    >>> [label for label, _ in table_chain(look.by_id["claim"]["CL-0034"], look, docs)]
    ['Speaker', 'Outlet and date', 'Article', 'Dataset']
    """
    doc = docs.get(claim.get("document_id", ""), {})
    chain = [("Speaker", _speaker(claim, look, doc))]
    citation = look.by_id["citation"].get(claim.get("citation_id", ""))
    if citation:
        places = (
            look.name(citation.get("outlet_entity_id", "")),
            look.name(citation.get("place_entity_id", "")),
        )
        where = ", ".join(p for p in (*places, citation.get("cited_date")) if p)
        chain.append(("Outlet and date", f"{where} (cited as {citation.get('exact')})"))
    chain.append(("Article", article_line(doc)))
    ds = look.dataset
    chain.append(("Dataset", f"{ds.title} ({ds.name}), version {ds.version}, claims record {claim['claim_id']}"))
    return chain


def provenance(look: Lookup, mode: str) -> tuple[str, dict[str, Any]]:
    """Per claim, the text of ``ds.cite_claim`` or the chain built from the tables.

    Returns which path was used (``"cite_claim"`` or ``"tables"``) and the values.

    Example
    -------
    >>> import csto_annotations
    >>> from csto_annotations._view._tables import Lookup
    >>> source, chains = provenance(Lookup(csto_annotations.load()), "tables")
    >>> source, chains["CL-0002"][-1][0]
    ('tables', 'Dataset')
    """
    if mode not in PROVENANCE:
        raise DatasetError(f"unknown provenance {mode!r}; choose one of {PROVENANCE}.")
    claims = look.rows["claim"]
    if mode != "tables":
        cite_claim = getattr(look.dataset, "cite_claim", None)
        try:
            if cite_claim is None:
                raise NotImplementedError
            return "cite_claim", {c["claim_id"]: str(cite_claim(c["claim_id"])) for c in claims}
        except (AttributeError, NotImplementedError):
            if mode == "cite_claim":
                raise DatasetError(
                    f'{look.dataset.root}: this dataset has no working cite_claim(); use provenance="tables" or "auto".'
                ) from None
            # cite_claim is missing or a stub here: build the same chain from the tables.
    docs = {d["document_id"]: d for d in look.documents}
    return "tables", {c["claim_id"]: table_chain(c, look, docs) for c in claims}


def _named(row: Row | None, look: Lookup, **columns: str) -> Row | None:
    """``row`` plus entity names for the given id columns (``speaker="speaker_entity_id"``)."""
    if row is None:
        return None
    return {**row, **{key: look.name(row.get(column, "")) for key, column in columns.items()}}


def claim_views(look: Lookup, chains: dict[str, Any]) -> list[Row]:
    """Everything the claims list and the side panel show, per claim.

    Example
    -------
    >>> import csto_annotations
    >>> from csto_annotations._view._tables import Lookup
    >>> look = Lookup(csto_annotations.load())
    >>> view = claim_views(look, provenance(look, "tables")[1])[0]
    >>> view["claim_id"], [link["entity_id"] for link in view["links"]]
    ('CL-0002', ['csto', 'soviet-union'])
    """
    views = []
    for claim in look.rows["claim"]:
        links = [
            {
                "entity_id": link["entity_id"],
                "name": look.name(link["entity_id"]),
                "role": link.get("role", ""),
            }
            for link in look.links.get(claim["claim_id"], [])
        ]
        source = claim.get("source_entity_id", "")
        quote = look.by_id["quote"].get(claim.get("quote_id", ""))
        citation = look.by_id["citation"].get(claim.get("citation_id", ""))
        views.append(
            {
                **claim,
                "links": links,
                "entity_ids": " ".join(dict.fromkeys(link["entity_id"] for link in links)),
                "source_name": look.name(source) if source else "",
                "quote": _named(quote, look, speaker="speaker_entity_id"),
                "citation": _named(citation, look, outlet="outlet_entity_id", place="place_entity_id"),
                "provenance": chains[claim["claim_id"]],
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
    mentions: dict[str, int] = {}
    for row in look.rows["mention"]:
        mentions[row.get("entity_id", "")] = mentions.get(row.get("entity_id", ""), 0) + 1
    claims: dict[str, set[str]] = {}
    for claim_id, links in look.links.items():
        for link in links:
            claims.setdefault(link["entity_id"], set()).add(claim_id)
    order = list(ENTITY_COLOURS)
    views = [
        {
            "entity_id": e,
            "name": row.get("name") or e,
            "type": row.get("type", ""),
            "colour_type": look.colour_type(e),
            "mentions": mentions.get(e, 0),
            "claims": len(claims.get(e, ())),
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
