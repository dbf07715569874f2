"""Locate the bundled data package and check that a descriptor path stays inside its package.

The wheel ships ``datapackage.json``, ``data/`` and ``schemas/`` inside the
package as ``csto_annotations/_package/``. An editable install has no such
directory; the repository root (four levels above this file) is used instead.

Example
-------
>>> from csto_annotations._base._paths import bundled_root
>>> (bundled_root() / "datapackage.json").is_file()
True
"""

from __future__ import annotations

import re
from importlib import resources
from pathlib import Path, PurePosixPath

from ._errors import MissingFileError, UnsafePathError

DESCRIPTOR_NAME = "datapackage.json"
_SCHEME = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*:")


def bundled_root() -> Path:
    """Return the directory holding the bundled ``datapackage.json``.

    Returns
    -------
    pathlib.Path
        ``csto_annotations/_package`` in a wheel install, else the repository
        root of an editable install (four levels above this file).

    Raises
    ------
    MissingFileError
        When neither location holds a descriptor.

    Example
    -------
    >>> bundled_root().name != ""
    True
    """
    for root in (Path(str(resources.files("csto_annotations") / "_package")), Path(__file__).resolve().parents[3]):
        if (root / DESCRIPTOR_NAME).is_file():
            return root
    raise MissingFileError(
        "the installed csto_annotations has no bundled datapackage.json "
        "(looked in csto_annotations/_package/ and the repository root); "
        "reinstall the package or pass a source to load()"
    )


def check_relative_path(path: object, *, where: str) -> PurePosixPath:
    """Check that ``path`` is a relative, POSIX-style path without ``..``.

    Parameters
    ----------
    path : object
        The value read from the descriptor.
    where : str
        Where the value came from, for the error message
        (``"datapackage.json resource 'claims'"``).

    Returns
    -------
    pathlib.PurePosixPath
        The checked path.

    Raises
    ------
    UnsafePathError
        For non-strings, empty strings, URLs, absolute paths, backslashes
        and ``..`` segments.

    Example
    -------
    >>> check_relative_path("data/claims.csv", where="test")
    PurePosixPath('data/claims.csv')
    """
    # String tests only: this runs for every file.
    if not isinstance(path, str) or not path:
        reason = "not a non-empty string"
    elif "\\" in path or "\x00" in path:
        reason = "contains a backslash or NUL"
    elif _SCHEME.match(path):
        reason = "a URL or drive letter, not a relative path"
    elif path.startswith("/"):
        reason = "absolute"
    elif ".." in path.split("/"):
        reason = "contains '..'"
    else:
        return PurePosixPath(path)
    raise UnsafePathError(
        f"{where}: unsafe path {path!r} ({reason}); paths must be relative "
        "and stay inside the package directory. Fix the descriptor or use "
        "a trusted copy of the dataset."
    )
