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

Example
-------
>>> resolve_source(None).pinned
True
"""

from __future__ import annotations

import hashlib
import os
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .._base._errors import (
    DatasetError,
    DownloadError,
    IntegrityError,
    MissingFileError,
    SourceError,
)
from .._base._paths import DESCRIPTOR_NAME, bundled_root, check_relative_path
from ._json import parse_json
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


def _file_hash(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for chunk in iter(lambda: handle.read(1 << 20), b""):
            digest.update(chunk)
    return "sha256:" + digest.hexdigest()


def _pin(path: Path, known_hash: str | None, label: str) -> None:
    """Compare a local file with ``known_hash``, on every load."""
    if known_hash is None:
        return
    actual = _file_hash(path)
    if actual != known_hash:
        raise IntegrityError(
            f"{label}: expected {known_hash}, found {actual}; this is not the pinned file. Do not use it; "
            "check the source, or delete the cached copy to download it again.",
            resource=label,
            expected=known_hash,
            actual=actual,
        )


def release_urls(version: str) -> tuple[list[str], str, str]:
    """Return ``(urls, "sha256:<hex>", file name)`` of a registered release.

    The URLs are tried in order under the hash pin: ``$CSTO_ANNOTATIONS_RELEASE_URL``
    joined with the file name (a mirror), then the entry's public ``urls``.

    Raises
    ------
    UnknownVersionError
        The registry does not list ``version``.
    DownloadError
        The release has no public URL yet and no mirror is set.

    Example
    -------
    >>> from csto_annotations import UnknownVersionError
    >>> try:
    ...     release_urls("0.0.0-never")
    ... except UnknownVersionError as error:
    ...     "releases.json" in str(error)
    True
    """
    entry = release(version)
    name = str(entry["file"])
    mirror = os.environ.get(ENV_RELEASE_URL)
    urls = ([mirror.rstrip("/") + "/" + name] if mirror else []) + [str(url) for url in entry["urls"]]
    if not urls:
        raise DownloadError(
            f"releases.json: release {version!r} has no public URL yet; set {ENV_RELEASE_URL} to a folder "
            "(http or https) that serves the release archives, or pass the archive's path as source "
            "(docs/publishing.md says where releases are published)."
        )
    return urls, "sha256:" + str(entry["sha256"]), name


def _download_release(version: str, limits: dict[str, Any]) -> Path:
    """Download a registered release from the first of its URLs that serves the pinned archive."""
    urls, sha, name = release_urls(version)
    target = cache_dir() / "releases" / name
    if target.is_file():  # a cached copy is re-hashed on every load, and never downloaded over
        _pin(target, sha, str(target))
        return target
    failures: list[DatasetError] = []
    for url in urls:
        try:
            return _download_to(url, target, sha, limits)
        except DatasetError as error:  # a refused, failed, oversized or mismatched download: try the next
            failures.append(error)
    if len(failures) == 1:
        raise failures[0]
    tried = "\n  ".join(str(error) for error in failures)
    raise DownloadError(f"release {version}: none of its {len(urls)} URLs served the pinned archive:\n  {tried}")


def redact(url: str) -> str:
    """Return ``url`` without credentials or query, for messages (see :mod:`._download`)."""
    from ._download import redact as _redact

    return _redact(url)


def _download_to(url: str, target: Path, known_hash: str | None, limits: dict[str, Any]) -> Path:
    """Download ``url`` to ``target`` unless a copy is there; pin it on every load."""
    from ._download import download  # the HTTP client is imported only when a URL is loaded

    if not target.is_file():
        target.parent.mkdir(parents=True, exist_ok=True)
        download(url, target, known_hash=known_hash, **limits)
    _pin(target, known_hash, redact(url))
    return target


def _url_key(url: str) -> str:
    return hashlib.sha256(url.encode("utf-8")).hexdigest()[:24]


def _from_descriptor_url(url: str, known_hash: str | None, limits: dict[str, Any]) -> Path:
    """Download a descriptor, then each file it names below the descriptor's folder."""
    from ._profile import check_descriptor

    root = cache_dir() / "urls" / _url_key(url)
    descriptor_path = _download_to(url, root / DESCRIPTOR_NAME, known_hash, limits)
    descriptor = parse_json(descriptor_path.read_bytes(), redact(url))
    check_descriptor(descriptor, redact(url))
    base = url.split("?", 1)[0].rsplit("/", 1)[0] + "/"
    for resource in descriptor["resources"]:
        named = [(resource["path"], resource.get("hash"))]
        if resource["type"] == "table":
            named.append((resource["schema"], resource.get("schemaHash")))
        for relative, recorded in named:
            checked = check_relative_path(relative, where=f"{redact(url)} resource {resource['name']!r}")
            _download_to(base + str(checked), root.joinpath(*checked.parts), recorded, limits)
    return root


def _from_url(url: str, known_hash: str | None, limits: dict[str, Any]) -> Path:
    if not url.lower().startswith(("http://", "https://")):
        raise SourceError(
            f"{redact(url)}: only http:// and https:// URLs are supported; download the file and pass its path."
        )
    path_part = url.split("?", 1)[0].split("#", 1)[0]
    if path_part.lower().endswith(".zip"):
        return _download_to(url, cache_dir() / "downloads" / f"{_url_key(url)}.zip", known_hash, limits)
    if not path_part.lower().endswith(".json"):
        url = url.rstrip("/") + "/" + DESCRIPTOR_NAME
    return _from_descriptor_url(url, known_hash, limits)


def _from_path(source: str | os.PathLike[str], known_hash: str | None) -> Path:
    path = Path(source).expanduser()
    if not path.exists():
        raise MissingFileError(f"{path}: no such file or directory; check the path passed as source.")
    if path.is_dir():
        if not (path / DESCRIPTOR_NAME).is_file() and (path.parent / DESCRIPTOR_NAME).is_file():
            raise SourceError(f"{path}: no {DESCRIPTOR_NAME} here; this is a folder inside a package, whose "
                              f"root is one folder up: pass {path.parent} as source.")  # fmt: skip
        _pin(path / DESCRIPTOR_NAME, known_hash, str(path / DESCRIPTOR_NAME))
        return path
    if path.suffix.lower() == ".zip" or path.name == DESCRIPTOR_NAME:
        _pin(path, known_hash, str(path))
        return path if path.suffix.lower() == ".zip" else path.parent
    raise SourceError(f"{path}: not a dataset source; pass a directory, its datapackage.json, a .zip or a URL.")


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
        ``max_bytes``, ``deadline`` and ``allow_redirects_to`` for each download.

    Returns
    -------
    Resolved

    Example
    -------
    >>> resolve_source(None).root.joinpath("datapackage.json").is_file()
    True
    """
    from ._download import parse_known_hash

    pin = parse_known_hash(known_hash)
    if version is not None:
        if source is not None or pin is not None:
            raise SourceError("pass either version or source (with an optional known_hash) to load(), not both.")
        return Resolved(_download_release(version, limits), True, version)
    if source is None:
        if pin is not None:
            raise SourceError("known_hash pins a source; the bundled copy is already pinned by its release.")
        return Resolved(bundled_root(), True)
    text = os.fspath(source)
    if isinstance(text, str) and _SCHEME.match(text):
        return Resolved(_from_url(text, pin, limits), False)
    return Resolved(_from_path(source, pin), False)
