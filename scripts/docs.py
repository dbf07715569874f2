"""Render docs/tables.md from the Table Schemas (thin: calls the package).

Usage: python scripts/docs.py [--check]
"""

from __future__ import annotations

import sys
from pathlib import Path

from csto_annotations.atomic import atomic_write_text
from csto_annotations.schemadocs import render

ROOT = Path(__file__).resolve().parents[1]
TARGET = ROOT / "docs" / "tables.md"


def main() -> int:
    rendered = render(ROOT)
    if "--check" in sys.argv:
        if not TARGET.exists() or TARGET.read_text(encoding="utf-8") != rendered:
            print(f"{TARGET} is stale: run python scripts/docs.py")
            return 1
        print(f"{TARGET} is current")
        return 0
    atomic_write_text(TARGET, rendered)
    print(f"wrote {TARGET}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
