"""The HTTP server the download tests use: a real server on 127.0.0.1 (never the internet) that serves one
payload at every path with an ETag and Range support, and misbehaves on request.

Behaviours by query flag (first request for that URL): `fail=N` (N × 503), `drop` (half the file, then a
close), `reset` (a TCP reset), `stall` (a chunk, then silence), `norange`, `badrange`. By path:
`/status/NNN[/...]` answers NNN, `/redirect?to=URL` a 302. By attribute: `throttle_s` (a pause after
every CHUNK of a body: a slow server whose downloads can be cancelled half-way).
"""

from __future__ import annotations

import hashlib
import random
import socket
import struct
import threading
import time
import urllib.parse
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Iterator

import pytest

PAYLOAD_SIZE = 3 * 1024 * 1024 + 123  # not a multiple of any chunk size
CHUNK = 64 * 1024



@dataclass
class Hit:
    raw_path: str
    path: str
    query: dict[str, str]
    range: str | None
    if_range: str | None
    user_agent: str | None
    status: int = 0


class ZooTestServer(ThreadingHTTPServer):
    daemon_threads = True

    def __init__(self) -> None:
        super().__init__(("127.0.0.1", 0), _Handler)
        self.stop = threading.Event()
        self.hits: list[Hit] = []
        self.lock = threading.Lock()
        self.set_payload(random.Random(1234).randbytes(PAYLOAD_SIZE), "v1")
        self.stall_s = 10.0
        self.throttle_s = 0.0
        self.scheme = "http"

    def set_payload(self, payload: bytes, version: str) -> None:
        self.payload = payload
        self.etag = f'"{version}-{hashlib.sha256(payload).hexdigest()[:12]}"'

    @property
    def sha256(self) -> str:
        return hashlib.sha256(self.payload).hexdigest()

    def url(self, path: str = "/payload.bin", **flags: object) -> str:
        query = urllib.parse.urlencode({k: str(v) for k, v in flags.items()})
        return f"{self.scheme}://127.0.0.1:{self.server_address[1]}{path}" + (f"?{query}" if query else "")

    def hits_for(self, path: str) -> list[Hit]:
        return [h for h in self.hits if h.path == path]


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    server: ZooTestServer

    def log_message(self, format: str, *args: object) -> None:  # quiet
        pass

    def do_GET(self) -> None:  # noqa: C901 - one switch of test behaviours
        srv = self.server
        parts = urllib.parse.urlsplit(self.path)
        query = dict(urllib.parse.parse_qsl(parts.query))
        hit = Hit(
            raw_path=self.path,
            path=parts.path,
            query=query,
            range=self.headers.get("Range"),
            if_range=self.headers.get("If-Range"),
            user_agent=self.headers.get("User-Agent"),
        )
        with srv.lock:
            earlier = sum(1 for h in srv.hits if h.raw_path == self.path)
            srv.hits.append(hit)
        self.close_connection = True

        if parts.path == "/redirect":
            return self._send_empty(hit, 302, {"Location": query["to"]})
        if parts.path.startswith("/status/"):
            return self._send_empty(hit, int(parts.path.split("/")[2]))
        if earlier < int(query.get("fail", "0")):
            return self._send_empty(hit, 503)
        payload, etag = srv.payload, srv.etag
        start, status = 0, 200
        wants_range = hit.range is not None and "norange" not in query
        if wants_range and hit.if_range not in (None, etag):
            wants_range = False  # the file changed: send it whole
        if wants_range:
            start = int(hit.range.removeprefix("bytes=").rstrip("-"))
            if start >= len(payload):
                return self._send_empty(hit, 416, {"Content-Range": f"bytes */{len(payload)}"})
            status = 206
            if "badrange" in query:
                start = 0  # claims (and sends) a range that is not the one asked for
        body = payload[start:]
        hit.status = status
        self.send_response(status)
        self.send_header("Content-Type", "application/octet-stream")
        self.send_header("Content-Length", str(len(body)))
        self.send_header("ETag", etag)
        self.send_header("Accept-Ranges", "none" if "norange" in query else "bytes")
        if status == 206:
            self.send_header("Content-Range", f"bytes {start}-{len(payload) - 1}/{len(payload)}")
        self.end_headers()

        first = earlier == 0
        if first and "drop" in query:  # half the file, then a clean close
            self.wfile.write(body[: len(payload) // 2])
            self.wfile.flush()
            return
        if first and "reset" in query:  # some of the file, then a TCP reset
            self.wfile.write(body[: len(payload) // 3])
            self.wfile.flush()
            self.connection.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
            return
        if "stall" in query:  # headers and a little data, then silence
            self.wfile.write(body[:CHUNK])
            self.wfile.flush()
            srv.stop.wait(srv.stall_s)
            return
        try:
            if not srv.throttle_s:
                self.wfile.write(body)
                return
            for at in range(0, len(body), CHUNK):
                if srv.stop.is_set():
                    return
                self.wfile.write(body[at : at + CHUNK])
                self.wfile.flush()
                time.sleep(srv.throttle_s)
        except (BrokenPipeError, ConnectionResetError):
            pass

    def _send_empty(self, hit: Hit, status: int, headers: dict[str, str] | None = None) -> None:
        hit.status = status
        self.send_response(status)
        for name, value in (headers or {}).items():
            self.send_header(name, value)
        self.send_header("Content-Length", "0")
        self.end_headers()


def serve(srv: ZooTestServer) -> Iterator[ZooTestServer]:
    thread = threading.Thread(target=srv.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
    thread.start()
    try:
        yield srv
    finally:
        srv.stop.set()
        srv.shutdown()
        srv.server_close()
        thread.join(5)



@pytest.fixture(autouse=True)
def no_proxy_env(monkeypatch: pytest.MonkeyPatch) -> None:
    """The developer's proxy settings must not reroute requests to 127.0.0.1 (import it into a test module)."""
    for name in ("http_proxy", "https_proxy", "all_proxy", "no_proxy"):
        monkeypatch.delenv(name, raising=False)
        monkeypatch.delenv(name.upper(), raising=False)


@pytest.fixture
def server() -> Iterator[ZooTestServer]:
    yield from serve(ZooTestServer())


@pytest.fixture
def mirror(server: ZooTestServer, monkeypatch: pytest.MonkeyPatch) -> str:
    """`ZOO_MIRROR` pointing at the test server, which serves its payload as every catalog card's archive."""
    base = server.url("/zoo")
    monkeypatch.setenv("ZOO_MIRROR", base)
    return base
