#!/usr/bin/env python3
"""Recompute the blind study's agreement and write it into docs/annotation-report.md.

Usage: ``python scripts/agreement.py [--check]``. Compares blind annotators A and B
(docs/annotation/blind-a/, blind-b/) with each other and with the released tables
(data/), for claims, quotes and mentions, after the adjudication's naming map
(docs/annotation/adjudication/naming.csv). Writes the span, kappa and confusion blocks
between their markers in the report and prints them; with --check, writes nothing and
exits 1 when the report is stale. A thin wrapper around :func:`tools.agreement.main`.
"""

from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT), str(ROOT / "src")]

from tools.agreement import main  # noqa: E402

if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
