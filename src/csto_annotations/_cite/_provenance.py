"""Provenance chains of single claims and quotes, read from a loaded Dataset.

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
* the article: from the descriptor's ``sources`` entry whose ``path`` is the
  document's ``url`` (the one bibliographic record every citation uses, see
  :mod:`._work`); a document that no ``sources`` entry describes is named by
  its ``documents`` row;
* the dataset: name, version and record ID.

Entity names are the canonical ``entities.name`` (``ITAR-TASS``), not the
article's spelling (``Itar-Tass``).

Example
-------
>>> import csto_annotations
>>> cite_claim(csto_annotations.load(), "CL-0002").endswith("record CL-0002")
True
"""

from __future__ import annotations

import re
from typing import Any

from .._base._errors import UnknownRecordError
from .._outputs import require
from .._tables import Tables
from ._work import parse_article

__all__ = ["cite_claim", "cite_quote", "outlet_phrase"]

_INFERRED = re.compile(r"\byear\b[^.;]*\binferred\b", re.IGNORECASE)


def _row(ds: Tables, table: str, key: str, value: Any) -> dict[str, Any] | None:
    """The row whose ``key`` column equals ``value``, as a dict with None for NA."""
    frame = ds.tables[table]  # require() has checked that every table read is there
    match = frame.loc[frame[key] == value] if isinstance(value, str) else frame.iloc[:0]
    if match.empty:
        return None
    first = match.iloc[0].astype(object)
    return dict(first.where(first.notna(), None).to_dict())  # NA, NaN and NaT become None; numbers plain Python


def _require(ds: Tables, table: str, key: str, value: Any, what: str) -> dict[str, Any]:
    """The row with ID ``value``, or :class:`UnknownRecordError` saying how to list the IDs."""
    row = _row(ds, table, key, value)
    if row is not None:
        return row
    ids = ds.tables[table][key].dropna()
    span = f"{ids.iloc[0]} … {ids.iloc[-1]}" if len(ids) else "none"
    raise UnknownRecordError(
        f"no {what} {value!r} in the {table} table of {ds.name} {ds.version} ({len(ids)} rows, {span}); "
        f"list the valid IDs with ds.{table}[{key!r}].tolist() or read data/{table}.csv in {ds.root}."
    )


def _entity_name(ds: Tables, entity_id: str | None) -> str:
    """The entity's canonical name (its ID when it has no row)."""
    if not entity_id:
        return ""
    row = _row(ds, "entities", "entity_id", entity_id)
    return str(row["name"]) if row and row.get("name") else entity_id


def outlet_phrase(ds: Tables, citation_id: str | None) -> str:
    """``ITAR-TASS, 6 October 2007 (year inferred)``, or ``""`` without a citation.

    The viewer's side panel shows a citation with it, so that an inferred year
    is never shown as fact.

    Example
    -------
    >>> import csto_annotations
    >>> outlet_phrase(csto_annotations.load(), "CT-0003")
    'ITAR-TASS, 6 October 2007 (year inferred)'
    """
    if not citation_id:
        return ""
    row = _row(ds, "citations", "citation_id", citation_id)
    if row is None:
        return citation_id
    outlet, place = (_entity_name(ds, row.get(key)) for key in ("outlet_entity_id", "place_entity_id"))
    date, notes = row.get("cited_date"), row.get("notes")
    when = f"{date.day} {date:%B %Y}" if date is not None else ""
    inferred = " (year inferred)" if when and notes and _INFERRED.search(notes) else ""
    return ", ".join(p for p in (outlet, place, when + inferred) if p)


def _article_phrase(ds: Tables, document_id: str) -> str:
    """``Eurasia Daily Monitor 4(191), "Title" (Publisher, 2007)``."""
    doc = _row(ds, "documents", "document_id", document_id) or {}
    # The descriptor's sources entry whose path is the document's url.
    sources = [e for e in ds.descriptor.get("sources") or [] if isinstance(e, dict) and e.get("path") == doc.get("url")]
    if not (doc.get("url") and sources):
        title = f' "{doc["title"]}"' if doc.get("title") else ""
        return f"document {document_id}{title}"
    a = parse_article(sources[0])
    imprint = ", ".join(p for p in (a.publisher, a.year) if p)
    return f'{a.periodical or document_id}, "{a.title}"' + (f" ({imprint})" if imprint else "")


def _chain(ds: Tables, record_id: str, document_id: str, speaker: str, verb: str, outlet: str) -> str:
    """Join speaker → outlet and date → article → dataset into one line."""
    article = _article_phrase(ds, document_id)
    tail = f"in {ds.name} {ds.version}, record {record_id}"
    if not speaker:  # the article itself is the source
        voice = f"{article}, in the article's own voice"
        return f"{voice}, citing {outlet}, {tail}" if outlet else f"{voice}, {tail}"
    if outlet:
        return f"{speaker}, {verb} {outlet}, as reported in {article}, {tail}"
    return f"{speaker}, {'quoted in' if verb == 'quoted by' else 'as reported in'} {article}, {tail}"


def cite_claim(ds: Tables, claim_id: str) -> str:
    """Provenance of claim ``claim_id``: speaker → outlet and date → article → dataset.

    Raises
    ------
    UnknownRecordError
        When there is no such claim (a DatasetError and a KeyError).

    Example
    -------
    >>> import csto_annotations
    >>> cite_claim(csto_annotations.load(), "CL-0034")[:48]
    'Nikolai Makarov, quoted by ITAR-TASS, 6 October '
    """
    require(ds, "cite --claim")
    claim = _require(ds, "claims", "claim_id", claim_id, "claim")
    quote = _row(ds, "quotes", "quote_id", claim.get("quote_id")) or {}
    attribution = str(claim.get("attribution") or "author")
    speaker_id = claim.get("source_entity_id") or quote.get("speaker_entity_id")
    speaker = "" if attribution == "author" else _entity_name(ds, speaker_id) or "an unnamed source"
    citation_id = claim.get("citation_id") or quote.get("citation_id")
    verb = "quoted by" if attribution == "quoted" else "according to"
    return _chain(ds, claim_id, claim["document_id"], speaker, verb, outlet_phrase(ds, citation_id))


def cite_quote(ds: Tables, quote_id: str) -> str:
    """Provenance of quote ``quote_id``, like :func:`cite_claim`.

    A scare quote without a speaker is "an unattributed scare quote".

    Raises
    ------
    UnknownRecordError
        When there is no such quote.

    Example
    -------
    >>> import csto_annotations
    >>> cite_quote(csto_annotations.load(), "QT-0006").startswith("Nikolai Makarov, quoted by ITAR-TASS")
    True
    """
    require(ds, "cite --quote")
    quote = _require(ds, "quotes", "quote_id", quote_id, "quote")
    speaker = _entity_name(ds, quote.get("speaker_entity_id"))
    outlet = outlet_phrase(ds, quote.get("citation_id"))
    verb = "quoted by"
    if quote.get("kind") == "scare":
        verb = "according to"
        speaker = f"{speaker} (scare quote)" if speaker else "An unattributed scare quote"
        if not quote.get("speaker_entity_id"):
            via = f", citing {outlet}" if outlet else ""
            article = _article_phrase(ds, quote["document_id"])
            return f"{speaker} in {article}{via}, in {ds.name} {ds.version}, record {quote_id}"
    return _chain(ds, quote_id, quote["document_id"], speaker, verb, outlet)
