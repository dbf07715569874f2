"""Split a CSV file's bytes into columns, or say exactly where it is broken.

pyarrow's reader does the work, on one thread. It is lenient in places where
a dataset must not be (it accepts a quoted field that runs to the end of the
file, and names no row in its errors), so structural faults are caught here
and located with the standard library's :mod:`csv` reader, which runs only
on a file that is already known to be broken.

Faults, each reported with its row (header = 1) and, where known, column:
a UTF-8 byte-order mark, bytes that are not UTF-8, a header that differs from
the schema's field names, a row with too many or too few cells (an empty line
among them), a quoted field that is never closed, and an empty file.

Line breaks are LF, CR LF or a lone CR (classic Mac OS), in the header as in
every other row: pyarrow, Python's :mod:`csv` and frictionless all read them
so. A CR inside a header cell therefore ends the header there, and the
header differs from the schema's field names.

Example
-------
>>> table = read_strings(b"a,b\\n1,x\\n", ["a", "b"], "t.csv")
>>> table.column("b").to_pylist()
['x']
"""

from __future__ import annotations

import csv
import io
from typing import Any

from .._base._errors import ValidationFailed
from .._base._limits import MAX_CELL_CHARS
from ._report import Problem

_BOM = b"\xef\xbb\xbf"


class CsvFault(ValidationFailed):
    """A table's bytes cannot be split into the schema's columns."""

    def __init__(self, where: str, row: int | None, column: str | None, message: str) -> None:
        self.problem = Problem(where, row, column, message)
        super().__init__(str(self.problem), problems=[self.problem])


def _header(data: bytes, names: list[str], where: str) -> None:
    if not data:
        raise CsvFault(where, None, None, "expected a header row, found an empty file")
    if data.startswith(_BOM):
        raise CsvFault(where, 1, names[0], "expected no UTF-8 byte-order mark (BOM) before the header")
    raw = data.split(b"\n", 1)[0].split(b"\r", 1)[0]
    longest = sum(2 * len(name.encode()) + 3 for name in names)  # every name quoted, its quotes doubled, a comma
    if len(raw) > longest:  # (and the csv module, below, may refuse a cell past 131,072 characters)
        raise CsvFault(where, 1, None, f"expected the schema's field names as the header, found a line of {len(raw)} "
                     f"bytes (they would take at most {longest})")  # fmt: skip
    try:
        header = next(csv.reader([raw.decode("utf-8", "replace")]), [])
    except csv.Error as error:  # a cell longer than the csv module's field size limit
        raise CsvFault(where, 1, None, f"expected the schema's field names as the header ({error})") from None
    end = data[len(raw) : len(raw) + 2]
    hint = (
        " (a carriage return, CR, ends a line, so the header ends there)" if end[:1] == b"\r" and end != b"\r\n" else ""
    )
    for position, (found, wanted) in enumerate(zip(header + [None] * len(names), names + [None] * len(header))):
        if found != wanted:
            seen = "the end of the line" if found is None else repr(found[:80]) + ("…" if len(found) > 80 else "")
            raise CsvFault(
                where, 1, found if wanted is None else wanted,
                f"expected header cell {position + 1} to be {wanted!r} (the schema's field order), found {seen}{hint}",
            )  # fmt: skip


def _diagnose(data: bytes, names: list[str], where: str, reason: str) -> CsvFault:
    """Locate a structural fault with the stdlib reader (only for broken files)."""
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as error:
        prefix = data[: error.start].decode("utf-8")
        rows = list(csv.reader(io.StringIO(prefix, newline="")))
        fresh = not prefix or prefix.endswith(("\n", "\r"))  # the bad byte opens a new row
        at, cell = (len(rows) + 1, 1) if fresh else (len(rows), len(rows[-1]))
        return CsvFault(where, at, names[min(cell, len(names)) - 1], f"expected UTF-8 text, found byte {data[error.start]:#04x} "
                      "(is the file Latin-1 or Windows-1252?)")  # fmt: skip
    width = len(names)
    row = 0
    try:
        for row, cells in enumerate(csv.reader(io.StringIO(text, newline=""), strict=True), start=1):
            if not cells:
                return CsvFault(where, row, None, f"expected {width} cells, found an empty line")
            if len(cells) != width:
                return CsvFault(where, row, None, f"expected {width} cells, found {len(cells)} (a stray or unclosed "
                              "quote can join rows)")  # fmt: skip
    except csv.Error as error:  # an open quote runs on, or a cell is past the csv module's field size limit
        long = "field limit" in str(error)
        wanted = f"cells of at most {MAX_CELL_CHARS} characters" if long else "a closing quote for a quoted field"
        return CsvFault(where, row + 1, None, f"expected {wanted} ({error})")
    return CsvFault(where, None, None, f"expected a well-formed CSV file ({reason})")


def _odd_quotes_or_empty_line(data: bytes) -> tuple[bool, bool]:
    """Tell whether the count of quotes is odd, and whether two line breaks (LF, CR LF or CR each) follow each other.

    Two numpy passes over the bytes (``bytes.count`` took four times as long): the quotes are counted, and of the
    bytes below 0x20 (about one a row) the line breaks are compared. An empty line can be quoted text.
    """
    import numpy as np

    codes = np.frombuffer(data, np.uint8)
    low = np.flatnonzero(codes < 0x20)
    ends = low[(codes[low] == 10) | (codes[low] == 13)]
    empty = ((ends[1:] == ends[:-1] + 1) & ~((codes[ends[:-1]] == 13) & (codes[ends[1:]] == 10))).any()
    return bool(np.count_nonzero(codes == 34) % 2), bool(empty)


def _owned(data: bytes) -> Any:
    """Copy ``data`` into memory Arrow owns, for pyarrow's CSV reader.

    A buffer over Python bytes (``pa.py_buffer``) is released by Arrow's I/O
    thread once its read-ahead ends, which needs the GIL; when a read fails,
    that can come after the interpreter began to exit, and the process aborts
    ("terminate called without an active exception"; ``build`` on a broken
    CSV: 1 run in 371 with pyarrow 25). Arrow's own memory needs no GIL.
    """
    import pyarrow as pa

    buffer = pa.allocate_buffer(len(data))
    memoryview(buffer).cast("B")[:] = data
    return buffer


def _options(names: list[str], types: dict[str, Any], nulls: list[str], data: bytes) -> dict[str, Any]:
    import pyarrow.csv as pacsv

    return {
        # One thread: Arrow's allocator keeps what other threads allocated after the engine frees it, so a
        # threaded read added about 24 MB (N = 500) and 29 MB (N = 1,000) to load()'s peak, and was no faster.
        "read_options": pacsv.ReadOptions(column_names=names, skip_rows=1, use_threads=False),
        # An empty line is a row of too few cells, as frictionless says (pyarrow would skip it, and every
        # later row number would be off by one). Only a quoted value can hold a line break; told that none
        # does, pyarrow splits a file into blocks faster.
        "parse_options": pacsv.ParseOptions(newlines_in_values=b'"' in data, ignore_empty_lines=False),
        "convert_options": pacsv.ConvertOptions(
            column_types=types, null_values=nulls, strings_can_be_null=bool(nulls),
            quoted_strings_can_be_null=False,
        ),
    }  # fmt: skip


def read_strings(data: bytes, names: list[str], where: str) -> Any:
    """Read every column as text, refusing any structural fault.

    Parameters
    ----------
    data : bytes
        The verified file content.
    names : list of str
        The schema's field names, in order; the header must equal them.
    where : str
        The table name, for problems.

    Returns
    -------
    pyarrow.Table
        One string column per field, with no nulls (missing values are
        decided later, per field).

    Raises
    ------
    CsvFault
        A :class:`ValidationFailed` naming the row and column.

    Example
    -------
    >>> try:
    ...     read_strings(b"a,b\\n1,2,3\\n", ["a", "b"], "t")
    ... except CsvFault as fault:
    ...     print(fault)
    t row 2: expected 2 cells, found 3 (a stray or unclosed quote can join rows)
    """
    import pyarrow as pa
    import pyarrow.csv as pacsv

    _header(data, names, where)
    # An odd count of quotes: a quote was left open, or stands alone in a cell. Two line breaks in a row: an
    # empty line, which pyarrow would read as a row of empty cells. Either is then located line by line.
    odd, empty = _odd_quotes_or_empty_line(data)
    if odd or empty:
        fault = _diagnose(data, names, where, "an unmatched quote" if odd else "an empty line")
        if fault.problem.row is not None:
            raise fault
    try:
        return pacsv.read_csv(_owned(data), **_options(names, dict.fromkeys(names, pa.string()), [], data))
    except pa.ArrowInvalid as error:
        raise _diagnose(data, names, where, str(error)) from None


def read_typed(data: bytes, names: list[str], types: dict[str, Any], nulls: list[str]) -> Any:
    """Read a pinned table straight into Arrow types (``verify="hashes"``).

    Only for files whose hash a release published: they passed every rule when
    they were released, so only their types are parsed.

    Example
    -------
    >>> import pyarrow as pa
    >>> read_typed(b"n,m\\n1,\\n", ["n", "m"], {"n": pa.int64(), "m": pa.int64()}, [""]).to_pylist()
    [{'n': 1, 'm': None}]
    """
    import pyarrow.csv as pacsv

    return pacsv.read_csv(_owned(data), **_options(names, types, nulls, data))
