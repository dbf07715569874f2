"""Build a reproducible release archive and record it in the release registry.

``python scripts/release.py`` writes ``dist/<name>-<version>.zip``. Inside one
top-level folder ``<name>-<version>/`` it holds:

* ``datapackage.json``, every resource file it lists (``data/…``) and every
  Table Schema (``schemas/…``), all verified against the descriptor's
  ``bytes``/``hash`` and ``schemaBytes``/``schemaHash`` first;
* ``CHANGELOG.md``, ``CITATION.cff``, ``LICENSE``, ``LICENSE-DATA`` and
  ``NOTICE``, copied from the package root;
* ``docs/codebook.md``, ``docs/tables.md`` and ``docs/annotation-report.md``:
  the annotation guide, the column documentation (refused when it is stale
  against the schemas: ``python scripts/docs.py``) and the agreement study;
* ``croissant.json``: Croissant metadata of this release's descriptor and
  schemas, rendered by :mod:`tools.croissant` (the same text
  ``python scripts/metadata.py`` writes at the root);
* ``README.md``: the dataset card, in the sections of *Datasheets for
  Datasets*, rendered by :mod:`tools.datacard` from the package and the
  hand-kept text ``tools/datacard.md``;
* ``parquet/<table>.parquet``: each table typed by its Table Schema;
* ``SHA256SUMS``: ``sha256sum -c`` format, one line per other file.

The archive is reproducible: entries in sorted order, every timestamp the
descriptor's ``created`` time, mode ``0644``, entries stored uncompressed, so
the bytes depend on neither the clock, the file system nor the zlib build.
Two builds from the same files with the same pyarrow are byte-identical.

The release is refused (:class:`ReleaseError`) before anything is written
when ``CHANGELOG.md`` has no ``## [<version>]`` section, a file is missing,
``CITATION.cff`` names another version, the package is invalid, or the
registry already lists the version with another sha256: a published version
never changes. A new version is appended to the registry as ``{"version",
"file", "sha256", "descriptor_sha256", "codebook", "urls": []}`` (its URLs
are recorded once it is published: docs/publishing.md), and the archive is
copied into ``tests/fixtures/releases``, where every later version of the
package is tested against it, every way.

``scripts/release.py`` then builds the Python distributions too
(:func:`build_distributions`): ``python -m build`` writes the sdist and, from
the sdist, the wheel, with ``SOURCE_DATE_EPOCH`` set to the descriptor's
``created`` time, so the same sources and build backend give the same bytes.
Both are refused unless the wheel carries the bundled package (``datapackage.json``,
data, schemas, byte for byte) and ``releases.json``, the sdist carries every
file the wheel is built from, and ``twine check --strict`` passes on both. The
registry is written before the wheel is built, so the wheel of a new version
knows its own release (when the registry is the package's own
``src/csto_annotations/releases.json``, the default). ``--archive-only`` skips this step.

Example
-------
>>> changelog_has_version("## [1.0.0] - 2026-11-27\\n", "1.0.0")
True
"""

from __future__ import annotations

import argparse
import calendar
import hashlib
import importlib.util
import io
import json
import os
import re
import stat
import subprocess
import sys
import tarfile
import tempfile
import zipfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from csto_annotations._atomic import atomic_write_bytes, atomic_write_text
from csto_annotations._base._errors import DatasetError, ValidationFailed
from csto_annotations._engine._structure import CODEBOOK_EDITION
from csto_annotations._reader._package import Package, read_package
from tools import croissant, datacard
from tools.paths import resolve_inside

REPO = Path(__file__).resolve().parents[1]
#: The registry that ``load(version=...)`` reads; the release tool is its only writer.
REGISTRY = REPO / "src" / "csto_annotations" / "releases.json"
#: Every registered archive, kept for tests/api/test_releases_forever.py.
FIXTURES = REPO / "tests" / "fixtures" / "releases"
#: Files copied from the package root into every archive.
ROOT_FILES = ("CHANGELOG.md", "CITATION.cff", "LICENSE", "LICENSE-DATA", "NOTICE")
#: Documentation copied into every archive, at the same paths.
DOC_FILES = ("docs/codebook.md", "docs/tables.md", "docs/annotation-report.md")
#: The dataset card's name in the archive.
CARD = "README.md"
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
    """What :func:`build_release` did: the archive, its version and sha256, and whether it was recorded."""

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


def zip_time(created: object) -> tuple[int, int, int, int, int, int]:
    """The descriptor's ``created`` as a zip date_time (1980-01-01 when absent or earlier).

    Example
    -------
    >>> zip_time("2026-11-27T09:00:00Z"), zip_time(None)
    ((2026, 11, 27, 9, 0, 0), (1980, 1, 1, 0, 0, 0))
    """
    match = re.match(r"^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2}):(\d{2}))?", str(created or ""))
    if not match:
        return _EPOCH
    y, mo, d, h, mi, s = (int(p or 0) for p in match.groups())
    return max((y, mo, d, h, mi, s), _EPOCH)


def _root_file(root: Path, name: str) -> bytes:
    path = resolve_inside(root, name, where=f"release of {root}")
    if not path.is_file():
        raise ReleaseError(f"{path}: missing (a release file); a release must include it. Restore it and retry.")
    return path.read_bytes()


def _check_changelog(root: Path, version: str) -> None:
    changelog = root / "CHANGELOG.md"
    if not changelog.is_file() or not changelog_has_version(changelog.read_text("utf-8"), version):
        raise ReleaseError(f"{changelog}: no '## [{version}]' section; describe the release in CHANGELOG.md and retry.")


def _check_citation(root: Path, data: bytes, version: str) -> None:
    """CITATION.cff (written by scripts/metadata.py) must at least name the version being released."""
    import yaml

    try:
        stated = yaml.safe_load(data.decode("utf-8")).get("version")
    except (UnicodeDecodeError, yaml.YAMLError, AttributeError) as error:
        raise ReleaseError(f"{root / 'CITATION.cff'}: not a readable CFF file ({error}); fix it and retry.") from None
    if str(stated) != version:
        raise ReleaseError(
            f"{root / 'CITATION.cff'}: stale: it says version {stated!r}, datapackage.json says {version!r}; "
            "update CITATION.cff (version and date-released), commit it, and retry."
        )


def _package_files(package: Package) -> dict[str, bytes]:
    """The descriptor, every resource and every schema, by archive path (already verified)."""
    files = {"datapackage.json": package.files.read("datapackage.json", "descriptor")}
    for resource in package.resources:
        files[resource["path"]] = package.data[resource["name"]]
        if resource["type"] == "table":
            files[resource["schema"]] = package.files.read(resource["schema"], f"schema of {resource['name']!r}")
    return files


def _check_tables_doc(root: Path, data: bytes) -> None:
    """docs/tables.md is rendered from the schemas: the archive's copy must match the archive's schemas."""
    from tools.schemadocs import render

    if data != render(root).encode("utf-8"):
        raise ReleaseError(
            f"{root / 'docs' / 'tables.md'}: stale against the Table Schemas; run python scripts/docs.py, "
            "commit it, and retry."
        )


def _load_valid(root: Path) -> Any:
    """The package at ``root``, every rule checked; an invalid package is refused."""
    import csto_annotations

    try:
        return csto_annotations.load(root, verify="full")
    except ValidationFailed as error:
        first = "; ".join(str(p) for p in error.problems[:3])
        raise ReleaseError(f"{root}: the package is invalid ({len(error.problems)} problem(s): {first}); "
                           "run python -m csto_annotations validate and fix them first.") from None  # fmt: skip


def _parquet(ds: Any) -> dict[str, bytes]:
    """One Parquet file per table, typed by its Table Schema."""
    from csto_annotations._export._arrow import parquet_bytes

    return {f"parquet/{name}.parquet": parquet_bytes(frame, ds.schemas[name]) for name, frame in ds.tables.items()}


def _sha256sums(files: dict[str, bytes]) -> bytes:
    return "".join(f"{hashlib.sha256(data).hexdigest()}  {name}\n" for name, data in sorted(files.items())).encode()


def _zip(files: dict[str, bytes], folder: str, when: tuple[int, int, int, int, int, int]) -> bytes:
    """A zip of ``files`` under ``folder/`` with a fixed order, time and mode."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_STORED) as archive:
        for name in sorted(files):
            info = zipfile.ZipInfo(f"{folder}/{name}", date_time=when)
            info.create_system = 3  # Unix, so external_attr carries the mode everywhere
            info.external_attr = _MODE
            archive.writestr(info, files[name])
    return buffer.getvalue()


def archive_bytes(root: str | Path) -> tuple[str, bytes]:
    """Build the release archive of the package at ``root`` in memory: ``(file name, bytes)``.

    Raises
    ------
    ReleaseError, DatasetError
        See the module docstring; the reader's errors (e.g. ``IntegrityError``) pass through.
    """
    _, name, data = _archive(Path(root))
    return name, data


def _archive(base: Path) -> tuple[str, str, bytes]:
    """``(version, file name, bytes)`` of the release archive of the package at ``base``."""
    package = read_package(base)
    version = package.version
    _check_changelog(base, version)
    files = _package_files(package)
    files[croissant.FILENAME] = croissant.croissant_text(package.descriptor, package.schemas).encode("utf-8")
    for name in ROOT_FILES + DOC_FILES:
        files[name] = _root_file(base, name)
    _check_citation(base, files["CITATION.cff"], version)
    _check_tables_doc(base, files["docs/tables.md"])
    ds = _load_valid(base)
    files.update(_parquet(ds))
    folder = f"{package.name}-{version}"
    files[CARD] = datacard.render(ds, files, f"{folder}.zip").encode("utf-8")
    files["SHA256SUMS"] = _sha256sums(files)
    return version, f"{folder}.zip", _zip(files, folder, zip_time(package.descriptor.get("created")))


def _registry(path: Path) -> dict[str, Any]:
    if not path.exists():
        return {"releases": []}
    try:
        data = json.loads(path.read_text("utf-8"))
    except (OSError, ValueError) as error:
        raise ReleaseError(f"{path}: unreadable release registry ({error}); fix or restore it.") from None
    if not isinstance(data, dict) or not isinstance(data.get("releases"), list):
        raise ReleaseError(f"{path}: expected an object with a 'releases' list; fix or restore it.")
    return data


def build_release(
    root: str | Path | None = None,
    dist: str | Path | None = None,
    registry: str | Path | None = None,
    fixtures: str | Path | None = None,
) -> Release:
    """Build ``dist/<name>-<version>.zip`` and record it in the registry.

    Parameters
    ----------
    root : str or Path, optional
        The package directory (default: this repository).
    dist : str or Path, optional
        Output directory (default: ``<root>/dist``).
    registry : str or Path, optional
        The registry to update (default: ``src/csto_annotations/releases.json``).
    fixtures : str or Path, optional
        Where a newly recorded archive is copied for the compatibility tests
        (default: ``tests/fixtures/releases`` when recording in the real
        registry; nowhere for another registry).

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
    csto_annotations._base._errors.MissingFileError: ...datapackage.json...
    """
    base = Path(root) if root is not None else REPO
    registry_file = Path(registry) if registry is not None else REGISTRY
    version, name, data = _archive(base)
    digest = hashlib.sha256(data).hexdigest()
    entries = _registry(registry_file)
    entry = next((e for e in entries["releases"] if isinstance(e, dict) and e.get("version") == version), None)
    if entry is not None and str(entry.get("sha256", "")).lower() != digest:
        raise ReleaseError(
            f"{registry_file}: version {version} is already released with sha256 {entry.get('sha256')}, but this "
            f"build is {digest}. A published version never changes: bump the version in datapackage.json (see "
            "docs/versioning.md), add its CHANGELOG section, and release again."
        )
    out = Path(dist) if dist is not None else base / "dist"
    out.mkdir(parents=True, exist_ok=True)
    atomic_write_bytes(out / name, data)
    if entry is None:
        # Every later version of the package must load this archive, every way: tests/api/test_releases_forever.py.
        real = registry_file.resolve() == REGISTRY.resolve()
        kept = Path(fixtures) if fixtures is not None else (FIXTURES if real else None)
        if kept is not None:
            kept.mkdir(parents=True, exist_ok=True)
            atomic_write_bytes(kept / name, data)
        with zipfile.ZipFile(io.BytesIO(data)) as archived:  # the descriptor as archived, not as on disk now
            descriptor = hashlib.sha256(archived.read(f"{Path(name).stem}/datapackage.json")).hexdigest()
        entries["releases"].append({"version": version, "file": name, "sha256": digest, "descriptor_sha256": descriptor,
                                    "codebook": CODEBOOK_EDITION, "urls": []})  # fmt: skip
        atomic_write_text(registry_file, json.dumps(entries, indent=2, ensure_ascii=False) + "\n")
    return Release(path=out / name, version=version, sha256=digest, recorded=entry is None)


@dataclass(frozen=True)
class Distributions:
    """What :func:`build_distributions` wrote: the wheel and the sdist."""

    wheel: Path
    sdist: Path


def source_date_epoch(created: object) -> int:
    """The descriptor's ``created`` as Unix seconds, for ``SOURCE_DATE_EPOCH`` (as :func:`zip_time`, in UTC).

    Example
    -------
    >>> source_date_epoch("2026-12-01T12:00:00Z"), source_date_epoch(None)
    (1796126400, 315532800)
    """
    return calendar.timegm((*zip_time(created), 0, 0, 0))


def _members(path: Path) -> dict[str, bytes]:
    """Every regular file of a wheel (zip) or an sdist (tar.gz), by member name."""
    if path.suffix == ".whl":
        with zipfile.ZipFile(path) as archive:
            return {i.filename: archive.read(i) for i in archive.infolist() if not i.is_dir()}
    out = {}
    with tarfile.open(path, "r:gz") as archive:
        for member in archive.getmembers():
            handle = archive.extractfile(member) if member.isfile() else None
            if handle is not None:
                out[member.name] = handle.read()
    return out


def _source_files(base: Path) -> dict[str, bytes]:
    """The importable package's own files under ``src/`` (caches left out), by path from ``base``."""
    src = base / "src" / "csto_annotations"
    return {
        p.relative_to(base).as_posix(): p.read_bytes()
        for p in sorted(src.rglob("*"))
        if p.is_file() and "__pycache__" not in p.parts and p.suffix != ".pyc"
    }


def _compare(where: Path, members: dict[str, bytes], expected: dict[str, bytes]) -> None:
    missing = sorted(n for n in expected if n not in members)
    differ = sorted(n for n in expected if n in members and members[n] != expected[n])
    if missing or differ:
        shown = [f"missing {n}" for n in missing[:5]] + [f"differs from the checkout: {n}" for n in differ[:5]]
        raise ReleaseError(
            f"{where}: {len(missing)} file(s) missing, {len(differ)} different ({'; '.join(shown)}); "
            "check the [tool.hatch.build] sections of pyproject.toml and retry."
        )


def check_distributions(wheel: Path, sdist: Path, root: str | Path | None = None) -> None:
    """Refuse a wheel or sdist that lacks what it must carry.

    The wheel must hold the package's modules, ``releases.json`` and the bundled
    ``_package/`` copy of ``datapackage.json`` and every file it lists (the
    pyproject's force-include); the sdist must hold everything the wheel is
    built from: ``pyproject.toml``, the readme and licence files, the
    descriptor, data, schemas and ``src/``. Every file is compared byte for
    byte with ``root``.

    Raises
    ------
    ReleaseError
        A file is missing or differs; the message names it.
    """
    base = Path(root) if root is not None else REPO
    package = read_package(base)
    data = _package_files(package)
    sources = _source_files(base)
    expected_wheel = {f"csto_annotations/_package/{n}": b for n, b in data.items()}
    expected_wheel.update({n.removeprefix("src/"): b for n, b in sources.items()})
    _compare(wheel, _members(wheel), expected_wheel)
    top = sdist.name.removesuffix(".tar.gz")
    needed = {**data, **sources}
    for name in ("pyproject.toml", "README.md", "LICENSE", "LICENSE-DATA", "NOTICE"):
        needed[name] = _root_file(base, name)
    _compare(sdist, _members(sdist), {f"{top}/{n}": b for n, b in needed.items()})


def _run(command: list[str], what: str, **kwargs: Any) -> None:
    result = subprocess.run(command, capture_output=True, text=True, **kwargs)
    if result.returncode != 0:
        tail = "\n".join((result.stdout + result.stderr).strip().splitlines()[-15:])
        raise ReleaseError(f"{what} failed (exit {result.returncode}):\n{tail}")


def build_distributions(
    root: str | Path | None = None, dist: str | Path | None = None, *, isolation: bool = True
) -> Distributions:
    """Build the sdist and the wheel of ``root`` into ``dist``, check them, and run ``twine check --strict``.

    ``python -m build`` builds the sdist and then the wheel from the sdist, so a
    file the sdist lacks fails the wheel; ``SOURCE_DATE_EPOCH`` is the
    descriptor's ``created`` time. Both are built into a temporary folder inside
    ``dist`` and moved into place only when every check passes.

    Parameters
    ----------
    root : str or Path, optional
        The repository (default: this one); it needs ``pyproject.toml``.
    dist : str or Path, optional
        Output directory (default: ``<root>/dist``).
    isolation : bool, default True
        Build in an isolated environment (``python -m build`` fetches the build
        backend); ``False`` uses the backend installed beside this Python.

    Returns
    -------
    Distributions

    Raises
    ------
    ReleaseError
        ``build`` or ``twine`` is not installed, the build fails, or a check fails; nothing is moved into ``dist``.
    """
    base = Path(root) if root is not None else REPO
    for module in ("build", "twine"):
        if importlib.util.find_spec(module) is None:
            raise ReleaseError(
                f"{module} is not installed; pip install -e '.[test]' (or pip install {module}) and retry."
            )
    if not (base / "pyproject.toml").is_file():
        raise ReleaseError(f"{base / 'pyproject.toml'}: missing; the Python distributions are built from it.")
    package = read_package(base)
    env = {k: v for k, v in os.environ.items() if k != "PYTHONPATH"}  # the build sees its own environment only
    env["SOURCE_DATE_EPOCH"] = str(source_date_epoch(package.descriptor.get("created")))
    out = Path(dist) if dist is not None else base / "dist"
    out.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(dir=out, prefix=".build-") as tmp:
        command = [sys.executable, "-m", "build", "--outdir", tmp, str(base)]
        _run(command + ([] if isolation else ["--no-isolation"]), "python -m build", env=env, cwd=base)
        stem = f"{package.name.replace('-', '_')}-{package.version}"
        wheels, sdists = sorted(Path(tmp).glob("*.whl")), sorted(Path(tmp).glob("*.tar.gz"))
        if [w.name for w in wheels] != [f"{stem}-py3-none-any.whl"] or [s.name for s in sdists] != [f"{stem}.tar.gz"]:
            raise ReleaseError(
                f"python -m build wrote {[p.name for p in wheels + sdists]}, expected {stem}-py3-none-any.whl "
                f"and {stem}.tar.gz; check the name and version in pyproject.toml and datapackage.json."
            )
        check_distributions(wheels[0], sdists[0], base)
        _run([sys.executable, "-m", "twine", "check", "--strict", str(wheels[0]), str(sdists[0])], "twine check")
        for built in (wheels[0], sdists[0]):
            os.replace(built, out / built.name)
    return Distributions(wheel=out / wheels[0].name, sdist=out / sdists[0].name)


def main(argv: list[str] | None = None) -> int:
    """``scripts/release.py [ROOT] [--dist DIR] [--registry FILE] [--archive-only] [--no-isolation]``.

    Exits 0 when built, 1 when refused, 2 on a usage error.
    """
    parser = argparse.ArgumentParser(prog="release.py", description="Build a reproducible release archive.")
    parser.add_argument("root", nargs="?", default=None, help="package directory (default: the repository)")
    parser.add_argument("--dist", default=None, help="output directory (default: ROOT/dist)")
    parser.add_argument("--registry", default=None, help=f"release registry to update (default: {REGISTRY})")
    parser.add_argument("--archive-only", action="store_true", help="build the archive only, not the wheel and sdist")
    parser.add_argument("--no-isolation", action="store_true", help="build the wheel with the installed hatchling")
    args = parser.parse_args(argv)
    try:
        result = build_release(args.root, args.dist, args.registry)
    except DatasetError as error:
        print(f"error: {error}", file=sys.stderr)
        return 1
    print(f"built {result.path} ({result.path.stat().st_size} bytes)")
    print(f"sha256 {result.sha256}")
    print(f"recorded {result.version} in the release registry" if result.recorded
          else f"{result.version} was already recorded with this sha256; registry unchanged")  # fmt: skip
    if args.archive_only:
        return 0
    try:
        built = build_distributions(args.root, args.dist, isolation=not args.no_isolation)
    except DatasetError as error:
        print(f"error: {error}", file=sys.stderr)
        return 1
    for path in (built.wheel, built.sdist):
        print(f"built {path} ({path.stat().st_size} bytes), sha256 {hashlib.sha256(path.read_bytes()).hexdigest()}")
    print("twine check --strict: passed")
    return 0
