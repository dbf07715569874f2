"""Render a :class:`Diff` as a CHANGELOG.md section or as plain lines.

Both outputs may be printed on a terminal, and record IDs, column names and
the package name come from the data, so every control character in them is
escaped (``_base._text.printable``). In Markdown every such value is also a
code span or escaped text (``markdown_code``, ``markdown_text``): an ID such
as ``![x](http://e/)`` cannot plant an image or a link in a changelog.

Example
-------
>>> from csto_annotations._diff._compare import Diff
>>> from csto_annotations._diff._compare import TableDiff
>>> from csto_annotations._diff._schemas import Bump
>>> d = Diff("pkg", "1.0.0", "1.1.0", "", [TableDiff("claims", added=["CL-0077", "CL-0078"])], [], Bump.MINOR)
>>> print(text(d), end="")
pkg 1.0.0 → 1.1.0: required bump MINOR, declared MINOR (ok)
added: claims: 2 rows: CL-0077–CL-0078.
"""

from __future__ import annotations

from collections.abc import Callable

from .._base._text import printable
from .._markdown import markdown_code, markdown_text
from ._compare import Diff

# Digit runs longer than this are never read as numbers (int() refuses > 4,300 digits).
_MAX_NUMBER_DIGITS = 18
_DIGITS = "0123456789"
_PLACEHOLDER = " Reason and replacing IDs: <!-- fill in -->"
_SECTION_OF_KIND = {
    f"{what}{change}": change.capitalize() for what in ("", "table ", "text ") for change in ("added", "removed")
}


def _follows(previous: str, record_id: str) -> bool:
    """Whether ``record_id`` is the next number after ``previous`` with the same stem and width.

    Example
    -------
    >>> _follows("CL-0074", "CL-0075"), _follows("CL-0074", "CL-075"), _follows("csto", "csto")
    (True, False, False)
    """
    stem_a, stem_b = previous.rstrip(_DIGITS), record_id.rstrip(_DIGITS)
    digits_a, digits_b = previous[len(stem_a) :], record_id[len(stem_b) :]
    if stem_a != stem_b or not digits_a or len(digits_a) != len(digits_b) or len(digits_a) > _MAX_NUMBER_DIGITS:
        return False
    return int(digits_b) == int(digits_a) + 1


def ranges(ids: list[str], show: Callable[[str], str] = str) -> str:
    """``CL-0074–CL-0076, CL-0080``: runs of consecutive numbered IDs collapsed, each ID as ``show`` writes it.

    Example
    -------
    >>> ranges(["CL-0074", "CL-0075", "CL-0076", "CL-0080", "csto"])
    'CL-0074–CL-0076, CL-0080, csto'
    """
    runs: list[list[str]] = []
    for record_id in ids:
        if runs and _follows(runs[-1][-1], record_id):
            runs[-1].append(record_id)
        else:
            runs.append([record_id])
    return ", ".join(show(run[0]) if len(run) == 1 else f"{show(run[0])}–{show(run[-1])}" for run in runs)


def _plural(n: int, word: str) -> str:
    return f"{n} {word}{'' if n == 1 else 's'}"


def _sections(d: Diff, code: Callable[[str], str], prose: Callable[[str], str],
              placeholder: str = "") -> dict[str, list[str]]:  # fmt: skip
    """Changelog bullet lines under Added, Changed and Removed; ``code`` writes names and IDs, ``prose`` details."""
    sections: dict[str, list[str]] = {"Added": [], "Changed": [], "Removed": []}
    for c in d.schema:
        where = code(f"{c.table}.{c.column}" if c.column else c.table)
        bump = c.bump.name if c.bump else "documentation only"
        sections[_SECTION_OF_KIND.get(c.kind, "Changed")].append(f"{where}: {prose(c.detail)} ({bump})")
    for t in d.tables:
        name = code(t.table)
        if t.added:
            sections["Added"].append(f"{name}: {_plural(len(t.added), 'row')}: {ranges(t.added, code)}.")
        if t.changed:
            details = "; ".join(f"{code(i)} ({', '.join(code(c) for c in cols)})" for i, cols in t.changed.items())
            sections["Changed"].append(f"{name}: {_plural(len(t.changed), 'row')} corrected: {details}.")
        if t.removed:
            sections["Removed"].append(
                f"{name}: {_plural(len(t.removed), 'row')} withdrawn (IDs retired): "
                f"{ranges(t.removed, code)}.{placeholder}"
            )
    return sections


def verdict(d: Diff) -> str:
    """One line: versions, required and declared bump, and whether that is enough.

    Example
    -------
    >>> from csto_annotations._diff._schemas import Bump
    >>> verdict(Diff("pkg", "1.0.0", "1.0.0", "", [], [], Bump.NONE))
    'pkg 1.0.0 → 1.0.0: required bump NONE, declared NONE (ok)'
    """
    status = "ok" if d.ok else "NOT ENOUGH"
    line = f"{d.name} {d.old_version} → {d.new_version}: required bump {d.required.name}, declared {d.declared.name}"
    return printable(f"{line} ({status})", keep_newlines=False)


def markdown(d: Diff) -> str:
    """The changes as a CHANGELOG.md section (Keep a Changelog headings Added, Changed, Removed).

    The verdict goes in an HTML comment, so the block can be pasted as is.

    Example
    -------
    >>> from csto_annotations._diff._schemas import Bump
    >>> print(markdown(Diff("pkg", "1.0.0", "1.0.0", "", [], [], Bump.NONE)), end="")
    <!-- pkg 1.0.0 → 1.0.0: required bump NONE, declared NONE (ok) -->
    ## [Unreleased]
    <BLANKLINE>
    No changes to data or schemas.
    """
    heading = "## [Unreleased]"
    if d.old_version != d.new_version:
        heading = f"## [{markdown_text(d.new_version, line_start=False)}]"
        heading += f" - {markdown_text(d.new_date, line_start=False)}" if d.new_date else ""
    # "--" would end the comment early, so a hostile name cannot leak text out of it.
    lines = [f"<!-- {verdict(d).replace('--', '- -')} -->", heading]
    # Every value from the data is a code span (names, IDs) or escaped text (details): none is markup.
    sections = _sections(d, markdown_code, lambda value: markdown_text(value, line_start=False), _PLACEHOLDER)
    for title, items in sections.items():
        if items:
            lines += ["", f"### {title}"] + [f"- {item}" for item in items]
    if not any(sections.values()):
        lines += ["", "No changes to data or schemas."]
    return "\n".join(lines) + "\n"


def text(d: Diff) -> str:
    """The changes as plain lines: the verdict, then one line per change.

    Example
    -------
    >>> from csto_annotations._diff._schemas import Bump
    >>> text(Diff("pkg\\x1b[2J", "1.0.0", "1.0.0", "", [], [], Bump.NONE))
    'pkg\\\\x1b[2J 1.0.0 → 1.0.0: required bump NONE, declared NONE (ok)\\n'
    """
    lines = [verdict(d)]
    for title, items in _sections(d, str, str).items():
        lines += [printable(f"{title.lower()}: {item}", keep_newlines=False) for item in items]
    return "\n".join(lines) + "\n"
