"""Every release in the shipped registry still loads by version, pinned by its archive hash.

The archives are kept in tests/fixtures/releases (each rebuilt byte for byte from its
release commit by tools/release.py); a real HTTP server on 127.0.0.1 serves them.
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

import pytest

import csto_annotations
from csto_annotations._reader._sources import registry_path
from helpers import REPO, serve

ARCHIVES = REPO / "tests" / "fixtures" / "releases"
REGISTRY = json.loads(registry_path().read_text("utf-8"))["releases"]


@pytest.mark.parametrize("entry", REGISTRY, ids=lambda e: e["version"])
def test_every_registered_release_loads_by_version(entry: dict, monkeypatch: pytest.MonkeyPatch) -> None:
    archive = ARCHIVES / entry["file"]
    assert hashlib.sha256(archive.read_bytes()).hexdigest() == entry["sha256"], "the fixture is the release"
    with serve(ARCHIVES) as (base, counts):
        monkeypatch.setenv("CSTO_ANNOTATIONS_RELEASE_URL", base + "/")
        ds = csto_annotations.load(version=entry["version"])
        again = csto_annotations.load(version=entry["version"])
    assert ds.version == entry["version"] and ds.verify == "hashes", "a registry release is pinned: hashes and types"
    assert counts == {f"/{entry['file']}": 1}, "downloaded once, then re-hashed from the cache"
    assert again.claims.equals(ds.claims) and len(ds.claims) > 0


def test_release_1_0_0_keeps_its_rows() -> None:
    """1.0.0 lacks the schema hashes and cue columns of later releases; its archive hash still pins it whole."""
    entry = next(e for e in REGISTRY if e["version"] == "1.0.0")
    assert entry["sha256"] == "b226631563940793702908181045f20b8a328c49f7e09e5f5251b053ada01fdd"


def test_a_cached_archive_is_re_hashed_on_every_load(monkeypatch: pytest.MonkeyPatch, isolated_cache: Path) -> None:
    entry = next(e for e in REGISTRY if e["version"] == "1.0.0")
    with serve(ARCHIVES) as (base, _):
        monkeypatch.setenv("CSTO_ANNOTATIONS_RELEASE_URL", base + "/")
        csto_annotations.load(version="1.0.0")
        cached = isolated_cache / "releases" / entry["file"]
        data = bytearray(cached.read_bytes())
        data[-30] ^= 1
        cached.write_bytes(bytes(data))
        with pytest.raises(csto_annotations.IntegrityError, match=entry["sha256"]):
            csto_annotations.load(version="1.0.0")
