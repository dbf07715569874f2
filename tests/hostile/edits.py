"""Small edits of a package copy: cells, raw bytes, descriptor entries, re-hashing.

Every edit works on a fresh copy of the repository's package made by
:func:`fresh_copy`; nothing here writes outside the directory it is given.

Example
-------
>>> import tempfile, pathlib
>>> root = fresh_copy(pathlib.Path(tempfile.mkdtemp()) / "pkg")
>>> cell(root, "claims", 2, "claim_id")
'CL-0002'
"""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path
from typing import Any

from csto_annotations._reader._package import sha256_label

REPO = Path(__file__).resolve().parents[2]
TEXT_RESOURCE = "text-edm-4-191"
TEXT_PATH = "data/texts/edm-4-191.txt"


def fresh_copy(dest: Path) -> Path:
    """Copy the repository's datapackage.json, data/ and schemas/ into ``dest``."""
    from helpers import copy_real_package

    return copy_real_package(dest)


def csv_path(root: Path, table: str) -> Path:
    """The CSV file of ``table``."""
    return root / "data" / f"{table}.csv"


def read_rows(root: Path, table: str) -> list[list[str]]:
    """Rows of ``table`` (header first), read with the csv module."""
    text = csv_path(root, table).read_bytes().decode("utf-8")
    return list(csv.reader(io.StringIO(text, newline="")))


def csv_bytes(rows: list[list[str]]) -> bytes:
    """Rows as the build step writes them: LF line ends, minimal quoting, UTF-8."""
    buffer = io.StringIO(newline="")
    csv.writer(buffer, lineterminator="\n").writerows(rows)
    return buffer.getvalue().encode("utf-8")


def write_rows(root: Path, table: str, rows: list[list[str]]) -> None:
    """Write rows as the build step does."""
    csv_path(root, table).write_bytes(csv_bytes(rows))


def cell(root: Path, table: str, row: int, column: str) -> str:
    """One cell; ``row`` counts as frictionless does (header = 1)."""
    rows = read_rows(root, table)
    return rows[row - 1][rows[0].index(column)]


def set_cell(root: Path, table: str, row: int, column: str, value: str) -> None:
    """Set one cell (header = row 1); the hash is NOT updated."""
    rows = read_rows(root, table)
    rows[row - 1][rows[0].index(column)] = value
    write_rows(root, table, rows)


def find_row(root: Path, table: str, **wanted: str) -> int:
    """Number (header = 1) of the first row whose cells equal ``wanted``."""
    rows = read_rows(root, table)
    header = rows[0]
    for number, row in enumerate(rows[1:], start=2):
        if all(row[header.index(k)] == v for k, v in wanted.items()):
            return number
    raise LookupError(f"no row of {table} with {wanted}")


def text(root: Path) -> str:
    """The document text."""
    return (root / TEXT_PATH).read_text("utf-8")


def descriptor(root: Path) -> dict[str, Any]:
    """The parsed datapackage.json."""
    return json.loads((root / "datapackage.json").read_text("utf-8"))


def write_descriptor(root: Path, data: Any) -> None:
    """Write datapackage.json (2-space indent, like the build step)."""
    (root / "datapackage.json").write_text(json.dumps(data, indent=2, ensure_ascii=False) + "\n", "utf-8")


def set_resource(root: Path, name: str, **changes: Any) -> None:
    """Change fields of resource ``name`` in the descriptor."""
    data = descriptor(root)
    next(r for r in data["resources"] if r["name"] == name).update(changes)
    write_descriptor(root, data)


def rehash(root: Path) -> None:
    """Re-measure ``bytes`` and ``hash`` of every resource with the package's own
    :func:`csto_annotations._reader._package.sha256_label`, as a careless editor who
    ran the measuring step would. Resources whose file is unreadable are left alone.
    """
    data = descriptor(root)
    for resource in data["resources"]:
        if not isinstance(resource, dict):
            continue
        for key, size, digest in (("path", "bytes", "hash"), ("schema", "schemaBytes", "schemaHash")):
            path = root / resource[key] if isinstance(resource.get(key), str) else None
            if path is not None and path.is_file():
                content = path.read_bytes()
                resource[size], resource[digest] = len(content), sha256_label(content)
    write_descriptor(root, data)


def flip_byte(path: Path) -> None:
    """Change the byte in the middle of a file to a different printable one."""
    content = bytearray(path.read_bytes())
    middle = len(content) // 2
    content[middle] = ord("#") if content[middle] != ord("#") else ord("%")
    path.write_bytes(bytes(content))


def replace_bytes(path: Path, old: bytes, new: bytes) -> None:
    """Replace the first occurrence of ``old`` in a file (which must contain it)."""
    content = path.read_bytes()
    if old not in content:
        raise LookupError(f"{old!r} not in {path}")
    path.write_bytes(content.replace(old, new, 1))
