"""Where a package's bytes come from: a directory or a zip archive, never beyond.

Both kinds answer one question, "the bytes at this relative path", and refuse
any path that leaves the package: absolute paths, ``..``, URLs, backslashes,
and, in a directory, any symbolic link at all. A zip archive is read in
memory, entry by entry, after the standard library has parsed its directory
and our guards have checked every entry (names, links, encryption, counts,
sizes and compression ratios). Its directory is parsed once: one open
:class:`zipfile.ZipFile` serves every read. Nothing is extracted to disk.

Example
-------
>>> from csto_annotations._base._paths import bundled_root
>>> files = open_files(bundled_root())
>>> files.read("datapackage.json", "descriptor")[:1]
b'{'
"""

from __future__ import annotations

import os
import stat
import zipfile
import zlib
from pathlib import Path, PurePosixPath

from .._base._errors import ArchiveError, LimitError, MissingFileError, UnsafePathError
from .._base._limits import (
    MAX_FILE_BYTES,
    MAX_ZIP_BYTES,
    MAX_ZIP_ENTRIES,
    MAX_ZIP_NAME_CHARS,
    MAX_ZIP_RATIO,
)
from .._base._paths import DESCRIPTOR_NAME, check_relative_path

#: Entries smaller than this are not ratio-checked: tiny files compress oddly.
_RATIO_FLOOR = 1 << 20
_CHUNK = 1 << 20


class Directory:
    """A package directory; a file is served only if no part of its path below the root is a link."""

    def __init__(self, root: Path) -> None:
        self.root = Path(root).resolve()
        self._base = f"{self.root}/"  # str paths: a pathlib join per file part was a tenth of reading 500 files
        self._real_dirs: set[str] = {""}

    def show(self, relative: str) -> str:
        """Return how messages name ``relative``."""
        return str(self.root / relative)

    def _check(self, relative: str, what: str) -> int:
        """Refuse any link or missing part on the way to ``relative``; return the file's size."""
        parts = relative.split("/")
        for depth in range(1, len(parts) + 1):
            prefix = "/".join(parts[:depth])
            if depth < len(parts) and prefix in self._real_dirs:
                continue
            try:
                info = os.lstat(self._base + prefix)
            except OSError:
                raise MissingFileError(
                    f"{self.root / relative}: file not found ({what}); restore it from the release archive or download again."
                ) from None
            if stat.S_ISLNK(info.st_mode):
                raise UnsafePathError(
                    f"{self.root / relative}: {what} is reached through the symbolic link {self.root / prefix}, which "
                    "may point outside the package directory; packages hold no links. Replace the link with the file."
                )
            if depth < len(parts):
                self._real_dirs.add(prefix)
        if not stat.S_ISREG(info.st_mode):  # the last part is never skipped: ``info`` is the file's
            raise MissingFileError(f"{self.root / relative}: file not found ({what}; it is not a regular file).")
        return info.st_size

    def read(self, relative: object, what: str) -> bytes:
        """Return the bytes of the file at ``relative``.

        Raises
        ------
        UnsafePathError, MissingFileError, LimitError
        """
        checked = str(check_relative_path(relative, where=f"{self.root / DESCRIPTOR_NAME} {what}"))
        size = self._check(checked, what)
        if size > MAX_FILE_BYTES:
            raise LimitError(
                f"{self.root / checked}: {size} bytes, more than the limit of {MAX_FILE_BYTES} for one file."
            )
        with open(self._base + checked, "rb") as handle:
            return handle.read()


class Archive:
    """A zip release archive, checked entry by entry and read in memory.

    The central directory is parsed once, when the archive is opened; the one
    :class:`zipfile.ZipFile` stays open for every read (a directory of 10,000
    entries parsed again per read made reading them all quadratic).
    """

    def __init__(self, path: Path) -> None:
        self.root = Path(path)
        try:
            self._zip = zipfile.ZipFile(self.root)
        except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, EOFError, NotImplementedError, ValueError) as error:
            raise ArchiveError(f"{path}: not a readable zip archive ({error}); download the release again.") from None
        try:
            self._entries = _checked_entries(self._zip.infolist(), self.root)
            self._prefix = _package_prefix(self._entries, self.root)
        except BaseException:
            self._zip.close()
            raise

    def show(self, relative: str) -> str:
        """Return how messages name ``relative``."""
        return f"{self.root}!{self._prefix}{relative}"

    def read(self, relative: object, what: str) -> bytes:
        """Return the bytes of the entry at ``relative``, within its declared size."""
        checked = check_relative_path(relative, where=f"{self.show(DESCRIPTOR_NAME)} {what}")
        info = self._entries.get(self._prefix + str(checked))
        if info is None or info.is_dir():
            raise MissingFileError(
                f"{self.show(str(checked))}: file not found in the archive ({what}); download the release again."
            )
        try:
            with self._zip.open(info) as entry:
                data = entry.read(info.file_size + 1)
        except (zipfile.BadZipFile, zlib.error, EOFError, OSError, NotImplementedError, ValueError) as error:
            raise ArchiveError(
                f"{self.show(str(checked))}: not a readable zip entry ({error}); download the release again."
            ) from None
        if len(data) != info.file_size:
            raise ArchiveError(
                f"{self.show(str(checked))}: holds {len(data)} bytes, not the {info.file_size} its header "
                "declares (possible zip bomb); download the release again."
            )
        return data


def _refuse(archive: Path, info: zipfile.ZipInfo, why: str) -> ArchiveError:
    return ArchiveError(f"{archive}: entry {info.filename[:80]!r} {why}; do not use this archive.")


def _checked_entries(infos: list[zipfile.ZipInfo], archive: Path) -> dict[str, zipfile.ZipInfo]:
    """Check every entry before any is read; return them by name."""
    if len(infos) > MAX_ZIP_ENTRIES:
        raise ArchiveError(f"{archive}: {len(infos)} entries, more than the limit of {MAX_ZIP_ENTRIES}; refusing it.")
    if (total := sum(info.file_size for info in infos)) > MAX_ZIP_BYTES:
        raise ArchiveError(
            f"{archive}: {total} bytes uncompressed, more than the limit of {MAX_ZIP_BYTES} "
            "(possible zip bomb); refusing it."
        )
    entries: dict[str, zipfile.ZipInfo] = {}
    for info in infos:
        name = info.filename.rstrip("/")
        if len(info.filename) > MAX_ZIP_NAME_CHARS:
            raise _refuse(archive, info, f"has a name longer than {MAX_ZIP_NAME_CHARS} characters")
        if stat.S_ISLNK(info.external_attr >> 16):
            raise _refuse(archive, info, "is a symbolic link; release archives hold none")
        if info.flag_bits & 0x1:
            raise _refuse(archive, info, "is encrypted; release archives are not")
        if not name or name == "." or _unsafe(name):
            raise _refuse(archive, info, "would be written outside the package (zip slip)")
        ratio = info.file_size / max(info.compress_size, 1)
        if info.file_size > _RATIO_FLOOR and ratio > MAX_ZIP_RATIO:
            raise _refuse(archive, info, f"expands {ratio:.0f}-fold (limit {MAX_ZIP_RATIO}; possible zip bomb)")
        if name in entries:
            raise _refuse(archive, info, "appears twice (as a file or a folder)")
        entries[name] = info
    for name, info in entries.items():
        for parent in map(str, PurePosixPath(name).parents[:-1]):  # every folder above it, but "."
            if parent in entries and not entries[parent].is_dir():
                raise _refuse(archive, info, f"lies inside {parent!r}, which is a file")
    return entries


def _unsafe(name: str) -> bool:
    try:
        check_relative_path(name, where="zip")
    except UnsafePathError:
        return True
    return any(part in ("", ".") for part in name.split("/"))


def _package_prefix(entries: dict[str, zipfile.ZipInfo], archive: Path) -> str:
    """Find ``datapackage.json`` at the top level or in a single top-level folder."""
    if DESCRIPTOR_NAME in entries:
        return ""
    tops = {name.split("/", 1)[0] for name in entries}
    if len(tops) == 1 and f"{next(iter(tops))}/{DESCRIPTOR_NAME}" in entries:
        return f"{next(iter(tops))}/"
    raise MissingFileError(
        f"{archive}: the archive holds no datapackage.json at its top level or in a single top-level "
        "folder; is this a csto-annotations release?"
    )


def open_files(root: Path) -> Directory | Archive:
    """Return the reader for a package directory or a ``.zip`` archive.

    Example
    -------
    >>> import io, zipfile, tempfile, pathlib
    >>> path = pathlib.Path(tempfile.mkdtemp()) / "r.zip"
    >>> with zipfile.ZipFile(path, "w") as zf:
    ...     zf.writestr("../evil", "x")
    >>> open_files(path)  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    csto_annotations._base._errors.ArchiveError: ...r.zip: entry '../evil' would be written outside ...
    """
    return Archive(root) if Path(root).is_file() else Directory(root)
