"""The Example sections of the package's docstrings run and are right."""

from __future__ import annotations

import doctest
import importlib

import pytest

MODULES = [
    "errors", "atomic", "paths", "descriptor", "integrity", "archive", "sources", "dtypes", "tables",
    "citation", "dataset", "loader", "validation", "frictionless_map", "checks", "builder", "cli",
]


@pytest.mark.parametrize("name", ["__init__", *MODULES])
def test_examples(name: str) -> None:
    module = importlib.import_module("csto_annotations" if name == "__init__" else f"csto_annotations.{name}")
    result = doctest.testmod(module, optionflags=doctest.ELLIPSIS | doctest.NORMALIZE_WHITESPACE)
    assert result.failed == 0
