"""Render a :class:`Diff` as a CHANGELOG.md section or as plain lines.

Both outputs may be printed on a terminal, and record IDs, column names and
the package name come from the data, so every control character in them is
escaped (``_base._text.printable``).

Example
-------
>>> from csto_annotations._diff._compare import Diff
>>> from csto_annotations._diff._records import TableDiff
>>> from csto_annotations._diff._schemas import Bump
>>> d = Diff("pkg", "1.0.0", "1.1.0", "", [TableDiff("claims", added=["CL-0077", "CL-0078"])], [], Bump.MINOR)
>>> print(text(d), end="")
pkg 1.0.0 → 1.1.0: required bump MINOR, declared MINOR (ok)
added: claims: 2 rows: CL-0077–CL-0078.
"""

from __future__ import annotations

from .._base._text import printable
from ._compare import Diff
from ._records import split_number

# Digit runs longer than this are never read as numbers (int() refuses > 4,300 digits).
_MAX_NUMBER_DIGITS = 18
_PLACEHOLDER = " Reason and replacing IDs: <!-- fill in -->"
_SECTION_OF_KIND = {
    "added": "Added",
    "table added": "Added",
    "text added": "Added",
    "removed": "Removed",
    "table removed": "Removed",
    "text removed": "Removed",
}


def _follows(previous: str, record_id: str) -> bool:
    """Whether ``record_id`` is the next number after ``previous`` with the same stem and width."""
    (stem_a, digits_a), (stem_b, digits_b) = split_number(previous), split_number(record_id)
    if stem_a != stem_b or not digits_a or len(digits_a) != len(digits_b) or len(digits_a) > _MAX_NUMBER_DIGITS:
        return False
    return int(digits_b) == int(digits_a) + 1


def ranges(ids: list[str]) -> str:
    """``CL-0074–CL-0076, CL-0080``: runs of consecutive numbered IDs collapsed.

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
    return ", ".join(run[0] if len(run) == 1 else f"{run[0]}–{run[-1]}" for run in runs)


def _plural(n: int, word: str) -> str:
    return f"{n} {word}{'' if n == 1 else 's'}"


def _sections(d: Diff, placeholder: str = "") -> dict[str, list[str]]:
    """Changelog bullet lines under Added, Changed and Removed."""
    sections: dict[str, list[str]] = {"Added": [], "Changed": [], "Removed": []}
    for c in d.schema:
        where = f"`{c.table}.{c.column}`" if c.column else f"`{c.table}`"
        line = f"{where}: {c.detail} ({c.bump.name})" if c.bump else f"{where}: {c.detail} (documentation only)"
        sections[_SECTION_OF_KIND.get(c.kind, "Changed")].append(line)
    for t in d.tables:
        if t.added:
            sections["Added"].append(f"`{t.table}`: {_plural(len(t.added), 'row')}: {ranges(t.added)}.")
        if t.changed:
            details = "; ".join(f"{i} ({', '.join(f'`{c}`' for c in cols)})" for i, cols in t.changed.items())
            sections["Changed"].append(f"`{t.table}`: {_plural(len(t.changed), 'row')} corrected: {details}.")
        if t.removed:
            sections["Removed"].append(
                f"`{t.table}`: {_plural(len(t.removed), 'row')} withdrawn (IDs retired): "
                f"{ranges(t.removed)}.{placeholder}"
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
    line = (
        f"{d.name} {d.old_version} → {d.new_version}: required bump {d.required.name}, "
        f"declared {d.declared.name} ({status})"
    )
    return printable(line, keep_newlines=False)


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
    heading = "## [Unreleased]" if d.old_version == d.new_version else f"## [{printable(d.new_version)}]"
    if d.new_date and d.old_version != d.new_version:
        heading += f" - {printable(d.new_date)}"
    # "--" would end the comment early, so a hostile name cannot leak text out of it.
    lines = [f"<!-- {verdict(d).replace('--', '- -')} -->", heading]
    sections = _sections(d, _PLACEHOLDER)
    for title, items in sections.items():
        if items:
            lines += ["", f"### {title}"] + [f"- {printable(item, keep_newlines=False)}" for item in items]
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
    for title, items in _sections(d).items():
        lines += [printable(f"{title.lower()}: {item.replace('`', '')}", keep_newlines=False) for item in items]
    return "\n".join(lines) + "\n"
