"""Safe extraction of release zip archives into a content-addressed cache.

Entries with absolute paths, ``..`` segments, backslashes or symbolic links
are refused (zip slip), and so are archives whose uncompressed size is out of
proportion (zip bomb). Extraction goes to a fresh temporary directory beside
the cache entry and is then renamed into place, so a cache entry is either
complete or absent. Cache entries are keyed by the archive's sha256.

Example
-------
>>> from csto_annotations.archive import MAX_RATIO
>>> MAX_RATIO >= 10
True
"""

from __future__ import annotations

import hashlib
import os
import shutil
import stat
import tempfile
import zipfile
import zlib
from pathlib import Path, PurePosixPath

from .errors import ArchiveError, MissingFileError
from .paths import DESCRIPTOR_NAME, check_relative_path

__all__ = ["extract_zip", "file_sha256", "MAX_TOTAL_BYTES", "MAX_RATIO", "MAX_ENTRIES"]

#: Largest total uncompressed size accepted, in bytes.
MAX_TOTAL_BYTES = 1 << 30
#: Largest compression ratio accepted for an entry above :data:`RATIO_FLOOR` bytes.
MAX_RATIO = 100
#: Entries smaller than this are not ratio-checked (tiny files compress oddly).
RATIO_FLOOR = 1 << 20
#: Largest number of entries accepted.
MAX_ENTRIES = 10_000
_COMPLETE = ".complete"
_CHUNK = 1 << 16


def file_sha256(path: Path) -> str:
    """Return the lowercase hex sha256 of a file, read in chunks.

    Example
    -------
    >>> import tempfile, pathlib
    >>> p = pathlib.Path(tempfile.mkdtemp()) / "e"; _ = p.write_bytes(b"")
    >>> file_sha256(p)[:8]
    'e3b0c442'
    """
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for chunk in iter(lambda: handle.read(_CHUNK), b""):
            digest.update(chunk)
    return digest.hexdigest()


def _check_entry(info: zipfile.ZipInfo, archive: Path) -> None:
    """Refuse an entry that could write outside the extraction directory."""
    if stat.S_ISLNK(info.external_attr >> 16):
        raise ArchiveError(
            f"{archive}: entry {info.filename!r} is a symbolic link; release archives "
            "never contain links. Do not use this archive; download the release again."
        )
    try:
        check_relative_path(info.filename.rstrip("/") or ".", where=str(archive))
    except Exception:
        raise ArchiveError(
            f"{archive}: entry {info.filename!r} would be written outside the extraction "
            "directory (zip slip). Do not use this archive; download the release again."
        ) from None


def _check_sizes(infos: list[zipfile.ZipInfo], archive: Path) -> None:
    """Refuse archives whose declared sizes are out of proportion."""
    if len(infos) > MAX_ENTRIES:
        raise ArchiveError(f"{archive}: {len(infos)} entries, more than {MAX_ENTRIES}; refusing it.")
    total = sum(info.file_size for info in infos)
    if total > MAX_TOTAL_BYTES:
        raise ArchiveError(
            f"{archive}: uncompressed size {total} bytes exceeds the limit of "
            f"{MAX_TOTAL_BYTES} (possible zip bomb); refusing to extract it."
        )
    for info in infos:
        ratio = info.file_size / max(info.compress_size, 1)
        if info.file_size > RATIO_FLOOR and ratio > MAX_RATIO:
            raise ArchiveError(
                f"{archive}: entry {info.filename!r} expands {ratio:.0f}-fold "
                f"(limit {MAX_RATIO}; possible zip bomb); refusing to extract it."
            )


def _copy_entry(zf: zipfile.ZipFile, info: zipfile.ZipInfo, target: Path, budget: int) -> int:
    """Stream one entry to ``target``; return the bytes written."""
    written = 0
    target.parent.mkdir(parents=True, exist_ok=True)
    with zf.open(info) as source, open(target, "wb") as sink:
        for chunk in iter(lambda: source.read(_CHUNK), b""):
            written += len(chunk)
            if written > info.file_size or written > budget:
                raise ArchiveError(
                    f"{zf.filename}: entry {info.filename!r} holds more data than its "
                    "header declares (possible zip bomb); refusing it."
                )
            sink.write(chunk)
    return written


def _extract_all(archive: Path, destination: Path) -> None:
    """Check every entry, then extract them all into ``destination``."""
    try:
        with zipfile.ZipFile(archive) as zf:
            infos = zf.infolist()
            for info in infos:
                _check_entry(info, archive)
            _check_sizes(infos, archive)
            budget = MAX_TOTAL_BYTES
            for info in infos:
                target = destination.joinpath(*PurePosixPath(info.filename).parts)
                if info.is_dir():
                    target.mkdir(parents=True, exist_ok=True)
                else:
                    budget -= _copy_entry(zf, info, target, budget)
    except (zipfile.BadZipFile, zipfile.LargeZipFile, zlib.error, EOFError, NotImplementedError) as error:
        raise ArchiveError(
            f"{archive}: not a readable zip archive ({error}); download the release again."
        ) from None


def _package_dir(extracted: Path, archive: Path) -> Path:
    """Find ``datapackage.json`` at the top level or in a single top folder."""
    if (extracted / DESCRIPTOR_NAME).is_file():
        return extracted
    folders = [p for p in extracted.iterdir() if p.is_dir()]
    if len(folders) == 1 and (folders[0] / DESCRIPTOR_NAME).is_file():
        return folders[0]
    raise MissingFileError(
        f"{archive}: the archive holds no datapackage.json at its top level or in a "
        "single top-level folder; is this a csto-annotations release?"
    )


def extract_zip(archive: Path, cache_dir: Path) -> Path:
    """Extract ``archive`` safely into ``cache_dir`` and return the package dir.

    Parameters
    ----------
    archive : pathlib.Path
        The zip file.
    cache_dir : pathlib.Path
        Where extracted archives live, one sub-directory per archive sha256.
        An archive already extracted there is reused.

    Returns
    -------
    pathlib.Path
        The directory holding ``datapackage.json``.

    Raises
    ------
    ArchiveError
        For unsafe or unreadable archives.
    MissingFileError
        When the archive holds no descriptor.

    Example
    -------
    >>> import io, zipfile, tempfile, pathlib
    >>> tmp = pathlib.Path(tempfile.mkdtemp())
    >>> with zipfile.ZipFile(tmp / "r.zip", "w") as zf:
    ...     zf.writestr("datapackage.json", "{}")
    >>> (extract_zip(tmp / "r.zip", tmp / "cache") / "datapackage.json").is_file()
    True
    """
    archive = Path(archive)
    destination = Path(cache_dir) / file_sha256(archive)
    if (destination / _COMPLETE).is_file():
        return _package_dir(destination, archive)
    shutil.rmtree(destination, ignore_errors=True)
    destination.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(dir=destination.parent, prefix=".extract-"))
    try:
        _extract_all(archive, staging)
        (staging / _COMPLETE).touch()
        try:
            os.rename(staging, destination)
        except OSError:
            if not (destination / _COMPLETE).is_file():
                raise
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    return _package_dir(destination, archive)
