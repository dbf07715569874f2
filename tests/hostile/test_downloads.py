"""Every hostile download (tests/hostile/downloads.py) is refused before anything is written where it must not be.

For each case, over real HTTP on 127.0.0.1: ``load(url)`` raises the case's
DatasetError with its needle; the message is printable; the folder outside
the cache that a planted link points to is untouched (nothing written
through a link); the cache holds exactly what it held before the load
(nothing of a refused load kept, no staging folder left); the server saw at
most the requests the case allows (a path is refused before any file is
fetched). ``validate URL`` exits 1 with the same needle and no traceback.
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from pathlib import Path

import pytest

import csto_annotations
from csto_annotations import _cli as cli
from csto_annotations._base._text import printable
from hostile import edits
from hostile.downloads import DOWNLOAD_CASES, DownloadCase, FileServer, Served

#: Seconds one case may take (the slowest, the shared deadline, stops at 2 s).
DEADLINE = 20.0
#: The folders the cache is made of, which a load may create empty.
SKELETON = {"urls", "downloads", "releases"}


@pytest.fixture(scope="module")
def server() -> Iterator[FileServer]:
    running = FileServer()
    yield running
    running.close()


def entries(folder: Path) -> dict[str, tuple[str, int]]:
    """Every entry below ``folder`` (links not followed): path → (kind, size); the empty skeleton left out."""
    seen = {}
    if folder.exists():
        for path in folder.rglob("*"):
            info = path.lstat()
            kind = "link" if path.is_symlink() else "dir" if path.is_dir() else "file"
            relative = path.relative_to(folder).as_posix()
            if not (kind == "dir" and relative in SKELETON and not any(path.iterdir())):
                seen[relative] = (kind, info.st_size if kind == "file" else 0)
    return seen


def prepared(case: DownloadCase, server: FileServer, tmp_path: Path, cache: Path) -> tuple[str, Served, Path]:
    """Build the case from a fresh copy, serve it, plant what it plants; return the URL, the case and outside."""
    outside = tmp_path / "outside"
    outside.mkdir()
    served = case.build(edits.fresh_copy(tmp_path / "pkg"), outside)
    url = f"{server.add(case.name, served.files, case.delay)}/{served.entry}"
    if served.plant is not None:
        served.plant(cache, url, outside)
    return url, served, outside


def test_the_download_corpus_is_large() -> None:
    assert len(DOWNLOAD_CASES) >= 20 and len({c.name for c in DOWNLOAD_CASES}) == len(DOWNLOAD_CASES)


@pytest.mark.parametrize("case", DOWNLOAD_CASES, ids=str)
def test_load_refuses_and_keeps_nothing(
    case: DownloadCase, server: FileServer, tmp_path: Path, isolated_cache: Path
) -> None:
    url, _served, outside = prepared(case, server, tmp_path, isolated_cache)
    before, cached, requests = entries(outside), entries(isolated_cache), server.counts[case.name]
    started = time.monotonic()
    with pytest.raises(case.error) as caught:
        csto_annotations.load(url, **case.limits)
    assert time.monotonic() - started < DEADLINE
    message = str(caught.value)
    assert case.needle in message and printable(message) == message, message
    assert entries(outside) == before, "written through a link planted in the cache"
    assert entries(isolated_cache) == cached, "something of the refused load stayed in the cache"
    if case.requests is not None:
        assert server.counts[case.name] - requests <= case.requests


# validate takes no download limits: the cases that set them are load()'s only.
@pytest.mark.parametrize("case", [c for c in DOWNLOAD_CASES if not c.limits], ids=str)
def test_validate_reports_and_keeps_nothing(
    case: DownloadCase, server: FileServer, tmp_path: Path, isolated_cache: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    url, _, outside = prepared(case, server, tmp_path, isolated_cache)
    before, cached = entries(outside), entries(isolated_cache)
    code = cli.main(["validate", url])
    text = "".join(capsys.readouterr())
    assert code == 1 and "Traceback" not in text and "internal error" not in text, text
    assert case.needle in " ".join(text.split()), text
    assert entries(outside) == before and entries(isolated_cache) == cached
