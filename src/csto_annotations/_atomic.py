"""Atomic file writes: a temporary file in the same directory, then ``os.replace``.

A reader never sees a half-written file, and a crash leaves either the old or
the new content. Every writer in the package goes through these functions.
:func:`atomic_write_all` writes several files all or nothing: a failure at
any step leaves every one of them as it was.

Example
-------
>>> import tempfile, pathlib
>>> target = pathlib.Path(tempfile.mkdtemp()) / "hello.txt"
>>> atomic_write_text(target, "hello\\n")
>>> target.read_text()
'hello\\n'
"""

from __future__ import annotations

import contextlib
import os
import tempfile
from collections.abc import Mapping
from pathlib import Path


class UndoFailed(OSError):
    """A write of several files failed, and so did renaming a replaced file back; its copy is left beside it."""


def _fsync_dir(directory: Path) -> None:
    """Flush a directory entry to disk where the platform allows it."""
    with contextlib.suppress(OSError):
        fd = os.open(directory, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)


def atomic_write_bytes(path: str | os.PathLike[str], data: bytes) -> None:
    """Write ``data`` to ``path`` atomically, keeping the file's permissions.

    Parameters
    ----------
    path : str or PathLike
        The file to create or replace. Its directory must exist.
    data : bytes
        The complete new content.

    Example
    -------
    >>> import tempfile, pathlib
    >>> target = pathlib.Path(tempfile.mkdtemp()) / "a.bin"
    >>> atomic_write_bytes(target, b"\\x00\\x01")
    >>> target.read_bytes()
    b'\\x00\\x01'
    """
    path = Path(path)
    tmp_name = stage(path, data)
    try:
        os.replace(tmp_name, path)
    except BaseException:
        Path(tmp_name).unlink(missing_ok=True)
        raise
    _fsync_dir(path.parent)


def stage(path: Path, data: bytes, suffix: str = ".tmp") -> str:
    """Write ``data`` to a new hidden file beside ``path``, flushed to disk, with ``path``'s permissions.

    Returns the new file's name; on any failure it is removed.

    Example
    -------
    >>> import tempfile, pathlib
    >>> target = pathlib.Path(tempfile.mkdtemp()) / "a.csv"
    >>> pathlib.Path(stage(target, b"x")).name.startswith(".a.csv.")
    True
    """
    try:
        mode = path.stat().st_mode & 0o7777
    except FileNotFoundError:  # a new file gets what the umask allows
        umask = os.umask(0)
        os.umask(umask)
        mode = 0o666 & ~umask
    fd, tmp_name = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=suffix)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.chmod(tmp_name, mode)
    except BaseException:
        Path(tmp_name).unlink(missing_ok=True)
        raise
    return tmp_name


def atomic_write_all(contents: Mapping[Path, bytes]) -> None:
    """Write several files all or nothing, renaming them into place in the order given.

    Every new content, and a copy of every file it replaces, is first staged
    beside its target (:func:`stage`); only then is each staged file renamed
    over its target. If a rename fails, the files already renamed get their
    copies back, so a failure at any step leaves every target as it was. (A
    process killed between two renames cannot undo them: the copies are left
    beside the targets as ``.<name>.*.old``, and the new contents as
    ``.<name>.*.tmp``.)

    Parameters
    ----------
    contents : mapping
        Path → complete new content. Directories must exist.

    Raises
    ------
    OSError
        From the step that failed, after every target was restored.
    UndoFailed
        When restoring failed too; it names each target left with its new
        content and the copy of its old one.

    Example
    -------
    >>> import tempfile, pathlib
    >>> folder = pathlib.Path(tempfile.mkdtemp())
    >>> (folder / "a").write_bytes(b"old")
    3
    >>> atomic_write_all({folder / "a": b"new", folder / "b": b"also new"})
    >>> sorted((p.name, p.read_bytes()) for p in folder.iterdir())
    [('a', b'new'), ('b', b'also new')]
    """
    staged: dict[Path, str] = {}  # new contents not yet renamed into place
    kept: dict[Path, str | None] = {}  # copies of the old files (None: there was no file)
    swapped: list[Path] = []  # targets renamed that still need their copy, should a later step fail
    try:
        for path, data in contents.items():
            kept[path] = stage(path, path.read_bytes(), ".old") if path.exists() else None
            staged[path] = stage(path, data)
        try:
            for path in contents:
                os.replace(staged[path], path)
                del staged[path]
                swapped.append(path)
        except BaseException:
            try:
                while swapped:  # undo, last first
                    old = kept[swapped[-1]]
                    if old is None:
                        swapped[-1].unlink()
                    else:
                        os.replace(old, swapped[-1])
                    kept[swapped.pop()] = None
            except OSError as error:  # the copies of what is still swapped are kept (see finally)
                left = ", ".join(f"{path} (its old content is in {kept[path]})" for path in swapped)
                raise UndoFailed(f"could not put back {left}: {error}") from error
            raise
        swapped.clear()  # every file in place: no copy is needed any more
    finally:
        for name in [*staged.values(), *(kept[path] for path in kept if path not in swapped)]:
            if name is not None:
                Path(name).unlink(missing_ok=True)
    for directory in {path.parent for path in contents}:
        _fsync_dir(directory)


def atomic_write_text(path: str | os.PathLike[str], text: str, encoding: str = "utf-8") -> None:
    """Write ``text`` to ``path`` atomically, encoded as ``encoding``.

    No newline translation happens: ``"\\n"`` is written as a single LF.

    Parameters
    ----------
    path : str or PathLike
        The file to create or replace.
    text : str
        The complete new content.
    encoding : str, default "utf-8"
        The text encoding.

    Example
    -------
    >>> import tempfile, pathlib
    >>> target = pathlib.Path(tempfile.mkdtemp()) / "a.txt"
    >>> atomic_write_text(target, "é\\n")
    >>> target.read_bytes()
    b'\\xc3\\xa9\\n'
    """
    atomic_write_bytes(path, text.encode(encoding))
