#!/usr/bin/env python3
"""Generate CITATION.cff, .zenodo.json and docs/dataset.jsonld from datapackage.json.

Usage: ``python scripts/metadata.py [--check] [ROOT]`` (default: the repository root).
A thin wrapper around :func:`csto_annotations.metadata.main`; ``--check``
writes nothing and exits 1 when a generated file is stale.
"""

from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from csto_annotations.metadata import main  # noqa: E402

if __name__ == "__main__":
    args = sys.argv[1:]
    raise SystemExit(main(args if any(not a.startswith("-") for a in args) else [*args, str(ROOT)]))
