"""Croissant metadata, ``croissant.json``: the package described for machine-learning catalogues.

`Croissant <https://docs.mlcommons.org/croissant/>`_ 1.1, with its
Responsible-AI vocabulary (RAI 1.0), is schema.org ``Dataset`` JSON-LD plus
the files and the record structure an ML loader needs; ``mlcroissant``
validates it and reads the tables from it. Nothing in it is typed twice:

=====================================  ================================================
Croissant                              rendered from
=====================================  ================================================
``name``, ``description``,             the descriptor's citation record, exactly as
``version``, ``creator``, ``license``, ``docs/dataset.jsonld`` (schema.org) states it
``keywords``, ``isBasedOn``, …
``citeAs``                             ``cite --format bibtex``
one ``cr:FileObject`` per resource     its ``path``, ``mediatype``, ``bytes``, ``hash``
one ``cr:RecordSet`` per table         its Table Schema: one ``cr:Field`` per column,
                                       ``primaryKey`` as ``key``, each foreign key as
                                       ``references`` to the referenced field
one ``sc:Enumeration`` RecordSet       the column's values inline (``data``), in
per enum column                        schema order; the column ``references`` it
``rai:*``                              the dataset card's hand-kept prose,
                                       ``tools/datacard.md`` (see :data:`RAI`)
=====================================  ================================================

``python scripts/metadata.py`` writes ``croissant.json`` beside
``datapackage.json`` and ``--check`` keeps it current; :mod:`tools.release`
renders one into every new release archive. ``contentUrl`` paths are
relative to the file, so the same file describes a checkout and an unpacked
archive, and mlcroissant reads them from disk without a network connection.

Example
-------
>>> doc = croissant({"name": "d", "title": "T", "version": "1.0.0", "resources": []}, {})
>>> doc["conformsTo"], doc["version"]
(['http://mlcommons.org/croissant/1.1', 'http://mlcommons.org/croissant/RAI/1.0'], '1.0.0')
"""

from __future__ import annotations

from typing import Any

from csto_annotations._base._errors import DescriptorError
from csto_annotations._base._fields import categories, is_ordered
from csto_annotations._base._paths import check_relative_path
from csto_annotations._cite._formats import cite, json_text
from csto_annotations._cite._metadata import jsonld_data
from csto_annotations._cite._work import work
from tools import datacard

#: The file's name, beside ``datapackage.json``.
FILENAME = "croissant.json"
#: What the file conforms to: mlcroissant validates against the first, Croissant 1.1.
CONFORMS_TO = ["http://mlcommons.org/croissant/1.1", "http://mlcommons.org/croissant/RAI/1.0"]
#: The Croissant 1.1 ``@context``, as the specification and mlcroissant 1.1.1 write it.
CONTEXT: dict[str, Any] = {
    "@language": "en",
    "@vocab": "https://schema.org/",
    "arrayShape": "cr:arrayShape",
    "citeAs": "cr:citeAs",
    "column": "cr:column",
    "conformsTo": "dct:conformsTo",
    "containedIn": "cr:containedIn",
    "cr": "http://mlcommons.org/croissant/",
    "rai": "http://mlcommons.org/croissant/RAI/",
    "data": {"@id": "cr:data", "@type": "@json"},
    "dataType": {"@id": "cr:dataType", "@type": "@vocab"},
    "dct": "http://purl.org/dc/terms/",
    "description": {"@container": "@language"},
    "equivalentProperty": "cr:equivalentProperty",
    "examples": {"@id": "cr:examples", "@type": "@json"},
    "extract": "cr:extract",
    "field": "cr:field",
    "fileProperty": "cr:fileProperty",
    "fileObject": "cr:fileObject",
    "fileSet": "cr:fileSet",
    "format": "cr:format",
    "includes": "cr:includes",
    "isArray": "cr:isArray",
    "isLiveDataset": "cr:isLiveDataset",
    "jsonPath": "cr:jsonPath",
    "key": "cr:key",
    "md5": "cr:md5",
    "name": {"@container": "@language"},
    "parentField": "cr:parentField",
    "path": "cr:path",
    "recordSet": "cr:recordSet",
    "references": "cr:references",
    "regex": "cr:regex",
    "repeated": "cr:repeated",
    "replace": "cr:replace",
    "samplingRate": "cr:samplingRate",
    "sc": "https://schema.org/",
    "separator": "cr:separator",
    "source": "cr:source",
    "subField": "cr:subField",
    "transform": "cr:transform",
}
#: Table Schema type -> Croissant ``dataType`` (the types the reader accepts).
DATA_TYPES = {
    "string": "sc:Text",
    "integer": "sc:Integer",
    "year": "sc:Integer",
    "number": "sc:Float",
    "boolean": "sc:Boolean",
    "date": "sc:Date",
}
#: RAI property -> the passages of ``tools/datacard.md`` that state it (see :func:`tools.datacard.passage`).
#: A property of cardinality ONE gets its passages joined; the others get a list.
RAI: dict[str, tuple[str, ...]] = {
    "rai:dataCollection": ("## Collection process",),
    "rai:dataAnnotationProtocol": ("**Guidelines.**", "**Procedure.**", "**Errors and corrections.**"),
    "rai:annotationsPerItem": ("**Annotations per item.**",),
    "rai:dataAnnotationAnalysis": ("**Who annotated, and how well did they agree?**", "*Caveat:*"),
    "rai:dataUseCases": ("**Intended uses.**",),
    "rai:dataLimitations": ("**Uses to avoid.**",),
    "rai:dataBiases": ("**Is it a sample?**",),
    "rai:personalSensitiveInformation": ("**Confidential or sensitive data.**",),
    "rai:dataReleaseMaintenancePlan": ("**Versions.**", "**Errata.**"),
}
_ONE = {"rai:dataCollection", "rai:annotationsPerItem", "rai:dataReleaseMaintenancePlan"}
#: The RAI vocabulary's recommended term for a dataset made by annotating published documents.
COLLECTION_TYPE = ["Document analysis"]


def _sha256(resource: dict[str, Any]) -> str:
    """The hex digest of a resource's ``hash`` (``sha256:<hex>``): the descriptor is where hashes live."""
    label = str(resource.get("hash", ""))
    if not label.startswith("sha256:"):
        raise DescriptorError(
            f"datapackage.json: resource {resource.get('name')!r} has no sha256 hash; "
            "run python -m csto_annotations build to measure it."
        )
    return label.removeprefix("sha256:")


def file_object(resource: dict[str, Any]) -> dict[str, Any]:
    """One ``cr:FileObject``: a resource's file, its size and sha256; ``@id`` is its path.

    Example
    -------
    >>> file_object({"name": "t", "path": "data/t.csv", "mediatype": "text/csv", "bytes": 3, "hash": "sha256:ab"})["sha256"]
    'ab'
    """
    statements = [str(lic.get("title") or lic.get("name", "")) for lic in resource.get("licenses", [])]
    description = " ".join(p for p in [str(resource.get("description", "")), *statements] if p)
    return _nonempty(
        ("@type", "cr:FileObject"),
        ("@id", resource["path"]),
        ("name", resource["path"]),
        ("description", description),
        ("contentUrl", resource["path"]),
        ("encodingFormat", resource.get("mediatype", "")),
        ("contentSize", f"{resource['bytes']} B" if "bytes" in resource else ""),
        ("sha256", _sha256(resource)),
    )


def _enum_id(table: str, column: str) -> str:
    return f"{table}.{column}"


def enumeration(table: str, field: dict[str, Any]) -> dict[str, Any]:
    """The ``sc:Enumeration`` RecordSet of one enum column: its values inline, in schema order.

    Example
    -------
    >>> enumeration("t", {"name": "k", "constraints": {"enum": ["b", "a"]}})["data"]
    [{'t.k/name': 'b'}, {'t.k/name': 'a'}]
    """
    rid = _enum_id(table, field["name"])
    values = categories(field) or []
    order = " They are ordinal, in this order (categoriesOrdered)." if is_ordered(field) else ""
    return {
        "@type": "cr:RecordSet",
        "@id": rid,
        "name": rid,
        "description": f"The values `{table}.{field['name']}` may take, in schema order.{order}",
        "dataType": "sc:Enumeration",
        "key": {"@id": f"{rid}/name"},
        "field": [{"@type": "cr:Field", "@id": f"{rid}/name", "name": "name", "dataType": "sc:Text"}],
        "data": [{f"{rid}/name": value} for value in values],
    }


def _references(table: str, schema: dict[str, Any]) -> dict[str, str]:
    """Column -> the ``@id`` of the field it references: foreign keys, then enumerations."""
    found: dict[str, str] = {}
    for fk in schema.get("foreignKeys", []):
        target = fk["reference"].get("resource") or table
        for column, referenced in zip(fk["fields"], fk["reference"]["fields"]):
            found[column] = f"{target}/{referenced}"
    for field in schema["fields"]:
        if categories(field) is not None:
            found.setdefault(field["name"], f"{_enum_id(table, field['name'])}/name")
    return found


def _field(table: str, field: dict[str, Any], path: str, references: dict[str, str]) -> dict[str, Any]:
    kind = field.get("type", "string")
    if kind not in DATA_TYPES:
        raise DescriptorError(
            f"schema of {table!r}: field {field['name']!r} has type {kind!r}, which croissant.json cannot "
            f"express; use one of {', '.join(DATA_TYPES)}."
        )
    name = field["name"]
    return _nonempty(
        ("@type", "cr:Field"),
        ("@id", f"{table}/{name}"),
        ("name", name),
        ("description", field.get("description") or field.get("title", "")),
        ("dataType", DATA_TYPES[kind]),
        ("source", {"fileObject": {"@id": path}, "extract": {"column": name}}),
        ("references", {"field": {"@id": references[name]}} if name in references else None),
    )


def record_sets(resource: dict[str, Any], schema: dict[str, Any]) -> list[dict[str, Any]]:
    """The RecordSet of one table, then one enumeration RecordSet per enum column."""
    table = resource["name"]
    references = _references(table, schema)
    keys = [{"@id": f"{table}/{column}"} for column in schema.get("primaryKey", [])]
    main = _nonempty(
        ("@type", "cr:RecordSet"),
        ("@id", table),
        ("name", table),
        ("description", schema.get("description") or resource.get("description", "")),
        ("key", keys[0] if len(keys) == 1 else keys),
        ("field", [_field(table, f, resource["path"], references) for f in schema["fields"]]),
    )
    return [main, *(enumeration(table, f) for f in schema["fields"] if categories(f) is not None)]


def responsible_ai(descriptor: dict[str, Any]) -> dict[str, Any]:
    """The ``rai:`` properties: the dataset card's passages (:data:`RAI`) and the raw data's resources."""
    values = {
        "version": str(descriptor.get("version", "")),
        "sources": "; ".join(f"{s.get('title', '')} <{s.get('path', '')}>" for s in descriptor.get("sources", [])),
    }
    out: dict[str, Any] = {}
    for prop, selectors in RAI.items():
        passages = [datacard.passage(selector, values) for selector in selectors]
        out[prop] = " ".join(passages) if prop in _ONE else passages
    out["rai:dataCollectionType"] = COLLECTION_TYPE
    texts = [r for r in descriptor.get("resources", []) if r.get("type") == "text"]
    out["rai:dataCollectionRawData"] = " ".join(f"{r['path']}: {file_object(r).get('description', '')}" for r in texts)
    return _nonempty(*out.items())


def croissant(descriptor: dict[str, Any], schemas: dict[str, dict[str, Any]]) -> dict[str, Any]:
    """The Croissant JSON-LD of the package ``descriptor`` whose tables have ``schemas``.

    Parameters
    ----------
    descriptor : dict
        The parsed ``datapackage.json``, with every resource's ``bytes`` and ``hash``.
    schemas : dict
        Table name -> Table Schema, for every table of the descriptor.

    Returns
    -------
    dict
        The JSON-LD document; :func:`croissant_text` serializes it.

    Raises
    ------
    DescriptorError
        A resource has no sha256, or a column's type has no Croissant ``dataType``.
    UnsafePathError
        A resource path is absolute, a URL, or climbs out with ``..``.
    tools.datacard.CardError
        A passage :data:`RAI` names is missing from ``tools/datacard.md``.
    """
    record = jsonld_data(work(descriptor))
    record.pop("@context")
    record.pop("variableMeasured", None)
    resources = [r for r in descriptor.get("resources", []) if isinstance(r, dict)]
    for resource in resources:  # contentUrl is resolved against the file's folder: never outside it
        check_relative_path(resource.get("path"), where=f"datapackage.json resource {resource.get('name')!r}")
    tables = [r for r in resources if r.get("type") == "table"]
    missing = [str(r.get("name")) for r in tables if not isinstance(schemas.get(r.get("name")), dict)]
    if missing:
        raise DescriptorError(
            f"datapackage.json: no Table Schema for table(s) {', '.join(missing)}; name one per table."
        )
    return {
        "@context": CONTEXT,
        **record,
        "@type": "sc:Dataset",
        "conformsTo": CONFORMS_TO,
        "citeAs": cite(descriptor, "bibtex").strip(),
        **responsible_ai(descriptor),
        "distribution": [file_object(r) for r in resources],
        "recordSet": [rs for r in tables for rs in record_sets(r, schemas[r["name"]])],
    }


def croissant_text(descriptor: dict[str, Any], schemas: dict[str, dict[str, Any]]) -> str:
    """``croissant.json``'s text: :func:`croissant` as deterministic JSON (the metadata files' format)."""
    return json_text(croissant(descriptor, schemas))


def _nonempty(*pairs: tuple[str, Any]) -> dict[str, Any]:
    """The pairs whose value is not empty, in order."""
    return {key: value for key, value in pairs if value not in ("", None, [], {})}
