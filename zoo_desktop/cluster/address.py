"""What `--cluster` names: a running Ray cluster's address (``HOST:PORT``, the head's GCS port), or ``local[:N]``,
an embedded Ray with N worker CPUs started on this machine, on the loopback interface only."""

from __future__ import annotations

import os
from dataclasses import dataclass

from zoo_desktop.errors import UsageError

DEFAULT_PORT = 6379


@dataclass(frozen=True)
class ClusterAddress:
    host: str | None = None  # None: local
    port: int = DEFAULT_PORT
    workers: int | None = None  # local: CPUs for Ray (default: all of this machine's)

    @property
    def local(self) -> bool:
        return self.host is None

    @classmethod
    def parse(cls, text: str) -> "ClusterAddress":
        raw = text.strip()
        if raw == "local" or raw.startswith("local:"):
            count = raw.partition(":")[2]
            if not count:
                return cls()
            if not count.isdigit() or int(count) < 1:
                raise UsageError(f"--cluster {text!r}: local:N needs a number of workers of at least 1")
            return cls(workers=int(count))
        if "://" in raw or raw in ("auto", ""):
            raise UsageError(f"--cluster {text!r}: give the head's address as HOST:PORT (e.g. 127.0.0.1:6379), or local[:N]")
        host, sep, port = raw.rpartition(":")
        if not sep:
            host, port = raw, str(DEFAULT_PORT)
        host = host.strip("[]")
        if not host or not port.isdigit() or not 0 < int(port) < 65536:
            raise UsageError(f"--cluster {text!r}: give the head's address as HOST:PORT (e.g. 127.0.0.1:6379), or local[:N]")
        return cls(host=host, port=int(port))

    def default_workers(self) -> int:
        return self.workers or os.cpu_count() or 1

    def __str__(self) -> str:
        if self.local:
            return "local" + (f":{self.workers}" if self.workers else "")
        host = f"[{self.host}]" if ":" in (self.host or "") else self.host
        return f"{host}:{self.port}"
