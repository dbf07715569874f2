"""The ``view`` subcommand: write the annotated article as one HTML page.

``python -m csto_annotations view [SOURCE] [--out FILE] [--open]`` loads
SOURCE (anything :func:`csto_annotations.load` accepts; the bundled copy by
default) and writes a self-contained page (see :mod:`csto_annotations.viewer`).

Example
-------
>>> from csto_annotations.cli import COMMANDS
>>> import csto_annotations.cli_view
>>> "view" in [c.name for c in COMMANDS]
True
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from .cli import Command, register

__all__ = ["DEFAULT_OUT"]

#: The page's file name when ``--out`` is not given (in the current directory).
DEFAULT_OUT = "csto-annotations-view.html"


def _configure(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("source", nargs="?", default=None,
                        help="directory, datapackage.json, .zip or URL (default: the bundled copy)")
    parser.add_argument("--version", dest="release", default=None, metavar="VERSION",
                        help="view this release from the registry instead of SOURCE")
    parser.add_argument("--out", type=Path, default=None, metavar="FILE",
                        help=f"the HTML file to write (default: ./{DEFAULT_OUT})")
    parser.add_argument("--open", action="store_true", help="open the page in the default web browser")


def _run(args: argparse.Namespace) -> int:
    """Load, render, write; print the path; optionally open it."""
    from .loader import load
    from .viewer import write_view

    if args.source is not None and args.release is not None:
        print("error: give SOURCE or --version, not both", file=sys.stderr)
        return 2
    dataset = load(args.source, version=args.release)
    path = write_view(dataset, args.out if args.out is not None else Path.cwd() / DEFAULT_OUT)
    print(f"wrote {path}")
    if args.open:
        import webbrowser

        # A page that cannot be opened is still written: say so, but succeed.
        if not webbrowser.open(path.resolve().as_uri()):
            print("note: no web browser could be started; open the file yourself")
    return 0


COMMAND = register(Command("view", "write the annotated article as one self-contained HTML page", _configure, _run))
