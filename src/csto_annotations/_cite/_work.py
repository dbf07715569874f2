"""The bibliographic record of a dataset version and its article, read from ``datapackage.json``.

``datapackage.json`` is the one source of bibliographic truth. Every citation
format and every metadata file is rendered from the :class:`Work` built here,
and this module reads nothing else (not ``data/documents.csv``, not the release
registry, not the environment). Only standard Data Package v2 keys are read:

=======================  ============================================================
descriptor key           becomes
=======================  ============================================================
``name``                 :attr:`Work.name` (with ``version``, the citation key)
``title``                :attr:`Work.title`
``version``              :attr:`Work.version` (required)
``created``              :attr:`Work.date` and :attr:`Work.year` (the release date)
``description``          :attr:`Work.description`
``contributors``         :attr:`Work.authors`: the ``title`` of each ``creator``
``licenses``             :attr:`Work.licenses`
``keywords``             :attr:`Work.keywords`
``homepage``             :attr:`Work.homepage` (absent today: no public host yet)
``id``                   :attr:`Work.doi`, when it is a DOI (absent today)
``sources[0]``           :attr:`Work.article`: ``path`` is its URL; ``title`` is the
                         reference ``"Title. Periodical, Volume V, Issue I.
                         Publisher, YYYY."``, split into its parts
``resources[].licenses`` :attr:`Work.rights`: resources under other terms
=======================  ============================================================

What the descriptor does not state is left out, never guessed: the article has
no author (its text carries no byline) and only a year (2007); the dataset has
no URL or DOI until ``homepage`` or ``id`` says so.

Example
-------
>>> w = work({"name": "x", "title": "T", "version": "1.0.0", "created": "2026-01-02T00:00:00Z"})
>>> w.key, w.year, w.date, w.url, w.article
('x-1.0.0', '2026', '2026-01-02', '', None)
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from typing import Any

from .._base._errors import DescriptorError

__all__ = ["Article", "Work", "article_reference", "json_text", "nonempty", "parse_article", "work"]

# Digits are ASCII ([0-9], not \d, which takes any script's digits into a citation's year), and each
# whole-value pattern is used with fullmatch, so a final newline is no part of a match.
_REFERENCE = re.compile(
    r"(?P<title>.+?)\.\s+(?P<container>[^,]+),\s+Volume\s+(?P<volume>[0-9]+),\s+"
    r"Issue\s+(?P<issue>[0-9]+)\.\s+(?P<publisher>.+?),\s+(?P<year>[0-9]{4})\.?"
)
_DOI = re.compile(r"(?:https?://(?:dx\.)?doi\.org/|doi:)?(?P<doi>10\.[0-9]{4,9}/\S+)", re.IGNORECASE)
_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")


@dataclass(frozen=True)
class Article:
    """The annotated article, as the descriptor's ``sources`` entry states it.

    Attributes
    ----------
    title : str
        The article's title (the whole ``sources`` title when it cannot be split).
    url : str
        The entry's ``path``: where the publisher serves the article.
    container, volume, issue, publisher, year : str
        The periodical and its volume and issue, the publisher and the year;
        empty when the ``sources`` title does not state them.
    """

    title: str
    url: str = ""
    container: str = ""
    volume: str = ""
    issue: str = ""
    publisher: str = ""
    year: str = ""

    @property
    def key(self) -> str:
        """The citation key: the periodical's initials, volume and issue (``edm-4-191``).

        Example
        -------
        >>> Article("T", container="Daily News", volume="4", issue="19").key
        'dn-4-19'
        """
        if not self.structured:
            return "source"
        initials = "".join(word[0] for word in re.findall(r"[A-Za-z]+", self.container)).lower()
        return f"{initials}-{self.volume}-{self.issue}"

    @property
    def structured(self) -> bool:
        """Whether the periodical, volume and issue are known."""
        return bool(self.container and self.volume and self.issue)

    @property
    def periodical(self) -> str:
        """``Eurasia Daily Monitor 4(191)``: the periodical, and ``volume(issue)`` when both are known.

        Example
        -------
        >>> Article("T", container="P", volume="4").periodical, Article("T", volume="4", issue="1").periodical
        ('P', '4(1)')
        """
        issue = f"{self.volume}({self.issue})" if self.volume and self.issue else ""
        return " ".join(p for p in (self.container, issue) if p)


@dataclass(frozen=True)
class Work:
    """One dataset version, ready to be cited.

    Attributes
    ----------
    name, title, version, description : str
        From the descriptor.
    date, year : str
        ``YYYY-MM-DD`` and ``YYYY`` of ``created``; empty when it is absent.
    authors : tuple of str
        Institutional authors: the contributors with the role ``creator``.
    licenses : tuple of (name, path)
        The package licences.
    keywords : tuple of str
    homepage, doi : str
        Empty when unknown.
    article : Article or None
        The annotated article.
    rights : tuple of (path, statement)
        Resources under terms other than the package licence (the article text).
    """

    name: str
    title: str
    version: str
    date: str = ""
    year: str = ""
    description: str = ""
    authors: tuple[str, ...] = ()
    licenses: tuple[tuple[str, str], ...] = ()
    keywords: tuple[str, ...] = ()
    homepage: str = ""
    doi: str = ""
    article: Article | None = None
    rights: tuple[tuple[str, str], ...] = ()

    @property
    def key(self) -> str:
        """The citation key, ``<name>-<version>``."""
        return f"{self.name}-{self.version}"

    @property
    def versioned_title(self) -> str:
        """The title with the version appended, ``"T (Version 1.0.0)"``, as APA 7 prints it.

        Only the ``*-version-in-title`` citation formats use it: for the CSL
        styles (APSA, Harvard) that print no version for a dataset.

        Example
        -------
        >>> Work(name="d", title="T", version="2.1.0").versioned_title
        'T (Version 2.1.0)'
        """
        return f"{self.title} (Version {self.version})"

    @property
    def url(self) -> str:
        """The URL to cite: the DOI resolver when there is a DOI, else ``homepage``, else ``""``."""
        return f"https://doi.org/{self.doi}" if self.doi else self.homepage

    @property
    def licence_names(self) -> tuple[str, ...]:
        """The licence identifiers (``("CC-BY-4.0",)``)."""
        return tuple(name for name, _ in self.licenses if name)


def nonempty(*pairs: tuple[str, Any]) -> dict[str, Any]:
    """The pairs whose value is not empty, in order: how every format leaves out what is unknown.

    Example
    -------
    >>> nonempty(("a", "x"), ("b", ""), ("c", None), ("d", []), ("e", 0))
    {'a': 'x', 'e': 0}
    """
    return {key: value for key, value in pairs if value not in ("", None, [], {})}


def json_text(data: Any) -> str:
    """Deterministic JSON text: indented, UTF-8 characters kept, final newline.

    Example
    -------
    >>> json_text({"a": "é"})
    '{\\n  "a": "é"\\n}\\n'
    """
    return json.dumps(data, indent=2, ensure_ascii=False) + "\n"


def article_reference(a: Article) -> str:
    """``Title (2007). Periodical 4(191). Publisher. URL`` with what is known.

    Example
    -------
    >>> article_reference(Article("A", url="https://x", container="P", volume="1", issue="2", year="2007"))
    'A (2007). P 1(2). https://x'
    """
    parts = [f"{p}." for p in (f"{a.title} ({a.year or 'n.d.'})", a.periodical, a.publisher) if p]
    return " ".join([*parts, a.url] if a.url else parts)


def parse_article(entry: dict[str, Any]) -> Article:
    """Split a descriptor ``sources`` entry into the article's fields.

    Example
    -------
    >>> a = parse_article({"title": "A B. Daily News, Volume 4, Issue 19. Pub Inc, 2007.", "path": "https://x"})
    >>> a.title, a.container, a.volume, a.issue, a.publisher, a.year, a.key
    ('A B', 'Daily News', '4', '19', 'Pub Inc', '2007', 'dn-4-19')
    >>> parse_article({"title": "Something else."}).structured
    False
    """
    title = _text(entry.get("title")).strip()
    url = _text(entry.get("path")).strip()
    match = _REFERENCE.fullmatch(title)
    if not match:
        return Article(title=title.rstrip("."), url=url)
    return Article(url=url, **{k: v.strip() for k, v in match.groupdict().items()})


def _text(value: Any) -> str:
    """A descriptor value as text; anything but a string counts as absent."""
    return value if isinstance(value, str) else ""


def _entries(descriptor: dict[str, Any], key: str) -> list[dict[str, Any]]:
    """The objects in the descriptor list ``key`` (other items are ignored)."""
    value = descriptor.get(key)
    return [item for item in value if isinstance(item, dict)] if isinstance(value, list) else []


def _label(entry: dict[str, Any]) -> str:
    """An entry's ``title``, else its ``name``."""
    return (_text(entry.get("title")) or _text(entry.get("name"))).strip()


def _creators(descriptor: dict[str, Any]) -> tuple[str, ...]:
    """The label of each contributor whose roles include ``creator``."""
    people = _entries(descriptor, "contributors")
    names = [_label(p) for p in people if isinstance(p.get("roles"), list) and "creator" in p["roles"]]
    return tuple(n for n in names if n) or (_text(descriptor.get("name")),)


def _rights(descriptor: dict[str, Any]) -> tuple[tuple[str, str], ...]:
    """(path, statement) of every resource licence: these resources are under other terms."""
    resources = _entries(descriptor, "resources")
    found = ((_text(r.get("path")), _label(licence)) for r in resources for licence in _entries(r, "licenses"))
    return tuple((path, statement) for path, statement in found if statement)


def _required(descriptor: dict[str, Any], key: str) -> str:
    """A required string key, or :class:`DescriptorError` naming it."""
    value = descriptor.get(key)
    if not isinstance(value, str) or not value.strip():
        raise DescriptorError(
            f"datapackage.json: {key!r} must be a non-empty string to cite the package, got {value!r}; "
            f"add it to the descriptor (see docs/citing.md)."
        )
    return value.strip()


def work(descriptor: dict[str, Any]) -> Work:
    """Collect the bibliographic record of the package ``descriptor``.

    Parameters
    ----------
    descriptor : dict
        The parsed ``datapackage.json``.

    Returns
    -------
    Work

    Raises
    ------
    DescriptorError
        When ``name`` or ``version`` is missing.

    Example
    -------
    >>> w = work({"name": "d", "version": "2.0.0", "id": "https://doi.org/10.5281/zenodo.1",
    ...           "contributors": [{"title": "Team", "roles": ["creator"]}]})
    >>> w.authors, w.doi, w.url
    (('Team',), '10.5281/zenodo.1', 'https://doi.org/10.5281/zenodo.1')
    """
    name = _required(descriptor, "name")
    created = _text(descriptor.get("created"))
    date = created[:10] if _DATE.match(created) else ""
    doi = _DOI.fullmatch(_text(descriptor.get("id")).strip())
    sources = _entries(descriptor, "sources")
    keywords = descriptor.get("keywords")
    return Work(
        name=name,
        title=_text(descriptor.get("title")).strip() or name,
        version=_required(descriptor, "version"),
        date=date,
        year=date[:4],
        description=_text(descriptor.get("description")).strip(),
        authors=_creators(descriptor),
        licenses=tuple((_text(lic.get("name")), _text(lic.get("path"))) for lic in _entries(descriptor, "licenses")),
        keywords=tuple(k for k in keywords if isinstance(k, str)) if isinstance(keywords, list) else (),
        homepage=_text(descriptor.get("homepage")).strip(),
        doi=doi.group("doi") if doi else "",
        article=parse_article(sources[0]) if sources else None,
        rights=_rights(descriptor),
    )
