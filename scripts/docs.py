#!/usr/bin/env python3
"""Render docs/tables.md from the Table Schemas.

Usage: ``python scripts/docs.py [--check]``; ``--check`` writes nothing and
exits 1 when the committed file is stale. A thin wrapper around :func:`tools.schemadocs.main`.
"""

from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT), str(ROOT / "src")]

from tools.schemadocs import main  # noqa: E402

if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
