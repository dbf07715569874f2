"""The download cache and the per-load budget, over real HTTP on 127.0.0.1, and the zip read once.

The hostile cases (names, clashing paths, planted links, refused loads) are
in tests/hostile/test_downloads.py; these check the guarantees at their
edges: the byte budget at the limit and one byte past it, the name-length
limit at 255 bytes, two loads of one URL at once, a half-filled folder an
older version left, and the zip directory parsed once per load.
"""

from __future__ import annotations

import json
import threading
import zipfile
from pathlib import Path
from typing import Any

import pytest

import csto_annotations
from csto_annotations._base._limits import MAX_PATH_COMPONENT_BYTES
from csto_annotations._reader._cache import Folder
from csto_annotations._reader._sources import _url_key
from helpers import make_zip, serve
from hostile import edits
from hostile.downloads import FileServer, package_files


def served_bytes(root: Path) -> int:
    """What loading ``root`` by URL downloads: the descriptor and each distinct file it names."""
    descriptor = edits.descriptor(root)
    paths = {r["path"] for r in descriptor["resources"]} | {
        r["schema"] for r in descriptor["resources"] if "schema" in r
    }
    return sum((root / p).stat().st_size for p in paths | {"datapackage.json"})


def test_the_byte_budget_holds_at_the_limit_and_refuses_one_byte_past(tmp_path: Path, isolated_cache: Path) -> None:
    root = edits.fresh_copy(tmp_path / "pkg")
    total = served_bytes(root)
    with serve(root) as (base, _counts):
        ds = csto_annotations.load(f"{base}/datapackage.json", max_download_bytes=total)
        assert len(ds.claims) > 0
        with pytest.raises(csto_annotations.LimitError, match="which all the files of one load share") as caught:
            csto_annotations.load(f"{base}/?past=1", max_download_bytes=total - 1)
    assert f"download size cap of {total - 1} bytes" in str(caught.value)
    assert sorted(p.name for p in (isolated_cache / "urls").iterdir()) == [_url_key(f"{base}/datapackage.json")]


def test_a_name_of_255_bytes_is_downloaded(tmp_path: Path, isolated_cache: Path) -> None:
    root = edits.fresh_copy(tmp_path / "pkg")
    name = "c" * (MAX_PATH_COMPONENT_BYTES - 4) + ".csv"
    (root / "data" / "claims.csv").rename(root / "data" / name)
    edits.set_resource(root, "claims", path=f"data/{name}")
    with serve(root) as (base, counts):
        assert len(csto_annotations.load(f"{base}/datapackage.json").claims) > 0
    assert counts[f"/data/{name}"] == 1


def test_two_loads_of_one_url_at_once_commit_one_folder(tmp_path: Path, isolated_cache: Path) -> None:
    root = edits.fresh_copy(tmp_path / "pkg")
    server = FileServer()
    try:
        url = server.add("slow", package_files(root), delay=0.05) + "/datapackage.json"
        results: list[Any] = [None, None]

        def load(at: int) -> None:
            results[at] = csto_annotations.load(url)

        threads = [threading.Thread(target=load, args=(at,)) for at in range(2)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=60)
    finally:
        server.close()
    assert all(r is not None and r.claims.equals(results[0].claims) for r in results)
    assert [p.name for p in (isolated_cache / "urls").iterdir()] == [_url_key(url)], "one folder, no stage left"
    assert server.counts["slow"] >= 16, "both downloaded: neither waited for the other"


def test_a_half_filled_folder_an_older_version_left_is_downloaded_again(tmp_path: Path, isolated_cache: Path) -> None:
    root = edits.fresh_copy(tmp_path / "pkg")
    with serve(root) as (base, counts):
        url = f"{base}/datapackage.json"
        old = isolated_cache / "urls" / _url_key(url) / "data"
        old.mkdir(parents=True)
        (old / "claims.csv").write_bytes(b"half")
        assert len(csto_annotations.load(url).claims) > 0
        assert counts["/datapackage.json"] == 1
    assert (old / "claims.csv").read_bytes() == (root / "data" / "claims.csv").read_bytes()


def test_commit_yields_to_a_folder_another_process_committed(tmp_path: Path) -> None:
    with Folder.root(tmp_path) as cache:
        staged, stage = cache.stage("pkg")
        with stage:
            assert staged.startswith(".pkg.") and staged.endswith(".part")
        (tmp_path / "pkg").mkdir()
        (tmp_path / "pkg" / "datapackage.json").write_text("{}")
        assert cache.commit(staged, "pkg") is False
    assert sorted(p.name for p in tmp_path.iterdir()) == ["pkg"], "the losing stage is removed"


def test_remove_never_follows_a_link(tmp_path: Path) -> None:
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "keep.txt").write_text("keep")
    (tmp_path / "cache" / "urls" / "x").mkdir(parents=True)
    (tmp_path / "cache" / "urls" / "x" / "data").symlink_to(outside)
    with Folder.root(tmp_path / "cache") as cache, cache.child("urls") as urls:
        urls.remove("x")
    assert not (tmp_path / "cache" / "urls" / "x").exists() and (outside / "keep.txt").read_text() == "keep"


def test_a_zip_directory_is_parsed_once_per_load(
    package: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    archive = make_zip(package, tmp_path / "release.zip")
    with zipfile.ZipFile(archive) as zipped:
        read = len(json.loads(zipped.read("csto-annotations-1.0.0/datapackage.json"))["resources"])
    parsed = []
    real = zipfile.ZipFile._RealGetContents  # type: ignore[attr-defined]

    def counting(self: zipfile.ZipFile) -> None:
        parsed.append(self.filename)
        real(self)

    monkeypatch.setattr(zipfile.ZipFile, "_RealGetContents", counting)
    ds = csto_annotations.load(archive)
    assert len(ds.claims) > 0 and read > 7
    assert parsed.count(str(archive)) == 1, f"the directory was parsed {parsed.count(str(archive))} times"


def test_a_cache_that_is_not_a_folder_is_a_source_error(tmp_path: Path, isolated_cache: Path) -> None:
    root = edits.fresh_copy(tmp_path / "pkg")
    isolated_cache.write_text("not a folder")
    with serve(root) as (base, counts):
        with pytest.raises(csto_annotations.SourceError, match=r"download cache .* cannot be used .*FileExistsError"):
            csto_annotations.load(f"{base}/datapackage.json")
        assert counts == {}, "refused before any request"


def test_opening_a_folder_as_a_file_is_refused_and_leaves_no_descriptor_open(tmp_path: Path) -> None:
    (tmp_path / "cache" / "a-folder").mkdir(parents=True)
    fds = Path("/proc/self/fd")
    with Folder.root(tmp_path / "cache") as folder:
        before = len(list(fds.iterdir()))
        for _ in range(10):
            with pytest.raises(csto_annotations.UnsafePathError, match="a-folder: a symbolic link, or not what"):
                folder.open("a-folder")
        assert len(list(fds.iterdir())) == before
