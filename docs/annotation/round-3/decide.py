#!/usr/bin/env python3
"""Round 3's adjudication: list the annotators' disputes, then build the consensus from the decisions.

Usage, from the repository's root::

    python docs/annotation/round-3/decide.py --codebook docs/codebook-blind.md

1. Reads ``annotator-1/`` … ``annotator-N/`` beside this file (entities, citations, mentions,
   quotes, claims and claim_entities, as CSV in the release's layout) and, when present,
   ``entity-naming.csv`` (``annotator,their_id,consensus_id``), aligns the annotations and writes
   ``disputes.csv``: one row per disagreement (``dispute_id,table,field,majority`` and each
   annotator's ``_id``, ``_span`` and ``_value``). Prints the codebook's sha256.
2. When ``decisions.csv`` (``dispute_id,decision,rule,reason``) exists, builds ``adjudicated/``:
   agreed items and fields as they are; each dispute of a kept item by its decision (``majority``,
   ``annotator-K`` or the value as ``disputes.csv`` shows it), citing a rule ID of the codebook.
   Fails, naming them, on disputes without a decision. Run it again after each change.

The logic is ``tools/adjudication.py`` (tested in ``tests/tools/test_adjudication.py``); this file
only finds the repository and this folder. It never reads ``data/`` or the full codebook.
"""

from __future__ import annotations

import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[2]
sys.path[:0] = [str(ROOT), str(ROOT / "src")]

from tools.adjudication import main  # noqa: E402

if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:], study=HERE))
