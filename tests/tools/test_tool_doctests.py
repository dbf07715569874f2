"""The tools' docstring examples run (tools/ is outside src/, so --doctest-modules does not collect it)."""

from __future__ import annotations

import doctest
import importlib

import pytest

MODULES = [
    "paths",
    "metadata",
    "scale",
    "release",
    "datacard",
    "agreement",
    "agreement_stats",
    "alignment",
    "round3",
    "adjudication",
    "schemadocs",
    "sentences",
    "benchmark",
    "benchmark_report",
    "loc",
    "architecture",
]


@pytest.mark.parametrize("name", MODULES)
def test_examples(name: str) -> None:
    module = importlib.import_module(f"tools.{name}")
    result = doctest.testmod(module, optionflags=doctest.ELLIPSIS | doctest.NORMALIZE_WHITESPACE)
    assert result.attempted > 0 and result.failed == 0
