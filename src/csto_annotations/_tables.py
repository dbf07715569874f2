"""The typed tables of one package: what the engine made, and what every output reads.

:class:`Tables` holds the DataFrames, the decoded texts, the descriptor and
the Table Schemas, and nothing else: no file handles and no reader. The
outputs (citations, exports, the viewer, diff) take one and depend on
nothing below it. :class:`csto_annotations.Dataset` adds the convenience
methods that call them.

Example
-------
>>> import csto_annotations
>>> ds = csto_annotations.load(tables=["entities"])
>>> ds.entities is ds.tables["entities"]
True
"""

from __future__ import annotations

import copy
from collections.abc import Mapping
from pathlib import Path
from types import MappingProxyType
from typing import Any

from ._base._errors import DatasetError, UnknownRecordError


class Tables:
    """Typed tables of one data package, with its descriptor, schemas and texts.

    Attributes
    ----------
    tables : Mapping[str, pandas.DataFrame]
        Table name → DataFrame, in descriptor order; each is also an attribute
        (``ds.claims``).
    texts : Mapping[str, str]
        Document ID → text; offsets index it: ``text[start:end] == exact``.
    version, name, title : str
        From the descriptor.
    verify : str
        What was checked when it was loaded: ``"full"`` or ``"hashes"``.
    checked : bool
        Every rule holds: it was loaded at ``"full"``, or it is a release whose
        hashes were checked, which passed every rule when it was released.
        The outputs trust only a checked dataset.
    root : pathlib.Path
        The package directory or archive it was read from.
    descriptor_sha256 : str or None
        ``sha256:<hex>`` of the ``datapackage.json`` bytes it was read from
        (``None`` when the tables were not read from a file); every export
        records it as provenance.
    """

    def __init__(
        self,
        descriptor: dict[str, Any],
        schemas: dict[str, dict[str, Any]],
        frames: dict[str, Any],
        texts: dict[str, str],
        *,
        root: Path,
        verify: str,
        descriptor_sha256: str | None = None,
        checked: bool = True,
    ) -> None:
        self._descriptor = descriptor
        self._schemas = schemas
        self._tables, self._texts = dict(frames), dict(texts)  # copies: the caller's dicts may change
        self.root = root
        self.verify = verify
        self.descriptor_sha256 = descriptor_sha256
        self.checked = checked

    @property
    def tables(self) -> Mapping[str, Any]:
        """Table name → DataFrame (read-only mapping)."""
        return MappingProxyType(self._tables)

    @property
    def texts(self) -> Mapping[str, str]:
        """Document ID → text (read-only mapping)."""
        return MappingProxyType(self._texts)

    @property
    def name(self) -> str:
        """The package name."""
        return str(self._descriptor["name"])

    @property
    def title(self) -> str:
        """The package title."""
        return str(self._descriptor.get("title", self.name))

    @property
    def version(self) -> str:
        """The package version (it lives in ``datapackage.json``)."""
        return str(self._descriptor["version"])

    @property
    def descriptor(self) -> dict[str, Any]:
        """A deep copy of the descriptor (edits do not affect the dataset)."""
        return copy.deepcopy(self._descriptor)

    @property
    def schemas(self) -> Mapping[str, dict[str, Any]]:
        """Table name → a copy of its Table Schema, for every table of the package."""
        return MappingProxyType(copy.deepcopy(self._schemas))

    def __getattr__(self, name: str) -> Any:
        tables = self.__dict__.get("_tables", {})
        if name in tables:
            return tables[name]
        raise AttributeError(f"{type(self).__name__!r} has no attribute or table {name!r}")

    def __dir__(self) -> list[str]:
        return sorted(set(super().__dir__()) | set(self._tables))

    def text(self, document_id: str) -> str:
        """Return the source text of ``document_id``.

        Raises
        ------
        UnknownRecordError
            When no document has that ID (it is also a ``KeyError``).

        Example
        -------
        >>> import csto_annotations
        >>> csto_annotations.load().text("edm-4-191")[:4]
        'CSTO'
        """
        if not self._texts:
            raise DatasetError("the documents table was not loaded; pass tables=None or include 'documents'.")
        if document_id not in self._texts:
            raise UnknownRecordError(f"no document {document_id!r}; the documents are {sorted(self._texts)[:5]}")
        return self._texts[document_id]

    def __repr__(self) -> str:
        width = max((len(n) for n in self._tables), default=0)
        rows = [f"\n  {n:<{width}}  {len(f):>6} rows × {f.shape[1]} columns" for n, f in self._tables.items()]
        return f"<{type(self).__name__} {self.name} {self.version}: {len(self._tables)} tables{''.join(rows)}>"
