"""Offset-anchored annotations of Eurasia Daily Monitor 4(191), as typed pandas tables.

The functions live in modules whose names differ from theirs
(``validate`` in :mod:`.validation`, ``build`` in :mod:`.builder`), so that
importing a submodule never shadows a public function.

``import csto_annotations`` is light: pandas, frictionless, jsonschema and
pooch are imported only by the functions that need them.

Example
-------
>>> import csto_annotations
>>> ds = csto_annotations.load()
>>> sorted(ds.tables)[:2]
['citations', 'claim_entities']
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from . import errors as _errors
from .errors import (
    AnchorError,
    ArchiveError,
    DatasetError,
    DescriptorError,
    DownloadError,
    IntegrityError,
    MissingFileError,
    SourceError,
    UnknownVersionError,
    UnsafePathError,
    ValidationFailed,
)

if TYPE_CHECKING:
    from .builder import build
    from .dataset import Dataset
    from .loader import load
    from .validation import Problem, Report, validate

__all__ = [
    "load",
    "validate",
    "build",
    "cite",
    "Dataset",
    "Report",
    "Problem",
    "__version__",
    *_errors.__all__,
]

_LAZY = {
    "load": ("loader", "load"),
    "Dataset": ("dataset", "Dataset"),
    "validate": ("validation", "validate"),
    "Report": ("validation", "Report"),
    "Problem": ("validation", "Problem"),
    "build": ("builder", "build"),
    "cite": ("citation", "cite_package"),
}


def _version() -> str:
    """Return the bundled descriptor's version: ``datapackage.json`` is the one
    place the version lives (the distribution's metadata is read from it at
    build time, and may be stale in an editable install)."""
    import json

    from .paths import bundled_root

    try:
        return json.loads((bundled_root() / "datapackage.json").read_text("utf-8"))["version"]
    except (OSError, ValueError, KeyError, DatasetError):
        from importlib import metadata

        return metadata.version("csto-annotations")


def __getattr__(name: str) -> Any:
    """Import the heavy parts on first use (PEP 562)."""
    if name == "__version__":
        return _version()
    if name in _LAZY:
        from importlib import import_module

        module, attribute = _LAZY[name]
        value = getattr(import_module(f".{module}", __name__), attribute)
        globals()[name] = value
        return value
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(__all__))
