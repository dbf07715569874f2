"""Offset-anchored annotations of Eurasia Daily Monitor 4(191), as typed pandas tables.

``import csto_annotations`` is light: pandas, pyarrow, jsonschema and the
download libraries are imported only by the functions that need them. The
public API is what this module exports (``__all__``); ``docs/api.md`` lists it.

Example
-------
>>> import csto_annotations
>>> ds = csto_annotations.load()
>>> sorted(ds.tables)[:2]
['citations', 'claim_entities']
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from ._base import _errors
from ._base._errors import *  # noqa: F403 (the public errors, listed once in _errors.__all__)

if TYPE_CHECKING:
    from ._api import Dataset, cite, load, validate
    from ._build import build
    from ._engine._report import Problem, Report

__all__ = ["Dataset", "Problem", "Report", "__version__", "build", "cite", "load", "validate"]  # noqa: F405
__all__ += _errors.__all__


def __getattr__(name: str) -> Any:
    """Import the heavy parts on first use (PEP 562)."""
    if name == "__version__":  # the bundled descriptor's: ``datapackage.json`` is the one place it lives
        import json

        from ._base._paths import bundled_root

        return str(json.loads((bundled_root() / "datapackage.json").read_bytes())["version"])
    if name in ("load", "validate", "cite", "Dataset"):
        from . import _api as module
    elif name == "build":
        from . import _build as module  # type: ignore[no-redef]
    elif name in ("Report", "Problem"):
        from ._engine import _report as module  # type: ignore[no-redef]
    else:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(module, name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(__all__))
