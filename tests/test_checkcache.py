"""Content checks are skipped only for bytes verified identical to a package that passed."""

from __future__ import annotations

from pathlib import Path

import pytest

import csto_annotations
from csto_annotations import checkcache
from csto_annotations.descriptor import read_package
from csto_annotations.errors import IntegrityError, ValidationFailed
from helpers import edit_cell


def markers(cache: Path) -> list[Path]:
    folder = cache / "checked"
    return sorted(folder.iterdir()) if folder.is_dir() else []


def test_a_passing_load_is_remembered_by_fingerprint(package: Path, isolated_cache: Path):
    assert markers(isolated_cache) == []
    csto_annotations.load(package)
    names = read_package(package).table_names
    key = checkcache.fingerprint(read_package(package), names)
    first = markers(isolated_cache)
    assert isolated_cache / "checked" / key in first
    csto_annotations.load(package)  # same bytes: nothing new to remember
    assert markers(isolated_cache) == first


def test_subset_of_tables_has_its_own_fingerprint(package: Path, isolated_cache: Path):
    csto_annotations.load(package)
    before = set(markers(isolated_cache))
    csto_annotations.load(package, tables=["claims"])
    added = set(markers(isolated_cache)) - before
    assert {m.name for m in added} == {checkcache.fingerprint(read_package(package), ["claims"])}


def test_descriptor_structure_is_remembered_too(package: Path, isolated_cache: Path):
    import json

    csto_annotations.load(package)
    descriptor = json.loads((package / "datapackage.json").read_text(encoding="utf-8"))
    key = checkcache.json_fingerprint("structure:", descriptor)
    assert (isolated_cache / "checked" / key).is_file()


def test_rehashed_bad_content_is_checked_even_after_a_good_load(package: Path):
    csto_annotations.load(package)
    edit_cell(package, "claims", 2, "claim_type", "rumour")  # rehashes the descriptor
    with pytest.raises(ValidationFailed, match="claim_type"):
        csto_annotations.load(package)


def test_changed_bytes_are_still_caught_after_a_good_load(package: Path):
    csto_annotations.load(package)
    claims = package / "data" / "claims.csv"
    claims.write_bytes(claims.read_bytes().replace(b"certain", b"cErtain", 1))
    with pytest.raises(IntegrityError):
        csto_annotations.load(package)


def test_marker_skips_checks_and_recheck_forces_them(package: Path, monkeypatch: pytest.MonkeyPatch):
    edit_cell(package, "claim_entities", 2, "entity_id", "no-such-entity")  # a dangling key
    with pytest.raises(ValidationFailed, match="entity_id"):
        csto_annotations.load(package)
    # A marker for this exact content, as a planted cache entry would be:
    checkcache.mark_checked(checkcache.fingerprint(read_package(package), read_package(package).table_names))
    loaded = csto_annotations.load(package)
    assert "no-such-entity" in set(loaded.claim_entities["entity_id"])
    monkeypatch.setenv(checkcache.ENV_RECHECK, "1")
    with pytest.raises(ValidationFailed, match="entity_id"):
        csto_annotations.load(package)


def test_unverified_loads_always_check(package: Path, isolated_cache: Path):
    csto_annotations.load(package, verify=False)
    key = checkcache.fingerprint(read_package(package), read_package(package).table_names)
    assert not (isolated_cache / "checked" / key).exists()
