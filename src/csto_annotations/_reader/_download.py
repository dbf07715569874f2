"""Bounded HTTP(S) downloads: one URL, one budget of bytes and time, nothing partial left.

:func:`download` is the only code in the package that talks to the network.
It sends requests only to the URL it is given and to redirects the caller
allows, and it enforces, while streaming, the limits of a :class:`Budget`,
which every file of one load shares:

* an overall deadline (connect, TLS, headers, every read and every redirect
  of every file), kept by a watchdog that shuts the socket down, so a server
  that sends one byte every few seconds cannot hold it open;
* a size cap on the bytes received *and* on the bytes written after
  ``Content-Encoding`` (gzip, deflate) is decoded, so a gzip bomb stops at
  the cap; a ``Content-Length`` above what is left is refused before the body;
* a per-read timeout (:data:`~csto_annotations._base._limits.READ_TIMEOUT`).

The body goes to a uniquely named temporary file beside ``target``, created
relative to its open folder without following links (:mod:`._cache`), is
checked against ``known_hash``, and only then is renamed onto ``target``;
on any failure the temporary file is removed. URLs in messages go through
:func:`redact`, so credentials and query strings are never printed.

Example
-------
>>> redact("https://user:secret@example.org/a.zip?token=x")
'https://***@example.org/a.zip?***'
"""

from __future__ import annotations

import base64
import contextlib
import hashlib
import os
import socket
import threading
import time
import zlib
from collections.abc import Callable, Collection, Iterable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING, NamedTuple
from urllib.parse import quote, unquote, urljoin, urlsplit, urlunsplit

from .._base import _limits
from .._base._errors import DatasetError, DownloadError, IntegrityError, LimitError, SourceError
from .._base._text import printable
from ._cache import Folder

if TYPE_CHECKING:
    import http.client

__all__ = ["Budget", "allowed_hosts", "download", "parse_known_hash", "redact"]

_CHUNK = 64 * 1024
_DEFAULT_PORTS = {"http": 80, "https": 443}
# Characters left as they are when a path is quoted for the request line (RFC 3986 reserved + '%').
_PATH_SAFE = "/%!$&'()*+,;=:@-._~?"
# A hostile Location header may be long; messages show at most this much of a URL.
_MAX_URL_CHARS = 300
# The Content-Encodings decoded besides identity, and zlib's window bits for each (16 + : a gzip header and trailer).
_WBITS = {"gzip": 16 + zlib.MAX_WBITS, "x-gzip": 16 + zlib.MAX_WBITS, "deflate": zlib.MAX_WBITS}


def redact(url: str) -> str:
    """Return ``url`` safe to print: no credentials, no query, no fragment, no control characters.

    User info (``user:password@``) becomes ``***@`` and a query string
    becomes ``?***``; the rest is kept so the message still says which file
    failed. Long URLs are shortened.

    Parameters
    ----------
    url : str
        Any URL, including a hostile ``Location`` header.

    Returns
    -------
    str
        The printable, redacted URL.

    Example
    -------
    >>> redact("http://user:secret@127.0.0.1:8000/x.json?sig=abc#frag")
    'http://***@127.0.0.1:8000/x.json?***'
    >>> redact("file:///etc/passwd")
    'file:///etc/passwd'
    """
    try:
        parts = urlsplit(str(url))
    except ValueError:
        return "<an unparseable URL>"
    netloc = "***@" + parts.netloc.rsplit("@", 1)[1] if "@" in parts.netloc else parts.netloc
    text = urlunsplit((parts.scheme, netloc, parts.path, "***" if parts.query else "", ""))
    text = printable(text, keep_newlines=False)
    return text if len(text) <= _MAX_URL_CHARS else text[: _MAX_URL_CHARS - 1] + "…"


def parse_known_hash(known_hash: object) -> str | None:
    """Return ``known_hash`` as ``sha256:<64 lowercase hex>``, or None when it is None.

    Parameters
    ----------
    known_hash : object
        ``None``, ``"sha256:<hex>"`` or a bare hex digest, in any case.

    Raises
    ------
    SourceError
        When it is not a string or not a sha256 digest.

    Example
    -------
    >>> parse_known_hash(" SHA256:" + "AB" * 32) == "sha256:" + "ab" * 32
    True
    >>> parse_known_hash(None) is None
    True
    """
    if known_hash is None:
        return None
    if not isinstance(known_hash, str):
        raise SourceError(
            f"known_hash must be a string 'sha256:<64 hex digits>', got a {type(known_hash).__name__}; "
            "pass the release's sha256 as text."
        )
    digest = known_hash.strip().lower().removeprefix("sha256:")
    if len(digest) != 64 or any(c not in "0123456789abcdef" for c in digest):
        raise SourceError(
            f"known_hash {printable(known_hash[:80], keep_newlines=False)!r} is not a sha256 digest; "
            "expected 'sha256:' followed by 64 hex digits."
        )
    return "sha256:" + digest


def allowed_hosts(allow: object) -> tuple[str, ...]:
    """Return ``allow_redirects_to`` as a tuple of host names, or raise a SourceError.

    ``load()`` checks it before anything is resolved, so a bad value is
    refused even when nothing is downloaded; a bare string is refused, as it
    would be read as a list of one-letter hosts.

    Example
    -------
    >>> allowed_hosts(["example.org", "example.net:8443"])
    ('example.org', 'example.net:8443')
    >>> allowed_hosts("example.org")
    Traceback (most recent call last):
    ...
    csto_annotations._base._errors.SourceError: allow_redirects_to must be a list of host names such as ['example.org'], got 'example.org'.
    """
    hosts = tuple(allow) if isinstance(allow, Iterable) and not isinstance(allow, str) else None
    if hosts is None or not all(isinstance(host, str) for host in hosts):
        raise SourceError(f"allow_redirects_to must be a list of host names such as ['example.org'], got {allow!r}.")
    return hosts


class _Target(NamedTuple):
    """One parsed http(s) URL: where to connect and what to ask for; ``[:3]`` is its origin."""

    scheme: str
    host: str
    port: int
    path: str
    authorization: str | None
    url: str  # as given, for resolving a relative redirect


def _parse(url: str, refuse: Callable[[str], DatasetError]) -> _Target:
    """Parse an http(s) URL, or raise ``refuse(<what is wrong with it>)``."""
    try:
        parts = urlsplit(url)
        port = parts.port
        host = (parts.hostname or "").encode("idna").decode("ascii")
    except (ValueError, UnicodeError):
        raise refuse("not a valid URL; check its host and port") from None
    scheme = parts.scheme  # urlsplit lowers it
    if scheme not in _DEFAULT_PORTS:
        shown = printable(scheme or "no scheme", keep_newlines=False)
        raise refuse(f"only http:// and https:// URLs are downloaded (got {shown!r})")
    if not host or any(not (c.isalnum() or c in ".-_:%") for c in host):
        raise refuse("no valid host name; check the URL")
    path = quote((parts.path or "/") + ("?" + parts.query if parts.query else ""), safe=_PATH_SAFE)
    # Credentials in the URL: HTTP Basic auth.
    token = f"{unquote(parts.username or '')}:{unquote(parts.password or '')}".encode()
    auth = None if parts.username is None else "Basic " + base64.b64encode(token).decode("ascii")
    return _Target(scheme, host, port or _DEFAULT_PORTS[scheme], path, auth, url)


class Budget:
    """What one load may spend on downloads: bytes and seconds, shared by every file it fetches.

    The clock starts when the budget is made; every download given the
    budget stops at its ``end``, and its bytes (received or decoded, the
    larger) are subtracted from what is left, refused downloads included.

    Parameters
    ----------
    max_bytes : int
        Bytes all the downloads together may receive, and decode to.
    deadline : float
        Seconds all the downloads together may take.

    Raises
    ------
    SourceError
        When either is not a positive number.

    Example
    -------
    >>> budget = Budget(max_bytes=100, deadline=60)
    >>> budget.spent += 40
    >>> budget.max_bytes - budget.spent
    60
    """

    def __init__(
        self, max_bytes: int = _limits.DEFAULT_MAX_DOWNLOAD_BYTES, deadline: float = _limits.DEFAULT_DOWNLOAD_DEADLINE
    ) -> None:
        if isinstance(max_bytes, bool) or not isinstance(max_bytes, int) or max_bytes <= 0:
            raise SourceError(f"max_download_bytes must be a positive integer, got {max_bytes!r}.")
        if isinstance(deadline, bool) or not isinstance(deadline, (int, float)) or not 0 < deadline < float("inf"):
            raise SourceError(f"download_deadline must be a positive number of seconds, got {deadline!r}.")
        self.max_bytes = max_bytes
        self.deadline = float(deadline)
        self.end = time.monotonic() + self.deadline
        self.spent = 0


class _Job:
    """One download: its URL and bounds for every step and message, its connection, and the watchdog of its deadline.

    When the deadline passes, the watchdog shuts the current socket down. That
    wakes any read blocked inside :mod:`http.client` (headers, chunk sizes,
    body), which a per-read timeout cannot do against a server that sends one
    byte just before each timeout.
    """

    def __init__(self, url: str, budget: Budget) -> None:
        self.shown, self.budget = redact(url), budget
        self.received = self.written = 0
        self.max_bytes = max(0, budget.max_bytes - budget.spent)  # what this file may use of the load's cap
        self.connection: http.client.HTTPConnection | None = None
        self._sock: socket.socket | None = None
        self._lock = threading.Lock()
        self.expired = False  # set by the watchdog: its wait may end early when the wall clock jumps
        self.timer = threading.Timer(max(0.0, budget.end - time.monotonic()), self.watch, kwargs={"expire": True})
        self.timer.daemon = True
        self.timer.start()

    def watch(self, sock: socket.socket | None = None, *, expire: bool = False) -> None:
        """Make ``sock`` the socket to shut down (None before closing it); ``expire``: the deadline passed."""
        with self._lock:
            self._sock = self._sock if expire else sock
            self.expired |= expire
            if self._sock is not None and self.passed():
                # The plain socket's shutdown, also for an SSLSocket: it acts on the
                # connection without touching the TLS state another thread is using.
                with contextlib.suppress(OSError):
                    socket.socket.shutdown(self._sock, socket.SHUT_RDWR)

    def passed(self) -> bool:
        return self.expired or time.monotonic() >= self.budget.end

    def close(self) -> None:
        """Stop watching the socket, then close the connection (never the other way round: fds get reused)."""
        self.watch(None)
        if self.connection is not None:
            self.connection.close()

    def deadline_error(self) -> LimitError:
        return LimitError(
            f"{self.shown}: the download did not finish within the deadline of {self.budget.deadline:g} s, "
            "which all the files of one load share; nothing was kept. The server is slow or stalling; if it "
            "is just slow, raise the deadline with load(..., download_deadline=<seconds>)."
        )

    def size_error(self, what: str) -> LimitError:
        cap = f"the download size cap of {self.budget.max_bytes} bytes"
        if self.budget.spent:
            cap = (
                f"the {self.max_bytes} bytes left of {cap}, which all the files of one load share "
                f"({self.budget.spent} bytes were spent before this file)"
            )
        return LimitError(
            f"{self.shown}: {what} more than {cap}; nothing was kept. If the files really are that "
            "large, raise the cap with load(..., max_download_bytes=<bytes>)."
        )

    def network_error(self, error: BaseException) -> DatasetError:
        if self.passed():
            return self.deadline_error()
        if isinstance(error, TimeoutError):
            return DownloadError(
                f"{self.shown}: the server sent nothing for {_limits.READ_TIMEOUT:g} s; try again later, "
                "or download the file yourself and pass its path."
            )
        detail = printable(f"{type(error).__name__}: {error}", keep_newlines=False)[:200]
        return DownloadError(
            f"{self.shown}: download failed ({detail}). Check the network connection and the URL, "
            "or download the file yourself and pass its path."
        )


def _proxy_for(target: _Target, job: _Job) -> _Target | None:
    """Return the http:// proxy the environment (``HTTP_PROXY``, ``HTTPS_PROXY``) names for ``target``,
    unless ``NO_PROXY`` exempts its host."""
    import urllib.request

    proxies = urllib.request.getproxies_environment()
    value = proxies.get(target.scheme)
    if not value or _bypassed(target, proxies.get("no", "")):
        return None
    variable = f"{target.scheme}_proxy"
    url = value if "://" in value else "http://" + value
    proxy = _parse(url, lambda why: DownloadError(f"{job.shown}: the {variable} environment variable: {why}."))
    if proxy.scheme != "http":
        raise DownloadError(
            f"{job.shown}: the {variable} environment variable names a {proxy.scheme}:// proxy; "
            "only http:// proxies are supported. Set it to the proxy's http:// address, or unset it."
        )
    return proxy


def _bypassed(target: _Target, no_proxy: str) -> bool:
    """Say whether ``NO_PROXY`` (``*``, hosts, ``.domain`` suffixes, ``host:port``) exempts ``target``."""
    entries = {item.strip().lower() for item in no_proxy.split(",")}
    names = {entry.removeprefix("*").removeprefix(".") for entry in entries} - {""}
    host, authority = target.host, f"{target.host}:{target.port}"
    return "*" in entries or any(name in (host, authority) or host.endswith("." + name) for name in names)


def _authority(target: _Target) -> str:
    """Return ``host:port`` for a request line, with an IPv6 address in brackets."""
    return f"[{target.host}]:{target.port}" if ":" in target.host else f"{target.host}:{target.port}"


def _connect(connection: http.client.HTTPConnection, via: _Target, job: _Job) -> socket.socket:
    """Connect ``connection`` to the first address of ``via`` that answers, each attempt under the watchdog.

    Unlike :func:`socket.create_connection`, a host with many addresses cannot
    multiply the timeout: every attempt gets only what is left of the deadline.
    """
    addresses = socket.getaddrinfo(via.host, via.port, type=socket.SOCK_STREAM)
    for number, (family, type_, proto, _, address) in enumerate(addresses, 1):
        if job.passed():
            raise job.deadline_error()
        connection.sock = sock = socket.socket(family, type_, proto)
        job.watch(sock)
        sock.settimeout(max(0.05, min(_limits.READ_TIMEOUT, job.budget.end - time.monotonic())))
        try:
            sock.connect(address)
            return sock
        except OSError:
            job.close()
            if number == len(addresses):
                raise
    raise OSError(f"{via.host} has no address")


def _tunnel(sock: socket.socket, target: _Target, proxy: _Target, job: _Job) -> None:
    """Ask the proxy for a tunnel to ``target`` (CONNECT) and check that it agreed."""
    import http.client

    authority = _authority(target)
    credentials = f"Proxy-Authorization: {proxy.authorization}\r\n" if proxy.authorization else ""
    sock.sendall(f"CONNECT {authority} HTTP/1.1\r\nHost: {authority}\r\n{credentials}\r\n".encode())
    # The proxy sends nothing after its reply until our TLS hello, so reading it takes nothing of the tunnel.
    reply = http.client.HTTPResponse(sock, method="CONNECT")
    try:
        reply.begin()
    except http.client.HTTPException:  # the watchdog's shutdown ends a reply that trickles past the deadline too
        broken = DownloadError(f"{job.shown}: the proxy {proxy.host}:{proxy.port} sent a broken CONNECT reply.")
        raise job.deadline_error() if job.passed() else broken from None
    finally:  # its file holds the socket open until closed; the socket itself stays open
        reply.close()
    if reply.status // 100 != 2:
        status = printable(f"HTTP/{reply.version / 10} {reply.status} {reply.reason}"[:80], keep_newlines=False)
        raise DownloadError(
            f"{job.shown}: the proxy {proxy.host}:{proxy.port} refused the tunnel ({status}); check the "
            "https_proxy environment variable and any credentials the proxy needs."
        )


def _request(target: _Target, job: _Job) -> http.client.HTTPResponse:
    """Send one GET to ``target`` (through the environment's proxy, if any) and read the status line and headers.

    Connecting, the proxy's tunnel for https and the TLS handshake all run under the watchdog.
    """
    import http.client
    import ssl

    proxy = _proxy_for(target, job)
    kind = http.client.HTTPSConnection if target.scheme == "https" else http.client.HTTPConnection
    job.connection = connection = kind(target.host, target.port)  # it gets its socket from us, never connecting
    sock = _connect(connection, proxy or target, job)
    if target.scheme == "https" and proxy:
        _tunnel(sock, target, proxy, job)
    if target.scheme == "https":
        context = ssl.create_default_context()
        with contextlib.suppress(ImportError):  # without certifi, the system's authorities alone verify
            import certifi

            context.load_verify_locations(certifi.where())
        connection.sock = tls = context.wrap_socket(sock, server_hostname=target.host, do_handshake_on_connect=False)
        job.watch(tls)
        tls.do_handshake()
    path = target.path
    headers = {"Accept-Encoding": "gzip, deflate", "User-Agent": "csto-annotations", "Connection": "close"}
    if target.authorization:
        headers["Authorization"] = target.authorization
    if proxy and target.scheme == "http":  # plain http through a proxy asks for the absolute URL
        path = f"http://{_authority(target)}{path}"
        if proxy.authorization:
            headers["Proxy-Authorization"] = proxy.authorization
    connection.request("GET", path, headers=headers)
    return connection.getresponse()


def _redirect(location: str | None, current: _Target, first: _Target, job: _Job, allow: Collection[str]) -> _Target:
    """Resolve a redirect's ``Location``; refuse it unless it stays at the first URL's origin or goes to an
    allowed host (never from https to http)."""
    if not location:
        raise DownloadError(f"{job.shown}: the server sent a redirect without a Location; check the URL.")
    url = urljoin(current.url, location.strip())
    refused = f"{job.shown}: refused to follow a redirect to {redact(url)}"
    target = _parse(url, lambda why: DownloadError(f"{refused}: {why}. Download the file yourself and pass its path."))
    same = target[:3] == first[:3]
    allowed = {name.strip().lower() for name in allow} & {target.host, f"{target.host}:{target.port}"}
    if not same and (not allowed or (first.scheme == "https" and target.scheme == "http")):
        raise DownloadError(
            f"{refused}: it leaves {first.scheme}://{first.host}:{first.port}, and redirects go only "
            "to the same scheme, host and port. If you trust that host, allow it with "
            f"load(..., allow_redirects_to=[{target.host!r}]); or download the file yourself and pass its path."
        )
    # The caller's credentials go to the caller's origin only; a Location's own are never used.
    return target._replace(authorization=first.authorization if same else None)


def _follow(first: _Target, job: _Job, allow: Collection[str]) -> http.client.HTTPResponse:
    """Request the URL, following at most MAX_REDIRECTS allowed redirects; refuse any final reply but 200 OK."""
    import http.client

    target = first
    for hop in range(_limits.MAX_REDIRECTS + 1):
        response = _request(target, job)
        if response.status not in (301, 302, 303, 307, 308):
            break
        job.close()
        if hop < _limits.MAX_REDIRECTS:
            target = _redirect(response.getheader("Location"), target, first, job, allow)
    else:
        raise DownloadError(
            f"{job.shown}: more than {_limits.MAX_REDIRECTS} redirects (a loop or a broken server); "
            "check the URL, or download the file yourself and pass its path."
        )
    if response.status == 200:
        return response
    if response.status in (404, 410):
        advice = "the file is not there; check the URL (or the release registry entry)."
    elif response.status in (401, 403):
        advice = "the server refused access; check the URL and any credentials it needs."
    elif response.status == 429 or response.status >= 500:
        advice = "the server is failing or busy; try again later, or use another copy of the file."
    else:
        advice = "expected 200 OK; check the URL, or download the file yourself and pass its path."
    status = f"{response.status} {http.client.responses.get(response.status, '')}".rstrip()
    raise DownloadError(f"{job.shown}: the server answered HTTP {status}; {advice}")


def _inflate(inflater: zlib._Decompress, data: bytes, job: _Job) -> Iterator[bytes]:
    """Yield the decoded bytes of ``data``, at most one chunk at a time, so the output of every step is bounded."""
    while True:
        piece = inflater.decompress(data, _CHUNK)
        data = inflater.unconsumed_tail
        yield piece
        if inflater.eof and (data or inflater.unused_data):
            raise DownloadError(f"{job.shown}: data after the end of the compressed body.")
        # A full piece may leave output inside zlib even when all input is consumed.
        if inflater.eof or (not data and len(piece) < _CHUNK):
            return


def _save(response: http.client.HTTPResponse, folder: Folder, name: str, expected: str | None, job: _Job) -> None:
    """Stream the decoded body, within the cap, into a new private file beside ``name`` in ``folder``; check
    it, then rename it into place. On any failure the file is removed."""
    if response.length is not None and response.length > job.max_bytes:
        raise job.size_error(f"the server announces {response.length} bytes (Content-Length)")
    encoding = (response.getheader("Content-Encoding") or "identity").strip().lower()
    if encoding not in {"identity", *_WBITS}:
        raise DownloadError(
            f"{job.shown}: the server sent Content-Encoding {printable(encoding[:40], keep_newlines=False)!r}; "
            "only identity, gzip and deflate are decoded. Download the file another way and pass its path."
        )
    inflater = zlib.decompressobj(_WBITS[encoding]) if encoding in _WBITS else None
    digest = hashlib.sha256()
    temporary = folder.temporary_name(name)
    try:
        with os.fdopen(folder.create(temporary), "wb") as sink:
            while chunk := response.read1(_CHUNK):
                job.received += len(chunk)
                if job.received > job.max_bytes:
                    raise job.size_error("the server sent")
                for piece in (chunk,) if inflater is None else _inflate(inflater, chunk, job):
                    job.written += len(piece)
                    if job.written > job.max_bytes:
                        raise job.size_error("the body decodes (Content-Encoding) to")
                    digest.update(piece)
                    sink.write(piece)
            if job.passed():  # the watchdog ended the body
                raise job.deadline_error()
            if response.length:  # http.client ends a short body silently; the bytes still owed
                raise DownloadError(f"{job.shown}: the connection closed {response.length} bytes early; try again.")
            if inflater is not None and not inflater.eof:
                raise DownloadError(f"{job.shown}: the compressed body is truncated; try again later.")
            sink.flush()
            os.fsync(sink.fileno())
        actual = "sha256:" + digest.hexdigest()
        if expected is not None and actual != expected:
            raise IntegrityError(
                f"{job.shown}: the download's sha256 is {actual}, not the expected {expected}; "
                "nothing was kept. Do not use this source; check the URL and the hash.",
                resource=job.shown, expected=expected, actual=actual,
            )  # fmt: skip
        folder.replace(temporary, name)
    except BaseException:
        with contextlib.suppress(OSError):
            folder.remove(temporary)
        raise


def download(
    url: str,
    target: Path,
    *,
    known_hash: str | None = None,
    max_bytes: int = _limits.DEFAULT_MAX_DOWNLOAD_BYTES,
    deadline: float = _limits.DEFAULT_DOWNLOAD_DEADLINE,
    allow_redirects_to: Collection[str] = (),
    budget: Budget | None = None,
    folder: Folder | None = None,
) -> Path:
    """Download ``url`` to ``target`` within a deadline and a size cap; keep it only if complete.

    The only request goes to ``url``; redirects (at most
    :data:`~csto_annotations._base._limits.MAX_REDIRECTS`) are followed only to
    the same scheme, host and port, or to a host named in
    ``allow_redirects_to`` (never from https down to http). Credentials in
    ``url`` are sent as HTTP Basic auth to its own origin only.
    ``target`` is replaced atomically; it is never removed, so a file another
    process has finished stays usable. Several downloads given one ``budget``
    share its bytes and its deadline.

    Parameters
    ----------
    url : str
        An ``http://`` or ``https://`` URL.
    target : pathlib.Path
        Where the file goes; its directory is created if needed, unless ``folder`` is given.
    known_hash : str, optional
        ``sha256:<hex>`` (or bare hex) the body must have.
    max_bytes : int
        Size cap on the bytes received and on the decoded body (without ``budget``).
    deadline : float
        Seconds for the whole download, redirects included (without ``budget``).
    allow_redirects_to : collection of str
        Further hosts (``"example.org"`` or ``"example.org:8443"``) redirects may go to.
    budget : Budget, optional
        The bytes and seconds left to the load this download is part of; it
        replaces ``max_bytes`` and ``deadline``, and is charged what this download used.
    folder : Folder, optional
        ``target``'s folder, already open (in the download cache); the file
        is created in it without following links.

    Returns
    -------
    pathlib.Path
        ``target``.

    Raises
    ------
    SourceError
        For a URL that is not http(s), a malformed ``known_hash``, a bad cap or deadline.
    DownloadError
        For network and HTTP errors, refused redirects, bad encodings, truncated bodies.
    LimitError
        When the deadline passes or the body exceeds ``max_bytes``.
    IntegrityError
        When the body does not match ``known_hash``.

    Example
    -------
    >>> import pathlib, tempfile
    >>> try:
    ...     download("ftp://example.org/x.zip", pathlib.Path(tempfile.mkdtemp()) / "x.zip")
    ... except SourceError as error:
    ...     print(error)
    ftp://example.org/x.zip: only http:// and https:// URLs are downloaded (got 'ftp'); for a local file, pass its path instead.
    """
    import http.client

    expected = parse_known_hash(known_hash)
    budget = budget if budget is not None else Budget(max_bytes, deadline)
    allow = allowed_hosts(allow_redirects_to)
    shown = redact(str(url))
    first = _parse(str(url), lambda why: SourceError(f"{shown}: {why}; for a local file, pass its path instead."))
    target = Path(target)
    if folder is None:
        target.parent.mkdir(parents=True, exist_ok=True)
    job = _Job(str(url), budget)
    try:
        with contextlib.ExitStack() as stack:
            if folder is None:  # a folder the caller named: its path may hold links
                folder = stack.enter_context(Folder(os.open(target.parent, os.O_RDONLY), target.parent))
            _save(_follow(first, job, allow), folder, target.name, expected, job)
    except DatasetError:
        raise
    except zlib.error as error:
        raise DownloadError(f"{job.shown}: the compressed body is corrupt ({error}); try again later.") from None
    except (OSError, ValueError, http.client.HTTPException) as error:
        raise job.network_error(error) from None
    finally:
        job.timer.cancel()
        job.close()
        budget.spent += max(job.received, job.written)
    return target
