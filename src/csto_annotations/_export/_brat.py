"""brat: a brat collection folder, ``<document_id>.txt`` + ``.ann`` and the two configs.

Each document's text is written byte for byte as ``<document_id>.txt``; its
annotations go to ``<document_id>.ann`` in brat's stand-off format, with
offsets in code points, as in the tables:

* **T lines**: one per row of ``mentions`` (type = the entity's ``type``, such
  as ``person``), ``quotes`` (``Quote``), ``claims`` (``Claim``) and
  ``citations`` (``Citation``). A span that contains a line break or a tab is
  written as discontinuous fragments (``start end;start end``) split there,
  because a brat line cannot hold one; its text is the fragments joined by a
  space, as brat expects.
* **A lines**: one attribute per column with a value list (``enum``) in its
  Table Schema, named by the column capitalised (``Claim_type``,
  ``Attribution``, ``Certainty``, ``Polarity``, ``Kind``); values as in the tables.
* **R lines**: ``Speaker`` (quote → a mention of ``speaker_entity_id``),
  ``Source`` (claim → a mention of ``source_entity_id``), ``Outlet`` (citation →
  a mention of ``outlet_entity_id``), ``Cited_in`` (claim or quote → its
  citation) and ``In_quote`` (claim → the quote containing it). The tables give
  entities, not mentions, so the mention is chosen by one rule: *the nearest
  mention of that entity in the same paragraph (line of the text), measured
  between the spans (0 when they overlap), the preceding one on a tie*. With no
  such mention there is no R line; the entity ID is still in the note.
* **Notes** (``#`` lines, ``AnnotatorNotes``): the row's key, then
  ``column=value`` for every other column of its Table Schema that is not an
  attribute and not the span itself (``document_id``, ``start``, ``end``,
  ``exact``), so every ID and every column added later survives a round trip
  through brat.

``annotation.conf`` declares every type, attribute and relation used (the
value lists come from the Table Schemas); ``visual.conf`` gives labels and
colours; ``provenance.json`` records the dataset's ``name``, ``title``,
``version``, ``license``, ``license_url`` and ``descriptor_sha256`` (brat
lists only ``.txt``/``.ann`` pairs as documents, so it ignores the file).

Example
-------
>>> import tempfile, pathlib, csto_annotations
>>> paths = write(csto_annotations.load(), pathlib.Path(tempfile.mkdtemp()))
>>> sorted(p.name for p in paths)
['annotation.conf', 'edm-4-191.ann', 'edm-4-191.txt', 'provenance.json', 'visual.conf']
"""

from __future__ import annotations

import itertools
import re
from collections import defaultdict
from pathlib import Path
from typing import Any

from .._base._errors import UnsafePathError
from .._base._fields import categories
from .._base._reads import SPAN_COLUMNS, SPAN_KEYS
from ._common import provenance, safe_file_stem, span_rows, table_records, write_files

#: The file of the dataset's provenance in the collection folder.
PROVENANCE_FILE = "provenance.json"

# A run of characters a brat .ann line can hold inside a span's text: no str.splitlines break, no tab.
_PIECES = re.compile("[^\t\n\x0b\x0c\r\x1c\x1d\x1e\x85\u2028\u2029]+")
_INVALID_NAME = re.compile(r"[^A-Za-z0-9_-]")
#: brat type of the rows of each table other than mentions.
TYPES = {"quotes": "Quote", "claims": "Claim", "citations": "Citation"}
#: Per span table, from its Table Schema: attributes (name, column, values) and note columns.
Columns = dict[str, tuple[list[tuple[str, str, list[str]]], list[str]]]
#: Relations to a mention: name → (table, entity column).
MENTION_RELATIONS = {
    "Speaker": ("quotes", "speaker_entity_id"),
    "Source": ("claims", "source_entity_id"),
    "Outlet": ("citations", "outlet_entity_id"),
}
#: Relations between two spans: (name, table, column of the other span's key).
SPAN_RELATIONS = (("Cited_in", "quotes", "citation_id"), ("Cited_in", "claims", "citation_id"),
                  ("In_quote", "claims", "quote_id"))  # fmt: skip
_COLOURS = ("#ffccaa", "#aaddff", "#ccffcc", "#ffeeaa", "#ddccff",
            "#ffcccc", "#ccffff", "#eeeeee", "#ffddee", "#ddffaa")  # fmt: skip


def type_name(value: str) -> str:
    """A brat type or attribute-value name for ``value`` (letters, digits, ``_``, ``-``).

    Example
    -------
    >>> type_name("media_outlet"), type_name("a b")
    ('media_outlet', 'a_b')
    """
    return _INVALID_NAME.sub("_", value) or "_"


def fragments(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """``[start, end)`` cut at line breaks and tabs, without empty pieces.

    Example
    -------
    >>> fragments("ab\\ncd", 0, 5)
    [(0, 2), (3, 5)]
    """
    return [match.span() for match in _PIECES.finditer(text, start, end)]


def _entity_types(ds: Any) -> list[str]:
    """Every entity type the entities schema allows, as brat names."""
    field = next(f for f in ds.schemas["entities"]["fields"] if f["name"] == "type")
    return [type_name(str(v)) for v in categories(field) or []]


def annotation_conf(ds: Any) -> str:
    """The ``annotation.conf`` declaring every type, relation and attribute.

    Example
    -------
    >>> import csto_annotations
    >>> "Kind Arg:Quote, Value:direct|scare" in annotation_conf(csto_annotations.load())
    True
    """
    mentions = "|".join(_entity_types(ds))
    lines = ["[entities]", *TYPES.values(), *_entity_types(ds), "", "[relations]"]
    # One declaration per attribute name, for every type whose table has the column.
    attributes: dict[str, tuple[list[str], list[str]]] = {}
    for table, (declared, _) in columns(ds).items():
        for name, _, values in declared:
            applies, allowed = attributes.setdefault(name, ([], []))
            applies.append(TYPES.get(table, mentions))
            allowed += [v for v in values if v not in allowed]
    lines += [f"{name} Arg1:{TYPES[table]}, Arg2:{mentions}" for name, (table, _) in MENTION_RELATIONS.items()]
    lines += ["Cited_in Arg1:Claim|Quote, Arg2:Citation", "In_quote Arg1:Claim, Arg2:Quote"]
    lines += ["<OVERLAP> Arg1:<ANY>, Arg2:<ANY>, <OVL-TYPE>:<ANY>", "", "[events]", "", "[attributes]"]
    lines += [
        f"{name} Arg:{'|'.join(applies)}, Value:{'|'.join(values)}" for name, (applies, values) in attributes.items()
    ]
    return "\n".join(lines) + "\n"


def columns(ds: Any) -> Columns:
    """Each span table's attributes and note columns, from its Table Schema.

    Example
    -------
    >>> import csto_annotations
    >>> declared, notes = columns(csto_annotations.load())["quotes"]
    >>> declared, notes
    ([('Kind', 'kind', ['direct', 'scare'])], ['utterance_id', 'speaker_entity_id', 'cue', 'citation_id'])
    """
    out: Columns = {}
    for table in ("mentions", *TYPES):
        fields = [f for f in ds.schemas[table]["fields"] if f["name"] not in (SPAN_KEYS[table], *SPAN_COLUMNS)]
        out[table] = (
            [(type_name(f["name"]).capitalize(), f["name"], [type_name(str(v)) for v in categories(f) or []])
             for f in fields if categories(f)],
            [f["name"] for f in fields if not categories(f)],
        )  # fmt: skip
    return out


def visual_conf(ds: Any) -> str:
    """The ``visual.conf``: labels and colours for every type.

    Example
    -------
    >>> import csto_annotations
    >>> visual_conf(csto_annotations.load()).splitlines()[0]
    '[labels]'
    """
    kinds = [*TYPES.values(), *_entity_types(ds)]
    relations = [*MENTION_RELATIONS, "Cited_in", "In_quote"]
    lines = ["[labels]", *(f"{k} | {k.replace('_', ' ').capitalize()} | {k[:3]}" for k in kinds + relations)]
    lines += [
        "",
        "[drawing]",
        "SPAN_DEFAULT\tfgColor:black, bgColor:lightgreen, borderColor:darken",
        "ARC_DEFAULT\tcolor:black, arrowHead:triangle-5",
        "ATTRIBUTE_DEFAULT\tglyph:*",
    ]
    lines += [f"{k}\tbgColor:{_COLOURS[i % len(_COLOURS)]}" for i, k in enumerate(kinds)]
    lines += [f"{r}\tcolor:#555555, dashArray:3-3" for r in relations]
    return "\n".join(lines) + "\n"


def _nearest(candidates: list[tuple[int, int, str]], text: str, start: int, end: int) -> str | None:
    """The T id of the nearest candidate span in the paragraph of ``[start, end)``."""
    low = text.rfind("\n", 0, start) + 1
    high = text.find("\n", end)
    high = len(text) if high < 0 else high
    # distance between the spans, then the preceding one, then the earlier start; the first of equals
    inside = [((max(0, s - end, start - e), e > start, s), tid) for s, e, tid in candidates if s >= low and e <= high]
    return min(inside, key=lambda found: found[0])[1] if inside else None


def _document_ann(
    text: str, rows: dict[str, list[dict[str, Any]]], entity_types: dict[str, str], shown: Columns
) -> str:
    """The ``.ann`` content of one document: T lines (each with its note), then A lines, then R lines."""
    lines: list[str] = []
    tids: dict[str, str] = {}
    by_entity: dict[str, list[tuple[int, int, str]]] = defaultdict(list)
    for table in ("mentions", "citations", "quotes", "claims"):
        key = SPAN_KEYS[table]
        for row in rows.get(table, []):
            parts = fragments(text, row["start"], row["end"])
            if not parts:
                continue
            number = len(lines) // 2 + 1  # each T line has its note
            tids[row[key]] = tid = f"T{number}"
            mention = table == "mentions"
            kind = type_name(entity_types.get(row["entity_id"], "other")) if mention else TYPES[table]
            offsets = ";".join(f"{a} {b}" for a, b in parts)
            lines.append(f"{tid}\t{kind} {offsets}\t{' '.join(text[a:b] for a, b in parts)}")
            # The note: the row's key, then column=value for each note column with a value, on one line (split()
            # takes every line break and tab).
            note = "; ".join([row[key], *(f"{c}={row[c]}" for c in shown[table][1] if row.get(c) not in (None, ""))])
            lines.append(f"#{number}\tAnnotatorNotes {tid}\t{' '.join(note.split())}")
            if mention:
                by_entity[row["entity_id"]].append((row["start"], row["end"], tid))
    attributes = []
    for table, (declared, _) in shown.items():
        for name, column, _ in declared:
            for row in rows.get(table, []):
                if row[SPAN_KEYS[table]] in tids and row.get(column) is not None:
                    attributes.append(f"{name} {tids[row[SPAN_KEYS[table]]]} {type_name(str(row[column]))}")
    relations = []
    for name, (table, column) in MENTION_RELATIONS.items():
        for row in rows.get(table, []):
            own = tids.get(row[SPAN_KEYS[table]])
            target = _nearest(by_entity.get(row.get(column) or "", []), text, row["start"], row["end"])
            if own and target:
                relations.append(f"{name} Arg1:{own} Arg2:{target}")
    for name, table, column in SPAN_RELATIONS:
        for row in rows.get(table, []):
            own, other = tids.get(row[SPAN_KEYS[table]]), tids.get(row.get(column) or "")
            if own and other:
                relations.append(f"{name} Arg1:{own} Arg2:{other}")
    lines += [f"A{i}\t{a}" for i, a in enumerate(attributes, 1)] + [f"R{i}\t{r}" for i, r in enumerate(relations, 1)]
    return "".join(line + "\n" for line in lines)


def write(ds: Any, out_dir: Path) -> list[Path]:
    """Write the brat collection into ``out_dir``.

    Returns
    -------
    list of pathlib.Path
        ``annotation.conf``, ``visual.conf``, ``provenance.json``, then ``.txt`` and ``.ann`` of each document.

    Raises
    ------
    UnsafePathError
        When a document ID cannot be used as a file name, or two differ only in case.

    Example
    -------
    >>> import tempfile, pathlib, csto_annotations
    >>> out = pathlib.Path(tempfile.mkdtemp())
    >>> _ = write(csto_annotations.load(), out)
    >>> (out / "edm-4-191.ann").read_text("utf-8").splitlines()[0]
    'T1\\torganization 0 4\\tCSTO'
    """
    folded = sorted(map(safe_file_stem, ds.texts), key=str.lower)  # each ID is its file's name
    twins = [(a, b) for a, b in itertools.pairwise(folded) if a.lower() == b.lower()]
    if twins:  # on a case-insensitive file system one would overwrite the other
        raise UnsafePathError(f"documents.document_id {twins[0][0]!r} and {twins[0][1]!r} differ only in case, and "
                              "cannot both be file names on every platform; rename one.")  # fmt: skip
    entity_types = {r["entity_id"]: r["type"] for r in table_records(ds, "entities")}
    grouped, shown = span_rows(ds), columns(ds)
    files = {"annotation.conf": annotation_conf(ds), "visual.conf": visual_conf(ds), PROVENANCE_FILE: provenance(ds)}
    for doc, text in ds.texts.items():
        files[f"{doc}.txt"] = text
        files[f"{doc}.ann"] = _document_ann(text, grouped[doc], entity_types, shown)
    return write_files(out_dir, files)
