"""Round 3 (issue 18), the reader, the engine and ``build``: CSV line breaks, key types, strings, build input.

Four families, registered into :data:`hostile.corpus.CASES` (``corpus.py`` imports this module last):

* ``csv-bytes``: carriage returns and empty lines, which pyarrow, Python's csv and frictionless read as
  line breaks; a stray one must be a located problem, never a crash;
* ``key-types``: foreign keys whose two ends have different types (refused from the schemas, before
  any join), and a join between an enum field and a plain one;
* ``strings``: lone surrogates (``"\\ud800"``, valid JSON, no Unicode text) anywhere in a descriptor or
  a Table Schema, and names, versions and hashes that end in a newline;
* ``build``: input ``build`` used to crash on (Unicode digits or words as offsets it reads, a text that
  is not UTF-8, no ``claims`` table). Each is in ``BUILD_CASES`` of test_corpus.py too.

Example
-------
>>> from hostile.corpus import CASES
>>> sum(c.family in FAMILIES for c in CASES) >= 20
True
"""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

from . import edits as e
from .corpus import DP, Built, Descriptor, _edit_descriptor, _edit_schema, _field, _resource, case, content

CSV_BYTES, KEY_TYPES, STRINGS, BUILD = "csv-bytes", "key-types", "strings", "build"
FAMILIES = {CSV_BYTES, KEY_TYPES, STRINGS, BUILD}


# --- csv-bytes: a CR is a line break, in the header as in every row --------------------------------


@content("cr-stray-in-header", "claims", 1, "document_id", needle="carriage return", family=CSV_BYTES)
def _(root: Path, outside: Path) -> None:
    e.replace_bytes(e.csv_path(root, "claims"), b"claim_id,document_id", b"claim_id,document\r_id")


@content("cr-ends-header-then-empty-line", "quotes", 2, None, needle="empty line", family=CSV_BYTES)
def _(root: Path, outside: Path) -> None:
    e.replace_bytes(e.csv_path(root, "quotes"), b"citation_id\n", b"citation_id\r\r\n")


@content("cr-line-endings-bad-enum-row-4", "claims", 4, "claim_type", family=CSV_BYTES)
def _(root: Path, outside: Path) -> None:
    e.set_cell(root, "claims", 4, "claim_type", "rumour")
    path = e.csv_path(root, "claims")
    path.write_bytes(path.read_bytes().replace(b"\n", b"\r"))  # classic Mac OS: rows still counted right


@content("cr-lone-in-unquoted-cell", "entities", 3, None, needle="cells", family=CSV_BYTES)
def _(root: Path, outside: Path) -> None:
    name = e.cell(root, "entities", 3, "name")
    e.replace_bytes(e.csv_path(root, "entities"), f",{name},".encode(), f",{name[:3]}\r{name[3:]},".encode())


@content("empty-line-between-rows", "mentions", 4, None, needle="empty line", family=CSV_BYTES)
def _(root: Path, outside: Path) -> None:
    rows = e.read_rows(root, "mentions")
    e.csv_path(root, "mentions").write_bytes(e.csv_bytes(rows[:3]) + b"\n" + e.csv_bytes(rows[3:]))


@content("empty-line-at-the-end", "citations", None, None, needle="empty line", family=CSV_BYTES)
def _(root: Path, outside: Path) -> Built:
    rows = len(e.read_rows(root, "citations"))
    path = e.csv_path(root, "citations")
    path.write_bytes(path.read_bytes() + b"\r\n")
    return Built(root, rows + 1)


# Python's csv module refuses a cell past 131,072 characters (unless frictionless, when imported, raised the limit).
@content("header-cell-past-the-csv-field-limit", "claim_entities", 1, None, needle="bytes (they", family=CSV_BYTES)
def _(root: Path, outside: Path) -> None:
    e.replace_bytes(e.csv_path(root, "claim_entities"), b"claim_id,", b"c" * 200_000 + b",")


# --- key-types: the two ends of a foreign key have the same types, checked before any join ---------


def _empty_column(root: Path, table: str, column: str, keep: dict[int, str] | None = None) -> None:
    """Empty every cell of ``column`` but those in ``keep`` (row → value)."""
    rows = e.read_rows(root, table)
    at = rows[0].index(column)
    for number, row in enumerate(rows[1:], start=2):
        row[at] = (keep or {}).get(number, "")
    e.write_rows(root, table, rows)


def key_case(name: str, needle: str, change: Callable[[Path], object]) -> None:
    content(name, DP, None, None, error=Descriptor, needle=needle, family=KEY_TYPES)(lambda root, outside: change(root))


def _foreign_key(schema: dict, fields: list[str], resource: str, reference: list[str]) -> None:
    schema["foreignKeys"].append({"fields": fields, "reference": {"resource": resource, "fields": reference}})


def _retyped_notes(kind: str, value: str, resource: str, field: str) -> Callable[[Path], None]:
    """claims.notes typed ``kind`` (one row holds ``value``), with a foreign key to ``resource.field``."""

    def change(root: Path) -> None:
        _empty_column(root, "claims", "notes", {3: value})

        def edit(schema: dict) -> None:
            _field(schema, "notes")["type"] = kind
            _foreign_key(schema, ["notes"], resource, [field])

        _edit_schema(root, "claims", edit)

    return change


key_case(
    "foreign-key-integer-to-string",
    "notes (integer) → entities.entity_id (string)",
    _retyped_notes("integer", "5", "entities", "entity_id"),
)
key_case(
    "foreign-key-boolean-to-string",
    "notes (boolean) → entities.entity_id (string)",
    _retyped_notes("boolean", "true", "entities", "entity_id"),
)
key_case(
    "foreign-key-string-to-integer",
    "notes (string) → documents.length (integer)",
    _retyped_notes("string", "5", "documents", "length"),
)
key_case(
    "foreign-key-date-to-string",
    "event_date (date) → entities.entity_id (string)",
    lambda root: _edit_schema(root, "claims", lambda s: _foreign_key(s, ["event_date"], "entities", ["entity_id"])),
)
key_case(
    "foreign-key-composite-of-mixed-types",
    "claim_id (string), entity_id (string) → claims.claim_id (string), start (integer)",
    lambda root: _edit_schema(
        root, "claim_entities", lambda s: _foreign_key(s, ["claim_id", "entity_id"], "claims", ["claim_id", "start"])
    ),
)
key_case(
    "foreign-key-retyped-target",
    "source_mention_id (string) → mentions.mention_id (integer)",
    lambda root: _edit_schema(root, "mentions", lambda s: _field(s, "mention_id").update(type="integer")),
)


@content("foreign-key-enum-to-plain-text", "claims", 2, "claim_type", family=KEY_TYPES)
def _(root: Path, outside: Path) -> None:
    # An enum field is a dictionary column; the join with a plain text one must still run (and find 'event').
    _edit_schema(root, "claims", lambda s: _foreign_key(s, ["claim_type"], "entities", ["entity_id"]))


# --- strings: every JSON string is Unicode text, and every pattern anchors the whole value --------


def surrogate_case(name: str, change: Callable[[dict], object], table: str = DP) -> None:
    """A descriptor (or, with ``table``, that table's schema) edit that plants a lone surrogate.

    The JSON is written with ASCII escapes (``\\ud800``), as no UTF-8 file can hold the surrogate
    itself. The descriptor has no hash of its own, so its cases need no re-measuring.
    """

    def descriptor(root: Path, outside: Path) -> None:
        data = e.descriptor(root)
        change(data)
        (root / DP).write_text(json.dumps(data, indent=2) + "\n", "ascii")

    def schema(root: Path, outside: Path) -> None:
        _edit_schema(root, table, change)  # json.dumps escapes it too

    if table == DP:
        case(name, STRINGS, Descriptor, DP, needle="lone surrogate")(descriptor)
    else:
        content(name, table, None, None, error=Descriptor, needle="lone surrogate", family=STRINGS)(schema)


surrogate_case("surrogate-in-title", lambda d: d.update(title="CSTO \ud800 annotations"))
surrogate_case("surrogate-in-description", lambda d: d.update(description="\udfff"))
surrogate_case("surrogate-in-keyword", lambda d: d["keywords"].append("Central Asia \udc80"))
surrogate_case("surrogate-in-contributor", lambda d: d["contributors"][0].update(title="Team \ud83d"))
surrogate_case("surrogate-in-source", lambda d: d["sources"][0].update(title="EDM \udbff 4(191)"))
surrogate_case("surrogate-in-created", lambda d: d.update(created="2026-12-01\ud800"))
surrogate_case("surrogate-in-a-key", lambda d: d.update({"\ud800": "x"}))
surrogate_case("surrogate-in-resource-title", lambda d: _resource(d, "claims").update(title="\ude00"))
surrogate_case(
    "surrogate-in-enum",
    lambda s: _field(s, "claim_type")["constraints"]["enum"].append("\ud800"),
    table="claims",
)
surrogate_case("surrogate-in-missing-values", lambda s: s.update(missingValues=["", "\udc00"]), table="mentions")
surrogate_case(
    "surrogate-in-pattern", lambda s: _field(s, "notes").setdefault("constraints", {}).update(pattern="\ud800+"),
    table="claims",
)  # fmt: skip
surrogate_case("surrogate-in-field-title", lambda s: _field(s, "name").update(title="\udfff"), table="entities")


def newline_case(name: str, needle: str, change: Callable[[dict], object], rehash: bool = True) -> None:
    """A name, version or hash that ends in a newline (Python's ``$`` matches before it)."""

    def build(root: Path, outside: Path) -> None:
        _edit_descriptor(root, change)

    if rehash:
        content(name, DP, None, None, error=Descriptor, needle=needle, family=STRINGS)(build)
    else:
        case(name, STRINGS, Descriptor, DP, needle=needle)(build)


newline_case("resource-name-trailing-newline", "name", lambda d: _resource(d, "claim_entities").update(name="extra\n"))
newline_case("package-name-trailing-newline", "name", lambda d: d.update(name="csto-annotations\n"))
newline_case("version-trailing-newline", "version", lambda d: d.update(version="2.0.0\n"))
newline_case(
    "hash-trailing-newline",
    "hash",
    lambda d: _resource(d, "claims").update(hash=_resource(d, "claims")["hash"] + "\n"),
    rehash=False,
)


# --- build: what it used to crash on, refused by load(), validate and build alike ----------------


@content("offset-in-arabic-indic-digits", "mentions", 2, "start", needle="'١٢'", family=BUILD)
def _(root: Path, outside: Path) -> None:
    e.set_cell(root, "mentions", 2, "start", "\u0661\u0662")  # int() takes it as 12; the engine and build do not
    e.set_cell(root, "mentions", 2, "end", "")


@content("cue-start-superscript-digit", "claims", None, "cue_start", needle="'²'", family=BUILD)
def _(root: Path, outside: Path) -> Built:
    row = e.find_row(root, "claims", attribution="reported")
    e.set_cell(root, "claims", row, "cue_start", "\u00b2")  # isdigit() is True, int() raises
    e.set_cell(root, "claims", row, "cue_end", "")
    return Built(root, row)


@content("quote-end-a-word-with-cue-to-place", "quotes", None, "end", needle="'late'", family=BUILD)
def _(root: Path, outside: Path) -> Built:
    rows = e.read_rows(root, "claims")
    attribution, cue = rows[0].index("attribution"), rows[0].index("cue")
    claim = next(number for number, row in enumerate(rows[1:], start=2) if row[attribution] == "quoted" and row[cue])
    quote = e.find_row(root, "quotes", quote_id=e.cell(root, "claims", claim, "quote_id"))
    e.set_cell(root, "claims", claim, "cue_start", "")
    e.set_cell(root, "claims", claim, "cue_end", "")
    e.set_cell(root, "quotes", quote, "end", "late")
    return Built(root, quote)


@content("text-latin-1", "documents", 2, "text_path", needle="UTF-8", family=BUILD)
def _(root: Path, outside: Path) -> None:
    text = root / e.TEXT_PATH
    text.write_bytes(text.read_bytes().replace("’".encode(), b"\x92"))  # Windows-1252's right quote


@content("no-claims-table", DP, None, None, error=Descriptor, needle="'claims'", family=BUILD)
def _(root: Path, outside: Path) -> None:
    _edit_descriptor(root, lambda d: d.update(resources=[r for r in d["resources"] if r["name"] != "claims"]))


#: Cases ``build`` must refuse (test_corpus.py runs them).
BUILD_NAMES = [
    "cr-stray-in-header",
    "empty-line-between-rows",
    "header-cell-past-the-csv-field-limit",
    "offset-in-arabic-indic-digits",
    "cue-start-superscript-digit",
    "quote-end-a-word-with-cue-to-place",
    "text-latin-1",
    "no-claims-table",
    "surrogate-in-title",
    "surrogate-in-enum",
    "resource-name-trailing-newline",
]
#: Cases also run through info, cite, export and view (which used to crash on a surrogate validate let through).
COMMAND_NAMES = [
    "surrogate-in-title",
    "surrogate-in-keyword",
    "surrogate-in-contributor",
    "surrogate-in-source",
    "foreign-key-integer-to-string",
    "cr-stray-in-header",
    "resource-name-trailing-newline",
]
