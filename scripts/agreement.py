#!/usr/bin/env python3
"""Recompute the blind studies' agreement and write it into docs/annotation-report.md.

Usage: ``python scripts/agreement.py [--check]``. Round 2: blind annotators A and B
(docs/annotation/blind-a/, blind-b/) against each other and release 2.0.0 as published,
after round 2's naming map. Round 3 (docs/annotation/round-3/, see its README.md): every
pair of annotators, each annotator and the release (data/) against the adjudicated
consensus; skipped, and said so, while no annotator-* folder exists. Writes every block
between its markers in the report and prints them; with --check, writes nothing and exits 1
when the report is stale. Exits 1, naming the problem, when a round-3 file is missing or
malformed, disputes.csv or adjudicated/ is not what decide.py makes, or a difference between
the release and the consensus lacks an explanation. A thin wrapper around
:func:`tools.agreement.main`.
"""

from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT), str(ROOT / "src")]

from tools.agreement import main  # noqa: E402

if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
