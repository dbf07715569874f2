"""The :class:`Dataset` returned by :func:`csto_annotations.load`.

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
from typing import TYPE_CHECKING, Any

from .errors import DatasetError, IntegrityError
from .paths import resolve_inside

if TYPE_CHECKING:
    import pandas as pd

    from .descriptor import Package

__all__ = ["Dataset"]


class Dataset:
    """Typed tables of one data package, with its descriptor and texts.

    Attributes
    ----------
    tables : Mapping[str, pandas.DataFrame]
        Table name → DataFrame, in descriptor order. Each table is also an
        attribute (``ds.claims``).
    version : str
        The package version.
    descriptor : dict
        A copy of the parsed ``datapackage.json``.
    root : pathlib.Path
        The package directory the data was read from.

    Example
    -------
    >>> import csto_annotations
    >>> ds = csto_annotations.load()
    >>> ds.version == ds.descriptor["version"]
    True
    """

    def __init__(self, package: "Package", tables: dict[str, "pd.DataFrame"], texts: dict[str, bytes], verified: bool) -> None:
        self._package = package
        self._tables = dict(tables)
        self._texts = dict(texts)
        self.verified = verified

    @property
    def tables(self) -> Mapping[str, "pd.DataFrame"]:
        """Table name → DataFrame (read-only mapping)."""
        return MappingProxyType(self._tables)

    @property
    def name(self) -> str:
        """The package name."""
        return self._package.name

    @property
    def title(self) -> str:
        """The package title."""
        return self._package.descriptor.get("title", self.name)

    @property
    def version(self) -> str:
        """The package version."""
        return self._package.version

    @property
    def descriptor(self) -> dict[str, Any]:
        """A deep copy of the descriptor (edits do not affect the dataset)."""
        return copy.deepcopy(self._package.descriptor)

    @property
    def schemas(self) -> Mapping[str, dict[str, Any]]:
        """Table name → a copy of its Table Schema, for every table of the package.

        Used by the exports (:mod:`csto_annotations.export`) to type Parquet
        and DuckDB columns, including tables that were not loaded.
        """
        return MappingProxyType(copy.deepcopy(self._package.schemas))

    @property
    def root(self) -> Path:
        """The directory the package was read from."""
        return self._package.root

    def __getattr__(self, name: str) -> "pd.DataFrame":
        tables = self.__dict__.get("_tables", {})
        if name in tables:
            return tables[name]
        raise AttributeError(f"{type(self).__name__!r} has no attribute or table {name!r}")

    def __dir__(self) -> list[str]:
        return sorted(set(super().__dir__()) | set(self._tables))

    def _text_bytes(self, path_value: str) -> bytes:
        """Return the verified bytes of the text resource stored at ``path_value``."""
        where = f"{self._package.descriptor_path} documents.text_path"
        target = resolve_inside(self.root, path_value, where=where)
        for name, data in self._texts.items():
            if self._package.resource_path(name) == target:
                return data
        raise IntegrityError(
            f"{target}: the text is not a resource of {self._package.descriptor_path}, so it "
            "cannot be verified; add it to the descriptor's resources."
        )

    def text(self, document_id: str) -> str:
        """Return the source text of ``document_id``, decoded from UTF-8.

        Offsets in every table index this string: ``text[start:end] == exact``.

        Raises
        ------
        KeyError
            When the documents table has no such document.

        Example
        -------
        >>> import csto_annotations
        >>> csto_annotations.load().text("edm-4-191")[:4]
        'CSTO'
        """
        documents = self._tables.get("documents")
        if documents is None:
            raise DatasetError("the documents table was not loaded; pass tables=None or include 'documents'.")
        match = documents.loc[documents["document_id"] == document_id, "text_path"]
        if match.empty:
            raise KeyError(f"no document {document_id!r} in the documents table")
        return self._text_bytes(str(match.iloc[0])).decode("utf-8")

    def cite(self, format: str = "text") -> str:
        """Return the suggested citation (see :mod:`csto_annotations.citation`).

        Example
        -------
        >>> import csto_annotations
        >>> "version" in csto_annotations.load(tables=[]).cite()
        True
        """
        from . import citation

        return citation.cite(self._package.descriptor, format=format)

    def cite_claim(self, claim_id: str) -> str:
        """Provenance of one claim: speaker → outlet and date → article → dataset.

        Implemented in :func:`csto_annotations.citation.cite_claim`.
        """
        from . import citation

        return citation.cite_claim(self, claim_id)

    def cite_quote(self, quote_id: str) -> str:
        """Provenance of one quote, like :meth:`cite_claim`.

        Implemented in :func:`csto_annotations.citation.cite_quote`.
        """
        from . import citation

        return citation.cite_quote(self, quote_id)

    def to_duckdb(self, connection: Any = None, *, parquet_dir: Any = None) -> Any:
        """A DuckDB connection with one view per table, for SQL joins.

        Implemented in :func:`csto_annotations.export.to_duckdb`
        (``parquet_dir=`` reads exported Parquet files instead, out of core).
        """
        from . import export

        return export.to_duckdb(self, connection, parquet_dir=parquet_dir)

    def __repr__(self) -> str:
        width = max((len(n) for n in self._tables), default=0)
        lines = [f"<Dataset {self.name} {self.version}: {len(self._tables)} tables"]
        for name, frame in self._tables.items():
            lines.append(f"  {name:<{width}}  {len(frame):>6} rows × {frame.shape[1]} columns")
        return "\n".join(lines) + ">"
