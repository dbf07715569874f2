"""Recompute inter-annotator agreement and print the report's figures table.

Usage: python scripts/agreement.py [--check]

Compares the blind second pass (docs/annotation/second-pass/) with the first
pass before reconciliation (docs/annotation/first-pass/), with the reconciled
pass (docs/annotation/reconciled/) and with the released tables (data/), which
also carry the fixes of the independent review. With --check, exits 1 when the table in
docs/annotation-report.md differs from the recomputed one.
"""

from __future__ import annotations

import csv
import sys
from pathlib import Path

from csto_annotations.agreement import compare, markdown_table

ROOT = Path(__file__).resolve().parents[1]
REPORT = ROOT / "docs" / "annotation-report.md"
START, END = "<!-- figures:start -->\n", "<!-- figures:end -->"


def read(folder: Path) -> dict:
    def rows(name: str) -> list[dict]:
        with open(folder / name, encoding="utf-8", newline="") as handle:
            return list(csv.DictReader(handle))

    return {"claims": rows("claims.csv"), "quotes": rows("quotes.csv")}


def figures() -> str:
    text = (ROOT / "data" / "texts" / "edm-4-191.txt").read_text(encoding="utf-8")
    second = read(ROOT / "docs" / "annotation" / "second-pass")
    before = compare("before reconciliation (first pass vs blind pass)", text,
                     read(ROOT / "docs" / "annotation" / "first-pass"), second)
    after = compare("after reconciliation (reconciled pass vs blind pass)", text,
                    read(ROOT / "docs" / "annotation" / "reconciled"), second)
    release = compare("release (reconciled, then reviewed; data/ vs blind pass)", text,
                      read(ROOT / "data"), second)
    return markdown_table([before, after, release])


def main() -> int:
    table = figures()
    if "--check" in sys.argv:
        report = REPORT.read_text(encoding="utf-8")
        current = report.split(START, 1)[1].split(END, 1)[0] if START in report else ""
        if current != table:
            print(f"{REPORT}: figures table is stale; run python scripts/agreement.py and paste it")
            return 1
        print("annotation report figures are current")
        return 0
    print(table, end="")
    return 0


if __name__ == "__main__":
    sys.exit(main())
