"""spaCy: one ``csto-annotations.spacy`` DocBin, one ``Doc`` per document.

Each Doc is made by spaCy's blank English tokenizer (``spacy.blank("en")``)
from the document text, so ``doc.text`` is exactly the text the offsets index.

========================  =============================================================
Table                     In the Doc
========================  =============================================================
``mentions``              span group ``mentions``: label = entity ``type``,
                          ``kb_id_`` = ``entity_id``, ``id_`` = ``mention_id``
``quotes``                span group ``quotes``: label = ``kind``,
                          ``kb_id_`` = ``speaker_entity_id`` (or ""), ``id_`` = ``quote_id``
``claims``                span group ``claims``: label = ``claim_type``,
                          ``kb_id_`` = ``source_entity_id`` (or ""), ``id_`` = ``claim_id``
``citations``             span group ``citations``: label ``citation``,
                          ``kb_id_`` = ``outlet_entity_id``, ``id_`` = ``citation_id``
mentions, non-overlapping ``doc.ents``: ``spacy.util.filter_spans`` of the mentions
                          (the longest of overlapping mentions wins)
every column              ``doc.user_data["csto_annotations"]["records"][table][id]``
``claim_entities``        ``doc.user_data["csto_annotations"]["claim_entities"][claim_id]``
========================  =============================================================

Spans that do not fall on token boundaries: the tokenizer's tokens are first
split at every span boundary that falls inside a token, so every span is an
exact character span; a span whose boundary still does not fall on a token
(one that starts or ends inside whitespace) is widened with
``alignment_mode="expand"``, and its exact offsets stay in its record.
The counts of each case are in ``doc.user_data["csto_annotations"]["alignment"]``
and returned by :func:`build_docs`.

The cost is linear in the text and the spans (plus a sort of the span
boundaries): the split tokens are found in one sweep over the tokens and the
sorted boundaries, and the Doc is made once from its words and spaces.
(Splitting with ``Doc.retokenize`` moves every later token for each split,
and testing every boundary against every token is quadratic too: 16,000
mentions in one document took 165 s.) Each span is found by a binary search
(``Doc.char_span``). The blank tokenizer runs on texts of any length; spaCy's
``max_length``, which guards the memory of trained components, does not apply.

spaCy is imported only inside these functions (the ``spacy`` extra).

Example
-------
>>> import csto_annotations
>>> docs, counts = build_docs(csto_annotations.load())
>>> docs[0].spans["mentions"][0].kb_id_, counts["mentions"]["expanded"]
('csto', 0)
"""

from __future__ import annotations

import bisect
from collections import defaultdict
from pathlib import Path
from typing import Any

from .._base._reads import SPAN_KEYS, SPAN_TABLES
from .._outputs import import_optional
from ._common import span_rows, table_records, write_files

FILE_NAME = "csto-annotations.spacy"
#: The key of the dataset's entry in ``doc.user_data``.
USER_DATA_KEY = "csto_annotations"
#: How each span was placed: on the tokenizer's tokens, on split tokens, or widened.
OUTCOMES = ("as_tokenized", "split", "expanded", "skipped")


def _label(table: str, row: dict[str, Any], entity_types: dict[str, str]) -> tuple[str, str]:
    """The span's label and ``kb_id`` for a row of ``table``."""
    if table == "mentions":
        return entity_types.get(row["entity_id"], ""), row["entity_id"]
    if table == "quotes":
        return row["kind"], row["speaker_entity_id"] or ""
    if table == "claims":
        return row["claim_type"], row["source_entity_id"] or ""
    return "citation", row["outlet_entity_id"] or ""


def _split_at(doc: Any, boundaries: set[int]) -> Any:
    """``doc`` with every token that has a span boundary strictly inside it split there (a new Doc if any is).

    One sweep: tokens and sorted boundaries advance together, so the work is
    linear in the tokens plus the boundaries.
    """
    from spacy.tokens import Doc

    cuts = sorted(boundaries)
    text = doc.text  # built anew on every access
    words: list[str] = []
    spaces: list[bool] = []
    at = 0
    for token in doc:
        start, end = token.idx, token.idx + len(token)
        at = bisect.bisect_right(cuts, start, lo=at)  # the first boundary after the token's start
        while at < len(cuts) and cuts[at] < end:
            words.append(text[start : cuts[at]])
            spaces.append(False)
            start = cuts[at]
            at += 1
        words.append(text[start:end])
        spaces.append(bool(token.whitespace_))
    if len(words) == len(doc):
        return doc
    return Doc(doc.vocab, words=words, spaces=spaces)


def _make_doc(
    nlp: Any, text: str, rows: dict[str, list[dict[str, Any]]], entity_types: dict[str, str]
) -> tuple[Any, dict[str, dict[str, int]]]:
    """One Doc with its span groups and entities, and how many spans of each table were placed how."""
    from spacy.tokens import Span
    from spacy.util import filter_spans

    doc = nlp.tokenizer(text)  # not nlp.make_doc: its max_length guards trained components, not a tokenizer
    aligned = {(t, r[SPAN_KEYS[t]]): doc.char_span(r["start"], r["end"]) is not None for t in rows for r in rows[t]}
    doc = _split_at(doc, {r[k] for t in rows for r in rows[t] for k in ("start", "end")})
    counts = {t: dict.fromkeys(OUTCOMES, 0) for t in SPAN_TABLES}
    for table in SPAN_TABLES:
        spans = []
        for row in rows.get(table, []):
            span = doc.char_span(row["start"], row["end"], alignment_mode="strict")
            outcome = "as_tokenized" if aligned[(table, row[SPAN_KEYS[table]])] else "split"
            if span is None:  # a boundary inside whitespace: widened
                span = doc.char_span(row["start"], row["end"], alignment_mode="expand")
                outcome = "expanded" if span is not None else "skipped"
            counts[table][outcome] += 1
            if span is not None:
                label, kb_id = _label(table, row, entity_types)
                spans.append(Span(doc, span.start, span.end, label=label, kb_id=kb_id, span_id=row[SPAN_KEYS[table]]))
        doc.spans[table] = spans
    doc.ents = filter_spans(list(doc.spans["mentions"]))
    return doc, counts


def build_docs(ds: Any) -> tuple[list[Any], dict[str, dict[str, int]]]:
    """The Docs of every document, and how many spans of each table were placed how.

    Returns
    -------
    docs : list of spacy.tokens.Doc
        In documents-table order.
    counts : dict
        Table → outcome (``as_tokenized``, ``split``, ``expanded``, ``skipped``) → count.

    Example
    -------
    >>> import csto_annotations
    >>> docs, counts = build_docs(csto_annotations.load())
    >>> docs[0].text == csto_annotations.load().text("edm-4-191")
    True
    """
    nlp = import_optional("spacy", "spacy", "The spaCy export needs spaCy").blank("en")
    entity_types = {r["entity_id"]: r["type"] for r in table_records(ds, "entities")}
    grouped, docs = span_rows(ds), []
    links: dict[str, list[dict[str, Any]]] = defaultdict(list)  # claim ID → its entity links
    for row in table_records(ds, "claim_entities") if "claim_entities" in ds.tables else []:
        links[row["claim_id"]].append({"entity_id": row["entity_id"], "role": row["role"]})
    for document_id, text in ds.texts.items():
        rows = grouped.get(document_id, {})
        doc, own = _make_doc(nlp, text, rows, entity_types)
        doc.user_data[USER_DATA_KEY] = {
            "document_id": document_id,
            "dataset": ds.name,
            "version": ds.version,
            "records": {t: {r[SPAN_KEYS[t]]: r for r in rows.get(t, [])} for t in SPAN_TABLES},
            "claim_entities": {r["claim_id"]: links.get(r["claim_id"], []) for r in rows.get("claims", [])},
            "alignment": own,
        }
        docs.append(doc)
    alignments = [doc.user_data[USER_DATA_KEY]["alignment"] for doc in docs]
    return docs, {t: {o: sum(a[t][o] for a in alignments) for o in OUTCOMES} for t in SPAN_TABLES}


def write(ds: Any, out_dir: Path) -> list[Path]:
    """Write ``<out_dir>/csto-annotations.spacy``, a DocBin with user data.

    Read it back with ``DocBin().from_disk(path).get_docs(spacy.blank("en").vocab)``.

    Raises
    ------
    OptionalDependencyError
        When spaCy is not installed.

    Example
    -------
    >>> import tempfile, pathlib, csto_annotations
    >>> write(csto_annotations.load(), pathlib.Path(tempfile.mkdtemp()))[0].name
    'csto-annotations.spacy'
    """
    docs, _ = build_docs(ds)  # raises first when spaCy is not installed
    from spacy.tokens import DocBin

    return write_files(out_dir, {FILE_NAME: DocBin(store_user_data=True, docs=docs).to_bytes()})
