"""The dataset's own structure, which no schema edit can switch off.

The span, key and codebook rules need certain tables, columns, types, keys
and labels. They are written here once; a package whose Table Schemas lack
any of them is refused (:class:`DescriptorError`) instead of having the rule
skipped. A schema may add columns and constraints; it may not take these away.
The columns the outputs read are declared once, in ``_base/_reads.py``; they
are part of the contract too, so a package that passes works with every output.

Example
-------
>>> sorted(COLUMNS)[:3]
['citations', 'claim_entities', 'claims']
"""

from __future__ import annotations

from typing import Any

from .._base._errors import DescriptorError
from .._base._fields import TYPES, categories
from .._base._reads import SPAN_KEYS, SPAN_TABLES, column_problem, contract

#: The codebook edition whose structure and rules this engine checks. A registered release records
#: the edition it was checked by; the rules of a later edition do not apply to an earlier release.
CODEBOOK_EDITION = 2
_S, _I = "string", "integer"
SPAN = {"document_id": _S, "start": _I, "end": _I, "exact": _S}
#: Table → the columns the rules read, with their Table Schema types.
COLUMNS: dict[str, dict[str, str]] = {
    "documents": {"document_id": _S, "text_path": _S, "text_sha256": _S, "length": _I},
    "entities": {"entity_id": _S, "type": _S},
    "mentions": {"mention_id": _S, "entity_id": _S, **SPAN},
    "citations": {"citation_id": _S, "outlet_entity_id": _S, **SPAN},
    "quotes": {"quote_id": _S, "utterance_id": _S, "speaker_entity_id": _S, "kind": _S, "cue": _S, "citation_id": _S,
               **SPAN},
    "claims": {"claim_id": _S, "attribution": _S, "source_entity_id": _S, "source_mention_id": _S, "cue": _S,
               "cue_start": _I, "cue_end": _I, "quote_id": _S, "citation_id": _S, **SPAN},
    "claim_entities": {"claim_id": _S, "entity_id": _S, "role": _S},
}  # fmt: skip
#: Table → its primary key.
KEYS = {"documents": ["document_id"], "entities": ["entity_id"], **{t: [k] for t, k in SPAN_KEYS.items()},
        "claim_entities": ["claim_id", "entity_id"]}  # fmt: skip
#: (table, column, referenced table, referenced column): foreign keys every package declares.
REFERENCES = [
    *((table, "document_id", "documents", "document_id") for table in SPAN_TABLES),
    ("mentions", "entity_id", "entities", "entity_id"),
    ("citations", "outlet_entity_id", "entities", "entity_id"),
    ("quotes", "speaker_entity_id", "entities", "entity_id"),
    ("quotes", "citation_id", "citations", "citation_id"),
    ("claims", "source_entity_id", "entities", "entity_id"),
    ("claims", "quote_id", "quotes", "quote_id"),
    ("claims", "citation_id", "citations", "citation_id"),
    ("claims", "source_mention_id", "mentions", "mention_id"),
    ("claim_entities", "claim_id", "claims", "claim_id"),
    ("claim_entities", "entity_id", "entities", "entity_id"),
]
#: (table, column) → labels the rules act on; the field's enum must hold them.
LABELS = {
    ("claims", "attribution"): {"author", "reported", "quoted"},
    ("quotes", "kind"): {"direct"},
    ("entities", "type"): {"media_outlet", "group"},
    ("claim_entities", "role"): {"source"},
}


def _fields(schema: dict[str, Any], where: str) -> dict[str, dict[str, Any]]:
    fields: dict[str, dict[str, Any]] = {}
    for field in schema["fields"]:
        if field["name"] in fields:
            raise DescriptorError(f"{where}: field {field['name']!r} is declared twice.")
        extra = set(field.get("constraints", {})) - TYPES[field["type"]].constraints  # the engine checks no others
        if extra or ("categories" in field and field["type"] != "string"):
            what = sorted(extra) or ["categories"]
            raise DescriptorError(f"{where}: field {field['name']!r} of type {field['type']} cannot have {what}.")
        fields[field["name"]] = field
    return fields


def _require_columns(table: str, fields: dict[str, dict[str, Any]], where: str) -> None:
    for column, kind in COLUMNS[table].items():
        field = fields.get(column)
        if field is None or field["type"] != kind:
            found = "no such field" if field is None else f"type {field['type']!r}"
            raise DescriptorError(f"{where}: expected field {column!r} of type {kind!r}, found {found}; the "
                                  "span, key and codebook rules need it.")  # fmt: skip
        # The text rule compares every documents cell with its text: none may be empty.
        required = column in SPAN or column in KEYS[table] or table == "documents"
        if required and not field.get("constraints", {}).get("required"):
            raise DescriptorError(f"{where}: field {column!r} must be required (constraints.required: true).")
    for column, (kind, use) in contract().get(table, {}).items():
        if (problem := column_problem(table, column, fields.get(column), kind, use)) is not None:
            raise DescriptorError(f"{where}: {problem}.")
    for (name, column), labels in LABELS.items():
        if name == table and not labels <= set(categories(fields[column]) or []):
            raise DescriptorError(f"{where}: field {column!r} must allow {sorted(labels)} in its enum.")


def check_structure(schemas: dict[str, dict[str, Any]], where: dict[str, str]) -> None:
    """Refuse Table Schemas that would switch a rule off.

    Parameters
    ----------
    schemas : dict
        Table name → Table Schema, for every table of the package.
    where : dict
        Table name → how messages name its schema file.

    Raises
    ------
    DescriptorError
        Naming the table, field or key that is missing or mistyped.

    Example
    -------
    >>> check_structure({}, {})  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    csto_annotations._base._errors.DescriptorError: datapackage.json: expected the tables ...
    """
    missing = sorted(set(COLUMNS) - set(schemas))
    if missing:
        raise DescriptorError(f"datapackage.json: expected the tables {sorted(COLUMNS)}, missing {missing}.")
    fields = {table: _fields(schema, where[table]) for table, schema in schemas.items()}
    for table, schema in schemas.items():
        if table in COLUMNS:
            _require_columns(table, fields[table], where[table])
            if schema.get("primaryKey") != KEYS[table]:
                raise DescriptorError(f"{where[table]}: expected primaryKey {KEYS[table]}, found "
                                      f"{schema.get('primaryKey')}.")  # fmt: skip
    for table, column, target, target_column in REFERENCES:
        declared = [([*k["fields"]], k["reference"]["resource"], [*k["reference"]["fields"]])
                    for k in schemas[table].get("foreignKeys", [])]  # fmt: skip
        if ([column], target, [target_column]) not in declared:
            raise DescriptorError(f"{where[table]}: expected the foreign key {column} → {target}.{target_column}.")
