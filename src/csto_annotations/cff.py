"""Citation File Format 1.2.0 (``CITATION.cff``) for a dataset version.

The file is YAML written by a small emitter of our own (mappings, lists,
strings, integers): keys in a fixed order and every string double-quoted,
so the output is deterministic and needs no YAML library. Double-quoted
JSON strings are valid YAML scalars.

``references`` carries the source article. CFF requires at least one author
for every reference; the stored article text has no byline, so the publisher
stands as group author and the reference's ``notes`` say so.

Example
-------
>>> from csto_annotations.works import work
>>> print(cff_text(work({"name": "d", "title": "T", "version": "1.0.0", "created": "2026-01-02",
...                      "licenses": [{"name": "CC-BY-4.0"}],
...                      "contributors": [{"title": "Team", "roles": ["creator"]}]})), end="")
cff-version: "1.2.0"
message: "If you use this dataset, please cite it using the metadata from this file. No DOI or release URL has been registered for this version yet; cite it by title and version number."
type: "dataset"
title: "T"
version: "1.0.0"
date-released: "2026-01-02"
authors:
  - name: "Team"
license: "CC-BY-4.0"
"""

from __future__ import annotations

import json
from typing import Any

from .works import Source, Work

__all__ = ["cff_data", "cff_text", "dump_yaml", "CFF_VERSION"]

CFF_VERSION = "1.2.0"
_MESSAGE = "If you use this dataset, please cite it using the metadata from this file."
_NO_BYLINE = (
    "The stored text carries no byline; the publisher is given as group author "
    "because CFF requires an author for every reference."
)


def _reference(source: Source) -> dict[str, Any]:
    """The CFF reference of the source article."""
    ref: dict[str, Any] = {"type": "article" if source.structured else "generic", "title": source.title}
    holder = source.publisher or "Unknown (not stated in the source)"
    ref["authors"] = [{"name": holder}]
    if source.journal:
        ref["journal"] = source.journal
    if source.volume:
        ref["volume"] = int(source.volume)
    if source.issue:
        ref["issue"] = source.issue
    if source.publisher:
        ref["publisher"] = {"name": source.publisher}
    if source.year:
        ref["year"] = int(source.year)
    if source.url:
        ref["url"] = source.url
    ref["notes"] = _NO_BYLINE
    return ref


def cff_data(w: Work) -> dict[str, Any]:
    """The ``CITATION.cff`` content as a dict, keys in output order.

    Example
    -------
    >>> from csto_annotations.works import work
    >>> cff_data(work({"name": "d", "version": "1.0.0"}))["type"]
    'dataset'
    """
    data: dict[str, Any] = {
        "cff-version": CFF_VERSION,
        "message": f"{_MESSAGE} {w.note}".strip(),
        "type": "dataset",
        "title": w.title,
        "version": w.version,
    }
    optional = {
        "date-released": w.date,
        "abstract": w.description,
        "authors": [{"name": a} for a in w.authors],
        "license": [n for n, _ in w.licenses if n],
        "keywords": list(w.keywords),
        "doi": w.doi,
        "url": w.homepage,
        "repository-artifact": w.archive_url,
    }
    for key, value in optional.items():
        if value:
            data[key] = value[0] if key == "license" and len(value) == 1 else value
    if w.source is not None:
        data["references"] = [_reference(w.source)]
    return data


def _scalar(value: Any) -> str:
    """A YAML scalar: integers bare, everything else a double-quoted string."""
    if isinstance(value, bool) or not isinstance(value, int):
        return json.dumps(str(value), ensure_ascii=False)
    return str(value)


def _emit(value: Any, indent: int) -> list[str]:
    """Block-style YAML lines for a mapping or a list."""
    pad = " " * indent
    lines: list[str] = []
    items = value.items() if isinstance(value, dict) else ((None, v) for v in value)
    for key, item in items:
        head = f"{pad}{key}:" if key is not None else f"{pad}-"
        if isinstance(item, (dict, list)):
            nested = _emit(item, indent + 2)
            if key is None:  # a list item: its first line goes after the dash
                lines.append(f"{pad}- {nested[0].lstrip()}")
                lines.extend(nested[1:])
            else:
                lines.append(head)
                lines.extend(nested)
        else:
            lines.append(f"{head} {_scalar(item)}")
    return lines


def dump_yaml(data: dict[str, Any]) -> str:
    """Serialise nested dicts, lists, strings and integers as block YAML.

    Example
    -------
    >>> print(dump_yaml({"a": [{"b": 1, "c": "x"}], "d": ["e"]}), end="")
    a:
      - b: 1
        c: "x"
    d:
      - "e"
    """
    return "\n".join(_emit(data, 0)) + "\n"


def cff_text(w: Work) -> str:
    """The complete ``CITATION.cff`` text."""
    return dump_yaml(cff_data(w))
