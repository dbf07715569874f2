"""The generated metadata files: ``CITATION.cff``, ``.zenodo.json`` and ``docs/dataset.jsonld``.

All three are rendered from the descriptor's :class:`~._work.Work` (and,
for the JSON-LD ``variableMeasured`` list, the Table Schemas), so they agree
with :func:`~._formats.cite` by construction. ``scripts/metadata.py`` writes
them; a test checks that the committed copies are current.

Example
-------
>>> files = render_metadata({"name": "d", "title": "T", "version": "1.0.0"}, {})
>>> sorted(files)
['.zenodo.json', 'CITATION.cff', 'docs/dataset.jsonld']
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from ._cff import cff_text
from ._deposit import jsonld_data, zenodo_data
from ._formats import json_text
from ._work import work

__all__ = ["TARGETS", "render_metadata"]

#: The generated files, relative to the package root.
TARGETS = ("CITATION.cff", ".zenodo.json", "docs/dataset.jsonld")


def render_metadata(descriptor: dict[str, Any], schemas: Mapping[str, dict[str, Any]]) -> dict[str, str]:
    """Render every generated metadata file.

    Parameters
    ----------
    descriptor : dict
        The parsed ``datapackage.json``.
    schemas : mapping
        Table name → Table Schema, in descriptor order (``Dataset.schemas``).

    Returns
    -------
    dict
        Path relative to the package root (one of :data:`TARGETS`) → file text.
    """
    w = work(descriptor)
    return {
        "CITATION.cff": cff_text(w),
        ".zenodo.json": json_text(zenodo_data(w)),
        "docs/dataset.jsonld": json_text(jsonld_data(w, dict(schemas))),
    }
