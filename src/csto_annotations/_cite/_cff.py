"""Citation File Format 1.2.0 (``CITATION.cff``) of a :class:`~._work.Work`, written by PyYAML.

``references`` holds the article. CFF requires an author for every
reference; the article carries no byline, so its author is the entity
``anonymous``, which is how the CFF schema guide says to record a work whose
authors are unknown ("How to deal with unknown individual authors?"), and
its ``notes`` say so. No other format names an author for the article.

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
"""

from __future__ import annotations

from typing import Any

from .._base._errors import import_optional
from ._work import Article, Work

__all__ = ["ANONYMOUS", "CFF_VERSION", "cff_data", "cff_text"]

CFF_VERSION = "1.2.0"
#: The CFF entity name for unknown authors.
ANONYMOUS = "anonymous"
_MESSAGE = "If you use this dataset, please cite it, with its version number, using the metadata from this file."
_NO_BYLINE = "The article's text carries no byline; its author is unknown."


def _nonempty(pairs: tuple[tuple[str, Any], ...]) -> dict[str, Any]:
    """The pairs whose value is not empty, in order."""
    return {key: value for key, value in pairs if value not in ("", None, [], {})}


def _reference(a: Article) -> dict[str, Any]:
    """The CFF reference of the article."""
    return _nonempty(
        (
            ("type", "article" if a.structured else "generic"),
            ("title", a.title),
            ("authors", [{"name": ANONYMOUS}]),
            ("journal", a.container),
            ("volume", int(a.volume) if a.volume else None),
            ("issue", a.issue),
            ("publisher", {"name": a.publisher} if a.publisher else None),
            ("year", int(a.year) if a.year else None),
            ("url", a.url),
            ("notes", _NO_BYLINE),
        )
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
    data = _nonempty(
        (
            ("cff-version", CFF_VERSION),
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
        )
    )
    if w.article is not None:
        data["references"] = [_reference(w.article)]
    return data


def cff_text(w: Work) -> str:
    """The complete ``CITATION.cff`` text (YAML by PyYAML's safe dumper).

    Raises
    ------
    OptionalDependencyError
        When PyYAML is not installed.
    """
    yaml = import_optional("yaml", None, 'The "cff" citation format needs PyYAML')
    text: str = yaml.safe_dump(cff_data(w), sort_keys=False, allow_unicode=True, width=1_000_000)
    return text
