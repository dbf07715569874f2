"""The reports: Keep a Changelog layout, ranges of IDs, and no raw control characters from the data."""

from __future__ import annotations

import re

from csto_annotations._diff import Bump, Diff, SchemaChange, TableDiff, markdown, text
from csto_annotations._diff._report import ranges

HOSTILE = "CL-\x1b]0;pwned\x07\x1b[2J\r\u202e9"
RAW_CONTROL = re.compile("[\x00-\x09\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")


def hostile_diff() -> Diff:
    tables = [TableDiff("claims", added=[HOSTILE], removed=["CL-0001"], changed={HOSTILE: ["notes\x1b[1m"]})]
    schema = [SchemaChange("entities", "col\x1b[31m", "added", "new column (string)", Bump.MAJOR)]
    return Diff("pkg\x1b[2J --> <b>", "1.0.0", "2.0.0", "2026-12-01", tables, schema, Bump.MAJOR)


def test_text_escapes_every_control_character_from_the_data() -> None:
    out = text(hostile_diff())
    assert RAW_CONTROL.search(out) is None
    assert out.count("\n") == len(out.splitlines()) == 5  # one line per change, however the values are built
    assert "\\x1b]0;pwned\\x07\\x1b[2J\\x0d\\u202e9" in out and "col\\x1b[31m" in out and "notes\\x1b[1m" in out
    assert out.startswith("pkg\\x1b[2J --> <b> 1.0.0 → 2.0.0: required bump MAJOR, declared MAJOR (ok)\n")


def test_markdown_escapes_control_characters_and_keeps_the_verdict_inside_its_comment() -> None:
    out = markdown(hostile_diff())
    assert RAW_CONTROL.search(out) is None
    first = out.splitlines()[0]
    assert first.startswith("<!-- ") and first.endswith(" -->") and first.count("-->") == 1
    assert out.splitlines()[1] == "## [2.0.0] - 2026-12-01"
    assert "### Added\n- `entities.col\\x1b[31m`: new column (string) (MAJOR)\n" in out
    assert "### Removed\n- `claims`: 1 row withdrawn (IDs retired): `CL-0001`. Reason and replacing IDs:" in out


def test_ranges_collapse_runs_and_never_convert_huge_numbers() -> None:
    assert ranges(["CL-0074", "CL-0075", "CL-0076", "CL-0080", "CT-0081"]) == "CL-0074–CL-0076, CL-0080, CT-0081"
    assert ranges(["CL-0009", "CL-0010", "CL-9", "CL-10"]) == "CL-0009–CL-0010, CL-9, CL-10"  # same width only
    huge = ["X-" + "9" * 5000, "X-1" + "0" * 5000]
    assert ranges(huge) == ", ".join(huge)  # no ValueError from int() on 5,000 digits
