"""Refuse a loaded dataset whose tables disagree with each other or with the text.

Run by :class:`~csto_annotations.Dataset` on the tables ``load()`` parsed:
foreign keys between the loaded tables (:mod:`.constraints`) and the codebook
rules (spans against the text, document hashes, quotes and claims; see
:mod:`.checks`). Rules that need a table that was not loaded are skipped.

Example
-------
>>> import csto_annotations
>>> ds = csto_annotations.load(tables=["entities"])   # checked on the way in
>>> len(ds.entities) > 0
True
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from .errors import ValidationFailed

if TYPE_CHECKING:
    from .descriptor import Package

__all__ = ["check_loaded", "MAX_LISTED"]

#: Problems spelled out in the error message; the rest are counted.
MAX_LISTED = 20
_HINT = "run `python -m csto_annotations validate` to list every problem."


def _where(package: "Package", problem: Any) -> str:
    """``/path/data/claims.csv row 3 column end``."""
    try:
        place = str(package.resource_path(problem.table))
    except (KeyError, ValueError):
        place = problem.table
    row = f" row {problem.row}" if problem.row is not None else ""
    column = f" column {problem.column}" if problem.column is not None else ""
    return f"{place}{row}{column}"


def check_loaded(package: "Package", frames: dict[str, Any], texts: dict[str, bytes]) -> None:
    """Raise :class:`ValidationFailed` when the loaded tables break a cross-table rule.

    Parameters
    ----------
    package : Package
        The checked descriptor.
    frames : dict
        Table name → typed DataFrame, as ``load()`` parsed them.
    texts : dict
        Text resource name → verified bytes.

    Raises
    ------
    ValidationFailed
        Listing each problem as ``file row N column C: expected …, found …``;
        ``error.problems`` holds them as :class:`~csto_annotations.Problem`.

    Example
    -------
    >>> import pandas as pd
    >>> from csto_annotations.descriptor import read_package
    >>> from csto_annotations.paths import bundled_root
    >>> package = read_package(bundled_root())
    >>> bad = pd.DataFrame({"claim_id": ["CL-9999"], "entity_id": ["csto"], "role": ["subject"]}, dtype="string")
    >>> claims = pd.DataFrame({"claim_id": ["CL-0001"]}, dtype="string")
    >>> try:
    ...     check_loaded(package, {"claims": claims, "claim_entities": bad}, {})
    ... except ValidationFailed as error:
    ...     [(p.table, p.row, p.column) for p in error.problems]
    [('claim_entities', 2, 'claim_id')]
    """
    from .checks import rule_errors
    from .constraints import foreign_key_faults
    from .validation import Problem

    problems = [
        Problem(name, f.row, f.column, f.message)
        for name in frames
        for f in foreign_key_faults(name, frames, package.schemas[name])
    ]
    problems += rule_errors(package, frames, texts)
    if not problems:
        return
    lines = [f"{_where(package, p)}: {p.message}" for p in problems[:MAX_LISTED]]
    if len(problems) > MAX_LISTED:
        lines.append(f"… and {len(problems) - MAX_LISTED} more")
    raise ValidationFailed("\n".join(lines) + f"\n{_HINT}", problems=problems)
