"""Turn ``load()``'s ``source``/``version``/``known_hash`` into a local package root.

============================  ==========================================  =======
source                        root                                        pinned
============================  ==========================================  =======
``None``                      the bundled copy                            yes
``version="1.0.0"``           the release zip, downloaded into the cache  yes
a directory / its descriptor  that directory                              no
a ``.zip`` file               the archive itself (read in memory)         no
an ``http(s)`` ``.zip`` URL   the archive, downloaded into the cache      no
an ``http(s)`` descriptor URL its files, downloaded beside it in the cache  no
============================  ==========================================  =======

"Pinned" means validated when it was released, with a hash that this package
publishes (the bundled copy, and the release registry ``releases.json``); only
pinned sources default to ``verify="hashes"``. A ``known_hash`` pins the
archive, or the ``datapackage.json``, of any other source, and it is checked
on every load: nothing found in the cache is trusted for having been there.

The only requests go to the URL the caller passed, to files named by a
downloaded descriptor *below that URL's folder* (checked like any package
path), or, for ``version=``, to the registry's release URL.

All the downloads of one call share one :class:`~._download.Budget` of
bytes and time. They go into the download cache through :mod:`._cache`
(no link below the cache root is followed); a descriptor URL's files are
staged and committed as one folder, and :func:`discard` removes what a
refused load downloaded, so nothing of it stays in the cache.

Example
-------
>>> resolve_source(None).pinned
True
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import Any

from .._base._errors import (
    DatasetError,
    DownloadError,
    IntegrityError,
    MissingFileError,
    SourceError,
    UnsafePathError,
)
from .._base._limits import MAX_PATH_COMPONENT_BYTES
from .._base._paths import DESCRIPTOR_NAME, bundled_root, check_relative_path
from .._base._text import printable
from ._cache import Folder
from ._download import Budget, download, parse_known_hash, redact  # no http.client or ssl until a download
from ._json import parse_json
from ._profile import check_descriptor
from ._releases import release

ENV_CACHE = "CSTO_ANNOTATIONS_CACHE"
ENV_RELEASE_URL = "CSTO_ANNOTATIONS_RELEASE_URL"
_SCHEME = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*://")


@dataclass(frozen=True)
class Resolved:
    """Where a package lives, and whether a published hash pins it."""

    root: Path
    pinned: bool
    version: str | None = None
    #: What this call added to the cache: (folder, name) below the cache root, for :func:`discard`.
    fresh: tuple[str, str] | None = None


def cache_dir() -> Path:
    """Return the download cache (``$CSTO_ANNOTATIONS_CACHE`` or the user cache directory).

    Example
    -------
    >>> cache_dir().name != ""
    True
    """
    override = os.environ.get(ENV_CACHE)
    if override:
        return Path(override)
    import platformdirs

    return Path(platformdirs.user_cache_dir("csto-annotations"))


def _check_pin(actual: str, known_hash: str, label: str) -> None:
    if actual != known_hash:
        raise IntegrityError(
            f"{label}: expected {known_hash}, found {actual}; this is not the pinned file. Do not use it; "
            "check the source, or delete the cached copy to download it again.",
            resource=label,
            expected=known_hash,
            actual=actual,
        )


#: Downloads ``url`` as ``name`` into the open cache ``folder``, pinned to ``known_hash`` if it is given.
_Fetch = Callable[[str, Folder, str, str | None], object]


def _fetcher(limits: dict[str, Any]) -> _Fetch:
    """The downloads of one call: one budget of bytes and time (``max_bytes``, ``deadline``), and where
    redirects may go (``allow_redirects_to``)."""
    allow = limits.pop("allow_redirects_to", ())
    budget = Budget(**limits)

    def fetch(url: str, folder: Folder, name: str, known_hash: str | None) -> None:
        download(url, folder.path / name, known_hash=known_hash, allow_redirects_to=allow, budget=budget, folder=folder)

    return fetch


def _cached(folder: Folder, name: str, known_hash: str | None, label: str) -> bool:
    """Whether ``name`` is in the cache ``folder``; a cached copy is re-hashed on every load, never downloaded over."""
    kind = folder.kind(name)
    if kind is None:
        return False
    if kind != "file":
        raise folder.refuse(name)
    if known_hash is not None:
        _check_pin(folder.sha256(name), known_hash, label)
    return True


def _download_release(version: str, limits: dict[str, Any]) -> Resolved:
    """Download a registered release from the first of its URLs that serves the pinned archive.

    The URLs are tried in order under the hash pin: ``$CSTO_ANNOTATIONS_RELEASE_URL``
    joined with the file name (a mirror), then the entry's public ``urls``.

    Raises
    ------
    UnknownVersionError
        The registry does not list ``version``.
    DownloadError
        The release has no public URL yet and no mirror is set, or none of its URLs served it.
    """
    entry = release(version)
    name, sha = str(entry["file"]), "sha256:" + str(entry["sha256"])
    mirror = os.environ.get(ENV_RELEASE_URL)
    urls = ([mirror.rstrip("/") + "/" + name] if mirror else []) + [str(url) for url in entry["urls"]]
    if not urls:
        raise DownloadError(
            f"releases.json: release {version!r} has no public URL yet; set {ENV_RELEASE_URL} to a folder "
            "(http or https) that serves the release archives, or pass the archive's path as source "
            "(docs/publishing.md says where releases are published)."
        )
    fetch = _fetcher(limits)
    with Folder.root(cache_dir()) as cache, cache.child("releases") as folder:
        if _cached(folder, name, sha, str(folder.path / name)):
            return Resolved(folder.path / name, True, version)
        failures: list[DatasetError] = []
        for url in urls:
            try:
                fetch(url, folder, name, sha)
                return Resolved(folder.path / name, True, version, ("releases", name))
            except DatasetError as error:  # a refused, failed, oversized or mismatched download: try the next
                failures.append(error)
    if len(failures) == 1:
        raise failures[0]
    tried = "\n  ".join(str(error) for error in failures)
    raise DownloadError(f"release {version}: none of its {len(urls)} URLs served the pinned archive:\n  {tried}")


def _url_key(url: str) -> str:
    return hashlib.sha256(url.encode("utf-8")).hexdigest()[:24]


def _check_components(path: PurePosixPath, where: str) -> None:
    """Refuse a file or folder name a file system cannot hold: too long, or not encodable."""
    if not path.parts:
        raise UnsafePathError(f"{where}: the path {str(path)!r} names no file; fix the descriptor.")
    for part in path.parts:
        try:
            size = len(os.fsencode(part))
        except UnicodeError:
            raise UnsafePathError(f"{where}: the path {str(path)!r} holds a name that is not valid text "
                                  "(a lone surrogate); fix the descriptor.") from None  # fmt: skip
        if size > MAX_PATH_COMPONENT_BYTES:
            raise UnsafePathError(
                f"{where}: the path {str(path)[:80]!r}… holds a name of {size} bytes, more than the "
                f"{MAX_PATH_COMPONENT_BYTES} a file system allows for one file or folder name; nothing was "
                "kept. Shorten the name in the descriptor."
            )


def _named_files(descriptor: dict[str, Any], shown: str) -> dict[PurePosixPath, str | None]:
    """Every file a downloaded descriptor names (path → recorded sha256), all checked before any is written."""
    files: dict[PurePosixPath, str | None] = {}
    for resource in descriptor["resources"]:
        named = [(resource["path"], resource.get("hash"))]
        if resource["type"] == "table":
            named.append((resource["schema"], resource.get("schemaHash")))
        for relative, recorded in named:
            where = f"{shown} resource {resource['name']!r}"
            checked = check_relative_path(relative, where=where)
            _check_components(checked, where)
            files.setdefault(checked, recorded)
    own = PurePosixPath(DESCRIPTOR_NAME)
    if own in files:
        raise UnsafePathError(f"{shown}: a resource names the path {DESCRIPTOR_NAME!r}, the descriptor's own "
                              "place; nothing was kept. Rename that file in the descriptor.")  # fmt: skip
    # A name cannot be a file and a folder at once (``a.csv`` and ``a.csv/b.csv``).
    below = {parent: path for path in files for parent in path.parents}
    for path in (own, *files):
        if path in below:
            raise UnsafePathError(
                f"{shown}: the path {str(below[path])!r} lies below {str(path)!r}, which is a file of the "
                "package; a name cannot be a file and a folder at once. Nothing was kept; fix the paths "
                "in the descriptor."
            )
    return files


def _download_package(url: str, stage: Folder, known_hash: str | None, fetch: _Fetch) -> None:
    """Download a descriptor into ``stage``, then each file it names below the descriptor's folder."""
    fetch(url, stage, DESCRIPTOR_NAME, known_hash)
    with stage.open(DESCRIPTOR_NAME) as handle:
        descriptor = parse_json(handle.read(), redact(url))
    check_descriptor(descriptor, redact(url))
    base = url.split("?", 1)[0].rsplit("/", 1)[0] + "/"
    for relative, recorded in _named_files(descriptor, redact(url)).items():
        with stage.descend(relative.parts[:-1]) as folder:
            fetch(base + str(relative), folder, relative.name, recorded)


def _from_descriptor_url(url: str, known_hash: str | None, fetch: _Fetch) -> Resolved:
    """The cached folder of a descriptor URL, or a new one, staged and committed as a unit."""
    key = _url_key(url)
    with Folder.root(cache_dir()) as cache, cache.child("urls") as urls:
        kind = urls.kind(key)
        if kind == "dir":  # committed whole, with its descriptor
            with urls.child(key, create=False) as root:
                if _cached(root, DESCRIPTOR_NAME, known_hash, redact(url)):
                    return Resolved(urls.path / key, False)
            urls.remove(key)  # no descriptor: a folder an older version left half-filled
        elif kind is not None:
            raise urls.refuse(key)
        staged, stage = urls.stage(key)
        try:
            with stage:
                _download_package(url, stage, known_hash, fetch)
        except BaseException:
            urls.remove(staged)
            raise
        mine = urls.commit(staged, key)
        return Resolved(urls.path / key, False, None, ("urls", key) if mine else None)


def _from_url(url: str, known_hash: str | None, limits: dict[str, Any]) -> Resolved:
    if not url.lower().startswith(("http://", "https://")):
        raise SourceError(
            f"{redact(url)}: only http:// and https:// URLs are supported; download the file and pass its path."
        )
    fetch = _fetcher(limits)
    path_part = url.split("#", 1)[0].split("?", 1)[0]
    if not path_part.lower().endswith(".zip"):
        if not path_part.lower().endswith(".json"):  # a folder: its descriptor, before any query
            url = path_part.rstrip("/") + "/" + DESCRIPTOR_NAME + url.split("#", 1)[0][len(path_part) :]
        return _from_descriptor_url(url, known_hash, fetch)
    name = f"{_url_key(url)}.zip"
    with Folder.root(cache_dir()) as cache, cache.child("downloads") as folder:
        if _cached(folder, name, known_hash, redact(url)):
            return Resolved(folder.path / name, False)
        fetch(url, folder, name, known_hash)
        return Resolved(folder.path / name, False, None, ("downloads", name))


def discard(resolved: Resolved) -> None:
    """Remove from the cache what the call that made ``resolved`` downloaded, after a refusal.

    A package refused after its download (by the reader or the engine) must
    not stay in the cache, where the next load would find it; a copy that
    was already there is left alone.

    Example
    -------
    >>> discard(resolve_source(None))  # nothing was downloaded: nothing to remove
    """
    if resolved.fresh is None:
        return
    folder_name, name = resolved.fresh
    # Best effort: the refusal being raised matters more than a leftover the next load replaces.
    with (
        contextlib.suppress(OSError, DatasetError),
        Folder.root(cache_dir()) as cache,
        cache.child(folder_name, create=False) as folder,
    ):
        folder.remove(name)


def _from_path(source: str | os.PathLike[str], known_hash: str | None) -> Path:
    try:
        return _root_of(Path(source).expanduser(), known_hash)
    except DatasetError:
        raise
    # Path's checks hide only "not found": a name or path too long for the file system, a folder that may not be
    # read, or "~name" of no user (expanduser) is raised; so is a pinned descriptor that is not there.
    except (OSError, RuntimeError) as error:
        why = error.strerror if isinstance(error, OSError) and error.strerror else str(error)
        raise SourceError(f"{source}: not a usable path ({why}); check the path passed as source.") from None


def _root_of(path: Path, known_hash: str | None) -> Path:
    if not path.exists():
        raise MissingFileError(f"{path}: no such file or directory; check the path passed as source.")
    if path.is_dir():
        if not (path / DESCRIPTOR_NAME).is_file() and (path.parent / DESCRIPTOR_NAME).is_file():
            raise SourceError(f"{path}: no {DESCRIPTOR_NAME} here; this is a folder inside a package, whose "
                              f"root is one folder up: pass {path.parent} as source.")  # fmt: skip
        pinned, root = path / DESCRIPTOR_NAME, path
    elif path.suffix.lower() == ".zip" or path.name == DESCRIPTOR_NAME:
        pinned, root = path, path if path.suffix.lower() == ".zip" else path.parent
    else:
        raise SourceError(f"{path}: not a dataset source; pass a directory, its datapackage.json, a .zip or a URL.")
    if known_hash is not None:  # compared on every load
        with open(pinned, "rb") as handle:
            _check_pin("sha256:" + hashlib.file_digest(handle, "sha256").hexdigest(), known_hash, str(pinned))
    return root


def resolve_source(
    source: str | os.PathLike[str] | None = None,
    *,
    version: str | None = None,
    known_hash: object = None,
    **limits: Any,
) -> Resolved:
    """Return where the requested package lives, downloading it if needed.

    Parameters
    ----------
    source : str, PathLike or None
        ``None`` (bundled copy), a directory, a ``datapackage.json`` path, a
        ``.zip`` archive, or an ``http(s)`` URL of either.
    version : str, optional
        A release listed in ``releases.json``; exclusive with ``source``.
    known_hash : str, optional
        ``sha256:<hex>`` of the archive or of ``datapackage.json``.
    **limits
        ``max_bytes`` and ``deadline``, shared by all the downloads of this
        call (one :class:`~._download.Budget`), and ``allow_redirects_to``.

    Returns
    -------
    Resolved

    Example
    -------
    >>> resolve_source(None).root.joinpath("datapackage.json").is_file()
    True
    """
    pin = parse_known_hash(known_hash)
    if version is not None:
        if source is not None or pin is not None:
            raise SourceError("pass either version or source (with an optional known_hash) to load(), not both.")
        with _cache_errors():
            return _download_release(version, limits)
    if source is None:
        if pin is not None:
            raise SourceError("known_hash pins a source; the bundled copy is already pinned by its release.")
        return Resolved(bundled_root(), True)
    text = os.fspath(source)
    if isinstance(text, str) and _SCHEME.match(text):
        with _cache_errors():
            return _from_url(text, pin, limits)
    return Resolved(_from_path(source, pin), False)


@contextlib.contextmanager
def _cache_errors() -> Iterator[None]:
    """Turn a failure of the cache folder itself (not a folder, no permission, no space) into a SourceError."""
    try:
        yield
    except DatasetError:  # MissingFileError is an OSError too
        raise
    except OSError as error:
        detail = printable(f"{type(error).__name__}: {error}", keep_newlines=False)[:300]
        raise SourceError(
            f"the download cache {cache_dir()} cannot be used ({detail}); check that it is a folder you may "
            f"write, with free space, or set {ENV_CACHE} to another folder."
        ) from None
