"""Provenance chains for single claims and quotes.

A chain reads from the original speaker outwards::

    Nikolai Makarov, quoted by ITAR-TASS, 6 October 2007 (year inferred),
    as reported in Eurasia Daily Monitor 4(191), "CSTO: Safe Choice in
    Central Asia" (The Jamestown Foundation, 2007), in csto-annotations 1.0.0,
    record CL-0034

* the speaker: the claim's ``source_entity_id`` (for a quoted claim without
  one, its quote's speaker); author-voice claims have none, the article
  itself being the source ("in the article's own voice");
* the outlet and date: the row's ``citation_id`` (for a quoted claim without
  one, its quote's), with the place when the citation names one, and
  "(year inferred)" when the citation's notes say the year was inferred;
* the article: periodical, volume(issue), title, publisher and year from the
  ``documents`` row (the year from ``published``, else from the descriptor's
  ``sources`` entry with the same URL);
* the dataset: name, version and record ID.

Entity names are the canonical ``entities.name`` (``ITAR-TASS``), not the
article's spelling (``Itar-Tass``).

Example
-------
>>> import csto_annotations
>>> ds = csto_annotations.load()
>>> claim_chain(ds, "CL-0001").endswith("record CL-0001")
True
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any

from .errors import DatasetError
from .works import parse_source

if TYPE_CHECKING:
    from .dataset import Dataset

__all__ = ["UnknownRecordError", "claim_chain", "quote_chain", "NEEDED_TABLES"]

#: Tables a provenance chain reads.
NEEDED_TABLES = ("documents", "entities", "citations", "quotes", "claims")
_INFERRED = re.compile(r"\byear\b[^.;]*\binferred\b", re.IGNORECASE)


class UnknownRecordError(DatasetError, KeyError):
    """No row with the requested ID. Both a DatasetError and a KeyError.

    Example
    -------
    >>> str(UnknownRecordError("no claim 'CL-9'"))
    "no claim 'CL-9'"
    """

    def __str__(self) -> str:
        # KeyError would quote the message; keep it readable.
        return str(self.args[0]) if self.args else ""


def _table(ds: "Dataset", name: str) -> Any:
    """A loaded table, or a DatasetError saying how to load it."""
    if name not in ds.tables:
        raise DatasetError(
            f"{ds.root}: the {name} table was not loaded; provenance needs {list(NEEDED_TABLES)}: "
            "load without tables= or include them."
        )
    return ds.tables[name]


def _row(ds: "Dataset", table: str, key: str, value: str) -> dict[str, Any] | None:
    """The row whose ``key`` column equals ``value``, as a dict with None for NA."""
    frame = _table(ds, table)
    match = frame.loc[frame[key] == value]
    if match.empty:
        return None
    row = match.iloc[0].to_dict()
    return {k: (None if _missing(v) else v) for k, v in row.items()}


def _missing(value: Any) -> bool:
    """True for NA, None and NaT."""
    import pandas as pd

    try:
        return bool(pd.isna(value))
    except (TypeError, ValueError):
        return False


def _require(ds: "Dataset", table: str, key: str, value: str, what: str) -> dict[str, Any]:
    """The row with ID ``value``, or :class:`UnknownRecordError` naming how to list IDs."""
    row = _row(ds, table, key, value) if isinstance(value, str) else None
    if row is not None:
        return row
    ids = _table(ds, table)[key].dropna()
    span = f"{ids.iloc[0]} … {ids.iloc[-1]}" if len(ids) else "none"
    raise UnknownRecordError(
        f"no {what} {value!r} in the {table} table of {ds.name} {ds.version} ({len(ids)} rows, {span}); "
        f"list the valid IDs with ds.{table}[{key!r}].tolist() or read {table}.csv in {ds.root / 'data'}."
    )


def _entity_name(ds: "Dataset", entity_id: str | None) -> str:
    """The entity's canonical name (its ID when it has no row)."""
    if not entity_id:
        return ""
    row = _row(ds, "entities", "entity_id", entity_id)
    return str(row["name"]) if row and row.get("name") else entity_id


def _date_phrase(value: Any, notes: str | None) -> str:
    """``6 October 2007``, plus ``(year inferred)`` when the notes say so."""
    if value is None:
        return ""
    phrase = f"{value.day} {value:%B %Y}"
    return phrase + (" (year inferred)" if notes and _INFERRED.search(notes) else "")


def _outlet_phrase(ds: "Dataset", citation_id: str | None) -> str:
    """``ITAR-TASS, 6 October 2007 (year inferred)``, or ``""`` without a citation."""
    if not citation_id:
        return ""
    row = _row(ds, "citations", "citation_id", citation_id)
    if row is None:
        return citation_id
    parts = [_entity_name(ds, row.get("outlet_entity_id")), _entity_name(ds, row.get("place_entity_id")),
             _date_phrase(row.get("cited_date"), row.get("notes"))]
    return ", ".join(p for p in parts if p)


def _source_year(ds: "Dataset", url: str | None) -> str:
    """The year of the descriptor ``sources`` entry whose path is ``url``."""
    for entry in ds.descriptor.get("sources", []):
        if isinstance(entry, dict) and url and entry.get("path") == url:
            return parse_source(entry).year
    return ""


def _article_phrase(ds: "Dataset", document_id: str) -> str:
    """``Eurasia Daily Monitor 4(191), "Title" (Publisher, 2007)``."""
    doc = _row(ds, "documents", "document_id", document_id) or {}
    issue = f"{doc['volume']}({doc['issue']})" if doc.get("volume") is not None and doc.get("issue") is not None else ""
    year = str(doc["published"].year) if doc.get("published") is not None else _source_year(ds, doc.get("url"))
    imprint = ", ".join(str(p) for p in (doc.get("publisher"), year) if p)
    head = f"{doc.get('publication') or document_id} {issue}".strip()
    title = f' "{doc["title"]}"' if doc.get("title") else ""
    return f"{head},{title}" + (f" ({imprint})" if imprint else "")


def _chain(ds: "Dataset", record_id: str, document_id: str, speaker: str, verb: str, outlet: str) -> str:
    """Join speaker → outlet and date → article → dataset into one line."""
    article = _article_phrase(ds, document_id)
    tail = f"in {ds.name} {ds.version}, record {record_id}"
    if not speaker:  # the article itself is the source
        voice = f"{article}, in the article's own voice"
        return f"{voice}, citing {outlet}, {tail}" if outlet else f"{voice}, {tail}"
    if outlet:
        return f"{speaker}, {verb} {outlet}, as reported in {article}, {tail}"
    return f"{speaker}, {'quoted in' if verb == 'quoted by' else 'as reported in'} {article}, {tail}"


def claim_chain(ds: "Dataset", claim_id: str) -> str:
    """Provenance of claim ``claim_id``: speaker → outlet and date → article → dataset.

    Raises
    ------
    UnknownRecordError
        When there is no such claim.

    Example
    -------
    >>> import csto_annotations
    >>> claim_chain(csto_annotations.load(), "CL-0034")[:48]
    'Nikolai Makarov, quoted by ITAR-TASS, 6 October '
    """
    claim = _require(ds, "claims", "claim_id", claim_id, "claim")
    quote = _row(ds, "quotes", "quote_id", claim["quote_id"]) if claim.get("quote_id") else None
    attribution = str(claim.get("attribution") or "author")
    speaker_id = claim.get("source_entity_id") or (quote or {}).get("speaker_entity_id")
    speaker = "" if attribution == "author" else _entity_name(ds, speaker_id) or "an unnamed source"
    citation_id = claim.get("citation_id") or (quote or {}).get("citation_id")
    verb = "quoted by" if attribution == "quoted" else "according to"
    return _chain(ds, claim_id, claim["document_id"], speaker, verb, _outlet_phrase(ds, citation_id))


def quote_chain(ds: "Dataset", quote_id: str) -> str:
    """Provenance of quote ``quote_id``, like :func:`claim_chain`.

    A scare quote without a speaker is "an unattributed scare quote".

    Example
    -------
    >>> import csto_annotations
    >>> quote_chain(csto_annotations.load(), "QT-0006").startswith("Nikolai Makarov, quoted by ITAR-TASS")
    True
    """
    quote = _require(ds, "quotes", "quote_id", quote_id, "quote")
    speaker = _entity_name(ds, quote.get("speaker_entity_id"))
    outlet = _outlet_phrase(ds, quote.get("citation_id"))
    verb = "quoted by"
    if quote.get("kind") == "scare":
        verb = "according to"
        speaker = f"{speaker} (scare quote)" if speaker else "An unattributed scare quote"
        if not quote.get("speaker_entity_id"):
            article = _article_phrase(ds, quote["document_id"])
            via = f", citing {outlet}" if outlet else ""
            return f"{speaker} in {article}{via}, in {ds.name} {ds.version}, record {quote_id}"
    return _chain(ds, quote_id, quote["document_id"], speaker, verb, outlet)
