"""``build()``: fill offsets from ``exact`` text and re-measure the descriptor.

What it does (codebook §8), in order:

1. For every table with ``document_id``, ``start``, ``end`` and ``exact``,
   anchor rows whose ``start`` or ``end`` is empty. The *k*-th row with the
   same ``exact`` in the same document takes the *k*-th occurrence; a row
   with ``start`` filled and ``end`` empty takes the first occurrence at or
   after ``start``. In ``mentions`` an occurrence must stand on word
   boundaries (``(?<!\\w)exact(?!\\w)``: "Russia" never matches inside
   "Russian"); other tables match plain substrings.
2. Fill empty ``text_sha256`` and ``length`` cells of ``documents`` (values
   already there are kept: validation checks them).
3. Measure ``bytes`` and ``hash`` of every resource and update them in
   ``datapackage.json``, keeping key order and every hand-kept field.

Nothing is written when an ``exact`` cannot be found. A file is rewritten
(atomically) only when its content changes, so running twice changes nothing.

Example
-------
>>> from csto_annotations.builder import occurrences
>>> occurrences("Russia, Russian, Russia", "Russia", words=True)
[0, 17]
"""

from __future__ import annotations

import bisect
import csv
import hashlib
import io
import json
import re
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

from .atomic import atomic_write_bytes, atomic_write_text
from .descriptor import Package, read_package
from .errors import AnchorError, ValidationFailed
from .integrity import sha256_label
from .paths import bundled_root, require_file, resolve_inside

__all__ = ["build", "occurrences", "anchor_rows", "read_csv_rows", "write_csv_rows"]

SPAN_COLUMNS = ("document_id", "start", "end", "exact")
WORD_TABLES = frozenset({"mentions"})


def read_csv_rows(data: bytes, path: object = "<csv>") -> list[list[str]]:
    """Parse CSV bytes (UTF-8) into rows of strings with the csv module.

    Raises
    ------
    ValidationFailed
        When the bytes are not UTF-8 or not CSV (an unterminated quote, a
        field over the csv module's limit); the message names the file and row.

    Example
    -------
    >>> read_csv_rows(b'a,b\\n1,"x,y"\\n')
    [['a', 'b'], ['1', 'x,y']]
    """
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as error:
        row = data[: error.start].count(b"\n") + 1
        raise ValidationFailed(
            f"{path} row {row}: expected UTF-8 text, found byte 0x{data[error.start]:02x}; "
            "re-save the file as UTF-8 and run the build again."
        ) from None
    reader = csv.reader(io.StringIO(text, newline=""), strict=True)
    try:
        return list(reader)
    except csv.Error as error:
        raise ValidationFailed(
            f"{path} row {reader.line_num}: expected well-formed CSV ({error}); "
            "fix the quoting or the over-long field and run the build again."
        ) from None


def write_csv_rows(rows: list[list[str]]) -> bytes:
    """Serialise rows as CSV: LF line ends, minimal quoting, UTF-8.

    Example
    -------
    >>> write_csv_rows([["a", "b"], ["1", "x,y"]])
    b'a,b\\n1,"x,y"\\n'
    """
    buffer = io.StringIO(newline="")
    csv.writer(buffer, lineterminator="\n", quoting=csv.QUOTE_MINIMAL).writerows(rows)
    return buffer.getvalue().encode("utf-8")


@lru_cache(maxsize=4096)
def _occurrences(text: str, exact: str, words: bool) -> tuple[int, ...]:
    """Cached start offsets of ``exact`` in ``text``."""
    if words:
        pattern = re.compile(r"(?<!\w)" + re.escape(exact) + r"(?!\w)")
        return tuple(m.start() for m in pattern.finditer(text))
    found, position = [], text.find(exact)
    while position >= 0:
        found.append(position)
        position = text.find(exact, position + 1)
    return tuple(found)


def occurrences(text: str, exact: str, *, words: bool = False) -> list[int]:
    """Return the start offsets (code points) of ``exact`` in ``text``.

    Parameters
    ----------
    text, exact : str
        The document and the span text.
    words : bool, default False
        Require word boundaries on both sides (used for mentions).

    Example
    -------
    >>> occurrences("abab", "ab")
    [0, 2]
    """
    return list(_occurrences(text, exact, words))


@dataclass
class _Anchoring:
    """State of anchoring one table: its rows, counts and errors."""

    path: Path
    rows: list[list[str]]
    words: bool
    columns: dict[str, int] = field(default_factory=dict)
    width: int = 0
    seen: dict[tuple[str, str], int] = field(default_factory=dict)
    errors: list[str] = field(default_factory=list)
    changed: bool = False


def _locate(state: _Anchoring, row: list[str], rank: int, text: str) -> int | str:
    """Return the chosen occurrence's offset, or a reason it was not found."""
    exact, start = row[state.columns["exact"]], row[state.columns["start"]]
    found = occurrences(text, exact, words=state.words)
    if start and not row[state.columns["end"]]:
        if not start.isdigit():
            return f"start {start!r} is not a number"
        at = bisect.bisect_left(found, int(start))
        return found[at] if at < len(found) else f"no occurrence at or after offset {start} ({len(found)} in all)"
    if rank <= len(found):
        return found[rank - 1]
    return f"occurrence {rank} wanted, {len(found)} found"


def _anchor_row(state: _Anchoring, number: int, row: list[str], texts: dict[str, str]) -> None:
    """Anchor one row in place, or record why it cannot be anchored."""
    c = state.columns
    if len(row) != state.width:
        return
    doc, exact = row[c["document_id"]], row[c["exact"]]
    rank = state.seen[(doc, exact)] = state.seen.get((doc, exact), 0) + 1
    if row[c["start"]] and row[c["end"]]:
        return
    if not exact or doc not in texts:
        reason = "exact is empty" if not exact else f"document {doc!r} is not in documents.csv"
        state.errors.append(f"{state.path} row {number}: cannot anchor exact {exact!r}: {reason}")
        return
    position = _locate(state, row, rank, texts[doc])
    if isinstance(position, str):
        state.errors.append(
            f"{state.path} row {number}: exact {exact!r} not found in document {doc!r} ({position}); "
            "copy `exact` from the text, or give the approximate `start` of the intended occurrence"
        )
        return
    row[c["start"]], row[c["end"]] = str(position), str(position + len(exact))
    state.changed = True


def anchor_rows(rows: list[list[str]], texts: dict[str, str], *, path: Path, words: bool) -> tuple[list[list[str]], bool, list[str]]:
    """Fill empty ``start``/``end`` cells of CSV rows (header first).

    Parameters
    ----------
    rows : list of list of str
        The table, header row first. Not modified.
    texts : dict
        Document ID → text.
    path : pathlib.Path
        The file, named in error messages.
    words : bool
        Match on word boundaries (mentions).

    Returns
    -------
    (rows, changed, errors)
        The anchored copy, whether any cell changed, and one message per
        row that could not be anchored.

    Example
    -------
    >>> rows = [["document_id", "start", "end", "exact"], ["d", "", "", "b"], ["d", "", "", "b"]]
    >>> anchor_rows(rows, {"d": "abcb"}, path=Path("t.csv"), words=False)[0][1:]
    [['d', '1', '2', 'b'], ['d', '3', '4', 'b']]
    """
    copy = [list(r) for r in rows]
    columns = {n: copy[0].index(n) for n in SPAN_COLUMNS}
    state = _Anchoring(path=path, rows=copy, words=words, columns=columns, width=len(copy[0]))
    for number, row in enumerate(copy[1:], start=2):
        _anchor_row(state, number, row, texts)
    return copy, state.changed, state.errors


def _document_rows(package: Package) -> tuple[Path, list[list[str]]]:
    """Read documents.csv as rows."""
    path = require_file(package.resource_path("documents"), what="resource 'documents'")
    return path, read_csv_rows(path.read_bytes(), path)


def _texts(package: Package, rows: list[list[str]]) -> dict[str, tuple[str, bytes]]:
    """Map document ID → (text, bytes), read from each row's text_path."""
    header = rows[0] if rows else []
    if not {"document_id", "text_path"} <= set(header):
        raise AnchorError(f"{package.resource_path('documents')}: expected document_id and text_path columns in the header")
    texts = {}
    for row in rows[1:]:
        if len(row) != len(header):
            continue
        record = dict(zip(header, row))
        where = f"{package.resource_path('documents')} text_path of {record.get('document_id')!r}"
        path = require_file(resolve_inside(package.root, record["text_path"], where=where), what=where)
        data = path.read_bytes()
        try:
            texts[record["document_id"]] = (data.decode("utf-8"), data)
        except UnicodeDecodeError:
            raise AnchorError(f"{path}: not UTF-8 text; store the document text as UTF-8") from None
    return texts


def _fill_documents(rows: list[list[str]], texts: dict[str, tuple[str, bytes]]) -> tuple[list[list[str]], bool]:
    """Fill empty text_sha256 and length cells."""
    header, copy, changed = rows[0], [list(r) for r in rows], False
    if not {"document_id", "text_sha256", "length"} <= set(header):
        return copy, False
    sha, length, key = header.index("text_sha256"), header.index("length"), header.index("document_id")
    for row in copy[1:]:
        if len(row) != len(header) or row[key] not in texts:
            continue
        text, data = texts[row[key]]
        if not row[sha]:
            row[sha], changed = hashlib.sha256(data).hexdigest(), True
        if not row[length]:
            row[length], changed = str(len(text)), True
    return copy, changed


def _anchor_tables(package: Package, texts: dict[str, str]) -> dict[Path, bytes]:
    """Anchor every span table; return the files to rewrite."""
    updates: dict[Path, bytes] = {}
    errors: list[str] = []
    for name in package.table_names:
        fields = [f["name"] for f in package.schemas[name]["fields"]]
        if not set(SPAN_COLUMNS) <= set(fields):
            continue
        path = require_file(package.resource_path(name), what=f"resource {name!r}")
        rows = read_csv_rows(path.read_bytes(), path)
        if not rows or not set(SPAN_COLUMNS) <= set(rows[0]):
            continue
        anchored, changed, problems = anchor_rows(rows, texts, path=path, words=name in WORD_TABLES)
        errors += problems
        if changed:
            updates[path] = write_csv_rows(anchored)
    if errors:
        shown = "\n".join(errors[:50]) + (f"\n… and {len(errors) - 50} more" if len(errors) > 50 else "")
        raise AnchorError(f"build refused: {len(errors)} span(s) could not be anchored; nothing was written.\n{shown}")
    return updates


def _measure(package: Package, descriptor: dict[str, Any]) -> str:
    """Set bytes and hash of every resource; return the new descriptor text."""
    for resource in descriptor["resources"]:
        path = require_file(package.resource_path(resource["name"]), what=f"resource {resource['name']!r}")
        data = path.read_bytes()
        resource["bytes"] = len(data)
        resource["hash"] = sha256_label(data)
    return json.dumps(descriptor, indent=2, ensure_ascii=False) + "\n"


def build(root: str | Path | None = None) -> list[Path]:
    """Anchor spans, fill derived document fields, and re-measure the descriptor.

    Parameters
    ----------
    root : str or pathlib.Path, optional
        The package directory (default: the bundled package, which is the
        repository root in an editable install).

    Returns
    -------
    list of pathlib.Path
        The files that were rewritten (empty when everything was up to date).

    Raises
    ------
    AnchorError
        When an ``exact`` cannot be found; nothing is written then.
    DescriptorError, MissingFileError, UnsafePathError
        For a broken descriptor or missing files.

    Example
    -------
    >>> from csto_annotations.builder import build
    >>> build() == build()  # the second run has nothing to do   # doctest: +SKIP
    True
    """
    package = read_package(Path(root) if root is not None else bundled_root())
    documents_path, documents = _document_rows(package)
    texts = _texts(package, documents)
    updates = _anchor_tables(package, {k: v[0] for k, v in texts.items()})
    filled, changed = _fill_documents(documents, texts)
    if changed:
        updates[documents_path] = write_csv_rows(filled)
    for path, data in updates.items():
        atomic_write_bytes(path, data)
    written = list(updates)
    descriptor_text = _measure(package, json.loads(package.descriptor_path.read_text("utf-8")))
    if descriptor_text != package.descriptor_path.read_text("utf-8"):
        atomic_write_text(package.descriptor_path, descriptor_text)
        written.append(package.descriptor_path)
    return written
