"""Resumable HTTP(S) downloads: streamed to `<dest>.part`, checked, then renamed into place.

Next to the part file a small sidecar (`<dest>.part.json`) keeps the URL, the server's
validators (ETag / Last-Modified), the size and the expected SHA-256, so that a later call
(after a crash, a cancel or a restart) continues with `Range: bytes=N-` + `If-Range`.
TLS is always verified (the OS store through `truststore` when it is installed) and the
system's proxy settings are used.
"""

from __future__ import annotations

import contextlib
import errno
import functools
import hashlib
import http.client
import json
import logging
import os
import random
import re
import shutil
import ssl
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path
from typing import IO, Any, Callable

import zoo_desktop
from zoo_desktop.cancel import CancelToken
from zoo_desktop.download.progress import DownloadProgress, ProgressMeter
from zoo_desktop.errors import ChecksumMismatch, DiskFull, DownloadError, ServerUnreachable

log = logging.getLogger("zoo_desktop.download")

USER_AGENT = f"ZooDesktop/{zoo_desktop.__version__}"
ALLOWED_SCHEMES = ("http", "https")
MAX_BACKOFF_S = 60.0
# A server that has not answered at all in this call (connection refused, no route, DNS failure) is most
# likely down or unreachable, and five back-offs only make the user wait half a minute to hear so: it gets one
# quick retry (for a blip), none after a connect timeout (which already waited `timeout_s`).
UNANSWERED_RETRIES = 1
UNANSWERED_RETRY_DELAY_S = 1.0
_HASH_BLOCK = 1 << 20
_DISK_FULL_ERRNOS = {errno.ENOSPC, getattr(errno, "EDQUOT", errno.ENOSPC)}
_CONTENT_RANGE = re.compile(r"\s*bytes\s+(?:(\d+)-(\d+)|\*)/(\d+|\*)\s*$", re.IGNORECASE)
_SHA256 = re.compile(r"[0-9a-f]{64}")

ProgressCallback = Callable[[DownloadProgress], None]


# --------------------------------------------------------------------------- TLS, proxies


@functools.lru_cache(maxsize=1)
def tls_context() -> ssl.SSLContext:
    """A verifying client context: the OS trust store via `truststore` when importable."""
    try:
        import truststore  # type: ignore[import-not-found]
    except ImportError:
        return ssl.create_default_context()
    return truststore.SSLContext(ssl.PROTOCOL_TLS_CLIENT)


class _HttpOnlyRedirectHandler(urllib.request.HTTPRedirectHandler):
    """Follows redirects to http(s) only, and never from https down to plain http."""

    def redirect_request(self, req, fp, code, msg, headers, newurl):  # type: ignore[no-untyped-def]
        old = urllib.parse.urlsplit(req.full_url).scheme.lower()
        new = urllib.parse.urlsplit(newurl).scheme.lower()
        if new not in ALLOWED_SCHEMES or (old == "https" and new == "http"):
            raise urllib.error.HTTPError(
                newurl, code, f"refused a redirect from {old}:// to {newurl}", headers, fp
            )
        return super().redirect_request(req, fp, code, msg, headers, newurl)


def build_opener() -> urllib.request.OpenerDirector:
    """urllib opener with the system proxies (environment; registry / System Settings on
    Windows and macOS), the verifying TLS context and http(s)-only redirects."""
    return urllib.request.build_opener(
        urllib.request.ProxyHandler(urllib.request.getproxies()),
        urllib.request.HTTPSHandler(context=tls_context()),
        _HttpOnlyRedirectHandler(),
    )


# --------------------------------------------------------------------------- public API


def download(
    url: str,
    dest: Path,
    *,
    sha256: str | None = None,
    progress: ProgressCallback | None = None,
    cancel: CancelToken | None = None,
    retries: int = 5,
    backoff_s: float = 1.0,
    timeout_s: float = 30.0,
    chunk_size: int = 1 << 20,
    opener: Any = None,
) -> Path:
    """Download `url` to `dest` and return `dest`.

    Resumes a `<dest>.part` left by an earlier call; retries transient failures (connection
    drops, timeouts / stalls of `timeout_s`, 5xx, 408, 429) up to `retries` times with
    exponential back-off from `backoff_s`. Until the server has answered once in this call, a
    failure is retried at most once, after a short delay (see UNANSWERED_RETRIES). Raises `DownloadError` (HTTP 4xx, retries spent,
    bad URL, TLS failure), `ChecksumMismatch`, `DiskFull` or `Cancelled` (the part file is
    kept for a later resume). `opener` is anything with urllib's `open(request, timeout=)`.
    """
    _check_url(url)
    job = _Job(
        url=url,
        dest=Path(dest),
        sha256=_normalise_sha256(sha256),
        progress=progress,
        cancel=cancel or CancelToken(),
        retries=max(0, retries),
        backoff_s=max(0.0, backoff_s),
        timeout_s=timeout_s,
        chunk_size=max(1, chunk_size),
        opener=opener if opener is not None else build_opener(),
    )
    return job.run()


def part_paths(dest: Path) -> tuple[Path, Path]:
    """(`<dest>.part`, `<dest>.part.json`) for a destination."""
    dest = Path(dest)
    return dest.with_name(dest.name + ".part"), dest.with_name(dest.name + ".part.json")


# --------------------------------------------------------------------------- helpers


def _check_url(url: str) -> None:
    parts = urllib.parse.urlsplit(url)
    if parts.scheme.lower() not in ALLOWED_SCHEMES:
        raise DownloadError(f"Only http:// and https:// URLs can be downloaded, not {url!r}")
    try:
        parts.port  # noqa: B018 - raises ValueError for a malformed port
    except ValueError:
        raise DownloadError(f"The URL has an invalid port: {url!r}") from None
    if not parts.hostname:
        raise DownloadError(f"The URL has no host name: {url!r}")


def _ascii_url(url: str) -> str:
    """`url` with non-ASCII characters in its path and query percent-encoded (UTF-8), as http.client sends only
    ASCII: a mirror or release address with Chinese folder names works. The host is left as it is (http.client
    and the resolver encode it with IDNA); escapes already there are kept."""
    parts = urllib.parse.urlsplit(url)
    safe = "/%:@!$&'()*+,;=~-._"
    return urllib.parse.urlunsplit(
        parts._replace(path=urllib.parse.quote(parts.path, safe=safe), query=urllib.parse.quote(parts.query, safe=safe + "?"))
    )


def _attempts(count: int) -> str:
    return "1 attempt" if count == 1 else f"{count} attempts"


def _normalise_sha256(sha256: str | None) -> str | None:
    if sha256 is None:
        return None
    value = sha256.strip().lower()
    if not _SHA256.fullmatch(value):
        raise DownloadError(f"Not a SHA-256 hex digest: {sha256!r}")
    return value


def _parse_content_range(value: str | None) -> tuple[int | None, int | None, int | None] | None:
    """'bytes 100-199/1000' -> (100, 199, 1000); 'bytes */1000' -> (None, None, 1000)."""
    match = _CONTENT_RANGE.match(value or "")
    if not match:
        return None
    first, last, total = match.groups()
    return (
        int(first) if first is not None else None,
        int(last) if last is not None else None,
        int(total) if total != "*" else None,
    )


def _content_length(headers: Any) -> int | None:
    try:
        value = int(headers.get("Content-Length", ""))
    except ValueError:
        return None
    return value if value >= 0 else None


def _retry_after(headers: Any) -> float | None:
    try:
        return max(0.0, float(headers.get("Retry-After", "")))
    except (TypeError, ValueError):
        return None  # absent, or an HTTP date: use the normal back-off


def _open_part(path: Path, mode: str) -> IO[bytes]:
    """Opens the part file (a seam for tests that simulate a full disk)."""
    return open(path, mode)  # noqa: SIM115


def _unlink(path: Path) -> None:
    with contextlib.suppress(FileNotFoundError):
        path.unlink()


def _fsync_dir(folder: Path) -> None:
    if os.name != "posix":
        return
    with contextlib.suppress(OSError):
        fd = os.open(folder, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)


def _size_text(n: int | None) -> str:
    return "?" if n is None else f"{n:,}"


class _Retry(Exception):
    """A transient failure: wait, then try again from where the part file ends."""

    def __init__(self, reason: str, *, stalled: bool = False, retry_after: float | None = None):
        super().__init__(reason)
        self.reason = reason
        self.stalled = stalled
        self.retry_after = retry_after


class _Restart(Exception):
    """The part file cannot be continued: start again from byte 0 (not counted as a failure)."""


# --------------------------------------------------------------------------- the job


class _Job:
    def __init__(
        self,
        *,
        url: str,
        dest: Path,
        sha256: str | None,
        progress: ProgressCallback | None,
        cancel: CancelToken,
        retries: int,
        backoff_s: float,
        timeout_s: float,
        chunk_size: int,
        opener: Any,
    ) -> None:
        self.url = url
        self.dest = dest
        self.part, self.sidecar = part_paths(dest)
        self.expected = sha256
        self.progress = progress
        self.cancel = cancel
        self.retries = retries
        self.backoff_s = backoff_s
        self.timeout_s = timeout_s
        self.chunk_size = chunk_size
        self.opener = opener
        self.offset = 0  # bytes in the part file (and in the hasher)
        self.total: int | None = None
        self.etag: str | None = None
        self.last_modified: str | None = None
        self.hasher = hashlib.sha256() if sha256 else None
        self.meter = ProgressMeter()
        self.reported: int | None = None
        self.answered = False  # the server sent at least one HTTP response (an error status included)

    # ---- driver

    def run(self) -> Path:
        self.cancel.raise_if_cancelled()
        self.dest.parent.mkdir(parents=True, exist_ok=True)
        self._load_part()
        failures = restarts = 0
        while True:
            self.cancel.raise_if_cancelled()
            try:
                done = self._attempt(failures + 1)
            except _Restart as why:
                restarts += 1
                if restarts > self.retries + 1:
                    raise DownloadError(f"Download of {self.url} keeps restarting: {why}") from None
                log.info("restarting %s from byte 0: %s", self.url, why)
                self._discard_part()
                continue
            except _Retry as failure:
                failures += 1
                if failures > self._retries_allowed(failure):
                    raise self._gave_up(failure, failures) from None
                delay = self._backoff(failures, failure.retry_after)
                if not self.answered:
                    delay = min(delay, UNANSWERED_RETRY_DELAY_S)
                log.warning(
                    "download %s: %s at byte %d; retry %d/%d in %.2f s",
                    self.url, failure.reason, self.offset, failures, self.retries, delay,
                )
                if self.cancel.wait(delay):
                    self.cancel.raise_if_cancelled()
                continue
            if done:
                return self._finish()

    def _retries_allowed(self, failure: _Retry) -> int:
        if self.answered:
            return self.retries
        return 0 if failure.stalled else min(self.retries, UNANSWERED_RETRIES)

    def _backoff(self, failures: int, retry_after: float | None) -> float:
        delay = self.backoff_s * (2 ** (failures - 1)) * (1.0 + 0.25 * random.random())
        if retry_after is not None:
            delay = max(delay, retry_after)
        return min(delay, MAX_BACKOFF_S)

    def _gave_up(self, failure: _Retry, failures: int) -> DownloadError:
        kept = " The partial file is kept; trying again resumes it." if self.offset else ""
        if not self.answered:
            host = urllib.parse.urlsplit(self.url).hostname
            return ServerUnreachable(
                f"Cannot reach {host}: no answer after {_attempts(failures)} ({failure.reason}). "
                f"Check the network connection and the proxy settings.{kept}"
            )
        where = f"{_size_text(self.offset)} of {_size_text(self.total)} bytes"
        if self.offset == 0 and self.total is None:
            where = "the start"
        if failure.stalled:
            return DownloadError(
                f"Download of {self.url} stalled (timed out: no data for {self.timeout_s:g} s) "
                f"at {where}, {_attempts(failures)}.{kept}"
            )
        return DownloadError(
            f"Download of {self.url} failed after {_attempts(failures)} at {where}: "
            f"{failure.reason}.{kept}"
        )

    # ---- the part file and its sidecar

    def _load_part(self) -> None:
        size = self.part.stat().st_size if self.part.is_file() else 0
        meta = self._read_sidecar()
        reason = None
        if size == 0:
            reason = "" if not self.part.exists() else "empty part file"
        elif meta is None:
            reason = "no readable sidecar"
        elif meta.get("url") != self.url:
            reason = "the part file is from another URL"
        elif self.expected and meta.get("sha256") not in (None, self.expected):
            reason = "the expected checksum changed"
        elif not (meta.get("etag") or meta.get("last_modified") or self.expected):
            reason = "no validator to check the server's file is unchanged"
        elif isinstance(meta.get("size"), int) and size > meta["size"]:
            reason = "the part file is larger than the file"
        if reason is not None:
            if reason:
                log.info("not resuming %s: %s", self.part, reason)
            self._discard_part()
            return
        assert meta is not None
        self.offset = size
        self.total = meta.get("size") if isinstance(meta.get("size"), int) else None
        self.etag = meta.get("etag")
        self.last_modified = meta.get("last_modified")
        log.info("resuming %s at byte %d of %s", self.url, size, _size_text(self.total))
        if self.hasher is not None:
            self._rehash_part()

    def _rehash_part(self) -> None:
        assert self.hasher is not None
        with open(self.part, "rb") as f:
            while block := f.read(_HASH_BLOCK):
                self.cancel.raise_if_cancelled()
                self.hasher.update(block)

    def _discard_part(self) -> None:
        _unlink(self.part)
        _unlink(self.sidecar)
        self.offset = 0
        self.total = None
        self.etag = self.last_modified = None
        self.hasher = hashlib.sha256() if self.expected else None
        self.meter.reset()

    def _read_sidecar(self) -> dict[str, Any] | None:
        try:
            meta = json.loads(self.sidecar.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return None
        return meta if isinstance(meta, dict) else None

    def _write_sidecar(self) -> None:
        meta = {
            "url": self.url,
            "etag": self.etag,
            "last_modified": self.last_modified,
            "size": self.total,
            "sha256": self.expected,
        }
        tmp = self.sidecar.with_name(self.sidecar.name + ".tmp")
        try:
            tmp.write_text(json.dumps(meta, ensure_ascii=False, indent=1), encoding="utf-8")
            os.replace(tmp, self.sidecar)
        except OSError as exc:
            _unlink(tmp)
            raise self._write_failed(exc) from exc

    def _if_range(self) -> str | None:
        if self.etag and not self.etag.startswith("W/"):  # weak ETags are not allowed in If-Range
            return self.etag
        return self.last_modified

    # ---- one request

    def _attempt(self, number: int) -> bool:
        """One request; True when the part file now holds the whole file."""
        headers = {"User-Agent": USER_AGENT, "Accept-Encoding": "identity"}
        if self.offset > 0:
            headers["Range"] = f"bytes={self.offset}-"
            validator = self._if_range()
            if validator:
                headers["If-Range"] = validator
        log.info("GET %s (attempt %d, from byte %d)", self.url, number, self.offset)
        request = urllib.request.Request(_ascii_url(self.url), headers=headers)
        try:
            response = self.opener.open(request, timeout=self.timeout_s)
        except urllib.error.HTTPError as exc:
            self.answered = True
            with contextlib.closing(exc):
                return self._http_error(exc)
        except (OSError, http.client.HTTPException) as exc:  # URLError is an OSError
            raise self._network_error(exc) from exc
        self.answered = True
        with contextlib.closing(response):
            append, body_end = self._accept(response)
            start = self.offset
            self._receive(response, append, body_end)
        if self.total is None or self.offset >= self.total:
            return True
        if self.offset == start:
            raise _Retry(f"the server sent an empty range at byte {start}")
        return False  # a shorter range than asked for: ask for the rest

    def _http_error(self, exc: urllib.error.HTTPError) -> bool:
        code = exc.code
        if code == 416 and self.offset > 0:
            span = _parse_content_range(exc.headers.get("Content-Range"))
            total = span[2] if span and span[2] is not None else self.total
            if total is not None and total == self.offset:
                log.info("server reports %s complete at %d bytes", self.url, self.offset)
                self.total = total
                return True
            raise _Restart(f"HTTP 416 for a range from byte {self.offset} (size {_size_text(total)})")
        if code >= 500 or code in (408, 429):
            raise _Retry(f"HTTP {code} {exc.reason}", retry_after=_retry_after(exc.headers))
        log.error("download %s: HTTP %d %s", self.url, code, exc.reason)
        raise DownloadError(f"Download failed: HTTP {code} {exc.reason} for {self.url}")

    def _network_error(self, exc: BaseException) -> Exception:
        reason = getattr(exc, "reason", exc)
        if isinstance(reason, ssl.SSLCertVerificationError):
            host = urllib.parse.urlsplit(self.url).hostname
            log.error("download %s: TLS verification failed: %s", self.url, reason)
            return DownloadError(
                f"The TLS certificate of {host} could not be verified "
                f"({reason.verify_message or reason}). If a company proxy inspects HTTPS, "
                f"install its root certificate in the system certificate store."
            )
        if isinstance(reason, TimeoutError):
            return _Retry(f"timed out after {self.timeout_s:g} s", stalled=True)
        return _Retry(f"{type(reason).__name__}: {reason}")

    def _accept(self, response: Any) -> tuple[bool, int | None]:
        """Checks the status and headers; returns (append to the part?, byte where the body ends)."""
        status = getattr(response, "status", None) or response.getcode()
        headers = response.headers
        length = _content_length(headers)
        if status == 206:
            span = _parse_content_range(headers.get("Content-Range"))
            first = span[0] if span else None
            if first != self.offset:
                if self.offset > 0:
                    raise _Restart(
                        f"asked for byte {self.offset}, got Content-Range {headers.get('Content-Range')!r}"
                    )
                raise DownloadError(
                    f"Download failed: {self.url} answered 206 with Content-Range "
                    f"{headers.get('Content-Range')!r} to a request for the whole file"
                )
            total = span[2] if span else None
            if total is not None and self.total is not None and total != self.total:
                raise _Restart(f"the file's size changed from {self.total} to {total}")
            if span and span[1] is not None:
                body_end: int | None = span[1] + 1
            else:
                body_end = first + length if length is not None else None
            self.total = total if total is not None else self.total
            append = True
            log.info("resumed %s at byte %d of %s", self.url, self.offset, _size_text(self.total))
        elif status == 200:
            if self.offset > 0:
                log.info(
                    "%s sent the whole file (Range ignored or file changed); starting from byte 0",
                    self.url,
                )
                self._discard_part()
            self.total = length
            body_end = length
            append = False
        else:
            raise DownloadError(f"Download failed: unexpected HTTP {status} for {self.url}")
        self.etag = headers.get("ETag")
        self.last_modified = headers.get("Last-Modified")
        self._check_space()
        self._write_sidecar()
        return append, body_end

    def _check_space(self) -> None:
        if self.total is None:
            return
        needed = self.total - self.offset
        try:
            free = shutil.disk_usage(self.dest.parent).free
        except OSError:
            return
        if needed > free:
            raise DiskFull(
                f"Not enough disk space in {self.dest.parent} to download {self.dest.name}: "
                f"{_size_text(needed)} bytes needed, {_size_text(free)} free."
            )

    def _receive(self, response: Any, append: bool, body_end: int | None) -> None:
        try:
            with _open_part(self.part, "r+b" if append and self.offset else "wb") as out:
                if append and self.offset:
                    out.seek(self.offset)
                    out.truncate()
                self._copy(response, out)
        except OSError as exc:  # network errors were turned into _Retry inside _copy
            raise self._write_failed(exc) from exc
        if body_end is not None and self.offset < body_end:
            raise _Retry(
                f"connection closed after {_size_text(self.offset)} of {_size_text(body_end)} bytes"
            )

    def _copy(self, response: Any, out: IO[bytes]) -> None:
        read = getattr(response, "read1", None) or response.read
        while True:
            self.cancel.raise_if_cancelled()
            try:
                chunk = read(self.chunk_size)
            except TimeoutError as exc:
                raise _Retry(f"no data for {self.timeout_s:g} s", stalled=True) from exc
            except (OSError, http.client.HTTPException) as exc:
                raise _Retry(f"{type(exc).__name__}: {exc}") from exc
            if not chunk:
                return
            out.write(chunk)
            if self.hasher is not None:
                self.hasher.update(chunk)
            self.offset += len(chunk)
            self._report()

    def _write_failed(self, exc: OSError) -> Exception:
        if exc.errno in _DISK_FULL_ERRNOS:
            _unlink(self.part)
            _unlink(self.sidecar)
            log.error("download %s: disk full in %s", self.url, self.dest.parent)
            return DiskFull(
                f"The disk is full: cannot write {self.dest.name} in {self.dest.parent}. "
                f"Free some space and try again."
            )
        log.error("download %s: cannot write %s: %s", self.url, self.part, exc)
        return DownloadError(f"Cannot write {self.part}: {exc.strerror or exc}")

    def _report(self) -> None:
        if self.progress is None:
            return
        self.reported = self.offset
        self.progress(self.meter.update(self.offset, self.total))

    # ---- the end

    def _finish(self) -> Path:
        if self.hasher is not None:
            actual = self.hasher.hexdigest()
            if actual != self.expected:
                _unlink(self.part)
                _unlink(self.sidecar)
                log.error("download %s: sha256 %s, expected %s", self.url, actual, self.expected)
                raise ChecksumMismatch(
                    f"Checksum mismatch for {self.dest.name} from {self.url}: expected sha256 "
                    f"{self.expected}, got {actual}. The download was deleted; try again."
                )
        try:
            with open(self.part, "r+b") as f:
                os.fsync(f.fileno())
            os.replace(self.part, self.dest)
        except OSError as exc:
            if exc.errno in _DISK_FULL_ERRNOS:
                raise self._write_failed(exc) from exc
            raise DownloadError(f"Cannot move the download into {self.dest}: {exc}") from exc
        _unlink(self.sidecar)
        _fsync_dir(self.dest.parent)
        if self.total is None:
            self.total = self.offset
        if self.reported != self.offset:
            self._report()
        log.info("downloaded %s to %s (%d bytes)", self.url, self.dest, self.offset)
        return self.dest


__all__ = ["ALLOWED_SCHEMES", "USER_AGENT", "build_opener", "download", "part_paths", "tls_context"]
