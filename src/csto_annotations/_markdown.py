"""Markdown that renders as its own text: the diff report and the Hugging Face card write values with these.

A hostile package can put Markdown or HTML in titles, IDs, descriptions and
cells. Every value an output writes into Markdown goes through
:func:`markdown_text`, :func:`markdown_prose`, :func:`markdown_code` or
:func:`markdown_fence`, so it shows as the text it is, with control characters
escaped as :func:`~._base._text.printable` does. A load never writes Markdown,
so this module sits with the outputs, above the loading path.

Example
-------
>>> print(markdown_text("*CSTO*"))
\\*CSTO\\*
"""

from __future__ import annotations

import re

from ._base._text import printable

# What can open a Markdown construct anywhere in a line: emphasis, code, links and images, raw HTML,
# entities, tables, math, and the autolinks of GitHub (``http://``, ``www.``, ``a@b``) ...
_MARKDOWN = re.compile(r"[!#$&*<>@\[\\\]^_`{|}~]|:(?=/)|(?<=[wW]{3})\.")
# ... and only at the start of a line: a list item, a thematic break or a setext underline.
_LEADING_MARKER = re.compile(r"^(?:[-+=]|\d+[.)])")
_BACKTICKS = re.compile("`+")
# A code span: a run of backticks, then text, then a run of the same length (CommonMark).
_CODE_SPAN = re.compile(r"(?<!`)(`+)(?!`)(.+?)(?<!`)\1(?!`)")


def markdown_text(value: object, *, line_start: bool = True) -> str:
    """``value`` as one line of Markdown that renders as its own text, never as markup.

    Whitespace runs (line breaks included) become one space, control characters
    are escaped as :func:`printable` does, and every ASCII punctuation character
    that can open a construct there is backslash-escaped (CommonMark allows that
    for any of them): ``:`` before ``/`` and ``.`` after ``www`` (autolinks), and
    ``-``, ``+``, ``=`` or ``1.`` at the start (a list or a heading), unless
    ``line_start=False`` says the value follows other text on its line. An ID
    such as ``![x](http://e/)`` cannot plant an image; plain prose keeps its look.

    Example
    -------
    >>> print(markdown_text("![x](http://e/) <b>*hi*</b>\\nnext"))
    \\!\\[x\\](http\\://e/) \\<b\\>\\*hi\\*\\</b\\> next
    >>> print(markdown_text("1. CSTO: a safe choice, vol. 4 - see www.x.org"))
    1\\. CSTO: a safe choice, vol. 4 - see www\\.x.org
    """
    return _markdown_escape(printable(" ".join(str(value).split())), line_start)


def _markdown_escape(text: str, line_start: bool) -> str:
    text = _MARKDOWN.sub(lambda m: "\\" + m.group(), text)
    return _LEADING_MARKER.sub(lambda m: m.group()[:-1] + "\\" + m.group()[-1], text) if line_start else text


def markdown_prose(value: object, *, line_start: bool = True, in_table: bool = False) -> str:
    """A description as :func:`markdown_text` writes it, but keeping the code spans it writes (```x```).

    Frictionless descriptions are Markdown; a code span is the one construct in
    which nothing is markup, so it is kept as written (its ``|`` escaped in a
    table cell) and everything around it is escaped.

    Example
    -------
    >>> print(markdown_prose("Key of `documents`; *not* <b>bold</b>"))
    Key of `documents`; \\*not\\* \\<b\\>bold\\</b\\>
    """
    text = printable(" ".join(str(value).split()))
    parts, last = [], 0
    for span in _CODE_SPAN.finditer(text):
        code = span.group().replace("|", "\\|") if in_table else span.group()
        parts += [_markdown_escape(text[last : span.start()], line_start and last == 0), code]
        last = span.end()
    return "".join([*parts, _markdown_escape(text[last:], line_start and last == 0)])


def markdown_code(value: object, *, in_table: bool = False) -> str:
    """``value`` as a Markdown code span, inside which nothing is markup.

    The fence is one backtick longer than the longest run inside; a value that
    starts or ends with a backtick or a space is padded, as CommonMark strips
    one space from each side. ``in_table`` escapes ``|``, which ends a cell of
    a GitHub table even inside a code span.

    Example
    -------
    >>> markdown_code("CL-0001"), markdown_code("a`b"), markdown_code("x|y", in_table=True)
    ('`CL-0001`', '``a`b``', '`x\\\\|y`')
    """
    text = printable(value, keep_newlines=False) or " "
    fence = "`" * (max((len(run) for run in _BACKTICKS.findall(text)), default=0) + 1)
    pad = " " if text[0] in "` " or text[-1] in "` " else ""
    code = f"{fence}{pad}{text}{pad}{fence}"
    return code.replace("|", "\\|") if in_table else code


def markdown_fence(text: str, info: str = "") -> list[str]:
    """``text`` as the lines of a fenced code block that no line of it can close.

    Example
    -------
    >>> markdown_fence("a\\n```\\nb", "text")
    ['````text', 'a', '```', 'b', '````']
    """
    body = printable(text)
    fence = "`" * max(3, max((len(run) for run in _BACKTICKS.findall(body)), default=0) + 1)
    return [fence + info, *body.split("\n"), fence]
