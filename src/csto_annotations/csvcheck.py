"""Faults in a CSV file's bytes that a lenient parser would hide or garble.

* a UTF-8 byte-order mark (pandas and frictionless drop it silently, the
  ``csv`` module keeps it in the first label);
* bytes that are not UTF-8, located at their row and column;
* a quoted field left open until the end of the file, located at the row and
  column where it opens;
* other tokenizing errors (a row with more cells than the header);
* a cell longer than :data:`MAX_FIELD_CHARS`.

Rows count as frictionless counts them: the header is row 1. Each fault is a
``(row, column, message)`` triple; the caller names the table.

Example
-------
>>> bom_fault(b"\\xef\\xbb\\xbfid\\n1\\n")
Fault(row=1, column='id', message='expected no UTF-8 byte-order mark (BOM) before the header, found one; re-save the file as UTF-8 without BOM')
"""

from __future__ import annotations

import codecs
import csv
import io
import re
from typing import NamedTuple

import pandas as pd

__all__ = ["Fault", "MAX_FIELD_CHARS", "bom_fault", "decode_fault", "parse_fault", "size_faults"]

#: Longest cell accepted, in characters: Python's ``csv`` module refuses longer
#: fields by default, so every standard tool can read a file that respects it.
#: The longest cell of the published data has under 600.
MAX_FIELD_CHARS = 131_072

_EOF_IN_QUOTES = re.compile(r"EOF inside string starting at row (\d+)")
_FIELD_COUNT = re.compile(r"Expected (\d+) fields in line (\d+), saw (\d+)")


class Fault(NamedTuple):
    """Where a CSV file is broken and what was expected there.

    Example
    -------
    >>> Fault(3, "start", "expected a value of type integer, found 'x'").row
    3
    """

    row: int | None
    column: str | None
    message: str


def _header(data: bytes) -> list[str]:
    """The first line's labels, decoded leniently (for naming columns only)."""
    first = data.split(b"\n", 1)[0].decode("utf-8", "replace").lstrip("\ufeff").rstrip("\r")
    return next(csv.reader([first]), [])


def bom_fault(data: bytes) -> Fault | None:
    """Report a UTF-8 byte-order mark at the start of the file.

    Example
    -------
    >>> bom_fault(b"id\\n1\\n") is None
    True
    """
    if not data.startswith(codecs.BOM_UTF8):
        return None
    labels = _header(data)
    return Fault(
        1, labels[0] if labels else None,
        "expected no UTF-8 byte-order mark (BOM) before the header, found one; "
        "re-save the file as UTF-8 without BOM",
    )


def decode_fault(data: bytes) -> Fault | None:
    """Report the first cell holding bytes that are not UTF-8.

    The file is decoded with ``errors="replace"`` and read leniently; one
    vectorized search per column finds the replacement character. (When the
    file also holds a genuine U+FFFD, only the line is reported.)

    Example
    -------
    >>> decode_fault(b"id,name\\n1,caf\\xe9\\n")
    Fault(row=2, column='name', message='expected UTF-8 text, found the byte 0xe9 (byte 13 of the file); re-save the file as UTF-8')
    """
    try:
        data.decode("utf-8")
        return None
    except UnicodeDecodeError as error:
        bad, start = data[error.start], error.start
    message = f"expected UTF-8 text, found the byte 0x{bad:02x} (byte {start} of the file); re-save the file as UTF-8"
    by_line = Fault(data[:start].count(b"\n") + 1, None, message)
    if "\ufffd".encode() in data:
        return by_line
    try:
        frame = pd.read_csv(io.StringIO(data.decode("utf-8", "replace")), dtype=object, keep_default_na=False, header=None)
    except (ValueError, pd.errors.ParserError):
        return by_line
    for position, column in enumerate(frame.columns):
        hit = frame[column].astype(str).str.contains("\ufffd", regex=False)
        if hit.any():
            row = int(hit.to_numpy().argmax())
            label = str(frame.iat[0, position]) if row else None
            return Fault(row + 1, label, message)
    return by_line


def _open_field(data: bytes, index: int) -> str | None:
    """Label of the field left open in record ``index`` (0-based, header = 0)."""
    labels = _header(data)
    try:
        records = list(csv.reader(io.StringIO(data.decode("utf-8", "replace"), newline="")))
    except csv.Error:  # e.g. the open field exceeds the csv module's size limit
        return None
    if index >= len(records) or not records[index] or len(records[index]) > len(labels):
        return None
    return labels[len(records[index]) - 1]


def parse_fault(data: bytes, error: Exception) -> Fault:
    """Locate a ``pandas.read_csv`` tokenizing error.

    Example
    -------
    >>> data = b'id,note\\n1,"open\\n'
    >>> try:
    ...     pd.read_csv(io.BytesIO(data))
    ... except pd.errors.ParserError as error:
    ...     parse_fault(data, error).column
    'note'
    """
    text = str(error)
    opened = _EOF_IN_QUOTES.search(text)
    if opened:
        index = int(opened.group(1))
        return Fault(
            index + 1, _open_field(data, index),
            "expected a closing quote: this quoted field runs to the end of the file; "
            "close the quote or escape it by doubling it",
        )
    counted = _FIELD_COUNT.search(text)
    if counted:
        wanted, row, found = counted.groups()
        return Fault(
            int(row), None,
            f"expected {wanted} cells as in the header, found {found} (an unbalanced quote "
            "or an unquoted comma joins or splits cells)",
        )
    return Fault(None, None, f"expected a well-formed CSV file ({' '.join(text.split())})")


def size_faults(frame: pd.DataFrame) -> list[Fault]:
    """Report every cell longer than :data:`MAX_FIELD_CHARS`, one vectorized test per column.

    Example
    -------
    >>> frame = pd.DataFrame({"a": ["x", "y" * (MAX_FIELD_CHARS + 1)]}, dtype="string")
    >>> [(f.row, f.column) for f in size_faults(frame)]
    [(3, 'a')]
    """
    faults = []
    for column in frame.columns:
        values = frame[column]
        if not (pd.api.types.is_string_dtype(values.dtype) or values.dtype == object):
            continue
        lengths = values.astype("string").str.len()
        for index, size in lengths[(lengths > MAX_FIELD_CHARS).fillna(False)].items():
            faults.append(Fault(
                int(index) + 2, str(column),
                f"expected at most {MAX_FIELD_CHARS} characters in a cell, found {int(size)} characters",
            ))
    return faults
