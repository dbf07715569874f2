"""The corruption corpus: named cases, each built from a fresh copy of the real package.

Three families (issue 7):

* ``tamper``: bytes changed after publication, hashes left as they were;
* ``content``: a careless edit with the hashes re-measured, so only the
  content checks can catch it;
* ``packaging``: hostile paths, archives and descriptors.

Each :class:`Case` says how to build it, which :class:`~csto_annotations.DatasetError`
subclass ``load()`` must raise, and where ``validate`` must point: the table
(``datapackage.json`` for the descriptor itself, None for an archive refused
before anything is read), and the row and column where there is one. Rows
count as frictionless counts them (header = 1). A builder returns the
source to validate and, when the row depends on the data, the row number.

Example
-------
>>> [c.name for c in CASES][:2]
['tamper-byte-in-claims', 'tamper-byte-in-text']
"""

from __future__ import annotations

import json
import os
import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import csto_annotations as errors
from csto_annotations._base._limits import MAX_JSON_BYTES

from . import edits as e
from .zips import FOLDER, damage_entry, package_zip, raw_zip


@dataclass(frozen=True)
class Built:
    """What a builder made: the source to check and, if data-dependent, the row."""

    source: Path
    row: int | None = None


@dataclass(frozen=True)
class Case:
    """One corruption: its builder and what must be reported."""

    name: str
    family: str
    build: Callable[[Path, Path], Built]
    error: type[errors.DatasetError]
    table: str | None
    row: int | None = None
    column: str | None = None
    needle: str | None = None  # further text the validate output must contain

    def __str__(self) -> str:
        return self.name


CASES: list[Case] = []


def case(
    name: str,
    family: str,
    error: type,
    table: str | None,
    row: int | None = None,
    column: str | None = None,
    needle: str | None = None,
) -> Callable:
    """Register the decorated builder ``f(root, outside) -> Built | None`` as a case."""

    def register(build: Callable) -> Callable:
        def wrapped(root: Path, outside: Path) -> Built:
            built = build(root, outside)
            return built if isinstance(built, Built) else Built(root)

        CASES.append(Case(name, family, wrapped, error, table, row, column, needle))
        return build

    return register


TAMPER, CONTENT, PACKAGING = "tamper", "content", "packaging"
Integrity, Invalid = errors.IntegrityError, errors.ValidationFailed
Unsafe, Descriptor, Archive = errors.UnsafePathError, errors.DescriptorError, errors.ArchiveError


# --- tampering without rehash --------------------------------------------------


@case("tamper-byte-in-claims", TAMPER, Integrity, "claims")
def _(root: Path, outside: Path) -> None:
    e.flip_byte(e.csv_path(root, "claims"))


@case("tamper-byte-in-text", TAMPER, Integrity, e.TEXT_RESOURCE)
def _(root: Path, outside: Path) -> None:
    e.flip_byte(root / e.TEXT_PATH)


@case("tamper-truncated-mentions", TAMPER, Integrity, "mentions")
def _(root: Path, outside: Path) -> None:
    path = e.csv_path(root, "mentions")
    path.write_bytes(path.read_bytes()[: path.stat().st_size // 2])


@case("tamper-emptied-quotes", TAMPER, Integrity, "quotes")
def _(root: Path, outside: Path) -> None:
    e.csv_path(root, "quotes").write_bytes(b"")


@case("tamper-row-appended-to-entities", TAMPER, Integrity, "entities")
def _(root: Path, outside: Path) -> None:
    with e.csv_path(root, "entities").open("ab") as handle:
        handle.write(b"intruder,Intruder,person,,,,\n")


@case("tamper-recorded-hash-changed", TAMPER, Integrity, "documents")
def _(root: Path, outside: Path) -> None:
    e.set_resource(root, "documents", hash="sha256:" + "0" * 64)


@case("tamper-recorded-bytes-changed", TAMPER, Integrity, "documents")
def _(root: Path, outside: Path) -> None:
    e.set_resource(root, "documents", bytes=e.csv_path(root, "documents").stat().st_size + 1)


@case("tamper-hash-removed", TAMPER, Integrity, "citations")
def _(root: Path, outside: Path) -> None:
    data = e.descriptor(root)
    del next(r for r in data["resources"] if r["name"] == "citations")["hash"]
    e.write_descriptor(root, data)


# --- bad content with a consistent hash ---------------------------------------


def content(
    name: str,
    table: str,
    row: int | None,
    column: str | None,
    error: type = Invalid,
    needle: str | None = None,
    family: str = CONTENT,
) -> Callable:
    """Register a content case: the builder edits files, then every hash is re-measured."""

    def register(build: Callable) -> Callable:
        def rehashed(root: Path, outside: Path) -> Built | None:
            built = build(root, outside)
            e.rehash(root)
            return built

        case(name, family, error, table, row, column, needle)(rehashed)
        return build

    return register


def _append_copy(root: Path, table: str, row: int, **changes: str) -> Built:
    """Append a copy of ``row`` with ``changes``; return the new row's number."""
    rows = e.read_rows(root, table)
    copy = list(rows[row - 1])
    for column, value in changes.items():
        copy[rows[0].index(column)] = value
    e.write_rows(root, table, [*rows, copy])
    return Built(root, len(rows) + 1)


@content("duplicate-claim-id", "claims", None, "claim_id")
def _(root: Path, outside: Path) -> Built:
    return _append_copy(root, "claims", 2)


@content("duplicate-entity-id", "entities", None, "entity_id")
def _(root: Path, outside: Path) -> Built:
    return _append_copy(root, "entities", 3, name="Another name")


@content("duplicate-composite-key", "claim_entities", None, "claim_id,entity_id")
def _(root: Path, outside: Path) -> Built:
    return _append_copy(root, "claim_entities", 2, role="other")


@content("dangling-source-entity", "claims", None, "source_entity_id")
def _(root: Path, outside: Path) -> Built:
    row = e.find_row(root, "claims", attribution="reported")
    e.set_cell(root, "claims", row, "source_entity_id", "nobody-known")
    return Built(root, row)


@content("dangling-claim-reference", "claim_entities", 2, "claim_id")
def _(root: Path, outside: Path) -> None:
    e.set_cell(root, "claim_entities", 2, "claim_id", "CL-9999")


@content("wrong-enum-claim-type", "claims", 2, "claim_type")
def _(root: Path, outside: Path) -> None:
    e.set_cell(root, "claims", 2, "claim_type", "rumour")


@content("wrong-enum-role", "claim_entities", 3, "role")
def _(root: Path, outside: Path) -> None:
    e.set_cell(root, "claim_entities", 3, "role", "Subject")


@content("invalid-date", "citations", 2, "cited_date")
def _(root: Path, outside: Path) -> None:
    e.set_cell(root, "citations", 2, "cited_date", "2007-02-30")


@content("date-in-wrong-format", "citations", 3, "cited_date")
def _(root: Path, outside: Path) -> None:
    e.set_cell(root, "citations", 3, "cited_date", "10/06/2007")


@content("required-statement-missing", "claims", 4, "statement")
def _(root: Path, outside: Path) -> None:
    e.set_cell(root, "claims", 4, "statement", "")


@content("required-integer-missing", "documents", 2, "length")
def _(root: Path, outside: Path) -> None:
    e.set_cell(root, "documents", 2, "length", "")


@content("not-an-integer", "mentions", 5, "start")
def _(root: Path, outside: Path) -> None:
    e.set_cell(root, "mentions", 5, "start", "four")


@content("below-minimum", "documents", 2, "volume")
def _(root: Path, outside: Path) -> None:
    e.set_cell(root, "documents", 2, "volume", "0")


@content("pattern-violation", "entities", 2, "wikidata_id")
def _(root: Path, outside: Path) -> None:
    e.set_cell(root, "entities", 2, "wikidata_id", "X318693")


@content("span-text-mismatch", "mentions", 2, "exact")
def _(root: Path, outside: Path) -> None:
    exact = e.cell(root, "mentions", 2, "exact")
    e.set_cell(root, "mentions", 2, "exact", exact[::-1] if exact[::-1] != exact else exact + "x")


@content("span-out-of-range", "claims", 3, "end")
def _(root: Path, outside: Path) -> None:
    e.set_cell(root, "claims", 3, "end", str(len(e.text(root)) + 100))


@content("span-start-after-end", "mentions", 4, "end")
def _(root: Path, outside: Path) -> None:
    e.set_cell(root, "mentions", 4, "start", str(int(e.cell(root, "mentions", 4, "end")) + 5))


@content("header-extra-column", "entities", 1, "extra")
def _(root: Path, outside: Path) -> None:
    rows = e.read_rows(root, "entities")
    e.write_rows(root, "entities", [rows[0] + ["extra"]] + [[*r, "x"] for r in rows[1:]])


@content("header-missing-column", "citations", 1, "notes")
def _(root: Path, outside: Path) -> None:
    rows = e.read_rows(root, "citations")
    drop = rows[0].index("notes")
    e.write_rows(root, "citations", [r[:drop] + r[drop + 1 :] for r in rows])


@content("header-reordered", "mentions", 1, "start")
def _(root: Path, outside: Path) -> None:
    rows = e.read_rows(root, "mentions")
    a, b = rows[0].index("start"), rows[0].index("end")
    for r in rows:
        r[a], r[b] = r[b], r[a]
    e.write_rows(root, "mentions", rows)


@content("header-duplicate", "entities", 1, "description")
def _(root: Path, outside: Path) -> None:
    rows = e.read_rows(root, "entities")
    rows[0][rows[0].index("description")] = "name"
    e.write_rows(root, "entities", rows)


@content("utf8-bom", "entities", 1, "entity_id", needle="BOM")
def _(root: Path, outside: Path) -> None:
    path = e.csv_path(root, "entities")
    path.write_bytes(b"\xef\xbb\xbf" + path.read_bytes())


@content("not-utf8", "claims", 3, "statement", needle="UTF-8")
def _(root: Path, outside: Path) -> None:
    e.set_cell(root, "claims", 3, "statement", "Caf\u00e9 talk.")
    e.replace_bytes(e.csv_path(root, "claims"), "Caf\u00e9 talk.".encode(), b"Caf\xe9 talk.")  # Latin-1


def _open_quote_after(root: Path, row: int) -> None:
    """Empty the last cell of ``row``, whichever column that is, and open a quote there that nothing closes."""
    rows = e.read_rows(root, "claims")
    rows[row - 1][-1] = ""
    target = e.csv_bytes([rows[row - 1]])
    e.csv_path(root, "claims").write_bytes(
        e.csv_bytes(rows[: row - 1]) + target[:-1] + b'"left open\n' + e.csv_bytes(rows[row:])
    )


@content("unterminated-quoted-field", "claims", None, None, needle="closing quote")
def _(root: Path, outside: Path) -> Built:
    last = len(e.read_rows(root, "claims"))
    _open_quote_after(root, last)
    return Built(root, last)


@content("stray-quote-joins-rows", "claims", 11, None, needle="quote")
def _(root: Path, outside: Path) -> None:
    _open_quote_after(root, 11)  # the quote runs on into the next rows until one of their quotes


@content("empty-file", "claim_entities", None, None, needle="empty")
def _(root: Path, outside: Path) -> None:
    e.csv_path(root, "claim_entities").write_bytes(b"")


@content("document-hash-cell-wrong", "documents", 2, "text_sha256")
def _(root: Path, outside: Path) -> None:
    e.set_cell(root, "documents", 2, "text_sha256", "0" * 64)


@content("document-text-edited", "documents", 2, "text_sha256")
def _(root: Path, outside: Path) -> None:
    text = e.text(root)
    covered = set()
    for table in ("mentions", "citations", "quotes", "claims"):
        rows = e.read_rows(root, table)
        s, t = rows[0].index("start"), rows[0].index("end")
        for r in rows[1:]:
            covered.update(range(int(r[s]), int(r[t])))
    spot = next(i for i, ch in enumerate(text) if ch.isalpha() and ch.isascii() and i not in covered)
    edited = text[:spot] + ("x" if text[spot] != "x" else "y") + text[spot + 1 :]
    (root / e.TEXT_PATH).write_bytes(edited.encode("utf-8"))


@content("document-length-wrong", "documents", 2, "length")
def _(root: Path, outside: Path) -> None:
    e.set_cell(root, "documents", 2, "length", str(len(e.text(root)) - 1))


@content("quoted-claim-outside-quote", "claims", None, "end")
def _(root: Path, outside: Path) -> Built:
    row = e.find_row(root, "claims", attribution="quoted")
    quote = e.find_row(root, "quotes", quote_id=e.cell(root, "claims", row, "quote_id"))
    after = re.compile(r"\w+").search(e.text(root), int(e.cell(root, "quotes", quote, "end")) + 1)
    e.set_cell(root, "claims", row, "start", str(after.start()))
    e.set_cell(root, "claims", row, "end", str(after.end()))
    e.set_cell(root, "claims", row, "exact", after.group())
    return Built(root, row)


@content("quoted-claim-other-speaker", "claims", None, "source_entity_id")
def _(root: Path, outside: Path) -> Built:
    row = e.find_row(root, "claims", attribution="quoted")
    speaker = e.cell(root, "claims", row, "source_entity_id")
    header, *entities = e.read_rows(root, "entities")
    at = {name: header.index(name) for name in ("entity_id", "type")}
    other = next(r[at["entity_id"]] for r in entities if r[at["type"]] == "person" and r[at["entity_id"]] != speaker)
    e.set_cell(root, "claims", row, "source_entity_id", other)
    return Built(root, row)


@content("author-claim-with-source", "claims", None, "source_entity_id")
def _(root: Path, outside: Path) -> Built:
    row = e.find_row(root, "claims", attribution="author")
    e.set_cell(root, "claims", row, "source_entity_id", "csto")
    return Built(root, row)


@content("citation-outlet-not-media", "citations", 2, "outlet_entity_id")
def _(root: Path, outside: Path) -> None:
    e.set_cell(root, "citations", 2, "outlet_entity_id", "csto")


@content("duplicate-mention-id", "mentions", 3, "mention_id")
def _(root: Path, outside: Path) -> None:
    e.set_cell(root, "mentions", 3, "mention_id", e.cell(root, "mentions", 2, "mention_id"))


@content("duplicate-quote-id", "quotes", 3, "quote_id")
def _(root: Path, outside: Path) -> None:
    e.set_cell(root, "quotes", 3, "quote_id", e.cell(root, "quotes", 2, "quote_id"))


@content("duplicate-mention-span", "mentions", None, "start")
def _(root: Path, outside: Path) -> Built:
    return _append_copy(root, "mentions", 2, mention_id="MN-9999")


# --- hostile packaging ---------------------------------------------------------


def _outside_copy(root: Path, outside: Path, relative: str) -> Path:
    """Copy a package file to the directory beside the package; return the copy."""
    target = outside / Path(relative).name
    target.write_bytes((root / relative).read_bytes())
    return target


def _symlink_out(root: Path, outside: Path, relative: str) -> None:
    """Replace a package file with a link to an identical copy outside the package."""
    target = _outside_copy(root, outside, relative)
    (root / relative).unlink()
    os.symlink(target, root / relative)


@case("resource-path-absolute", PACKAGING, Unsafe, "claims", needle="absolute")
def _(root: Path, outside: Path) -> None:
    e.set_resource(root, "claims", path=str(_outside_copy(root, outside, "data/claims.csv")))


@case("resource-path-dotdot", PACKAGING, Unsafe, "claims", needle="..")
def _(root: Path, outside: Path) -> None:
    _outside_copy(root, outside, "data/claims.csv")
    e.set_resource(root, "claims", path=f"../{outside.name}/claims.csv")


@case("resource-path-url", PACKAGING, Unsafe, "claims", needle="URL")
def _(root: Path, outside: Path) -> None:
    e.set_resource(root, "claims", path="http://127.0.0.1:9/claims.csv")


@case("resource-path-backslash", PACKAGING, Unsafe, "entities", needle="backslash")
def _(root: Path, outside: Path) -> None:
    e.set_resource(root, "entities", path="data\\entities.csv")


@case("resource-symlinked-out", PACKAGING, Unsafe, "claims", needle="outside")
def _(root: Path, outside: Path) -> None:
    _symlink_out(root, outside, "data/claims.csv")


@case("text-symlinked-out", PACKAGING, Unsafe, e.TEXT_RESOURCE, needle="outside")
def _(root: Path, outside: Path) -> None:
    _symlink_out(root, outside, e.TEXT_PATH)


@case("resource-path-is-directory", PACKAGING, errors.MissingFileError, "mentions", needle="not found")
def _(root: Path, outside: Path) -> None:
    e.set_resource(root, "mentions", path="data/texts")


@case("resource-file-missing", PACKAGING, errors.MissingFileError, "quotes", needle="not found")
def _(root: Path, outside: Path) -> None:
    e.csv_path(root, "quotes").unlink()


@case("schema-path-absolute", PACKAGING, Unsafe, "claims", needle="absolute")
def _(root: Path, outside: Path) -> None:
    e.set_resource(root, "claims", schema=str(_outside_copy(root, outside, "schemas/claims.schema.json")))


@case("schema-path-dotdot", PACKAGING, Unsafe, "quotes", needle="..")
def _(root: Path, outside: Path) -> None:
    _outside_copy(root, outside, "schemas/quotes.schema.json")
    e.set_resource(root, "quotes", schema=f"../{outside.name}/quotes.schema.json")


@case("schema-symlinked-out", PACKAGING, Unsafe, "mentions", needle="outside")
def _(root: Path, outside: Path) -> None:
    _symlink_out(root, outside, "schemas/mentions.schema.json")


@case("schema-not-json", PACKAGING, Descriptor, "entities", needle="not valid JSON")
def _(root: Path, outside: Path) -> None:
    path = root / "schemas" / "entities.schema.json"
    path.write_bytes(path.read_bytes()[:-20])
    e.rehash(root)  # an edit made on purpose: only the parse can catch it


@case("unknown-field-type", PACKAGING, Descriptor, "claims", column="event_date", needle="moment")
def _(root: Path, outside: Path) -> None:
    path = root / "schemas" / "claims.schema.json"
    schema = json.loads(path.read_text("utf-8"))
    next(f for f in schema["fields"] if f["name"] == "event_date")["type"] = "moment"
    path.write_text(json.dumps(schema, indent=2), "utf-8")
    e.rehash(root)


@case("descriptor-not-json", PACKAGING, Descriptor, "datapackage.json", needle="not valid JSON")
def _(root: Path, outside: Path) -> None:
    path = root / "datapackage.json"
    path.write_bytes(re.sub(rb'("version": "[^"]+"),', rb"\1", path.read_bytes(), count=1))


@case("descriptor-not-an-object", PACKAGING, Descriptor, "datapackage.json", needle="object")
def _(root: Path, outside: Path) -> None:
    e.write_descriptor(root, [e.descriptor(root)])


@case("descriptor-deeply-nested", PACKAGING, errors.LimitError, "datapackage.json", needle="nested")
def _(root: Path, outside: Path) -> None:
    (root / "datapackage.json").write_bytes(b"[" * 200_000 + b"]" * 200_000)


@case("descriptor-too-large", PACKAGING, errors.LimitError, "datapackage.json", needle="bytes, more than")
def _(root: Path, outside: Path) -> None:
    data = e.descriptor(root)
    data["description"] = "x" * (MAX_JSON_BYTES + 1)
    e.write_descriptor(root, data)


@case("descriptor-without-resources", PACKAGING, Descriptor, "datapackage.json", needle="resources")
def _(root: Path, outside: Path) -> None:
    data = e.descriptor(root)
    del data["resources"]
    e.write_descriptor(root, data)


@case("descriptor-empty-resources", PACKAGING, Descriptor, "datapackage.json", needle="resources")
def _(root: Path, outside: Path) -> None:
    data = e.descriptor(root)
    data["resources"] = []
    e.write_descriptor(root, data)


@case("descriptor-duplicate-resource", PACKAGING, Descriptor, "datapackage.json", needle="duplicate")
def _(root: Path, outside: Path) -> None:
    data = e.descriptor(root)
    data["resources"][2]["name"] = data["resources"][1]["name"]
    e.write_descriptor(root, data)


@case("version-not-semver", PACKAGING, Descriptor, "datapackage.json", needle="version")
def _(root: Path, outside: Path) -> None:
    data = e.descriptor(root)
    data["version"] = "1.0"
    e.write_descriptor(root, data)


@content("huge-single-field", "claims", 2, "notes", needle="characters", family=PACKAGING)
def _(root: Path, outside: Path) -> None:
    e.set_cell(root, "claims", 2, "notes", "A" * (512 << 10))  # four times the limit


@content("text-path-escapes", "documents", 2, "text_path", family=PACKAGING)
def _(root: Path, outside: Path) -> None:
    _outside_copy(root, outside, e.TEXT_PATH)
    e.set_cell(root, "documents", 2, "text_path", f"../{outside.name}/edm-4-191.txt")


def zip_case(name: str, needle: str) -> Callable:
    """Register an archive case: load() must raise ArchiveError before extracting."""

    def register(build: Callable[[Path, Path], Path]) -> Callable:
        case(name, PACKAGING, Archive, None, needle=needle)(lambda root, outside: Built(build(root, outside)))
        return build

    return register


@zip_case("zip-slip-dotdot", "zip slip")
def _(root: Path, outside: Path) -> Path:
    return package_zip(root, outside / "slip.zip", {f"{FOLDER}/../../evil.txt": b"owned"})


@zip_case("zip-slip-absolute", "zip slip")
def _(root: Path, outside: Path) -> Path:
    return package_zip(root, outside / "absolute.zip", {"/tmp/csto-evil.txt": b"owned"})


@zip_case("zip-symlink-entry", "symbolic link")
def _(root: Path, outside: Path) -> Path:
    return package_zip(root, outside / "link.zip", links={f"{FOLDER}/data/notes.txt": "/etc/passwd"})


@zip_case("zip-bomb-ratio", "expands")
def _(root: Path, outside: Path) -> Path:
    return package_zip(root, outside / "ratio.zip", {f"{FOLDER}/data/padding.bin": bytes(4 << 20)})


@zip_case("zip-bomb-total-size", "more than the limit")
def _(root: Path, outside: Path) -> Path:
    # 1100 honest entries of 1 MiB of zeros: each is at the ratio floor, the total is 1.07 GiB.
    return raw_zip(outside / "total.zip", [(f"{FOLDER}/data/padding.bin", bytes(1 << 20))], repeat=1100)


@zip_case("zip-too-many-entries", "entries")
def _(root: Path, outside: Path) -> Path:
    return raw_zip(outside / "many.zip", [(f"{FOLDER}/data/n.txt", b"x")], repeat=10_001)


@zip_case("zip-damaged-entry", "not a readable zip")
def _(root: Path, outside: Path) -> Path:
    archive = package_zip(root, outside / "damaged.zip")
    return damage_entry(archive, f"{FOLDER}/data/mentions.csv")


@zip_case("zip-damaged-deflate-stream", "not a readable zip")
def _(root: Path, outside: Path) -> Path:
    archive = package_zip(root, outside / "deflate.zip")
    return damage_entry(archive, f"{FOLDER}/data/claims.csv", at=0)


@zip_case("zip-not-a-zip", "not a readable zip")
def _(root: Path, outside: Path) -> Path:
    fake = outside / "fake.zip"
    fake.write_bytes(b"PK\x03\x04" + bytes(100))
    return fake


# --- round 2 (issue 11): what a descriptor or schema may say, and what it may not ---------------

PROFILE, SCHEMA_EDIT, TYPES, VALUES, CELLS, ARCHIVE, LIMITS = (
    "profile",
    "schema-edit",
    "types",
    "schema-values",
    "cells",
    "archive",
    "limits",
)
DP = "datapackage.json"


def _edit_descriptor(root: Path, change: Callable[[dict], object]) -> None:
    data = e.descriptor(root)
    change(data)
    e.write_descriptor(root, data)


def _resource(data: dict, name: str) -> dict:
    return next(r for r in data["resources"] if r["name"] == name)


def _schema_path(root: Path, table: str) -> Path:
    return root / "schemas" / f"{table}.schema.json"


def _edit_schema(root: Path, table: str, change: Callable[[dict], object]) -> None:
    """Change a Table Schema in place; the content() wrapper re-measures its hash."""
    schema = json.loads(_schema_path(root, table).read_text("utf-8"))
    change(schema)
    _schema_path(root, table).write_text(json.dumps(schema, indent=2), "utf-8")


def _field(schema: dict, name: str) -> dict:
    return next(f for f in schema["fields"] if f["name"] == name)


def profile_case(
    name: str,
    needle: str,
    change: Callable[[dict], object],
    error: type = Descriptor,
    table: str = DP,
    rehash: bool = True,
) -> None:
    """A descriptor key the closed profile refuses by name; the hashes are re-measured first
    (``rehash=False`` for edits of the hash fields themselves, which a re-measure would undo)."""

    def build(root: Path, outside: Path) -> None:
        _edit_descriptor(root, change)

    if rehash:
        content(name, table, None, None, error=error, needle=needle, family=PROFILE)(build)
    else:
        case(name, PROFILE, error, table, needle=needle)(build)


def _secret(outside: Path) -> Path:
    """A file outside the package whose content must never be printed or read."""
    secret = outside / "secret.csv"
    secret.write_text("claim_id\nSECRET-TOKEN-1234\n", "utf-8")
    return secret


profile_case(
    "extrapaths-url",
    "extrapaths",
    lambda d: _resource(d, "claims").update(extrapaths=["http://127.0.0.1:9/secret.csv"]),
)


@content("extrapaths-symlink", DP, None, None, error=Descriptor, needle="extrapaths", family=PROFILE)
def _(root: Path, outside: Path) -> None:
    os.symlink(_secret(outside), root / "data" / "more-claims.csv")
    _edit_descriptor(root, lambda d: _resource(d, "claims").update(extrapaths=["data/more-claims.csv"]))


profile_case("dialect-url", "dialect", lambda d: _resource(d, "claims").update(dialect="http://127.0.0.1:9/d.json"))
profile_case("dialect-object", "dialect", lambda d: _resource(d, "mentions").update(dialect={"delimiter": ";"}))
profile_case("profile-url", "profile", lambda d: d.update(profile="http://127.0.0.1:9/profile.json"))
profile_case("profile-object", "profile", lambda d: _resource(d, "entities").update(profile={"type": "object"}))
profile_case("unknown-key-top", "x-note", lambda d: d.update({"x-note": "hello"}))
profile_case("unknown-key-resource", "compression", lambda d: _resource(d, "quotes").update(compression="gz"))
profile_case("unknown-key-licence", "url", lambda d: d["licenses"][0].update(url="http://127.0.0.1:9/"))
profile_case("unknown-key-contributor", "affiliation", lambda d: d["contributors"][0].update(affiliation="x"))
profile_case("unknown-key-source", "homepage", lambda d: d["sources"][0].update(homepage="x"))
profile_case("path-list", "path", lambda d: _resource(d, "claims").update(path=["data/claims.csv", "data/quotes.csv"]))
profile_case("encoding-latin-1", "latin-1", lambda d: _resource(d, "claims").update(encoding="latin-1"))
profile_case("schema-key-another-url", "$schema", lambda d: d.update({"$schema": "http://127.0.0.1:9/dp.json"}))
profile_case("hash-not-a-string", "hash", lambda d: _resource(d, "claims").update(hash=5), rehash=False)
profile_case("bytes-not-an-integer", "bytes", lambda d: _resource(d, "claims").update(bytes="1234"), rehash=False)
profile_case(
    "schema-hash-not-a-string",
    "schemaHash",
    lambda d: _resource(d, "claims").update(schemaHash=["sha256:" + "0" * 64]),
    rehash=False,
)
profile_case("resource-not-an-object", "is not of type 'object'", lambda d: d["resources"].append("data/claims.csv"))
profile_case("resource-type-unknown", "type", lambda d: _resource(d, "entities").update(type="image"))
profile_case("resource-format-xlsx", "xlsx", lambda d: _resource(d, "claims").update(format="xlsx"))
profile_case("name-300-characters", "name", lambda d: _resource(d, "claims").update(name="c" * 300))
profile_case("package-name-300-characters", "name", lambda d: d.update(name="n" * 300))
profile_case("keywords-not-a-list", "keywords", lambda d: d.update(keywords="CSTO"))
profile_case(
    "schema-path-url",
    "schema",
    lambda d: _resource(d, "claims").update(schema="http://127.0.0.1:9/s.json"),
    error=Unsafe,
    table="claims",
)


@case("descriptor-huge-integer", PACKAGING, Descriptor, DP, needle="digits")
def _(root: Path, outside: Path) -> None:
    path = root / DP
    path.write_bytes(path.read_bytes().replace(b'"bytes": ', b'"bytes": ' + b"9" * 5_000, 1))


@case("descriptor-depth-one-past-the-limit", PACKAGING, errors.LimitError, DP, needle="nested")
def _(root: Path, outside: Path) -> None:
    from csto_annotations._base._limits import MAX_JSON_DEPTH

    _edit_descriptor(root, lambda d: d.update(keywords=json.loads("[" * MAX_JSON_DEPTH + "]" * MAX_JSON_DEPTH)))


# --- schema edits that would switch a rule off: refused, not skipped ---------------------------


def schema_edit(
    name: str,
    table: str,
    needle: str,
    change: Callable[[dict], object],
    *,
    error: type = Descriptor,
    where: str = DP,
    row: int | None = None,
    column: str | None = None,
    also: Callable[[Path], object] | None = None,
    family: str = SCHEMA_EDIT,
) -> None:
    """A schema edit with every hash re-measured; ``also`` edits the data too."""

    def build(root: Path, outside: Path) -> None:
        _edit_schema(root, table, change)
        if also is not None:
            also(root)

    content(name, where, row, column, error=error, needle=needle, family=family)(build)


def _nato(root: Path) -> None:
    row = e.find_row(root, "mentions", exact="CSTO")
    e.set_cell(root, "mentions", row, "exact", "NATO")


schema_edit(
    "start-typed-number",
    "mentions",
    "mentions.schema.json",
    lambda s: _field(s, "start").update(type="number"),
    also=_nato,
)
schema_edit("end-typed-number", "claims", "claims.schema.json", lambda s: _field(s, "end").update(type="number"))
schema_edit(
    "span-column-removed",
    "quotes",
    "'exact'",
    lambda s: s.update(fields=[f for f in s["fields"] if f["name"] != "exact"]),
)


def _drop_column(table: str, column: str) -> Callable[[Path], None]:
    def drop(root: Path) -> None:
        rows = e.read_rows(root, table)
        at = rows[0].index(column)
        e.write_rows(root, table, [r[:at] + r[at + 1 :] for r in rows])

    return drop


schema_edit(
    "quote-cue-column-removed",
    "quotes",
    "'cue'",
    lambda s: s.update(fields=[f for f in s["fields"] if f["name"] != "cue"]),
    also=_drop_column("quotes", "cue"),
)
schema_edit(
    "span-start-not-required", "citations", "'start'", lambda s: _field(s, "start")["constraints"].pop("required")
)
schema_edit(
    "foreign-key-removed",
    "claims",
    "source_entity_id",
    lambda s: s.update(foreignKeys=[k for k in s["foreignKeys"] if k["fields"] != ["source_entity_id"]]),
    also=lambda root: e.set_cell(
        root, "claims", e.find_row(root, "claims", attribution="reported"), "source_entity_id", "nobody-known"
    ),
)
schema_edit(
    "foreign-key-misspelled-resource",
    "mentions",
    "entitties",
    lambda s: next(k for k in s["foreignKeys"] if k["fields"] == ["entity_id"])["reference"].update(
        resource="entitties"
    ),
)
schema_edit(
    "foreign-key-unknown-field",
    "claims",
    "not_a_field",
    lambda s: s["foreignKeys"].append(
        {"fields": ["not_a_field"], "reference": {"resource": "entities", "fields": ["entity_id"]}}
    ),
)
schema_edit("primary-key-changed", "claims", "primaryKey", lambda s: s.update(primaryKey=["statement"]))
schema_edit(
    "attribution-enum-without-quoted",
    "claims",
    "quoted",
    lambda s: _field(s, "attribution")["constraints"].update(enum=["author", "reported"]),
)
schema_edit(
    "constraint-on-wrong-type",
    "mentions",
    "pattern",
    lambda s: _field(s, "start")["constraints"].update(pattern="^[0-9]+$"),
)


def _minus_three(root: Path) -> None:
    row = e.find_row(root, "mentions", exact="CSTO")
    e.set_cell(root, "mentions", row, "start", "-3")
    e.set_cell(root, "mentions", row, "exact", "bogus")


@content("minimum-removed-start-negative", "mentions", None, "end", needle="start -3", family=SCHEMA_EDIT)
def _(root: Path, outside: Path) -> Built:
    _edit_schema(root, "mentions", lambda s: _field(s, "start")["constraints"].pop("minimum"))
    _minus_three(root)
    return Built(root, e.find_row(root, "mentions", exact="bogus"))


@content("missing-values-swapped-to-an-entity-id", "mentions", None, "entity_id", family=SCHEMA_EDIT)
def _(root: Path, outside: Path) -> Built:
    _edit_schema(root, "mentions", lambda s: s.update(missingValues=["csto"]))
    return Built(root, e.find_row(root, "mentions", entity_id="csto"))


# --- types the engine does not check are refused by the profile ---------------------------------

for _type in ("list", "duration", "time", "yearmonth", "geopoint", "object", "array", "geojson"):
    schema_edit(
        f"type-{_type}",
        "claims",
        f"'{_type}'",
        lambda s, t=_type: _field(s, "notes").update(type=t),
        where="claims",
        column="notes",
        family=TYPES,
        also=lambda root: e.set_cell(root, "claims", 2, "notes", "definitely not an ISO duration"),
    )
for _name, _format in (("date-format-custom", "%Q"), ("date-format-percent", "%"), ("date-format-any", "any")):
    schema_edit(
        _name,
        "claims",
        "format",
        lambda s, f=_format: _field(s, "event_date").update(format=f),
        where="claims",
        column="event_date",
        family=TYPES,
    )


# --- schema values of the wrong JSON type, and patterns RE2 refuses -----------------------------


def value_case(
    name: str,
    table: str,
    needle: str,
    change: Callable[[dict], object],
    *,
    column: str | None = None,
    where: str | None = None,
) -> None:
    content(name, where or table, None, column, error=Descriptor, needle=needle, family=VALUES)(
        lambda root, outside: _edit_schema(root, table, change)
    )


def _constraint(field: str, **values: object) -> Callable[[dict], object]:
    return lambda s: _field(s, field).setdefault("constraints", {}).update(values)


value_case("pattern-not-a-string", "entities", "5", _constraint("wikidata_id", pattern=5), column="wikidata_id")
value_case("min-length-a-string", "claims", "'1'", _constraint("statement", minLength="1"), column="statement")
value_case("max-length-null", "claims", "None", _constraint("statement", maxLength=None), column="statement")
value_case("minimum-a-string", "mentions", "'0'", _constraint("start", minimum="0"), column="start")
value_case("maximum-a-float", "documents", "1.5", _constraint("volume", maximum=1.5), column="volume")
value_case("required-a-string", "claims", "'yes'", _constraint("statement", required="yes"), column="statement")
value_case("fields-not-a-list", "entities", "5", lambda s: s.update(fields=5))
value_case("field-not-an-object", "entities", "'entity_id'", lambda s: s["fields"].append("entity_id"))
value_case("field-name-missing", "entities", "name", lambda s: s["fields"][-1].pop("name"))
value_case("reference-a-string", "mentions", "'documents'", lambda s: s["foreignKeys"][0].update(reference="documents"))
value_case("primary-key-a-string", "claims", "'claim_id'", lambda s: s.update(primaryKey="claim_id"))
value_case("missing-values-a-string", "claims", "missingValues", lambda s: s.update(missingValues=""))
value_case(
    "enum-unhashable-members",
    "claims",
    "enum",
    _constraint("claim_type", enum=[["event"], {"a": 1}]),
    column="claim_type",
)
value_case(
    "enum-duplicate-members", "claims", "enum", _constraint("claim_type", enum=["event", "event"]), column="claim_type"
)
value_case(
    "categories-without-value",
    "claims",
    "value",
    lambda s: _field(s, "polarity").update(categories=[{"label": "positive"}]),
    column="polarity",
)
value_case("schema-unknown-key", "quotes", "x-extra", lambda s: s.update({"x-extra": True}))
value_case("field-unknown-key", "quotes", "rdfType", lambda s: _field(s, "exact").update(rdfType="x"), column="exact")
value_case(
    "constraint-unknown-key", "mentions", "exclusiveMinimum", _constraint("start", exclusiveMinimum=0), column="start"
)
value_case(
    "reference-unknown-key",
    "mentions",
    "x-via",
    lambda s: s["foreignKeys"][0]["reference"].update({"x-via": "http://127.0.0.1:9/"}),
)
value_case("pattern-invalid-regex", "claims", "RE2", _constraint("notes", pattern="[unclosed"), where=DP)
value_case("pattern-backreference", "claims", "backreferences", _constraint("notes", pattern="(a)\\1"), where=DP)
value_case("pattern-look-ahead", "entities", "RE2", _constraint("name", pattern="(?=x)x"), where=DP)


@content("schema-huge-integer", "mentions", None, None, error=Descriptor, needle="digits", family=VALUES)
def _(root: Path, outside: Path) -> None:
    path = _schema_path(root, "mentions")
    path.write_text(path.read_text("utf-8").replace('"minimum": 0', '"minimum": ' + "7" * 5_000, 1), "utf-8")


# --- cells the engine refuses -------------------------------------------------------------------


def cell_case(name: str, table: str, column: str, value: str, needle: str | None = None, row: int = 3) -> None:
    content(name, table, row, column, needle=needle, family=CELLS)(
        lambda root, outside: e.set_cell(root, table, row, column, value)
    )


cell_case("offset-25-digits", "claims", "start", "1" * 25, "canonical")
cell_case("offset-5000-digits", "mentions", "end", "9" * 5_000, "canonical")
cell_case("nul-in-cell", "claims", "notes", "before\x00after", "control")
cell_case("bell-in-cell", "entities", "description", "ring\x07ring", "control")
cell_case("vertical-tab-in-cell", "entities", "name", "Name\x0bName", "control")
cell_case("escape-sequence-in-id", "claims", "claim_id", "CL-0002\x1b[2J", "\\x1b[2J")
cell_case("escape-sequence-in-statement", "claims", "statement", "Clear \x1b[2J\x1b]0;owned\x07 screen", "\\x1b")
cell_case("integer-with-decimal-point", "mentions", "start", "12.0", "canonical")
cell_case("integer-with-plus-sign", "mentions", "start", "+3", "canonical")
cell_case("integer-with-exponent", "mentions", "end", "1e2", "canonical")
cell_case("integer-with-leading-space", "mentions", "start", " 3", "canonical")
cell_case("integer-with-trailing-space", "documents", "length", "3 ", "canonical", row=2)
cell_case("optional-integer-float", "documents", "volume", "4.0", "canonical", row=2)
cell_case("boolean-like-integer", "quotes", "start", "true", "canonical")
cell_case("date-with-time", "citations", "cited_date", "2007-10-06T00:00:00", "YYYY-MM-DD", row=2)
cell_case("pattern-with-trailing-newline", "entities", "wikidata_id", "Q318693\n", "matching", row=2)


# --- archives -----------------------------------------------------------------------------------


def archive_case(name: str, needle: str) -> Callable:
    def register(build: Callable[[Path, Path], Path]) -> Callable:
        case(name, ARCHIVE, Archive, None, needle=needle)(lambda root, outside: Built(build(root, outside)))
        return build

    return register


def _package_entries(root: Path) -> list[tuple[str, bytes]]:
    return [
        (f"{FOLDER}/{p.relative_to(root).as_posix()}", p.read_bytes()) for p in sorted(root.rglob("*")) if p.is_file()
    ]


@archive_case("zip-file-then-folder", "twice")
def _(root: Path, outside: Path) -> Path:
    return raw_zip(outside / "twice.zip", [*_package_entries(root), (f"{FOLDER}/x", b"a"), (f"{FOLDER}/x/", b"")])


@archive_case("zip-entry-inside-a-file", "which is a file")
def _(root: Path, outside: Path) -> Path:
    return raw_zip(outside / "inside.zip", [*_package_entries(root), (f"{FOLDER}/x", b"a"), (f"{FOLDER}/x/y", b"b")])


@archive_case("zip-entry-dot", "zip slip")
def _(root: Path, outside: Path) -> Path:
    return raw_zip(outside / "dot.zip", [*_package_entries(root), (".", b"a")])


@archive_case("zip-name-300-characters", "longer than")
def _(root: Path, outside: Path) -> Path:
    return raw_zip(outside / "long.zip", [*_package_entries(root), (f"{FOLDER}/{'n' * 300}.txt", b"a")])


@archive_case("zip-encrypted-flag", "encrypted")
def _(root: Path, outside: Path) -> Path:
    archive = raw_zip(outside / "encrypted.zip", _package_entries(root))
    content = bytearray(archive.read_bytes())
    for signature, flags in ((b"PK\x03\x04", 6), (b"PK\x01\x02", 8)):
        at = content.find(signature)
        content[at + flags] |= 0x1
    archive.write_bytes(bytes(content))
    return archive


@archive_case("zip-backslash-name", "zip slip")
def _(root: Path, outside: Path) -> Path:
    return raw_zip(outside / "backslash.zip", [*_package_entries(root), (f"{FOLDER}\\..\\evil.txt", b"a")])


@archive_case("zip-entries-one-past-the-limit", "entries")
def _(root: Path, outside: Path) -> Path:
    from csto_annotations._base._limits import MAX_ZIP_ENTRIES

    entries = _package_entries(root)
    return _padded_zip(outside / "entries.zip", entries, MAX_ZIP_ENTRIES + 1 - len(entries))


def _padded_zip(path: Path, entries: list[tuple[str, bytes]], padding: int) -> Path:
    """The package plus ``padding`` one-byte entries."""
    return raw_zip(path, entries + [(f"{FOLDER}/pad/{i}", b"x") for i in range(padding)])


# --- bounded work ---------------------------------------------------------------------------------


@content("fields-40000", "entities", None, None, error=Descriptor, needle="fields", family=LIMITS)
def _(root: Path, outside: Path) -> None:
    extra = [{"name": f"f{i}", "type": "string"} for i in range(40_000)]
    _edit_schema(root, "entities", lambda s: s["fields"].extend(extra))


@content("pattern-catastrophic-backtracking", "entities", 2, "description", needle="matching", family=LIMITS)
def _(root: Path, outside: Path) -> None:
    _edit_schema(root, "entities", _constraint("description", pattern="(a+)+"))
    e.set_cell(root, "entities", 2, "description", "a" * 5_000 + "b")


@content("pattern-too-long", "entities", None, None, error=Descriptor, needle="pattern", family=LIMITS)
def _(root: Path, outside: Path) -> None:
    from csto_annotations._base._limits import MAX_PATTERN_CHARS

    _edit_schema(root, "entities", _constraint("notes", pattern="a" * (MAX_PATTERN_CHARS + 1)))


@content("cell-one-past-the-limit", "claims", 4, "notes", needle="characters", family=LIMITS)
def _(root: Path, outside: Path) -> None:
    from csto_annotations._base._limits import MAX_CELL_CHARS

    e.set_cell(root, "claims", 4, "notes", "b" * (MAX_CELL_CHARS + 1))


@content("no-documents-resource", DP, None, None, error=Descriptor, needle="documents", family=SCHEMA_EDIT)
def _(root: Path, outside: Path) -> None:
    _edit_descriptor(root, lambda d: d.update(resources=[r for r in d["resources"] if r["name"] != "documents"]))


class Corpus(dict):  # type: ignore[type-arg]
    """Case name → :class:`Built`, each case built on first use, in ``workdir/<name>/``, once.

    A builder that fails fails only the tests that use its case, never the whole corpus.
    """

    def __init__(self, workdir: Path) -> None:
        super().__init__()
        self.workdir = workdir

    def __missing__(self, name: str) -> Built:
        self[name] = build_case(BY_NAME[name], self.workdir)
        return self[name]


def build_case(item: Case, workdir: Path) -> Built:
    """Build ``item`` in ``workdir/<name>/`` from a fresh copy of the real package."""
    base = workdir / item.name
    outside = base / "outside"
    outside.mkdir(parents=True)
    root = e.fresh_copy(base / "pkg")
    return item.build(root, outside)


# Round 3 (issue 18): the reader, the engine and build (CSV line breaks, key types, strings, build input).
from . import corpus_reader3  # noqa: E402, F401  (registers its cases; last, as it builds on the helpers above)

BY_NAME = {c.name: c for c in CASES}
