"""W3C Web Annotation: one ``annotations.jsonld``, an ``AnnotationCollection``.

Every row of ``mentions``, ``quotes``, ``claims`` and ``citations`` becomes one
``Annotation`` (JSON-LD, ``@context`` ``http://www.w3.org/ns/anno.jsonld``):

* ``id``: ``#`` and the row's key (``#CL-0001``), resolved against the file's
  own location, because the dataset has no public host of its own.
* ``target``: a ``SpecificResource`` whose ``source`` is the document, named by
  its ``url`` from the documents table (its ``text_path`` when the URL is
  empty), with ``language`` and ``schema:sha256`` of the stored text the
  offsets index; and two selectors, a ``TextPositionSelector`` (``start``,
  ``end`` in code points, as in the tables) and a ``TextQuoteSelector``
  (``exact`` with up to 32 characters of ``prefix`` and ``suffix``).
* ``body``: a ``TextualBody`` with purpose ``tagging`` naming the table's row
  kind (``mention``, ``quote``, ``claim``, ``citation``), then one body per
  filled cell of every other column of the row's Table Schema except the span
  itself (``document_id``, ``start``, ``end``, ``exact``), in schema order, so
  a column added to a schema is written with no code change. Its purpose
  comes from the schema: a foreign key to ``entities`` is ``identifying``
  (``entity_id:csto``, and a ``SpecificResource`` on the Wikidata item where
  the entities table gives one); a foreign key to another span table is a
  ``linking`` ``SpecificResource`` pointing at that annotation (``#QT-0003``);
  free text (a string with no ``enum`` or ``pattern``: ``statement``,
  ``cue``, ``notes``) is ``describing``; every other column is
  ``classifying``. Textual bodies read ``column:value``
  (``claim_type:event``, ``statement:…``). A mention also gets
  ``classifying`` ``entity_type:<type>`` from the entities table.
* ``motivation``: ``identifying`` for mentions and citations, ``classifying``
  for quotes and claims.

The collection itself carries the dataset's provenance: ``label`` (title and
version), ``rights`` (the licence URL), ``schema:version``, ``generator`` (the
``csto-annotations`` software) and ``schema:isBasedOn``, a ``Dataset`` node
with the package ``schema:name``, ``schema:version``, ``rights`` and, as its
``schema:encoding``, ``datapackage.json`` with its ``schema:sha256``. There is
no ``generated`` timestamp, so that the same dataset always gives the same file.

The context document ships inside the package (``anno.jsonld`` beside this
module, the W3C file unchanged): :func:`document_loader` serves it to a
JSON-LD processor, so the file expands with no network.

Example
-------
>>> import json, tempfile, pathlib, csto_annotations
>>> path = write(csto_annotations.load(), pathlib.Path(tempfile.mkdtemp()))[0]
>>> collection = json.loads(path.read_text("utf-8"))
>>> ds = csto_annotations.load()
>>> collection["type"], collection["total"] == sum(len(ds.tables[t]) for t in ("mentions", "quotes", "claims", "citations"))
('AnnotationCollection', True)
"""

from __future__ import annotations

import json
from importlib import resources
from pathlib import Path
from typing import Any

from .._base._errors import SourceError
from .._base._reads import SPAN_COLUMNS, SPAN_KEYS, SPAN_TABLES
from ._common import provenance, table_records, write_files

FILE_NAME = "annotations.jsonld"
CONTEXT = "http://www.w3.org/ns/anno.jsonld"
#: Characters of context kept on each side in a ``TextQuoteSelector``.
CONTEXT_CHARS = 32
_MOTIVATION = {"mentions": "identifying", "quotes": "classifying", "claims": "classifying", "citations": "identifying"}
WIKIDATA = "http://www.wikidata.org/entity/"
#: The W3C context document shipped in the package (``anno.jsonld.md`` beside it gives its source).
CONTEXT_FILE = "anno.jsonld"


def document_loader(url: str, options: Any = None) -> dict[str, Any]:
    """A JSON-LD document loader (pyld's signature) that serves the shipped context and refuses every other URL.

    ``pyld.jsonld.expand(doc, {"documentLoader": document_loader})`` then
    expands ``annotations.jsonld`` without the network.

    Raises
    ------
    SourceError
        For any URL other than ``http://www.w3.org/ns/anno.jsonld`` (pyld
        reports it as a failed context load).

    Example
    -------
    >>> loaded = document_loader(CONTEXT)
    >>> loaded["documentUrl"], loaded["document"]["@context"]["AnnotationCollection"]
    ('http://www.w3.org/ns/anno.jsonld', 'as:OrderedCollection')
    """
    if url != CONTEXT:
        raise SourceError(f"{url}: only the W3C Web Annotation context ({CONTEXT}) is served offline.")
    document = json.loads((resources.files(__package__) / CONTEXT_FILE).read_text("utf-8"))
    return {"contextUrl": None, "documentUrl": url, "document": document}


def selectors(text: str, start: int, end: int) -> list[dict[str, Any]]:
    """The position and quote selectors of ``text[start:end]``.

    Example
    -------
    >>> selectors("a CSTO b", 2, 6)[1]
    {'type': 'TextQuoteSelector', 'exact': 'CSTO', 'prefix': 'a ', 'suffix': ' b'}
    """
    quote = {"type": "TextQuoteSelector", "exact": text[start:end]}
    # An empty prefix or suffix (a span at the text's edge) is left out, as the model allows.
    prefix, suffix = text[max(0, start - CONTEXT_CHARS) : start], text[end : end + CONTEXT_CHARS]
    quote.update({k: v for k, v in (("prefix", prefix), ("suffix", suffix)) if v})
    return [{"type": "TextPositionSelector", "start": start, "end": end}, quote]


def purposes(ds: Any, table: str) -> list[tuple[str, str]]:
    """(column, body purpose) for each column of ``table`` written as a body, from its Table Schema.

    Example
    -------
    >>> import csto_annotations
    >>> purposes(csto_annotations.load(), "quotes")[1:]
    [('speaker_entity_id', 'identifying'), ('cue', 'describing'), ('kind', 'classifying'), ('citation_id', 'linking')]
    """
    schema = ds.schemas[table]
    targets = {
        k["fields"][0]: k["reference"]["resource"] for k in schema.get("foreignKeys", []) if len(k["fields"]) == 1
    }
    by_target = {"entities": "identifying", **dict.fromkeys(SPAN_KEYS, "linking")}
    out = []
    for field in (f for f in schema["fields"] if f["name"] not in (SPAN_KEYS[table], *SPAN_COLUMNS)):
        free = field["type"] == "string" and not {"enum", "pattern"} & set(field.get("constraints", {}))
        purpose = by_target.get(targets.get(field["name"], "")) or ("describing" if free else "classifying")
        out.append((field["name"], purpose))
    return out


def _bodies(
    row: dict[str, Any], kind: str, columns: list[tuple[str, str]], wikidata: dict[str, str | None]
) -> list[dict[str, Any]]:
    """The bodies that carry a row's columns."""
    bodies: list[dict[str, Any]] = [{"type": "TextualBody", "purpose": "tagging", "value": kind}]
    for column, purpose in columns:
        value = row.get(column)
        if value is None:
            continue
        if purpose == "linking":
            bodies.append({"type": "SpecificResource", "purpose": "linking", "source": f"#{value}"})
            continue
        bodies.append({"type": "TextualBody", "purpose": purpose, "value": f"{column}:{value}"})
        if purpose == "identifying" and wikidata.get(value):
            bodies.append(
                {"type": "SpecificResource", "purpose": "identifying", "source": WIKIDATA + str(wikidata[value])}
            )
    return bodies


def _sources(ds: Any) -> dict[str, dict[str, Any]]:
    """Document ID → the target ``source`` object for it."""
    sources = {}
    for row in table_records(ds, "documents"):
        # url and language are optional columns (_base/_reads.py): without them, the path and no language.
        source = {"id": str(row.get("url") or row["text_path"]), "type": "Text", "language": row.get("language")}
        sources[row["document_id"]] = {k: v for k, v in source.items() if v is not None}
        sources[row["document_id"]]["schema:sha256"] = row["text_sha256"]
    return sources


def annotation_items(ds: Any) -> list[dict[str, Any]]:
    """Every span row as a Web Annotation, table by table in row order.

    Example
    -------
    >>> import csto_annotations
    >>> first = annotation_items(csto_annotations.load())[0]
    >>> first["id"], first["body"][1]["value"]
    ('#MN-0001', 'entity_type:organization')
    """
    sources = _sources(ds)
    entities = table_records(ds, "entities")
    types = {e["entity_id"]: e["type"] for e in entities}
    wikidata = {e["entity_id"]: e.get("wikidata_id") for e in entities}
    out = []
    for table in SPAN_TABLES:
        columns = ([("entity_type", "classifying")] if table == "mentions" else []) + purposes(ds, table)
        for row in table_records(ds, table) if table in ds.tables else []:
            if table == "mentions":
                row = {**row, "entity_type": types.get(row["entity_id"])}
            out.append(
                {
                    "id": f"#{row[SPAN_KEYS[table]]}",
                    "type": "Annotation",
                    "motivation": _MOTIVATION[table],
                    "body": _bodies(row, table.removesuffix("s"), columns, wikidata),  # the row kind: claims → claim
                    "target": {
                        "type": "SpecificResource",
                        "source": sources[row["document_id"]],
                        "selector": selectors(ds.texts[row["document_id"]], row["start"], row["end"]),
                    },
                }
            )
    return out


def collection(ds: Any) -> dict[str, Any]:
    """The ``AnnotationCollection`` with all annotations on one embedded page.

    Example
    -------
    >>> import csto_annotations
    >>> collection(csto_annotations.load())["first"]["type"]
    'AnnotationPage'
    """
    items = annotation_items(ds)
    facts = provenance(ds)
    licences = [lic["path"] for lic in ds.descriptor.get("licenses", []) if "path" in lic]
    rights = {"rights": licences[0] if len(licences) == 1 else licences} if licences else {}
    dataset: dict[str, Any] = {
        "type": "Dataset",
        "schema:name": facts["name"],
        "schema:version": facts["version"],
        **rights,
    }
    if "descriptor_sha256" in facts:
        dataset["schema:encoding"] = {
            "type": "schema:MediaObject",
            "schema:name": "datapackage.json",
            "schema:sha256": facts["descriptor_sha256"].removeprefix("sha256:"),
        }
    return {
        "@context": CONTEXT,
        "id": FILE_NAME,
        "type": "AnnotationCollection",
        "label": f"{ds.title} (version {ds.version})",
        **rights,
        "schema:version": facts["version"],
        "generator": {"type": "Software", "name": "csto-annotations"},
        "schema:isBasedOn": dataset,
        "total": len(items),
        "first": {"id": "#page-1", "type": "AnnotationPage", "startIndex": 0, "items": items},
    }


def write(ds: Any, out_dir: Path) -> list[Path]:
    """Write ``<out_dir>/annotations.jsonld``.

    Example
    -------
    >>> import tempfile, pathlib, csto_annotations
    >>> write(csto_annotations.load(), pathlib.Path(tempfile.mkdtemp()))[0].name
    'annotations.jsonld'
    """
    return write_files(out_dir, {FILE_NAME: collection(ds)})
