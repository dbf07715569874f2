"""The ``export`` subcommand: ``python -m csto_annotations export --format parquet|csv --out DIR [SOURCE]``.

Imported by :mod:`csto_annotations.cli` when the parser is built; the work is
done by :func:`csto_annotations.export.export`.

Example
-------
>>> from csto_annotations.cli import main
>>> main(["export", "--help"])  # doctest: +SKIP
"""

from __future__ import annotations

import argparse
import sys

from .cli import Command, register

__all__ = ["configure", "run"]

_SAFE_NOTE = (
    "csv only, on by default: prefix ' to text cells starting with = + - @ tab or CR "
    "(OWASP, CSV injection), quote every cell and add a UTF-8 BOM. Such cells are then "
    "not byte-exact (exact may no longer match the text): the export is for spreadsheets, "
    "the package's data/*.csv stays the reference"
)


def configure(parser: argparse.ArgumentParser) -> None:
    """Add the export arguments."""
    parser.add_argument("source", nargs="?", default=None, help="directory, datapackage.json, .zip or URL (default: the bundled copy)")
    parser.add_argument("--format", choices=["parquet", "csv"], default="parquet", help="parquet (typed from the Table Schemas; default) or csv")
    parser.add_argument("--out", required=True, metavar="DIR", help="output directory (created if needed); one file per table")
    parser.add_argument("--spreadsheet-safe", action=argparse.BooleanOptionalAction, default=None, help=_SAFE_NOTE)


def run(args: argparse.Namespace) -> int:
    """Export every table; print one line per file written."""
    from .export import export

    if args.format != "csv" and args.spreadsheet_safe is not None:
        print("error: --spreadsheet-safe/--no-spreadsheet-safe apply to --format csv only", file=sys.stderr)
        return 2
    safe = True if args.spreadsheet_safe is None else args.spreadsheet_safe
    for path in export(args.out, format=args.format, source=args.source, spreadsheet_safe=safe):
        print(f"wrote {path}")
    if args.format == "csv" and safe:
        print("note: spreadsheet-safe CSV; cells starting with = + - @ tab or CR carry a leading ' and are not byte-exact")
    return 0


COMMAND = register(Command("export", "write every table as Parquet (typed) or spreadsheet-safe CSV", configure, run))
