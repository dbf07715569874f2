"""Hostile zip archives: slip entries, links, bombs, damaged data.

:func:`raw_zip` writes a zip by hand (local headers, central directory, end
record) from data compressed once, so an honest archive of more than 1 GiB
uncompressed costs a few hundred kilobytes and milliseconds to make.

Example
-------
>>> import tempfile, pathlib, zipfile
>>> path = pathlib.Path(tempfile.mkdtemp()) / "a.zip"
>>> _ = raw_zip(path, [("a.txt", b"hello")])
>>> zipfile.ZipFile(path).read("a.txt")
b'hello'
"""

from __future__ import annotations

import stat
import struct
import zipfile
import zlib
from pathlib import Path

FOLDER = "csto-annotations-1.0.0"


def package_zip(
    root: Path, archive: Path, extra: dict[str, bytes] | None = None, links: dict[str, str] | None = None
) -> Path:
    """Zip a package under one top folder, then add ``extra`` entries (names as
    given, unchecked) and symbolic-link entries ``links`` (name → target)."""
    with zipfile.ZipFile(archive, "w", zipfile.ZIP_DEFLATED) as zf:
        for path in sorted(root.rglob("*")):
            if path.is_file():
                zf.write(path, f"{FOLDER}/{path.relative_to(root).as_posix()}")
        for name, data in (extra or {}).items():
            zf.writestr(zipfile.ZipInfo(name), data, compress_type=zipfile.ZIP_DEFLATED)
        for name, target in (links or {}).items():
            info = zipfile.ZipInfo(name)
            info.external_attr = (stat.S_IFLNK | 0o777) << 16
            zf.writestr(info, target)
    return archive


def _deflate(data: bytes) -> bytes:
    """Raw deflate (no zlib header), as zip stores it."""
    compressor = zlib.compressobj(9, zlib.DEFLATED, -15)
    return compressor.compress(data) + compressor.flush()


def raw_zip(path: Path, entries: list[tuple[str, bytes]], *, repeat: int = 1) -> Path:
    """Write a valid deflated zip of ``entries``, each written ``repeat`` times
    under numbered names; every entry is compressed once however often it repeats."""
    local, central, offset, count = bytearray(), bytearray(), 0, 0
    for name, data in entries:
        packed, crc = _deflate(data), zlib.crc32(data)
        for index in range(repeat):
            fname = (name if repeat == 1 else f"{name}.{index}").encode()
            fixed = struct.pack("<HHHHHIIIHH", 20, 0, 8, 0, 0x21, crc, len(packed), len(data), len(fname), 0)
            record = b"PK\x03\x04" + fixed + fname
            central += (
                b"PK\x01\x02"
                + struct.pack("<H", 0x0314)
                + fixed
                + struct.pack("<HHHII", 0, 0, 0, 0o100644 << 16, offset)
                + fname
            )
            local += record + packed
            offset += len(record) + len(packed)
            count += 1
    end = b"PK\x05\x06" + struct.pack("<HHHHIIH", 0, 0, count, count, len(central), offset, 0)
    path.write_bytes(bytes(local) + bytes(central) + end)
    return path


def damage_entry(archive: Path, name: str, at: float = 0.5) -> Path:
    """Flip 8 bytes of entry ``name``'s compressed data, ``at`` a fraction of the way in
    (0 hits the first deflate block header, so zlib itself fails)."""
    with zipfile.ZipFile(archive) as zf:
        info = zf.getinfo(name)
    content = bytearray(archive.read_bytes())
    header = 30 + len(info.filename.encode()) + len(info.extra)
    middle = info.header_offset + header + int(info.compress_size * at)
    for position in range(middle, middle + 8):
        content[position] ^= 0xFF
    archive.write_bytes(bytes(content))
    return archive
