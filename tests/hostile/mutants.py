"""Mutations of the real package for the property test of every command (issue 18).

Each strategy draws one :class:`Mutation` of a fresh copy of the real package;
:meth:`Mutation.apply` makes it and re-measures every hash (as a careless
editor who ran the measuring step would), so that the content checks, not the
hashes, decide. The families:

=================  =============================================================
family             what changes
=================  =============================================================
``bytes``          one byte of a CSV file or of the text replaced, inserted or deleted
``cell``           one cell set to a hostile value (Markdown, HTML, control
                   characters, numbers, dates, other IDs, long or empty text)
``schema``         one field of a Table Schema dropped (with its CSV column),
                   retyped, renamed, made optional or required, stripped of its
                   constraints or categories, or a new empty field added
``descriptor``     one metadata string of ``datapackage.json`` (titles,
                   descriptions, keywords, contributors, sources, licences, dates)
``record-id``      one record ID renamed everywhere it is used, its patterns dropped
``table-name``     a copy of a table added under a hostile resource name
``text-cell``      one cell of a free-text column set to a hostile value
``document``       a second document, with a hostile ID and text
=================  =============================================================

Example
-------
>>> from hypothesis import find
>>> find(mutations(), lambda m: m.family == "table-name").family
'table-name'
"""

from __future__ import annotations

import csv
import io
import json
import shutil
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from hypothesis import strategies as st

from csto_annotations._reader._package import sha256_label

from . import edits as e

DESCRIPTOR = e.descriptor(e.REPO)
TABLES = [r["name"] for r in DESCRIPTOR["resources"] if r.get("type") == "table"]
SCHEMAS = {t: json.loads((e.REPO / "schemas" / f"{t}.schema.json").read_text("utf-8")) for t in TABLES}
ROWS = {t: e.read_rows(e.REPO, t) for t in TABLES}
FILES = [r["path"] for r in DESCRIPTOR["resources"]]
#: Values that are Markdown, HTML, shell or terminal syntax, or odd as text.
HOSTILE = [
    "![x](http://e/)", "[a](b)", "<script>alert(1)</script>", "<img src=x onerror=alert(1)>", "`code`", "``",
    "a|b", "| --- |", "# heading", "- item", "1. item", "\n---\n", "<!-- x -->", "-->", "*em* _em_ ~~s~~",
    "&amp; &#60;", "www.e.com", "a@b.com", "http://e/", "javascript:alert(1)", "{{title}}", "${x}", "%s",
    "\\", " ", "", "x" * 3000, "é", "😀", "\u202eevil", "\x1b[2J", "\t", "\r\n", "'\"", "$x$", "[^1]",
    "=HYPERLINK(1)", "0", "-1", "2007-10-06", "true", "CL-0002", "csto", "edm-4-191",
]  # fmt: skip
#: Resource names a format might keep for itself (SQLite, DuckDB, Hugging Face) or confuse.
NAMES = ["texts", "sqlite_master", "sqlite_x", "claims_fk0", "_metadata", "metadata", "data", "readme",
         "documents-2", "claims.csv", "x" * 100, "texts-2", "claims_certainty"]  # fmt: skip
TYPES = ["string", "integer", "number", "boolean", "date"]


@dataclass(frozen=True)
class Mutation:
    """One change of a package copy: its family, what it is, and how to make it."""

    family: str
    what: str
    change: Callable[[Path], None] = field(compare=False)
    rehash: bool = True

    def apply(self, root: Path) -> None:
        """Make the change in the package at ``root`` and re-measure its hashes."""
        self.change(root)
        if self.rehash:
            _rehash(root)

    def __repr__(self) -> str:
        return f"<{self.family}: {self.what}>"


def _write_json(path: Path, data: Any) -> None:
    # ASCII escapes, so that a lone surrogate is written as the JSON text "\ud800".
    path.write_text(json.dumps(data, indent=2), "utf-8")


def _rehash(root: Path) -> None:
    """:func:`edits.rehash`, writing the descriptor as ASCII (it may hold a lone surrogate)."""
    data = json.loads((root / "datapackage.json").read_text("utf-8"))
    for resource in data["resources"]:
        for key, size, digest in (("path", "bytes", "hash"), ("schema", "schemaBytes", "schemaHash")):
            if isinstance(resource.get(key), str) and (root / resource[key]).is_file():
                content = (root / resource[key]).read_bytes()
                resource[size], resource[digest] = len(content), sha256_label(content)
    _write_json(root / "datapackage.json", data)


def _csv(rows: list[list[str]]) -> bytes:
    buffer = io.StringIO(newline="")
    csv.writer(buffer, lineterminator="\n").writerows(rows)
    return buffer.getvalue().encode("utf-8", "surrogatepass")


@st.composite
def byte_edits(draw: st.DrawFn) -> Mutation:
    path = draw(st.sampled_from(FILES))
    size = (e.REPO / path).stat().st_size
    kind = draw(st.sampled_from(["replace", "insert", "delete"]))
    at = draw(st.integers(0, size if kind == "insert" else size - 1))
    value = draw(st.sampled_from([0x0D, 0x0A, 0x22, 0x2C, 0x00, 0xFF, 0x7C, 0x60]) | st.integers(0, 255))

    def change(root: Path) -> None:
        data = (root / path).read_bytes()
        tail = data[at:] if kind == "insert" else data[at + 1 :]
        (root / path).write_bytes(data[:at] + (b"" if kind == "delete" else bytes([value])) + tail)

    return Mutation("bytes", f"{kind} {value:#04x} at {path}:{at}", change, rehash=draw(st.booleans()))


@st.composite
def cell_edits(draw: st.DrawFn) -> Mutation:
    table = draw(st.sampled_from(TABLES))
    column = draw(st.sampled_from(ROWS[table][0]))
    row = draw(st.integers(2, len(ROWS[table])))
    value = draw(st.sampled_from(HOSTILE) | st.text(max_size=8))
    return Mutation("cell", f"{table} row {row} column {column} = {value[:40]!r}",
                    lambda root: e.set_cell(root, table, row, column, value))  # fmt: skip


def _edit_schema(root: Path, table: str, change: Callable[[dict[str, Any]], object]) -> None:
    path = root / "schemas" / f"{table}.schema.json"
    schema = json.loads(path.read_text("utf-8"))
    change(schema)
    _write_json(path, schema)


def _edit_columns(root: Path, table: str, change: Callable[[list[str]], list[str]]) -> None:
    e.csv_path(root, table).write_bytes(_csv([change(row) for row in e.read_rows(root, table)]))


@st.composite
def schema_edits(draw: st.DrawFn) -> Mutation:
    table = draw(st.sampled_from(TABLES))
    names = [f["name"] for f in SCHEMAS[table]["fields"]]
    name = draw(st.sampled_from(names))
    at = names.index(name)
    op = draw(st.sampled_from(["drop", "retype", "retype-emptied", "rename", "optional", "required", "unconstrained",
                               "no-enum", "add"]))  # fmt: skip
    target = draw(st.sampled_from(TYPES)) if op.startswith("retype") else ""
    new = draw(st.sampled_from([*HOSTILE[:12], "Notes", "NOTES", name.upper(), "x"])) if op in ("rename", "add") else ""

    def field_of(schema: dict[str, Any]) -> dict[str, Any]:
        return next(f for f in schema["fields"] if f["name"] == name)

    def change(root: Path) -> None:
        if op == "drop":
            _edit_schema(root, table, lambda s: s["fields"].pop(at))
            _edit_columns(root, table, lambda row: row[:at] + row[at + 1 :])
        elif op == "retype":
            _edit_schema(root, table, lambda s: field_of(s).update(type=target))
        elif op == "retype-emptied":  # every cell empty, so that only the type itself is new
            _edit_schema(root, table, lambda s: field_of(s).update(type=target, constraints={}))
            _edit_schema(root, table, lambda s: [field_of(s).pop(k, None) for k in ("categories", "categoriesOrdered")])
            _edit_columns(root, table, lambda row: row if row[at] == name else [*row[:at], "", *row[at + 1 :]])
        elif op == "rename":
            _edit_schema(root, table, lambda s: field_of(s).update(name=new))
            rows = e.read_rows(root, table)
            rows[0][at] = new
            e.csv_path(root, table).write_bytes(_csv(rows))
        elif op == "optional":
            _edit_schema(root, table, lambda s: field_of(s).get("constraints", {}).pop("required", None))
        elif op == "required":
            _edit_schema(root, table, lambda s: field_of(s).setdefault("constraints", {}).update(required=True))
        elif op == "unconstrained":
            _edit_schema(root, table, lambda s: field_of(s).pop("constraints", None))
        elif op == "no-enum":
            _edit_schema(root, table, lambda s: [field_of(s).get("constraints", {}).pop("enum", None),
                                                 field_of(s).pop("categories", None)])  # fmt: skip
        else:
            _edit_schema(root, table, lambda s: s["fields"].append({"name": new, "type": "string"}))
            _edit_columns(root, table, lambda row: [*row, ""])
            rows = e.read_rows(root, table)
            rows[0][-1] = new
            e.csv_path(root, table).write_bytes(_csv(rows))

    return Mutation("schema", f"{op} {table}.{name}{' to ' + target if target else ''}{' as ' + repr(new) if new else ''}",
                    change)  # fmt: skip


def _strings(node: Any, path: tuple[Any, ...]) -> list[tuple[Any, ...]]:
    """Paths of every string under ``node``."""
    if isinstance(node, str):
        return [path]
    if isinstance(node, dict):
        return [p for k, v in node.items() for p in _strings(v, (*path, k))]
    return [p for i, v in enumerate(node) for p in _strings(v, (*path, i))] if isinstance(node, list) else []


#: Paths of the descriptor's metadata strings: not the names, paths, hashes or version the reader checks.
METADATA = [p for k in ("title", "description", "created", "keywords", "contributors", "sources", "licenses")
            for p in _strings(DESCRIPTOR.get(k), (k,))] + [
    p for i, r in enumerate(DESCRIPTOR["resources"]) for k in ("title", "description", "licenses")
    for p in _strings(r.get(k), ("resources", i, k))]  # fmt: skip


@st.composite
def descriptor_edits(draw: st.DrawFn) -> Mutation:
    path = draw(st.sampled_from(METADATA))
    value = draw(st.sampled_from([*HOSTILE, "\ud800", "a\ud800b"]) | st.text(max_size=8))

    def change(root: Path) -> None:
        data = e.descriptor(root)
        node = data
        for key in path[:-1]:
            node = node[key]
        node[path[-1]] = value
        _write_json(root / "datapackage.json", data)

    return Mutation("descriptor", f"{'.'.join(map(str, path))} = {value[:40]!r}", change)


KEYED = [(t, SCHEMAS[t]["primaryKey"][0]) for t in TABLES if len(SCHEMAS[t]["primaryKey"]) == 1]


@st.composite
def id_renames(draw: st.DrawFn) -> Mutation:
    table, column = draw(st.sampled_from(KEYED))
    row = draw(st.integers(2, len(ROWS[table])))
    old = ROWS[table][row - 1][ROWS[table][0].index(column)]
    new = draw(st.sampled_from([h for h in HOSTILE if h.strip()]) | st.text(min_size=1, max_size=8))

    def change(root: Path) -> None:
        for name in TABLES:
            e.csv_path(root, name).write_bytes(_csv([[new if c == old else c for c in r]
                                                     for r in e.read_rows(root, name)]))  # fmt: skip
            _edit_schema(root, name, lambda s: [f.get("constraints", {}).pop("pattern", None) for f in s["fields"]])

    return Mutation("record-id", f"{table}.{column} {old!r} -> {new[:40]!r} everywhere", change)


@st.composite
def extra_tables(draw: st.DrawFn) -> Mutation:
    source = draw(st.sampled_from(TABLES))
    name = draw(st.sampled_from(NAMES))

    def change(root: Path) -> None:
        shutil.copyfile(e.csv_path(root, source), root / "data" / f"{name}.csv")
        shutil.copyfile(root / "schemas" / f"{source}.schema.json", root / "schemas" / f"{name}.schema.json")
        data = e.descriptor(root)
        resource = dict(next(r for r in data["resources"] if r["name"] == source))
        resource.update(name=name, path=f"data/{name}.csv", schema=f"schemas/{name}.schema.json")
        data["resources"].append(resource)
        _write_json(root / "datapackage.json", data)

    return Mutation("table-name", f"a copy of {source} named {name!r}", change)


#: Columns of free text: a string without a pattern, an enum or categories (any value is valid there).
FREE = [
    (t, f["name"])
    for t in TABLES
    for f in SCHEMAS[t]["fields"]
    if f["type"] == "string" and not {"pattern", "enum"} & set(f.get("constraints", {})) and "categories" not in f
]


@st.composite
def text_cells(draw: st.DrawFn) -> Mutation:
    table, column = draw(st.sampled_from(FREE))
    row = draw(st.integers(2, len(ROWS[table])))
    value = draw(st.sampled_from([h for h in HOSTILE if h.strip()]) | st.text(min_size=1, max_size=8))
    return Mutation("text-cell", f"{table} row {row} column {column} = {value[:40]!r}",
                    lambda root: e.set_cell(root, table, row, column, value))  # fmt: skip


#: The text of a second document, and its ID.
TEXTS = ["", "<script>alert(1)</script>\n", "a\u2028b\r\nc\x85d", "é" * 5000, "x"]
DOCUMENT_IDS = ["doc-2", "EDM-4-191", "../x", "con", "a" * 250, "![x](http://e/)", "<b>", "a b", ".", "-x"]


@st.composite
def second_documents(draw: st.DrawFn) -> Mutation:
    text, name = draw(st.sampled_from(TEXTS)), draw(st.sampled_from(DOCUMENT_IDS))

    def change(root: Path) -> None:
        path = "data/texts/second.txt"
        data = text.encode("utf-8")
        (root / path).write_bytes(data)
        descriptor = e.descriptor(root)
        resource = dict(next(r for r in descriptor["resources"] if r["name"] == e.TEXT_RESOURCE))
        resource.update(name="text-second", path=path)
        descriptor["resources"].insert(1, resource)
        _write_json(root / "datapackage.json", descriptor)
        rows = e.read_rows(root, "documents")
        row = dict(zip(rows[0], rows[1]))
        row.update(
            document_id=name, text_path=path, text_sha256=sha256_label(data).split(":")[1], length=str(len(text))
        )
        e.csv_path(root, "documents").write_bytes(_csv([*rows, [row[c] for c in rows[0]]]))
        _edit_schema(root, "documents", lambda s: field_of_documents(s)["constraints"].pop("pattern", None))

    return Mutation("document", f"a second document {name[:40]!r} of {len(text)} characters", change)


def field_of_documents(schema: dict[str, Any]) -> dict[str, Any]:
    return next(f for f in schema["fields"] if f["name"] == "document_id")


def mutations() -> st.SearchStrategy[Mutation]:
    """One mutation of any family."""
    return st.one_of(byte_edits(), cell_edits(), text_cells(), schema_edits(), descriptor_edits(), id_renames(),
                     extra_tables(), second_documents())  # fmt: skip
