"""Exceptions raised by :mod:`csto_annotations`.

Every failure the package can foresee raises a subclass of
:class:`DatasetError`, which is itself a :class:`ValueError`, so callers can
catch one type. Each message names the file (or URL) concerned and says what
to do next.

Example
-------
>>> from csto_annotations import DatasetError, IntegrityError
>>> issubclass(IntegrityError, DatasetError) and issubclass(DatasetError, ValueError)
True
"""

from __future__ import annotations

from typing import Any

#: The public errors, listed once: ``csto_annotations`` exports exactly these (with ``from ._errors import *``).
__all__ = [
    "AnchorError", "ArchiveError", "DatasetError", "DescriptorError", "DownloadError", "IntegrityError", "LimitError",
    "MissingFileError", "OptionalDependencyError", "SourceError", "UnknownRecordError", "UnknownVersionError",
    "UnsafePathError", "ValidationFailed",
]  # fmt: skip


class DatasetError(ValueError):
    """Base class of every error raised by :mod:`csto_annotations`.

    ``resource`` names the package resource concerned, when there is one: the
    reader sets it on any error raised while it reads that resource.

    Example
    -------
    >>> try:
    ...     raise MissingFileError("data/x.csv is missing")
    ... except DatasetError as error:
    ...     print(error)
    data/x.csv is missing
    """

    resource: str | None = None


class MissingFileError(DatasetError, FileNotFoundError):
    """A file the package or the caller refers to does not exist.

    Example
    -------
    >>> isinstance(MissingFileError("x"), FileNotFoundError)
    True
    """


class IntegrityError(DatasetError):
    """A file's size or sha256 differs from the one the descriptor records.

    Parameters
    ----------
    message : str
        The full message; it names the resource, the file and both hashes.
    resource : str, optional
        Name of the resource whose file failed the check.
    expected, actual : str, optional
        The recorded and the measured value (``sha256:<hex>`` or a byte count).

    Example
    -------
    >>> error = IntegrityError("bad", resource="claims", expected="a", actual="b")
    >>> error.resource, error.expected, error.actual
    ('claims', 'a', 'b')
    """

    def __init__(
        self,
        message: str,
        *,
        resource: str | None = None,
        expected: str | None = None,
        actual: str | None = None,
    ) -> None:
        super().__init__(message)
        self.resource = resource
        self.expected = expected
        self.actual = actual


class UnknownVersionError(DatasetError):
    """The release registry does not list the requested version.

    Example
    -------
    >>> str(UnknownVersionError("9.9.9 is not in releases.json"))
    '9.9.9 is not in releases.json'
    """


class DownloadError(DatasetError):
    """A download failed: no network, an HTTP error, or no URL is known.

    Example
    -------
    >>> isinstance(DownloadError("x"), DatasetError)
    True
    """


class DescriptorError(DatasetError):
    """``datapackage.json`` or a Table Schema is malformed.

    Example
    -------
    >>> isinstance(DescriptorError("x"), ValueError)
    True
    """


class UnsafePathError(DatasetError):
    """A path in the descriptor escapes the package directory.

    Absolute paths, ``..`` segments, URLs given as paths and symbolic links
    that point outside the package all raise this error.

    Example
    -------
    >>> isinstance(UnsafePathError("x"), DatasetError)
    True
    """


class ArchiveError(DatasetError):
    """A zip archive is unsafe (zip slip, symbolic link, zip bomb) or unreadable.

    Example
    -------
    >>> isinstance(ArchiveError("x"), DatasetError)
    True
    """


class SourceError(DatasetError):
    """The ``source`` argument cannot be interpreted (unsupported scheme or kind).

    Example
    -------
    >>> isinstance(SourceError("x"), DatasetError)
    True
    """


class AnchorError(DatasetError):
    """The build step cannot find an ``exact`` text in its document.

    Example
    -------
    >>> isinstance(AnchorError("x"), DatasetError)
    True
    """


class ValidationFailed(DatasetError):
    """A table's content cannot be parsed with the dtypes its schema declares.

    Parameters
    ----------
    message : str
        The full message.
    problems : list, optional
        :class:`~csto_annotations.Problem` objects, when known.

    Example
    -------
    >>> ValidationFailed("claims.csv: bad", problems=[]).problems
    []
    """

    def __init__(self, message: str, *, problems: list[Any] | None = None) -> None:
        super().__init__(message)
        self.problems = list(problems or [])


class LimitError(DatasetError):
    """An input exceeds one of the documented limits (``docs/security.md``).

    Example
    -------
    >>> isinstance(LimitError("x"), DatasetError)
    True
    """


class OptionalDependencyError(DatasetError, ImportError):
    """A call needs an optional extra that is not installed.

    The message names the extra and the command that installs it from a
    checkout, for example ``pip install -e ".[duckdb]"``.

    Example
    -------
    >>> isinstance(OptionalDependencyError("x"), ImportError)
    True
    """


class UnknownRecordError(DatasetError, KeyError):
    """No record has the requested ID (``cite_claim``, ``cite_quote``, ``text``).

    Example
    -------
    >>> str(UnknownRecordError("no claim 'CL-9999'"))
    "no claim 'CL-9999'"
    """

    def __str__(self) -> str:
        return str(self.args[0]) if self.args else ""
