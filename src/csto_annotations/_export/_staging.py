"""The output folder of an export: checked first, filled from a staging folder, all or nothing.

A writer never writes into ``--out`` itself. :func:`write_staged` checks the
folder (it must be a folder or not exist yet, and not lie below a file or
through a link loop), lets the writer fill a hidden staging folder beside it,
and only when every file is written moves them into place: a new folder is
renamed into place in one step; into an existing folder each file replaces
its namesake (``os.replace``), after every target has been checked. A writer
that fails leaves ``--out`` as it was, and the staging folder is removed.

Example
-------
>>> import tempfile, pathlib
>>> out = pathlib.Path(tempfile.mkdtemp()) / "new" / "out"
>>> [p.name for p in write_staged(out, lambda stage: [stage / "a.txt"] if (stage / "a.txt").write_text("a") else [])]
['a.txt']
>>> (out / "a.txt").read_text()
'a'
"""

from __future__ import annotations

import os
import shutil
import stat
import tempfile
from collections.abc import Callable
from pathlib import Path

from .._base._errors import DatasetError


def _refuse(out: Path, why: str) -> DatasetError:
    return DatasetError(f"{out}: {why}; choose another --out.")


def check_out_dir(out: Path) -> None:
    """Refuse ``out`` unless it is a folder or can be created as one; nothing is written.

    Raises
    ------
    DatasetError
        When ``out`` is a file or a link to nothing, lies below a file, or cannot be looked up
        (a loop of symbolic links, a name too long, no permission).

    Example
    -------
    >>> import tempfile, pathlib
    >>> file = pathlib.Path(tempfile.mkdtemp()) / "file"
    >>> _ = file.write_text("x")
    >>> check_out_dir(file / "below")  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    csto_annotations._base._errors.DatasetError: .../file/below: lies below a file, not a folder; choose another --out.
    """
    try:
        mode = os.stat(out).st_mode
    except FileNotFoundError:
        if os.path.lexists(out):
            raise _refuse(out, "is a symbolic link to nothing") from None
        # The nearest existing ancestor of a folder yet to be created must be a folder.
        parent = next((p for p in out.parents if os.path.lexists(p)), None)
        if parent is not None and not parent.is_dir():
            raise _refuse(out, f"lies below {parent}, which is not a folder") from None
        return
    except NotADirectoryError:
        raise _refuse(out, "lies below a file, not a folder") from None
    except OSError as error:
        raise _refuse(out, f"cannot be used as the output folder ({error.strerror or error})") from None
    if not stat.S_ISDIR(mode):
        raise _refuse(out, "exists and is not a directory")


def _commit(stage: Path, written: list[Path], out: Path) -> list[Path]:
    """Move the staged files into ``out``: the whole folder when ``out`` is new, else file by file.

    Into an existing folder, every file's place is checked (it must take a file) before any file moves.
    """
    if not os.path.lexists(out):
        umask = os.umask(0)
        os.umask(umask)
        os.chmod(stage, 0o777 & ~umask)  # mkdtemp made it private; the export is an ordinary folder
        os.rename(stage, out)
        return [out / p.relative_to(stage) for p in written]
    moves = [(path, out / path.relative_to(stage)) for path in written]
    for _, target in moves:
        for folder in list(target.relative_to(out).parents)[:-1]:  # the folders between out and the file
            if os.path.lexists(out / folder) and not (out / folder).is_dir():
                raise _refuse(out, f"{out / folder} is a file where the export needs a folder")
        if target.is_dir() and not target.is_symlink():
            raise _refuse(out, f"{target} is a folder where the export writes a file")
    for source, target in moves:
        target.parent.mkdir(parents=True, exist_ok=True)
        os.replace(source, target)
    return [target for _, target in moves]


def write_staged(out: Path, write: Callable[[Path], list[Path]]) -> list[Path]:
    """Run ``write(stage)`` into a staging folder, then move what it wrote into ``out``.

    Parameters
    ----------
    out : pathlib.Path
        The output folder (created with its parents when missing).
    write : callable
        Writes the files into the folder it is given and returns their paths.

    Returns
    -------
    list of pathlib.Path
        The files, at their places in ``out``.

    Raises
    ------
    DatasetError
        When ``out`` cannot be used or written (nothing is left behind), or whatever ``write`` raises.
    """
    out = Path(out)
    check_out_dir(out)
    created: list[Path] = []
    stage = None
    try:
        for folder in [p for p in [out.parent, *out.parent.parents] if not os.path.lexists(p)][::-1]:
            folder.mkdir()
            created.append(folder)
        stage = Path(tempfile.mkdtemp(prefix=f".{out.name}.", suffix=".staging", dir=out.parent))
        return _commit(stage, write(stage), out)
    except OSError as error:
        raise _refuse(out, f"cannot write the export ({error.strerror or error})") from None
    finally:
        if stage is not None and os.path.lexists(stage):
            shutil.rmtree(stage, ignore_errors=True)
        for folder in reversed(created):  # removed only when empty: a finished export's parents are not
            try:
                folder.rmdir()
            except OSError:
                break
