"""tools.release: archive contents, byte-for-byte reproducibility, registry rules, loading the archive."""

from __future__ import annotations

import hashlib
import json
import os
import re
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path
from typing import Any

import mlcroissant
import pandas.testing
import pytest
from croissantkit import csv_cells, log_lines, no_network, record_cells, validate_cli

import csto_annotations
from csto_annotations._reader._releases import release_for_descriptor
from helpers import REPO, read_rows, write_rows
from tools.datacard import CardError, changelog_section, fill
from tools.release import CARD, DOC_FILES, ROOT_FILES, ReleaseError, build_release

DESCRIPTOR = json.loads((REPO / "datapackage.json").read_bytes())
VERSION = DESCRIPTOR["version"]
NAME = f"csto-annotations-{VERSION}"


def copy_release_tree(dest: Path) -> Path:
    """Everything a release reads, copied from the repository."""
    dest.mkdir(parents=True)
    shutil.copy(REPO / "datapackage.json", dest)
    shutil.copytree(REPO / "schemas", dest / "schemas")
    shutil.copytree(REPO / "data", dest / "data")
    for name in ROOT_FILES + DOC_FILES:
        (dest / name).parent.mkdir(parents=True, exist_ok=True)
        shutil.copy(REPO / name, dest / name)
    return dest


@pytest.fixture(scope="module")
def released(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    """One tree released twice into separate dist dirs, with a private registry."""
    base = tmp_path_factory.mktemp("release")
    root = copy_release_tree(base / "pkg")
    registry = base / "releases.json"
    registry.write_text('{\n  "releases": []\n}\n', "utf-8")
    first = build_release(root, base / "dist1", registry, base / "fixtures")
    after_first = registry.read_bytes()
    second = build_release(root, base / "dist2", registry)
    return {"root": root, "registry": registry, "first": first, "second": second, "after_first": after_first}


def test_two_builds_are_byte_identical(released: dict[str, Any]) -> None:
    first, second = released["first"], released["second"]
    assert first.path.name == second.path.name == f"{NAME}.zip"
    assert first.path.read_bytes() == second.path.read_bytes()
    assert first.sha256 == second.sha256 == hashlib.sha256(first.path.read_bytes()).hexdigest()


def test_registry_gets_one_entry(released: dict[str, Any]) -> None:
    assert released["first"].recorded and not released["second"].recorded
    registry = json.loads(released["registry"].read_bytes())
    descriptor = hashlib.sha256((released["root"] / "datapackage.json").read_bytes()).hexdigest()
    assert registry == {"releases": [{"version": VERSION, "file": f"{NAME}.zip", "sha256": released["first"].sha256,
                                      "descriptor_sha256": descriptor, "codebook": 2, "urls": []}]}  # fmt: skip
    kept = released["registry"].parent / "fixtures" / f"{NAME}.zip"
    assert kept.read_bytes() == released["first"].path.read_bytes(), "the archive joins the compatibility tests"
    assert released["registry"].read_bytes() == released["after_first"], "an identical rebuild changes nothing"


def test_archive_layout_times_modes_and_copied_files(released: dict[str, Any]) -> None:
    with zipfile.ZipFile(released["first"].path) as archive:
        infos = archive.infolist()
        names = [i.filename for i in infos]
        contents = {n.removeprefix(f"{NAME}/"): archive.read(n) for n in names}
    assert names == sorted(names) and all(n.startswith(f"{NAME}/") for n in names)
    assert {i.date_time for i in infos} == {(2026, 12, 6, 12, 0, 0)}
    assert {(i.external_attr >> 16) & 0o7777 for i in infos} == {0o644}
    assert {i.compress_type for i in infos} == {zipfile.ZIP_STORED}
    tables = [r for r in DESCRIPTOR["resources"] if r["type"] == "table"]
    copied = {
        "datapackage.json",
        *ROOT_FILES,
        *DOC_FILES,
        *(r["path"] for r in DESCRIPTOR["resources"]),
        *(r["schema"] for r in tables),
    }
    parquet = {f"parquet/{r['name']}.parquet" for r in tables}
    assert set(contents) == copied | {CARD, "SHA256SUMS", "croissant.json"} | parquet
    assert contents["croissant.json"] == (REPO / "croissant.json").read_bytes(), "rendered as metadata.py renders it"
    for name in copied:  # CITATION.cff included: copied from the repository, not rendered
        assert contents[name] == (REPO / name).read_bytes(), name
    for table in tables:  # the schemas' recorded hashes travel with the descriptor
        schema = contents[table["schema"]]
        assert (len(schema), "sha256:" + hashlib.sha256(schema).hexdigest()) == (
            table["schemaBytes"],
            table["schemaHash"],
        )


def test_sha256sum_accepts_the_checksums(released: dict[str, Any], tmp_path: Path) -> None:
    with zipfile.ZipFile(released["first"].path) as archive:
        archive.extractall(tmp_path)
    folder = tmp_path / NAME
    result = subprocess.run(
        ["sha256sum", "--check", "--strict", "SHA256SUMS"], cwd=folder, capture_output=True, text=True
    )
    assert result.returncode == 0, result.stdout + result.stderr
    listed = {line.split("  ", 1)[1] for line in (folder / "SHA256SUMS").read_text().splitlines()}
    on_disk = {p.relative_to(folder).as_posix() for p in folder.rglob("*") if p.is_file()}
    assert listed == on_disk - {"SHA256SUMS"}


def test_parquet_copies_match_the_tables(released: dict[str, Any], tmp_path: Path) -> None:
    import pyarrow.parquet as pq

    ds = csto_annotations.load(released["first"].path)
    with zipfile.ZipFile(released["first"].path) as archive:
        for table, frame in ds.tables.items():
            (tmp_path / f"{table}.parquet").write_bytes(archive.read(f"{NAME}/parquet/{table}.parquet"))
            arrow = pq.read_table(tmp_path / f"{table}.parquet")
            assert arrow.column_names == list(frame.columns) and arrow.num_rows == len(frame)
    claims = pq.read_table(tmp_path / "claims.parquet")
    assert str(claims.schema.field("start").type) == "int64" and not claims.schema.field("start").nullable
    assert claims.column("claim_id").to_pylist() == ds.claims["claim_id"].tolist()


def test_the_archive_loads_pinned_like_the_bundled_copy(released: dict[str, Any]) -> None:
    first = released["first"]
    pinned = csto_annotations.load(first.path, known_hash=f"sha256:{first.sha256}")
    with pytest.raises(csto_annotations.IntegrityError):
        csto_annotations.load(first.path, known_hash="sha256:" + "0" * 64)
    bundled = csto_annotations.load()
    # known_hash alone never lowers the level; this archive is the registered release, whose descriptor pins it.
    registered = release_for_descriptor((REPO / "datapackage.json").read_bytes()) is not None
    assert pinned.verify == ("hashes" if registered else "full") and list(pinned.tables) == list(bundled.tables)
    for name, frame in bundled.tables.items():
        pandas.testing.assert_frame_equal(pinned.tables[name], frame)
    assert pinned.text("edm-4-191") == bundled.text("edm-4-191")


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
    with pytest.raises(ReleaseError, match=rf"version {re.escape(VERSION)} is already released with sha256 0{{64}}"):
        build_release(root, tmp_path / "dist", registry)
    assert registry.read_text("utf-8") == original and not (tmp_path / "dist").exists()


def test_refuses_a_citation_file_of_another_version(tmp_path: Path) -> None:
    root = copy_release_tree(tmp_path / "pkg")
    cff = root / "CITATION.cff"
    text, n = re.subn(rf'^version: "?{re.escape(VERSION)}"?$', 'version: "0.9.0"', cff.read_text("utf-8"), flags=re.M)
    assert n == 1, "the test must change the file's version line"
    cff.write_text(text, "utf-8")
    with pytest.raises(ReleaseError, match=re.escape("CITATION.cff: stale: it says version '0.9.0'")):
        build_release(root, tmp_path / "dist", tmp_path / "releases.json")
    assert not (tmp_path / "dist").exists()


def test_refuses_an_invalid_package(tmp_path: Path) -> None:
    root = copy_release_tree(tmp_path / "pkg")
    rows = read_rows(root / "data/claims.csv")
    header = rows[0]
    author = next(r for r in rows[1:] if r[header.index("attribution")] == "author")
    author[header.index("source_entity_id")] = "csto"  # an author-voice claim given a source
    write_rows(root / "data/claims.csv", rows)
    csto_annotations.build(root)
    with pytest.raises(ReleaseError, match="the package is invalid"):
        build_release(root, tmp_path / "dist", tmp_path / "releases.json")
    assert not (tmp_path / "dist").exists() and not (tmp_path / "releases.json").exists()


def test_refuses_a_corrupted_file(tmp_path: Path) -> None:
    root = copy_release_tree(tmp_path / "pkg")
    schema = root / "schemas/claims.schema.json"
    schema.write_bytes(schema.read_bytes().replace(b'"title"', b'"title" ', 1))
    with pytest.raises(csto_annotations.IntegrityError, match="claims schema"):
        build_release(root, tmp_path / "dist", tmp_path / "releases.json")
    assert not (tmp_path / "dist").exists()


def test_script_exits_1_with_a_message(tmp_path: Path) -> None:
    root = copy_release_tree(tmp_path / "pkg")
    (root / "NOTICE").unlink()
    env = {k: v for k, v in os.environ.items() if k != "PYTHONPATH"}
    result = subprocess.run([sys.executable, str(REPO / "scripts/release.py"), str(root), "--registry",
                             str(tmp_path / "releases.json")], capture_output=True, text=True, env=env, cwd="/")  # fmt: skip
    assert result.returncode == 1
    assert "NOTICE: missing" in result.stderr and "Traceback" not in result.stderr
    assert not (tmp_path / "releases.json").exists() and not (root / "dist").exists()


def _unpacked(released: dict[str, Any], dest: Path) -> Path:
    with zipfile.ZipFile(released["first"].path) as archive:
        archive.extractall(dest)
    return dest / NAME


def test_frictionless_accepts_the_unpacked_archive(released: dict[str, Any], tmp_path: Path) -> None:
    folder = _unpacked(released, tmp_path)
    frictionless = Path(sys.executable).with_name("frictionless")
    if not frictionless.is_file():
        message = f"{frictionless}: missing; pip install -e '.[test]'"
        if os.environ.get("CI") == "true":
            pytest.fail(message)
        pytest.skip(message)
    result = subprocess.run(
        [str(frictionless), "validate", "datapackage.json"], cwd=folder, capture_output=True, text=True
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "VALID" in result.stdout and "INVALID" not in result.stdout


def test_the_archives_croissant_validates_and_yields_its_tables_offline(
    released: dict[str, Any], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = _unpacked(released, tmp_path)
    result = validate_cli(folder / "croissant.json")
    assert result.returncode == 0 and result.stderr.rstrip().endswith("Done."), result.stderr[-3000:]
    assert log_lines(result.stderr, "W") == [] and log_lines(result.stderr, "E") == []
    ds = csto_annotations.load(folder)
    record_sets = {r["@id"]: r for r in json.loads((folder / "croissant.json").read_bytes())["recordSet"]}
    with no_network(monkeypatch):
        for table in ds.tables:
            records = list(mlcroissant.Dataset(folder / "croissant.json").records(table))
            cells = csv_cells(folder / "data" / f"{table}.csv", ds.schemas[table])
            assert record_cells(records, record_sets[table]) == cells and len(cells) == len(ds.tables[table]), table


def test_the_card_has_every_datasheet_section_and_measured_figures(released: dict[str, Any], tmp_path: Path) -> None:
    folder = _unpacked(released, tmp_path)
    card = (folder / CARD).read_text("utf-8")
    headings = re.findall(r"^## (.+)$", card, re.MULTILINE)
    assert headings == ["Motivation", "Composition", "Collection process", "Annotation (preprocessing and labelling)",
                        "Uses", "Distribution", "Maintenance"]  # fmt: skip
    assert "{{" not in card and "<!--" not in card, "every placeholder filled, the template's note dropped"
    assert card.startswith(f"# {DESCRIPTOR['title']}\n") and f"Release **{VERSION}**" in card
    ds = csto_annotations.load(folder)
    for table, frame in ds.tables.items():  # row and column counts are measured, not copied from prose
        assert re.search(rf"^\| `{table}` \| {len(frame):,} \| {len(frame.columns)} \|", card, re.MULTILINE), table
    for name in (*ROOT_FILES, *DOC_FILES, "datapackage.json"):
        assert f"| `{name}` | {(folder / name).stat().st_size:,} |" in card, name
    report = (REPO / "docs/annotation-report.md").read_text("utf-8")
    span_row = next(line for line in report.splitlines() if line.startswith("| annotator-1 vs annotator-2 | claims"))
    assert span_row in card
    changelog = (REPO / "CHANGELOG.md").read_text("utf-8")
    assert changelog_section(changelog, VERSION) in card and f"## [{VERSION}]" not in card
    assert csto_annotations.cite(source=folder).strip() in card


def test_refuses_a_stale_tables_doc(tmp_path: Path) -> None:
    root = copy_release_tree(tmp_path / "pkg")
    doc = root / "docs/tables.md"
    doc.write_text(doc.read_text("utf-8").replace("Primary key", "Key", 1), "utf-8")
    with pytest.raises(ReleaseError, match=r"docs/tables.md: stale against the Table Schemas"):
        build_release(root, tmp_path / "dist", tmp_path / "releases.json")
    assert not (tmp_path / "dist").exists()


def test_refuses_a_missing_codebook(tmp_path: Path) -> None:
    root = copy_release_tree(tmp_path / "pkg")
    (root / "docs/codebook.md").unlink()
    with pytest.raises(ReleaseError, match=r"codebook.md: missing"):
        build_release(root, tmp_path / "dist", tmp_path / "releases.json")
    assert not (tmp_path / "dist").exists()


def test_the_card_template_and_values_must_match() -> None:
    with pytest.raises(CardError, match=r"unknown placeholder\(s\) \{\{extra\}\}"):
        fill("{{title}} {{extra}}", {"title": "t"})
    with pytest.raises(CardError, match=r"unused value\(s\) \{\{title\}\}"):
        fill("no placeholders", {"title": "t"})
    with pytest.raises(CardError, match=r"no '## \[9.9.9\]' section"):
        changelog_section((REPO / "CHANGELOG.md").read_text("utf-8"), "9.9.9")
