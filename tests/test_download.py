"""The downloader against a real HTTP(S) server on 127.0.0.1 (never the internet)."""

from __future__ import annotations

import errno
import json
import random
import shutil
import socket
import ssl
import subprocess
import threading
import time
import urllib.request
from pathlib import Path
from typing import Iterator

import pytest

import zoo_desktop
from zoo_desktop.cancel import CancelToken
from zoo_desktop.download import DownloadProgress, download
from zoo_desktop.download import http as dl_http
from zoo_desktop.download.progress import ProgressMeter
from zoo_desktop.errors import Cancelled, ChecksumMismatch, DiskFull, DownloadError, ServerUnreachable
from zoo_http_server import CHUNK, PAYLOAD_SIZE, ZooTestServer, no_proxy_env, serve, server  # noqa: F401

FAST = {"backoff_s": 0.01, "timeout_s": 2.0, "chunk_size": CHUNK}


@pytest.fixture
def dest(tmp_path: Path) -> Path:
    return tmp_path / "模型 文件" / "model.onnx"


def _parts(dest: Path) -> tuple[Path, Path]:
    return dest.with_name(dest.name + ".part"), dest.with_name(dest.name + ".part.json")


def _cancelled_half_way(url: str, dest: Path, fraction: float = 0.5) -> int:
    token = CancelToken()

    def on_progress(p: DownloadProgress) -> None:
        if p.received >= fraction * PAYLOAD_SIZE:
            token.cancel()

    with pytest.raises(Cancelled):
        download(url, dest, progress=on_progress, cancel=token, **FAST)
    part, sidecar = _parts(dest)
    assert part.is_file() and sidecar.is_file() and not dest.exists()
    return part.stat().st_size


# --------------------------------------------------------------------------- the happy path


def test_download_streams_to_dest_with_monotonic_progress(server: ZooTestServer, dest: Path) -> None:
    seen: list[DownloadProgress] = []
    result = download(server.url(), dest, sha256=server.sha256, progress=seen.append, **FAST)

    assert result == dest
    assert dest.read_bytes() == server.payload
    assert not any(p.exists() for p in _parts(dest))
    assert len(seen) > 10
    received = [p.received for p in seen]
    assert received == sorted(received)
    assert all(p.total == PAYLOAD_SIZE for p in seen)
    assert all(p.speed_bps >= 0 for p in seen)
    assert seen[-1].received == PAYLOAD_SIZE and seen[-1].fraction == 1.0 and seen[-1].eta_s == 0.0
    hit = server.hits[0]
    assert hit.user_agent == f"ZooDesktop/{zoo_desktop.__version__}"
    assert hit.range is None and len(server.hits) == 1


def test_uppercase_checksum_accepted_and_dest_overwritten(server: ZooTestServer, dest: Path) -> None:
    dest.parent.mkdir(parents=True)
    dest.write_bytes(b"old")
    download(server.url(), dest, sha256=server.sha256.upper(), **FAST)
    assert dest.read_bytes() == server.payload


# --------------------------------------------------------------------------- resume


def test_dropped_connection_resumes_with_range(server: ZooTestServer, dest: Path) -> None:
    url = server.url(drop=1)
    download(url, dest, sha256=server.sha256, **FAST)

    assert dest.read_bytes() == server.payload
    first, second = server.hits
    assert first.range is None
    assert second.range == f"bytes={PAYLOAD_SIZE // 2}-"
    assert second.if_range == server.etag and second.status == 206


def test_dropped_connection_resumes_with_the_default_back_off(server: ZooTestServer, dest: Path) -> None:
    """The fast give-up for silent servers leaves this alone: the server answered, so the drop is retried."""
    started = time.monotonic()
    download(server.url(drop=1), dest, sha256=server.sha256)
    assert dest.read_bytes() == server.payload
    assert [h.range for h in server.hits] == [None, f"bytes={PAYLOAD_SIZE // 2}-"]
    assert time.monotonic() - started >= 1.0  # waited the first back-off step (1 s) before resuming


def test_connection_reset_is_retried(server: ZooTestServer, dest: Path) -> None:
    download(server.url(reset=1), dest, sha256=server.sha256, **FAST)
    assert dest.read_bytes() == server.payload
    assert len(server.hits) == 2


def test_server_ignoring_range_restarts_from_zero(server: ZooTestServer, dest: Path) -> None:
    url = server.url(drop=1, norange=1)
    seen: list[DownloadProgress] = []
    download(url, dest, sha256=server.sha256, progress=seen.append, **FAST)

    assert dest.read_bytes() == server.payload
    assert [h.status for h in server.hits] == [200, 200]
    assert server.hits[1].range == f"bytes={PAYLOAD_SIZE // 2}-"
    assert seen[-1].received == PAYLOAD_SIZE


def test_restart_resumes_part_file_from_an_earlier_call(server: ZooTestServer, dest: Path) -> None:
    url = server.url()
    kept = _cancelled_half_way(url, dest)
    assert 0 < kept < PAYLOAD_SIZE
    sidecar = json.loads(_parts(dest)[1].read_text(encoding="utf-8"))
    assert sidecar["url"] == url and sidecar["etag"] == server.etag and sidecar["size"] == PAYLOAD_SIZE

    seen: list[DownloadProgress] = []
    download(url, dest, sha256=server.sha256, progress=seen.append, **FAST)

    assert dest.read_bytes() == server.payload
    assert server.hits[-1].range == f"bytes={kept}-"
    assert server.hits[-1].if_range == server.etag
    assert seen[0].received > kept  # progress counts the bytes already on disk
    assert not any(p.exists() for p in _parts(dest))


def test_restart_after_file_changed_downloads_new_file(server: ZooTestServer, dest: Path) -> None:
    url = server.url()
    _cancelled_half_way(url, dest)
    server.set_payload(random.Random(99).randbytes(PAYLOAD_SIZE - 1000), "v2")

    download(url, dest, sha256=server.sha256, **FAST)

    assert dest.read_bytes() == server.payload
    assert server.hits[-1].range is not None and server.hits[-1].status == 200


def test_restart_with_complete_part_gets_416_and_verifies(server: ZooTestServer, dest: Path) -> None:
    url = server.url()
    kept = _cancelled_half_way(url, dest, fraction=1.0)
    assert kept == PAYLOAD_SIZE

    download(url, dest, sha256=server.sha256, **FAST)

    assert dest.read_bytes() == server.payload
    assert server.hits[-1].range == f"bytes={PAYLOAD_SIZE}-" and server.hits[-1].status == 416
    assert not any(p.exists() for p in _parts(dest))


def test_content_range_not_matching_request_restarts(server: ZooTestServer, dest: Path) -> None:
    url = server.url(badrange=1)
    kept = _cancelled_half_way(url, dest)

    download(url, dest, sha256=server.sha256, **FAST)

    assert dest.read_bytes() == server.payload
    assert [h.range for h in server.hits[1:]] == [f"bytes={kept}-", None]


def test_part_from_another_url_is_not_resumed(server: ZooTestServer, dest: Path) -> None:
    _cancelled_half_way(server.url(), dest)
    download(server.url("/other.bin"), dest, sha256=server.sha256, **FAST)
    assert server.hits[-1].range is None
    assert dest.read_bytes() == server.payload


def test_redirect_is_followed_and_range_kept(server: ZooTestServer, dest: Path) -> None:
    url = server.url("/redirect", to=server.url(drop=1))
    download(url, dest, sha256=server.sha256, **FAST)
    assert dest.read_bytes() == server.payload
    assert [(h.path, h.range) for h in server.hits] == [
        ("/redirect", None),
        ("/payload.bin", None),
        ("/redirect", f"bytes={PAYLOAD_SIZE // 2}-"),
        ("/payload.bin", f"bytes={PAYLOAD_SIZE // 2}-"),
    ]


@pytest.mark.parametrize("target", ["ftp://127.0.0.1/model.onnx", "file:///etc/passwd"])
def test_redirect_to_non_http_is_refused(server: ZooTestServer, dest: Path, target: str) -> None:
    with pytest.raises(DownloadError, match="302"):
        download(server.url("/redirect", to=target), dest, **FAST)
    assert len(server.hits) == 1 and not dest.exists()


# --------------------------------------------------------------------------- failures


def test_wrong_checksum_deletes_everything(server: ZooTestServer, dest: Path) -> None:
    wrong = "0" * 64
    with pytest.raises(ChecksumMismatch) as info:
        download(server.url(), dest, sha256=wrong, **FAST)
    assert wrong in str(info.value) and server.sha256 in str(info.value)
    assert not dest.exists()
    assert not any(p.exists() for p in _parts(dest))


@pytest.mark.parametrize("status", [404, 403, 410, 400])
def test_client_errors_are_not_retried(server: ZooTestServer, dest: Path, status: int) -> None:
    url = server.url(f"/status/{status}")
    with pytest.raises(DownloadError) as info:
        download(url, dest, retries=5, **FAST)
    assert str(status) in str(info.value) and url in str(info.value)
    assert len(server.hits) == 1
    assert not dest.exists() and not _parts(dest)[0].exists()


def test_server_errors_are_retried(server: ZooTestServer, dest: Path) -> None:
    download(server.url(fail=2), dest, sha256=server.sha256, **FAST)
    assert [h.status for h in server.hits] == [503, 503, 200]
    assert dest.read_bytes() == server.payload


def test_server_errors_give_up_after_retries(server: ZooTestServer, dest: Path) -> None:
    with pytest.raises(DownloadError) as info:
        download(server.url(fail=10), dest, retries=2, **FAST)
    assert "503" in str(info.value) and "3 attempts" in str(info.value)
    assert len(server.hits) == 3


def test_stall_is_retried_then_fails_clearly(server: ZooTestServer, dest: Path) -> None:
    started = time.monotonic()
    with pytest.raises(DownloadError) as info:
        download(server.url(stall=1), dest, retries=2, backoff_s=0.01, timeout_s=0.3, chunk_size=CHUNK)
    elapsed = time.monotonic() - started

    message = str(info.value)
    assert "stalled" in message and "timed out" in message
    assert f"{3 * CHUNK:,} of {PAYLOAD_SIZE:,} bytes" in message  # each try resumed and got a chunk
    assert len(server.hits) == 3
    assert [h.range for h in server.hits] == [None, f"bytes={CHUNK}-", f"bytes={2 * CHUNK}-"]
    assert elapsed < 5
    assert _parts(dest)[0].stat().st_size == 3 * CHUNK  # kept for a later resume


def _closed_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def test_a_server_that_never_answers_is_given_up_fast(dest: Path) -> None:
    """Connection refused: one quick retry, then unreachable, with the default retries and back-off (which
    would take 31-39 s for a server that had answered)."""
    started = time.monotonic()
    with pytest.raises(ServerUnreachable) as info:
        download(f"http://127.0.0.1:{_closed_port()}/x", dest)
    elapsed = time.monotonic() - started
    assert "Cannot reach 127.0.0.1: no answer after 2 attempts" in str(info.value)
    assert "ConnectionRefusedError" in str(info.value)
    assert 0.9 < elapsed < 5  # the quick retry waited about a second, no more
    assert not dest.exists() and not _parts(dest)[0].exists()


def test_a_server_that_never_answers_keeps_an_earlier_part_file(server: ZooTestServer, dest: Path) -> None:
    received = _cancelled_half_way(server.url(), dest)
    server.shutdown()
    server.server_close()  # the same address now refuses connections
    with pytest.raises(ServerUnreachable) as info:
        download(server.url(), dest, retries=0)
    assert "no answer after 1 attempt (" in str(info.value) and "partial file is kept" in str(info.value)
    assert _parts(dest)[0].stat().st_size == received


def test_a_connect_timeout_is_not_retried(dest: Path) -> None:
    """Accepted by the kernel but never answered: after `timeout_s` of silence it is unreachable at once."""
    with socket.socket() as listening:
        listening.bind(("127.0.0.1", 0))
        listening.listen(4)  # never accepted: the request is sent, no response ever comes
        port = listening.getsockname()[1]
        started = time.monotonic()
        with pytest.raises(ServerUnreachable) as info:
            download(f"http://127.0.0.1:{port}/x", dest, timeout_s=0.5)
        elapsed = time.monotonic() - started
    assert "no answer after 1 attempt (timed out after 0.5 s)" in str(info.value)
    assert elapsed < 3


def test_a_server_that_answered_then_went_away_keeps_every_retry(dest: Path) -> None:
    """Data flowed, then the server is gone (connection refused): this is the retried case, with back-off."""
    payload = bytes(range(256)) * 64
    listening = socket.socket()
    listening.bind(("127.0.0.1", 0))
    listening.listen(1)
    port = listening.getsockname()[1]

    def serve_half_then_close() -> None:
        connection, _ = listening.accept()
        with connection:
            connection.recv(65536)
            head = f"HTTP/1.1 200 OK\r\nContent-Length: {len(payload)}\r\nETag: \"v1\"\r\n\r\n"
            connection.sendall(head.encode() + payload[: len(payload) // 2])
            listening.close()  # from now on: connection refused (closed before the drop, so no retry races it)

    thread = threading.Thread(target=serve_half_then_close, daemon=True)
    thread.start()
    with pytest.raises(DownloadError) as info:
        download(f"http://127.0.0.1:{port}/x", dest, retries=4, backoff_s=0.01, timeout_s=2.0)
    thread.join(5)
    message = str(info.value)
    assert not isinstance(info.value, ServerUnreachable)
    assert "failed after 5 attempts" in message and "ConnectionRefusedError" in message
    assert "partial file is kept" in message
    assert _parts(dest)[0].stat().st_size == len(payload) // 2


@pytest.mark.parametrize(
    "url", ["file:///etc/passwd", "ftp://127.0.0.1/model.onnx", "data:,hello", "http:///nohost", "http://h:x/"]
)
def test_non_http_urls_are_rejected(url: str, dest: Path) -> None:
    with pytest.raises(DownloadError, match="http|host|port"):
        download(url, dest)
    assert not dest.parent.exists()


def test_bad_checksum_argument_is_rejected(server: ZooTestServer, dest: Path) -> None:
    with pytest.raises(DownloadError, match="SHA-256"):
        download(server.url(), dest, sha256="abc")
    assert server.hits == []


def test_disk_full_removes_part(server: ZooTestServer, dest: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    real_open = dl_http._open_part

    class FullDisk:
        def __init__(self, f):  # type: ignore[no-untyped-def]
            self.f, self.writes = f, 0

        def __enter__(self):  # type: ignore[no-untyped-def]
            return self

        def __exit__(self, *exc):  # type: ignore[no-untyped-def]
            self.f.close()

        def write(self, data: bytes) -> int:
            self.writes += 1
            if self.writes > 3:
                raise OSError(errno.ENOSPC, "No space left on device")
            return self.f.write(data)

        def __getattr__(self, name: str):  # type: ignore[no-untyped-def]
            return getattr(self.f, name)

    monkeypatch.setattr(dl_http, "_open_part", lambda path, mode: FullDisk(real_open(path, mode)))
    with pytest.raises(DiskFull) as info:
        download(server.url(), dest, **FAST)
    assert str(dest.parent) in str(info.value)
    assert not dest.exists() and not any(p.exists() for p in _parts(dest))
    assert len(server.hits) == 1


def test_not_enough_space_is_reported_before_writing(
    server: ZooTestServer, dest: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(dl_http.shutil, "disk_usage", lambda p: shutil._ntuple_diskusage(10**9, 10**9, 1000))
    with pytest.raises(DiskFull, match="disk space"):
        download(server.url(), dest, **FAST)
    assert not _parts(dest)[0].exists()


# --------------------------------------------------------------------------- cancellation


def test_cancel_keeps_part_for_resume(server: ZooTestServer, dest: Path) -> None:
    kept = _cancelled_half_way(server.url(), dest, fraction=0.3)
    assert 0.3 * PAYLOAD_SIZE <= kept < PAYLOAD_SIZE
    assert len(server.hits) == 1


def test_cancel_before_start_makes_no_request(server: ZooTestServer, dest: Path) -> None:
    token = CancelToken()
    token.cancel()
    with pytest.raises(Cancelled):
        download(server.url(), dest, cancel=token, **FAST)
    assert server.hits == []


def test_cancel_during_backoff_is_prompt(server: ZooTestServer, dest: Path) -> None:
    token = CancelToken()
    threading.Timer(0.2, token.cancel).start()
    started = time.monotonic()
    with pytest.raises(Cancelled):
        download(server.url(fail=10), dest, cancel=token, retries=5, backoff_s=30, timeout_s=2)
    assert time.monotonic() - started < 3
    assert len(server.hits) == 1


# --------------------------------------------------------------------------- proxies and TLS


def test_environment_proxy_is_used(server: ZooTestServer, dest: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("http_proxy", f"http://127.0.0.1:{server.server_address[1]}")
    download("http://models.zoo.invalid/payload.bin", dest, sha256=server.sha256, **FAST)
    assert server.hits[0].raw_path == "http://models.zoo.invalid/payload.bin"
    assert dest.read_bytes() == server.payload


@pytest.fixture
def tls_server(tmp_path: Path) -> Iterator[tuple[ZooTestServer, Path]]:
    if shutil.which("openssl") is None:
        pytest.skip("openssl command not available to make a test certificate")
    cert, key = tmp_path / "cert.pem", tmp_path / "key.pem"
    subprocess.run(
        ["openssl", "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1",
         "-nodes", "-keyout", str(key), "-out", str(cert), "-days", "1", "-subj", "/CN=127.0.0.1",
         "-addext", "subjectAltName=IP:127.0.0.1"],
        check=True, capture_output=True, timeout=30,
    )  # fmt: skip
    srv = ZooTestServer()
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.load_cert_chain(cert, key)
    srv.socket = context.wrap_socket(srv.socket, server_side=True)
    srv.scheme = "https"
    for s in serve(srv):
        yield s, cert


def test_untrusted_certificate_is_refused_without_retries(
    tls_server: tuple[ZooTestServer, Path], dest: Path
) -> None:
    srv, _cert = tls_server
    with pytest.raises(DownloadError, match="certificate"):
        download(srv.url(), dest, retries=3, **FAST)
    assert srv.hits == [] and not _parts(dest)[0].exists()


def test_https_works_with_a_trusted_certificate(tls_server: tuple[ZooTestServer, Path], dest: Path) -> None:
    srv, cert = tls_server
    opener = urllib.request.build_opener(
        urllib.request.HTTPSHandler(context=ssl.create_default_context(cafile=str(cert)))
    )
    download(srv.url(drop=1), dest, sha256=srv.sha256, opener=opener, **FAST)
    assert dest.read_bytes() == srv.payload
    assert srv.hits[1].range == f"bytes={PAYLOAD_SIZE // 2}-"


def test_tls_context_verifies() -> None:
    context = dl_http.tls_context()
    assert context.verify_mode == ssl.CERT_REQUIRED and context.check_hostname
    source = Path(dl_http.__file__).read_text(encoding="utf-8")
    assert "CERT_NONE" not in source and "check_hostname" not in source


# --------------------------------------------------------------------------- progress maths


def test_progress_meter_moving_average() -> None:
    now = [0.0]
    meter = ProgressMeter(window_s=2.0, clock=lambda: now[0])
    p = meter.update(0, 1000)
    assert p.speed_bps == 0.0 and p.eta_s is None
    for _ in range(4):
        now[0] += 1.0
        p = meter.update(p.received + 100, 1000)
    assert p.received == 400
    assert p.speed_bps == pytest.approx(100.0)
    assert p.eta_s == pytest.approx(6.0)
    assert p.fraction == pytest.approx(0.4)
    now[0] += 1.0
    p = meter.update(1000, 1000)  # a burst: 600 bytes in the last second, window of 2 s
    assert p.speed_bps == pytest.approx((1000 - 300) / 2.0)
    assert p.eta_s == 0.0 and p.fraction == 1.0
    now[0] += 1.0
    p = meter.update(10, 1000)  # started again from zero: the window restarts
    assert p.speed_bps == 0.0 and p.eta_s is None


def test_progress_fraction_unknown_total() -> None:
    assert DownloadProgress(10, None, 0.0, None).fraction is None
    assert DownloadProgress(0, 0, 0.0, 0.0).fraction == 1.0


def test_an_address_with_chinese_characters_is_sent_percent_encoded(server: ZooTestServer, dest: Path) -> None:
    download(server.url("/镜像/模型 包.bin"), dest, sha256=server.sha256, **FAST)
    assert dest.read_bytes() == server.payload
    assert [h.path for h in server.hits] == ["/%E9%95%9C%E5%83%8F/%E6%A8%A1%E5%9E%8B%20%E5%8C%85.bin"]
