"""Make any value safe to print on a terminal.

Hostile packages can put ANSI escape sequences or other control characters in
titles, IDs and cells. Every value the package prints goes through
:func:`printable`, which shows each control character as a visible escape.
Values written into Markdown go through :mod:`csto_annotations._markdown`,
which escapes them with :func:`printable` too.

Example
-------
>>> printable("CSTO\\x1b[2J")
'CSTO\\\\x1b[2J'
"""

from __future__ import annotations

import re
from functools import lru_cache

# C0 and C1 controls, DEL, and the bidirectional overrides that reorder text.
_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u200e\u200f\u202a-\u202e\u2066-\u2069]")


def _escape(match: re.Match[str]) -> str:
    code = ord(match.group())
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def printable(value: object, *, keep_newlines: bool = True) -> str:
    """Return ``str(value)`` with every control character escaped.

    Parameters
    ----------
    value : object
        What to print.
    keep_newlines : bool, default True
        Keep LF (``"\\n"``) as is; tabs are always kept.

    Returns
    -------
    str
        The text, safe for a terminal.

    Example
    -------
    >>> printable("a\\tb\\nc\\rd", keep_newlines=False)
    'a\\tb\\\\x0ac\\\\x0dd'
    """
    text = _CONTROL.sub(_escape, str(value))
    if not keep_newlines:
        text = text.replace("\n", "\\x0a")
    return text


# The codebook's sentence rule: a sentence ends at . ? or ! (optionally followed by a closing quotation mark) when
# white space and a capital letter or an opening quotation mark follow, or at the end of its paragraph (line).
# Abbreviations such as "U.S." are not followed by a capital in this corpus; the rule is kept simple on purpose.
_SENTENCE = re.compile(r"\S.*?(?:[.?!]”?(?=\s+[“A-Z])|$)")


@lru_cache(maxsize=64)
def sentences(text: str) -> list[tuple[int, int]]:
    """Half-open spans of the sentences of every paragraph (line) of ``text`` (cached: replicas share texts).

    Example
    -------
    >>> sentences("A b. “C d.” E\\nF")
    [(0, 4), (5, 11), (12, 13), (14, 15)]
    """
    spans = []
    for line in re.finditer(r"[^\n]+", text):
        for match in _SENTENCE.finditer(line.group()):
            spans.append((line.start() + match.start(), line.start() + match.end()))
    return spans
