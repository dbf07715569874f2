"""The article part of the page: segments to emit, and each span's run of segments.

Each covered segment becomes one ``<span class="seg …">`` whose classes say
how it looks (claim depth, up to three mention underlines, quote, citation)
and whose ``data-begin`` lists the annotations that start there. Which
segments an annotation covers is *not* repeated on every segment: it is one
``[id, first, last, …]`` entry per annotation in the page's JSON data block,
where ``first`` and ``last`` number the covered segments of the whole page.

Example
-------
>>> from csto_annotations._view._segments import Segment, Span
>>> claim, mention = Span("claim", "CL-1", 0, 4), Span("mention", "MN-1", 0, 4, "person")
>>> view = segment_view(Segment(0, 4, "CSTO", 1, lanes=("person", "", ""), begins=[claim, mention]), 7, {})
>>> view["cls"], view["begin"], view["depth"]
('seg k m l0-person', 'CL-1 MN-1', 1)
"""

from __future__ import annotations

from typing import Any

from ._segments import Segment, cut, order
from ._tables import KINDS, Lookup, Row

#: Largest claim depth the tint distinguishes (3 means "3 or more").
MAX_DEPTH = 3


def speaker_label(quote: Row, look: Lookup) -> str:
    """The badge shown before a quote: the speaker's name (and ``scare quote`` for scare quotes).

    Example
    -------
    >>> import csto_annotations
    >>> from csto_annotations._view._tables import Lookup
    >>> look = Lookup(csto_annotations.load())
    >>> speaker_label({"speaker_entity_id": "western-observers", "kind": "scare"}, look)
    'scare quote · Western observers'
    """
    speaker = look.name(quote.get("speaker_entity_id", "")) or "speaker not identified"
    return f"scare quote · {speaker}" if quote.get("kind") == "scare" else speaker


def quote_label(quote: Row, look: Lookup) -> str:
    """The tooltip's words for a quote: its kind and speaker.

    Example
    -------
    >>> import csto_annotations
    >>> from csto_annotations._view._tables import Lookup
    >>> quote_label({"speaker_entity_id": "", "kind": "direct"}, Lookup(csto_annotations.load()))
    'direct quote by unknown speaker'
    """
    return f"{quote.get('kind') or 'unclassified'} quote by {look.name(quote.get('speaker_entity_id', '')) or 'unknown speaker'}"


def segment_view(seg: Segment, number: int, speakers: dict[str, str]) -> dict[str, Any]:
    """What the template needs to emit one covered segment; its size does not grow with nesting.

    Example
    -------
    >>> from csto_annotations._view._segments import Span
    >>> segment_view(Segment(0, 2, "ab", cited=True, begins=[Span("citation", "CT-1", 0, 2)]), 0, {})["cls"]
    'seg c c-start'
    """
    classes = ["seg"]
    if seg.claims:
        classes.append("k")
    if any(seg.lanes):
        classes.append("m")
        classes += [f"l{lane}-{colour}" for lane, colour in enumerate(seg.lanes) if colour]
    begins = sorted(seg.begins, key=order)
    quotes = [s for s in begins if s.kind == "quote"]
    begun, ended = {s.kind for s in begins}, {s.kind for s in seg.ends}
    flags = [(seg.quoted, "q"), (seg.cited, "c"), (quotes, "q-start"), ("citation" in begun, "c-start")]
    flags += [("citation" in ended, "c-end"), ("quote" in ended, "q-end")]
    classes += [name for flag, name in flags if flag]
    return {
        "text": seg.text,
        "number": number,
        "cls": " ".join(classes),
        "depth": min(seg.claims, MAX_DEPTH),
        "speaker": speakers[quotes[0].id] if quotes else "",
        "begin": " ".join(s.id for s in begins),
    }


def article(look: Lookup) -> tuple[list[dict[str, Any]], dict[str, list[list[Any]]]]:
    """Every document's segments, and one extent entry per annotation, numbered page-wide.

    Returns
    -------
    documents : list of dict
        Per document: its id, number, title and segment views.
    extents : dict
        Table name → one ``[id, first, last, …]`` entry per span, ``first`` and
        ``last`` numbering the covered segments of the whole page.

    Example
    -------
    >>> import csto_annotations
    >>> from csto_annotations._view._tables import Lookup
    >>> documents, extents = article(Lookup(csto_annotations.load()))
    >>> first = extents["claims"][0]
    >>> numbers = [s["number"] for d in documents for s in d["segments"] if s["number"] is not None]
    >>> first[0], numbers == list(range(len(numbers))), len(numbers) > first[2] >= first[1]
    ('CL-0002', True, True)
    """
    documents: list[dict[str, Any]] = []
    extents: dict[str, list[list[Any]]] = {table: [] for table, _ in KINDS.values()}
    speakers = {q["quote_id"]: speaker_label(q, look) for q in look.rows["quote"]}
    covered = 0
    for number, doc in enumerate(look.documents):
        segments, extent = cut(look.dataset.text(doc["document_id"]), look.spans(doc["document_id"]))
        numbers, views = [], []
        for seg in segments:
            numbers.append(covered)
            views.append(segment_view(seg, covered, speakers) if seg.covered else {"text": seg.text, "number": None})
            covered += seg.covered
        # Each span once: its id, first and last covered segment, and what the script needs.
        for span in sorted(extent, key=order):
            first, last = (numbers[i] for i in extent[span])
            entry: list[Any] = [span.id, first, last]
            if span.kind == "claim":
                entry.append(span.end - span.start)
            elif span.kind == "mention":
                entry.append(look.by_id["mention"][span.id].get("entity_id", ""))
            elif span.kind == "quote":
                entry.append(quote_label(look.by_id["quote"][span.id], look))
            extents[span.kind + "s"].append(entry)
        title = doc.get("title") or doc["document_id"]
        documents.append({"id": doc["document_id"], "number": number, "title": title, "segments": views})
    return documents, extents
