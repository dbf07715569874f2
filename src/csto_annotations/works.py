"""The bibliographic facts of a dataset version, read from its descriptor.

Every citation format (:mod:`.bibformats`, :mod:`.cff`) and every metadata
file (:mod:`.metadata`) is rendered from one :class:`Work`, so the title,
version, year, licence and URL come from ``datapackage.json`` and nowhere
else.

What is *not* known is left out, never guessed:

* The dataset has no verified home page or DOI. :attr:`Work.url` is the
  descriptor's ``homepage`` when it has one, else the release archive's URL
  when the release registry names a host (an entry's ``url``, or the
  registry's ``base_url``); otherwise it is empty and :attr:`Work.note` says
  so. ``$CSTO_ANNOTATIONS_RELEASE_URL`` is deliberately ignored: it names a
  local mirror to download from, not the place to cite.
* :attr:`Work.doi` is read from the descriptor's ``id`` when that is a DOI.
* The source article comes from the descriptor's first ``sources`` entry;
  its title is split into article title, periodical, volume, issue,
  publisher and year when it has the form ``"Title. Periodical, Volume V,
  Issue I. Publisher, YYYY."``. No author is given: the stored text has no
  byline.

Example
-------
>>> from csto_annotations.works import work
>>> w = work({"name": "x", "title": "T", "version": "1.0.0", "created": "2026-01-02T00:00:00Z"})
>>> w.key, w.year, w.date, w.url
('x-1.0.0', '2026', '2026-01-02', '')
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

__all__ = ["Source", "Work", "work", "parse_source", "archive_name", "registry_url", "NO_URL_NOTE"]

#: Said wherever a citation would carry a persistent URL or DOI but none exists.
NO_URL_NOTE = (
    "No DOI or release URL has been registered for this version yet; "
    "cite it by title and version number."
)
_SOURCE = re.compile(
    r"^(?P<title>.+?)\.\s+(?P<journal>[^,]+),\s+Volume\s+(?P<volume>\d+),\s+"
    r"Issue\s+(?P<issue>\d+)\.\s+(?P<publisher>.+?),\s+(?P<year>\d{4})\.?$"
)
_DOI = re.compile(r"^(?:https?://(?:dx\.)?doi\.org/|doi:)?(?P<doi>10\.\d{4,9}/\S+)$", re.IGNORECASE)


@dataclass(frozen=True)
class Source:
    """The annotated source article, as far as the descriptor states it.

    Attributes
    ----------
    title : str
        The article title (the whole ``sources`` title when it cannot be split).
    journal, volume, issue, publisher, year : str
        Empty when the ``sources`` title does not state them.
    url : str
        The ``sources`` entry's ``path`` (the publisher's page).
    """

    title: str
    url: str = ""
    journal: str = ""
    volume: str = ""
    issue: str = ""
    publisher: str = ""
    year: str = ""

    @property
    def key(self) -> str:
        """A citation key: the periodical's initials, volume and issue (``edm-4-191``)."""
        if self.journal and self.volume and self.issue:
            initials = "".join(word[0] for word in re.findall(r"[A-Za-z]+", self.journal)).lower()
            return f"{initials}-{self.volume}-{self.issue}"
        return "source"

    @property
    def structured(self) -> bool:
        """Whether the periodical, volume and issue are known."""
        return bool(self.journal and self.volume and self.issue)


@dataclass(frozen=True)
class Work:
    """One dataset version, ready to be cited.

    Attributes
    ----------
    name, title, version, description : str
        From the descriptor.
    date : str
        ``YYYY-MM-DD`` of ``created`` (empty when absent).
    year : str
        The year of ``created`` (empty when absent).
    authors : tuple of str
        Institutional authors: contributors with the role ``creator``.
    licenses : tuple of (name, url)
        The package licences.
    keywords : tuple of str
    homepage, archive_url, doi : str
        Empty when unknown (see the module docstring).
    archive : str
        The release archive's file name.
    source : Source or None
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
    archive_url: str = ""
    doi: str = ""
    archive: str = ""
    source: Source | None = None
    rights: tuple[tuple[str, str], ...] = field(default=())

    @property
    def key(self) -> str:
        """The citation key, ``<name>-<version>``."""
        return f"{self.name}-{self.version}"

    @property
    def url(self) -> str:
        """The URL to cite: the home page, else the release archive's URL, else ``""``."""
        return self.homepage or self.archive_url

    @property
    def licence_names(self) -> str:
        """The licence identifiers joined with commas (``CC-BY-4.0``)."""
        return ", ".join(name for name, _ in self.licenses if name)

    @property
    def note(self) -> str:
        """What a reader must know that has no field of its own (no URL yet)."""
        return "" if (self.url or self.doi) else NO_URL_NOTE


def parse_source(entry: dict[str, Any]) -> Source:
    """Split a descriptor ``sources`` entry into bibliographic fields.

    Example
    -------
    >>> s = parse_source({"title": "A B. Daily News, Volume 4, Issue 19. Pub Inc, 2007.", "path": "https://x"})
    >>> s.title, s.journal, s.volume, s.issue, s.publisher, s.year, s.key
    ('A B', 'Daily News', '4', '19', 'Pub Inc', '2007', 'dn-4-19')
    >>> parse_source({"title": "Something else"}).structured
    False
    """
    title = str(entry.get("title", "")).strip()
    url = str(entry.get("path", "")).strip()
    match = _SOURCE.match(title)
    if not match:
        return Source(title=title.rstrip("."), url=url)
    return Source(url=url, **{k: v.strip() for k, v in match.groupdict().items()})


def archive_name(descriptor: dict[str, Any]) -> str:
    """The release archive's file name, ``<name>-<version>.zip``.

    Example
    -------
    >>> archive_name({"name": "csto-annotations", "version": "1.0.0"})
    'csto-annotations-1.0.0.zip'
    """
    return f"{descriptor.get('name', 'dataset')}-{descriptor.get('version', '0.0.0')}.zip"


def _registry() -> dict[str, Any]:
    """The release registry, or an empty one when it is missing or unreadable.

    A citation must not fail because the registry is absent; the loader
    reports registry problems where they matter (``load(version=…)``).
    """
    from .sources import registry_path

    try:
        data = json.loads(Path(registry_path()).read_text("utf-8"))
    except (OSError, ValueError):
        return {}
    return data if isinstance(data, dict) else {}


def registry_url(version: str, file: str) -> str:
    """The archive URL the release registry gives for ``version``, or ``""``.

    An entry's own ``url`` wins; else ``base_url`` joined with ``file``.

    Example
    -------
    >>> registry_url("0.0.0-never-released", "x.zip")  # the bundled registry names no host
    ''
    """
    registry = _registry()
    for entry in registry.get("releases", []) if isinstance(registry.get("releases"), list) else []:
        if isinstance(entry, dict) and entry.get("version") == version and entry.get("url"):
            return str(entry["url"])
    base = registry.get("base_url")
    return f"{str(base).rstrip('/')}/{file}" if isinstance(base, str) and base else ""


def _creators(descriptor: dict[str, Any]) -> tuple[str, ...]:
    """Contributors with the role ``creator`` (institutional names, as written)."""
    people = [c for c in descriptor.get("contributors", []) if "creator" in c.get("roles", [])]
    names = [str(c.get("title") or c.get("name") or "").strip() for c in people]
    return tuple(n for n in names if n) or (str(descriptor.get("name", "")),)


def _rights(descriptor: dict[str, Any]) -> tuple[tuple[str, str], ...]:
    """Resources whose own ``licenses`` differ from the package's (path, statement)."""
    found = []
    for resource in descriptor.get("resources", []):
        for lic in resource.get("licenses", []) or []:
            statement = str(lic.get("title") or lic.get("name") or "").strip()
            if statement:
                found.append((str(resource.get("path", "")), statement))
    return tuple(found)


def _doi(descriptor: dict[str, Any]) -> str:
    """The DOI in the descriptor's ``id``, without resolver prefix, or ``""``."""
    match = _DOI.match(str(descriptor.get("id", "")).strip())
    return match.group("doi") if match else ""


def work(descriptor: dict[str, Any]) -> Work:
    """Collect the citation facts of the package ``descriptor``.

    Parameters
    ----------
    descriptor : dict
        The parsed ``datapackage.json``.

    Returns
    -------
    Work

    Example
    -------
    >>> w = work({"name": "d", "version": "2.0.0", "id": "https://doi.org/10.5281/zenodo.1",
    ...           "contributors": [{"title": "Team", "roles": ["creator"]}]})
    >>> w.authors, w.doi, w.note
    (('Team',), '10.5281/zenodo.1', '')
    """
    created = str(descriptor.get("created", ""))
    date = created[:10] if re.match(r"^\d{4}-\d{2}-\d{2}", created) else ""
    version = str(descriptor.get("version", ""))
    archive = archive_name(descriptor)
    sources = [s for s in descriptor.get("sources", []) if isinstance(s, dict)]
    return Work(
        name=str(descriptor.get("name", "")),
        title=str(descriptor.get("title") or descriptor.get("name", "")),
        version=version,
        date=date,
        year=date[:4],
        description=str(descriptor.get("description", "")),
        authors=_creators(descriptor),
        licenses=tuple(
            (str(lic.get("name", "")), str(lic.get("path", ""))) for lic in descriptor.get("licenses", [])
        ),
        keywords=tuple(str(k) for k in descriptor.get("keywords", [])),
        homepage=str(descriptor.get("homepage", "")),
        archive_url=registry_url(version, archive),
        doi=_doi(descriptor),
        archive=archive,
        source=parse_source(sources[0]) if sources else None,
        rights=_rights(descriptor),
    )
