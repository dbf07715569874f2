#!/usr/bin/env python3
"""Write the module tables of docs/architecture.md from the tree, and check the names its prose cites.

Usage: ``python scripts/architecture.py [--check]``; ``--check`` writes nothing and exits 1 when the
tables are stale. Either way, exits 1 naming every inline-code name of the page that names nothing in
the tree. A thin wrapper around :func:`tools.architecture.main`.
"""

from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT), str(ROOT / "src")]

from tools.architecture import main  # noqa: E402

if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
