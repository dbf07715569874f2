"""``python -m csto_annotations cite``: print a citation or a record's provenance.

Usage::

    python -m csto_annotations cite [--format F] [SOURCE]
    python -m csto_annotations cite --claim CL-0034 [--quote QT-0006 ...] [SOURCE]

Without ``--claim``/``--quote`` it prints the citation of the dataset version
(``--format`` one of text, bibtex, ris, csl-json, cff). With them, one
provenance chain per ID, in the order given; those are plain text, so
``--format`` other than ``text`` is a usage error (exit 2). An unknown ID
exits 1 with a message saying how to list the valid ones.

Example
-------
>>> from csto_annotations.cli import main
>>> main(["cite", "--claim", "CL-0001"])  # doctest: +ELLIPSIS
Eurasia Daily Monitor 4(191), ... record CL-0001
0
"""

from __future__ import annotations

import argparse
import sys

from .cli import Command, register

__all__ = ["configure", "run"]

_FORMATS = ("text", "bibtex", "ris", "csl-json", "cff")


def configure(parser: argparse.ArgumentParser) -> None:
    """Add the ``cite`` arguments."""
    parser.add_argument("source", nargs="?", default=None,
                        help="directory, datapackage.json, .zip or URL (default: the bundled copy)")
    parser.add_argument("--format", "-f", choices=_FORMATS, default="text",
                        help="citation format of the dataset version (default: text)")
    parser.add_argument("--claim", action="append", default=[], metavar="CL-…",
                        help="print the provenance chain of this claim (repeatable)")
    parser.add_argument("--quote", action="append", default=[], metavar="QT-…",
                        help="print the provenance chain of this quote (repeatable)")


def run(args: argparse.Namespace) -> int:
    """Print the citation or the provenance chains; return the exit code."""
    from .citation import cite_claim, cite_package, cite_quote

    if not (args.claim or args.quote):
        output = cite_package(args.format, source=args.source)
        sys.stdout.write(output if output.endswith("\n") else output + "\n")
        return 0
    if args.format != "text":
        print("error: --claim and --quote print plain text; drop --format", file=sys.stderr)
        return 2
    from .loader import load

    dataset = load(args.source)
    # Resolve every ID before printing, so an unknown one leaves no partial output.
    lines = [cite_claim(dataset, c) for c in args.claim] + [cite_quote(dataset, q) for q in args.quote]
    print("\n".join(lines))
    return 0


COMMAND = register(Command("cite", "cite the dataset version, or trace a claim or quote to its source", configure, run))
