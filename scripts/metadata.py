#!/usr/bin/env python3
"""Generate CITATION.cff, .zenodo.json, docs/dataset.jsonld and croissant.json from datapackage.json.

Usage: ``python scripts/metadata.py [--check] [ROOT]`` (ROOT defaults to the repository).

The first three files are rendered by :func:`tools.metadata.render_metadata`,
``croissant.json`` by :func:`tools.croissant.croissant_text`, all from the
descriptor and the Table Schemas it names, and written atomically, each only
when its content changes (running twice changes nothing). ``--check`` writes
nothing and exits 1 when a file is missing or stale.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(REPO), str(REPO / "src")]

from csto_annotations._atomic import atomic_write_text  # noqa: E402
from csto_annotations._base._errors import DatasetError, DescriptorError  # noqa: E402
from tools.croissant import FILENAME as CROISSANT  # noqa: E402
from tools.croissant import croissant_text  # noqa: E402
from tools.metadata import render_metadata  # noqa: E402
from tools.paths import resolve_inside  # noqa: E402


def _json(path: Path) -> Any:
    """Parsed JSON, or DescriptorError naming the file."""
    try:
        return json.loads(path.read_text("utf-8"))
    except (OSError, ValueError) as error:
        raise DescriptorError(f"{path}: cannot read it as JSON ({error}); fix or restore the file.") from None


def read_package(root: Path) -> tuple[dict[str, Any], dict[str, dict[str, Any]]]:
    """The descriptor of the package at ``root`` and its tables' schemas, in descriptor order."""
    descriptor = _json(root / "datapackage.json")
    if not isinstance(descriptor, dict):
        raise DescriptorError(f"{root / 'datapackage.json'}: expected a JSON object.")
    schemas = {}
    for index, resource in enumerate(descriptor.get("resources", [])):
        schema = resource.get("schema") if isinstance(resource, dict) else None
        if isinstance(schema, str):
            where = f"datapackage.json resources[{index}].schema"
            schemas[str(resource.get("name"))] = _json(resolve_inside(root, schema, where=where))
    return descriptor, schemas


def render(descriptor: dict[str, Any], schemas: dict[str, dict[str, Any]]) -> dict[str, str]:
    """Every generated file: path relative to the package root -> text."""
    return {**render_metadata(descriptor, schemas), CROISSANT: croissant_text(descriptor, schemas)}


def stale(root: Path, files: dict[str, str]) -> list[Path]:
    """The generated files that are missing or differ from ``files``."""
    paths = [(root / relative, text) for relative, text in files.items()]
    return [path for path, text in paths if not path.is_file() or path.read_text("utf-8") != text]


def main(argv: list[str] | None = None) -> int:
    """Write (or with ``--check`` verify) the generated files; 0 on success, 1 otherwise."""
    parser = argparse.ArgumentParser(prog="scripts/metadata.py", description=__doc__.split("\n\n")[0])
    parser.add_argument("root", nargs="?", type=Path, default=REPO, help="package directory (default: the repository)")
    parser.add_argument("--check", action="store_true", help="write nothing; exit 1 if a generated file is stale")
    args = parser.parse_args(argv)
    root = args.root.resolve()
    try:
        files = render(*read_package(root))
    except DatasetError as error:
        print(f"error: {error}", file=sys.stderr)
        return 1
    outdated = stale(root, files)
    if args.check:
        for path in outdated:
            print(f"{path} is stale: run python scripts/metadata.py", file=sys.stderr)
        print(f"{len(outdated)} stale file(s)" if outdated else "metadata files are current")
        return 1 if outdated else 0
    for path in outdated:
        path.parent.mkdir(parents=True, exist_ok=True)
        atomic_write_text(path, files[str(path.relative_to(root))])
        print(f"wrote {path}")
    if not outdated:
        print(f"nothing to do: {', '.join(files)} are current")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
