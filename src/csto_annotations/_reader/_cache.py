"""The download cache: folders opened without following links, several files committed as a unit.

Everything the package writes into the cache goes through a :class:`Folder`,
an open directory whose files and subfolders are created, renamed and
removed relative to it (``dir_fd``), each opened with ``O_NOFOLLOW``: a
symbolic link planted anywhere below the cache root is refused before
anything is written, never written through. The cache root itself may be a
link; it is the user's choice (``$CSTO_ANNOTATIONS_CACHE``).

A load that downloads several files writes them into a private staging
folder (:meth:`Folder.stage`, ``.<name>.<random>.part``) and renames it into
place (:meth:`Folder.commit`) only when every file has arrived and matched
its hash; on any failure the staging folder is removed, so nothing of a
refused load stays in the cache.

Example
-------
>>> import tempfile, pathlib
>>> with Folder.root(pathlib.Path(tempfile.mkdtemp())) as cache, cache.child("urls") as urls:
...     urls.kind("x") is None, cache.kind("urls")
(True, 'dir')
"""

from __future__ import annotations

import contextlib
import errno
import hashlib
import io
import os
import secrets
import shutil
import stat
from collections.abc import Iterable
from pathlib import Path

from .._base._errors import SourceError, UnsafePathError

_DIRECTORY = os.O_RDONLY | getattr(os, "O_DIRECTORY", 0) | getattr(os, "O_CLOEXEC", 0)
_NOFOLLOW = getattr(os, "O_NOFOLLOW", 0)
_NEW_FILE = os.O_WRONLY | os.O_CREAT | os.O_EXCL | _NOFOLLOW | getattr(os, "O_CLOEXEC", 0)
# A temporary name keeps this many bytes of the final name, so it stays within NAME_MAX (255).
_STEM_BYTES = 200


class Folder(contextlib.AbstractContextManager["Folder", None]):
    """An open folder of the cache; every name below it is opened without following links."""

    def __init__(self, fd: int, path: Path) -> None:
        self.fd = fd
        self.path = path

    @classmethod
    def root(cls, path: Path) -> Folder:
        """Open (and create) the cache root, whose own path may hold links.

        Raises
        ------
        SourceError
            On a platform that cannot open a file relative to a folder without following links.
        """
        if not _NOFOLLOW or not {os.open, os.mkdir, os.rename, os.rmdir, os.stat, os.unlink} <= os.supports_dir_fd:
            raise SourceError(
                "downloads need a platform that opens files without following symbolic links (O_NOFOLLOW and "
                "dir_fd, as on Linux and macOS); download the files yourself and pass their path as source."
            )
        path.mkdir(parents=True, exist_ok=True)
        return cls(os.open(path, _DIRECTORY), path)

    def __exit__(self, *exc_info: object) -> None:
        """Close the folder's descriptor (once)."""
        if self.fd >= 0:
            os.close(self.fd)
            self.fd = -1

    def refuse(self, name: str) -> UnsafePathError:
        """The error for a link, or anything but a folder or a file, where the cache expects one."""
        return UnsafePathError(
            f"{self.path / name}: a symbolic link, or not what the download cache put there; the cache holds no "
            "links, and nothing was written through it. Delete it and load again."
        )

    def kind(self, name: str) -> str | None:
        """``"file"``, ``"dir"``, ``"other"`` (a link, a device, …) or None when ``name`` is absent."""
        try:
            mode = os.stat(name, dir_fd=self.fd, follow_symlinks=False).st_mode
        except FileNotFoundError:
            return None
        return "file" if stat.S_ISREG(mode) else "dir" if stat.S_ISDIR(mode) else "other"

    def child(self, name: str, *, create: bool = True) -> Folder:
        """Open the subfolder ``name``, creating it if asked; a link there is refused."""
        if create:
            with contextlib.suppress(FileExistsError):
                os.mkdir(name, 0o700, dir_fd=self.fd)
        try:
            return Folder(os.open(name, _DIRECTORY | _NOFOLLOW, dir_fd=self.fd), self.path / name)
        except OSError as error:
            if error.errno == errno.ENOENT and not create:
                raise
            raise self.refuse(name) from None

    def descend(self, parts: Iterable[str], *, create: bool = True) -> Folder:
        """Open the folder at ``parts`` below this one, one component at a time (a new Folder)."""
        current = Folder(os.dup(self.fd), self.path)
        for part in parts:
            with current:  # the parent is closed once its child is open, or on failure
                current = current.child(part, create=create)
        return current

    def temporary_name(self, name: str) -> str:
        """A fresh hidden name beside ``name``: ``.<name>.<random>.part``."""
        stem = name.encode("utf-8")[:_STEM_BYTES].decode("utf-8", "ignore")
        return f".{stem}.{secrets.token_hex(6)}.part"

    def create(self, name: str) -> int:
        """Create the new file ``name`` (never an existing file or link) and return it open for writing."""
        return os.open(name, _NEW_FILE, 0o600, dir_fd=self.fd)

    def replace(self, source: str, target: str) -> None:
        """Rename ``source`` onto ``target`` atomically (a link at ``target`` is replaced, not followed)."""
        os.replace(source, target, src_dir_fd=self.fd, dst_dir_fd=self.fd)

    def open(self, name: str) -> io.BufferedReader:
        """Open the regular file ``name`` for reading, without following a link."""
        try:
            fd = os.open(name, os.O_RDONLY | _NOFOLLOW | getattr(os, "O_CLOEXEC", 0), dir_fd=self.fd)
        except OSError:
            raise self.refuse(name) from None
        try:
            return os.fdopen(fd, "rb")
        except OSError:  # a folder opens, but is no file: close it here, as nothing else will
            os.close(fd)
            raise self.refuse(name) from None

    def sha256(self, name: str) -> str:
        """``sha256:<hex>`` of the regular file ``name``, opened without following a link."""
        with self.open(name) as handle:
            return "sha256:" + hashlib.file_digest(handle, "sha256").hexdigest()

    def remove(self, name: str) -> None:
        """Remove the file, link or whole folder ``name``, following no link; absent is fine."""
        kind = self.kind(name)
        if kind == "dir":  # rmtree with dir_fd walks by descriptors and follows no link
            shutil.rmtree(name, dir_fd=self.fd)
        elif kind is not None:
            os.unlink(name, dir_fd=self.fd)

    def stage(self, name: str) -> tuple[str, Folder]:
        """Create a private staging folder for what will become ``name``; return its name and the open folder."""
        staged = self.temporary_name(name)
        os.mkdir(staged, 0o700, dir_fd=self.fd)
        return staged, self.child(staged, create=False)

    def commit(self, staged: str, name: str) -> bool:
        """Rename the staging folder onto ``name``; False (and the stage removed) if another process was first."""
        try:
            os.rename(staged, name, src_dir_fd=self.fd, dst_dir_fd=self.fd)
        except OSError as error:
            self.remove(staged)
            if error.errno in (errno.EEXIST, errno.ENOTEMPTY) and self.kind(name) == "dir":
                return False
            raise self.refuse(name) from None
        return True
