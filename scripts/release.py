#!/usr/bin/env python3
"""Build dist/<name>-<version>.zip reproducibly and record it in releases.json.

Usage: ``python scripts/release.py [ROOT] [--dist DIR] [--registry FILE]``
(default: the repository root, ROOT/dist, and src/csto_annotations/releases.json).
A thin wrapper around :func:`tools.release.main`; exits 1 when the release is
refused (no CHANGELOG section, a missing file, a CITATION.cff naming another
version, an invalid package, or the version already released with another sha256).
"""

from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT), str(ROOT / "src")]

from tools.release import main  # noqa: E402

if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
