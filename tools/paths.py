"""Resolve a path named in a descriptor inside a package root, for the maintainer tools.

The wheel never resolves a descriptor path this way: its reader opens every
file relative to the package root without following links out
(:mod:`csto_annotations._reader._files`). The release, scale and metadata
tools, which write into a package they build, use this instead.
"""

from __future__ import annotations

from pathlib import Path

from csto_annotations._base._errors import UnsafePathError
from csto_annotations._base._paths import check_relative_path


def resolve_inside(root: Path, path: object, *, where: str) -> Path:
    """Resolve a descriptor path against ``root`` and keep it inside ``root``.

    Symbolic links are followed; a link whose target lies outside ``root``
    is rejected. The file need not exist.

    Parameters
    ----------
    root : pathlib.Path
        The package directory (the one holding ``datapackage.json``).
    path : object
        The relative path from the descriptor.
    where : str
        Where the value came from, for the error message.

    Returns
    -------
    pathlib.Path
        The absolute, resolved path.

    Raises
    ------
    UnsafePathError
        When the path is unsafe or resolves outside ``root``.

    Example
    -------
    >>> from csto_annotations._base._paths import bundled_root
    >>> root = bundled_root()
    >>> resolve_inside(root, "schemas/claims.schema.json", where="test").name
    'claims.schema.json'
    """
    relative = check_relative_path(path, where=where)
    base = Path(root).resolve()
    resolved = (base / relative).resolve()
    if not resolved.is_relative_to(base):
        raise UnsafePathError(
            f"{where}: path {path!r} resolves to {resolved}, outside the package "
            f"directory {base} (a symbolic link points out); remove the link or "
            "use a trusted copy of the dataset."
        )
    return resolved
