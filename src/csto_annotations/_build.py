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

Nothing is written when an ``exact`` cannot be found, and a file is
rewritten (atomically) only when its content changes.

Example
-------
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
from pathlib import Path
from typing import Any

from ._base._atomic import atomic_write_bytes
from ._base._errors import AnchorError, DescriptorError
from ._base._paths import DESCRIPTOR_NAME, bundled_root
from ._engine._csv import read_strings
from ._reader._files import Directory
from ._reader._package import Package, read_package, sha256_label

_WORD_TABLES = frozenset({"mentions"})


def occurrences(text: str, exact: str, *, words: bool = False) -> list[int]:
    """Return the start offsets (code points) of ``exact`` in ``text``.

    Example
    -------
    >>> occurrences("abab", "ab")
    [0, 2]
    """
    if words:
        return [m.start() for m in re.finditer(r"(?<!\w)" + re.escape(exact) + r"(?!\w)", text)]
    found, at = [], text.find(exact)
    while at >= 0:
        found.append(at)
        at = text.find(exact, at + 1)
    return found


def read_rows(data: bytes, names: list[str], table: str) -> list[list[str]]:
    """Parse CSV bytes into rows of text (header first), refusing what the engine refuses.

    Example
    -------
    >>> read_rows(b'a,b\\n1,"x, y"\\n', ["a", "b"], "t")
    [['a', 'b'], ['1', 'x, y']]
    """
    read_strings(data, names, table)  # the engine's structural check names the row of any fault
    return list(csv.reader(io.StringIO(data.decode("utf-8"), newline=""), strict=True))


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


def _anchor(rows: list[list[str]], texts: dict[str, str], words: bool, where: str) -> tuple[bool, list[str]]:
    """Fill empty offsets in place; return whether anything changed, and the failures."""
    header, changed, errors, seen = rows[0], False, [], {}  # type: ignore[var-annotated]
    c = {name: header.index(name) for name in ("document_id", "start", "end", "exact")}
    for number, row in enumerate(rows[1:], start=2):
        document, exact = row[c["document_id"]], row[c["exact"]]
        rank = seen[(document, exact)] = seen.get((document, exact), 0) + 1
        text = texts.get(document)
        if text is None or not exact:
            if not (row[c["start"]] and row[c["end"]]):
                errors.append(f"{where} row {number}: cannot anchor {exact!r}: no such document or empty exact")
            continue
        if not (row[c["start"]] and row[c["end"]]):
            found = occurrences(text, exact, words=words)
            start = row[c["start"]]
            at = bisect.bisect_left(found, int(start)) if start.isdigit() else rank - 1
            if at >= len(found):
                errors.append(f"{where} row {number}: exact {exact!r} not found in {document!r}; copy it from the text")
                continue
            row[c["start"]], row[c["end"]], changed = str(found[at]), str(found[at] + len(exact)), True
    return changed, errors


def _anchor_cues(
    claims: list[list[str]], quotes: list[list[str]], texts: dict[str, str], where: str
) -> tuple[bool, list[str]]:
    """Fill empty cue offsets where codebook R6.6.3 puts a cue: a reported claim's inside its span, a quoted
    claim's at the first occurrence after the first part of its utterance (the attribution follows it)."""
    header, q = claims[0], {n: i for i, n in enumerate(quotes[0])}
    c = {
        n: header.index(n)
        for n in ("document_id", "start", "end", "attribution", "quote_id", "cue", "cue_start", "cue_end")
    }
    first: dict[str, int] = {}
    for quote in quotes[1:]:
        first[quote[q["utterance_id"]]] = min(
            first.get(quote[q["utterance_id"]], int(quote[q["end"]])), int(quote[q["end"]])
        )
    after = {quote[q["quote_id"]]: first[quote[q["utterance_id"]]] for quote in quotes[1:]}
    changed, errors = False, []
    for number, row in enumerate(claims[1:], start=2):
        cue, text = row[c["cue"]], texts.get(row[c["document_id"]], "")
        if not cue or (row[c["cue_start"]] and row[c["cue_end"]]):
            continue
        if row[c["cue_start"]]:
            at = text.find(cue, int(row[c["cue_start"]]))
        elif row[c["attribution"]] == "reported":
            at = text.find(cue, int(row[c["start"]]), int(row[c["end"]]))
        else:
            at = text.find(cue, after[row[c["quote_id"]]]) if row[c["quote_id"]] in after else -1
        if at < 0:
            errors.append(f"{where} row {number}: cue {cue!r} not found where codebook R6.6.3 puts it")
            continue
        row[c["cue_start"]], row[c["cue_end"]], changed = str(at), str(at + len(cue)), True
    return changed, errors


def _texts(package: Package, documents: list[list[str]]) -> dict[str, tuple[str, bytes]]:
    header, files = documents[0], package.files
    paths = {r["path"] for r in package.resources if r["type"] == "text"}
    texts = {}
    for row in documents[1:]:
        record = dict(zip(header, row))
        if record.get("text_path") not in paths:
            raise AnchorError(f"documents row for {record.get('document_id')!r}: text_path "
                              f"{record.get('text_path')!r} is not a text resource of the descriptor.")  # fmt: skip
        data = files.read(record["text_path"], "document text")
        texts[record["document_id"]] = (data.decode("utf-8"), data)
    return texts


def _fill_documents(rows: list[list[str]], texts: dict[str, tuple[str, bytes]]) -> bool:
    header, changed = rows[0], False
    sha, length, key = header.index("text_sha256"), header.index("length"), header.index("document_id")
    for row in rows[1:]:
        text, data = texts[row[key]]
        if not row[sha]:
            row[sha], changed = hashlib.sha256(data).hexdigest(), True
        if not row[length]:
            row[length], changed = str(len(text)), True
    return changed


def _measure(root: Path, descriptor: dict[str, Any]) -> None:
    files = Directory(root)
    for resource in descriptor["resources"]:
        data = files.read(resource["path"], f"resource {resource['name']!r}")
        resource["bytes"], resource["hash"] = len(data), sha256_label(data)
        if resource["type"] == "table":
            schema = files.read(resource["schema"], f"schema of {resource['name']!r}")
            resource["schemaBytes"], resource["schemaHash"] = len(schema), sha256_label(schema)


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
        An ``exact`` cannot be found; nothing is written then.
    DescriptorError
        The package has no ``documents`` table, or a broken descriptor.
    """
    base = Path(root) if root is not None else bundled_root()
    package = read_package(base, verify=False)
    if "documents" not in package.schemas:
        raise DescriptorError(f"{package.descriptor_path}: build needs a 'documents' table to find the texts.")
    tables = {n: read_rows(package.data[n], [f["name"] for f in package.schemas[n]["fields"]], n)
              for n in package.table_names}  # fmt: skip
    texts = _texts(package, tables["documents"])
    changed = {"documents"} if _fill_documents(tables["documents"], texts) else set()
    errors: list[str] = []
    for name, rows in tables.items():
        if rows and {"document_id", "start", "end", "exact"} <= set(rows[0]):
            moved, failed = _anchor(
                rows, {k: v[0] for k, v in texts.items()}, name in _WORD_TABLES, package.where(name)
            )
            changed |= {name} if moved else set()
            errors += failed
    if "cue_start" in tables["claims"][0] and not errors:
        moved, errors = _anchor_cues(tables["claims"], tables["quotes"], {k: v[0] for k, v in texts.items()},
                                     package.where("claims"))  # fmt: skip
        changed |= {"claims"} if moved else set()
    if errors:
        raise AnchorError(f"build refused: {len(errors)} span(s) could not be anchored; nothing was written.\n"
                          + "\n".join(errors[:50]))  # fmt: skip
    written = []
    for name in [n for n in package.table_names if n in changed]:  # descriptor order, the descriptor last
        path = base / package.resource(name)["path"]
        atomic_write_bytes(path, write_rows(tables[name]))
        written.append(path)
    descriptor_path = base / DESCRIPTOR_NAME
    descriptor = json.loads(descriptor_path.read_bytes())
    _measure(base, descriptor)
    text = json.dumps(descriptor, indent=2, ensure_ascii=False) + "\n"
    if text.encode("utf-8") != descriptor_path.read_bytes():
        atomic_write_bytes(descriptor_path, text.encode("utf-8"))
        written.append(descriptor_path)
    return written
