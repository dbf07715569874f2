#!/usr/bin/env python3
"""Write a synthetic package N times the real one, for benchmarks.

Usage: ``python scripts/scale.py N --out DIR [--source SOURCE]``.
A thin wrapper around :func:`tools.scale.main`.
"""

from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT), str(ROOT / "src")]

from tools.scale import main  # noqa: E402

if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
