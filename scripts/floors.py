#!/usr/bin/env python3
"""The floors ``pyproject.toml`` declares, as pip constraints: CI's oldest-dependencies job installs exactly these.

Usage: ``python scripts/floors.py [--python] [--extra NAME ...] [PYPROJECT]``
(PYPROJECT defaults to the repository's).

Prints one ``name==version`` line per core dependency (``project.dependencies``),
then per requirement of each ``--extra`` named, the version being its ``>=``
floor, for ``pip install -c``; with ``--python``,
the floor of ``requires-python`` (``3.11``), the Python that job runs on. The
floors are written once, in ``pyproject.toml``; this script derives, so the job
cannot drift from what the package declares. A requirement without exactly one
``>=`` bound has no single oldest version: it is refused, by name, with exit 1.
"""

from __future__ import annotations

import argparse
import sys
import tomllib
from pathlib import Path

from packaging.requirements import InvalidRequirement, Requirement
from packaging.specifiers import SpecifierSet

REPO = Path(__file__).resolve().parents[1]


def floor(requirement: str, specifier: SpecifierSet) -> str:
    """The version of the one ``>=`` bound in ``specifier``, or SystemExit naming ``requirement``.

    Example
    -------
    >>> floor("pandas>=2.2,<4", SpecifierSet(">=2.2,<4"))
    '2.2'
    """
    lower = [s.version for s in specifier if s.operator == ">="]
    if len(lower) != 1:
        raise SystemExit(f"floors: {requirement!r} needs exactly one '>=' floor, found {len(lower)}; declare one.")
    return lower[0]


def constraints(dependencies: list[str]) -> list[str]:
    """``name==floor`` for each requirement, in the order given.

    Example
    -------
    >>> constraints(["pandas>=2.2", "PyYAML>=6"])
    ['pandas==2.2', 'pyyaml==6']
    """
    lines = []
    for text in dependencies:
        try:
            requirement = Requirement(text)
        except InvalidRequirement as error:
            raise SystemExit(f"floors: {text!r} is not a requirement ({error}); fix pyproject.toml.") from None
        lines.append(f"{requirement.name.lower()}=={floor(text, requirement.specifier)}")
    return lines


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--python", action="store_true", help="print the floor of requires-python instead")
    parser.add_argument("--extra", action="append", default=[], help="also an optional extra's floors (repeatable)")
    parser.add_argument("pyproject", nargs="?", type=Path, default=REPO / "pyproject.toml")
    args = parser.parse_args(argv)
    project = tomllib.loads(args.pyproject.read_text("utf-8"))["project"]
    if args.python:
        spec = project["requires-python"]
        print(floor(f"requires-python {spec}", SpecifierSet(spec)))
        return 0
    extras = project.get("optional-dependencies", {})
    unknown = [name for name in args.extra if name not in extras]
    if unknown:
        raise SystemExit(f"floors: no extra named {unknown[0]!r} in pyproject.toml; it declares {sorted(extras)}.")
    chosen = project["dependencies"] + [r for name in args.extra for r in extras[name]]
    print("\n".join(dict.fromkeys(constraints(chosen))))
    return 0


if __name__ == "__main__":
    sys.exit(main())
