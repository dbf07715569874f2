"""Release archives: contents, byte-for-byte reproducibility, registry rules, loading by version over HTTP."""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pandas.testing
import pytest

import csto_annotations
from csto_annotations.release import ReleaseError, build_release
from helpers import REPO, edit_cell, serve

DESCRIPTOR = json.loads((REPO / "datapackage.json").read_text("utf-8"))
VERSION = DESCRIPTOR["version"]
NAME = f"csto-annotations-{VERSION}"
ROOT_FILES = ["CHANGELOG.md", "CITATION.cff", "LICENSE", "LICENSE-DATA", "NOTICE"]


def copy_release_tree(dest: Path) -> Path:
    """Everything a release reads, copied from the repository."""
    dest.mkdir(parents=True)
    shutil.copy(REPO / "datapackage.json", dest)
    shutil.copytree(REPO / "schemas", dest / "schemas")
    shutil.copytree(REPO / "data", dest / "data")
    for name in ROOT_FILES:
        shutil.copy(REPO / name, dest)
    return dest


@pytest.fixture(scope="module")
def released(tmp_path_factory: pytest.TempPathFactory) -> dict:
    """One fixture tree released twice into separate dist dirs, with a private registry."""
    base = tmp_path_factory.mktemp("release")
    root = copy_release_tree(base / "pkg")
    registry = base / "releases.json"
    registry.write_text('{\n  "releases": []\n}\n', "utf-8")
    first = build_release(root, base / "dist1", registry)
    registry_after_first = registry.read_bytes()
    second = build_release(root, base / "dist2", registry)
    return {"root": root, "registry": registry, "first": first, "second": second,
            "registry_after_first": registry_after_first}


def test_two_builds_are_byte_identical(released: dict) -> None:
    first, second = released["first"], released["second"]
    assert first.path.name == second.path.name == f"{NAME}.zip"
    assert first.path.read_bytes() == second.path.read_bytes()
    assert first.sha256 == second.sha256 == hashlib.sha256(first.path.read_bytes()).hexdigest()


def test_registry_gets_one_entry(released: dict) -> None:
    assert released["first"].recorded and not released["second"].recorded
    registry = json.loads(released["registry"].read_text("utf-8"))
    assert registry == {"releases": [{"version": VERSION, "file": f"{NAME}.zip", "sha256": released["first"].sha256}]}
    assert released["registry"].read_bytes() == released["registry_after_first"], "an identical rebuild changes nothing"


def test_archive_layout_times_modes_and_checksums(released: dict) -> None:
    with zipfile.ZipFile(released["first"].path) as zf:
        infos = zf.infolist()
        names = [i.filename for i in infos]
        contents = {n.removeprefix(f"{NAME}/"): zf.read(n) for n in names}
    assert names == sorted(names) and all(n.startswith(f"{NAME}/") for n in names)
    assert {i.date_time for i in infos} == {(2026, 11, 27, 9, 0, 0)}
    assert {(i.external_attr >> 16) & 0o7777 for i in infos} == {0o644}
    assert {i.compress_type for i in infos} == {zipfile.ZIP_STORED}
    expected = {"datapackage.json", "SHA256SUMS", *ROOT_FILES}
    expected |= {r["path"] for r in DESCRIPTOR["resources"]} | {r["schema"] for r in DESCRIPTOR["resources"] if "schema" in r}
    expected |= {f"parquet/{r['name']}.parquet" for r in DESCRIPTOR["resources"] if "schema" in r}
    assert set(contents) == expected
    for name in expected - {"SHA256SUMS", "CITATION.cff"} - {n for n in expected if n.startswith("parquet/")}:
        assert contents[name] == (REPO / name).read_bytes(), name
    sums = dict(reversed(line.split("  ", 1)) for line in contents["SHA256SUMS"].decode().splitlines())
    assert set(sums) == expected - {"SHA256SUMS"}
    assert all(hashlib.sha256(contents[n]).hexdigest() == digest for n, digest in sums.items())


def test_parquet_copies_match_the_tables(released: dict, tmp_path: Path) -> None:
    import pyarrow.parquet as pq

    ds = csto_annotations.load(released["first"].path)
    with zipfile.ZipFile(released["first"].path) as zf:
        for table, frame in ds.tables.items():
            (tmp_path / f"{table}.parquet").write_bytes(zf.read(f"{NAME}/parquet/{table}.parquet"))
            arrow = pq.read_table(tmp_path / f"{table}.parquet")
            assert arrow.column_names == list(frame.columns) and arrow.num_rows == len(frame)
    claims = pq.read_table(tmp_path / "claims.parquet")
    assert str(claims.schema.field("start").type) == "int64" and not claims.schema.field("start").nullable
    assert claims.column("claim_id").to_pylist() == ds.claims["claim_id"].tolist()


def test_load_by_version_over_http_equals_the_bundled_copy(released: dict, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CSTO_ANNOTATIONS_REGISTRY", str(released["registry"]))
    with serve(released["first"].path.parent) as (base, counts):
        monkeypatch.setenv("CSTO_ANNOTATIONS_RELEASE_URL", base)
        pinned = csto_annotations.load(version=VERSION)
        assert counts == {f"/{NAME}.zip": 1}
    bundled = csto_annotations.load()
    assert list(pinned.tables) == list(bundled.tables)
    for name, frame in bundled.tables.items():
        pandas.testing.assert_frame_equal(pinned.tables[name], frame)
    assert pinned.text("edm-4-191") == bundled.text("edm-4-191")


def test_diff_against_a_released_version(released: dict, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                         capsys: pytest.CaptureFixture[str]) -> None:
    from csto_annotations._cli import main

    monkeypatch.setenv("CSTO_ANNOTATIONS_REGISTRY", str(released["registry"]))
    with serve(released["first"].path.parent) as (base, _):
        monkeypatch.setenv("CSTO_ANNOTATIONS_RELEASE_URL", base)
        assert main(["diff", VERSION, str(released["root"]), "--format", "text"]) == 0
    assert capsys.readouterr().out == f"csto-annotations {VERSION} → {VERSION}: required bump NONE, declared NONE (ok)\n"


def test_refuses_a_version_without_changelog_section(tmp_path: Path) -> None:
    root = copy_release_tree(tmp_path / "pkg")
    (root / "CHANGELOG.md").write_text("# Changelog\n\n## [Unreleased]\n", "utf-8")
    registry = tmp_path / "releases.json"
    with pytest.raises(ReleaseError, match=rf"CHANGELOG.md: no '## \[{VERSION}\]' section"):
        build_release(root, tmp_path / "dist", registry)
    assert not (tmp_path / "dist").exists() and not registry.exists()


def test_refuses_a_released_version_with_another_hash(tmp_path: Path) -> None:
    root = copy_release_tree(tmp_path / "pkg")
    registry = tmp_path / "releases.json"
    original = json.dumps({"releases": [{"version": VERSION, "file": f"{NAME}.zip", "sha256": "0" * 64}]})
    registry.write_text(original, "utf-8")
    with pytest.raises(ReleaseError, match=f"version {VERSION} is already released with sha256 0{{64}}"):
        build_release(root, tmp_path / "dist", registry)
    assert registry.read_text("utf-8") == original and not (tmp_path / "dist").exists()


def test_refuses_a_stale_citation_file(tmp_path: Path) -> None:
    root = copy_release_tree(tmp_path / "pkg")
    (root / "CITATION.cff").write_text((root / "CITATION.cff").read_text("utf-8").replace(VERSION, "0.9.0"), "utf-8")
    with pytest.raises(ReleaseError, match="CITATION.cff: stale"):
        build_release(root, tmp_path / "dist", tmp_path / "releases.json")


def test_refuses_an_invalid_package(tmp_path: Path) -> None:
    root = copy_release_tree(tmp_path / "pkg")
    edit_cell(root, "claims", 2, "source_entity_id", "csto")  # an author-voice claim given a source
    with pytest.raises(ReleaseError, match="the package is invalid"):
        build_release(root, tmp_path / "dist", tmp_path / "releases.json")
    assert not (tmp_path / "dist").exists()


def test_script_exits_1_with_a_message(tmp_path: Path) -> None:
    root = copy_release_tree(tmp_path / "pkg")
    (root / "NOTICE").unlink()
    env = {**os.environ, "PYTHONPATH": str(REPO / "src")}
    result = subprocess.run([sys.executable, str(REPO / "scripts" / "release.py"), str(root),
                             "--registry", str(tmp_path / "releases.json")], capture_output=True, text=True, env=env)
    assert result.returncode == 1
    assert "NOTICE: missing" in result.stderr and "Traceback" not in result.stderr
    assert not (tmp_path / "releases.json").exists()
