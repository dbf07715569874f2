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
               ``tools/metadata.py`` for the file with it)
=============  =================================================================

``csl-json-version-in-title``, ``biblatex-version-in-title`` and
``bibtex-version-in-title`` are the same with the version in the dataset's
title and in no other field: for the CSL styles (APSA, Harvard) that print no
version for a dataset.

``ris`` writes a ``DATA`` record (version in ``ET``), then a ``JOUR`` record for
the article, which has no ``AU`` line: its author is unknown.

In ``csl-json`` (for citeproc processors: Zotero, pandoc, citeproc-py) the
dataset is a ``dataset`` item whose institutional author is a ``literal`` name
and whose version is the ``version`` variable (Zotero imports it as the item's
Version field). APA 7, Chicago author-date and MLA print it; the APSA and
Harvard (Cite Them Right) styles print no ``version`` for a dataset, whatever
the data says, hence ``csl-json-version-in-title``, whose title carries the
version (:attr:`~._work.Work.versioned_title`) and which has no ``version``
variable, so every style prints the version exactly once. The article is an
``article-journal`` item without ``author`` (its text carries no byline);
styles substitute its title or periodical.

Example
-------
>>> cite({"name": "x", "version": "1.0.0"}).startswith("x (n.d.). x (version 1.0.0)")
True
>>> cite({"name": "x", "version": "1.0.0"}, format="biblatex").startswith("@dataset{x-1.0.0,")
True
>>> from ._work import work
>>> w = work({"name": "d", "title": "T", "version": "1.0.0", "created": "2026-01-01",
...           "contributors": [{"title": "Team", "roles": ["creator"]}]})
>>> ris(w).splitlines()[:3]
['TY  - DATA', 'AU  - Team', 'TI  - T']
>>> item = csl_items(work({"name": "d", "title": "T", "version": "1.0.0", "created": "2026-03-04"}))[0]
>>> item["title"], item["version"]
('T', '1.0.0')
>>> item = csl_items(work({"name": "d", "title": "T", "version": "1.0.0"}), version_in_title=True)[0]
>>> item["title"], "version" in item
('T (Version 1.0.0)', False)
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from .._base._errors import DatasetError
from .._base._text import printable
from ._bibtex import biblatex, bibtex
from ._metadata import cff_text, jsonld_data, zenodo_data
from ._work import Article, Work, article_reference, json_text, nonempty, work

__all__ = ["FORMATS", "cite", "csl_items", "json_text", "ris", "text"]


def text(w: Work) -> str:
    """One line per work: ``Authors (year). Title (version V) [Data set]. Licence: L.``, then the article.

    Example
    -------
    >>> from ._work import work
    >>> text(work({"name": "d", "title": "T", "version": "1.0.0", "created": "2026-01-01",
    ...            "licenses": [{"name": "CC-BY-4.0"}]}))
    'd (2026). T (version 1.0.0) [Data set]. Licence: CC-BY-4.0.\\n'
    """
    head = f"{', '.join(w.authors)} ({w.year or 'n.d.'}). {w.title} (version {w.version}) [Data set]."
    licence = f" Licence: {', '.join(w.licence_names)}." if w.licence_names else ""
    url = f" {w.url}" if w.url else ""
    article = f"{article_reference(w.article)}\n" if w.article is not None else ""
    return f"{head}{licence}{url}\n{article}"


def _record(lines: list[tuple[str, str]]) -> str:
    """One RIS record (``TAG  - value`` lines, ``ER`` last); empty values are left out."""
    body = "".join(f"{tag}  - {' '.join(value.split())}\n" for tag, value in lines if value)
    return body + "ER  - \n"


def ris(w: Work) -> str:
    """RIS: a ``DATA`` record for the dataset, then a ``JOUR`` record for the article."""
    record = [
        ("TY", "DATA"),
        *[("AU", a) for a in w.authors],
        ("TI", w.title),
        ("PY", w.year),
        ("DA", w.date.replace("-", "/") if w.date else ""),
        ("ET", w.version),
        *[("KW", k) for k in w.keywords],
        ("AB", w.description),
        ("DO", w.doi),
        ("UR", w.url),
    ]
    if (a := w.article) is None:
        return _record(record)
    article = [
        ("TY", "JOUR" if a.structured else "GEN"),
        ("TI", a.title),
        ("T2", a.container),
        ("VL", a.volume),
        ("IS", a.issue),
        ("PB", a.publisher),
        ("PY", a.year),
        ("UR", a.url),
    ]
    return f"{_record(record)}\n{_record(article)}"


def _date_parts(date: str) -> dict[str, list[list[int]]]:
    """CSL ``date-parts`` of ``YYYY`` or ``YYYY-MM-DD``."""
    return {"date-parts": [[int(part) for part in date.split("-")]]}


def _csl_dataset(w: Work, version_in_title: bool) -> dict[str, Any]:
    title = w.versioned_title if version_in_title else w.title
    return {"id": w.key, "type": "dataset", "title": title} | nonempty(
        ("version", None if version_in_title else w.version),
        ("author", [{"literal": a} for a in w.authors]),
        ("issued", _date_parts(w.date) if w.date else None),
        ("DOI", w.doi),
        ("URL", w.homepage),
        ("abstract", w.description),
        ("keyword", ", ".join(w.keywords)),
    )


def _csl_article(a: Article) -> dict[str, Any]:
    item = {"id": a.key, "type": "article-journal" if a.structured else "article", "title": a.title}
    return item | nonempty(
        ("container-title", a.container),
        ("volume", a.volume),
        ("issue", a.issue),
        ("publisher", a.publisher),
        ("issued", _date_parts(a.year) if a.year else None),
        ("URL", a.url),
    )


def csl_items(w: Work, *, version_in_title: bool = False) -> list[dict[str, Any]]:
    """The CSL-JSON items: the dataset, then the article.

    Parameters
    ----------
    w : Work
        The record to cite.
    version_in_title : bool, default False
        Put the version into the dataset's title instead of its ``version``
        variable, for styles that print no version (APSA, Harvard).

    Returns
    -------
    list of dict

    Example
    -------
    >>> from ._work import work
    >>> d = {"name": "d", "version": "1", "sources": [{"title": "A. P, Volume 1, Issue 2. Q, 2007."}]}
    >>> [(i["id"], i["type"]) for i in csl_items(work(d))]
    [('d-1', 'dataset'), ('p-1-2', 'article-journal')]
    """
    return [_csl_dataset(w, version_in_title)] + ([_csl_article(w.article)] if w.article is not None else [])


_RENDER: dict[str, Callable[[Work], str]] = {
    "text": text,
    "bibtex": bibtex,
    "biblatex": biblatex,
    "ris": ris,
    "csl-json": lambda w: json_text(csl_items(w)),
    "cff": cff_text,
    "zenodo": lambda w: json_text(zenodo_data(w)),
    "jsonld": lambda w: json_text(jsonld_data(w)),
    "csl-json-version-in-title": lambda w: json_text(csl_items(w, version_in_title=True)),
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
