"""Every failure raises a DatasetError subclass whose message names the file."""

from __future__ import annotations

import json
import os
import re
import stat
import zipfile
from pathlib import Path

import pytest

import csto_annotations
from csto_annotations._reader import _files as archive_module
from helpers import make_zip, serve
from hostile.edits import rehash


def descriptor(root: Path) -> dict:
    return json.loads((root / "datapackage.json").read_text("utf-8"))


def write_descriptor(root: Path, data: dict) -> None:
    (root / "datapackage.json").write_text(json.dumps(data, indent=2), "utf-8")


def set_resource(root: Path, name: str, **changes: object) -> None:
    data = descriptor(root)
    next(r for r in data["resources"] if r["name"] == name).update(changes)
    write_descriptor(root, data)


def test_every_error_is_a_value_error() -> None:
    for name in [
        "MissingFileError",
        "IntegrityError",
        "UnknownVersionError",
        "DownloadError",
        "DescriptorError",
        "UnsafePathError",
        "ArchiveError",
        "ValidationFailed",
        "SourceError",
        "AnchorError",
    ]:
        assert issubclass(getattr(csto_annotations, name), csto_annotations.DatasetError)
    assert issubclass(csto_annotations.DatasetError, ValueError)


def test_missing_data_file(package: Path) -> None:
    (package / "data" / "claims.csv").unlink()
    with pytest.raises(csto_annotations.MissingFileError, match=r"data/claims\.csv"):
        csto_annotations.load(package)


def test_missing_source(tmp_path: Path) -> None:
    with pytest.raises(csto_annotations.MissingFileError, match="nowhere"):
        csto_annotations.load(tmp_path / "nowhere")


def test_directory_without_descriptor(tmp_path: Path) -> None:
    with pytest.raises(csto_annotations.MissingFileError, match="datapackage.json"):
        csto_annotations.load(tmp_path)


def test_hash_mismatch_names_resource_and_both_hashes(package: Path) -> None:
    expected = next(r for r in descriptor(package)["resources"] if r["name"] == "entities")["hash"]
    path = package / "data" / "entities.csv"
    path.write_bytes(path.read_bytes().replace(b"Dushanbe", b"Dushanbe!"))
    import hashlib

    actual = "sha256:" + hashlib.sha256(path.read_bytes()).hexdigest()
    with pytest.raises(csto_annotations.IntegrityError) as caught:
        csto_annotations.load(package)
    message = str(caught.value)
    assert "entities.csv" in message and "'entities'" in message
    assert expected in message and actual in message
    assert caught.value.expected == expected and caught.value.actual == actual


def test_text_hash_mismatch(package: Path) -> None:
    path = package / "data" / "texts" / "edm-4-191.txt"
    path.write_bytes(path.read_bytes() + b" ")
    with pytest.raises(csto_annotations.IntegrityError, match=r"edm-4-191\.txt"):
        csto_annotations.load(package)


def test_missing_hash_cannot_be_verified(package: Path) -> None:
    data = descriptor(package)
    assert data["resources"][2]["name"] == "entities"
    del data["resources"][2]["hash"]
    write_descriptor(package, data)
    with pytest.raises(csto_annotations.IntegrityError, match=r"entities.*records no size or hash"):
        csto_annotations.load(package)


def test_unknown_version_with_bundled_registry() -> None:
    with pytest.raises(csto_annotations.UnknownVersionError, match=r"releases\.json"):
        csto_annotations.load(version="9.9.9")


def test_download_fails_without_server(tmp_path: Path) -> None:
    with serve(tmp_path) as (base, _):
        pass  # the server is gone: its port now refuses connections
    with pytest.raises(csto_annotations.DownloadError, match=r"127\.0\.0\.1.*release\.zip"):
        csto_annotations.load(f"{base}/release.zip")


def test_download_http_error(tmp_path: Path) -> None:
    with serve(tmp_path) as (base, counts):
        with pytest.raises(csto_annotations.DownloadError, match=r"missing\.zip"):
            csto_annotations.load(f"{base}/missing.zip")
        assert counts == {"/missing.zip": 1}


def test_unsupported_scheme() -> None:
    with pytest.raises(csto_annotations.SourceError, match="ftp://example.org/x.zip"):
        csto_annotations.load("ftp://example.org/x.zip")


def test_malformed_json_names_file_and_line(package: Path) -> None:
    text = (package / "datapackage.json").read_text("utf-8")
    (package / "datapackage.json").write_text(re.sub(r'("version": "[^"]+"),', r"\1", text, count=1), "utf-8")
    with pytest.raises(csto_annotations.DescriptorError, match=r"datapackage\.json: not valid JSON"):
        csto_annotations.load(package)


@pytest.mark.parametrize(
    "change, pattern",
    [
        ({"version": "1.0"}, "version"),
        ({"resources": []}, "resources"),
        ({"name": None}, "name"),
    ],
)
def test_descriptor_structure(package: Path, change: dict, pattern: str) -> None:
    data = descriptor(package)
    data.update({k: v for k, v in change.items() if v is not None})
    for key in [k for k, v in change.items() if v is None]:
        del data[key]
    write_descriptor(package, data)
    with pytest.raises(csto_annotations.DescriptorError, match=rf"datapackage\.json.*{pattern}"):
        csto_annotations.load(package)


def test_unknown_field_type_names_schema_file(package: Path) -> None:
    path = package / "schemas" / "claims.schema.json"
    path.write_text(path.read_text("utf-8").replace('"type": "date"', '"type": "moment"', 1), "utf-8")
    with pytest.raises(csto_annotations.IntegrityError, match=r"claims\.schema\.json"):
        csto_annotations.load(package)  # the schema is hashed: an edit alone is tampering
    rehash(package)
    with pytest.raises(csto_annotations.DescriptorError, match=r"claims\.schema\.json.*event_date.*moment"):
        csto_annotations.load(package)


def test_hash_must_be_sha256(package: Path) -> None:
    set_resource(package, "claims", hash="md5:abc")
    with pytest.raises(csto_annotations.DescriptorError, match=r"datapackage\.json.*hash"):
        csto_annotations.load(package)


@pytest.mark.parametrize(
    "bad", ["../outside.csv", "/etc/passwd", "data/../../outside.csv", "https://example.org/x.csv", "C:/x.csv"]
)
def test_unsafe_resource_paths(package: Path, bad: str) -> None:
    set_resource(package, "claims", path=bad)
    with pytest.raises(csto_annotations.UnsafePathError, match=r"datapackage\.json.*claims"):
        csto_annotations.load(package)


def test_unsafe_schema_path(package: Path) -> None:
    set_resource(package, "claims", schema="../claims.schema.json")
    with pytest.raises(csto_annotations.UnsafePathError, match=r"datapackage\.json.*claims.*schema"):
        csto_annotations.load(package)


def test_symlink_out_of_package(package: Path, tmp_path: Path) -> None:
    outside = tmp_path / "outside.csv"
    outside.write_bytes((package / "data" / "claims.csv").read_bytes())
    (package / "data" / "claims.csv").unlink()
    os.symlink(outside, package / "data" / "claims.csv")
    with pytest.raises(csto_annotations.UnsafePathError, match=r"claims.*outside"):
        csto_annotations.load(package)


def test_packages_hold_no_links_even_inside(package: Path) -> None:
    real = package / "data" / "claims-real.csv"
    (package / "data" / "claims.csv").rename(real)
    os.symlink(real, package / "data" / "claims.csv")
    with pytest.raises(csto_annotations.UnsafePathError, match=r"claims\.csv.*symbolic link"):
        csto_annotations.load(package)


def hostile_zip(path: Path, entries: dict[str, bytes], *, links: dict[str, str] | None = None) -> Path:
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("datapackage.json", "{}")
        for name, data in entries.items():
            zf.writestr(zipfile.ZipInfo(name), data)
        for name, target in (links or {}).items():
            info = zipfile.ZipInfo(name)
            info.external_attr = (stat.S_IFLNK | 0o777) << 16
            zf.writestr(info, target)
    return path


@pytest.mark.parametrize("entry", ["../evil.txt", "/tmp/evil.txt", "data/../../evil.txt", "C:\\evil.txt"])
def test_zip_slip(tmp_path: Path, isolated_cache: Path, entry: str) -> None:
    archive = hostile_zip(tmp_path / "slip.zip", {entry: b"owned"})
    with pytest.raises(csto_annotations.ArchiveError, match=r"slip\.zip.*zip slip"):
        csto_annotations.load(archive)
    assert not (tmp_path / "evil.txt").exists() and not Path("/tmp/evil.txt").exists()
    assert not (isolated_cache / "extracted").exists() or list((isolated_cache / "extracted").iterdir()) == []


def test_zip_symlink_entry(tmp_path: Path) -> None:
    archive = hostile_zip(tmp_path / "link.zip", {}, links={"data/claims.csv": "/etc/passwd"})
    with pytest.raises(csto_annotations.ArchiveError, match=r"link\.zip.*symbolic link"):
        csto_annotations.load(archive)


def test_zip_bomb_ratio(tmp_path: Path) -> None:
    archive = tmp_path / "bomb.zip"
    with zipfile.ZipFile(archive, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("datapackage.json", "{}")
        zf.writestr("data/zeros.csv", b"\0" * (32 << 20))
    with pytest.raises(csto_annotations.ArchiveError, match=r"bomb\.zip.*zip bomb"):
        csto_annotations.load(archive)


def test_zip_total_size_cap(package: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    archive = make_zip(package, tmp_path / "big.zip")
    monkeypatch.setattr(archive_module, "MAX_ZIP_BYTES", 1000)
    with pytest.raises(csto_annotations.ArchiveError, match=r"big\.zip.*more than the limit of 1000"):
        csto_annotations.load(archive)


def test_not_a_zip(tmp_path: Path) -> None:
    fake = tmp_path / "fake.zip"
    fake.write_bytes(b"this is not a zip")
    with pytest.raises(csto_annotations.ArchiveError, match=r"fake\.zip"):
        csto_annotations.load(fake)


def test_zip_without_descriptor(tmp_path: Path) -> None:
    archive = tmp_path / "empty.zip"
    with zipfile.ZipFile(archive, "w") as zf:
        zf.writestr("readme.txt", "hi")
    with pytest.raises(csto_annotations.MissingFileError, match=r"empty\.zip.*datapackage\.json"):
        csto_annotations.load(archive)


def test_unparseable_table(package: Path) -> None:
    from helpers import edit_cell

    edit_cell(package, "claims", 2, "start", "twelve")
    with pytest.raises(
        csto_annotations.ValidationFailed, match=r"validate(.|\n)*claims row 2 column start: expected an integer"
    ):
        csto_annotations.load(package)


def test_wrong_header(package: Path) -> None:
    path = package / "data" / "entities.csv"
    path.write_text(path.read_text("utf-8").replace("entity_id,name", "name,entity_id", 1), "utf-8")
    rehash(package)
    with pytest.raises(
        csto_annotations.ValidationFailed, match=r"entities row 1 column entity_id: expected header cell 1"
    ):
        csto_annotations.load(package)
