"""CSL-JSON items of the dataset and its article, for citeproc processors (Zotero, pandoc, citeproc-py).

* The dataset is a ``dataset`` item whose institutional author is a
  ``literal`` name. Its version is written into the title,
  ``"… (Version 1.0.0)"``, and not as the ``version`` variable: the APSA and
  Harvard (Cite Them Right) styles print no ``version`` for any type, so a
  citation that must show the version in every style can only carry it in
  the title, which APA 7 also prints in exactly that form.
* The article is an ``article-journal`` item without ``author`` (its text
  carries no byline); styles substitute its title or periodical.

Example
-------
>>> from ._work import work
>>> csl_items(work({"name": "d", "title": "T", "version": "1.0.0", "created": "2026-03-04"}))[0]["title"]
'T (Version 1.0.0)'
"""

from __future__ import annotations

import json
from typing import Any

from ._work import Article, Work

__all__ = ["csl_items", "csl_json", "csl_title"]


def _date_parts(date: str) -> dict[str, list[list[int]]]:
    """CSL ``date-parts`` of ``YYYY`` or ``YYYY-MM-DD``."""
    return {"date-parts": [[int(part) for part in date.split("-")]]}


def _put(item: dict[str, Any], pairs: tuple[tuple[str, Any], ...]) -> dict[str, Any]:
    """Add the non-empty values of ``pairs`` to ``item``."""
    item.update({key: value for key, value in pairs if value})
    return item


def csl_title(w: Work) -> str:
    """The dataset's CSL title: its title with ``(Version V)`` appended.

    Example
    -------
    >>> from ._work import Work
    >>> csl_title(Work(name="d", title="T", version="2.1.0"))
    'T (Version 2.1.0)'
    """
    return f"{w.title} (Version {w.version})"


def _dataset(w: Work) -> dict[str, Any]:
    item: dict[str, Any] = {"id": w.key, "type": "dataset", "title": csl_title(w)}
    return _put(
        item,
        (
            ("author", [{"literal": a} for a in w.authors]),
            ("issued", _date_parts(w.date) if w.date else None),
            ("DOI", w.doi),
            ("URL", w.homepage),
            ("abstract", w.description),
            ("keyword", ", ".join(w.keywords)),
        ),
    )


def _article(a: Article) -> dict[str, Any]:
    item: dict[str, Any] = {
        "id": a.key,
        "type": "article-journal" if a.structured else "article",
        "title": a.title,
    }
    return _put(
        item,
        (
            ("container-title", a.container),
            ("volume", a.volume),
            ("issue", a.issue),
            ("publisher", a.publisher),
            ("issued", _date_parts(a.year) if a.year else None),
            ("URL", a.url),
        ),
    )


def csl_items(w: Work) -> list[dict[str, Any]]:
    """The CSL-JSON items: the dataset, then the article.

    Example
    -------
    >>> from ._work import work
    >>> d = {"name": "d", "version": "1", "sources": [{"title": "A. P, Volume 1, Issue 2. Q, 2007."}]}
    >>> [(i["id"], i["type"]) for i in csl_items(work(d))]
    [('d-1', 'dataset'), ('p-1-2', 'article-journal')]
    """
    return [_dataset(w)] + ([_article(w.article)] if w.article is not None else [])


def csl_json(w: Work) -> str:
    """CSL-JSON text: an indented array of items, UTF-8 kept, ending in a newline."""
    return json.dumps(csl_items(w), indent=2, ensure_ascii=False) + "\n"
