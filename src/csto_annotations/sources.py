"""Turn a ``source`` or ``version`` into a local package directory.

Accepted sources:

* ``None``: the copy bundled with the installed package;
* a directory holding ``datapackage.json``, or the path of that file;
* a ``.zip`` release archive (extracted safely, see :mod:`.archive`);
* an ``http(s)`` URL of a zip archive or of a ``datapackage.json``. Downloads
  go through :mod:`pooch` into the user cache dir and honour ``known_hash``.

``version="1.0.0"`` looks the release up in the registry ``releases.json``
shipped in the package: ``{"base_url": ..., "releases": [{"version", "file",
"sha256", "url"}]}``. The archive URL is the first of: the environment
variable ``CSTO_ANNOTATIONS_RELEASE_URL`` joined with ``file``; the entry's
``url``; the registry's ``base_url`` joined with ``file``. The registry path
itself can be overridden with ``CSTO_ANNOTATIONS_REGISTRY`` and the cache
directory with ``CSTO_ANNOTATIONS_CACHE``.

Example
-------
>>> from csto_annotations.sources import resolve_source
>>> (resolve_source(None) / "datapackage.json").is_file()
True
"""

from __future__ import annotations

import hashlib
import os
import re
from importlib import resources
from pathlib import Path
from typing import Any

from .errors import (
    DownloadError,
    IntegrityError,
    MissingFileError,
    SourceError,
    UnknownVersionError,
)
from .paths import DESCRIPTOR_NAME, bundled_root, check_relative_path

__all__ = [
    "ENV_CACHE",
    "ENV_REGISTRY",
    "ENV_RELEASE_URL",
    "cache_dir",
    "registry_path",
    "release_location",
    "resolve_source",
]

ENV_CACHE = "CSTO_ANNOTATIONS_CACHE"
ENV_REGISTRY = "CSTO_ANNOTATIONS_REGISTRY"
ENV_RELEASE_URL = "CSTO_ANNOTATIONS_RELEASE_URL"
_URL = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*://")


def cache_dir() -> Path:
    """Return the cache directory (``$CSTO_ANNOTATIONS_CACHE`` or the user cache).

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


def registry_path() -> Path:
    """Return the release registry path (``$CSTO_ANNOTATIONS_REGISTRY`` or the bundled one).

    Example
    -------
    >>> registry_path().name
    'releases.json'
    """
    override = os.environ.get(ENV_REGISTRY)
    if override:
        return Path(override)
    return Path(str(resources.files("csto_annotations") / "releases.json"))


def _normalise_hash(known_hash: str | None) -> str | None:
    """Return ``sha256:<hex>`` for a hash given with or without its prefix."""
    if known_hash is None:
        return None
    value = known_hash.strip().lower()
    if not value.startswith("sha256:"):
        value = "sha256:" + value
    if not re.fullmatch(r"sha256:[0-9a-f]{64}", value):
        raise SourceError(f"known_hash {known_hash!r} is not a sha256 (64 hex digits, optionally 'sha256:').")
    return value


def _read_registry() -> tuple[Path, dict[str, Any]]:
    """Read the registry file."""
    from .descriptor import parse_json

    path = registry_path()
    if not path.is_file():
        raise MissingFileError(f"{path}: release registry not found; reinstall csto-annotations.")
    data = parse_json(path.read_bytes(), path)
    if not isinstance(data, dict) or not isinstance(data.get("releases"), list):
        from .errors import DescriptorError

        raise DescriptorError(f"{path}: expected an object with a 'releases' list; reinstall csto-annotations.")
    return path, data


def release_location(version: str) -> tuple[str, str]:
    """Return ``(url, "sha256:<hex>")`` of release ``version`` from the registry.

    Parameters
    ----------
    version : str
        A released version, such as ``"1.0.0"``.

    Raises
    ------
    UnknownVersionError
        When the registry does not list ``version``.
    DownloadError
        When no URL can be formed (set ``CSTO_ANNOTATIONS_RELEASE_URL``).

    Example
    -------
    >>> try:
    ...     release_location("0.0.0-never")
    ... except UnknownVersionError as error:
    ...     "releases.json" in str(error)
    True
    """
    path, registry = _read_registry()
    entries = [e for e in registry["releases"] if isinstance(e, dict)]
    entry = next((e for e in entries if e.get("version") == version), None)
    if entry is None:
        known = ", ".join(str(e.get("version")) for e in entries) or "none"
        raise UnknownVersionError(
            f"{path}: version {version!r} is not a known release (known: {known}). "
            "Upgrade csto-annotations for newer releases, or pass the archive's path or URL as source."
        )
    return _release_url(entry, registry, path), "sha256:" + str(entry.get("sha256", "")).lower()


def _release_url(entry: dict[str, Any], registry: dict[str, Any], path: Path) -> str:
    """Pick the archive URL of a registry entry (env var, entry url, base_url)."""
    base = os.environ.get(ENV_RELEASE_URL)
    if base and entry.get("file"):
        return base.rstrip("/") + "/" + entry["file"]
    if entry.get("url"):
        return entry["url"]
    if registry.get("base_url") and entry.get("file"):
        return registry["base_url"].rstrip("/") + "/" + entry["file"]
    raise DownloadError(
        f"{path}: release {entry.get('version')!r} has no url and no base URL is configured; "
        f"set {ENV_RELEASE_URL} to the directory that serves the release archives."
    )


def _retrieve(url: str, known_hash: str | None, directory: Path, fname: str | None = None) -> Path:
    """Download ``url`` through pooch into ``directory`` (cached)."""
    import pooch
    import requests

    pooch.get_logger().setLevel("WARNING")
    try:
        path = pooch.retrieve(url, known_hash=known_hash, fname=fname, path=directory, progressbar=False)
    except ValueError as error:
        raise IntegrityError(
            f"{url}: the download does not match the expected hash {known_hash} ({error}). "
            "Do not use it; check the URL or the release registry.",
            resource=url,
            expected=known_hash,
        ) from None
    except (requests.exceptions.RequestException, OSError) as error:
        raise DownloadError(
            f"{url}: download failed ({type(error).__name__}: {error}). Check the network "
            "connection and the URL, or load a local copy."
        ) from None
    return Path(path)


def _url_key(url: str) -> str:
    """Return a short stable directory name for ``url``."""
    return hashlib.sha256(url.encode("utf-8")).hexdigest()[:24]


def _from_descriptor_url(url: str, known_hash: str | None) -> Path:
    """Download a descriptor and every file it names, beside each other."""
    from .descriptor import is_table, parse_json

    root = cache_dir() / "urls" / _url_key(url)
    path = _retrieve(url, known_hash, root, DESCRIPTOR_NAME)
    descriptor = parse_json(path.read_bytes(), url)
    base = url.rsplit("/", 1)[0] + "/"
    for resource in descriptor.get("resources", []) if isinstance(descriptor, dict) else []:
        names = [(resource.get("path"), resource.get("hash"))]
        if is_table(resource) and isinstance(resource.get("schema"), str):
            names.append((resource["schema"], None))
        for relative, file_hash in names:
            checked = check_relative_path(relative, where=f"{url} resource {resource.get('name')!r}")
            target = root.joinpath(*checked.parts)
            _retrieve(base + str(checked), file_hash, target.parent, target.name)
    return root


def _from_url(url: str, known_hash: str | None) -> Path:
    """Return the package directory for an http(s) URL."""
    if not url.lower().startswith(("http://", "https://")):
        raise SourceError(f"{url}: only http:// and https:// URLs are supported; download the file and pass its path.")
    path_part = url.split("?", 1)[0].split("#", 1)[0]
    if path_part.lower().endswith(".zip"):
        archive = _retrieve(url, known_hash, cache_dir() / "downloads")
        return _extract(archive)
    if not path_part.lower().endswith(".json"):
        url = url.rstrip("/") + "/" + DESCRIPTOR_NAME
    return _from_descriptor_url(url, known_hash)


def _extract(archive: Path) -> Path:
    """Extract a local archive into the cache."""
    from .archive import extract_zip

    return extract_zip(archive, cache_dir() / "extracted")


def _check_local_hash(path: Path, known_hash: str | None) -> None:
    """Compare a local archive with ``known_hash`` when one is given."""
    if known_hash is None:
        return
    from .archive import file_sha256

    actual = "sha256:" + file_sha256(path)
    if actual != known_hash:
        raise IntegrityError(
            f"{path}: expected {known_hash}, found {actual}; the archive is not the expected release.",
            resource=str(path),
            expected=known_hash,
            actual=actual,
        )


def _from_path(source: str | os.PathLike[str], known_hash: str | None) -> Path:
    """Return the package directory for a local path."""
    path = Path(source).expanduser()
    if path.is_dir():
        if known_hash is not None:
            raise SourceError(f"{path}: known_hash applies to archives and URLs, not directories.")
        return path
    if not path.exists():
        raise MissingFileError(f"{path}: no such file or directory; check the path passed as source.")
    if path.suffix.lower() == ".zip":
        _check_local_hash(path, known_hash)
        return _extract(path)
    if path.name == DESCRIPTOR_NAME:
        return path.parent
    raise SourceError(
        f"{path}: not a dataset source; pass a directory, its datapackage.json, a .zip release or a URL."
    )


def _check_version(root: Path, version: str, url: str) -> None:
    """Make sure the archive holds the version the registry promised."""
    from .descriptor import parse_json

    path = root / DESCRIPTOR_NAME
    found = parse_json(path.read_bytes(), path).get("version")
    if found != version:
        raise IntegrityError(
            f"{url}: the registry lists this archive as version {version} but its "
            f"datapackage.json says {found}; report this to the maintainers.",
            resource=url,
            expected=version,
            actual=str(found),
        )


def resolve_source(
    source: str | os.PathLike[str] | None = None,
    *,
    version: str | None = None,
    known_hash: str | None = None,
) -> Path:
    """Return the local directory holding the requested ``datapackage.json``.

    Parameters
    ----------
    source : str, PathLike or None
        ``None`` (bundled copy), a directory, a ``datapackage.json`` path, a
        ``.zip`` archive or an ``http(s)`` URL.
    version : str, optional
        A release listed in the registry; exclusive with ``source``.
    known_hash : str, optional
        Expected ``sha256:<hex>`` of the archive or descriptor.

    Returns
    -------
    pathlib.Path
        A directory holding ``datapackage.json``.

    Raises
    ------
    MissingFileError, SourceError, UnknownVersionError, DownloadError,
    IntegrityError, ArchiveError

    Example
    -------
    >>> resolve_source(None).is_dir()
    True
    """
    known_hash = _normalise_hash(known_hash)
    if version is not None:
        if source is not None:
            raise SourceError("pass either source or version to load(), not both.")
        url, registry_hash = release_location(version)
        if known_hash is not None and known_hash != registry_hash:
            raise SourceError(f"known_hash {known_hash} disagrees with the registry's {registry_hash} for {version}.")
        root = _from_url(url, registry_hash)
        _check_version(root, version, url)
        return root
    if source is None:
        return bundled_root()
    if isinstance(source, str) and _URL.match(source):
        return _from_url(source, known_hash)
    return _from_path(source, known_hash)
