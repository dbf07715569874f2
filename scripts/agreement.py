#!/usr/bin/env python3
"""Recompute inter-annotator agreement and print the report's figures table.

Usage: ``python scripts/agreement.py [--check]``. Compares the blind second
pass (docs/annotation/second-pass/) with the first pass, the reconciled pass
and the released tables (data/). With --check, exits 1 when the table in
docs/annotation-report.md differs. A thin wrapper around :func:`tools.agreement.main`.
"""

from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT), str(ROOT / "src")]

from tools.agreement import main  # noqa: E402

if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
