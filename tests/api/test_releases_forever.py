"""Every registered release loads forever, every way, through every command.

The archives in tests/fixtures/releases are the published releases, byte for byte
(``scripts/release.py`` adds each new one). Each is used as a file, as a URL, as its
unpacked folder, by its descriptor, and by version, with and without ``known_hash``,
through ``load``, ``validate``, ``info``, ``cite``, ``export``, ``view`` and ``diff``.
A real HTTP server on 127.0.0.1 serves the archives and the unpacked folders.
"""

from __future__ import annotations

import hashlib
import json
import subprocess
import sys
import zipfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

import csto_annotations
from csto_annotations._cli import main
from csto_annotations._reader._profile import check_descriptor, check_schema
from csto_annotations._reader._releases import releases
from helpers import REPO, serve

ARCHIVES = REPO / "tests" / "fixtures" / "releases"
REGISTRY = list(releases())
VERSIONS = [entry["version"] for entry in REGISTRY]
#: How a source is given: (name, how to build load()'s arguments from the served places).
WAYS = ["zip", "zip+known_hash", "folder", "descriptor", "folder+known_hash", "zip-url", "zip-url+known_hash",
        "folder-url", "version"]  # fmt: skip


def sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


@pytest.fixture(scope="module")
def served(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Path, str]]:
    """The archives and their unpacked folders under one served root: (root, base URL)."""
    root = tmp_path_factory.mktemp("releases")
    for entry in REGISTRY:
        archive = ARCHIVES / entry["file"]
        (root / entry["file"]).write_bytes(archive.read_bytes())
        with zipfile.ZipFile(archive) as zipped:
            zipped.extractall(root / "unpacked")
    with serve(root) as (base, _):
        yield root, base


@pytest.fixture
def release_mirror(served: tuple[Path, str], monkeypatch: pytest.MonkeyPatch) -> str:
    monkeypatch.setenv("CSTO_ANNOTATIONS_RELEASE_URL", served[1])
    return served[1]


def source(way: str, entry: dict[str, Any], served: tuple[Path, str]) -> dict[str, Any]:
    """``load()``'s arguments for one release given one way."""
    root, base = served
    folder = f"unpacked/{Path(entry['file']).stem}"
    pin = {"known_hash": "sha256:" + entry["sha256"]}
    descriptor_pin = {"known_hash": "sha256:" + entry["descriptor_sha256"]}
    return {
        "zip": {"source": str(root / entry["file"])},
        "zip+known_hash": {"source": str(root / entry["file"]), **pin},
        "folder": {"source": str(root / folder)},
        "descriptor": {"source": str(root / folder / "datapackage.json")},
        "folder+known_hash": {"source": str(root / folder), **descriptor_pin},
        "zip-url": {"source": f"{base}/{entry['file']}"},
        "zip-url+known_hash": {"source": f"{base}/{entry['file']}", **pin},
        "folder-url": {"source": f"{base}/{folder}/datapackage.json"},
        "version": {"version": entry["version"]},
    }[way]


def cli_source(way: str, entry: dict[str, Any], served: tuple[Path, str]) -> str:
    """The SOURCE argument of a command for ``way`` (the CLI takes no known_hash)."""
    arguments = source(way.split("+")[0], entry, served)
    return str(arguments.get("source") or arguments["version"])


@pytest.mark.parametrize("entry", REGISTRY, ids=VERSIONS)
def test_the_fixture_is_the_registered_release(entry: dict[str, Any]) -> None:
    archive = (ARCHIVES / entry["file"]).read_bytes()
    assert sha256(archive) == entry["sha256"], "tests/fixtures/releases holds the published archive"
    folder = Path(entry["file"]).stem
    with zipfile.ZipFile(ARCHIVES / entry["file"]) as zipped:
        descriptor = zipped.read(f"{folder}/datapackage.json")
        assert sha256(descriptor) == entry["descriptor_sha256"]
        check_descriptor(json.loads(descriptor), entry["file"])  # the profile knows every released descriptor
        for resource in json.loads(descriptor)["resources"]:
            if resource["type"] == "table":
                schema = zipped.read(f"{folder}/{resource['schema']}")
                check_schema(json.loads(schema), resource["schema"])
                pinned = entry.get("schema_sha256", {}).get(resource["schema"])
                recorded = resource.get("schemaHash", f"sha256:{pinned}")
                assert recorded == "sha256:" + sha256(schema), "every schema is pinned, by descriptor or registry"


def test_every_fixture_is_registered() -> None:
    assert sorted(p.name for p in ARCHIVES.glob("*.zip")) == sorted(e["file"] for e in REGISTRY)


@pytest.mark.parametrize("way", WAYS)
@pytest.mark.parametrize("entry", REGISTRY, ids=VERSIONS)
def test_load_every_way(entry: dict[str, Any], way: str, served: tuple[Path, str], release_mirror: str) -> None:
    arguments = source(way, entry, served)
    ds = csto_annotations.load(**arguments)
    assert ds.version == entry["version"]
    assert ds.verify == "hashes", "a registered release is pinned by the registry however it arrives"
    full = csto_annotations.load(**arguments, verify="full")
    assert full.verify == "full" and all(full.tables[n].equals(ds.tables[n]) for n in ds.tables)
    claims = csto_annotations.load(**arguments, tables=["claims"], verify="hashes").claims
    assert claims.equals(ds.claims) and len(claims) > 70
    text = ds.text(ds.documents.document_id.iloc[0])
    assert all(text[r.start : r.end] == r.exact for r in ds.claims.itertuples()), "every span is the text itself"
    report = csto_annotations.validate(**arguments)
    assert report.valid, str(report)


@pytest.mark.parametrize("way", [w for w in WAYS if "+" not in w])
@pytest.mark.parametrize("entry", REGISTRY, ids=VERSIONS)
def test_every_command_every_way(
    entry: dict[str, Any], way: str, served: tuple[Path, str], release_mirror: str, tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:  # fmt: skip
    spec = cli_source(way, entry, served)
    first_claim = csto_annotations.load(version=entry["version"]).claims.claim_id.iloc[0]
    first_quote = csto_annotations.load(version=entry["version"]).quotes.quote_id.iloc[0]
    commands = [
        ["validate", spec],
        ["info", spec],
        *(["cite", spec, "--format", f] for f in ("text", "bibtex", "biblatex", "ris", "csl-json", "cff", "jsonld")),
        ["cite", spec, "--claim", first_claim, "--quote", first_quote],
        ["export", spec, "--format", "csv", "--out", str(tmp_path / "csv")],
        ["view", spec, "--out", str(tmp_path / "view.html")],
        ["diff", spec, spec],
    ]
    for command in commands:
        code = main(command)
        out, err = capsys.readouterr()
        assert code == 0, f"{command}: exit {code}\n{err}"
        assert "error" not in err.lower(), f"{command}: {err}"
        if command[0] in ("info", "cite") and "--claim" not in command:
            assert entry["version"] in out, f"{command} names the version"
    assert (tmp_path / "view.html").stat().st_size > 10_000
    assert len(list((tmp_path / "csv").glob("*.csv"))) == 7


@pytest.mark.parametrize(
    "format", ["parquet", "csv", "sqlite", "spacy", "webannotation", "brat", "huggingface", "stata", "spss"]
)
@pytest.mark.parametrize("entry", REGISTRY, ids=VERSIONS)
def test_every_export_of_every_release(
    entry: dict[str, Any], format: str, served: tuple[Path, str], tmp_path: Path
) -> None:
    assert main(["export", cli_source("zip", entry, served), "--format", format, "--out", str(tmp_path)]) == 0
    assert any(p.stat().st_size > 0 for p in tmp_path.rglob("*") if p.is_file())


@pytest.mark.parametrize("old", VERSIONS)
@pytest.mark.parametrize("new", VERSIONS)
def test_diff_between_releases(old: str, new: str, release_mirror: str, capsys: pytest.CaptureFixture[str]) -> None:
    code = main(["diff", old, new, "--format", "text"])
    out, err = capsys.readouterr()
    assert old in out and new in out
    if VERSIONS.index(old) <= VERSIONS.index(new):
        assert code == 0, err
    else:  # going back is no release: the bump check refuses it, as a usage of diff
        # 1.0.0 and 2.x differ in their schemas (MAJOR); 2.0.0 and 2.1.0 only in rows (MINOR).
        required = "MAJOR" if "1.0.0" in (old, new) else "MINOR"
        assert code == 1 and f"smaller than the required {required}" in err


def test_the_release_view_option_still_works(release_mirror: str, tmp_path: Path) -> None:
    assert main(["view", "--version", VERSIONS[0], "--out", str(tmp_path / "v.html")]) == 0
    assert VERSIONS[0] in (tmp_path / "v.html").read_text("utf-8")


@pytest.mark.parametrize("entry", REGISTRY, ids=VERSIONS)
def test_validate_in_a_real_process(entry: dict[str, Any], tmp_path: Path) -> None:
    """As a user types it, on the archive as published."""
    done = subprocess.run(
        [sys.executable, "-m", "csto_annotations", "validate", str(ARCHIVES / entry["file"])],
        capture_output=True, text=True, timeout=120, cwd=tmp_path,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    assert done.stdout.rstrip().endswith(": valid")


def test_a_1_0_0_schema_edited_is_refused(served: tuple[Path, str], tmp_path: Path) -> None:
    """The registry pins 1.0.0's schemas, whose descriptor records no schema hashes."""
    import shutil

    folder = shutil.copytree(served[0] / "unpacked" / "csto-annotations-1.0.0", tmp_path / "copy")
    schema = folder / "schemas" / "claims.schema.json"
    schema.write_text(schema.read_text("utf-8").replace('"required": true', '"required": false', 1), "utf-8")
    with pytest.raises(csto_annotations.IntegrityError, match=r"claims\.schema\.json.*expected sha256:d1a5a189"):
        csto_annotations.load(folder)


def test_a_1_0_0_descriptor_edited_is_no_release(served: tuple[Path, str], tmp_path: Path) -> None:
    """Edited by one byte, the descriptor is no longer the release: nothing pins its schemas."""
    import shutil

    folder = shutil.copytree(served[0] / "unpacked" / "csto-annotations-1.0.0", tmp_path / "copy")
    descriptor = folder / "datapackage.json"
    descriptor.write_bytes(descriptor.read_bytes() + b"\n")
    with pytest.raises(csto_annotations.IntegrityError, match="no registered release") as caught:
        csto_annotations.load(folder)
    assert "python -m csto_annotations build" in str(caught.value) and "scripts/" not in str(caught.value)


def test_withdrawn_records_say_which_release_has_them(release_mirror: str) -> None:
    withdrawn = json.loads((REPO / "src" / "csto_annotations" / "withdrawn.json").read_text("utf-8"))["withdrawn"]
    changelog = (REPO / "CHANGELOG.md").read_text("utf-8")
    current = csto_annotations.load()
    for record in withdrawn:
        assert f"`{record['id']}`" in changelog or record["id"] in changelog, "the CHANGELOG records the withdrawal"
        earlier = csto_annotations.load(version=VERSIONS[VERSIONS.index(record["withdrawn_in"]) - 1])
        table = current.tables[record["table"]]
        key = table.columns[0]
        assert record["id"] not in set(table[key]), f"{record['id']} is withdrawn from the current data"
        assert record["id"] in set(earlier.tables[record["table"]][key]), "the earlier release has it"
    with pytest.raises(csto_annotations.UnknownRecordError, match=r"withdrawn in release 2\.0\.0.*Release 1\.0\.0"):
        current.cite_claim("CL-0001")
    assert "CL-0001" in csto_annotations.load(version="1.0.0").cite_claim("CL-0001")
    assert main(["cite", "1.0.0", "--claim", "CL-0001"]) == 0


def test_the_documented_withdrawal_message_is_the_real_one(capsys: pytest.CaptureFixture[str]) -> None:
    citing = (REPO / "docs" / "citing.md").read_text("utf-8")
    (shown,) = [
        b for b in citing.split("```console\n")[1:] if b.startswith("$ python -m csto_annotations cite --claim")
    ]
    assert main(["cite", "--claim", "CL-0001"]) == 1
    assert shown.split("```")[0].splitlines()[1] == capsys.readouterr().err.rstrip("\n")
