"""Suggested citation of the dataset, built from the descriptor.

:meth:`Dataset.cite <csto_annotations.dataset.Dataset.cite>` delegates to
:func:`cite`, so richer formats (BibTeX, CSL, CFF) can be added here without
touching the loader.

Example
-------
>>> from csto_annotations.citation import cite
>>> cite({"title": "T", "version": "1.0.0", "created": "2026-01-01T00:00:00Z",
...       "licenses": [{"name": "CC-BY-4.0"}],
...       "contributors": [{"title": "A", "roles": ["creator"]}]})
'A (2026). T (version 1.0.0) [Data set]. Licence: CC-BY-4.0.'
"""

from __future__ import annotations

from typing import Any, Callable

from .errors import DatasetError

__all__ = ["cite", "FORMATS"]


def _creators(descriptor: dict[str, Any]) -> str:
    """Return the creators' names joined with commas."""
    people = [c for c in descriptor.get("contributors", []) if "creator" in c.get("roles", [])]
    people = people or descriptor.get("contributors", [])[:1]
    names = [c.get("title") or c.get("name") or "" for c in people]
    return ", ".join(n for n in names if n) or descriptor.get("name", "")


def _year(descriptor: dict[str, Any]) -> str:
    """Return the year of ``created``, or ``n.d.``."""
    created = str(descriptor.get("created", ""))
    return created[:4] if created[:4].isdigit() else "n.d."


def _licence(descriptor: dict[str, Any]) -> str:
    """Return the licence names joined with commas."""
    names = [lic.get("name") or lic.get("path", "") for lic in descriptor.get("licenses", [])]
    return ", ".join(n for n in names if n)


def _text(descriptor: dict[str, Any]) -> str:
    """Format a plain-text citation."""
    parts = f"{_creators(descriptor)} ({_year(descriptor)}). {descriptor.get('title', descriptor.get('name', ''))}"
    parts += f" (version {descriptor.get('version', '?')}) [Data set]."
    licence = _licence(descriptor)
    return parts + (f" Licence: {licence}." if licence else "")


#: Format name → formatter. Extend this mapping to add formats.
FORMATS: dict[str, Callable[[dict[str, Any]], str]] = {"text": _text}


def cite(descriptor: dict[str, Any], format: str = "text") -> str:
    """Return the suggested citation of the package ``descriptor``.

    Parameters
    ----------
    descriptor : dict
        The parsed ``datapackage.json``.
    format : str, default "text"
        One of :data:`FORMATS`.

    Raises
    ------
    DatasetError
        For an unknown format.

    Example
    -------
    >>> cite({"name": "x", "version": "1.0.0"}).startswith("x (n.d.). x")
    True
    """
    try:
        formatter = FORMATS[format]
    except KeyError:
        raise DatasetError(f"unknown citation format {format!r}; choose one of {sorted(FORMATS)}.") from None
    return formatter(descriptor)
