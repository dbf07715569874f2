#!/usr/bin/env python3
"""Benchmark load() and validate() against pandas and frictionless at N× the data.

Usage: ``python scripts/benchmark.py [--sizes 1,10,100,1000,10000] [--runs 5]``.
Prints a table and writes ``docs/benchmarks.md`` and ``docs/benchmarks.png``.
A thin wrapper around :func:`csto_annotations.benchmark.main`; the full run
(up to N = 10,000, about 4.5 million rows) takes the better part of an hour.
"""

from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from csto_annotations.benchmark import main  # noqa: E402

if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
