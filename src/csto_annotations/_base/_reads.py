"""The columns each output reads, with their types: one list, written once.

Every output that reads a named column of a table declares it here, with its
Table Schema type and how much it relies on it:

* ``REQUIRED``: the column is there and every cell is filled (the field is
  ``constraints.required``); the output uses its values as they are;
* ``PRESENT``: the column is there; empty cells are read as missing;
* ``OPTIONAL``: the column may be absent, and the output does without it
  (a release before the column existed, or a schema that leaves it out).

The type is ``ANY`` where the output only shows the value as text.

The list is enforced twice. The engine's structure contract
(``_engine/_structure.py``) refuses a package whose Table Schemas lack a
``REQUIRED`` or ``PRESENT`` column, leave a ``REQUIRED`` one optional, or give
any listed column another type, so a package ``validate`` accepts works with
every output. Each output also calls :func:`~csto_annotations._outputs.require` before it writes
anything, so a dataset that did not pass that check (loaded in part, or a
pinned release, which was checked when it was released) is refused by name
instead of failing half-way. Outputs that write every column through its own
Table Schema (``parquet``, ``csv``, ``sqlite``) read no named column and have no
entry; an export format without an entry reads only through the schemas.

Example
-------
>>> READS["cite --claim"]["citations"]["cited_date"]
('date', 'optional')
>>> sorted(contract()["claims"])[:3]
['attribution', 'certainty', 'citation_id']
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

REQUIRED, PRESENT, OPTIONAL = "required", "present", "optional"
#: The type of a column an output only shows as text, whatever its Table Schema type.
ANY = "any"
_S, _D = "string", "date"
Column = tuple[str, str]
_RANK = {OPTIONAL: 0, PRESENT: 1, REQUIRED: 2}
#: The tables whose rows are spans of a document text, in the order they are checked and exported, with their keys.
SPAN_KEYS = {"mentions": "mention_id", "quotes": "quote_id", "claims": "claim_id", "citations": "citation_id"}
SPAN_TABLES = tuple(SPAN_KEYS)
#: The columns every span table has besides its key: where the span is, and its exact text.
SPAN_COLUMNS = ("document_id", "start", "end", "exact")


def _span(key: str, **more: Column) -> dict[str, Column]:
    """A span table's key, document, offsets and exact text (every one required), plus ``more``."""
    types = dict(zip(SPAN_COLUMNS, (_S, "integer", "integer", _S), strict=True))
    return {key: (_S, REQUIRED), **{name: (kind, REQUIRED) for name, kind in types.items()}, **more}


_R, _P, _O = (_S, REQUIRED), (_S, PRESENT), (_S, OPTIONAL)
_SHOWN = (ANY, OPTIONAL)  # shown as text when the package has it
#: The provenance of a claim or quote (``cite --claim``/``--quote``; the viewer's side panel shows it).
_PROVENANCE: dict[str, dict[str, Column]] = {
    "documents": {"document_id": _R, "title": _SHOWN, "url": _SHOWN},
    "entities": {"entity_id": _R, "name": _SHOWN},
    # The year of a cited date is told apart by the citation's notes.
    "citations": _span("citation_id", outlet_entity_id=_P, place_entity_id=_O, cited_date=(_D, OPTIONAL), notes=_O),
    "quotes": _span("quote_id", speaker_entity_id=_P, citation_id=_P, kind=_P),
    "claims": _span("claim_id", attribution=_P, source_entity_id=_P, quote_id=_P, citation_id=_P),
}
_LABELS = {"claim_type": _SHOWN, "attribution": _P, "certainty": _SHOWN, "polarity": _SHOWN}
#: Output → table → column → (Table Schema type or ANY, REQUIRED | PRESENT | OPTIONAL).
READS: dict[str, dict[str, dict[str, Column]]] = {
    "cite --claim": _PROVENANCE,
    "cite --quote": _PROVENANCE,
    "view": {
        "documents": _PROVENANCE["documents"],
        "entities": {"entity_id": _R, "name": _SHOWN, "type": _P},
        "mentions": _span("mention_id", entity_id=_P),
        "quotes": {**_PROVENANCE["quotes"], "cue": _SHOWN},
        "citations": _PROVENANCE["citations"],
        "claims": {**_PROVENANCE["claims"], **_LABELS, "statement": _SHOWN, "event_date": _SHOWN, "notes": _SHOWN},
        "claim_entities": {"claim_id": _R, "entity_id": _R, "role": _SHOWN},
    },
    "brat": {
        "documents": {"document_id": _R},
        "entities": {"entity_id": _R, "type": _R},
        "mentions": _span("mention_id", entity_id=_R),
        "quotes": _span("quote_id", kind=_P, speaker_entity_id=_P, citation_id=_P),
        "claims": _span("claim_id", **_LABELS, statement=_SHOWN, source_entity_id=_P, quote_id=_P, citation_id=_P),
        "citations": _span("citation_id", outlet_entity_id=_P, place_entity_id=_SHOWN),
    },
    "webannotation": {
        "documents": {"document_id": _R, "url": _SHOWN, "text_path": _R, "language": _SHOWN, "text_sha256": _R},
        "entities": {"entity_id": _R, "type": _P, "wikidata_id": _SHOWN},
        "mentions": _span("mention_id", entity_id=_P),
        "quotes": _span("quote_id", kind=_P, cue=_SHOWN, utterance_id=_P, speaker_entity_id=_P, citation_id=_P),
        "claims": _span("claim_id", **_LABELS, event_date=_SHOWN, source_entity_id=_P, statement=_SHOWN,
                        quote_id=_P, citation_id=_P),
        "citations": _span("citation_id", cited_date=_SHOWN, outlet_entity_id=_P, place_entity_id=_SHOWN),
    },
    # spaCy takes span labels and knowledge-base IDs as they are: strings, every one filled.
    "spacy": {
        "documents": {"document_id": _R},
        "entities": {"entity_id": _R, "type": _R},
        "mentions": _span("mention_id", entity_id=_R),
        "quotes": _span("quote_id", kind=_R, speaker_entity_id=_P),
        "claims": _span("claim_id", claim_type=_R, source_entity_id=_P),
        "citations": _span("citation_id", outlet_entity_id=_P),
        "claim_entities": {"claim_id": _R, "entity_id": _R, "role": _SHOWN},
    },
    "huggingface": {"documents": {"document_id": _R, "language": _SHOWN}},
    # Stata and SPSS write every column through its Table Schema, and the texts by document ID.
    "stata": {"documents": {"document_id": _R}},
    "spss": {"documents": {"document_id": _R}},
}  # fmt: skip


def contract() -> dict[str, dict[str, Column]]:
    """Table → column → (type, the strictest use any output makes of it): what the structure contract requires.

    Raises
    ------
    AssertionError
        When two outputs declare one column with different types (a mistake in :data:`READS`).

    Example
    -------
    >>> contract()["entities"]["type"]
    ('string', 'required')
    """
    merged: dict[str, dict[str, Column]] = {}
    for tables in READS.values():
        for table, columns in tables.items():
            for column, (kind, use) in columns.items():
                known = merged.setdefault(table, {}).get(column, (kind, OPTIONAL))
                assert ANY in (known[0], kind) or known[0] == kind, f"{table}.{column}: {known[0]} or {kind}?"
                typed = known[0] if kind == ANY else kind
                merged[table][column] = (typed, max(known[1], use, key=_RANK.__getitem__))
    return merged


def readers(table: str, column: str) -> list[str]:
    """The outputs that read ``table.column``, for messages.

    Example
    -------
    >>> readers("claims", "claim_type")
    ['view', 'brat', 'webannotation', 'spacy']
    """
    return [output for output, tables in READS.items() if column in tables.get(table, {})]


def column_problem(table: str, column: str, field: Mapping[str, Any] | None, kind: str, use: str) -> str | None:
    """What is wrong with ``field`` (None: absent) as the ``table.column`` the outputs read, or None.

    Example
    -------
    >>> column_problem("citations", "cited_date", {"name": "cited_date", "type": "string"}, "date", "optional")
    "expected field 'cited_date' of type 'date', found type 'string'; the cite --claim, cite --quote, view, \
webannotation output(s) read it"
    """
    who = f"the {', '.join(readers(table, column))} output(s) read it"
    if field is None:
        return None if use == OPTIONAL else f"expected field {column!r} of type {kind!r}, found no such field; {who}"
    if kind != ANY and field.get("type", "string") != kind:
        return f"expected field {column!r} of type {kind!r}, found type {field.get('type', 'string')!r}; {who}"
    if use == REQUIRED and not field.get("constraints", {}).get("required"):
        return f"field {column!r} must be required (constraints.required: true); {who} and need every cell filled"
    return None
