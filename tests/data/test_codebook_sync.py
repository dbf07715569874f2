"""The two editions of the codebook carry the same rules (standard library only).

Convention, stated at the top of both files: a rule is one line that begins with
its bold ID (``**R6.2.3**``) followed by a space and the normative text. Example
lines (``  - Example: ...``), prose and tables are not rules. The editions must
have the same rule IDs, in the same order, with the same normative text; the blind
edition must carry no decision about the annotated article.
"""

from __future__ import annotations

import csv
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
FULL = ROOT / "docs" / "codebook.md"
BLIND = ROOT / "docs" / "codebook-blind.md"
RULE = re.compile(r"^\*\*(R\d+(?:\.\d+)+)\*\* (\S.*)$")
BOLD_ID = re.compile(r"\*\*R\d+(?:\.\d+)+\*\*")
CONVENTION = "A rule is one line that begins with its bold rule ID"


def rules(path: Path) -> list[tuple[str, str]]:
    """(rule ID, normative text) pairs in file order."""
    found = []
    for line in path.read_text(encoding="utf-8").splitlines():
        match = RULE.match(line)
        if match:
            found.append((match.group(1), match.group(2).rstrip()))
    return found


def test_rules_parse_from_the_rule_lines_only():
    sample = "**R1.1** Rule text.\n  - Example: not a rule.\nProse **R9.9** inside.\n**R1.2**no space\n"
    parsed = [RULE.match(line) for line in sample.splitlines()]
    assert [m.group(1) for m in parsed if m] == ["R1.1"]


def test_both_editions_state_the_convention():
    for path in (FULL, BLIND):
        assert CONVENTION in path.read_text(encoding="utf-8"), path


def test_every_bold_rule_id_stands_at_the_start_of_a_rule_line():
    # A rule ID elsewhere in a line (a rule written inside a list item, say) would escape the comparison.
    for path in (FULL, BLIND):
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            if BOLD_ID.search(line):
                assert RULE.match(line), f"{path.name} line {number}: rule ID not at a rule line's start"


def test_rule_ids_are_unique_in_each_edition():
    for path in (FULL, BLIND):
        ids = [rule_id for rule_id, _ in rules(path)]
        assert len(ids) == len(set(ids)), path
        assert len(ids) > 50, f"{path.name}: too few rules parsed ({len(ids)})"


def test_the_editions_have_the_same_rules_word_for_word():
    full, blind = rules(FULL), rules(BLIND)
    assert [i for i, _ in full] == [i for i, _ in blind], "rule IDs or their order differ"
    differing = [i for (i, a), (_, b) in zip(full, blind) if a != b]
    assert differing == [], f"normative text differs in {differing}"


def test_the_blind_edition_names_nothing_from_the_article():
    text = BLIND.read_text(encoding="utf-8")
    with open(ROOT / "data" / "mentions.csv", encoding="utf-8", newline="") as handle:
        surface = {row["exact"] for row in csv.DictReader(handle)}
    with open(ROOT / "data" / "entities.csv", encoding="utf-8", newline="") as handle:
        surface |= {row["name"] for row in csv.DictReader(handle)}
    leaked = sorted(s for s in surface if len(s) >= 4 and re.search(rf"(?<!\w){re.escape(s)}(?!\w)", text))
    assert leaked == []
    ids = re.findall(r"\b(?:CL|MN|QT|CT|UT)-\d{4,}\b", text)
    assert ids == [], "the blind edition cites records of the annotated article"
    assert "Hard cases" not in text and "Changes" not in text
