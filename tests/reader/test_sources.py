"""Load from every kind of source: bundled, directory, descriptor path, zip, URL, pinned version."""

from __future__ import annotations

import hashlib
import json
import os
import zipfile
from pathlib import Path

import pytest

import csto_annotations
from csto_annotations._base._errors import ArchiveError
from csto_annotations._base._paths import bundled_root
from helpers import MENTIONS, REPO, make_zip, serve

VERSION = json.loads((REPO / "datapackage.json").read_text("utf-8"))["version"]


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_load_bundled_copy() -> None:
    ds = csto_annotations.load()
    assert ds.root == bundled_root() == REPO, "in a checkout, the bundled copy is the repository"
    assert ds.version == json.loads((bundled_root() / "datapackage.json").read_text("utf-8"))["version"]
    assert ds.verify == "hashes", "the bundled copy is pinned: hashes and types only"


def test_load_directory_and_descriptor_path(package: Path) -> None:
    by_dir = csto_annotations.load(package)
    by_file = csto_annotations.load(package / "datapackage.json")
    by_str = csto_annotations.load(str(package))
    assert by_dir.root == by_file.root == by_str.root == package
    assert by_dir.claims.equals(by_file.claims)


def test_load_subset_of_tables(package: Path) -> None:
    ds = csto_annotations.load(package, tables=["claims", "documents"])
    assert list(ds.tables) == ["documents", "claims"]
    with pytest.raises(AttributeError):
        _ = ds.mentions
    with pytest.raises(csto_annotations.DatasetError, match="no table named"):
        csto_annotations.load(package, tables=["nope"])


@pytest.mark.parametrize("folder", ["csto-annotations-1.0.0", None])
def test_load_zip_reads_it_in_place(package: Path, tmp_path: Path, isolated_cache: Path, folder: str | None) -> None:
    archive = make_zip(package, tmp_path / "release.zip", folder=folder)
    first = csto_annotations.load(archive)
    second = csto_annotations.load(archive, known_hash="sha256:" + sha256(archive))
    assert first.root == second.root == archive and first.verify == "full"
    assert first.claims.equals(csto_annotations.load(package).claims)
    assert not isolated_cache.exists(), "a local archive is read in memory: nothing is written"


def test_local_zip_known_hash_mismatch(package: Path, tmp_path: Path) -> None:
    archive = make_zip(package, tmp_path / "release.zip")
    with pytest.raises(csto_annotations.IntegrityError, match="release.zip"):
        csto_annotations.load(archive, known_hash="0" * 64)


def test_url_zip_download_cache_and_hash(package: Path, tmp_path: Path) -> None:
    served = tmp_path / "www"
    served.mkdir()
    archive = make_zip(package, served / "csto-annotations-1.0.0.zip")
    digest = "sha256:" + sha256(archive)
    with serve(served) as (base, counts):
        url = f"{base}/csto-annotations-1.0.0.zip"
        ds = csto_annotations.load(url, known_hash=digest)
        assert counts == {"/csto-annotations-1.0.0.zip": 1}
        assert len(ds.claims) == 5
        again = csto_annotations.load(url, known_hash=digest)
        csto_annotations.load(url)
        assert counts == {"/csto-annotations-1.0.0.zip": 1}, "second load must hit the cache"
        assert again.root == ds.root
        with pytest.raises(csto_annotations.IntegrityError, match=r"127\.0\.0\.1.*" + "0" * 64):
            csto_annotations.load(url, known_hash="sha256:" + "0" * 64)


def test_url_descriptor_downloads_each_file_once(package: Path) -> None:
    with serve(package) as (base, counts):
        ds = csto_annotations.load(f"{base}/datapackage.json")
        assert ds.claims.equals(csto_annotations.load(package).claims)
        assert ds.text("edm-4-191").startswith("CSTO")
        assert counts["/datapackage.json"] == 1 and counts["/data/claims.csv"] == 1
        assert counts["/schemas/claims.schema.json"] == 1
        before = dict(counts)
        csto_annotations.load(f"{base}/")
        assert counts == before


def entry(version: str, archive: Path, *urls: str, sha: str | None = None) -> dict:
    """A registry entry for a test archive made by make_zip (whose folder is csto-annotations-1.0.0)."""
    with zipfile.ZipFile(archive) as zipped:
        descriptor = zipped.read("csto-annotations-1.0.0/datapackage.json")
    return {"version": version, "file": archive.name, "sha256": sha or sha256(archive), "codebook": 2,
            "descriptor_sha256": hashlib.sha256(descriptor).hexdigest(), "urls": list(urls)}  # fmt: skip


def write_registry(path: Path, entries: list[dict], **extra: str) -> Path:
    path.write_text(json.dumps({**extra, "releases": entries}), "utf-8")
    withdrawn = (REPO / "src" / "csto_annotations" / "withdrawn.json").read_bytes()
    path.with_name("withdrawn.json").write_bytes(withdrawn)
    return path


def use_registry(monkeypatch: pytest.MonkeyPatch, path: Path) -> None:
    """Stand in for a newer installed package: its shipped registry lists these releases.

    No environment variable can do this: the registry is part of the installed code, so that
    the trust it grants (hashes-only loading) comes from what the package publishes.
    """
    from csto_annotations._reader import _releases

    monkeypatch.setattr(_releases, "registry_path", lambda: path)


def test_no_environment_variable_can_swap_the_registry(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CSTO_ANNOTATIONS_REGISTRY", str(write_registry(tmp_path / "r.json", [])))
    with pytest.raises(csto_annotations.DownloadError, match="no public URL yet"):
        csto_annotations.load(version=VERSION)


def test_pinned_version_through_test_registry(package: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    served = tmp_path / "www"
    served.mkdir()
    archive = make_zip(package, served / "csto-annotations-1.0.0.zip")
    with serve(served) as (base, counts):
        registered = entry(VERSION, archive, f"{base}/{archive.name}")
        use_registry(monkeypatch, write_registry(tmp_path / "releases.json", [registered]))
        ds = csto_annotations.load(version=VERSION)
        assert ds.version == VERSION and len(ds.mentions) == len(MENTIONS) and ds.verify == "hashes"
        assert counts == {f"/{archive.name}": 1}
        with pytest.raises(csto_annotations.UnknownVersionError, match=r"releases\.json.*9\.9\.9"):
            csto_annotations.load(version="9.9.9")
        with pytest.raises(csto_annotations.SourceError):
            csto_annotations.load(package, version=VERSION)


def test_release_url_from_environment(package: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    served = tmp_path / "www"
    served.mkdir()
    archive = make_zip(package, served / "csto-annotations-1.0.0.zip")
    use_registry(monkeypatch, write_registry(tmp_path / "releases.json", [entry(VERSION, archive)]))
    with pytest.raises(csto_annotations.DownloadError, match="CSTO_ANNOTATIONS_RELEASE_URL"):
        csto_annotations.load(version=VERSION)
    with serve(served) as (base, counts):
        monkeypatch.setenv("CSTO_ANNOTATIONS_RELEASE_URL", base + "/")
        assert csto_annotations.load(version=VERSION).version == VERSION
        assert counts == {f"/{archive.name}": 1}


def test_registry_hash_and_version_are_enforced(package: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    served = tmp_path / "www"
    served.mkdir()
    archive = make_zip(package, served / "release.zip")
    with serve(served) as (base, _):
        entries = [
            entry("8.0.0", archive, f"{base}/release.zip", sha="1" * 64),
            entry("9.0.0", archive, f"{base}/release.zip"),
        ]
        use_registry(monkeypatch, write_registry(tmp_path / "releases.json", entries))
        with pytest.raises(csto_annotations.IntegrityError, match="release.zip"):
            csto_annotations.load(version="8.0.0")
        with pytest.raises(csto_annotations.IntegrityError, match=f"says {VERSION}"):
            csto_annotations.load(version="9.0.0")


def test_urls_are_tried_in_order_under_the_pin(package: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    good, bad = tmp_path / "good", tmp_path / "bad"
    good.mkdir(), bad.mkdir()
    archive = make_zip(package, good / "release.zip")
    (bad / "release.zip").write_bytes(archive.read_bytes()[:-10] + b"0123456789")  # a host serving other bytes
    with serve(bad) as (bad_base, bad_counts), serve(good) as (good_base, good_counts):
        urls = [f"{bad_base}/release.zip", f"{bad_base}/missing.zip", f"{good_base}/release.zip"]
        use_registry(monkeypatch, write_registry(tmp_path / "releases.json", [entry(VERSION, archive, *urls)]))
        assert csto_annotations.load(version=VERSION).verify == "hashes"
        assert bad_counts == {"/release.zip": 1, "/missing.zip": 1} and good_counts == {"/release.zip": 1}
        (tmp_path / "cache" / "releases" / "release.zip").unlink()
        use_registry(monkeypatch, write_registry(tmp_path / "releases.json", [entry(VERSION, archive, *urls[:2])]))
        with pytest.raises(csto_annotations.DownloadError, match=r"none of its 2 URLs(.|\n)*expected sha256:"):
            csto_annotations.load(version=VERSION)
        assert list((tmp_path / "cache" / "releases").iterdir()) == [], "a refused download leaves nothing behind"


def test_bundled_registry_is_valid() -> None:
    from csto_annotations._reader._releases import registry_path

    registry = json.loads(registry_path().read_text("utf-8"))
    assert set(registry) == {"releases"}, "no base_url: every release lists its own URLs"
    for entry in registry["releases"]:
        assert {"version", "file", "sha256", "descriptor_sha256", "codebook", "urls"} <= set(entry)
        assert entry["file"] == f"csto-annotations-{entry['version']}.zip"
        assert len(entry["sha256"]) == 64 and set(entry["sha256"]) <= set("0123456789abcdef")
        assert entry["urls"] == [], "no release is published yet: its URLs are recorded when it is"


def test_any_refused_url_falls_through_to_the_next(
    package: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A mirror that is not http(s), or serves more than the size cap, does not stop the search."""
    good = tmp_path / "good"
    good.mkdir()
    archive = make_zip(package, good / "release.zip")
    with serve(good) as (base, counts):
        use_registry(
            monkeypatch, write_registry(tmp_path / "releases.json", [entry(VERSION, archive, f"{base}/release.zip")])
        )
        monkeypatch.setenv("CSTO_ANNOTATIONS_RELEASE_URL", "ftp://127.0.0.1/mirror")
        assert csto_annotations.load(version=VERSION).version == VERSION
        assert counts == {"/release.zip": 1}
        (tmp_path / "cache" / "releases" / "release.zip").write_bytes(b"tampered")
        with pytest.raises(csto_annotations.IntegrityError, match="not the pinned file"):
            csto_annotations.load(version=VERSION)  # the cached copy is re-hashed, and never downloaded over
        assert counts == {"/release.zip": 1}


def test_withdrawn_records_are_matched_to_their_table() -> None:
    from csto_annotations._reader._releases import _semver, withdrawn_record

    assert withdrawn_record("MN-0007", "2.0.0", "claims") is None
    assert withdrawn_record("MN-0007", "2.0.0", "mentions").startswith(
        "mentions MN-0007 was withdrawn in release 2.0.0"
    )
    assert withdrawn_record("CL-0001", "2.0.0-rc.1") is None, "a pre-release of 2.0.0 comes before 2.0.0"
    assert _semver("2.0") == _semver("2.0.0") < _semver("2.0.1") and _semver("10.0.0") > _semver("9.9.9")
    with pytest.raises(csto_annotations.UnknownRecordError, match=r"^no quote 'CL-0003'"):
        csto_annotations.load().cite_quote("CL-0003")


def test_a_zip_needing_a_newer_zip_version_is_an_archive_error(tmp_path: Path) -> None:
    """A central directory asking for zip version 6.4 made zipfile raise NotImplementedError (exit 3)."""
    data = bytearray((REPO / "tests" / "fixtures" / "releases" / "csto-annotations-2.1.0.zip").read_bytes())
    entry = data.find(b"PK\x01\x02")
    data[entry + 6] = 64  # "version needed to extract": 6.4, above what zipfile supports
    archive = tmp_path / "newer.zip"
    archive.write_bytes(bytes(data))
    with pytest.raises(ArchiveError, match="newer.zip: not a readable zip archive"):
        csto_annotations.load(archive)


def _deep_folder(base: Path, length: int) -> str:
    """A real folder whose path is ``length`` characters long: made one level at a time, relative to its parent."""
    fd, path = os.open(base, os.O_RDONLY), str(base)
    try:
        while len(path) < length:
            name = "d" * min(200, length - len(path) - 1)
            os.mkdir(name, dir_fd=fd)
            child = os.open(name, os.O_RDONLY, dir_fd=fd)
            os.close(fd)
            fd, path = child, f"{path}/{name}"
    finally:
        os.close(fd)
    return path


@pytest.mark.parametrize("known_hash", [None, "sha256:" + "0" * 64])
def test_a_path_the_file_system_cannot_use_is_a_source_error_naming_it(tmp_path: Path, known_hash: str | None) -> None:
    # The folder exists, but its datapackage.json would make a path longer than the system's 4,096 bytes.
    deep = _deep_folder(tmp_path, 4085)
    with pytest.raises(csto_annotations.SourceError, match=r"not a usable path \(File name too long\)") as raised:
        csto_annotations.load(deep, known_hash=known_hash)
    assert deep in str(raised.value)


def test_the_home_folder_of_no_user_is_a_source_error() -> None:
    with pytest.raises(csto_annotations.SourceError, match=r"~csto-no-such-user/pkg: not a usable path \(Could not"):
        csto_annotations.load("~csto-no-such-user/pkg")


def test_a_pinned_folder_without_its_descriptor_is_a_source_error(tmp_path: Path) -> None:
    with pytest.raises(csto_annotations.SourceError, match=r"not a usable path \(No such file or directory\)"):
        csto_annotations.load(tmp_path, known_hash="sha256:" + "0" * 64)
