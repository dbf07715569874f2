#!/usr/bin/env python3
"""Fill offsets from exact text and re-measure bytes and hashes (codebook §8).

Usage: ``python scripts/build.py [ROOT]`` (default: the repository root).
A thin wrapper around ``python -m csto_annotations build``.
"""

from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from csto_annotations._cli import main  # noqa: E402

if __name__ == "__main__":
    raise SystemExit(main(["build", *(sys.argv[1:] or [str(ROOT)])]))
