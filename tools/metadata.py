"""The generated metadata files: ``CITATION.cff``, ``.zenodo.json`` and ``docs/dataset.jsonld``.

Each is rendered from the descriptor's citation record by the formats of
:mod:`csto_annotations._cite._metadata`, the ones ``cite --format cff``,
``zenodo`` and ``jsonld`` print, so the committed files agree with ``cite`` by
construction. The JSON-LD file adds ``variableMeasured``: one schema.org
``PropertyValue`` per column of the Table Schemas, with its description.
``scripts/metadata.py`` writes the files (with ``croissant.json``, from
:mod:`tools.croissant`), and a test checks that the committed copies are
current. This is a maintainer's tool, outside the wheel: no load writes or
reads these files.

Example
-------
>>> schema = {"fields": [{"name": "claim_id", "description": "Stable ID."}]}
>>> files = render_metadata({"name": "d", "title": "T", "version": "1.0.0"}, {"claims": schema})
>>> sorted(files) == sorted(TARGETS)
True
>>> import json
>>> json.loads(files["docs/dataset.jsonld"])["variableMeasured"]
[{'@type': 'PropertyValue', 'name': 'claims.claim_id', 'description': 'Stable ID.'}]
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from csto_annotations._cite._metadata import cff_text, jsonld_data, zenodo_data
from csto_annotations._cite._work import json_text, work

#: The generated files, relative to the package root.
TARGETS = ("CITATION.cff", ".zenodo.json", "docs/dataset.jsonld")


def variables(schemas: Mapping[str, dict[str, Any]]) -> list[dict[str, Any]]:
    """One ``PropertyValue`` per column: ``table.column`` and the column's description (else its title)."""
    return [
        {
            "@type": "PropertyValue",
            "name": f"{table}.{field['name']}",
            "description": field.get("description") or field.get("title", ""),
        }
        for table, schema in schemas.items()
        for field in schema.get("fields", [])
    ]


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
    dataset = jsonld_data(w)
    if measured := variables(schemas):  # after every other key, as before the move
        dataset["variableMeasured"] = measured
    return {
        "CITATION.cff": cff_text(w),
        ".zenodo.json": json_text(zenodo_data(w)),
        "docs/dataset.jsonld": json_text(dataset),
    }
