"""Fixtures of the format exports: the real package and a 10× scaled one, each exported once."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from exportkit import Package, read_package

import csto_annotations


@pytest.fixture(scope="session", params=["real", "x10"])
def pkg(request: pytest.FixtureRequest) -> Package:
    """The real package, then the 10× scaled one."""
    root = request.getfixturevalue("real" if request.param == "real" else "scaled10")
    return read_package(root)


@pytest.fixture(scope="session")
def dataset(pkg: Package, tmp_path_factory: pytest.TempPathFactory) -> Any:
    """The package loaded with ``csto_annotations.load``, with a private cache."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("CSTO_ANNOTATIONS_CACHE", str(tmp_path_factory.mktemp("cache")))
        return csto_annotations.load(pkg.root)


@pytest.fixture(scope="session")
def exported(dataset: Any, pkg: Package, tmp_path_factory: pytest.TempPathFactory) -> Any:
    """A function: format module name → the folder that format was written to (once per package)."""
    import importlib

    done: dict[str, Path] = {}

    def run(name: str) -> Path:
        if name not in done:
            out = tmp_path_factory.mktemp(f"{name}-{pkg.root.name}") / "out"
            importlib.import_module(f"csto_annotations._export.{name}").write(dataset, out)
            done[name] = out
        return done[name]

    return run
