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
from functools import cached_property, lru_cache
from importlib import resources
from pathlib import Path
from typing import Any

from .errors import DatasetError, DescriptorError, MissingFileError
from .paths import DESCRIPTOR_NAME, require_file, resolve_inside

__all__ = ["Package", "read_package", "read_descriptor", "load_schemas", "parse_json", "is_table", "MAX_JSON_BYTES"]

#: Largest descriptor or Table Schema accepted, in bytes (the real ones are a few kB).
MAX_JSON_BYTES = 10 << 20


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
        # A dict lookup, not a scan: a corpus has one text resource per
        # document, and a scan per lookup made loading quadratic in documents.
        found = self._by_name.get(name)
        if found is not None and found.get("name") == name:
            return found
        for resource in self.resources:
            if resource["name"] == name:
                return resource
        raise KeyError(f"{self.descriptor_path} has no resource named {name!r}")

    @cached_property
    def _by_name(self) -> dict[str, dict[str, Any]]:
        """Resource name → resource (the first one of that name)."""
        index: dict[str, dict[str, Any]] = {}
        for resource in self.resources:
            index.setdefault(resource["name"], resource)
        return index

    def resource_path(self, name: str) -> Path:
        """Return the safely resolved path of resource ``name``'s file."""
        # Resolved once per Package: load() and its checks ask for every text's
        # path, and resolving 10,000 paths twice cost seconds.
        path = self.resource(name)["path"]
        where = f"{self.descriptor_path} resource {name!r}"
        if not isinstance(path, str):  # unhashable or not a path: resolve_inside says why
            return resolve_inside(self.root, path, where=where)
        cached = self._resolved.get((name, path))
        if cached is None:
            cached = self._resolved[(name, path)] = resolve_inside(self.root, path, where=where)
        return cached

    @cached_property
    def _resolved(self) -> dict[tuple[str, str], Path]:
        """(resource name, declared path) → resolved path, filled by :meth:`resource_path`."""
        return {}


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

    Files larger than :data:`MAX_JSON_BYTES` and nesting deeper than the
    interpreter's recursion limit are refused rather than parsed.

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
    if len(data) > MAX_JSON_BYTES:
        raise DescriptorError(
            f"{path}: {len(data)} bytes, more than the {MAX_JSON_BYTES} accepted for a "
            "descriptor or Table Schema; this is not a csto-annotations file."
        )
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
    except RecursionError:
        # json recurses once per nesting level: a hostile file of "[[[[..." would
        # otherwise escape as RecursionError.
        raise DescriptorError(
            f"{path}: JSON nested too deeply to be a descriptor or Table Schema; "
            "fix the file or re-download the release."
        ) from None


@lru_cache(maxsize=None)
def _validator(pointer: str) -> Any:
    """Build (once) a validator for the meta-schema, or one of its ``$defs``."""
    import jsonschema

    schema = _meta_schema()
    if pointer:
        schema = {"$defs": schema["$defs"], "$ref": f"#/$defs/{pointer}"}
    # Same rules with the local $refs inlined: resolving a $ref per resource made
    # checking a descriptor of 10,000 text resources ~30% slower.
    return jsonschema.Draft202012Validator(_inline_refs(schema, schema.get("$defs", {}), ()))


def _inline_refs(node: Any, defs: dict[str, Any], seen: tuple[str, ...]) -> Any:
    """Replace ``{"$ref": "#/$defs/X"}`` by X's definition (recursive ones stay $refs).

    Example
    -------
    >>> _inline_refs({"$defs": {"n": {"type": "integer"}}, "items": {"$ref": "#/$defs/n"}}, {"n": {"type": "integer"}}, ())["items"]
    {'type': 'integer'}
    """
    if isinstance(node, list):
        return [_inline_refs(item, defs, seen) for item in node]
    if not isinstance(node, dict):
        return node
    ref = node.get("$ref")
    name = ref[len("#/$defs/"):] if isinstance(ref, str) and ref.startswith("#/$defs/") else None
    if name in defs and name not in seen and set(node) == {"$ref"}:
        return _inline_refs(defs[name], defs, seen + (name,))
    return {key: _inline_refs(value, defs, seen) for key, value in node.items()}


def _field_of(instance: Any, location: list[Any]) -> str | None:
    """Name the Table Schema field an error location ``/fields/<n>/...`` points into."""
    if len(location) < 2 or location[0] != "fields" or not isinstance(location[1], int):
        return None
    field = instance["fields"][location[1]]
    name = field.get("name") if isinstance(field, dict) else None
    return name if isinstance(name, str) else None


def _check_structure(instance: Any, path: Path, pointer: str) -> None:
    """Validate against the package's meta-schema at ``pointer``.

    A document that passed before, byte for byte the same JSON checked by the
    same code, is not checked again (:mod:`.checkcache`): this keeps jsonschema
    out of a repeated ``load()``.
    """
    from . import checkcache

    key = checkcache.json_fingerprint(f"structure:{pointer}", instance)
    if checkcache.already_checked(key):
        return
    validator = _validator(pointer)
    if validator.is_valid(instance):
        checkcache.mark_checked(key)
        return
    errors = sorted(validator.iter_errors(instance), key=lambda e: list(e.absolute_path))
    lines, fields = [], []
    for error in errors[:5]:
        location = list(error.absolute_path)
        field = _field_of(instance, location) if pointer == "tableSchema" else None
        fields.append(field)
        named = f" (field {field!r})" if field else ""
        # A type error's message repeats the whole instance: say what was found instead.
        said = f"expected {error.validator_value!r}, found {type(error.instance).__name__}" if error.validator == "type" else error.message[:300]
        lines.append(f"/{'/'.join(map(str, location))}{named}: {said}")
    more = f" (and {len(errors) - 5} more)" if len(errors) > 5 else ""
    what = "Table Schema" if pointer == "tableSchema" else "descriptor"
    failure = DescriptorError(
        f"{path}: not a valid {what}: {'; '.join(lines)}{more}. "
        "Fix the file or re-download the release."
    )
    failure.field = fields[0]  # read by load_schemas, so validate can name the column
    raise failure


def _check_unique(names: list[str], path: Path, what: str) -> None:
    """Reject duplicate names."""
    seen: set[str] = set()
    for name in names:
        if name in seen:
            failure = DescriptorError(f"{path}: duplicate {what} {name!r}; names must be unique.")
            failure.field = name if what == "field name" else None
            raise failure
        seen.add(name)


def _read_json_file(path: Path) -> Any:
    """Parse a JSON file, refusing oversized files before reading them."""
    size = path.stat().st_size
    if size > MAX_JSON_BYTES:
        raise DescriptorError(
            f"{path}: {size} bytes, more than the {MAX_JSON_BYTES} accepted for a "
            "descriptor or Table Schema; this is not a csto-annotations file."
        )
    return parse_json(path.read_bytes(), path)


@dataclass(frozen=True)
class SchemaFailure:
    """Why one resource's Table Schema was refused.

    Attributes
    ----------
    error : DatasetError
        The error :func:`read_package` would raise.
    field : str or None
        The field the error concerns, when there is one.

    Example
    -------
    >>> SchemaFailure(DescriptorError("x"), "start").field
    'start'
    """

    error: DatasetError
    field: str | None = None


def _load_schema(root: Path, resource: dict[str, Any], descriptor_path: Path) -> dict[str, Any]:
    """Return a resource's Table Schema, reading it from its path if needed."""
    schema = resource["schema"]
    if isinstance(schema, dict):
        where = descriptor_path
    else:
        where = f"{descriptor_path} resource {resource['name']!r} schema"
        path = resolve_inside(root, schema, where=where)
        require_file(path, what=f"Table Schema of resource {resource['name']!r}")
        schema = _read_json_file(path)
        where = path
    _check_structure(schema, Path(str(where)), "tableSchema")
    _check_unique([f["name"] for f in schema["fields"]], Path(str(where)), "field name")
    return schema


def load_schemas(root: Path, descriptor: dict[str, Any]) -> tuple[dict[str, dict[str, Any]], dict[str, SchemaFailure]]:
    """Read every tabular resource's Table Schema, collecting failures per resource.

    Parameters
    ----------
    root : pathlib.Path
        The package directory.
    descriptor : dict
        The checked descriptor (see :func:`read_descriptor`).

    Returns
    -------
    (schemas, failures)
        Resource name → schema for those that could be read and checked;
        resource name → :class:`SchemaFailure` for the others.

    Example
    -------
    >>> from csto_annotations.paths import bundled_root
    >>> schemas, failures = load_schemas(bundled_root(), read_descriptor(bundled_root()))
    >>> "claims" in schemas, failures
    (True, {})
    """
    path = Path(root) / DESCRIPTOR_NAME
    schemas: dict[str, dict[str, Any]] = {}
    failures: dict[str, SchemaFailure] = {}
    for resource in descriptor["resources"]:
        if not is_table(resource):
            continue
        try:
            schemas[resource["name"]] = _load_schema(Path(root), resource, path)
        except DatasetError as error:
            failures[resource["name"]] = SchemaFailure(error, getattr(error, "field", None))
    return schemas, failures


def read_descriptor(root: Path | str) -> dict[str, Any]:
    """Read and check ``datapackage.json`` in ``root``, without its Table Schemas.

    Raises
    ------
    MissingFileError, DescriptorError

    Example
    -------
    >>> from csto_annotations.paths import bundled_root
    >>> read_descriptor(bundled_root())["name"]
    'csto-annotations'
    """
    path = Path(root) / DESCRIPTOR_NAME
    if not path.is_file():
        raise MissingFileError(
            f"{path}: file not found; a dataset directory must hold datapackage.json. "
            "Check the path or re-download the release."
        )
    descriptor = _read_json_file(path)
    _check_structure(descriptor, path, "")
    _check_unique([r["name"] for r in descriptor["resources"]], path, "resource name")
    return descriptor


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
    descriptor = read_descriptor(root)
    schemas, failures = load_schemas(root, descriptor)
    if failures:
        raise next(iter(failures.values())).error
    return Package(root=root, descriptor=descriptor, schemas=schemas)
