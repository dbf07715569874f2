"""``load()``: the dataset as typed pandas DataFrames, in one call.

Example
-------
>>> from csto_annotations.loader import load
>>> ds = load(tables=["claims"])
>>> str(ds.claims["claim_id"].dtype)
'string'
"""

from __future__ import annotations

import os
from collections.abc import Iterable

from .dataset import Dataset
from .descriptor import Package, is_table, read_package
from .errors import DatasetError
from .integrity import read_resource
from .sources import resolve_source

__all__ = ["load"]


def _select(package: Package, tables: Iterable[str] | None) -> list[str]:
    """Return the table names to load, in descriptor order."""
    names = package.table_names
    if tables is None:
        return names
    wanted = [tables] if isinstance(tables, str) else list(tables)
    unknown = sorted(set(wanted) - set(names))
    if unknown:
        raise DatasetError(
            f"{package.descriptor_path}: no table named {unknown}; the tables are {names}."
        )
    return [n for n in names if n in wanted]


def _read_tables(package: Package, names: list[str], verify: bool, check: bool) -> dict:
    """Read, verify and parse each selected table."""
    from .tables import parse_table

    frames = {}
    for name in names:
        data = read_resource(package, name, verify=verify)
        frames[name] = parse_table(data, package.schemas[name], path=package.resource_path(name), check=check)
    return frames


def _read_texts(package: Package, verify: bool) -> dict[str, bytes]:
    """Read and verify every non-tabular resource (the document texts)."""
    return {
        r["name"]: read_resource(package, r["name"], verify=verify)
        for r in package.resources
        if not is_table(r)
    }


def load(
    source: str | os.PathLike[str] | None = None,
    *,
    version: str | None = None,
    tables: Iterable[str] | None = None,
    verify: bool = True,
    known_hash: str | None = None,
) -> Dataset:
    """Load the dataset as typed pandas DataFrames.

    Parameters
    ----------
    source : str, PathLike or None
        ``None`` for the copy bundled with the package; a directory or a
        ``datapackage.json`` path; a ``.zip`` release archive; or an
        ``http(s)`` URL of either (downloaded once into the user cache).
    version : str, optional
        Load exactly this release, found in the package's ``releases.json``.
        Exclusive with ``source``.
    tables : iterable of str, optional
        Load only these tables (default: all).
    verify : bool, default True
        Check each file's ``bytes`` and ``sha256`` against the descriptor
        before parsing it. The content checks (constraints, keys, spans,
        codebook rules) run on every load, except that bytes verified to be
        identical to a package that already passed them are not checked
        again (see :mod:`csto_annotations.checkcache`).
    known_hash : str, optional
        Expected ``sha256:<hex>`` of a ``source`` archive or URL. Without
        it, a URL is downloaded once and later loads use the cached copy.

    Returns
    -------
    Dataset
        Tables as attributes and in ``.tables``; ``.text(document_id)``,
        ``.version``, ``.descriptor``, ``.cite()``.

    Raises
    ------
    DatasetError
        Or one of its subclasses; the message names the file and what to do.

    Example
    -------
    >>> import csto_annotations
    >>> ds = csto_annotations.load()
    >>> ds.claims.dtypes["claim_type"].categories.tolist()
    ['event', 'state', 'assessment', 'forecast']
    """
    from . import checkcache
    from .consistency import check_loaded

    root = resolve_source(source, version=version, known_hash=known_hash)
    package = read_package(root)
    names = _select(package, tables)
    texts = _read_texts(package, verify)
    # Content checks are skipped only for verified bytes already found valid.
    key = checkcache.fingerprint(package, names) if verify else None
    check = key is None or not checkcache.already_checked(key)
    frames = _read_tables(package, names, verify, check)
    if check:
        check_loaded(package, frames, texts)  # cross-table rules: keys, spans, codebook
        if key is not None:
            checkcache.mark_checked(key)
    return Dataset(package, frames, texts, verified=verify)
