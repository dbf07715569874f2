"""The one reader: descriptor, then paths, then hashes, and only then schemas.

:func:`read_package` reads a package in this order, and nothing is parsed
before it has been verified:

1. ``datapackage.json`` is parsed strictly and checked against the closed
   profile (:mod:`._profile`): an unknown key is refused by name.
2. Every resource path and schema path is checked to stay inside the root.
3. Every file it reads, Table Schemas included, is compared with the ``bytes``
   and ``sha256`` the descriptor records (``schemaBytes``/``schemaHash`` for
   a schema). A descriptor whose sha256 the release registry publishes is
   that release (:mod:`._releases`); release 1.0.0 records no schema hashes,
   and the registry pins its schemas instead.
4. Only then are the schemas parsed and checked against the closed profile.

The reader opens no connection and reads nothing outside the root: it asks
:mod:`._files` for bytes, and that module serves only paths inside the
directory or archive.

Example
-------
>>> from csto_annotations._base._paths import bundled_root
>>> package = read_package(bundled_root())
>>> package.table_names[:2]
['documents', 'entities']
"""

from __future__ import annotations

import collections
import hashlib
from collections.abc import Collection
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .._base._errors import DatasetError, DescriptorError, IntegrityError
from .._base._paths import DESCRIPTOR_NAME
from ._files import Archive, Directory, open_files
from ._json import parse_json
from ._profile import check_descriptor, check_schema
from ._releases import release_for_descriptor


def sha256_label(data: bytes) -> str:
    """Return ``"sha256:<hex>"`` for ``data``, the descriptor's hash form.

    Example
    -------
    >>> sha256_label(b"abc")[:15]
    'sha256:ba7816bf'
    """
    return "sha256:" + hashlib.sha256(data).hexdigest()


@dataclass(frozen=True)
class Package:
    """A verified package: its descriptor, Table Schemas and file contents.

    Attributes
    ----------
    root : pathlib.Path
        The package directory, or the ``.zip`` archive it was read from.
    descriptor : dict
        The parsed ``datapackage.json``.
    schemas : dict
        Table name → Table Schema, for every table of the package.
    data : dict
        Resource name → verified bytes, for the resources that were read.
    release : dict or None
        The registry entry of the release whose descriptor this is, if any.
    descriptor_sha256 : str
        ``sha256:<hex>`` of the ``datapackage.json`` bytes that were parsed.
    """

    root: Path
    descriptor: dict[str, Any]
    schemas: dict[str, dict[str, Any]]
    data: dict[str, bytes]
    files: Directory | Archive
    release: dict[str, Any] | None = None
    descriptor_sha256: str = ""

    @property
    def name(self) -> str:
        """The package ``name``."""
        return str(self.descriptor["name"])

    @property
    def version(self) -> str:
        """The package ``version``."""
        return str(self.descriptor["version"])

    @property
    def descriptor_path(self) -> str:
        """How messages name ``datapackage.json``."""
        return self.files.show(DESCRIPTOR_NAME)

    @property
    def resources(self) -> list[dict[str, Any]]:
        """The descriptor's resources, in order."""
        return list(self.descriptor["resources"])

    @property
    def table_names(self) -> list[str]:
        """Names of the table resources, in descriptor order."""
        return [r["name"] for r in self.resources if r["type"] == "table"]

    def resource(self, name: str) -> dict[str, Any]:
        """Return the resource called ``name`` (``KeyError`` if there is none)."""
        return next(r for r in self.resources if r["name"] == name)

    def where(self, name: str) -> str:
        """How messages name resource ``name``'s file."""
        return self.files.show(str(self.resource(name)["path"]))


def _verify(data: bytes, recorded_bytes: int | None, recorded_hash: str | None, name: str, where: Any) -> None:
    """Compare ``data`` with its recorded size and sha256 (``where()`` names the file, only on failure)."""
    if recorded_hash is None or recorded_bytes is None:
        raise IntegrityError(
            f"{where()}: resource {name!r} records no size or hash in datapackage.json, and the package is no "
            "registered release, so it cannot be verified; if you made or edited it, run "
            "`python -m csto_annotations build ROOT` to measure it.",
            resource=name,
        )
    if len(data) == recorded_bytes and sha256_label(data) == recorded_hash:
        return
    actual = sha256_label(data)
    raise IntegrityError(
        f"{where()}: resource {name!r} failed its integrity check: expected {recorded_hash} "
        f"({recorded_bytes} bytes), found {actual} ({len(data)} bytes). The file was changed or "
        "corrupted; fetch the release again (load(version=...)), or run `python -m csto_annotations build "
        "ROOT` if you edited it on purpose.",
        resource=name,
        expected=recorded_hash,
        actual=actual,
    )


def _read_descriptor(files: Directory | Archive) -> tuple[dict[str, Any], bytes]:
    """The checked descriptor, and the bytes it was parsed from."""
    where = files.show(DESCRIPTOR_NAME)
    raw = files.read(DESCRIPTOR_NAME, "descriptor")
    descriptor = parse_json(raw, where)
    if not isinstance(descriptor, dict):
        raise DescriptorError(f"{where}: the descriptor must be a JSON object, not {type(descriptor).__name__}.")
    check_descriptor(descriptor, where)
    names = collections.Counter(r["name"] for r in descriptor["resources"])
    if duplicates := sorted(name for name, count in names.items() if count > 1):
        raise DescriptorError(f"{where}: duplicate resource name {duplicates[0]!r}; names must be unique.")
    return descriptor, raw


def _read_schema(
    files: Directory | Archive, resource: dict[str, Any], verify: bool, release: dict[str, Any] | None
) -> dict[str, Any]:
    name, path = resource["name"], resource["schema"]
    data = files.read(path, f"schema of resource {name!r}")
    recorded = resource.get("schemaBytes"), resource.get("schemaHash")
    pinned = (release or {}).get("schema_sha256", {}).get(path)
    if "schemaHash" not in resource and pinned is not None:
        # Release 1.0.0 records no schema hashes; the registry, which pins its descriptor, pins them.
        recorded = len(data), "sha256:" + pinned
    if verify:
        _verify(data, *recorded, f"{name} schema", lambda: files.show(path))
    schema = parse_json(data, files.show(path))
    check_schema(schema, files.show(path))
    return dict(schema)


def read_package(root: Path, *, tables: Collection[str] | None = None, verify: bool = True) -> Package:
    """Read and verify a package directory or ``.zip`` archive.

    Parameters
    ----------
    root : pathlib.Path
        A directory holding ``datapackage.json``, or a release ``.zip``.
    tables : collection of str, optional
        Read the data of only these tables (every schema and text is read); the caller checks that they exist.
    verify : bool, default True
        Compare every file with its recorded size and hash. Only
        :func:`csto_annotations.build`, which re-measures them, turns it off.

    Returns
    -------
    Package

    Raises
    ------
    DescriptorError, UnsafePathError, MissingFileError, IntegrityError, ArchiveError, LimitError

    Example
    -------
    >>> from csto_annotations._base._paths import bundled_root
    >>> sorted(read_package(bundled_root(), tables=["claims"]).data)
    ['claims', 'text-edm-4-191']
    """
    files = open_files(root)
    descriptor, raw = _read_descriptor(files)
    release = release_for_descriptor(raw)
    data: dict[str, bytes] = {}
    schemas: dict[str, dict[str, Any]] = {}
    for resource in descriptor["resources"]:
        name = resource["name"]
        try:
            if resource["type"] == "table":
                schemas[name] = _read_schema(files, resource, verify, release)
            if resource["type"] == "text" or tables is None or name in tables:
                content = files.read(resource["path"], f"resource {name!r}")
                if verify:
                    where = lambda path=resource["path"]: files.show(path)  # named only on failure
                    _verify(content, resource.get("bytes"), resource.get("hash"), name, where)
                data[name] = content
        except DatasetError as error:
            error.resource = error.resource or name
            raise
    return Package(Path(root), descriptor, schemas, data, files, release, sha256_label(raw))
