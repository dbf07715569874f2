"""Build a reproducible release archive and record it in the release registry.

``python scripts/release.py`` writes ``dist/<name>-<version>.zip``. Inside one
top-level folder ``<name>-<version>/`` it holds:

* ``datapackage.json``, every resource file it lists (``data/…``) and every
  Table Schema (``schemas/…``);
* ``CHANGELOG.md``, ``CITATION.cff`` (rendered from the descriptor),
  ``LICENSE``, ``LICENSE-DATA`` and ``NOTICE``;
* ``parquet/<table>.parquet``: each table typed by its Table Schema
  (:func:`csto_annotations.arrow.parquet_bytes`; needs pyarrow);
* ``SHA256SUMS``: ``sha256sum -c`` format, one line per other file.

The archive is reproducible: entries in sorted order, every timestamp set to
the descriptor's ``created`` time, permissions ``0644``, no extra fields, and
entries stored uncompressed, so the bytes depend on neither the clock, the
file system nor the zlib build. Two builds from the same files with the same
pyarrow version are byte-identical (the Parquet footer names the pyarrow
version that wrote it).

Before anything is written the release is refused (:class:`ReleaseError`)
when ``CHANGELOG.md`` has no ``## [<version>]`` section, when the package is
invalid, when the committed ``CITATION.cff`` is stale, or when the registry
already lists the version with a different sha256: a published version never
changes. A new version is appended to the registry as ``{"version", "file",
"sha256"}``; the archive host is not recorded, because it is not known
(``load(version=…)`` takes it from ``$CSTO_ANNOTATIONS_RELEASE_URL`` or the
registry's ``base_url``).

Example
-------
>>> from csto_annotations.release import changelog_has_version
>>> changelog_has_version("## [1.0.0] - 2026-11-27\\n", "1.0.0")
True
"""

from __future__ import annotations

import argparse
import hashlib
import io
import json
import re
import stat
import sys
import zipfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .atomic import atomic_write_bytes, atomic_write_text
from .errors import DatasetError

__all__ = ["ReleaseError", "Release", "build_release", "archive_bytes", "changelog_has_version", "main"]

#: Files copied from the package root into every archive.
EXTRA_FILES = ("CHANGELOG.md", "LICENSE", "LICENSE-DATA", "NOTICE")
_EPOCH = (1980, 1, 1, 0, 0, 0)  # the earliest time a zip entry can hold
_MODE = (stat.S_IFREG | 0o644) << 16


class ReleaseError(DatasetError):
    """A release cannot be built or recorded; the message says what to fix.

    Example
    -------
    >>> isinstance(ReleaseError("x"), DatasetError)
    True
    """


@dataclass(frozen=True)
class Release:
    """The outcome of :func:`build_release`.

    Attributes
    ----------
    path : pathlib.Path
        The archive written.
    version, sha256 : str
        The package version and the archive's hex digest.
    recorded : bool
        True when a new registry entry was written, False when the registry
        already listed this exact archive.
    """

    path: Path
    version: str
    sha256: str
    recorded: bool


def changelog_has_version(text: str, version: str) -> bool:
    """Whether a Keep-a-Changelog text has a ``## [<version>]`` section.

    Example
    -------
    >>> changelog_has_version("## [Unreleased]\\n", "1.0.0")
    False
    """
    return re.search(rf"^##\s*\[{re.escape(version)}\]", text, re.MULTILINE) is not None


def _timestamp(descriptor: dict[str, Any]) -> tuple[int, int, int, int, int, int]:
    """The descriptor's ``created`` as a zip date_time (1980-01-01 when absent)."""
    match = re.match(r"^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2}):(\d{2}))?", str(descriptor.get("created", "")))
    if not match:
        return _EPOCH
    parts = tuple(int(p or 0) for p in match.groups())
    return parts if parts >= _EPOCH else _EPOCH  # type: ignore[return-value]


def _read(root: Path, relative: str, what: str) -> bytes:
    """Read a file the archive needs, or raise ReleaseError naming it."""
    from .paths import resolve_inside

    path = resolve_inside(root, relative, where=f"release of {root}")
    if not path.is_file():
        raise ReleaseError(f"{path}: missing ({what}); a release must include it. Restore the file and retry.")
    return path.read_bytes()


def _package_files(root: Path, descriptor: dict[str, Any]) -> dict[str, bytes]:
    """Descriptor, resources, schemas and the root files, by archive path."""
    files = {"datapackage.json": _read(root, "datapackage.json", "the descriptor")}
    for resource in descriptor["resources"]:
        files[resource["path"]] = _read(root, resource["path"], f"resource {resource['name']!r}")
        if isinstance(resource.get("schema"), str):
            files[resource["schema"]] = _read(root, resource["schema"], f"schema of {resource['name']!r}")
    for name in EXTRA_FILES:
        files[name] = _read(root, name, "release file")
    return files


def _citation(root: Path) -> bytes:
    """The rendered CITATION.cff; refuse when the committed one differs."""
    from .metadata import render

    rendered = render(root)["CITATION.cff"]
    committed = root / "CITATION.cff"
    if committed.is_file() and committed.read_text("utf-8") != rendered:
        raise ReleaseError(
            f"{committed}: stale (it no longer matches datapackage.json); run python scripts/metadata.py, "
            "commit the result, and retry."
        )
    return rendered.encode("utf-8")


def _parquet(root: Path) -> dict[str, bytes]:
    """One Parquet file per table, typed by its Table Schema."""
    from .arrow import parquet_bytes
    from .descriptor import read_package
    from .loader import load

    dataset = load(root)
    schemas = read_package(root).schemas
    return {f"parquet/{name}.parquet": parquet_bytes(frame, schemas[name]) for name, frame in dataset.tables.items()}


def _sha256sums(files: dict[str, bytes]) -> bytes:
    """``sha256sum -c`` lines for every file, sorted by path."""
    lines = [f"{hashlib.sha256(data).hexdigest()}  {name}\n" for name, data in sorted(files.items())]
    return "".join(lines).encode("utf-8")


def _zip(files: dict[str, bytes], folder: str, when: tuple[int, ...]) -> bytes:
    """A zip of ``files`` under ``folder/`` with fixed order, times and modes."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_STORED) as zf:
        for name in sorted(files):
            info = zipfile.ZipInfo(f"{folder}/{name}", date_time=when)  # type: ignore[arg-type]
            info.compress_type = zipfile.ZIP_STORED
            info.create_system = 3  # Unix, so external_attr carries the mode everywhere
            info.external_attr = _MODE
            zf.writestr(info, files[name])
    return buffer.getvalue()


def archive_bytes(root: str | Path) -> tuple[str, bytes]:
    """Build the release archive of the package at ``root`` in memory.

    Returns
    -------
    (file name, bytes)

    Raises
    ------
    ReleaseError
        When the changelog lacks the version, a file is missing, the package
        is invalid or ``CITATION.cff`` is stale.
    """
    from .descriptor import read_package
    from .validation import validate
    from .works import archive_name

    root = Path(root)
    descriptor = read_package(root).descriptor
    version = descriptor["version"]
    changelog = root / "CHANGELOG.md"
    if not changelog.is_file() or not changelog_has_version(changelog.read_text("utf-8"), version):
        raise ReleaseError(
            f"{changelog}: no '## [{version}]' section; describe the release in CHANGELOG.md "
            "(python -m csto_annotations diff OLD NEW --format markdown drafts it) and retry."
        )
    files = _package_files(root, descriptor)
    files["CITATION.cff"] = _citation(root)
    report = validate(root)
    if not report.valid:
        first = "; ".join(str(p) for p in report.errors[:3])
        raise ReleaseError(f"{root}: the package is invalid ({len(report.errors)} problem(s): {first}); "
                           "run python -m csto_annotations validate and fix them first.")
    files.update(_parquet(root))
    files["SHA256SUMS"] = _sha256sums(files)
    name = archive_name(descriptor)
    return name, _zip(files, name.removesuffix(".zip"), _timestamp(descriptor))


def _registry(path: Path) -> dict[str, Any]:
    """Read the registry (a missing file is an empty registry)."""
    if not path.exists():
        return {"releases": []}
    try:
        data = json.loads(path.read_text("utf-8"))
    except (OSError, ValueError) as error:
        raise ReleaseError(f"{path}: unreadable release registry ({error}); fix or restore it.") from None
    if not isinstance(data, dict) or not isinstance(data.get("releases"), list):
        raise ReleaseError(f"{path}: expected an object with a 'releases' list; fix or restore it.")
    return data


def _existing(registry: dict[str, Any], version: str) -> dict[str, Any] | None:
    """The registry entry of ``version``, if any."""
    return next((e for e in registry["releases"] if isinstance(e, dict) and e.get("version") == version), None)


def _refuse_change(path: Path, entry: dict[str, Any] | None, digest: str) -> None:
    """Raise ReleaseError when ``entry`` records another hash than ``digest``."""
    if entry is not None and str(entry.get("sha256", "")).lower() != digest:
        raise ReleaseError(
            f"{path}: version {entry.get('version')} is already released with sha256 {entry.get('sha256')}, "
            f"but this build is {digest}. A published version never changes: bump the version in "
            "datapackage.json (see docs/versioning.md), add its CHANGELOG section, and release again."
        )


def build_release(
    root: str | Path | None = None,
    dist: str | Path | None = None,
    registry: str | Path | None = None,
) -> Release:
    """Build ``dist/<name>-<version>.zip`` and record it in the registry.

    Parameters
    ----------
    root : str or Path, optional
        The package directory (default: the repository in an editable install).
    dist : str or Path, optional
        Output directory (default: ``<root>/dist``).
    registry : str or Path, optional
        The registry to update (default: :func:`csto_annotations.sources.registry_path`,
        i.e. ``$CSTO_ANNOTATIONS_REGISTRY`` or the package's ``releases.json``).

    Returns
    -------
    Release

    Raises
    ------
    ReleaseError
        See the module docstring; nothing is written then.

    Example
    -------
    >>> build_release("/nonexistent")  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    csto_annotations.errors.MissingFileError: /nonexistent/datapackage.json: file not found; ...
    """
    from .paths import bundled_root
    from .sources import registry_path

    from .descriptor import read_package

    root = Path(root) if root is not None else bundled_root()
    registry_file = Path(registry) if registry is not None else registry_path()
    version = read_package(root).version
    name, data = archive_bytes(root)
    digest = hashlib.sha256(data).hexdigest()
    registry_data = _registry(registry_file)
    entry = _existing(registry_data, version)
    _refuse_change(registry_file, entry, digest)  # before anything is written
    out = Path(dist) if dist is not None else root / "dist"
    out.mkdir(parents=True, exist_ok=True)
    atomic_write_bytes(out / name, data)
    if entry is None:
        registry_data["releases"].append({"version": version, "file": name, "sha256": digest})
        atomic_write_text(registry_file, json.dumps(registry_data, indent=2, ensure_ascii=False) + "\n")
    return Release(path=out / name, version=version, sha256=digest, recorded=entry is None)


def main(argv: list[str] | None = None) -> int:
    """``scripts/release.py [ROOT] [--dist DIR] [--registry FILE]``; 0 on success, 1 on refusal."""
    parser = argparse.ArgumentParser(prog="scripts/release.py", description="Build a reproducible release archive.")
    parser.add_argument("root", nargs="?", default=None, help="package directory (default: the repository)")
    parser.add_argument("--dist", default=None, help="output directory (default: ROOT/dist)")
    parser.add_argument("--registry", default=None, help="release registry to update (default: the package's releases.json)")
    args = parser.parse_args(argv)
    try:
        result = build_release(args.root, args.dist, args.registry)
    except DatasetError as error:
        print(f"error: {error}", file=sys.stderr)
        return 1
    print(f"built {result.path} ({result.path.stat().st_size} bytes)")
    print(f"sha256 {result.sha256}")
    print(f"recorded {result.version} in the release registry" if result.recorded
          else f"{result.version} was already recorded with this sha256; registry unchanged")
    return 0
