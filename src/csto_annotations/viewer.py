"""Render a :class:`~csto_annotations.dataset.Dataset` as one self-contained HTML page.

The article text is cut into *segments* at every span boundary (mentions,
quotes, citations, claims), and each segment becomes one
``<span class="seg" data-claims="CL-… CL-…" data-mentions="MN-…" …>``.
Nested and overlapping spans therefore never produce interleaved tags, and
the article container's text is exactly the source text. Each annotation's
first segment lists its id in ``data-begin``, so every annotation is
countable in the DOM. Everything taken from the data is escaped by Jinja2's
autoescaping; the page has inline CSS and JavaScript and makes no requests.

Example
-------
>>> import csto_annotations
>>> from csto_annotations.viewer import render_html
>>> page = render_html(csto_annotations.load())
>>> page.startswith("<!DOCTYPE html>") and page.count('<span class="seg') > 100
True
"""

from __future__ import annotations

import os
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .atomic import atomic_write_text
from .errors import DatasetError

if TYPE_CHECKING:
    import pandas as pd

    from .dataset import Dataset

__all__ = [
    "Span", "Segment", "cut_segments", "render_html", "write_view",
    "ENTITY_COLOURS", "PALETTE", "TEXT_PAIRS", "KINDS", "PROVENANCE",
]

#: Annotation kind → (table, id column, ``data-*`` attribute of a segment).
KINDS: dict[str, tuple[str, str, str]] = {
    "claim": ("claims", "claim_id", "claims"),
    "quote": ("quotes", "quote_id", "quotes"),
    "citation": ("citations", "citation_id", "citations"),
    "mention": ("mentions", "mention_id", "mentions"),
}

#: Entity type → colour of its mention underline. Each is at least 3:1
#: against every background a mention can sit on (WCAG 1.4.11, non-text).
ENTITY_COLOURS: dict[str, str] = {
    "person": "#c2410c",
    "organization": "#1d4ed8",
    "media_outlet": "#7e22ce",
    "country": "#047857",
    "place": "#0e6a83",
    "facility": "#6b4423",
    "group": "#c026d3",
    "event": "#b91c1c",
    "award": "#4d7c0f",
    "other": "#475569",
}

#: Named colours of the page, emitted as CSS custom properties (``--name``).
PALETTE: dict[str, str] = {
    "ink": "#1b1b1b",
    "muted": "#4a4a4a",
    "paper": "#ffffff",
    "chrome": "#f3f4f6",
    "rule": "#767676",
    "claim-1": "#fff3bf",
    "claim-2": "#ffe38a",
    "claim-3": "#ffd35c",
    "selected": "#bcd9ff",
    "focus-ent": "#0b3d91",
    "focus-ent-ink": "#ffffff",
    "pressed": "#1f4e9c",
    "pressed-ink": "#ffffff",
    "quote-badge": "#5b2a86",
    "quote-badge-ink": "#ffffff",
    "citation": "#7a4b00",
    "outline": "#1a56db",
}

#: (text colour, background) pairs the page uses for text.
TEXT_PAIRS: list[tuple[str, str]] = [
    ("ink", "paper"), ("muted", "paper"), ("ink", "chrome"), ("muted", "chrome"),
    ("ink", "claim-1"), ("ink", "claim-2"), ("ink", "claim-3"), ("ink", "selected"),
    ("focus-ent-ink", "focus-ent"), ("pressed-ink", "pressed"), ("quote-badge-ink", "quote-badge"),
    ("citation", "paper"),
]

#: Backgrounds a mention underline can be drawn on.
MENTION_BACKGROUNDS = ("paper", "claim-1", "claim-2", "claim-3", "selected")

#: How many nested mention underlines are drawn (deeper ones share the last lane).
LANES = 3


@dataclass(frozen=True)
class Span:
    """One annotation's extent in a text: ``text[start:end]``.

    Example
    -------
    >>> Span("claim", "CL-0001", 0, 4).end
    4
    """

    kind: str
    id: str
    start: int
    end: int


@dataclass
class Segment:
    """A maximal stretch of text covered by one fixed set of spans.

    ``covers`` maps a kind to the ids covering the segment (outer spans
    first); ``begins`` and ``ends`` list the spans starting or ending here.

    Example
    -------
    >>> Segment(0, 4, "CSTO").covers
    {}
    """

    start: int
    end: int
    text: str
    covers: dict[str, list[str]] = field(default_factory=dict)
    begins: list[Span] = field(default_factory=list)
    ends: list[Span] = field(default_factory=list)


def _order(span: Span) -> tuple[int, int, str]:
    """Outer spans first: by start, then longest, then id."""
    return (span.start, -span.end, span.id)


def cut_segments(text: str, spans: Iterable[Span]) -> list[Segment]:
    """Cut ``text`` at every span boundary; return the segments in order.

    The segments' texts concatenate to ``text``; no segment is empty; each
    span covers a contiguous run of segments.

    Parameters
    ----------
    text : str
        The document text.
    spans : iterable of Span
        Spans with ``0 <= start < end <= len(text)``.

    Example
    -------
    >>> segs = cut_segments("abcdef", [Span("claim", "A", 1, 5), Span("mention", "M", 2, 3)])
    >>> [(s.text, s.covers) for s in segs]  # doctest: +NORMALIZE_WHITESPACE
    [('a', {}), ('b', {'claim': ['A']}), ('c', {'claim': ['A'], 'mention': ['M']}),
     ('de', {'claim': ['A']}), ('f', {})]
    """
    ordered = sorted(spans, key=_order)
    starts: dict[int, list[Span]] = {}
    stops: dict[int, list[Span]] = {}
    for span in ordered:
        starts.setdefault(span.start, []).append(span)
        stops.setdefault(span.end, []).append(span)
    cuts = sorted({0, len(text), *starts, *stops})
    active: dict[Span, None] = {}  # insertion-ordered set: outer spans first
    segments = []
    for left, right in zip(cuts, cuts[1:]):
        for span in stops.get(left, []):
            active.pop(span, None)
        active.update(dict.fromkeys(starts.get(left, [])))
        covers: dict[str, list[str]] = {}
        for span in sorted(active, key=_order):
            covers.setdefault(span.kind, []).append(span.id)
        segments.append(Segment(left, right, text[left:right], covers, list(starts.get(left, [])), list(stops.get(right, []))))
    return segments


# --- reading the tables -----------------------------------------------------


def _clean(value: Any) -> str:
    """Return ``value`` as text; missing values (NA, NaT, None) become ``""``."""
    import pandas as pd

    if value is None or (not isinstance(value, (list, tuple)) and pd.isna(value)):
        return ""
    if isinstance(value, pd.Timestamp):
        return value.strftime("%Y-%m-%d")
    return str(value)


def _records(frame: "pd.DataFrame") -> list[dict[str, str]]:
    """Rows of ``frame`` as dicts of clean strings (``start``/``end`` stay ints)."""
    rows = []
    for raw in frame.to_dict("records"):
        row = {k: _clean(v) for k, v in raw.items()}
        for key in ("start", "end"):
            if key in raw:
                row[key] = raw[key]
        rows.append(row)
    return rows


def _require_tables(dataset: "Dataset") -> None:
    """Fail clearly when a table the page needs was not loaded."""
    needed = ["documents", "entities", "claim_entities", *(t for t, _, _ in KINDS.values())]
    missing = [t for t in needed if t not in dataset.tables]
    if missing:
        raise DatasetError(
            f"{dataset.root}: the viewer needs the tables {missing}, which were not loaded; "
            "load the dataset with tables=None (the default)."
        )


def _span_of(kind: str, row: dict[str, Any], number: int, size: int) -> Span:
    """Check one row's offsets and id; return its span."""
    table, id_column, _ = KINDS[kind]
    ident, start, end = row[id_column], row["start"], row["end"]
    where = f"{table}.csv row {number + 2} ({id_column} {ident!r})"
    if not ident or any(ch.isspace() for ch in ident):
        raise DatasetError(f"{where}: the id is empty or contains whitespace; run `python -m csto_annotations validate`.")
    if _clean(start) == "" or _clean(end) == "" or not 0 <= int(start) < int(end) <= size:
        raise DatasetError(
            f"{where}: expected 0 <= start < end <= {size}, found start={_clean(start) or 'empty'}, "
            f"end={_clean(end) or 'empty'}; run `python scripts/build.py` to fill offsets, then validate."
        )
    return Span(kind, ident, int(start), int(end))


# --- the view model ----------------------------------------------------------


class _Lookup:
    """Rows of every table, indexed by id, as clean strings."""

    def __init__(self, dataset: "Dataset") -> None:
        self.dataset = dataset
        self.entities = {r["entity_id"]: r for r in _records(dataset.entities)}
        self.rows = {kind: _records(dataset.tables[table]) for kind, (table, _, _) in KINDS.items()}
        self.by_id = {
            kind: {r[id_column]: r for r in self.rows[kind]} for kind, (_, id_column, _) in KINDS.items()
        }
        self.links: dict[str, list[dict[str, str]]] = {}
        for row in _records(dataset.claim_entities):
            self.links.setdefault(row["claim_id"], []).append(row)

    def name(self, entity_id: str) -> str:
        """The entity's name, or its id when the entities table lacks it."""
        return self.entities.get(entity_id, {}).get("name") or entity_id

    def colour_type(self, entity_id: str) -> str:
        """The entity's type if it has a colour, else ``other``."""
        kind = self.entities.get(entity_id, {}).get("type", "")
        return kind if kind in ENTITY_COLOURS else "other"


def _mention_lanes(spans: list[Span]) -> dict[str, int]:
    """Give each mention the lowest underline lane free at its start."""
    lanes: dict[str, int] = {}
    active: list[Span] = []
    for span in sorted(spans, key=_order):
        active = [a for a in active if a.end > span.start]
        used = {lanes[a.id] for a in active}
        lanes[span.id] = min(lane for lane in range(len(active) + 1) if lane not in used)
        active.append(span)
    return lanes


def _segment_title(seg: Segment, look: _Lookup) -> str:
    """A tooltip naming what covers the segment."""
    parts = []
    for quote_id in seg.covers.get("quote", []):
        quote = look.by_id["quote"][quote_id]
        parts.append(f"{quote_id}: {quote.get('kind')} quote by {look.name(quote.get('speaker_entity_id', '')) or 'unknown speaker'}")
    parts += [f"{c}: citation" for c in seg.covers.get("citation", [])]
    for mention_id in seg.covers.get("mention", []):
        entity = look.by_id["mention"][mention_id].get("entity_id", "")
        parts.append(f"{look.name(entity)} ({look.colour_type(entity)})")
    claims = seg.covers.get("claim", [])
    if claims:
        parts.append(f"{len(claims)} claim(s): {' '.join(claims)}")
    return "; ".join(parts)


def _segment_view(seg: Segment, look: _Lookup, lanes: dict[str, int]) -> dict[str, Any]:
    """What the template needs to emit one segment."""
    if not seg.covers:
        return {"plain": True, "text": seg.text}
    attrs: dict[str, str] = {}
    classes = ["seg"]
    for kind, (_, _, attribute) in KINDS.items():
        if seg.covers.get(kind):
            attrs[f"data-{attribute}"] = " ".join(seg.covers[kind])
    mentions = seg.covers.get("mention", [])
    if mentions:
        entities = [look.by_id["mention"][m].get("entity_id", "") for m in mentions]
        attrs["data-entities"] = " ".join(dict.fromkeys(e for e in entities if e))
        classes.append("m")
        classes += [f"l{min(lanes[m], LANES - 1)}-{look.colour_type(e)}" for m, e in zip(mentions, entities)]
    if seg.covers.get("claim"):
        attrs["data-depth"] = str(min(len(seg.covers["claim"]), 3))
    if seg.covers.get("quote"):
        classes.append("q")
    if seg.covers.get("citation"):
        classes.append("c")
    for span in seg.begins:
        classes.append({"quote": "q-start", "citation": "c-start"}.get(span.kind, ""))
        if span.kind == "quote":
            attrs["data-speaker"] = _speaker_label(look.by_id["quote"][span.id], look)
    classes += [{"quote": "q-end", "citation": "c-end"}.get(s.kind, "") for s in seg.ends]
    if seg.begins:
        attrs["data-begin"] = " ".join(s.id for s in sorted(seg.begins, key=_order))
    return {"plain": False, "text": seg.text, "classes": " ".join(c for c in dict.fromkeys(classes) if c),
            "attrs": attrs, "title": _segment_title(seg, look)}


def _speaker_label(quote: dict[str, str], look: _Lookup) -> str:
    """The badge shown before a quote: the speaker's name (and ``scare`` for scare quotes)."""
    speaker = look.name(quote.get("speaker_entity_id", "")) or "speaker not identified"
    return f"scare quote · {speaker}" if quote.get("kind") == "scare" else speaker


def _check_documents(look: _Lookup, documents: list[dict[str, str]]) -> None:
    """Every span must belong to a document of the documents table."""
    known = {d["document_id"] for d in documents}
    for kind, (table, id_column, _) in KINDS.items():
        for number, row in enumerate(look.rows[kind]):
            if row.get("document_id") not in known:
                raise DatasetError(
                    f"{table}.csv row {number + 2} ({id_column} {row[id_column]!r}): document_id "
                    f"{row.get('document_id')!r} is not in documents.csv; run `python -m csto_annotations validate`."
                )


def _document_views(look: _Lookup) -> list[dict[str, Any]]:
    """One entry per document: title and segments."""
    views = []
    _check_documents(look, _records(look.dataset.documents))
    for number, doc in enumerate(_records(look.dataset.documents)):
        text = look.dataset.text(doc["document_id"])
        spans = [
            _span_of(kind, row, i, len(text))
            for kind in KINDS
            for i, row in enumerate(look.rows[kind])
            if row.get("document_id") == doc["document_id"]
        ]
        lanes = _mention_lanes([s for s in spans if s.kind == "mention"])
        segments = [_segment_view(s, look, lanes) for s in cut_segments(text, spans)]
        views.append({"id": doc["document_id"], "number": number, "title": doc.get("title") or doc["document_id"],
                      "row": doc, "segments": segments})
    return views


# --- claims, entities, provenance ---------------------------------------------


def _article_line(doc: dict[str, str]) -> str:
    """The article in one line, from the documents table only."""
    issue = f"{doc.get('volume')}({doc.get('issue')})" if doc.get("volume") else doc.get("issue", "")
    parts = [f"“{doc.get('title')}”", " ".join(p for p in (doc.get("publication"), issue) if p),
             doc.get("publisher"), doc.get("published") or "publication date not recorded", doc.get("url")]
    return ", ".join(p for p in parts if p)


def _table_chain(claim: dict[str, str], look: _Lookup, docs: dict[str, dict[str, str]]) -> list[tuple[str, str]]:
    """Provenance built from the tables: speaker → outlet/date → article → dataset record."""
    doc = docs.get(claim.get("document_id", ""), {})
    if claim.get("attribution") == "author" or not claim.get("source_entity_id"):
        speaker = f"the article's author ({doc['author']})" if doc.get("author") else "the article's author (not named in the stored text)"
    else:
        speaker = look.name(claim["source_entity_id"])
    quote = look.by_id["quote"].get(claim.get("quote_id", ""))
    if quote:
        speaker += f", {quote.get('cue') or 'quoted'}: “{quote.get('exact')}”"
    chain = [("Speaker", speaker)]
    citation = look.by_id["citation"].get(claim.get("citation_id", ""))
    if citation:
        where = ", ".join(p for p in (look.name(citation.get("outlet_entity_id", "")), look.name(citation.get("place_entity_id", "")),
                                      citation.get("cited_date")) if p)
        chain.append(("Outlet and date", f"{where} (cited as {citation.get('exact')})"))
    chain.append(("Article", _article_line(doc)))
    dataset = look.dataset
    chain.append(("Dataset", f"{dataset.title} ({dataset.name}), version {dataset.version}, claims record {claim['claim_id']}"))
    return chain


#: Where the panel's provenance comes from: ``auto`` tries ``ds.cite_claim``
#: first and falls back to the chain built from the tables.
PROVENANCE = ("auto", "cite_claim", "tables")


def _provenance(dataset: "Dataset", claims: list[dict[str, str]], look: _Lookup, mode: str) -> tuple[str, dict[str, Any]]:
    """Per claim, ``ds.cite_claim`` text or the chain built from the tables.

    Returns which path was used (``"cite_claim"`` or ``"tables"``) and the values.
    """
    if mode not in PROVENANCE:
        raise DatasetError(f"unknown provenance {mode!r}; choose one of {PROVENANCE}.")
    if mode != "tables":
        try:
            return "cite_claim", {c["claim_id"]: str(dataset.cite_claim(c["claim_id"])) for c in claims}
        except (AttributeError, NotImplementedError):
            if mode == "cite_claim":
                raise
            # citation.cite_claim is missing or a stub here: build the same chain from the tables.
    docs = {d["document_id"]: d for d in _records(dataset.documents)}
    return "tables", {c["claim_id"]: _table_chain(c, look, docs) for c in claims}


def _claim_views(look: _Lookup, provenance: dict[str, Any]) -> list[dict[str, Any]]:
    """Everything the claims list and the side panel show, per claim."""
    views = []
    for claim in look.rows["claim"]:
        links = [
            {"entity_id": link["entity_id"], "name": look.name(link["entity_id"]), "role": link.get("role", ""),
             "type": look.colour_type(link["entity_id"])}
            for link in look.links.get(claim["claim_id"], [])
        ]
        source = claim.get("source_entity_id", "")
        views.append({
            **claim, "length": claim["end"] - claim["start"], "links": links,
            "entity_ids": " ".join(dict.fromkeys(link["entity_id"] for link in links)),
            "source_name": look.name(source) if source else "",
            "quote": look.by_id["quote"].get(claim.get("quote_id", "")),
            "citation": look.by_id["citation"].get(claim.get("citation_id", "")),
            "provenance": provenance[claim["claim_id"]],
        })
    for view in views:
        if view["quote"]:
            view["quote"] = {**view["quote"], "speaker": look.name(view["quote"].get("speaker_entity_id", ""))}
        if view["citation"]:
            cit = view["citation"]
            view["citation"] = {**cit, "outlet": look.name(cit.get("outlet_entity_id", "")), "place": look.name(cit.get("place_entity_id", ""))}
    return views


def _entity_views(look: _Lookup) -> list[dict[str, Any]]:
    """Entities with their mention and claim counts, grouped by type, then by name."""
    mentions: dict[str, int] = {}
    for row in look.rows["mention"]:
        mentions[row.get("entity_id", "")] = mentions.get(row.get("entity_id", ""), 0) + 1
    claims: dict[str, set[str]] = {}
    for claim_id, links in look.links.items():
        for link in links:
            claims.setdefault(link["entity_id"], set()).add(claim_id)
    order = list(ENTITY_COLOURS)
    views = [
        {"entity_id": e, "name": row.get("name") or e, "type": row.get("type", ""), "colour_type": look.colour_type(e),
         "mentions": mentions.get(e, 0), "claims": len(claims.get(e, ()))}
        for e, row in look.entities.items()
    ]
    return sorted(views, key=lambda v: (order.index(v["colour_type"]), v["name"].casefold()))


def _options(frame: "pd.DataFrame", column: str) -> list[tuple[str, int]]:
    """Filter options: the column's categories (schema order) with their counts."""
    series = frame[column]
    values = [str(c) for c in series.cat.categories] if hasattr(series, "cat") else sorted({_clean(v) for v in series} - {""})
    counts = series.astype("string").value_counts()
    return [(v, int(counts.get(v, 0))) for v in values]


def _context(dataset: "Dataset", provenance_mode: str) -> dict[str, Any]:
    """Everything the template renders."""
    _require_tables(dataset)
    look = _Lookup(dataset)
    documents = _document_views(look)
    source, provenance = _provenance(dataset, look.rows["claim"], look, provenance_mode)
    counts = {kind: len(look.rows[kind]) for kind in KINDS} | {"entity": len(look.entities)}
    entity_types = {v["colour_type"] for v in _entity_views(look)}
    return {
        "dataset": {"name": dataset.name, "title": dataset.title, "version": dataset.version, "citation": dataset.cite()},
        "documents": documents, "claims": _claim_views(look, provenance), "entities": _entity_views(look),
        "counts": counts, "provenance_source": source, "palette": PALETTE, "entity_colours": ENTITY_COLOURS,
        "legend_types": [t for t in ENTITY_COLOURS if t in entity_types], "lanes": range(LANES),
        "filters": [(column, label, _options(dataset.claims, column))
                    for column, label in (("claim_type", "Claim type"), ("attribution", "Attribution"), ("certainty", "Certainty"))],
    }


# --- rendering ---------------------------------------------------------------


def _environment() -> Any:
    """A Jinja2 environment with autoescaping on."""
    try:
        import jinja2
    except ImportError:
        raise DatasetError(
            "the viewer needs Jinja2, which is not installed; run `pip install 'csto-annotations[view]'`."
        ) from None
    return jinja2.Environment(autoescape=True, undefined=jinja2.StrictUndefined, keep_trailing_newline=True)


def _resource(name: str) -> str:
    """The text of ``templates/<name>`` inside the package."""
    from importlib import resources

    return (resources.files(__package__) / "templates" / name).read_text("utf-8")


def _csp_hash(code: str) -> str:
    """The Content-Security-Policy source for exactly this inline code."""
    import base64
    import hashlib

    return "sha256-" + base64.b64encode(hashlib.sha256(code.encode("utf-8")).digest()).decode("ascii")


def _render(environment: Any, context: dict[str, Any]) -> str:
    """Render the page; the CSP admits only its own inline style and script."""
    from markupsafe import Markup

    css = environment.from_string(_resource("viewer.css.j2")).render(**context)
    js = _resource("viewer.js")
    # Markup: the style and script are the package's own code, not data; the
    # hashes make the browser refuse any other inline code or any request.
    return environment.from_string(_resource("viewer.html.j2")).render(
        **context, css=Markup(css), js=Markup(js), style_hash=_csp_hash(css), script_hash=_csp_hash(js)
    )


def render_html(dataset: "Dataset", *, provenance: str = "auto") -> str:
    """Return the annotated article(s) of ``dataset`` as one self-contained HTML page.

    Parameters
    ----------
    dataset : Dataset
        A dataset loaded with all its tables.
    provenance : {"auto", "cite_claim", "tables"}, default "auto"
        The side panel's provenance of each claim: the text of
        ``dataset.cite_claim`` (``auto`` falls back to ``tables`` when that
        method is missing or not implemented), or a chain built from the
        tables (speaker → outlet and date → article → dataset record). The
        ``<html>`` element's ``data-provenance`` says which was used.

    Returns
    -------
    str
        The page: inline CSS and JavaScript, no external resources.

    Raises
    ------
    DatasetError
        When a table is missing, a span's offsets are empty or out of range,
        an id contains whitespace, or Jinja2 is not installed.

    Example
    -------
    >>> import csto_annotations
    >>> "<script>" in render_html(csto_annotations.load())
    True
    """
    environment = _environment()
    return _render(environment, _context(dataset, provenance))


def write_view(dataset: "Dataset", out_path: str | os.PathLike[str]) -> Path:
    """Render ``dataset`` and write the page to ``out_path`` atomically.

    Parameters
    ----------
    dataset : Dataset
        The dataset to show.
    out_path : str or PathLike
        The HTML file to create or replace; its directory must exist.

    Returns
    -------
    pathlib.Path
        ``out_path``.

    Example
    -------
    >>> import tempfile, pathlib, csto_annotations
    >>> out = write_view(csto_annotations.load(), pathlib.Path(tempfile.mkdtemp()) / "view.html")
    >>> out.read_text("utf-8").count("</html>")
    1
    """
    path = Path(out_path)
    if not path.parent.is_dir():
        raise DatasetError(f"{path}: the directory {path.parent} does not exist; create it or choose another --out.")
    page = render_html(dataset)
    try:
        atomic_write_text(path, page)
    except OSError as error:
        raise DatasetError(f"{path}: cannot write the page ({error.strerror or error}); choose another --out.") from None
    return path
