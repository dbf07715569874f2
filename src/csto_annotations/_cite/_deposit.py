"""Repository and search-engine metadata of a :class:`~._work.Work`: ``.zenodo.json`` and schema.org JSON-LD.

* ``.zenodo.json``: Zenodo deposit metadata (``upload_type: dataset``). The
  article is an ``isDerivedFrom`` related identifier and, in full, the one
  entry of ``references``; the article text's rights go in ``notes``. No DOI
  is written: Zenodo mints it.
* schema.org ``Dataset``: the article is ``isBasedOn``, an ``Article`` nested
  in its issue, volume and periodical. ``variableMeasured`` lists every
  column of the Table Schemas when they are given.

Example
-------
>>> from ._work import work
>>> zenodo_data(work({"name": "d", "title": "T", "version": "1.0.0",
...                   "licenses": [{"name": "CC-BY-4.0"}]}))["license"]
'cc-by-4.0'
"""

from __future__ import annotations

from typing import Any

from ._records import article_reference
from ._work import Article, Work

__all__ = ["jsonld_data", "zenodo_data"]


def _nonempty(pairs: tuple[tuple[str, Any], ...]) -> dict[str, Any]:
    """The pairs whose value is not empty, in order."""
    return {key: value for key, value in pairs if value not in ("", None, [], {})}


def _rights(w: Work) -> str:
    """``path: statement`` of every resource under other terms, joined."""
    return " ".join(f"{path}: {statement}" for path, statement in w.rights)


def zenodo_data(w: Work) -> dict[str, Any]:
    """The ``.zenodo.json`` content (Zenodo's licence identifiers are lower-case SPDX)."""
    licences = w.licence_names
    article = w.article
    return _nonempty(
        (
            ("title", w.title),
            ("version", w.version),
            ("upload_type", "dataset"),
            ("publication_date", w.date),
            ("description", w.description or w.title),
            ("creators", [{"name": a} for a in w.authors]),
            ("access_right", "open"),
            ("license", licences[0].lower() if licences else ""),
            ("keywords", list(w.keywords)),
            (
                "related_identifiers",
                [
                    {
                        "identifier": article.url,
                        "relation": "isDerivedFrom",
                        "resource_type": "publication-article",
                    }
                ]
                if article and article.url
                else [],
            ),
            ("references", [article_reference(article)] if article else []),
            ("notes", _rights(w)),
        )
    )


def _article(a: Article) -> dict[str, Any]:
    """schema.org ``Article``, nested in its issue, volume and periodical when they are known."""
    part_of = {
        "@type": "PublicationIssue",
        "issueNumber": a.issue,
        "isPartOf": {
            "@type": "PublicationVolume",
            "volumeNumber": a.volume,
            "isPartOf": {"@type": "Periodical", "name": a.container},
        },
    }
    return _nonempty(
        (
            ("@type", "Article"),
            ("name", a.title),
            ("url", a.url),
            ("datePublished", a.year),
            ("publisher", {"@type": "Organization", "name": a.publisher} if a.publisher else None),
            ("isPartOf", part_of if a.structured else None),
        )
    )


def _variables(schemas: dict[str, dict[str, Any]]) -> list[dict[str, Any]]:
    """One ``PropertyValue`` per column: ``table.column`` and the column's description."""
    return [
        {
            "@type": "PropertyValue",
            "name": f"{table}.{field['name']}",
            "description": field.get("description") or field.get("title", ""),
        }
        for table, schema in schemas.items()
        for field in schema.get("fields", [])
    ]


def jsonld_data(w: Work, schemas: dict[str, dict[str, Any]] | None = None) -> dict[str, Any]:
    """The schema.org ``Dataset`` record (JSON-LD).

    Example
    -------
    >>> from ._work import work
    >>> jsonld_data(work({"name": "d", "title": "T", "version": "1.0.0"}))["@type"]
    'Dataset'
    """
    licences = [path or name for name, path in w.licenses]
    description = " ".join(p for p in (w.description, _rights(w)) if p)
    return _nonempty(
        (
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
            ("variableMeasured", _variables(schemas or {})),
        )
    )
