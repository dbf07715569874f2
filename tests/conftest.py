"""Shared fixtures: a built fixture package (copied per test) and an isolated cache."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from helpers import SCALE_N, SCALE_TEN, copy_real_package, make_package
from hostile import edits
from hostile.corpus import Built, Corpus


@pytest.fixture(scope="session")
def template_package(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A valid fixture package, built once per session; do not modify it."""
    return make_package(tmp_path_factory.mktemp("template") / "pkg")


@pytest.fixture()
def package(template_package: Path, tmp_path: Path) -> Path:
    """A private, modifiable copy of the fixture package."""
    return Path(shutil.copytree(template_package, tmp_path / "pkg"))


@pytest.fixture(autouse=True)
def isolated_cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Point the download/extraction cache at a temporary directory."""
    cache = tmp_path / "cache"
    monkeypatch.setenv("CSTO_ANNOTATIONS_CACHE", str(cache))
    monkeypatch.delenv("CSTO_ANNOTATIONS_REGISTRY", raising=False)
    monkeypatch.delenv("CSTO_ANNOTATIONS_RELEASE_URL", raising=False)
    return cache


@pytest.fixture(scope="session")
def real(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A copy of the repository's package, shared by the session; do not modify it."""
    return copy_real_package(tmp_path_factory.mktemp("real") / "pkg")


@pytest.fixture(scope="session")
def scaled(real: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The real package scaled SCALE_N times, shared by the session; do not modify it."""
    from tools.scale import scale

    return scale(SCALE_N, tmp_path_factory.mktemp("scaled") / f"x{SCALE_N}", source=real)


@pytest.fixture(scope="session")
def scaled10(real: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The real package scaled SCALE_TEN (10) times, shared by the session; do not modify it."""
    from tools.scale import scale

    return scale(SCALE_TEN, tmp_path_factory.mktemp("scaled10") / f"x{SCALE_TEN}", source=real)


@pytest.fixture(scope="session")
def corpus_work(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The folder that holds every corruption case's folder (``<name>/pkg`` and ``<name>/outside``)."""
    return tmp_path_factory.mktemp("corpus")


@pytest.fixture(scope="session")
def corpus(corpus_work: Path) -> dict[str, Built]:
    """The corruption corpus (tests/hostile/corpus.py), each case built on first use, once per session, plus the
    untouched copy; do not modify it."""
    built = Corpus(corpus_work)
    built["untouched"] = Built(edits.fresh_copy(corpus_work / "untouched" / "pkg"))
    return built
