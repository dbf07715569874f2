"""Fixtures of the maintainer-tool tests: a copy of the real package and its N-fold scale."""

from __future__ import annotations

from pathlib import Path

import pytest

from helpers import copy_real_package

#: How many times the real package the shared ``scaled`` fixture is.
SCALE_N = 3


@pytest.fixture(scope="session")
def real_copy(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A copy of the repository's package, shared by the session; do not modify it."""
    return copy_real_package(tmp_path_factory.mktemp("real") / "pkg")


@pytest.fixture(scope="session")
def scaled_copy(real_copy: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The real package scaled SCALE_N times by tools.scale, shared by the session; do not modify it."""
    from tools.scale import scale

    return scale(SCALE_N, tmp_path_factory.mktemp("scaled") / f"x{SCALE_N}", source=real_copy)
