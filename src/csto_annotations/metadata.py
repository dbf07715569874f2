"""Generate ``CITATION.cff``, ``.zenodo.json`` and ``docs/dataset.jsonld`` from the descriptor.

All three are rendered from ``datapackage.json`` (and, for the schema.org
``variableMeasured`` list, the Table Schemas), so title, version, date,
licence and keywords live in one place. Writing is atomic and happens only
when a file's content changes: running twice changes nothing.
``python scripts/metadata.py --check`` exits 1 when a committed file is stale.

* ``CITATION.cff``: :mod:`.cff` (CFF 1.2.0, ``type: dataset``, the source
  article in ``references``).
* ``.zenodo.json``: Zenodo deposit metadata for the GitHub integration
  (``upload_type: dataset``; the source article as an ``isDerivedFrom``
  related identifier; the article text's rights in ``notes``). No DOI is
  written: Zenodo mints it.
* ``docs/dataset.jsonld``: a schema.org ``Dataset`` for dataset search
  engines; the source article is ``isBasedOn``; ``url`` and
  ``distribution`` appear only when a release URL is configured.

Example
-------
>>> from csto_annotations.metadata import render
>>> sorted(render())
['.zenodo.json', 'CITATION.cff', 'docs/dataset.jsonld']
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

from .atomic import atomic_write_text
from .cff import cff_text
from .errors import DatasetError
from .works import Source, Work, work

__all__ = ["render", "write", "stale", "zenodo_data", "jsonld_data", "main", "TARGETS"]

#: Generated files, relative to the package root.
TARGETS = ("CITATION.cff", ".zenodo.json", "docs/dataset.jsonld")


def _json(data: Any) -> str:
    """Deterministic JSON text: indented, UTF-8 characters kept, final newline."""
    return json.dumps(data, indent=2, ensure_ascii=False) + "\n"


def _description(w: Work) -> str:
    """The descriptor's description plus the rights of resources under other terms."""
    rights = " ".join(f"{path}: {statement}" for path, statement in w.rights)
    return " ".join(p for p in (w.description, rights) if p)


def zenodo_data(w: Work) -> dict[str, Any]:
    """The ``.zenodo.json`` content.

    Example
    -------
    >>> from csto_annotations.works import work
    >>> zenodo_data(work({"name": "d", "title": "T", "version": "1.0.0",
    ...                   "licenses": [{"name": "CC-BY-4.0"}]}))["license"]
    'CC-BY-4.0'
    """
    data: dict[str, Any] = {
        "title": w.title,
        "version": w.version,
        "upload_type": "dataset",
        "description": w.description or w.title,
        "creators": [{"name": a} for a in w.authors],
        "access_right": "open",
    }
    licences = [n for n, _ in w.licenses if n]
    if licences:
        data["license"] = licences[0]
    if w.keywords:
        data["keywords"] = list(w.keywords)
    if w.source is not None and w.source.url:
        data["related_identifiers"] = [{
            "identifier": w.source.url,
            "relation": "isDerivedFrom",
            "resource_type": "publication-article",
        }]
    if w.rights:
        data["notes"] = " ".join(f"{path}: {statement}" for path, statement in w.rights)
    return data


def _article(source: Source) -> dict[str, Any]:
    """schema.org ``Article`` of the source, nested in issue, volume and periodical."""
    article: dict[str, Any] = {"@type": "Article", "name": source.title}
    if source.url:
        article["url"] = source.url
    if source.year:
        article["datePublished"] = source.year
    if source.publisher:
        article["publisher"] = {"@type": "Organization", "name": source.publisher}
    if source.structured:
        article["isPartOf"] = {
            "@type": "PublicationIssue",
            "issueNumber": source.issue,
            "isPartOf": {
                "@type": "PublicationVolume",
                "volumeNumber": source.volume,
                "isPartOf": {"@type": "Periodical", "name": source.journal},
            },
        }
    return article


def _variables(schemas: dict[str, dict[str, Any]]) -> list[dict[str, Any]]:
    """One ``PropertyValue`` per column, ``table.column`` with the schema's description."""
    return [
        {"@type": "PropertyValue", "name": f"{table}.{field['name']}",
         "description": field.get("description") or field.get("title", "")}
        for table, schema in schemas.items()
        for field in schema.get("fields", [])
    ]


def jsonld_data(w: Work, descriptor: dict[str, Any], schemas: dict[str, dict[str, Any]]) -> dict[str, Any]:
    """The schema.org ``Dataset`` record (JSON-LD).

    Example
    -------
    >>> from csto_annotations.works import work
    >>> d = {"name": "d", "title": "T", "version": "1.0.0"}
    >>> jsonld_data(work(d), d, {})["@type"]
    'Dataset'
    """
    data: dict[str, Any] = {
        "@context": "https://schema.org/",
        "@type": "Dataset",
        "name": w.title,
        "alternateName": w.name,
        "description": _description(w),
        "version": w.version,
    }
    optional = {
        "identifier": f"https://doi.org/{w.doi}" if w.doi else "",
        "url": w.url,
        "dateCreated": str(descriptor.get("created", "")),
        "creator": [{"@type": "Organization", "name": a} for a in w.authors],
        "license": [url or name for name, url in w.licenses],
        "keywords": list(w.keywords),
        "isAccessibleForFree": True,
        "isBasedOn": _article(w.source) if w.source else None,
        "distribution": [{"@type": "DataDownload", "encodingFormat": "application/zip",
                          "contentUrl": w.archive_url}] if w.archive_url else None,
        "variableMeasured": _variables(schemas),
    }
    for key, value in optional.items():
        if value:
            data[key] = value[0] if key == "license" and len(value) == 1 else value
    return data


def render(root: str | Path | None = None) -> dict[str, str]:
    """Render every generated file of the package at ``root`` (default: bundled).

    Returns
    -------
    dict
        Relative path (one of :data:`TARGETS`) → file text.
    """
    from .descriptor import read_package
    from .paths import bundled_root

    package = read_package(Path(root) if root is not None else bundled_root())
    w = work(package.descriptor)
    return {
        "CITATION.cff": cff_text(w),
        ".zenodo.json": _json(zenodo_data(w)),
        "docs/dataset.jsonld": _json(jsonld_data(w, package.descriptor, package.schemas)),
    }


def _root(root: str | Path | None) -> Path:
    from .paths import bundled_root

    return Path(root) if root is not None else bundled_root()


def stale(root: str | Path | None = None) -> list[Path]:
    """The generated files that are missing or differ from a fresh render.

    Example
    -------
    >>> stale()  # the committed files are current
    []
    """
    base = _root(root)
    return [
        base / relative
        for relative, text in render(base).items()
        if not (base / relative).is_file() or (base / relative).read_text("utf-8") != text
    ]


def write(root: str | Path | None = None) -> list[Path]:
    """Write the generated files that changed, atomically; return their paths."""
    base = _root(root)
    written = []
    for relative, text in render(base).items():
        target = base / relative
        if target.is_file() and target.read_text("utf-8") == text:
            continue
        target.parent.mkdir(parents=True, exist_ok=True)
        atomic_write_text(target, text)
        written.append(target)
    return written


def main(argv: list[str] | None = None) -> int:
    """``scripts/metadata.py [--check] [ROOT]``: write or check the generated files.

    Returns 0 when done (or current), 1 when ``--check`` finds stale files or
    the descriptor cannot be read.
    """
    parser = argparse.ArgumentParser(prog="scripts/metadata.py", description=__doc__.split("\n\n")[0])
    parser.add_argument("root", nargs="?", default=None, help="package directory (default: the repository)")
    parser.add_argument("--check", action="store_true", help="exit 1 if a generated file is stale; write nothing")
    args = parser.parse_args(argv)
    try:
        if args.check:
            outdated = stale(args.root)
            for path in outdated:
                print(f"{path} is stale: run python scripts/metadata.py", file=sys.stderr)
            print("metadata files are current" if not outdated else f"{len(outdated)} stale file(s)")
            return 1 if outdated else 0
        written = write(args.root)
    except DatasetError as error:
        print(f"error: {error}", file=sys.stderr)
        return 1
    for path in written:
        print(f"wrote {path}")
    if not written:
        print("nothing to do: CITATION.cff, .zenodo.json and docs/dataset.jsonld are current")
    return 0
