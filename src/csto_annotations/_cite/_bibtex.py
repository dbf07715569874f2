"""BibTeX for classic styles, and biblatex, from one :class:`~._work.Work`.

Each output holds exactly one entry per work: the dataset, then the article.

``bibtex`` targets classic BibTeX (``plain``, ``unsrt``, ``alpha``,
``apalike``) and pybtex, which know no ``@dataset`` and no ``version``:

* the dataset is ``@misc`` with the version in ``howpublished``
  (``Data set, version 1.0.0``), which every classic style prints;
* the article is ``@misc`` too, because ``@article`` requires an author and
  this one has none (its text carries no byline). As usual for an unsigned
  work, ``key`` tells styles how to sort and label it: the periodical's name,
  which stands in for the author of an unsigned periodical article (Chicago
  14.207), giving ``[Eur07]`` in ``alpha`` and ``[Eurasia Daily Monitor,
  2007]`` in ``apalike``. ``howpublished`` names the periodical,
  volume(issue) and publisher.

``biblatex`` is for biber: ``@dataset`` with ``version`` and ``date``, and
``@article`` with ``journaltitle``, ``volume`` and ``number``.

With ``version_in_title=True`` (the ``bibtex-version-in-title`` and
``biblatex-version-in-title`` formats) the dataset's title carries the
version, :attr:`~._work.Work.versioned_title`, and no other field does
(``howpublished`` is then ``Data set``; biblatex has no ``version``): for
the CSL styles (APSA, Harvard) that pandoc formats these files with and that
print no version for a dataset.

Values are LaTeX-escaped (:func:`latex`) and titles are double-braced so
that styles keep their capitals; URLs go in ``url`` as they are, with
characters that would break a BibTeX field percent-encoded.

Example
-------
>>> from ._work import work
>>> print(bibtex(work({"name": "d", "title": "T & U", "version": "1.0.0", "created": "2026-01-01"})), end="")
@misc{d-1.0.0,
  author       = {{d}},
  title        = {{T \\& U}},
  howpublished = {Data set, version 1.0.0},
  year         = {2026},
}
"""

from __future__ import annotations

import re

from ._work import Work

__all__ = ["biblatex", "bibtex", "latex"]

# Five characters are escaped with a backslash, five need a command: BibTeX counts even an escaped brace.
_COMMANDS = {"\\": "backslash", "{": "braceleft", "}": "braceright", "~": "asciitilde", "^": "asciicircum"}
_LATEX = {c: "\\" + c for c in "&%$#_"} | {c: rf"\text{name}{{}}" for c, name in _COMMANDS.items()}
_SPECIAL = re.compile("|".join(re.escape(c) for c in _LATEX))
_URL_UNSAFE = re.compile(r"[\s{}\\%#]")


def latex(value: str) -> str:
    """Escape LaTeX's special characters, keeping BibTeX's braces balanced.

    A literal brace becomes ``\\textbraceleft{}``: BibTeX counts even an
    escaped ``\\{`` when it matches braces, so ``\\{`` would break the entry.

    Example
    -------
    >>> print(latex("50% of {x}_1 & ~$5 #2 a^b \\\\"))
    50\\% of \\textbraceleft{}x\\textbraceright{}\\_1 \\& \\textasciitilde{}\\$5 \\#2 a\\textasciicircum{}b \\textbackslash{}
    """
    return _SPECIAL.sub(lambda m: _LATEX[m.group()], " ".join(value.split()))


def _url(value: str) -> str:
    """A URL safe inside a BibTeX field: whitespace, braces, ``\\``, ``%`` and ``#`` percent-encoded.

    Example
    -------
    >>> _url("https://x.org/a b{c}%")
    'https://x.org/a%20b%7Bc%7D%25'
    """
    return _URL_UNSAFE.sub(lambda m: "".join(f"%{b:02X}" for b in m.group().encode("utf-8")), value)


def _entry(kind: str, key: str, fields: list[tuple[str, str]]) -> str:
    """One entry with aligned fields; empty fields are left out; values are already escaped."""
    kept = [(name, value) for name, value in fields if value]
    width = max(len(name) for name, _ in kept)
    body = "".join(f"  {name:<{width}} = {{{value}}},\n" for name, value in kept)
    return f"@{kind}{{{key},\n{body}}}\n"


def _title(value: str) -> str:
    """A title in an extra pair of braces, so that no style lower-cases it."""
    return "{" + latex(value) + "}" if value else ""


def _dataset(kind: str, w: Work, version_in_title: bool, fields: list[tuple[str, str]], url: str) -> str:
    """The dataset's entry, in both flavours: author and title, ``fields``, then DOI, ``url`` and keywords.

    The authors are institutions, each braced so that BibTeX does not split it into given and family names.
    """
    authors = " and ".join("{" + latex(a) + "}" for a in w.authors)
    title = _title(w.versioned_title if version_in_title else w.title)
    tail = [("doi", _url(w.doi)), ("url", _url(url)), ("keywords", latex(", ".join(w.keywords)))]
    return _entry(kind, w.key, [("author", authors), ("title", title), *fields, *tail])


def bibtex(w: Work, *, version_in_title: bool = False) -> str:
    """Classic BibTeX: the dataset and the article, both ``@misc`` (see the module docstring).

    Parameters
    ----------
    w : Work
        The record to cite.
    version_in_title : bool, default False
        Put the version into the dataset's title instead of ``howpublished``.

    Returns
    -------
    str

    Example
    -------
    >>> from ._work import work
    >>> d = {"name": "d", "version": "1", "sources": [{"title": "A. P, Volume 1, Issue 2. Q, 2007."}]}
    >>> print(bibtex(work(d)).split("\\n\\n")[1], end="")
    @misc{p-1-2,
      key          = {P},
      title        = {{A}},
      howpublished = {P 1(2), Q},
      year         = {2007},
    }
    """
    version = "" if version_in_title else f", version {latex(w.version)}"
    dataset = _dataset("misc", w, version_in_title, [("howpublished", f"Data set{version}"), ("year", w.year)], w.url)
    if (a := w.article) is None:
        return dataset
    article = [
        ("key", latex(a.container or a.title)),
        ("title", _title(a.title)),
        ("howpublished", latex(", ".join(p for p in (a.periodical, a.publisher) if p))),
        ("year", a.year),
        ("url", _url(a.url)),
    ]
    return f"{dataset}\n{_entry('misc', a.key, article)}"


def biblatex(w: Work, *, version_in_title: bool = False) -> str:
    """biblatex: ``@dataset`` with ``version``, then the article's ``@article``.

    Parameters
    ----------
    w : Work
        The record to cite.
    version_in_title : bool, default False
        Put the version into the dataset's title instead of ``version``.

    Returns
    -------
    str

    Example
    -------
    >>> from ._work import work
    >>> print(biblatex(work({"name": "d", "title": "T", "version": "1.0.0", "created": "2026-03-04"})), end="")
    @dataset{d-1.0.0,
      author  = {{d}},
      title   = {{T}},
      version = {1.0.0},
      date    = {2026-03-04},
    }
    >>> print(biblatex(work({"name": "d", "title": "T", "version": "1.0.0"}), version_in_title=True), end="")
    @dataset{d-1.0.0,
      author = {{d}},
      title  = {{T (Version 1.0.0)}},
    }
    """
    version = "" if version_in_title else latex(w.version)
    dataset = _dataset("dataset", w, version_in_title, [("version", version), ("date", w.date)], w.homepage)
    if (a := w.article) is None:
        return dataset
    article = [
        ("title", _title(a.title)),
        ("journaltitle", latex(a.container)),
        ("volume", a.volume),
        ("number", a.issue),
        ("date", a.year),
        ("url", _url(a.url)),
    ]
    return f"{dataset}\n{_entry('article' if a.structured else 'online', a.key, article)}"
