"""Read and check ``datapackage.json`` and the Table Schemas it points to.

The structure is checked with :mod:`jsonschema` against
``descriptor.schema.json``, kept in this package (the official Data Package
profile cannot be fetched offline). Schema paths are resolved safely.

Example
-------
>>> from csto_annotations.descriptor import read_package
>>> from csto_annotations.paths import bundled_root
>>> package = read_package(bundled_root())
>>> package.name
'csto-annotations'
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Any

from .errors import DescriptorError, MissingFileError
from .paths import DESCRIPTOR_NAME, require_file, resolve_inside

__all__ = ["Package", "read_package", "parse_json", "is_table"]


@dataclass(frozen=True)
class Package:
    """A checked descriptor with its Table Schemas, rooted at a directory.

    Attributes
    ----------
    root : pathlib.Path
        The directory holding ``datapackage.json``; resource paths are
        relative to it.
    descriptor : dict
        The parsed descriptor, in file order.
    schemas : dict
        Resource name → Table Schema (dict) for every tabular resource.

    Example
    -------
    >>> from csto_annotations.paths import bundled_root
    >>> "claims" in read_package(bundled_root()).table_names
    True
    """

    root: Path
    descriptor: dict[str, Any]
    schemas: dict[str, dict[str, Any]] = field(default_factory=dict)

    @property
    def descriptor_path(self) -> Path:
        """Path of ``datapackage.json``."""
        return self.root / DESCRIPTOR_NAME

    @property
    def name(self) -> str:
        """The package ``name``."""
        return self.descriptor["name"]

    @property
    def version(self) -> str:
        """The package ``version`` (semver)."""
        return self.descriptor["version"]

    @property
    def resources(self) -> list[dict[str, Any]]:
        """The descriptor's resources, in order."""
        return self.descriptor["resources"]

    @property
    def table_names(self) -> list[str]:
        """Names of the tabular resources, in descriptor order."""
        return [r["name"] for r in self.resources if is_table(r)]

    def resource(self, name: str) -> dict[str, Any]:
        """Return the resource called ``name``.

        Raises
        ------
        KeyError
            When there is no such resource.
        """
        for resource in self.resources:
            if resource["name"] == name:
                return resource
        raise KeyError(f"{self.descriptor_path} has no resource named {name!r}")

    def resource_path(self, name: str) -> Path:
        """Return the safely resolved path of resource ``name``'s file."""
        where = f"{self.descriptor_path} resource {name!r}"
        return resolve_inside(self.root, self.resource(name)["path"], where=where)


def is_table(resource: dict[str, Any]) -> bool:
    """Tell whether a resource is tabular (``type: table`` or has a schema).

    Example
    -------
    >>> is_table({"name": "t", "path": "t.txt", "type": "text"})
    False
    """
    return resource.get("type") == "table" or "schema" in resource


@lru_cache(maxsize=1)
def _meta_schema() -> dict[str, Any]:
    """Load ``descriptor.schema.json`` shipped in the package."""
    text = resources.files("csto_annotations").joinpath("descriptor.schema.json").read_text("utf-8")
    return json.loads(text)


def parse_json(data: bytes, path: Path | str) -> Any:
    """Parse JSON bytes, turning any failure into :class:`DescriptorError`.

    Parameters
    ----------
    data : bytes
        The file content.
    path : pathlib.Path or str
        The file's path, named in the error message.

    Example
    -------
    >>> parse_json(b'{"a": 1}', "x.json")
    {'a': 1}
    """
    try:
        return json.loads(data.decode("utf-8"))
    except UnicodeDecodeError as error:
        raise DescriptorError(
            f"{path}: not UTF-8 (byte {error.start}); re-save it as UTF-8 "
            "or re-download the release."
        ) from None
    except json.JSONDecodeError as error:
        raise DescriptorError(
            f"{path}:{error.lineno}:{error.colno}: not valid JSON ({error.msg}); "
            "fix the file or re-download the release."
        ) from None


@lru_cache(maxsize=None)
def _validator(pointer: str) -> Any:
    """Build (once) a validator for the meta-schema, or one of its ``$defs``."""
    import jsonschema

    schema = _meta_schema()
    if pointer:
        schema = {"$defs": schema["$defs"], "$ref": f"#/$defs/{pointer}"}
    return jsonschema.Draft202012Validator(schema)


def _check_structure(instance: Any, path: Path, pointer: str) -> None:
    """Validate against the package's meta-schema at ``pointer``."""
    validator = _validator(pointer)
    if validator.is_valid(instance):
        return
    errors = sorted(validator.iter_errors(instance), key=lambda e: list(e.absolute_path))
    if errors:
        lines = [f"/{'/'.join(map(str, e.absolute_path))}: {e.message}" for e in errors[:5]]
        more = f" (and {len(errors) - 5} more)" if len(errors) > 5 else ""
        raise DescriptorError(
            f"{path}: not a valid descriptor: {'; '.join(lines)}{more}. "
            "Fix the file or re-download the release."
        )


def _check_unique(names: list[str], path: Path, what: str) -> None:
    """Reject duplicate names."""
    seen: set[str] = set()
    for name in names:
        if name in seen:
            raise DescriptorError(f"{path}: duplicate {what} {name!r}; names must be unique.")
        seen.add(name)


def _load_schema(root: Path, resource: dict[str, Any], descriptor_path: Path) -> dict[str, Any]:
    """Return a resource's Table Schema, reading it from its path if needed."""
    schema = resource["schema"]
    if isinstance(schema, dict):
        where = descriptor_path
    else:
        where = f"{descriptor_path} resource {resource['name']!r} schema"
        path = resolve_inside(root, schema, where=where)
        require_file(path, what=f"Table Schema of resource {resource['name']!r}")
        schema = parse_json(path.read_bytes(), path)
        where = path
    _check_structure(schema, Path(str(where)), "tableSchema")
    _check_unique([f["name"] for f in schema["fields"]], Path(str(where)), "field name")
    return schema


def read_package(root: Path | str) -> Package:
    """Read and check the descriptor in ``root`` and its Table Schemas.

    Parameters
    ----------
    root : pathlib.Path or str
        A directory holding ``datapackage.json``.

    Returns
    -------
    Package
        The checked descriptor and schemas.

    Raises
    ------
    MissingFileError
        When ``datapackage.json`` or a schema file is missing.
    DescriptorError
        When a file is not valid JSON or breaks the expected structure.
    UnsafePathError
        When a schema path escapes ``root``.

    Example
    -------
    >>> from csto_annotations.paths import bundled_root
    >>> read_package(bundled_root()).version.count(".")
    2
    """
    root = Path(root)
    path = root / DESCRIPTOR_NAME
    if not path.is_file():
        raise MissingFileError(
            f"{path}: file not found; a dataset directory must hold datapackage.json. "
            "Check the path or re-download the release."
        )
    descriptor = parse_json(path.read_bytes(), path)
    _check_structure(descriptor, path, "")
    _check_unique([r["name"] for r in descriptor["resources"]], path, "resource name")
    schemas = {
        r["name"]: _load_schema(root, r, path) for r in descriptor["resources"] if is_table(r)
    }
    return Package(root=root, descriptor=descriptor, schemas=schemas)
