"""Fixtures of the format exports: the real package and a 10× scaled one, each exported once."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from exportkit import SCALE, Package, read_package

import csto_annotations
from helpers import REPO


@pytest.fixture(scope="session")
def scaled10(real: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The real package scaled 10×, made by ``scripts/scale.py``."""
    out = tmp_path_factory.mktemp("scaled10") / f"x{SCALE}"
    env = {**os.environ, "PYTHONPATH": str(REPO / "src")}
    done = subprocess.run(
        [
            sys.executable,
            str(REPO / "scripts" / "scale.py"),
            str(SCALE),
            "--out",
            str(out),
            "--source",
            str(real),
        ],
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )
    assert done.returncode == 0, f"scripts/scale.py failed:\n{done.stderr[-3000:]}"
    return out


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
