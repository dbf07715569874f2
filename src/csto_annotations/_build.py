"""``build()``: fill offsets from ``exact`` text, and re-measure the descriptor.

In order (codebook §8):

1. In every table with ``document_id``, ``start``, ``end`` and ``exact``,
   rows whose ``start`` or ``end`` is empty are anchored: the *k*-th row with
   the same ``exact`` in the same document takes the *k*-th occurrence, or,
   when ``start`` is given, the first occurrence at or after it. In
   ``mentions`` an occurrence must stand on word boundaries ("Russia" never
   matches inside "Russian"). A ``cue`` with empty ``cue_start``/``cue_end``
   takes its first occurrence inside its reported claim's span, or, for a quoted
   claim, after the first part of its utterance (codebook R6.6.3).
2. Empty ``text_sha256`` and ``length`` cells of ``documents`` are filled.
3. ``bytes`` and ``hash`` of every resource, and ``schemaBytes`` and
   ``schemaHash`` of every table's schema, are measured into
   ``datapackage.json``, keeping key order and every hand-kept field.

Before any of this, the package must be a directory with the structure the
engine requires (:mod:`._engine._structure`), its CSV files must be readable
as the engine reads them, its texts UTF-8, and every offset it reads an
integer in canonical form; else a :class:`DatasetError` names the file, row
and column. Nothing is written when any of this, or an ``exact``, fails. A
file is rewritten only when its content changes, and the rewritten files
(tables, then the descriptor) are written all or nothing
(:func:`~._atomic.atomic_write_all`).

Example
-------
>>> occurrences("Russia, Russian, Russia", "Russia", words=True)
[0, 17]
"""

from __future__ import annotations

import bisect
import copy
import csv
import hashlib
import io
import json
import re
from pathlib import Path
from typing import Any

from ._atomic import UndoFailed, atomic_write_all
from ._base._errors import AnchorError, DatasetError, SourceError
from ._base._fields import TYPES
from ._base._paths import DESCRIPTOR_NAME, bundled_root
from ._base._reads import SPAN_COLUMNS
from ._engine._csv import read_strings
from ._engine._structure import check_structure
from ._reader._package import Package, read_package, sha256_label

#: The canonical integer (ASCII digits only: Python's ``int`` also takes "١٢"), as the engine checks it.
_INTEGER_FORM: tuple[str, str] = TYPES["integer"].form  # type: ignore[assignment]
_INTEGER = re.compile(_INTEGER_FORM[0])


def occurrences(text: str, exact: str, *, words: bool = False) -> list[int]:
    """Return the start offsets (code points) of ``exact`` in ``text``.

    Example
    -------
    >>> occurrences("abab", "ab")
    [0, 2]
    """
    if words:
        return [m.start() for m in re.finditer(r"(?<!\w)" + re.escape(exact) + r"(?!\w)", text)]
    found, at = [], text.find(exact)  # str.find, not a lookahead regex: linear on repetitive text
    while at >= 0:
        found.append(at)
        at = text.find(exact, at + 1)
    return found


def read_rows(data: bytes, names: list[str], table: str) -> list[list[str]]:
    """Parse CSV bytes into rows of text (header first), as the engine reads them, refusing what it refuses.

    Example
    -------
    >>> read_rows(b'a,b\\n1,"x, y"\\n', ["a", "b"], "t")
    [['a', 'b'], ['1', 'x, y']]
    """
    columns = read_strings(data, names, table)  # names the row of any fault
    return [list(names)] + [list(row) for row in zip(*(columns.column(n).to_pylist() for n in names))]


def write_rows(rows: list[list[str]]) -> bytes:
    r"""Serialize rows as RFC 4180 CSV with LF line ends; a cell holding CR is quoted.

    Example
    -------
    >>> write_rows([["a"], ["x\ry"]])
    b'a\n"x\ry"\n'
    """
    out = io.StringIO(newline="")
    plain, quoted = csv.writer(out, lineterminator="\n"), csv.writer(out, lineterminator="\n", quoting=csv.QUOTE_ALL)
    for row in rows:  # Python's writer leaves a bare CR unquoted: such a row is written fully quoted
        (quoted if any("\r" in cell for cell in row) else plain).writerow(row)
    return out.getvalue().encode("utf-8")


def _offset(row: list[str], at: int, place: tuple[str, int, str], errors: list[str]) -> int | None:
    """The offset in ``row[at]`` as an int; None, with an error naming ``place`` (file, row, column), unless canonical."""
    if _INTEGER.fullmatch(row[at]):
        return int(row[at])
    errors.append(f"{place[0]} row {place[1]} column {place[2]}: expected {_INTEGER_FORM[1]}, found {row[at]!r}")
    return None


def _anchor(rows: list[list[str]], texts: dict[str, str], words: bool, where: str) -> tuple[bool, list[str]]:
    """Fill empty offsets in place; return whether anything changed, and the failures."""
    header, changed, errors, seen = rows[0], False, [], {}  # type: ignore[var-annotated]
    c = {name: header.index(name) for name in SPAN_COLUMNS}
    for number, row in enumerate(rows[1:], start=2):
        document, exact = row[c["document_id"]], row[c["exact"]]
        rank = seen[(document, exact)] = seen.get((document, exact), 0) + 1
        text = texts.get(document)
        if row[c["start"]] and row[c["end"]]:
            continue
        if text is None or not exact:
            errors.append(f"{where} row {number}: cannot anchor {exact!r}: no such document or empty exact")
            continue
        hint = _offset(row, c["start"], (where, number, "start"), errors) if row[c["start"]] else None
        if row[c["start"]] and hint is None:
            continue
        found = occurrences(text, exact, words=words)
        at = bisect.bisect_left(found, hint) if hint is not None else rank - 1
        if at >= len(found):
            errors.append(f"{where} row {number}: exact {exact!r} not found in {document!r}; copy it from the text")
            continue
        row[c["start"]], row[c["end"]], changed = str(found[at]), str(found[at] + len(exact)), True
    return changed, errors


def _utterance_ends(quotes: list[list[str]], where: str, errors: list[str]) -> dict[str, int]:
    """Quote ID → where the first part of its utterance ends."""
    q = {n: i for i, n in enumerate(quotes[0])}
    first: dict[str, int] = {}
    for number, quote in enumerate(quotes[1:], start=2):
        end, utterance = _offset(quote, q["end"], (where, number, "end"), errors), quote[q["utterance_id"]]
        if end is not None:
            first[utterance] = min(first.get(utterance, end), end)
    utterances = {quote[q["quote_id"]]: quote[q["utterance_id"]] for quote in quotes[1:]}
    return {quote_id: first[utterance] for quote_id, utterance in utterances.items() if utterance in first}


def _anchor_cues(tables: dict[str, list[list[str]]], texts: dict[str, str], package: Package) -> tuple[bool, list[str]]:
    """Fill empty cue offsets where codebook R6.6.3 puts a cue: a reported claim's inside its span, a quoted
    claim's at the first occurrence after the first part of its utterance (the attribution follows it)."""
    claims, quotes, where = tables["claims"], tables["quotes"], package.where("claims")
    c = {n: i for i, n in enumerate(claims[0])}
    changed, errors, after = False, [], None  # type: ignore[var-annotated]
    for number, row in enumerate(claims[1:], start=2):
        cue, text = row[c["cue"]], texts.get(row[c["document_id"]], "")
        if not cue or (row[c["cue_start"]] and row[c["cue_end"]]):
            continue
        if row[c["cue_start"]]:
            hint = _offset(row, c["cue_start"], (where, number, "cue_start"), errors)
            at = text.find(cue, hint) if hint is not None else None
        elif row[c["attribution"]] == "reported":
            start, end = (_offset(row, c[k], (where, number, k), errors) for k in ("start", "end"))
            at = text.find(cue, start, end) if start is not None and end is not None else None
        else:
            after = _utterance_ends(quotes, package.where("quotes"), errors) if after is None else after
            at = text.find(cue, after[row[c["quote_id"]]]) if row[c["quote_id"]] in after else -1
        if at is None:  # an offset it needs is not an integer: already reported
            continue
        if at < 0:
            errors.append(f"{where} row {number}: cue {cue!r} not found where codebook R6.6.3 puts it")
            continue
        row[c["cue_start"]], row[c["cue_end"]], changed = str(at), str(at + len(cue)), True
    return changed, errors


def _texts(package: Package, documents: list[list[str]]) -> dict[str, str]:
    header, files = documents[0], package.files
    paths = {r["path"] for r in package.resources if r["type"] == "text"}
    texts = {}
    for number, row in enumerate(documents[1:], start=2):
        record = dict(zip(header, row))
        if record["text_path"] not in paths:
            raise AnchorError(f"{package.where('documents')} row {number} column text_path: expected the path of a "
                              f"text resource of the descriptor, found {record['text_path']!r}.")  # fmt: skip
        data = files.read(record["text_path"], "document text")
        try:
            texts[record["document_id"]] = data.decode("utf-8")
        except UnicodeDecodeError as error:
            raise AnchorError(f"{files.show(record['text_path'])}: expected UTF-8 text, found byte "
                              f"{data[error.start]:#04x} at byte {error.start} (is the file Latin-1 or "
                              "Windows-1252?); nothing was written.") from None  # fmt: skip
    return texts


def _fill_documents(rows: list[list[str]], texts: dict[str, str]) -> bool:
    header, changed = rows[0], False
    sha, length, key = header.index("text_sha256"), header.index("length"), header.index("document_id")
    for row in rows[1:]:
        text = texts[row[key]]
        if not row[sha]:  # strict UTF-8 decoding is one-to-one: the text encodes back to the file's bytes
            row[sha], changed = hashlib.sha256(text.encode("utf-8")).hexdigest(), True
        if not row[length]:
            row[length], changed = str(len(text)), True
    return changed


def _measured(package: Package, rewritten: dict[str, bytes]) -> dict[str, Any]:
    """The descriptor with the size and hash of every file as it will be (``rewritten``: path → new bytes)."""
    descriptor = copy.deepcopy(package.descriptor)
    for resource in descriptor["resources"]:
        data = rewritten.get(resource["path"], package.data[resource["name"]])
        resource["bytes"], resource["hash"] = len(data), sha256_label(data)
        if resource["type"] == "table":
            schema = package.files.read(resource["schema"], f"schema of {resource['name']!r}")
            resource["schemaBytes"], resource["schemaHash"] = len(schema), sha256_label(schema)
    return descriptor


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
        The files rewritten (empty when everything was up to date).

    Raises
    ------
    AnchorError
        An ``exact`` cannot be found, an offset is not an integer, or a text
        is not UTF-8; nothing is written then.
    DatasetError
        Or a subclass: not a package directory, a broken descriptor, schema
        or CSV file, or a file that could not be written (then every file is
        as it was).
    """
    base = Path(root) if root is not None else bundled_root()
    try:
        is_dir = base.is_dir()
    except OSError as error:  # is_dir() hides only "not found": a name too long for the file system is raised
        raise SourceError(f"{base}: not a usable path ({error.strerror}); check the path given to build.") from None
    if not is_dir:
        raise SourceError(f"{base}: not a package directory; build rewrites a package's files in place, so give it "
                          "the folder that holds datapackage.json (extract an archive first).")  # fmt: skip
    package = read_package(base, verify=False)
    check_structure(package.schemas, {n: package.files.show(package.resource(n)["schema"]) for n in package.schemas})
    tables = {n: read_rows(package.data[n], [f["name"] for f in package.schemas[n]["fields"]], n)
              for n in package.table_names}  # fmt: skip
    texts = _texts(package, tables["documents"])
    changed = {"documents"} if _fill_documents(tables["documents"], texts) else set()
    errors: list[str] = []
    for name, rows in tables.items():
        if rows and set(SPAN_COLUMNS) <= set(rows[0]):
            moved, failed = _anchor(rows, texts, name == "mentions", package.where(name))
            changed |= {name} if moved else set()
            errors += failed
    if not errors:
        moved, errors = _anchor_cues(tables, texts, package)
        changed |= {"claims"} if moved else set()
    if errors:
        raise AnchorError(f"build refused: {len(errors)} span(s) could not be anchored; nothing was written.\n"
                          + "\n".join(errors[:50]))  # fmt: skip
    rewritten = {package.resource(n)["path"]: write_rows(tables[n]) for n in package.table_names if n in changed}
    descriptor = json.dumps(_measured(package, rewritten), indent=2, ensure_ascii=False) + "\n"
    if descriptor.encode("utf-8") != package.files.read(DESCRIPTOR_NAME, "descriptor"):
        rewritten[DESCRIPTOR_NAME] = descriptor.encode("utf-8")  # last: a kill mid-way leaves the old hashes
    contents = {base / path: data for path, data in rewritten.items()}
    try:
        atomic_write_all(contents)
    except UndoFailed as error:
        raise DatasetError(f"build could not write every file, nor restore them all: {error}.") from None
    except OSError as error:
        raise DatasetError(f"{error.filename or base}: build could not write it ({error.strerror or error}); "
                           "every file of the package is as it was.") from None  # fmt: skip
    return list(contents)
