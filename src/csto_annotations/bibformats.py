"""Render a :class:`~csto_annotations.works.Work` as text, BibTeX, RIS or CSL-JSON.

Each format cites the dataset version and, as a second record, the source
article it annotates:

* ``text``: one line, APA-like, ending with the annotated article.
* ``bibtex``: a ``@dataset`` entry (biblatex; classic BibTeX styles treat it
  as ``@misc``) whose ``related`` field names an ``@article`` entry for the
  source. The institutional author is double-braced so that BibTeX does not
  split it into given and family names.
* ``ris``: a ``DATA`` record, then a ``JOUR`` record; ``ET`` holds the version.
* ``csl-json``: a JSON array of two CSL items (``dataset``, ``article-journal``);
  the institutional author is a ``literal`` name.

Example
-------
>>> from csto_annotations.works import work
>>> w = work({"name": "d", "title": "T", "version": "1.0.0", "created": "2026-01-01",
...           "contributors": [{"title": "Team", "roles": ["creator"]}]})
>>> ris(w).splitlines()[:3]
['TY  - DATA', 'AU  - Team', 'TI  - T']
"""

from __future__ import annotations

import json
import re

from .works import Source, Work

__all__ = ["text", "bibtex", "ris", "csl_items", "csl_json"]

_BIBTEX_SPECIAL = re.compile(r"([&%$#_{}])")


def _article_phrase(source: Source) -> str:
    """``"Title", Periodical 4(191), Publisher, 2007, URL`` with what is known."""
    issue = f"{source.volume}({source.issue})" if source.volume and source.issue else ""
    parts = [f'"{source.title}"', f"{source.journal} {issue}".strip(), source.publisher, source.year, source.url]
    return ", ".join(p for p in parts if p)


def text(w: Work) -> str:
    """One-line citation: authors (year). Title (version V) [Data set]. Licence. URL. Source.

    Example
    -------
    >>> from csto_annotations.works import work
    >>> text(work({"name": "d", "title": "T", "version": "1.0.0", "created": "2026-01-01",
    ...            "licenses": [{"name": "CC-BY-4.0"}]}))
    'd (2026). T (version 1.0.0) [Data set]. Licence: CC-BY-4.0.'
    """
    line = f"{', '.join(w.authors)} ({w.year or 'n.d.'}). {w.title} (version {w.version}) [Data set]."
    if w.licence_names:
        line += f" Licence: {w.licence_names}."
    if w.doi:
        line += f" https://doi.org/{w.doi}"
    elif w.url:
        line += f" {w.url}"
    if w.source is not None:
        line += f" Annotates: {_article_phrase(w.source)}."
    return line


def _bib_escape(value: str) -> str:
    """Escape BibTeX's special characters (``& % $ # _ { }``)."""
    return _BIBTEX_SPECIAL.sub(r"\\\1", value)


def _bib_entry(kind: str, key: str, fields: list[tuple[str, str]]) -> str:
    """Format one entry, skipping empty fields; values are already escaped."""
    kept = [(name, value) for name, value in fields if value]
    width = max(len(name) for name, _ in kept)
    body = ",\n".join(f"  {name:<{width}} = {{{value}}}" for name, value in kept)
    return f"@{kind}{{{key},\n{body},\n}}\n"


def _bib_source(source: Source) -> str:
    """The ``@article`` (or ``@misc``) entry of the source."""
    kind = "article" if source.structured else "misc"
    return _bib_entry(kind, source.key, [
        ("title", "{" + _bib_escape(source.title) + "}"),
        ("journal", _bib_escape(source.journal)),
        ("volume", source.volume),
        ("number", source.issue),
        ("publisher", _bib_escape(source.publisher)),
        ("year", source.year),
        ("url", source.url),
    ])


def bibtex(w: Work) -> str:
    """BibTeX: a ``@dataset`` entry and the source article's entry.

    Example
    -------
    >>> from csto_annotations.works import work
    >>> print(bibtex(work({"name": "d", "title": "T & U", "version": "1.0.0", "homepage": "https://h"})))
    @dataset{d-1.0.0,
      author  = {{d}},
      title   = {{T \\& U}},
      version = {1.0.0},
      url     = {https://h},
    }
    <BLANKLINE>
    """
    authors = " and ".join("{" + _bib_escape(a) + "}" for a in w.authors)
    entry = _bib_entry("dataset", w.key, [
        ("author", authors),
        ("title", "{" + _bib_escape(w.title) + "}"),
        ("year", w.year),
        ("version", w.version),
        ("license", _bib_escape(w.licence_names)),
        ("doi", w.doi),
        ("url", w.url),
        ("keywords", _bib_escape(", ".join(w.keywords))),
        ("note", _bib_escape(w.note)),
        ("related", w.source.key if w.source else ""),
    ])
    return entry + ("\n" + _bib_source(w.source) if w.source else "")


def _ris_record(lines: list[tuple[str, str]]) -> str:
    """Format one RIS record (``TAG  - value`` lines, ``ER`` last)."""
    body = "".join(f"{tag}  - {' '.join(value.split())}\n" for tag, value in lines if value)
    return body + "ER  - \n"


def ris(w: Work) -> str:
    """RIS: a ``DATA`` record for the dataset, then a ``JOUR`` record for the source."""
    record = [("TY", "DATA")] + [("AU", a) for a in w.authors] + [
        ("TI", w.title),
        ("PY", w.year),
        ("DA", w.date.replace("-", "/") + "/" if w.date else ""),
        ("ET", w.version),
        *[("KW", k) for k in w.keywords],
        ("AB", w.description),
        ("DO", w.doi),
        ("UR", w.url),
        ("N1", f"Licence: {w.licence_names}." if w.licence_names else ""),
        ("N1", w.note),
    ]
    out = _ris_record(record)
    if w.source is not None:
        s = w.source
        out += "\n" + _ris_record([
            ("TY", "JOUR" if s.structured else "GEN"), ("TI", s.title), ("T2", s.journal),
            ("VL", s.volume), ("IS", s.issue), ("PB", s.publisher), ("PY", s.year), ("UR", s.url),
        ])
    return out


def _date_parts(date: str) -> dict[str, list[list[int]]]:
    """CSL ``date-parts`` of ``YYYY`` or ``YYYY-MM-DD``."""
    return {"date-parts": [[int(part) for part in date.split("-")]]}


def csl_items(w: Work) -> list[dict]:
    """The CSL-JSON items: the dataset, then the source article.

    Example
    -------
    >>> from csto_annotations.works import work
    >>> csl_items(work({"name": "d", "version": "1.0.0", "created": "2026-03-04"}))[0]["issued"]
    {'date-parts': [[2026, 3, 4]]}
    """
    item: dict = {"id": w.key, "type": "dataset", "title": w.title, "version": w.version}
    item["author"] = [{"literal": a} for a in w.authors]
    if w.date:
        item["issued"] = _date_parts(w.date)
    for key, value in (("DOI", w.doi), ("URL", w.url), ("abstract", w.description),
                       ("keyword", ", ".join(w.keywords))):
        if value:
            item[key] = value
    item["note"] = " ".join(p for p in (f"Licence: {w.licence_names}." if w.licence_names else "", w.note) if p)
    items = [item]
    if w.source is not None:
        s = w.source
        related: dict = {"id": s.key, "type": "article-journal" if s.structured else "article", "title": s.title}
        for key, value in (("container-title", s.journal), ("volume", s.volume), ("issue", s.issue),
                           ("publisher", s.publisher), ("URL", s.url)):
            if value:
                related[key] = value
        if s.year:
            related["issued"] = _date_parts(s.year)
        items.append(related)
    return items


def csl_json(w: Work) -> str:
    """CSL-JSON text (an array of items), indented, UTF-8, ending in a newline."""
    return json.dumps(csl_items(w), indent=2, ensure_ascii=False) + "\n"
