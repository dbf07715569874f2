"""A hostile HTTP server for the download tests; run it as a separate process.

``python tests/hostile/http_server.py --log FILE [--lifetime 120] [--cert C --key K]``
serves on 127.0.0.1 only, on ports chosen by the system, and prints one JSON
line ``{"main": <port>, "other": ..., "proxy": ..., "tls": ...}`` when it is ready.
It exits by itself after ``--lifetime`` seconds whatever happens, so a test
run that dies cannot leave it behind. It uses the standard library only.

Two servers run in the process: ``main`` holds the hostile routes and
``other`` (another port, hence another origin) serves ``/good`` and counts
who reaches it; with ``--cert``/``--key`` a third, ``tls``, serves the same
routes as ``main`` over HTTPS; ``proxy`` is a forwarding proxy (plain
GETs of absolute URLs and CONNECT tunnels) to 127.0.0.1 only, for Basic
``puser:psecret`` (else 407), and logs whether that came. Every request is appended to the log file as
one line ``<server> <path> auth=<0|1> <monotonic time>`` *before* it is
answered, so a client that got an answer finds its request logged.

Routes of ``main`` (and ``tls``):

``/good``, ``/good-gzip``, ``/good-deflate``, ``/slow-good``
    :data:`PAYLOAD`, plain, gzip- or deflate-encoded, or plain in pieces over ~1.5 s.
``/drip``
    ``Content-Length: 100``, then one byte every 2 s.
``/drip-headers``
    a status line, then a header sent one byte every 0.5 s.
``/slow-first-byte``
    nothing for 10 s, then ``/good``.
``/endless``, ``/endless-raw``
    an endless body, chunked or closed-delimited, 64 KiB every 2 ms.
``/gzip-bomb``
    :data:`BOMB_INFLATED` zero bytes, gzip-compressed, ``Content-Encoding: gzip``.
``/big-length``
    ``Content-Length`` of 1 TB, then 1 KiB and a close.
``/truncated``
    ``Content-Length: 1000``, then 10 bytes and a close.
``/bad-encoding``
    ``Content-Encoding: br``.
``/redirect-other``, ``/redirect-file``, ``/redirect-https``, ``/redirect-escape``
    redirects to ``other``, to ``file:///etc/passwd``, to https on this port,
    and to a Location holding a terminal escape sequence.
``/loop``, ``/chain/<n>``
    a redirect to itself; a chain of ``n`` redirects ending at ``/good``.
``/auth``, ``/auth-redirect-other``
    ``/good`` for Basic ``user:secret`` (else 401); a redirect to ``other``.
``/status/<code>``
    that status, with a short body.
``/many-headers``, ``/long-header``, ``/continue-forever``, ``/garbage-status``
    200 headers; a 70,000-byte header line; endless ``100 Continue``; a status line with escapes.
``/bad-chunk``, ``/drip-chunk-size``
    a chunk size that is not hex; a chunk size sent one digit every 0.5 s.
``/redirect-no-location``, ``/redirect-protocol-relative``
    a 302 without ``Location``; ``//127.0.0.1:<other>/good``.
``/redirect-userinfo``, ``/redirect-absolute-same``
    absolute redirects to ``/auth`` on this origin, with other credentials and with none.
``/double-gzip``, ``/not-gzip``, ``/truncated-gzip``, ``/gzip-trailing``
    ``Content-Encoding: gzip, gzip``; plain bytes labelled gzip; half a gzip stream; junk after it.
"""

from __future__ import annotations

import argparse
import contextlib
import gzip
import http.server
import json
import os
import select
import socket
import ssl
import sys
import threading
import time
import zlib
from typing import Any
from urllib.parse import urlsplit

#: The file the good routes serve: 256 KiB, deterministic, not compressible to nothing.
PAYLOAD = b"".join(i.to_bytes(4, "big") * 4 for i in range(16 * 1024))
#: Inflated size of the gzip bomb: far above any cap the tests use.
BOMB_INFLATED = 256 * 1024 * 1024
AUTH = "Basic dXNlcjpzZWNyZXQ="  # base64 of "user:secret"
PROXY_AUTH = "Basic cHVzZXI6cHNlY3JldA=="  # base64 of "puser:psecret"

_log_lock = threading.Lock()


def _bomb() -> bytes:
    """Compress BOMB_INFLATED zero bytes, a MiB at a time."""
    packer = zlib.compressobj(9, zlib.DEFLATED, 16 + zlib.MAX_WBITS)
    zeros = bytes(1 << 20)
    parts = [packer.compress(zeros) for _ in range(BOMB_INFLATED >> 20)]
    return b"".join(parts) + packer.flush()


class Handler(http.server.BaseHTTPRequestHandler):
    """Answers every route; ``server.name``/``server.ports`` say which server this is."""

    protocol_version = "HTTP/1.1"
    server: Any

    def log_message(self, format: str, *args: Any) -> None:
        """Keep stderr quiet; the request log is the file."""

    def _log(self) -> None:
        line = f"{self.server.name} {self.path} auth={int(bool(self.headers.get('Authorization')))}"
        with _log_lock, open(self.server.log, "a", encoding="utf-8") as handle:
            handle.write(f"{line} {time.monotonic():.3f}\n")
            handle.flush()

    def do_GET(self) -> None:
        self._log()
        self.close_connection = True
        route = self.path.split("?", 1)[0]
        if self.server.name == "other" and route != "/good":
            return self._status(404)
        with contextlib.suppress(OSError):  # the client gave up, as it should
            self._route(route)

    def _route(self, route: str) -> None:
        simple = {
            "/good": lambda: self._send(PAYLOAD),
            "/good-gzip": lambda: self._send(gzip.compress(PAYLOAD), encoding="gzip"),
            "/good-deflate": lambda: self._send(zlib.compress(PAYLOAD), encoding="deflate"),
            "/gzip-bomb": lambda: self._send(self.server.bomb, encoding="gzip"),
            "/bad-encoding": lambda: self._send(PAYLOAD, encoding="br"),
            "/slow-good": self._slow_good,
            "/drip": self._drip,
            "/drip-headers": self._drip_headers,
            "/slow-first-byte": self._slow_first_byte,
            "/endless": lambda: self._endless(chunked=True),
            "/endless-raw": lambda: self._endless(chunked=False),
            "/big-length": lambda: self._short(10**12, 1024),
            "/truncated": lambda: self._short(1000, 10),
            "/auth": self._auth,
            "/loop": lambda: self._redirect("/loop"),
            "/redirect-other": lambda: self._redirect(f"http://127.0.0.1:{self.server.ports['other']}/good"),
            "/auth-redirect-other": lambda: self._redirect(f"http://127.0.0.1:{self.server.ports['other']}/good"),
            "/redirect-file": lambda: self._redirect("file:///etc/passwd"),
            "/redirect-https": lambda: self._redirect(f"https://127.0.0.1:{self.server.server_port}/good"),
            "/redirect-escape": lambda: self._redirect("file:///\x1b[2J\x1b]0;owned\x07"),
        }
        simple.update(self._broken_routes())
        if route in simple:
            return simple[route]()
        if route.startswith("/chain/") and route[7:].isdigit():
            left = int(route[7:])
            return self._redirect(f"/chain/{left - 1}") if left else self._send(PAYLOAD)
        if route.startswith("/status/") and route[8:].isdigit():
            return self._status(int(route[8:]))
        return self._status(404)

    def _broken_routes(self) -> dict[str, Any]:
        """Routes that break HTTP itself: framing, headers, encodings, redirects."""
        gzipped = gzip.compress(PAYLOAD)
        main = f"127.0.0.1:{self.server.server_port}"
        return {
            "/many-headers": lambda: self._raw(b"HTTP/1.1 200 OK\r\n" + b"X-A: 1\r\n" * 200 + b"\r\n"),
            "/long-header": lambda: self._raw(b"HTTP/1.1 200 OK\r\nX-A: " + b"a" * 70_000 + b"\r\n\r\n"),
            "/continue-forever": self._continue_forever,
            "/garbage-status": lambda: self._raw(b"\x1b[31mHELLO\x1b[0m hostile\r\n\r\n"),
            "/bad-chunk": lambda: self._raw(b"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n"),
            "/drip-chunk-size": self._drip_chunk_size,
            "/redirect-no-location": lambda: self._send(b"", status=302),
            "/redirect-protocol-relative": lambda: self._redirect(f"//127.0.0.1:{self.server.ports['other']}/good"),
            "/redirect-userinfo": lambda: self._redirect(f"http://evil:evil@{main}/auth"),
            "/redirect-absolute-same": lambda: self._redirect(f"http://{main}/auth"),
            "/double-gzip": lambda: self._send(gzip.compress(gzipped), encoding="gzip, gzip"),
            "/not-gzip": lambda: self._send(PAYLOAD, encoding="gzip"),
            "/truncated-gzip": lambda: self._send(gzipped[: len(gzipped) // 2], encoding="gzip"),
            "/gzip-trailing": lambda: self._send(gzipped + b"trailing junk", encoding="gzip"),
        }

    def _raw(self, data: bytes) -> None:
        self.wfile.write(data)

    def _continue_forever(self) -> None:
        while self._alive():
            self.wfile.write(b"HTTP/1.1 100 Continue\r\n\r\n")
            self.wfile.flush()
            time.sleep(0.05)

    def _drip_chunk_size(self) -> None:
        self.wfile.write(b"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n1")
        while self._alive():
            self.wfile.write(b"0")
            self.wfile.flush()
            time.sleep(0.5)

    def _send(self, body: bytes, *, encoding: str | None = None, status: int = 200) -> None:
        self.send_response(status)
        self.send_header("Content-Length", str(len(body)))
        if encoding:
            self.send_header("Content-Encoding", encoding)
        self.end_headers()
        self.wfile.write(body)

    def _status(self, code: int) -> None:
        self._send(f"status {code}\n".encode(), status=code)

    def _redirect(self, location: str) -> None:
        self.send_response(302)
        self.send_header("Location", location)
        self.send_header("Content-Length", "0")
        self.end_headers()

    def _auth(self) -> None:
        if self.headers.get("Authorization") == AUTH:
            return self._send(PAYLOAD)
        self._status(401)

    def _alive(self) -> bool:
        return time.monotonic() < self.server.end

    def _slow_good(self) -> None:
        self.send_response(200)
        self.send_header("Content-Length", str(len(PAYLOAD)))
        self.end_headers()
        step = len(PAYLOAD) // 16
        for start in range(0, len(PAYLOAD), step):
            self.wfile.write(PAYLOAD[start : start + step])
            self.wfile.flush()
            time.sleep(0.1)

    def _drip(self) -> None:
        self.send_response(200)
        self.send_header("Content-Length", "100")
        self.end_headers()
        self.wfile.flush()
        while self._alive():
            self.wfile.write(b"x")
            self.wfile.flush()
            time.sleep(2)

    def _drip_headers(self) -> None:
        self.wfile.write(b"HTTP/1.1 200 OK\r\nX-Drip: ")
        while self._alive():
            self.wfile.write(b"a")
            self.wfile.flush()
            time.sleep(0.5)

    def _slow_first_byte(self) -> None:
        time.sleep(10)
        self._send(PAYLOAD)

    def _endless(self, *, chunked: bool) -> None:
        self.send_response(200)
        if chunked:
            self.send_header("Transfer-Encoding", "chunked")
        self.end_headers()
        block = bytes(64 * 1024)
        frame = b"%x\r\n%s\r\n" % (len(block), block) if chunked else block
        while self._alive():
            self.wfile.write(frame)
            time.sleep(0.002)

    def _short(self, announced: int, sent: int) -> None:
        self.send_response(200)
        self.send_header("Content-Length", str(announced))
        self.end_headers()
        self.wfile.write(b"y" * sent)


class ProxyHandler(Handler):
    """A forwarding proxy to 127.0.0.1 only: absolute-URL GETs and CONNECT tunnels, Basic auth required."""

    def _log(self) -> None:
        line = f"{self.server.name} {self.path} auth={int(self.headers.get('Proxy-Authorization') == PROXY_AUTH)}"
        with _log_lock, open(self.server.log, "a", encoding="utf-8") as handle:
            handle.write(f"{line} {time.monotonic():.3f}\n")

    def _admitted(self, host: str | None) -> bool:
        self._log()
        self.close_connection = True
        if self.headers.get("Proxy-Authorization") != PROXY_AUTH:
            self._status(407)
            return False
        if host != "127.0.0.1":
            self._status(403)
            return False
        return True

    def do_GET(self) -> None:
        parts = urlsplit(self.path)
        if not self._admitted(parts.hostname) or parts.scheme != "http":
            return
        upstream = socket.create_connection(("127.0.0.1", parts.port or 80), timeout=10)
        hidden = {"proxy-authorization", "connection"}
        head = [f"GET {parts.path}{'?' + parts.query if parts.query else ''} HTTP/1.1"]
        head += [f"{key}: {value}" for key, value in self.headers.items() if key.lower() not in hidden]
        upstream.sendall(("\r\n".join([*head, "Connection: close", "", ""])).encode("latin-1"))
        self._relay(upstream)

    def do_CONNECT(self) -> None:
        host, _, port = self.path.rpartition(":")
        if not self._admitted(host) or not port.isdigit():
            return
        upstream = socket.create_connection((host, int(port)), timeout=10)
        self.send_response(200, "Connection established")
        self.end_headers()
        self.wfile.flush()
        self._relay(upstream)

    def _relay(self, upstream: socket.socket) -> None:
        """Copy bytes both ways until either side closes or the lifetime ends."""
        ends = [self.connection, upstream]
        try:
            while self._alive():
                readable, _, _ = select.select(ends, [], [], 0.5)
                for end in readable:
                    data = end.recv(64 * 1024)
                    if not data:
                        return
                    (upstream if end is self.connection else self.connection).sendall(data)
        except OSError:
            pass  # either side gave up
        finally:
            upstream.close()


def _serve(
    name: str, log: str, end: float, bomb: bytes, context: ssl.SSLContext | None = None, kind: Any = Handler
) -> Any:
    """Start one server on 127.0.0.1, port 0, in a daemon thread."""
    server: Any = http.server.ThreadingHTTPServer(("127.0.0.1", 0), kind)
    server.daemon_threads = True
    if context is not None:
        server.socket = context.wrap_socket(server.socket, server_side=True)
    server.name, server.log, server.end, server.bomb = name, log, end, bomb
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--log", required=True)
    parser.add_argument("--lifetime", type=float, default=120.0)
    parser.add_argument("--cert")
    parser.add_argument("--key")
    args = parser.parse_args()
    end = time.monotonic() + args.lifetime
    # The lifetime bound: whatever the handlers are doing, the process ends.
    threading.Timer(args.lifetime, os._exit, args=(0,)).start()
    bomb = _bomb()
    servers = {
        "main": _serve("main", args.log, end, bomb),
        "other": _serve("other", args.log, end, bomb),
        "proxy": _serve("proxy", args.log, end, bomb, kind=ProxyHandler),
    }
    if args.cert:
        context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
        context.load_cert_chain(args.cert, args.key)
        servers["tls"] = _serve("tls", args.log, end, bomb, context)
    ports = {name: server.server_port for name, server in servers.items()}
    for server in servers.values():
        server.ports = ports
    print(json.dumps(ports))
    sys.stdout.flush()
    threading.Event().wait()


if __name__ == "__main__":
    main()
