"""``python -m csto_annotations diff OLD NEW``: what changed, and the bump it requires.

Usage::

    python -m csto_annotations diff OLD NEW [--format markdown|text] [--declared auto|none|patch|minor|major]

OLD and NEW are directories, ``datapackage.json`` paths, zips, URLs or
released versions (``1.0.0``). The report lists added, withdrawn and changed
records by ID with the changed columns, schema and text changes, and the bump
``docs/versioning.md`` requires. ``--declared auto`` (the default) takes the
declared bump from the two descriptors' versions.

Exit codes: 0 when the declared bump covers the required one; 1 when it is
smaller (or a side cannot be loaded); 2 for usage errors.

Example
-------
>>> from csto_annotations.cli import main
>>> main(["diff", ".", ".", "--format", "text"])  # doctest: +SKIP
csto-annotations 1.0.0 → 1.0.0: required bump NONE, declared NONE (ok)
0
"""

from __future__ import annotations

import argparse
import sys

from .cli import Command, register

__all__ = ["configure", "run"]

_DECLARED = ("auto", "none", "patch", "minor", "major")


def configure(parser: argparse.ArgumentParser) -> None:
    """Add the ``diff`` arguments."""
    parser.add_argument("old", help="the earlier version: path, zip, URL or released version (1.0.0)")
    parser.add_argument("new", help="the later version: path, zip, URL or released version")
    parser.add_argument("--format", "-f", choices=("markdown", "text"), default="markdown",
                        help="markdown (a CHANGELOG.md section, the default) or plain text")
    parser.add_argument("--declared", choices=_DECLARED, default="auto",
                        help="the declared bump; auto reads it from the two versions (default)")


def run(args: argparse.Namespace) -> int:
    """Print the report; exit 1 when the declared bump is smaller than required."""
    from . import diff as differ

    declared = None if args.declared == "auto" else differ.Bump[args.declared.upper()]
    result = differ.diff(args.old, args.new, declared)
    sys.stdout.write(differ.markdown(result) if args.format == "markdown" else differ.text(result))
    if not result.ok:
        print(f"error: the declared bump {result.declared.name} ({result.old_version} → {result.new_version}) "
              f"is smaller than the required {result.required.name}; raise the version in datapackage.json "
              "as docs/versioning.md says.", file=sys.stderr)
        return 1
    return 0


COMMAND = register(Command("diff", "compare two versions: changed records, schema changes, required version bump", configure, run))
