#!/usr/bin/env python3
"""Build dist/<name>-<version>.zip reproducibly and record it in releases.json.

Usage: ``python scripts/release.py [ROOT] [--dist DIR] [--registry FILE]``
(default: the repository root, ROOT/dist, and src/csto_annotations/releases.json).
A thin wrapper around :func:`csto_annotations.release.main`; exits 1 when the
release is refused (no CHANGELOG section, invalid package, stale CITATION.cff,
or the version already released with a different sha256).
"""

from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from csto_annotations.release import main  # noqa: E402

if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
