#!/usr/bin/env python3
"""Fill ``cue_start``/``cue_end`` of claims from the ``cue`` text (codebook R9.1, R9.2).

Usage: ``python scripts/anchor_cues.py [ROOT]`` after ``python -m csto_annotations build``
(which anchors the claims' own spans); it then runs the build again so that
``datapackage.json`` re-measures the rewritten ``claims.csv``.

Where a cue is anchored (codebook R6.6.3):

* a row with ``cue_start`` filled and ``cue_end`` empty takes the first occurrence
  of ``cue`` at or after ``cue_start``;
* a ``reported`` claim takes the first occurrence inside its own span;
* a ``quoted`` claim takes the first occurrence after the end of the first part
  of its quote's utterance (the attribution follows the first part).

Nothing is written when a cue cannot be found; offsets already filled are kept.
"""

from __future__ import annotations

import csv
import io
import os
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def read_rows(path: Path) -> tuple[list[str], list[dict[str, str]]]:
    """Header and rows of a CSV file."""
    with open(path, encoding="utf-8", newline="") as handle:
        reader = csv.DictReader(handle)
        return list(reader.fieldnames or []), list(reader)


def utterance_first_ends(quotes: list[dict[str, str]]) -> dict[str, int]:
    """quote_id -> end offset of the first part of that quote's utterance."""
    first: dict[str, int] = {}
    for quote in quotes:
        end = int(quote["end"])
        first[quote["utterance_id"]] = min(first.get(quote["utterance_id"], end), end)
    return {q["quote_id"]: first[q["utterance_id"]] for q in quotes}


def locate(claim: dict[str, str], text: str, first_end: dict[str, int]) -> int | str:
    """Offset of the claim's cue, or the reason it was not found."""
    cue = claim["cue"]
    if claim["cue_start"]:
        found = text.find(cue, int(claim["cue_start"]))
    elif claim["attribution"] == "reported":
        start, end = int(claim["start"]), int(claim["end"])
        found = text.find(cue, start, end)
    elif claim["attribution"] == "quoted" and claim["quote_id"] in first_end:
        found = text.find(cue, first_end[claim["quote_id"]])
    else:
        return f"attribution {claim['attribution']!r} takes no cue"
    return found if found >= 0 else f"cue {cue!r} not found where codebook R6.6.3 puts it"


def anchor(root: Path) -> list[str]:
    """Fill the cue offsets of ``root``'s claims; return the errors (nothing is written if any)."""
    text = (root / "data" / "texts" / "edm-4-191.txt").read_text(encoding="utf-8")
    fields, claims = read_rows(root / "data" / "claims.csv")
    _, quotes = read_rows(root / "data" / "quotes.csv")
    first_end = utterance_first_ends(quotes)
    errors, changed = [], False
    for number, claim in enumerate(claims, start=2):
        if not claim["cue"] or (claim["cue_start"] and claim["cue_end"]):
            continue
        found = locate(claim, text, first_end)
        if isinstance(found, str):
            errors.append(f"data/claims.csv row {number} ({claim['claim_id']}): {found}")
            continue
        claim["cue_start"], claim["cue_end"] = str(found), str(found + len(claim["cue"]))
        changed = True
    if changed and not errors:
        write_atomically(root / "data" / "claims.csv", fields, claims)
    return errors


def write_atomically(path: Path, fields: list[str], rows: list[dict[str, str]]) -> None:
    """Write the CSV (LF line ends, minimal quoting) via a temporary file and a rename."""
    buffer = io.StringIO(newline="")
    writer = csv.DictWriter(buffer, fieldnames=fields, lineterminator="\n", quoting=csv.QUOTE_MINIMAL)
    writer.writeheader()
    writer.writerows(rows)
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.")
    with os.fdopen(handle, "w", encoding="utf-8", newline="") as out:
        out.write(buffer.getvalue())
    os.replace(temporary, path)


def main(argv: list[str]) -> int:
    root = Path(argv[0]) if argv else ROOT
    errors = anchor(root)
    for error in errors:
        print(error, file=sys.stderr)
    if errors:
        return 1
    sys.path.insert(0, str(ROOT / "src"))
    from csto_annotations.cli import main as cli_main

    return int(cli_main(["build", str(root)]) or 0)


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
