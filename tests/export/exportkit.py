"""What a package's files hold, read straight from the CSVs and texts for the export tests.

Expected values come from here, never from the loader or the exporters under test.
"""

from __future__ import annotations

import csv
import hashlib
import io
import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from helpers import SCALE_TEN

#: How many times the real package the scaled package is.
SCALE = SCALE_TEN  # the shared scaled10 fixture (tests/conftest.py)
SPAN_TABLES = ("mentions", "quotes", "claims", "citations")
KEYS = {"mentions": "mention_id", "quotes": "quote_id", "claims": "claim_id", "citations": "citation_id"}


@dataclass
class Package:
    """A package on disk and the contents of its files."""

    root: Path
    tables: dict[str, list[dict[str, str]]]
    schemas: dict[str, dict[str, Any]]
    texts: dict[str, str]
    text_bytes: dict[str, bytes]

    def rows(self, table: str) -> list[dict[str, str]]:
        return self.tables[table]

    def field(self, table: str, column: str) -> dict[str, Any]:
        return next(f for f in self.schemas[table]["fields"] if f["name"] == column)

    def enum(self, table: str, column: str) -> list[str]:
        return list(self.field(table, column)["constraints"]["enum"])

    def sha256(self, document_id: str) -> str:
        return hashlib.sha256(self.text_bytes[document_id]).hexdigest()

    def entity_type(self) -> dict[str, str]:
        return {r["entity_id"]: r["type"] for r in self.tables["entities"]}

    def span_count(self) -> int:
        return sum(len(self.tables[t]) for t in SPAN_TABLES)


def read_package(root: Path) -> Package:
    """Read every table CSV, schema and text of the package at ``root``."""
    descriptor = json.loads((root / "datapackage.json").read_text("utf-8"))
    tables, schemas = {}, {}
    for resource in descriptor["resources"]:
        if resource.get("type") == "table":
            data = (root / resource["path"]).read_bytes().decode("utf-8")
            header, *body = list(csv.reader(io.StringIO(data, newline="")))
            tables[resource["name"]] = [dict(zip(header, row, strict=True)) for row in body]
            schemas[resource["name"]] = json.loads((root / resource["schema"]).read_text("utf-8"))
    raw = {d["document_id"]: (root / d["text_path"]).read_bytes() for d in tables["documents"]}
    return Package(root, tables, schemas, {k: v.decode("utf-8") for k, v in raw.items()}, raw)
