"""CSL-JSON items of the dataset and its article, for citeproc processors (Zotero, pandoc, citeproc-py).

* The dataset is a ``dataset`` item whose institutional author is a
  ``literal`` name and whose version is the ``version`` variable (Zotero
  imports it as the item's Version field). APA 7, Chicago author-date and MLA
  print it; the APSA and Harvard (Cite Them Right) styles print no
  ``version`` for a dataset, whatever the data says.
* For those styles, ``version_in_title=True`` (the ``csl-json-version-in-title``
  format) gives the title with the version appended,
  :attr:`~._work.Work.versioned_title`, and no ``version`` variable, so every
  style prints the version exactly once.
* The article is an ``article-journal`` item without ``author`` (its text
  carries no byline); styles substitute its title or periodical.

Example
-------
>>> from ._work import work
>>> item = csl_items(work({"name": "d", "title": "T", "version": "1.0.0", "created": "2026-03-04"}))[0]
>>> item["title"], item["version"]
('T', '1.0.0')
>>> item = csl_items(work({"name": "d", "title": "T", "version": "1.0.0"}), version_in_title=True)[0]
>>> item["title"], "version" in item
('T (Version 1.0.0)', False)
"""

from __future__ import annotations

import json
from typing import Any

from ._work import Article, Work

__all__ = ["csl_items", "csl_json"]


def _date_parts(date: str) -> dict[str, list[list[int]]]:
    """CSL ``date-parts`` of ``YYYY`` or ``YYYY-MM-DD``."""
    return {"date-parts": [[int(part) for part in date.split("-")]]}


def _put(item: dict[str, Any], pairs: tuple[tuple[str, Any], ...]) -> dict[str, Any]:
    """Add the non-empty values of ``pairs`` to ``item``."""
    item.update({key: value for key, value in pairs if value})
    return item


def _dataset(w: Work, version_in_title: bool) -> dict[str, Any]:
    title = w.versioned_title if version_in_title else w.title
    item: dict[str, Any] = {"id": w.key, "type": "dataset", "title": title}
    return _put(
        item,
        (
            ("version", None if version_in_title else w.version),
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
    return [_dataset(w, version_in_title)] + ([_article(w.article)] if w.article is not None else [])


def csl_json(w: Work, *, version_in_title: bool = False) -> str:
    """CSL-JSON text of :func:`csl_items`: an indented array, UTF-8 kept, ending in a newline.

    Example
    -------
    >>> from ._work import Work
    >>> print(csl_json(Work(name="d", title="T", version="1.0.0")), end="")
    [
      {
        "id": "d-1.0.0",
        "type": "dataset",
        "title": "T",
        "version": "1.0.0"
      }
    ]
    """
    return json.dumps(csl_items(w, version_in_title=version_in_title), indent=2, ensure_ascii=False) + "\n"
