#!/usr/bin/env python3
"""Benchmark load() and validate() against bare pandas.read_csv and frictionless at N times the data.

Usage: ``python scripts/benchmark.py [--sizes 1,10,100,500,1000] [--runs 5] [--slow-runs K] [--json FILE]``.
Prints a summary and writes ``docs/benchmarks.md``.
A thin wrapper around :func:`tools.benchmark.main`.
"""

from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT), str(ROOT / "src")]

from tools.benchmark import main  # noqa: E402

if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
