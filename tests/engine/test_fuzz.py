"""Fuzzing (hypothesis): any mutation of a descriptor, a Table Schema or an archive is refused cleanly.

Three mutators, each applied to the real package:

* **descriptor JSON**: one node of ``datapackage.json`` (any depth) has its value
  replaced (by a value of another JSON type, a URL, a path that escapes, a huge
  integer, a control character...), is deleted, wrapped, or gets an unknown key;
* **schema JSON**: the same, on one Table Schema, whose hash is then re-measured
  so that only the schema checks can catch it;
* **zip archives**: the package zipped from a mutated entry list (entries dropped,
  repeated, renamed to escape, turned into folders, links or encrypted entries,
  data cut or flipped), or a finished archive with bytes flipped anywhere.

For every mutation, ``load()`` either returns a Dataset or raises a
:class:`~csto_annotations.DatasetError`, never any other exception; and
``validate`` returns a report whose verdict is the same as ``load()``'s (the
reader and the engine decide once, for both).

A fixed seed (``derandomize``) and bounded counts keep the normal run under a
minute; ``-m nightly`` runs the same properties with many more examples (``helpers.nightly_examples``).
"""

from __future__ import annotations

import copy
import json
import stat
import zipfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

import csto_annotations
from helpers import nightly_examples
from hostile import edits
from hostile.zips import FOLDER

COMMON: dict[str, Any] = dict(
    derandomize=True, deadline=None, database=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)  # fmt: skip
FAST = settings(max_examples=300, **COMMON)
FAST_ZIPS = settings(max_examples=300, **COMMON)
NIGHTLY = settings(max_examples=nightly_examples(2000), **COMMON)

DESCRIPTOR = edits.descriptor(edits.REPO)
TABLES = [r["name"] for r in DESCRIPTOR["resources"] if r["type"] == "table"]
SCHEMAS = {t: json.loads((edits.REPO / "schemas" / f"{t}.schema.json").read_text("utf-8")) for t in TABLES}


def _keys(value: Any) -> set[str]:
    if isinstance(value, dict):
        return set(value) | {k for v in value.values() for k in _keys(v)}
    if isinstance(value, list):
        return {k for v in value for k in _keys(v)}
    return set()


#: Keys the package uses, and keys frictionless acts on that the closed profile refuses.
KEYS = sorted(
    _keys(DESCRIPTOR)
    | _keys(SCHEMAS)
    | {"extrapaths", "dialect", "profile", "encoding", "compression", "format", "rdfType", "exclusiveMinimum", "$ref"}
)
EDGE_STRINGS = [
    "", " ", "x", "http://127.0.0.1:9/x", "file:///etc/passwd", "../outside.csv", "/etc/passwd", "data\\claims.csv",
    "data/claims.csv", "data/texts", "schemas/claims.schema.json", "string", "integer", "number", "date", "boolean",
    "duration", "geojson", "any", "%Q", "%", "(a+)+", "[", "(a)\\1", "(?=x)", "^.*$", "sha256:" + "0" * 64,
    "\x00", "\x1b[2J", "latin-1", "utf-8", "table", "text", "documents", "entitties", "default", "1.0", "1.0.0",
    "n" * 300,
]  # fmt: skip
SCALARS = (
    st.none() | st.booleans() | st.integers(-(10**30), 10**30) | st.integers(-3, 300)
    | st.floats(allow_nan=False, allow_infinity=False) | st.text(max_size=12) | st.sampled_from(EDGE_STRINGS)
)  # fmt: skip
VALUES = st.recursive(
    SCALARS,
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.sampled_from(KEYS) | st.text(max_size=6), inner, max_size=3),
    max_leaves=6,
)  # fmt: skip


@st.composite
def mutated(draw: st.DrawFn, document: Any) -> Any:
    """``document`` with one node, reached by a random walk from the top, changed."""
    document = copy.deepcopy(document)
    parent: Any = None
    key: Any = None
    node = document
    while isinstance(node, dict | list) and node and draw(st.integers(0, 9)) < 8:
        parent, key = node, draw(st.sampled_from(sorted(node) if isinstance(node, dict) else range(len(node))))
        node = node[key]
    kind = draw(st.sampled_from(["replace", "delete", "wrap", "stringify", "add-key"]))
    if parent is None:
        if kind == "add-key" and isinstance(document, dict):
            return {**document, draw(st.sampled_from(KEYS)): draw(VALUES)}
        return draw(VALUES)
    if kind == "replace":
        parent[key] = draw(VALUES)
    elif kind == "delete":
        del parent[key]
    elif kind == "wrap":
        parent[key] = [node] if draw(st.booleans()) else {"value": node}
    elif kind == "stringify":
        parent[key] = json.dumps(node) if not isinstance(node, str) else draw(st.integers())
    elif isinstance(node, dict):
        node[draw(st.sampled_from(KEYS) | st.text(max_size=6))] = draw(VALUES)
    elif isinstance(parent, dict):
        parent[draw(st.sampled_from(KEYS))] = draw(VALUES)
    else:
        parent.append(draw(VALUES))
    return document


@dataclass
class Pristine:
    """A private copy of the real package, restored after every example."""

    root: Path
    files: dict[Path, bytes]

    def restore(self) -> None:
        for path in self.root.rglob("*"):
            if path.is_file() and path not in self.files:
                path.unlink()
        for path, data in self.files.items():
            path.write_bytes(data)


@pytest.fixture(scope="module")
def pristine(tmp_path_factory: pytest.TempPathFactory) -> Pristine:
    root = edits.fresh_copy(tmp_path_factory.mktemp("fuzz") / "pkg")
    return Pristine(root, {p: p.read_bytes() for p in root.rglob("*") if p.is_file()})


def refused_cleanly_or_loaded(source: Path) -> None:
    """The property: a Dataset or a DatasetError from load(), and the same verdict from validate."""
    try:
        csto_annotations.load(source)
        loaded = True
        event("loaded")
    except csto_annotations.DatasetError as error:
        loaded = False
        event(f"refused: {type(error).__name__}")
    report = csto_annotations.validate(source)
    assert report.valid is loaded, f"load() {'accepted' if loaded else 'refused'} it, validate says:\n{report}"


def _write_json(path: Path, value: Any) -> None:
    path.write_text(json.dumps(value, indent=2, ensure_ascii=False), "utf-8")


def check_descriptor(pristine: Pristine, document: Any) -> None:
    try:
        _write_json(pristine.root / "datapackage.json", document)
        refused_cleanly_or_loaded(pristine.root)
    finally:
        pristine.restore()


def check_schema(pristine: Pristine, table: str, document: Any) -> None:
    try:
        _write_json(pristine.root / "schemas" / f"{table}.schema.json", document)
        edits.rehash(pristine.root)
        refused_cleanly_or_loaded(pristine.root)
    finally:
        pristine.restore()


SCHEMA_MUTATIONS = st.sampled_from(TABLES).flatmap(lambda t: st.tuples(st.just(t), mutated(SCHEMAS[t])))


@FAST
@given(document=mutated(DESCRIPTOR))
def test_mutated_descriptor(pristine: Pristine, document: Any) -> None:
    check_descriptor(pristine, document)


@FAST
@given(change=SCHEMA_MUTATIONS)
def test_mutated_schema(pristine: Pristine, change: tuple[str, Any]) -> None:
    check_schema(pristine, *change)


# --- archives ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class Entry:
    """One zip entry to write: its name, data, and header flags."""

    name: str
    data: bytes
    link: bool = False
    encrypted: bool = False


def _entries() -> list[Entry]:
    root = edits.REPO
    paths = [
        "datapackage.json",
        *(r["path"] for r in DESCRIPTOR["resources"]),
        *(f"schemas/{t}.schema.json" for t in TABLES),
    ]
    return [Entry(f"{FOLDER}/{p}", (root / p).read_bytes()) for p in paths]


ENTRIES = _entries()
RENAMES: list[Callable[[str], str]] = [
    lambda n: "../" + n, lambda n: "/" + n, lambda n: n.replace("/", "\\"), lambda n: n + "/", lambda n: ".",
    lambda n: n.upper(), lambda n: n.split("/", 1)[1] if "/" in n else n, lambda n: n + "n" * 300,
    lambda n: n.replace(FOLDER, "other"), lambda n: n.replace("/", "/./", 1), lambda n: n.replace("/", "//", 1),
]  # fmt: skip


@st.composite
def entry_lists(draw: st.DrawFn) -> list[Entry]:
    """The package's entries with one to three changes."""
    entries = list(ENTRIES)
    for _ in range(draw(st.integers(1, 3))):
        at = draw(st.integers(0, len(entries) - 1))
        entry = entries[at]
        kind = draw(st.sampled_from(["drop", "repeat", "rename", "folder", "link", "encrypt", "cut", "flip", "add"]))
        if kind == "drop" and len(entries) > 1:
            entries.pop(at)
        elif kind == "repeat":
            entries.insert(at, entry)
        elif kind == "rename":
            entries[at] = Entry(draw(st.sampled_from(RENAMES))(entry.name), entry.data)
        elif kind == "folder":
            entries.insert(at, Entry(entry.name + "/", b""))
        elif kind in ("link", "encrypt"):
            entries[at] = Entry(entry.name, b"/etc/passwd" if kind == "link" else entry.data, kind == "link",
                                kind == "encrypt")  # fmt: skip
        elif kind == "cut":
            entries[at] = Entry(entry.name, entry.data[: draw(st.integers(0, max(len(entry.data) - 1, 0)))])
        elif kind == "flip" and entry.data:
            spot = draw(st.integers(0, len(entry.data) - 1))
            entries[at] = Entry(
                entry.name, entry.data[:spot] + bytes([entry.data[spot] ^ 0x20]) + entry.data[spot + 1 :]
            )
        elif kind == "add":
            entries.append(Entry(f"{FOLDER}/{draw(st.sampled_from(EDGE_STRINGS[:12]))}", draw(st.binary(max_size=64))))
    return entries


def write_zip(path: Path, entries: list[Entry]) -> Path:
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for entry in entries:
            info = zipfile.ZipInfo(entry.name)
            info.compress_type = zipfile.ZIP_DEFLATED
            if entry.link:
                info.external_attr = (stat.S_IFLNK | 0o777) << 16
            archive.writestr(info, entry.data)
    if any(e.encrypted for e in entries):  # zipfile cannot encrypt: set the flag bit in the headers
        content = bytearray(path.read_bytes())
        for signature, flags in ((b"PK\x03\x04", 6), (b"PK\x01\x02", 8)):
            at = content.find(signature)
            while at != -1:
                content[at + flags] |= 0x1
                at = content.find(signature, at + 4)
        path.write_bytes(bytes(content))
    return path


def check_zip(tmp_path: Path, entries: list[Entry], flips: list[tuple[float, int]]) -> None:
    archive = write_zip(tmp_path / "fuzz.zip", entries)
    if flips:
        content = bytearray(archive.read_bytes())
        for fraction, value in flips:
            content[int(fraction * (len(content) - 1))] = value
        archive.write_bytes(bytes(content))
    try:
        refused_cleanly_or_loaded(archive)
    finally:
        archive.unlink()


FLIPS = st.lists(st.tuples(st.floats(0, 1), st.integers(0, 255)), max_size=3)


@pytest.mark.filterwarnings("ignore:Duplicate name")
@FAST_ZIPS
@given(entries=entry_lists(), flips=FLIPS)
def test_mutated_archive(tmp_path: Path, entries: list[Entry], flips: list[tuple[float, int]]) -> None:
    check_zip(tmp_path, entries, flips)


@pytest.mark.nightly
@NIGHTLY
@given(document=mutated(DESCRIPTOR))
def test_mutated_descriptor_nightly(pristine: Pristine, document: Any) -> None:
    check_descriptor(pristine, document)


@pytest.mark.nightly
@NIGHTLY
@given(change=SCHEMA_MUTATIONS)
def test_mutated_schema_nightly(pristine: Pristine, change: tuple[str, Any]) -> None:
    check_schema(pristine, *change)


@pytest.mark.nightly
@pytest.mark.filterwarnings("ignore:Duplicate name")
@NIGHTLY
@given(entries=entry_lists(), flips=FLIPS)
def test_mutated_archive_nightly(tmp_path: Path, entries: list[Entry], flips: list[tuple[float, int]]) -> None:
    check_zip(tmp_path, entries, flips)


def test_the_untouched_package_and_archive_load(pristine: Pristine, tmp_path: Path) -> None:
    """The properties above are not vacuous: unmutated, both forms load and validate."""
    assert csto_annotations.validate(pristine.root).valid
    assert csto_annotations.validate(write_zip(tmp_path / "a.zip", ENTRIES)).valid
    assert len(csto_annotations.load(tmp_path / "a.zip").claims) > 0
