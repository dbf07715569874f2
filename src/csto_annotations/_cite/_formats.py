"""Every citation format, by name, rendered from the descriptor's one :class:`~._work.Work`.

=============  =================================================================
format         what it is
=============  =================================================================
``text``       one APA-like line per work: the dataset, then the article
``bibtex``     classic BibTeX: two ``@misc`` entries (``plain``, ``unsrt``,
               ``alpha``, ``apalike``, pybtex)
``biblatex``   ``@dataset`` with ``version``, and ``@article`` (biber)
``ris``        a ``DATA`` record and a ``JOUR`` record
``csl-json``   a ``dataset`` and an ``article-journal`` item
``cff``        ``CITATION.cff`` (CFF 1.2.0)
``zenodo``     ``.zenodo.json``
``jsonld``     schema.org ``Dataset`` (without ``variableMeasured``; see
               :func:`~._metadata.render_metadata` for the file with it)
=============  =================================================================

``csl-json-version-in-title``, ``biblatex-version-in-title`` and
``bibtex-version-in-title`` are the same with the version in the dataset's
title and in no other field: for the CSL styles (APSA, Harvard) that print no
version for a dataset.

Example
-------
>>> cite({"name": "x", "version": "1.0.0"}).startswith("x (n.d.). x (version 1.0.0)")
True
>>> cite({"name": "x", "version": "1.0.0"}, format="biblatex").startswith("@dataset{x-1.0.0,")
True
"""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

from .._base._errors import DatasetError
from .._base._text import printable
from ._bibtex import biblatex, bibtex
from ._cff import cff_text
from ._csl import csl_json
from ._deposit import jsonld_data, zenodo_data
from ._records import ris, text
from ._work import Work, work

__all__ = ["FORMATS", "cite", "json_text"]


def json_text(data: Any) -> str:
    """Deterministic JSON text: indented, UTF-8 characters kept, final newline.

    Example
    -------
    >>> json_text({"a": "é"})
    '{\\n  "a": "é"\\n}\\n'
    """
    return json.dumps(data, indent=2, ensure_ascii=False) + "\n"


_RENDER: dict[str, Callable[[Work], str]] = {
    "text": text,
    "bibtex": bibtex,
    "biblatex": biblatex,
    "ris": ris,
    "csl-json": csl_json,
    "cff": cff_text,
    "zenodo": lambda w: json_text(zenodo_data(w)),
    "jsonld": lambda w: json_text(jsonld_data(w)),
    "csl-json-version-in-title": lambda w: csl_json(w, version_in_title=True),
    "biblatex-version-in-title": lambda w: biblatex(w, version_in_title=True),
    "bibtex-version-in-title": lambda w: bibtex(w, version_in_title=True),
}

#: The names :func:`cite` accepts, in the order the docs list them.
FORMATS: tuple[str, ...] = tuple(_RENDER)


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
    DescriptorError
        When the descriptor has no ``name`` or ``version``.

    Example
    -------
    >>> cite({"name": "x", "version": "1.0.0"}, format="ris").splitlines()[0]
    'TY  - DATA'
    """
    render = _RENDER.get(format)
    if render is None:
        raise DatasetError(f"unknown citation format {printable(repr(format))}; choose one of {', '.join(FORMATS)}.")
    return render(work(descriptor))
