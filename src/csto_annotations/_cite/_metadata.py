"""The generated metadata files: ``CITATION.cff``, ``.zenodo.json`` and ``docs/dataset.jsonld``.

All three are rendered from the descriptor's :class:`~._work.Work`, so they
agree with :func:`~._formats.cite` by construction: ``cite --format cff``
and ``zenodo`` print the first two exactly, ``jsonld`` the third without
``variableMeasured``. ``scripts/metadata.py`` writes them into
the repository through ``tools/metadata.py``, which adds the JSON-LD file's
``variableMeasured`` from the Table Schemas; a test checks that the committed
copies are current.

* ``CITATION.cff``: Citation File Format 1.2.0, written by PyYAML.
  ``references`` holds the article. CFF requires an author for every
  reference; the article carries no byline, so its author is the entity
  ``anonymous``, which is how the CFF schema guide says to record a work whose
  authors are unknown ("How to deal with unknown individual authors?"), and
  its ``notes`` say so. No other format names an author for the article.
* ``.zenodo.json``: Zenodo deposit metadata (``upload_type: dataset``). The
  article is an ``isDerivedFrom`` related identifier and, in full, the one
  entry of ``references``; the article text's rights go in ``notes``. No DOI
  is written: Zenodo mints it.
* schema.org ``Dataset``: the article is ``isBasedOn``, an ``Article`` nested
  in its issue, volume and periodical.

Example
-------
>>> from ._work import work
>>> print(cff_text(work({"name": "d", "title": "T", "version": "1.0.0", "created": "2026-01-02",
...                      "licenses": [{"name": "CC-BY-4.0"}],
...                      "contributors": [{"title": "Team", "roles": ["creator"]}]})), end="")
cff-version: 1.2.0
message: If you use this dataset, please cite it, with its version number, using the metadata from this file.
type: dataset
title: T
version: 1.0.0
date-released: '2026-01-02'
authors:
- name: Team
license: CC-BY-4.0
>>> zenodo_data(work({"name": "d", "title": "T", "version": "1.0.0",
...                   "licenses": [{"name": "CC-BY-4.0"}]}))["license"]
'cc-by-4.0'
"""

from __future__ import annotations

from typing import Any

from .._outputs import import_optional
from ._work import Article, Work, article_reference, nonempty

__all__ = ["cff_data", "cff_text", "jsonld_data", "zenodo_data"]

_MESSAGE = "If you use this dataset, please cite it, with its version number, using the metadata from this file."
_NO_BYLINE = "The article's text carries no byline; its author is unknown."


def _cff_reference(a: Article) -> dict[str, Any]:
    """The CFF reference of the article."""
    return nonempty(
        ("type", "article" if a.structured else "generic"),
        ("title", a.title),
        ("authors", [{"name": "anonymous"}]),  # the CFF entity name for unknown authors
        ("journal", a.container),
        ("volume", int(a.volume) if a.volume else None),
        ("issue", a.issue),
        ("publisher", {"name": a.publisher} if a.publisher else None),
        ("year", int(a.year) if a.year else None),
        ("url", a.url),
        ("notes", _NO_BYLINE),
    )


def cff_data(w: Work) -> dict[str, Any]:
    """The ``CITATION.cff`` content as a dict, keys in output order.

    Example
    -------
    >>> from ._work import work
    >>> cff_data(work({"name": "d", "version": "1.0.0"}))["type"]
    'dataset'
    """
    licences = list(w.licence_names)
    return nonempty(
        ("cff-version", "1.2.0"),
        ("message", _MESSAGE),
        ("type", "dataset"),
        ("title", w.title),
        ("version", w.version),
        ("date-released", w.date),
        ("abstract", w.description),
        ("authors", [{"name": a} for a in w.authors]),
        ("license", licences[0] if len(licences) == 1 else licences),
        ("keywords", list(w.keywords)),
        ("doi", w.doi),
        ("url", w.homepage),
        ("references", [_cff_reference(w.article)] if w.article else None),
    )


def cff_text(w: Work) -> str:
    """The complete ``CITATION.cff`` text (YAML by PyYAML's safe dumper).

    Raises
    ------
    OptionalDependencyError
        When PyYAML is not installed.
    """
    yaml = import_optional("yaml", None, 'The "cff" citation format needs PyYAML')
    return str(yaml.safe_dump(cff_data(w), sort_keys=False, allow_unicode=True, width=1_000_000))


def _rights(w: Work) -> str:
    """``path: statement`` of every resource under other terms, joined."""
    return " ".join(f"{path}: {statement}" for path, statement in w.rights)


def zenodo_data(w: Work) -> dict[str, Any]:
    """The ``.zenodo.json`` content (Zenodo's licence identifiers are lower-case SPDX)."""
    licences, article = w.licence_names, w.article
    url = article.url if article else ""
    derived = [{"identifier": url, "relation": "isDerivedFrom", "resource_type": "publication-article"}] if url else []
    return nonempty(
        ("title", w.title),
        ("version", w.version),
        ("upload_type", "dataset"),
        ("publication_date", w.date),
        ("description", w.description or w.title),
        ("creators", [{"name": a} for a in w.authors]),
        ("access_right", "open"),
        ("license", licences[0].lower() if licences else ""),
        ("keywords", list(w.keywords)),
        ("related_identifiers", derived),
        ("references", [article_reference(article)] if article else []),
        ("notes", _rights(w)),
    )


def _article(a: Article) -> dict[str, Any]:
    """schema.org ``Article``, nested in its issue, volume and periodical when they are known."""
    periodical = {"@type": "Periodical", "name": a.container}
    volume = {"@type": "PublicationVolume", "volumeNumber": a.volume, "isPartOf": periodical}
    part_of = {"@type": "PublicationIssue", "issueNumber": a.issue, "isPartOf": volume}
    return nonempty(
        ("@type", "Article"),
        ("name", a.title),
        ("url", a.url),
        ("datePublished", a.year),
        ("publisher", {"@type": "Organization", "name": a.publisher} if a.publisher else None),
        ("isPartOf", part_of if a.structured else None),
    )


def jsonld_data(w: Work) -> dict[str, Any]:
    """The schema.org ``Dataset`` record (JSON-LD).

    Example
    -------
    >>> from ._work import work
    >>> jsonld_data(work({"name": "d", "title": "T", "version": "1.0.0"}))["@type"]
    'Dataset'
    """
    licences = [path or name for name, path in w.licenses]
    description = " ".join(p for p in (w.description, _rights(w)) if p)
    return nonempty(
        ("@context", "https://schema.org/"),
        ("@type", "Dataset"),
        ("name", w.title),
        ("alternateName", w.name),
        ("description", description or w.title),
        ("version", w.version),
        ("identifier", w.url if w.doi else ""),
        ("url", w.homepage),
        ("datePublished", w.date),
        ("creator", [{"@type": "Organization", "name": a} for a in w.authors]),
        ("license", licences[0] if len(licences) == 1 else licences),
        ("keywords", list(w.keywords)),
        ("isAccessibleForFree", True),
        ("isBasedOn", _article(w.article) if w.article else None),
    )
