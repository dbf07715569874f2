"""Hostile downloads (issue 18): packages served over real HTTP on 127.0.0.1, links planted in the cache.

Each :class:`DownloadCase` builds, from a fresh copy of the real package,
what a server serves (:class:`Served`: path → bytes, an optional delay per
request, the ``load()`` keywords) and, optionally, what is planted in the
download cache before the load (a symbolic link to a folder outside it).
``load(url)`` must raise the case's error with its needle in the message,
and leave the cache and the outside folder as they were: nothing written
through a link, nothing of a refused load kept.

:class:`FileServer` serves every case from one ``ThreadingHTTPServer`` in a
thread of the test process, each case below its own ``/<name>/`` prefix, and
counts the requests per case.

Example
-------
>>> [c.name for c in DOWNLOAD_CASES][:2]
['download-name-256-bytes', 'download-name-258-bytes-in-86-characters']
"""

from __future__ import annotations

import contextlib
import http.server
import threading
import time
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import csto_annotations as errors
from csto_annotations._reader._sources import _url_key

from . import edits as e
from .zips import package_zip


@dataclass
class Served:
    """What the server serves for one case, and how the case loads it."""

    files: dict[str, bytes]
    entry: str = "datapackage.json"  # what load() is given, below the case's URL folder
    plant: Callable[[Path, str, Path], None] | None = None  # (cache, url, outside) before the load


@dataclass(frozen=True)
class DownloadCase:
    """One hostile download: how to build it, the error, the needle, the most requests allowed."""

    name: str
    build: Callable[[Path, Path], Served]
    error: type[errors.DatasetError]
    needle: str
    requests: int | None = None  # the most requests the load may make
    limits: dict[str, Any] = field(default_factory=dict)  # load() keywords (then the case is load()-only)
    delay: float = 0.0  # seconds the server waits before each reply

    def __str__(self) -> str:
        return self.name


DOWNLOAD_CASES: list[DownloadCase] = []


def download_case(
    name: str, error: type, needle: str, requests: int | None = None, delay: float = 0.0, **limits: Any
) -> Callable:
    """Register the decorated ``f(root, outside) -> Served`` as a case."""

    def register(build: Callable[[Path, Path], Served]) -> Callable:
        DOWNLOAD_CASES.append(DownloadCase(name, build, error, needle, requests, limits, delay))
        return build

    return register


def package_files(root: Path) -> dict[str, bytes]:
    """Every file of the package directory, by its relative path."""
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


class FileServer:
    """Serves ``/<case>/<path>`` from memory on 127.0.0.1, in a thread; counts requests per case."""

    def __init__(self) -> None:
        self.files: dict[str, bytes] = {}
        self.delays: dict[str, float] = {}
        self.counts: Counter[str] = Counter()
        owner = self

        class Handler(http.server.BaseHTTPRequestHandler):
            def do_GET(self) -> None:
                path = self.path.split("?", 1)[0]
                case = path.split("/")[1]
                owner.counts[case] += 1
                time.sleep(owner.delays.get(case, 0.0))
                body = owner.files.get(path)
                self.send_response(200 if body is not None else 404)
                self.send_header("Content-Length", str(len(body or b"")))
                self.end_headers()
                # A client that refuses a reply part-way hangs up: the behaviour under test, not a server fault.
                with contextlib.suppress(BrokenPipeError, ConnectionResetError):
                    self.wfile.write(body or b"")

            def log_message(self, *args: object) -> None:
                pass

        self._server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self._server.daemon_threads = True
        self.base = f"http://127.0.0.1:{self._server.server_address[1]}"
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)
        self._thread.start()

    def add(self, name: str, files: dict[str, bytes], delay: float = 0.0) -> str:
        """Serve ``files`` below ``/<name>/``, each reply ``delay`` seconds late; return that folder's URL."""
        self.files.update({f"/{name}/{path}": data for path, data in files.items()})
        self.delays[name] = delay
        return f"{self.base}/{name}"

    def close(self) -> None:
        self._server.shutdown()
        self._server.server_close()
        self._thread.join()


def _named(root: Path, name: str, **changes: Any) -> dict[str, bytes]:
    """The package's files after changing resource ``name`` in its descriptor (hashes as they were)."""
    e.set_resource(root, name, **changes)
    return package_files(root)


def _moved(root: Path, name: str, new: str, key: str = "path") -> dict[str, bytes]:
    """Served files where resource ``name``'s file (``key``: path or schema) is also served at ``new``."""
    old = next(r for r in e.descriptor(root)["resources"] if r["name"] == name)[key]
    files = _named(root, name, **{key: new})
    return {**files, new: files[old]}


# --- names a file system cannot hold, and paths that clash --------------------------------------


@download_case("download-name-256-bytes", errors.UnsafePathError, "256 bytes", requests=1)
def _(root: Path, outside: Path) -> Served:
    return Served(_moved(root, "claims", "data/" + "c" * 252 + ".csv"))


@download_case("download-name-258-bytes-in-86-characters", errors.UnsafePathError, "258 bytes", requests=1)
def _(root: Path, outside: Path) -> Served:
    return Served(_moved(root, "quotes", "data/" + "€" * 86))


@download_case("download-schema-name-300-bytes", errors.UnsafePathError, "300 bytes", requests=1)
def _(root: Path, outside: Path) -> Served:
    return Served(_moved(root, "entities", "schemas/" + "s" * 295 + ".json", key="schema"))


@download_case("download-folder-name-400-bytes", errors.UnsafePathError, "400 bytes", requests=1)
def _(root: Path, outside: Path) -> Served:
    return Served(_moved(root, e.TEXT_RESOURCE, "data/" + "t" * 400 + "/edm-4-191.txt"))


@download_case("download-path-below-a-file", errors.UnsafePathError, "lies below 'data/claims.csv'", requests=1)
def _(root: Path, outside: Path) -> Served:
    return Served(_moved(root, "quotes", "data/claims.csv/quotes.csv"))


@download_case("download-schema-below-a-data-file", errors.UnsafePathError, "which is a file", requests=1)
def _(root: Path, outside: Path) -> Served:
    return Served(_moved(root, "claims", "data/mentions.csv/claims.schema.json", key="schema"))


@download_case("download-path-is-the-descriptor", errors.UnsafePathError, "descriptor's own place", requests=1)
def _(root: Path, outside: Path) -> Served:
    return Served(_named(root, e.TEXT_RESOURCE, path="datapackage.json"))


@download_case("download-path-below-the-descriptor", errors.UnsafePathError, "lies below 'datapackage.json'",
               requests=1)  # fmt: skip
def _(root: Path, outside: Path) -> Served:
    return Served(_moved(root, "citations", "datapackage.json/citations.csv"))


@download_case("download-path-names-no-file", errors.UnsafePathError, "names no file", requests=1)
def _(root: Path, outside: Path) -> Served:
    return Served(_named(root, "documents", path="./"))


# --- links planted in the download cache --------------------------------------------------------


def _link_at(*parts: str, target: str = "") -> Callable[[Path, str, Path], None]:
    """Plant ``cache/<parts…>`` as a link to ``outside/<target>``; ``{key}`` in a part is the URL's cache key."""

    def plant(cache: Path, url: str, outside: Path) -> None:
        path = cache.joinpath(*(p.format(key=_url_key(url)) for p in parts))
        path.parent.mkdir(parents=True, exist_ok=True)
        path.symlink_to(outside / target)

    return plant


@download_case("download-link-at-the-urls-folder", errors.UnsafePathError, "symbolic link", requests=0)
def _(root: Path, outside: Path) -> Served:
    return Served(package_files(root), plant=_link_at("urls"))


@download_case("download-link-at-the-package-folder", errors.UnsafePathError, "symbolic link", requests=0)
def _(root: Path, outside: Path) -> Served:
    return Served(package_files(root), plant=_link_at("urls", "{key}"))


@download_case("download-link-as-the-cached-descriptor", errors.UnsafePathError, "symbolic link", requests=0)
def _(root: Path, outside: Path) -> Served:
    (outside / "datapackage.json").write_bytes((root / "datapackage.json").read_bytes())
    return Served(package_files(root), plant=_link_at("urls", "{key}", "datapackage.json", target="datapackage.json"))


def _cached_copy_with_link(root: Path) -> Callable[[Path, str, Path], None]:
    """A complete cached copy of the package whose ``data`` folder is a link to ``outside``."""

    def plant(cache: Path, url: str, outside: Path) -> None:
        folder = cache / "urls" / _url_key(url)
        for path, data in package_files(root).items():
            if not path.startswith("data/"):
                (folder / path).parent.mkdir(parents=True, exist_ok=True)
                (folder / path).write_bytes(data)
        (folder / "data").symlink_to(outside)

    return plant


@download_case("download-link-inside-a-cached-package", errors.UnsafePathError, "symbolic link", requests=0)
def _(root: Path, outside: Path) -> Served:
    return Served(package_files(root), plant=_cached_copy_with_link(root))


@download_case("download-link-at-the-downloads-folder", errors.UnsafePathError, "symbolic link", requests=0)
def _(root: Path, outside: Path) -> Served:
    archive = package_zip(root, outside.parent / "release.zip")
    return Served({"release.zip": archive.read_bytes()}, entry="release.zip", plant=_link_at("downloads"))


@download_case("download-link-as-the-cached-zip", errors.UnsafePathError, "symbolic link", requests=0)
def _(root: Path, outside: Path) -> Served:
    archive = package_zip(root, outside / "release.zip")
    url_file = "release.zip"
    return Served({url_file: archive.read_bytes()}, entry=url_file,
                  plant=_link_at("downloads", "{key}.zip", target="release.zip"))  # fmt: skip


# --- one budget for the whole load, and nothing of a refused load kept --------------------------


#: Bytes of the largest file of the real package, plus a margin: each file fits, all together do not.
LARGEST_FILE = max(p.stat().st_size for p in (e.REPO / "data").rglob("*") if p.is_file())


@download_case("download-bytes-shared-by-all-files", errors.LimitError, "which all the files of one load share",
               max_download_bytes=LARGEST_FILE + 1_000)  # fmt: skip
def _(root: Path, outside: Path) -> Served:
    return Served(package_files(root))


# 16 files at 0.3 s each take about 5 s in all; each alone takes far less than the deadline.
@download_case("download-time-shared-by-all-files", errors.LimitError, "deadline of 2 s, which all the files",
               delay=0.3, download_deadline=2)  # fmt: skip
def _(root: Path, outside: Path) -> Served:
    return Served(package_files(root))


@download_case("download-descriptor-over-the-cap", errors.LimitError, "download size cap of 1000 bytes",
               requests=1, max_download_bytes=1_000)  # fmt: skip
def _(root: Path, outside: Path) -> Served:
    return Served(package_files(root))


@download_case("download-last-file-missing", errors.DownloadError, "HTTP 404")
def _(root: Path, outside: Path) -> Served:
    files = package_files(root)
    del files["schemas/quotes.schema.json"]
    return Served(files)


@download_case("download-last-file-other-bytes", errors.IntegrityError, "sha256")
def _(root: Path, outside: Path) -> Served:
    files = package_files(root)
    files["data/claim_entities.csv"] += b"x"
    return Served(files)


@download_case("download-refused-by-the-engine", errors.ValidationFailed, "claims row 3 column claim_id")
def _(root: Path, outside: Path) -> Served:
    e.set_cell(root, "claims", 3, "claim_id", e.cell(root, "claims", 2, "claim_id"))
    e.rehash(root)
    return Served(package_files(root))


@download_case("download-zip-refused-by-the-reader", errors.ArchiveError, "zip slip", requests=1)
def _(root: Path, outside: Path) -> Served:
    archive = package_zip(root, outside.parent / "slip.zip", extra={"../evil.txt": b"x"})
    return Served({"slip.zip": archive.read_bytes()}, entry="slip.zip")
