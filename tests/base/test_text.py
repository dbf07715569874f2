"""``_base/_text.printable``: every control character reaches a terminal as a visible escape, nothing else changes."""

from __future__ import annotations

import unicodedata

import pytest

from csto_annotations._base._text import printable

#: The characters that must be escaped, written out: C0 but tab and LF, DEL, C1, and the bidirectional controls.
CONTROLS = (
    [c for c in range(0x20) if c not in (0x09, 0x0A)] + list(range(0x7F, 0xA0))
    + [0x200E, 0x200F, 0x202A, 0x202B, 0x202C, 0x202D, 0x202E, 0x2066, 0x2067, 0x2068, 0x2069]
)  # fmt: skip


@pytest.mark.parametrize("code", CONTROLS, ids=hex)
def test_each_control_character_is_escaped(code: int) -> None:
    escape = f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"
    assert printable(f"a{chr(code)}b") == f"a{escape}b"
    assert printable(f"a{chr(code)}b", keep_newlines=False) == f"a{escape}b"


def test_no_other_character_of_the_first_plane_is_touched() -> None:
    kept = "".join(chr(c) for c in range(0x10000) if c not in CONTROLS and not 0xD800 <= c < 0xE000 and c != 0x0A)
    assert printable(kept) == kept
    # what the list leaves out: formats and separators that do not reorder or move the cursor
    assert unicodedata.category("\u200b") == "Cf" and printable("a\u200bb\u2028c") == "a\u200bb\u2028c"


def test_newlines_are_kept_unless_asked_and_tabs_always() -> None:
    assert printable("a\tb\nc") == "a\tb\nc"
    assert printable("a\tb\nc\r\n", keep_newlines=False) == "a\tb\\x0ac\\x0d\\x0a"


def test_an_escape_sequence_cannot_survive_and_non_strings_are_shown_by_str() -> None:
    attack = "CL-0001\x1b]0;owned\x07\x1b[2J\u202etxt.exe"
    shown = printable(attack)
    assert not any(ord(ch) in CONTROLS for ch in shown)
    assert shown == "CL-0001\\x1b]0;owned\\x07\\x1b[2J\\u202etxt.exe"
    assert printable(3) == "3" and printable(None) == "None" and printable(["\x1b"]) == "['\\x1b']"


def test_escaping_leaves_a_backslash_in_the_data_as_it_is_so_escaping_twice_changes_nothing() -> None:
    assert printable("\\x1b") == "\\x1b"  # a literal backslash-x in the data is printed as it is
    assert printable(printable("\x1b")) == "\\x1b"
