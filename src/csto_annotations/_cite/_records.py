"""Plain text and RIS citations of a :class:`~._work.Work`.

* ``text``: one APA-like line per work, the dataset first, then the article.
* ``ris``: a ``DATA`` record (version in ``ET``), then a ``JOUR`` record for
  the article, which has no ``AU`` line: its author is unknown.

Example
-------
>>> from ._work import work
>>> w = work({"name": "d", "title": "T", "version": "1.0.0", "created": "2026-01-01",
...           "contributors": [{"title": "Team", "roles": ["creator"]}]})
>>> ris(w).splitlines()[:3]
['TY  - DATA', 'AU  - Team', 'TI  - T']
"""

from __future__ import annotations

from ._work import Article, Work

__all__ = ["article_reference", "ris", "text"]


def article_reference(a: Article) -> str:
    """``Title (2007). Periodical 4(191). Publisher. URL`` with what is known.

    Example
    -------
    >>> article_reference(Article("A", url="https://x", container="P", volume="1", issue="2", year="2007"))
    'A (2007). P 1(2). https://x'
    """
    head = f"{a.title} ({a.year or 'n.d.'})."
    periodical = " ".join(p for p in (a.container, a.issue_label) if p)
    parts = [head, f"{periodical}." if periodical else "", f"{a.publisher}." if a.publisher else "", a.url]
    return " ".join(p for p in parts if p)


def text(w: Work) -> str:
    """One line per work: ``Authors (year). Title (version V) [Data set]. Licence: L.``, then the article.

    Example
    -------
    >>> from ._work import work
    >>> text(work({"name": "d", "title": "T", "version": "1.0.0", "created": "2026-01-01",
    ...            "licenses": [{"name": "CC-BY-4.0"}]}))
    'd (2026). T (version 1.0.0) [Data set]. Licence: CC-BY-4.0.\\n'
    """
    line = f"{', '.join(w.authors)} ({w.year or 'n.d.'}). {w.title} (version {w.version}) [Data set]."
    if w.licence_names:
        line += f" Licence: {', '.join(w.licence_names)}."
    if w.url:
        line += f" {w.url}"
    lines = [line] + ([article_reference(w.article)] if w.article is not None else [])
    return "\n".join(lines) + "\n"


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
    out = _record(record)
    if w.article is not None:
        a = w.article
        out += "\n" + _record(
            [
                ("TY", "JOUR" if a.structured else "GEN"),
                ("TI", a.title),
                ("T2", a.container),
                ("VL", a.volume),
                ("IS", a.issue),
                ("PB", a.publisher),
                ("PY", a.year),
                ("UR", a.url),
            ]
        )
    return out
