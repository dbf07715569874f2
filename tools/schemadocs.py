"""Render the Table Schemas as Markdown, so column docs live in one place.

The schemas in ``schemas/`` hold every column's title, description, type and
constraints. ``docs/tables.md`` is rendered from them by
``python scripts/docs.py`` (:func:`main`); ``--check`` exits 1 when the
committed file is stale, and a test runs it.

Example
-------
>>> render().startswith("# Tables")
True
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any


def _constraints(field: dict[str, Any]) -> str:
    constraints = field.get("constraints", {})
    parts = []
    if constraints.get("required"):
        parts.append("required")
    if constraints.get("unique"):
        parts.append("unique")
    if "enum" in constraints:
        parts.append("one of " + ", ".join(f"`{v}`" for v in constraints["enum"]))
    if "pattern" in constraints:
        parts.append(f"pattern `{constraints['pattern']}`")
    for key, label in (("minimum", "≥"), ("maximum", "≤")):
        if key in constraints:
            parts.append(f"{label} {constraints[key]}")
    if "minLength" in constraints:
        parts.append(f"length ≥ {constraints['minLength']}")
    return "; ".join(parts)


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def _keys(schema: dict[str, Any]) -> list[str]:
    lines = [f"Primary key: `{', '.join(schema['primaryKey'])}`."]
    for fk in schema.get("foreignKeys", []):
        ref = fk["reference"]
        lines.append(
            f"Foreign key: `{', '.join(fk['fields'])}` → `{ref.get('resource', 'self')}.{', '.join(ref['fields'])}`."
        )
    return lines


def render_table(name: str, schema: dict[str, Any]) -> str:
    """Markdown section for one table schema.

    Examples
    --------
    >>> schema = {"title": "T", "description": "D", "primaryKey": ["a"],
    ...           "fields": [{"name": "a", "type": "string", "title": "A",
    ...                       "description": "x", "constraints": {"required": True}}]}
    >>> print(render_table("t", schema).splitlines()[0])
    ## `t`: T
    """
    out = [f"## `{name}`: {schema['title']}", "", schema["description"], ""]
    out += ["| column | type | title | description | constraints |", "|---|---|---|---|---|"]
    for field in schema["fields"]:
        out.append(
            f"| `{field['name']}` | {field['type']} | {_cell(field['title'])} "
            f"| {_cell(field['description'])} | {_cell(_constraints(field))} |"
        )
    out += ["", *_keys(schema), ""]
    return "\n".join(out)


REPO = Path(__file__).resolve().parents[1]
TARGET = REPO / "docs" / "tables.md"


def render(package_dir: Path = REPO) -> str:
    """Markdown documentation of every table in the package, in descriptor order."""
    descriptor = json.loads((package_dir / "datapackage.json").read_text(encoding="utf-8"))
    sections = [
        "# Tables",
        "",
        "Rendered from the Table Schemas in `schemas/` by `python scripts/docs.py`; "
        "edit the schemas, not this file. Offsets count Unicode code points, 0-based and "
        "half-open (`text[start:end] == exact`); an empty cell is null.",
        "",
    ]
    for resource in descriptor["resources"]:
        if isinstance(resource.get("schema"), str):
            schema = json.loads((package_dir / resource["schema"]).read_text(encoding="utf-8"))
            sections.append(render_table(resource["name"], schema))
    return "\n".join(sections)


def main(argv: list[str] | None = None, target: Path = TARGET) -> int:
    """Write ``target``; with ``--check``, write nothing and exit 1 when it is stale."""
    from csto_annotations._atomic import atomic_write_text

    rendered = render(REPO)
    if "--check" in (argv or []):
        if not target.exists() or target.read_text(encoding="utf-8") != rendered:
            print(f"{target} is stale: run python scripts/docs.py")
            return 1
        print(f"{target} is current")
        return 0
    atomic_write_text(target, rendered)
    print(f"wrote {target}")
    return 0
