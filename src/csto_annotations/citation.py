"""How to cite the dataset, a version of it, or one claim or quote in it.

* :func:`cite` renders the citation of a package descriptor in one of
  :data:`FORMATS`: ``text``, ``bibtex``, ``ris``, ``csl-json`` or ``cff``.
  Each carries title, version, year, licence, the URL when one is known, and
  the source article as a related work (see :mod:`.works` for where each
  fact comes from and what is left out).
* :func:`cite_package` (``csto_annotations.cite``) does the same for the
  bundled package, or for any ``source`` that :func:`~csto_annotations.load`
  accepts, without parsing a table.
* :func:`cite_claim` and :func:`cite_quote` return a record's provenance
  chain (see :mod:`.provenance`); :meth:`Dataset.cite_claim
  <csto_annotations.dataset.Dataset.cite_claim>` delegates here.

Example
-------
>>> from csto_annotations.citation import cite
>>> cite({"title": "T", "version": "1.0.0", "created": "2026-01-01T00:00:00Z",
...       "licenses": [{"name": "CC-BY-4.0"}],
...       "contributors": [{"title": "A", "roles": ["creator"]}]})
'A (2026). T (version 1.0.0) [Data set]. Licence: CC-BY-4.0.'
"""

from __future__ import annotations

import os
from typing import TYPE_CHECKING, Any, Callable

from . import bibformats
from .cff import cff_text
from .errors import DatasetError
from .provenance import UnknownRecordError, claim_chain, quote_chain
from .works import Work, work

if TYPE_CHECKING:
    from .dataset import Dataset

__all__ = ["cite", "cite_package", "cite_claim", "cite_quote", "FORMATS", "UnknownRecordError"]

#: Format name → renderer of a :class:`~csto_annotations.works.Work`.
FORMATS: dict[str, Callable[[Work], str]] = {
    "text": bibformats.text,
    "bibtex": bibformats.bibtex,
    "ris": bibformats.ris,
    "csl-json": bibformats.csl_json,
    "cff": cff_text,
}


def cite(descriptor: dict[str, Any], format: str = "text") -> str:
    """Return the citation of the package ``descriptor`` in ``format``.

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
    >>> cite({"name": "x", "version": "1.0.0"}, format="bibtex").startswith("@dataset{x-1.0.0,")
    True
    """
    try:
        render = FORMATS[format]
    except KeyError:
        raise DatasetError(f"unknown citation format {format!r}; choose one of {sorted(FORMATS)}.") from None
    return render(work(descriptor))


def cite_package(format: str = "text", source: str | os.PathLike[str] | None = None) -> str:
    """Cite the bundled package, or the package at ``source``.

    Exposed as ``csto_annotations.cite``. Only the descriptor is read (and
    checked), so this is fast and does not need pandas.

    Parameters
    ----------
    format : str, default "text"
        One of :data:`FORMATS`.
    source : str, PathLike or None
        Anything :func:`csto_annotations.load` accepts; None for the bundled copy.

    Example
    -------
    >>> import csto_annotations
    >>> "(version " in csto_annotations.cite()
    True
    """
    from .descriptor import read_package
    from .sources import resolve_source

    return cite(read_package(resolve_source(source)).descriptor, format=format)


def cite_claim(dataset: "Dataset", claim_id: str) -> str:
    """Provenance chain of one claim (see :func:`.provenance.claim_chain`).

    Raises
    ------
    UnknownRecordError
        A :class:`DatasetError` and :class:`KeyError`, when there is no such claim.

    Example
    -------
    >>> import csto_annotations
    >>> csto_annotations.load().cite_claim("CL-0001").endswith("record CL-0001")
    True
    """
    return claim_chain(dataset, claim_id)


def cite_quote(dataset: "Dataset", quote_id: str) -> str:
    """Provenance chain of one quote (see :func:`.provenance.quote_chain`).

    Example
    -------
    >>> import csto_annotations
    >>> csto_annotations.load().cite_quote("QT-0007")[:29]
    'An unattributed scare quote i'
    """
    return quote_chain(dataset, quote_id)
