"""Remember which verified packages have already passed the content checks.

``load(verify=True)`` hashes every file it reads and compares the hashes with
the descriptor, then checks the content: constraints, keys, spans, codebook
rules. The content checks cost several times the parse itself, and they give
the same answer for the same bytes. So once a package passes them, a marker
named after a fingerprint of the package is written to the user cache; a later
load whose files hash to the same values, read with the same descriptor,
schemas and checking code, skips the content checks. The files are still read
and hashed on every load, so a changed byte is always caught.

The fingerprint covers the canonical JSON of the descriptor (which carries
each resource's sha256) and of every Table Schema, the names of the tables
loaded, and the source of the modules that implement the checks, so new
checking code re-checks everything. Set ``CSTO_ANNOTATIONS_RECHECK=1`` to run
the checks on every load.

Example
-------
>>> from csto_annotations.descriptor import read_package
>>> from csto_annotations.paths import bundled_root
>>> key = fingerprint(read_package(bundled_root()), ["claims"])
>>> len(key)
64
"""

from __future__ import annotations

import hashlib
import json
import os
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING

from .atomic import atomic_write_bytes
from .sources import cache_dir

if TYPE_CHECKING:
    from .descriptor import Package

__all__ = ["ENV_RECHECK", "fingerprint", "json_fingerprint", "already_checked", "mark_checked"]

ENV_RECHECK = "CSTO_ANNOTATIONS_RECHECK"
#: The modules whose code decides whether content passes.
_CHECKING_MODULES = ("tables", "constraints", "consistency", "checks", "csvcheck", "dtypes", "descriptor")


@lru_cache(maxsize=1)
def _code_fingerprint() -> str:
    digest = hashlib.sha256()
    here = Path(__file__).resolve().parent
    for name in _CHECKING_MODULES:
        digest.update((here / f"{name}.py").read_bytes())
    return digest.hexdigest()


def fingerprint(package: "Package", tables: list[str]) -> str:
    """Hex SHA-256 naming this package's content, the tables loaded and the checking code."""
    canonical = json.dumps(
        {
            "code": _code_fingerprint(),
            "descriptor": package.descriptor,
            "schemas": package.schemas,
            "tables": sorted(tables),
        },
        sort_keys=True,
        ensure_ascii=False,
        default=str,
    )
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()


def json_fingerprint(kind: str, instance: object) -> str:
    """Hex SHA-256 naming one JSON document checked as ``kind``, and the checking code.

    Example
    -------
    >>> json_fingerprint("descriptor", {"a": 1}) == json_fingerprint("descriptor", {"a": 1})
    True
    """
    canonical = json.dumps({"code": _code_fingerprint(), "kind": kind, "json": instance},
                           sort_keys=True, ensure_ascii=False, default=str)
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()


def _marker(key: str) -> Path:
    return cache_dir() / "checked" / key


def already_checked(key: str) -> bool:
    """Tell whether a package with this fingerprint has passed the content checks."""
    if os.environ.get(ENV_RECHECK, "") not in ("", "0"):
        return False
    return _marker(key).is_file()


def mark_checked(key: str) -> None:
    """Record that the package with this fingerprint passed; failures to write are ignored."""
    try:
        _marker(key).parent.mkdir(parents=True, exist_ok=True)
        atomic_write_bytes(_marker(key), b"")
    except OSError:  # a read-only cache only costs the next load its checks
        pass
