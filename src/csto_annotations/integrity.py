"""Check each resource's ``bytes`` and ``hash`` before anything parses it.

The file is read once; the same bytes are returned for parsing, so what is
parsed is exactly what was verified.

Example
-------
>>> from csto_annotations.integrity import sha256_label
>>> sha256_label(b"")
'sha256:e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855'
"""

from __future__ import annotations

import hashlib
from typing import TYPE_CHECKING

from .errors import IntegrityError
from .paths import require_file

if TYPE_CHECKING:
    from .descriptor import Package

__all__ = ["sha256_label", "read_resource", "check_bytes"]


def sha256_label(data: bytes) -> str:
    """Return ``"sha256:<hex>"`` for ``data``, the descriptor's hash form.

    Example
    -------
    >>> sha256_label(b"abc")[:15]
    'sha256:ba7816bf'
    """
    return "sha256:" + hashlib.sha256(data).hexdigest()


def check_bytes(data: bytes, resource: dict, *, path: object, descriptor_path: object) -> None:
    """Compare ``data`` with the resource's recorded ``bytes`` and ``hash``.

    Parameters
    ----------
    data : bytes
        The file's content.
    resource : dict
        The resource from the descriptor.
    path, descriptor_path : path-like
        The data file and the descriptor, named in messages.

    Raises
    ------
    IntegrityError
        When ``hash`` is absent, or size or hash differ.

    Example
    -------
    >>> check_bytes(b"", {"name": "x", "bytes": 0, "hash": sha256_label(b"")},
    ...             path="x.csv", descriptor_path="datapackage.json")
    """
    name = resource["name"]
    expected = resource.get("hash")
    if expected is None:
        raise IntegrityError(
            f"{descriptor_path}: resource {name!r} ({path}) records no hash, so it "
            "cannot be verified; run `python scripts/build.py` to measure it, or "
            "load with verify=False if you trust the files.",
            resource=name,
        )
    actual = sha256_label(data)
    if actual != expected.lower():
        raise IntegrityError(
            f"{path}: resource {name!r} failed its integrity check: expected "
            f"{expected}, found {actual} ({len(data)} bytes). The file was changed "
            "or corrupted; restore it from the release, or run `python scripts/build.py` "
            "if you edited it on purpose.",
            resource=name,
            expected=expected,
            actual=actual,
        )
    recorded = resource.get("bytes")
    if recorded is not None and recorded != len(data):
        raise IntegrityError(
            f"{path}: resource {name!r} has {len(data)} bytes but {descriptor_path} "
            f"records {recorded}; run `python scripts/build.py` or restore the release.",
            resource=name,
            expected=str(recorded),
            actual=str(len(data)),
        )


def read_resource(package: "Package", name: str, *, verify: bool = True) -> bytes:
    """Read resource ``name``'s file once, verifying it when ``verify`` is true.

    Parameters
    ----------
    package : Package
        The checked descriptor.
    name : str
        The resource name.
    verify : bool, default True
        Compare the bytes with the descriptor's ``bytes`` and ``hash``.

    Returns
    -------
    bytes
        The file content, to be parsed by the caller.

    Raises
    ------
    MissingFileError, UnsafePathError, IntegrityError

    Example
    -------
    >>> from csto_annotations.descriptor import read_package
    >>> from csto_annotations.paths import bundled_root
    >>> len(read_resource(read_package(bundled_root()), "text-edm-4-191")) > 0
    True
    """
    path = require_file(package.resource_path(name), what=f"resource {name!r}")
    data = path.read_bytes()
    if verify:
        check_bytes(data, package.resource(name), path=path, descriptor_path=package.descriptor_path)
    return data
