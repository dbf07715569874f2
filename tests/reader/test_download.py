"""``download()`` against a hostile HTTP server running in another process.

The server (``tests/hostile/http_server.py``) binds 127.0.0.1 only, logs every
request before answering it, ends itself after 120 s and is stopped by its PID
at teardown. Every refusal is checked for: the exact DatasetError subclass,
the deadline, an empty target directory, bytes on disk within the cap, no
credentials or control characters in the message, and exactly the requests
that were allowed.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import math
import os
import select
import signal
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest

import csto_annotations
from csto_annotations._base import _limits
from csto_annotations._base._errors import DownloadError, IntegrityError, LimitError, SourceError
from csto_annotations._base._text import printable
from csto_annotations._reader._download import download, parse_known_hash, redact
from hostile.http_server import PAYLOAD

HOSTILE = Path(__file__).resolve().parents[1] / "hostile"
SRC = Path(__file__).resolve().parents[2] / "src"
CERT = HOSTILE / "tls" / "test-only-cert.pem"
KEY = HOSTILE / "tls" / "test-only-key.pem"
SLACK = 1.0  # seconds a refusal may take beyond its deadline
CAP = 4 * 1024 * 1024
GOOD_HASH = "sha256:" + hashlib.sha256(PAYLOAD).hexdigest()
SECRETS = ("secret", "hunter2")

Request = tuple[str, str, int]  # (server, path without query, 1 if an Authorization header came)


@dataclass
class Server:
    """The running hostile server: its ports and its request log."""

    pid: int
    ports: dict[str, int]
    log: Path

    def url(self, route: str, *, server: str = "main", scheme: str = "http") -> str:
        """A URL with credentials and a secret query, so every message can be checked for them."""
        return f"{scheme}://user:secret@127.0.0.1:{self.ports[server]}{route}?token=hunter2"

    def requests(self) -> list[Request]:
        seen = []
        for line in self.log.read_text("utf-8").splitlines():
            name, path, auth, _ = line.split(" ")
            seen.append((name, path.split("?", 1)[0], int(auth.removeprefix("auth="))))
        return seen

    def arrivals(self, route: str) -> list[float]:
        lines = self.log.read_text("utf-8").splitlines()
        return [float(line.split(" ")[3]) for line in lines if line.split(" ")[1].split("?")[0] == route]


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    log = tmp_path_factory.mktemp("hostile-http") / "requests.log"
    log.touch()
    command = [sys.executable, str(HOSTILE / "http_server.py"), "--log", str(log), "--lifetime", "120"]
    command += ["--cert", str(CERT), "--key", str(KEY)]
    process = subprocess.Popen(command, stdout=subprocess.PIPE, text=True)
    assert process.stdout is not None
    try:
        ready, _, _ = select.select([process.stdout], [], [], 30)
        assert ready, "the hostile server did not start within 30 s"
        yield Server(process.pid, json.loads(process.stdout.readline()), log)
    finally:
        os.kill(process.pid, signal.SIGTERM)
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            os.kill(process.pid, signal.SIGKILL)
            process.wait(timeout=10)
        process.stdout.close()


@pytest.fixture(autouse=True)
def no_proxy_from_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    """The tests talk to 127.0.0.1 directly unless a test sets a proxy itself."""
    for name in list(os.environ):
        if name.lower().endswith("_proxy"):
            monkeypatch.delenv(name)


@dataclass
class DiskWatch:
    """Samples the target directory while a download runs: the most bytes on disk, the names seen."""

    directory: Path
    most: int = 0
    names: set[str] = field(default_factory=set)
    _stop: threading.Event = field(default_factory=threading.Event)

    def _sample(self) -> None:
        while not self._stop.is_set():
            total = 0
            try:
                with os.scandir(self.directory) as entries:
                    for entry in entries:
                        try:
                            total += entry.stat().st_size
                        except FileNotFoundError:
                            continue  # renamed or removed since the listing
                        self.names.add(entry.name)
            except FileNotFoundError:
                pass
            self.most = max(self.most, total)
            time.sleep(0.0005)

    @contextlib.contextmanager
    def running(self) -> Iterator[DiskWatch]:
        """Sample in a thread for the duration of the ``with`` block."""
        thread = threading.Thread(target=self._sample, daemon=True)
        thread.start()
        try:
            yield self
        finally:
            self._stop.set()
            thread.join()


def attempt(url: str, target: Path, **kwargs: Any) -> tuple[BaseException | None, float, DiskWatch]:
    """Run one download; return its error (or None), the seconds it took and the disk samples."""
    target.parent.mkdir(parents=True, exist_ok=True)
    started = time.monotonic()
    with DiskWatch(target.parent).running() as watch:
        try:
            download(url, target, **kwargs)
        except Exception as error:  # the tests check which one
            return error, time.monotonic() - started, watch
    return None, time.monotonic() - started, watch


def assert_clean_message(error: BaseException | None) -> None:
    assert error is not None, "the download should have failed"
    message = str(error)
    for secret in SECRETS:
        assert secret not in message, f"{secret!r} leaked into: {message}"
    assert printable(message) == message, f"control characters in: {message!r}"


# route, error, download() keywords, requests the server must see, text the message must hold
REFUSALS: list[tuple[str, type[Exception], dict[str, Any], list[Request], str]] = [
    ("/drip", LimitError, {"deadline": 3}, [("main", "/drip", 1)], "deadline of 3 s"),
    ("/drip-headers", LimitError, {"deadline": 3}, [("main", "/drip-headers", 1)], "download_deadline="),
    ("/slow-first-byte", LimitError, {"deadline": 3}, [("main", "/slow-first-byte", 1)], "deadline of 3 s"),
    (
        "/endless",
        LimitError,
        {"max_bytes": CAP},
        [("main", "/endless", 1)],
        f"the server sent more than the download size cap of {CAP}",
    ),
    ("/endless-raw", LimitError, {"max_bytes": CAP}, [("main", "/endless-raw", 1)], "max_download_bytes="),
    (
        "/gzip-bomb",
        LimitError,
        {"max_bytes": CAP},
        [("main", "/gzip-bomb", 1)],
        "decodes (Content-Encoding) to more than",
    ),
    (
        "/big-length",
        LimitError,
        {"max_bytes": CAP},
        [("main", "/big-length", 1)],
        "announces 1000000000000 bytes",
    ),
    ("/truncated", DownloadError, {}, [("main", "/truncated", 1)], "closed 990 bytes early"),
    ("/bad-encoding", DownloadError, {}, [("main", "/bad-encoding", 1)], "Content-Encoding 'br'"),
    (
        "/redirect-other",
        DownloadError,
        {},
        [("main", "/redirect-other", 1)],
        "allow_redirects_to=['127.0.0.1']",
    ),
    (
        "/redirect-file",
        DownloadError,
        {},
        [("main", "/redirect-file", 1)],
        "redirect to file:///etc/passwd: only http",
    ),
    ("/redirect-https", DownloadError, {}, [("main", "/redirect-https", 1)], "same scheme, host and port"),
    ("/redirect-escape", DownloadError, {}, [("main", "/redirect-escape", 1)], "file:///\\x1b[2J"),
    ("/loop", DownloadError, {}, [("main", "/loop", 1)] * 6, "more than 5 redirects"),
    (
        "/chain/6",
        DownloadError,
        {},
        [("main", f"/chain/{n}", 1) for n in range(6, 0, -1)],
        "more than 5 redirects",
    ),
    (
        "/status/404",
        DownloadError,
        {},
        [("main", "/status/404", 1)],
        "HTTP 404 Not Found; the file is not there",
    ),
    ("/status/500", DownloadError, {}, [("main", "/status/500", 1)], "HTTP 500 Internal Server Error"),
    ("/many-headers", DownloadError, {}, [("main", "/many-headers", 1)], "got more than 100 headers"),
    ("/long-header", DownloadError, {}, [("main", "/long-header", 1)], "LineTooLong"),
    ("/continue-forever", LimitError, {"deadline": 2}, [("main", "/continue-forever", 1)], "deadline of 2 s"),
    ("/garbage-status", DownloadError, {}, [("main", "/garbage-status", 1)], "BadStatusLine: \\x1b[31mHELLO"),
    ("/bad-chunk", DownloadError, {}, [("main", "/bad-chunk", 1)], "download failed"),
    ("/drip-chunk-size", LimitError, {"deadline": 2}, [("main", "/drip-chunk-size", 1)], "deadline of 2 s"),
    (
        "/redirect-no-location",
        DownloadError,
        {},
        [("main", "/redirect-no-location", 1)],
        "without a Location",
    ),
    (
        "/redirect-protocol-relative",
        DownloadError,
        {},
        [("main", "/redirect-protocol-relative", 1)],
        "leaves http://127.0.0.1",
    ),
    ("/double-gzip", DownloadError, {}, [("main", "/double-gzip", 1)], "Content-Encoding 'gzip, gzip'"),
    ("/not-gzip", DownloadError, {}, [("main", "/not-gzip", 1)], "compressed body is corrupt"),
    ("/truncated-gzip", DownloadError, {}, [("main", "/truncated-gzip", 1)], "compressed body is truncated"),
    (
        "/gzip-trailing",
        DownloadError,
        {},
        [("main", "/gzip-trailing", 1)],
        "data after the end of the compressed body",
    ),
]


@pytest.mark.parametrize(("route", "kind", "kwargs", "expected", "needle"), REFUSALS, ids=[r[0] for r in REFUSALS])
def test_hostile_route_is_refused_cleanly(
    server: Server,
    tmp_path: Path,
    route: str,
    kind: type[Exception],
    kwargs: dict[str, Any],
    expected: list[Request],
    needle: str,
) -> None:
    before = len(server.requests())
    kwargs = {"deadline": 10.0, "max_bytes": CAP, **kwargs}
    error, elapsed, watch = attempt(server.url(route), tmp_path / "dl" / "x.bin", **kwargs)
    assert type(error) is kind, f"{route}: {error!r}"
    assert needle in str(error), str(error)
    assert elapsed < kwargs["deadline"] + SLACK, f"{route} took {elapsed:.1f} s"
    assert list((tmp_path / "dl").iterdir()) == [], "nothing partial may stay"
    assert watch.most <= kwargs["max_bytes"]
    assert_clean_message(error)
    assert server.requests()[before:] == expected


@pytest.mark.parametrize("route", ["/endless", "/endless-raw"])
def test_endless_body_never_exceeds_the_cap_on_disk(server: Server, tmp_path: Path, route: str) -> None:
    error, _, watch = attempt(server.url(route), tmp_path / "x.bin", max_bytes=CAP)
    assert type(error) is LimitError
    parts = {name for name in watch.names if name.startswith(".x.bin.") and name.endswith(".part")}
    assert parts, f"the sampler saw no temporary file: {watch.names}"
    assert 0 < watch.most <= CAP
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize("route", ["/good", "/good-gzip", "/good-deflate", "/chain/5", "/auth"])
def test_good_file_is_downloaded_decoded_and_pinned(server: Server, tmp_path: Path, route: str) -> None:
    before = len(server.requests())
    target = tmp_path / "cache" / "x.bin"
    assert download(server.url(route), target, known_hash=GOOD_HASH, max_bytes=CAP, deadline=10) == target
    assert target.read_bytes() == PAYLOAD
    assert [p.name for p in target.parent.iterdir()] == ["x.bin"]
    hops = [("main", f"/chain/{n}", 1) for n in range(5, -1, -1)] if route == "/chain/5" else [("main", route, 1)]
    assert server.requests()[before:] == hops


def test_cap_holds_at_the_limit_and_refuses_one_byte_more(server: Server, tmp_path: Path) -> None:
    for route in ("/good", "/good-gzip"):
        target = tmp_path / route.strip("/") / "x.bin"
        download(server.url(route), target, max_bytes=len(PAYLOAD), deadline=10)
        assert target.read_bytes() == PAYLOAD
        error, _, watch = attempt(
            server.url(route), tmp_path / f"{route.strip('/')}-over" / "x.bin", max_bytes=len(PAYLOAD) - 1
        )
        assert type(error) is LimitError and watch.most <= len(PAYLOAD) - 1
        assert list((tmp_path / f"{route.strip('/')}-over").iterdir()) == []


@pytest.mark.parametrize("route", ["/redirect-userinfo", "/redirect-absolute-same"])
def test_same_origin_redirect_keeps_the_callers_credentials_only(server: Server, tmp_path: Path, route: str) -> None:
    before = len(server.requests())
    download(server.url(route), tmp_path / "x.bin", known_hash=GOOD_HASH)
    assert server.requests()[before:] == [("main", route, 1), ("main", "/auth", 1)]


@pytest.mark.parametrize(
    ("allow", "followed"), [("127.0.0.1:{other}", True), ("127.0.0.1:{main}", False), ("localhost", False)]
)
def test_allow_list_names_a_host_or_a_host_and_port(server: Server, tmp_path: Path, allow: str, followed: bool) -> None:
    before = len(server.requests())
    entry = allow.format(other=server.ports["other"], main=server.ports["main"])
    error, _, _ = attempt(server.url("/redirect-other"), tmp_path / "x.bin", allow_redirects_to=[entry])
    assert (error is None) is followed, error
    assert len(server.requests()) - before == (2 if followed else 1)


@pytest.mark.parametrize("allow", ["127.0.0.1", [5], None])
def test_allow_list_must_be_a_list_of_strings(server: Server, tmp_path: Path, allow: Any) -> None:
    before = len(server.requests())
    with pytest.raises(SourceError, match="allow_redirects_to must be a list of host names"):
        download(server.url("/redirect-other"), tmp_path / "x.bin", allow_redirects_to=allow)
    assert len(server.requests()) == before


def test_allowed_host_is_followed_without_the_credentials(server: Server, tmp_path: Path) -> None:
    before = len(server.requests())
    target = tmp_path / "x.bin"
    download(server.url("/auth-redirect-other"), target, known_hash=GOOD_HASH, allow_redirects_to=["127.0.0.1"])
    assert target.read_bytes() == PAYLOAD
    assert server.requests()[before:] == [("main", "/auth-redirect-other", 1), ("other", "/good", 0)]


def test_allowed_host_is_never_reached_by_an_https_downgrade(
    server: Server, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("SSL_CERT_FILE", str(CERT))
    before = len(server.requests())
    url = server.url("/redirect-other", server="tls", scheme="https")
    error, _, _ = attempt(url, tmp_path / "x.bin", allow_redirects_to=["127.0.0.1"])
    assert type(error) is DownloadError and "refused to follow a redirect to http://127.0.0.1" in str(error)
    assert_clean_message(error)
    assert server.requests()[before:] == [("tls", "/redirect-other", 1)]
    assert list(tmp_path.iterdir()) == []


def test_https_download_verifies_the_certificate(
    server: Server, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    url = server.url("/good-gzip", server="tls", scheme="https")
    monkeypatch.delenv("SSL_CERT_FILE", raising=False)
    error, _, _ = attempt(url, tmp_path / "untrusted" / "x.bin")
    assert type(error) is DownloadError and "CERTIFICATE_VERIFY_FAILED" in str(error), str(error)
    assert_clean_message(error)
    assert list((tmp_path / "untrusted").iterdir()) == []
    monkeypatch.setenv("SSL_CERT_FILE", str(CERT))
    target = tmp_path / "trusted" / "x.bin"
    download(url, target, known_hash=GOOD_HASH, deadline=10)
    assert target.read_bytes() == PAYLOAD


def test_tls_drip_is_cut_at_the_deadline(server: Server, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SSL_CERT_FILE", str(CERT))
    error, elapsed, _ = attempt(
        server.url("/drip-headers", server="tls", scheme="https"), tmp_path / "x.bin", deadline=2
    )
    assert type(error) is LimitError and elapsed < 2 + SLACK
    assert list(tmp_path.iterdir()) == []


def test_read_timeout_applies_to_each_read(server: Server, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(_limits, "READ_TIMEOUT", 1.0)
    error, elapsed, _ = attempt(server.url("/slow-first-byte"), tmp_path / "x.bin", deadline=10)
    assert type(error) is DownloadError and "sent nothing for 1 s" in str(error), str(error)
    assert elapsed < 1 + SLACK
    assert_clean_message(error)
    assert list(tmp_path.iterdir()) == []


def test_hash_mismatch_keeps_nothing_and_leaves_the_old_target(server: Server, tmp_path: Path) -> None:
    target = tmp_path / "x.bin"
    target.write_bytes(b"the copy another process finished")
    wrong = "sha256:" + "0" * 64
    error, _, _ = attempt(server.url("/good"), target, known_hash=wrong)
    assert isinstance(error, IntegrityError) and type(error) is IntegrityError
    assert (error.expected, error.actual) == (wrong, GOOD_HASH)
    assert_clean_message(error)
    assert [p.name for p in tmp_path.iterdir()] == ["x.bin"]
    assert target.read_bytes() == b"the copy another process finished"
    for route in ("/endless", "/drip"):
        error, _, _ = attempt(server.url(route), target, deadline=2, max_bytes=CAP)
        assert type(error) is LimitError
        assert target.read_bytes() == b"the copy another process finished"


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def test_connection_refused_is_a_download_error(tmp_path: Path) -> None:
    error, elapsed, _ = attempt(f"http://user:secret@127.0.0.1:{_free_port()}/x.zip?token=hunter2", tmp_path / "x")
    assert type(error) is DownloadError and "ConnectionRefusedError" in str(error)
    assert elapsed < SLACK
    assert_clean_message(error)
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize(
    "url",
    [
        "file:///etc/passwd",
        "ftp://user:secret@127.0.0.1/x.zip",
        "data:text/plain,hunter2",
        "127.0.0.1:8000/x.zip",
        "http:///no-host",
        "http://127.0.0.1:99999/x",
        "http://exa mple.org/x",
        "gopher://127.0.0.1:70/x",
    ],
)
def test_other_schemes_and_bad_urls_send_nothing(server: Server, tmp_path: Path, url: str) -> None:
    before = len(server.requests())
    with pytest.raises(SourceError) as caught:
        download(url, tmp_path / "dl" / "x")
    assert "secret" not in str(caught.value)
    assert printable(str(caught.value)) == str(caught.value)
    assert not (tmp_path / "dl").exists()
    assert len(server.requests()) == before


@pytest.mark.parametrize(
    "known_hash", [5, b"sha256:" + b"0" * 64, ["sha256"], "md5:" + "0" * 32, "sha256:xyz", "0" * 63]
)
def test_malformed_known_hash_is_refused_before_any_request(server: Server, tmp_path: Path, known_hash: Any) -> None:
    before = len(server.requests())
    with pytest.raises(SourceError, match="known_hash"):
        download(server.url("/good"), tmp_path / "x", known_hash=known_hash)
    assert len(server.requests()) == before and list(tmp_path.iterdir()) == []


def test_known_hash_is_normalised() -> None:
    assert parse_known_hash("  " + "AB" * 32 + " ") == "sha256:" + "ab" * 32
    assert parse_known_hash("SHA256:" + "0F" * 32) == "sha256:" + "0f" * 32


@pytest.mark.parametrize(
    ("max_bytes", "deadline"),
    [(0, 1.0), (-1, 1.0), (True, 1.0), (1.5, 1.0), (1, 0), (1, math.nan), (1, math.inf), (1, "3")],
)
def test_bounds_must_be_positive_numbers(tmp_path: Path, max_bytes: Any, deadline: Any) -> None:
    with pytest.raises(SourceError, match=r"max_download_bytes|download_deadline"):
        download("http://127.0.0.1:1/x", tmp_path / "x", max_bytes=max_bytes, deadline=deadline)


@pytest.mark.parametrize(
    ("url", "shown"),
    [
        ("https://user:secret@example.org/a.zip?token=x", "https://***@example.org/a.zip?***"),
        ("https://token@example.org/a.zip", "https://***@example.org/a.zip"),
        ("http://example.org/p/datapackage.json#frag", "http://example.org/p/datapackage.json"),
        ("http://a:b@c@example.org/x", "http://***@example.org/x"),
        ("http://example.org/\x1b[2J\x07", "http://example.org/\\x1b[2J\\x07"),
        ("http://[::1/x", "<an unparseable URL>"),
    ],
)
def test_redact(url: str, shown: str) -> None:
    assert redact(url) == shown


def test_redact_shortens_long_urls() -> None:
    shown = redact("http://example.org/" + "a" * 5000)
    assert len(shown) == 300 and shown.endswith("…")


_CHILD = (
    "import pathlib, sys\n"
    "from csto_annotations._reader._download import download\n"
    "download(sys.argv[1], pathlib.Path(sys.argv[2]), known_hash=sys.argv[3], deadline=20)\n"
)


def test_two_processes_download_the_same_url_into_the_same_target(server: Server, tmp_path: Path) -> None:
    before = len(server.arrivals("/slow-good"))
    target = tmp_path / "cache" / "x.bin"
    env = {**os.environ, "PYTHONPATH": str(SRC)}  # the autouse fixture removed any proxy
    command = [sys.executable, "-c", _CHILD, server.url("/slow-good"), str(target), GOOD_HASH]
    children = [subprocess.Popen(command, env=env, stderr=subprocess.PIPE, text=True) for _ in range(2)]
    results = [child.communicate(timeout=30) for child in children]
    assert [child.returncode for child in children] == [0, 0], results
    first, second = server.arrivals("/slow-good")[before:]
    assert abs(first - second) < 1.5, "the two downloads did not overlap (each takes at least 1.6 s)"
    assert target.read_bytes() == PAYLOAD
    assert [p.name for p in target.parent.iterdir()] == ["x.bin"]


def _proxy(server: Server, credentials: str = "puser:psecret") -> str:
    return f"http://{credentials}@127.0.0.1:{server.ports['proxy']}"


def test_http_goes_through_the_environment_proxy(
    server: Server, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("HTTP_PROXY", _proxy(server))
    before = len(server.requests())
    download(server.url("/good-gzip"), tmp_path / "x.bin", known_hash=GOOD_HASH, deadline=10)
    assert (tmp_path / "x.bin").read_bytes() == PAYLOAD
    absolute = f"http://127.0.0.1:{server.ports['main']}/good-gzip"
    assert server.requests()[before:] == [("proxy", absolute, 1), ("main", "/good-gzip", 1)]


def test_https_goes_through_a_connect_tunnel(server: Server, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SSL_CERT_FILE", str(CERT))
    monkeypatch.setenv("HTTPS_PROXY", _proxy(server))
    before = len(server.requests())
    download(server.url("/good", server="tls", scheme="https"), tmp_path / "x.bin", known_hash=GOOD_HASH)
    assert (tmp_path / "x.bin").read_bytes() == PAYLOAD
    assert server.requests()[before:] == [
        ("proxy", f"127.0.0.1:{server.ports['tls']}", 1),
        ("tls", "/good", 1),
    ]


@pytest.mark.parametrize(
    ("scheme", "variable", "route"),
    [("http", "HTTP_PROXY", "/drip"), ("https", "HTTPS_PROXY", "/drip-headers")],
)
def test_deadline_holds_through_the_proxy(
    server: Server, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, scheme: str, variable: str, route: str
) -> None:
    monkeypatch.setenv("SSL_CERT_FILE", str(CERT))
    monkeypatch.setenv(variable, _proxy(server))
    url = server.url(route, server="tls" if scheme == "https" else "main", scheme=scheme)
    error, elapsed, _ = attempt(url, tmp_path / "x.bin", deadline=2)
    assert type(error) is LimitError and elapsed < 2 + SLACK
    assert_clean_message(error)
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize(
    ("scheme", "variable", "needle"),
    [
        ("http", "HTTP_PROXY", "HTTP 407 Proxy Authentication Required"),
        ("https", "HTTPS_PROXY", "refused the tunnel (HTTP/1.1 407"),
    ],
)
def test_proxy_refusal_never_shows_the_proxy_password(
    server: Server, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, scheme: str, variable: str, needle: str
) -> None:
    monkeypatch.setenv(variable, _proxy(server, "puser:wrongsecret"))
    url = server.url("/good", server="tls" if scheme == "https" else "main", scheme=scheme)
    before = len(server.requests())
    error, _, _ = attempt(url, tmp_path / "x.bin")
    assert type(error) is DownloadError and needle in str(error), str(error)
    assert "wrongsecret" not in str(error)
    assert_clean_message(error)
    assert [name for name, _, _ in server.requests()[before:]] == ["proxy"]
    assert list(tmp_path.iterdir()) == []


def test_a_refused_tunnel_leaves_no_socket_open(
    server: Server, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The proxy's reply is read through a file over the socket; unless that file is closed, every refusal kept
    alive (here, in a list of errors whose tracebacks hold it) would keep its socket open."""
    monkeypatch.setenv("HTTPS_PROXY", _proxy(server, "puser:wrongsecret"))
    url = server.url("/good", server="tls", scheme="https")
    attempt(url, tmp_path / "warm.bin")  # the server's threads and the TLS context are made once
    before = len(os.listdir("/proc/self/fd"))
    errors = [attempt(url, tmp_path / f"{number}.bin")[0] for number in range(10)]
    assert all(type(error) is DownloadError and "refused the tunnel" in str(error) for error in errors)
    assert len(os.listdir("/proc/self/fd")) <= before + 2, "a socket per refusal is still open"


@pytest.mark.parametrize(
    ("no_proxy", "proxied"),
    [
        ("*", False),
        (" *", False),
        ("127.0.0.2, *", False),
        ("*.0.0.1", False),
        ("example.org, 127.0.0.1", False),
        ("127.0.0.1:{port}", False),
        ("127.0.0.2,example.org", True),
        ("", True),
    ],
)
def test_no_proxy_sends_listed_hosts_directly(
    server: Server, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, no_proxy: str, proxied: bool
) -> None:
    monkeypatch.setenv("HTTP_PROXY", _proxy(server))
    monkeypatch.setenv("NO_PROXY", no_proxy.format(port=server.ports["main"]))
    before = len(server.requests())
    download(server.url("/good"), tmp_path / "x.bin", known_hash=GOOD_HASH)
    assert [name for name, _, _ in server.requests()[before:]] == (["proxy", "main"] if proxied else ["main"])


def test_an_https_proxy_address_is_refused(server: Server, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("HTTP_PROXY", f"https://puser:psecret@127.0.0.1:{server.ports['proxy']}")
    before = len(server.requests())
    error, _, _ = attempt(server.url("/good"), tmp_path / "x.bin")
    assert type(error) is DownloadError and "only http:// proxies" in str(error)
    assert "psecret" not in str(error)
    assert len(server.requests()) == before


@pytest.mark.parametrize("allow", ["127.0.0.1", 5, [5]])
def test_load_refuses_an_allow_list_that_is_no_list_of_strings(server: Server, allow: Any) -> None:
    # load() turns an iterable into a tuple; a bare string must not become a tuple of one-letter hosts.
    before = len(server.requests())
    with pytest.raises(SourceError, match="allow_redirects_to must be a list of host names"):
        csto_annotations.load(server.url("/redirect-other.zip"), allow_redirects_to=allow)
    assert len(server.requests()) == before


@pytest.mark.parametrize("local", [False, True], ids=["bundled", "folder"])
@pytest.mark.parametrize("allow", ["127.0.0.1", 5, [5], object()], ids=["string", "int", "list-of-int", "object"])
def test_load_refuses_a_bad_allow_list_even_when_nothing_is_downloaded(local: bool, allow: Any) -> None:
    source = str(csto_annotations.load().root) if local else None
    with pytest.raises(SourceError, match="allow_redirects_to must be a list of host names"):
        csto_annotations.load(source, allow_redirects_to=allow)
