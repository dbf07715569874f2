#!/usr/bin/env python3
"""Print the package's lines of code per module, per layer, on the loading path and in the wheel.

Usage: ``python scripts/loc.py``. Exits 1, naming each, when the loading path or the wheel is over its
budget in ``[tool.csto-annotations.budget]`` of pyproject.toml. Docstrings, comments and blank lines
are not code. A thin wrapper around :func:`tools.loc.main`.
"""

from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT), str(ROOT / "src")]

from tools.loc import main  # noqa: E402

if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
