"""Each limit of ``_base/_limits.py``, at the limit (accepted) and one past it (refused).

The limits on downloads (``DEFAULT_MAX_DOWNLOAD_BYTES``, ``DEFAULT_DOWNLOAD_DEADLINE``,
``READ_TIMEOUT``, ``MAX_REDIRECTS``) are tested against a live hostile server in
tests/reader/test_download.py, the per-load budget in tests/reader/test_cache.py,
and ``PEER_DEADLINE`` in tests/api/test_peer.py. The two limits too large to reach in a test
(``MAX_FILE_BYTES``, 2 GiB; ``MAX_ZIP_BYTES``, 1 GiB) and the viewer's page size are
lowered with monkeypatch, so the comparison the reader makes is what is tested.
"""

from __future__ import annotations

import copy
import json
import struct
from pathlib import Path

import pyarrow as pa
import pytest

from csto_annotations import ArchiveError, DescriptorError, LimitError
from csto_annotations._base import _limits
from csto_annotations._base._paths import bundled_root
from csto_annotations._engine._cells import check_field
from csto_annotations._reader import _files
from csto_annotations._reader._files import Archive, Directory
from csto_annotations._reader._json import parse_json
from csto_annotations._reader._profile import PACKAGE_PROFILE, check_descriptor, check_schema
from hostile.zips import raw_zip

AT_AND_PAST = [(0, False), (1, True)]


def _refused(call: object, error: type[Exception] = DescriptorError) -> bool:
    try:
        call()  # type: ignore[operator]
    except error:
        return True
    return False


@pytest.fixture(scope="module")
def descriptor() -> dict:
    return json.loads((bundled_root() / "datapackage.json").read_text("utf-8"))


@pytest.mark.parametrize(("past", "refused"), AT_AND_PAST)
def test_json_bytes(past: int, refused: bool) -> None:
    data = b"{}" + b" " * (_limits.MAX_JSON_BYTES - 2 + past)
    assert _refused(lambda: parse_json(data, "d.json"), LimitError) is refused


@pytest.mark.parametrize(("past", "refused"), AT_AND_PAST)
def test_json_depth(past: int, refused: bool) -> None:
    depth = _limits.MAX_JSON_DEPTH + past
    data = ("[" * depth + "]" * depth).encode()
    assert _refused(lambda: parse_json(data, "d.json"), LimitError) is refused


@pytest.mark.parametrize(("past", "refused"), AT_AND_PAST)
@pytest.mark.parametrize("sign", ["", "-"])
def test_json_integer_digits(past: int, refused: bool, sign: str) -> None:
    digits = "9" * (_limits.MAX_JSON_INT_DIGITS + past)
    assert _refused(lambda: parse_json(f'{{"n": {sign}{digits}}}'.encode(), "d.json")) is refused
    if not refused:
        assert parse_json(f'{{"n": {sign}{digits}}}'.encode(), "d.json")["n"] == int(sign + digits)


@pytest.mark.parametrize(("past", "refused"), AT_AND_PAST)
@pytest.mark.parametrize("where", ["package", "resource"])
def test_name_chars(descriptor: dict, past: int, refused: bool, where: str) -> None:
    edited = copy.deepcopy(descriptor)
    target = edited if where == "package" else edited["resources"][1]
    target["name"] = "n" * (_limits.MAX_NAME_CHARS + past)
    assert _refused(lambda: check_descriptor(edited, "dp.json")) is refused


@pytest.mark.parametrize(("past", "refused"), AT_AND_PAST)
def test_resources(past: int, refused: bool) -> None:
    text = {"name": "t", "type": "text", "path": "data/t.txt", "bytes": 1, "hash": "sha256:" + "0" * 64}
    resources = [dict(text, name=f"t{i}") for i in range(_limits.MAX_RESOURCES + past)]
    data = {"$schema": PACKAGE_PROFILE, "name": "x", "version": "1.0.0", "resources": resources}
    assert _refused(lambda: check_descriptor(data, "dp.json")) is refused


def _schema(fields: int, pattern: str = "^a$") -> dict:
    return {"fields": [{"name": f"f{i}", "type": "string", "constraints": {"pattern": pattern}} for i in range(fields)]}


@pytest.mark.parametrize(("past", "refused"), AT_AND_PAST)
def test_fields_per_schema(past: int, refused: bool) -> None:
    assert _refused(lambda: check_schema(_schema(_limits.MAX_FIELDS + past), "s.json")) is refused


@pytest.mark.parametrize(("past", "refused"), AT_AND_PAST)
def test_pattern_chars(past: int, refused: bool) -> None:
    schema = _schema(1, "a" * (_limits.MAX_PATTERN_CHARS + past))
    assert _refused(lambda: check_schema(schema, "s.json")) is refused


@pytest.mark.parametrize(("past", "refused"), AT_AND_PAST)
def test_cell_chars(past: int, refused: bool) -> None:
    column = pa.chunked_array([["x" * (_limits.MAX_CELL_CHARS + past)]])
    _, problems = check_field(column, {"name": "notes", "type": "string"}, [""], "claims")
    assert bool(problems) is refused
    if refused:
        assert (problems[0].row, problems[0].column) == (2, "notes")


@pytest.mark.parametrize(("past", "refused"), AT_AND_PAST)
def test_file_bytes(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, past: int, refused: bool) -> None:
    monkeypatch.setattr(_files, "MAX_FILE_BYTES", 1000)
    (tmp_path / "f.csv").write_bytes(b"x" * (1000 + past))
    assert _refused(lambda: Directory(tmp_path).read("f.csv", "resource"), LimitError) is refused


def _descriptor_entry() -> tuple[str, bytes]:
    return ("datapackage.json", b"{}")


@pytest.mark.parametrize(("past", "refused"), AT_AND_PAST)
def test_zip_entries(tmp_path: Path, past: int, refused: bool) -> None:
    padding = [(f"pad/{i}", b"x") for i in range(_limits.MAX_ZIP_ENTRIES - 1 + past)]
    archive = raw_zip(tmp_path / "a.zip", [_descriptor_entry(), *padding])
    assert _refused(lambda: Archive(archive), ArchiveError) is refused


@pytest.mark.parametrize(("past", "refused"), AT_AND_PAST)
def test_zip_bytes(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, past: int, refused: bool) -> None:
    monkeypatch.setattr(_files, "MAX_ZIP_BYTES", 10_000)
    archive = raw_zip(tmp_path / "a.zip", [_descriptor_entry(), ("pad", b"x" * (10_000 - 2 + past))])
    assert _refused(lambda: Archive(archive), ArchiveError) is refused


@pytest.mark.parametrize(("past", "refused"), AT_AND_PAST)
def test_zip_name_chars(tmp_path: Path, past: int, refused: bool) -> None:
    name = "n" * (_limits.MAX_ZIP_NAME_CHARS + past)
    archive = raw_zip(tmp_path / "a.zip", [_descriptor_entry(), (name, b"x")])
    assert _refused(lambda: Archive(archive), ArchiveError) is refused


def _sized_zip(path: Path, file_size: int, compress_size: int) -> Path:
    """A zip whose one big entry declares these sizes (stored junk; the ratio check reads only the directory)."""
    a = raw_zip(path.with_suffix(".head"), [_descriptor_entry()])
    head = a.read_bytes()
    cd_at = struct.unpack("<I", head[-6:-2])[0]
    local, central = bytearray(head[:cd_at]), bytearray(head[cd_at:-22])
    name, offset = b"big.bin", len(local)
    fixed = struct.pack("<HHHHHIIIHH", 20, 0, 8, 0, 0x21, 0, compress_size, file_size, len(name), 0)
    local += b"PK\x03\x04" + fixed + name + bytes(compress_size)
    central += (
        b"PK\x01\x02" + struct.pack("<H", 0x0314) + fixed + struct.pack("<HHHII", 0, 0, 0, 0o100644 << 16, offset)
    )
    central += name
    end = b"PK\x05\x06" + struct.pack("<HHHHIIH", 0, 0, 2, 2, len(central), len(local), 0)
    path.write_bytes(bytes(local) + bytes(central) + end)
    return path


@pytest.mark.parametrize(("past", "refused"), AT_AND_PAST)
def test_zip_ratio(tmp_path: Path, past: int, refused: bool) -> None:
    compressed = 8192  # the entry is above the 1 MiB floor below which ratios are not checked
    archive = _sized_zip(tmp_path / "a.zip", _limits.MAX_ZIP_RATIO * compressed + past, compressed)
    assert _refused(lambda: Archive(archive), ArchiveError) is refused


@pytest.mark.parametrize(("past", "refused"), AT_AND_PAST)
def test_viewer_bytes(monkeypatch: pytest.MonkeyPatch, past: int, refused: bool) -> None:
    import csto_annotations
    from csto_annotations._view import _render

    dataset = csto_annotations.load()
    size = len(_render.render_page(dataset).encode("utf-8"))
    monkeypatch.setattr(_render._limits, "MAX_VIEWER_BYTES", size - past)
    assert _refused(lambda: _render.render_page(dataset), LimitError) is refused


@pytest.mark.parametrize(("past", "refused"), AT_AND_PAST)
@pytest.mark.parametrize("char", ["n", "€"])
def test_downloaded_path_component_bytes(past: int, refused: bool, char: str) -> None:
    """Counted in UTF-8 bytes, as file systems count them: 85 '€' are 255 bytes, not 85 characters."""
    from pathlib import PurePosixPath

    from csto_annotations import UnsafePathError
    from csto_annotations._reader._sources import _check_components

    size = len(char.encode())
    name = char * (_limits.MAX_PATH_COMPONENT_BYTES // size) + "n" * (_limits.MAX_PATH_COMPONENT_BYTES % size + past)
    path = PurePosixPath("data", name)
    assert _refused(lambda: _check_components(path, "test"), UnsafePathError) is refused
