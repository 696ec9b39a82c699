"""Connecting this process to Ray for one job, and what the cluster offers.

* A remote address is probed with a plain TCP connection first, so an unreachable head is reported in seconds
  (Ray itself retries for minutes); `ray.init` is given exactly that address (never ``auto`` or RAY_ADDRESS).
* Authentication: Ray 2.60 turns token authentication on by default. Unless the user set RAY_AUTH_MODE, the
  driver runs in ``token`` mode with the token from ``token_file`` (--token-file), else RAY_AUTH_TOKEN, else
  RAY_AUTH_TOKEN_PATH, else ``~/.ray/auth_token`` (where ``ray start --head`` wrote it); with none of them the
  job stops before connecting, telling the user how to give it. A head started with RAY_AUTH_MODE=disabled
  needs RAY_AUTH_MODE=disabled here too.
* ``local[:N]``: a private Ray on 127.0.0.1 (always a new one, even when a cluster runs on this machine), no dashboard, no usage statistics, token authentication with a
  fresh token kept under ZOO_HOME/cache/ray (so ~/.ray is not touched); stopped when the job ends.
The environment variables this sets are restored when the session ends.
"""

from __future__ import annotations

import logging
import os
import secrets
import socket
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from zoo_desktop.cluster.address import ClusterAddress
from zoo_desktop.errors import ClusterError
from zoo_desktop.paths import ZooPaths

log = logging.getLogger(__name__)

CONNECT_PROBE_SECONDS = 5.0
AUTH_HELP = ("give the cluster's token with --token-file FILE (the head's ~/.ray/auth_token, or `ray get-auth-token` "
             "run on the head), or set RAY_AUTH_TOKEN; for a head started with RAY_AUTH_MODE=disabled set RAY_AUTH_MODE=disabled")


@dataclass(frozen=True)
class NodeInfo:
    node_id: str
    address: str
    cpus: float
    gpus: float


@dataclass(frozen=True)
class ClusterInfo:
    address: str
    nodes: tuple[NodeInfo, ...]

    @property
    def cpus(self) -> float:
        return sum(n.cpus for n in self.nodes)

    @property
    def gpus(self) -> float:
        return sum(n.gpus for n in self.nodes)


def _probe(address: ClusterAddress) -> None:
    try:
        with socket.create_connection((address.host, address.port), timeout=CONNECT_PROBE_SECONDS):
            pass
    except OSError as exc:
        raise ClusterError(
            f"cannot reach the Ray cluster at {address}: {exc.strerror or exc}. Is its head running "
            f"(`ray start --head --port {address.port}`) and the port open to this machine?",
            reason="unreachable", address=str(address), detail=exc.strerror or str(exc),
        ) from None


def _token_available(token_file: Path | None) -> bool:
    if token_file is not None:
        return True
    if os.environ.get("RAY_AUTH_TOKEN", "").strip():
        return True
    path = os.environ.get("RAY_AUTH_TOKEN_PATH")
    return Path(path).is_file() if path else (Path.home() / ".ray" / "auth_token").is_file()


def _local_token(paths: ZooPaths) -> Path:
    folder = paths.cache / "ray"
    folder.mkdir(parents=True, exist_ok=True)
    token = folder / "auth_token"
    fd = os.open(token, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w") as fh:
        fh.write(secrets.token_hex(32))
    return token


@contextmanager
def _environment(changes: dict[str, str]) -> Iterator[None]:
    saved = {k: os.environ.get(k) for k in changes}
    os.environ.update(changes)
    try:
        yield
    finally:
        for k, v in saved.items():
            if v is None:
                os.environ.pop(k, None)
            else:
                os.environ[k] = v


def _auth_environment(address: ClusterAddress, token_file: Path | None, paths: ZooPaths) -> dict[str, str]:
    env = {"RAY_USAGE_STATS_ENABLED": "0"}
    if address.local:
        return {**env, "RAY_AUTH_MODE": "token", "RAY_AUTH_TOKEN_PATH": str(_local_token(paths))}
    if token_file is not None:
        env["RAY_AUTH_TOKEN_PATH"] = str(token_file.resolve())
    mode = os.environ.get("RAY_AUTH_MODE", "token").strip().lower()
    env["RAY_AUTH_MODE"] = mode
    if mode == "token" and not _token_available(token_file):
        raise ClusterError(f"the Ray cluster at {address} needs an authentication token and none was given: {AUTH_HELP}",
                           reason="no_token", address=str(address))
    return env


def refresh_auth_config() -> None:
    """Make an already imported Ray see the RAY_AUTH_* variables as they are now (it reads them once, at import,
    and caches the token): Ray does the same when it turns token mode on itself."""
    try:
        from ray._raylet import AuthenticationTokenLoader, Config
    except ImportError:  # another Ray version: it reads the environment at init
        return
    Config.initialize("")
    AuthenticationTokenLoader.instance().reset_cache()


def _nodes() -> tuple[NodeInfo, ...]:
    import ray

    found = []
    for node in ray.nodes():
        if not node.get("Alive"):
            continue
        res = node.get("Resources", {})
        found.append(NodeInfo(node["NodeID"], node.get("NodeManagerAddress", "?"), float(res.get("CPU", 0)), float(res.get("GPU", 0))))
    return tuple(found)


@contextmanager
def _loopback_head(active: bool) -> Iterator[None]:
    """Ray rewrites a loopback head address to this machine's network address, where a head bound to 127.0.0.1
    (as `ray start --node-ip-address 127.0.0.1` or the tests' clusters) does not listen; its switch for
    single-machine clusters (read from RAY_ENABLE_WINDOWS_OR_OSX_CLUSTER at import) keeps loopback as is."""
    if not active:
        yield
        return
    from ray._private import ray_constants

    saved = ray_constants.ENABLE_RAY_CLUSTER
    ray_constants.ENABLE_RAY_CLUSTER = False
    try:
        yield
    finally:
        ray_constants.ENABLE_RAY_CLUSTER = saved


@contextmanager
def _cluster_messages_to_log() -> Iterator[None]:
    """Ray's driver prints the cluster's warnings (e.g. the raylet's "N worker processes have been started")
    straight to stdout, even with log_to_driver off, which would break `--json` lines and the progress line;
    for the session they go to the log file instead."""
    try:
        from ray._private import worker as ray_worker
    except ImportError:
        yield
        return
    saved = getattr(ray_worker, "print_to_stdstream", None)
    if saved is None:  # another Ray version: leave it alone
        yield
        return

    def to_log(data, ignore_prefix=False):  # noqa: ARG001 - Ray's signature
        for line in data.get("lines", []):
            log.warning("ray (%s): %s", data.get("pid", "?"), line)

    ray_worker.print_to_stdstream = to_log
    try:
        yield
    finally:
        ray_worker.print_to_stdstream = saved


def _chain(exc: BaseException) -> Iterator[BaseException]:
    seen: set[int] = set()
    current: BaseException | None = exc
    while current is not None and id(current) not in seen:
        seen.add(id(current))
        yield current
        current = current.__cause__ or current.__context__


def _init(address: ClusterAddress) -> None:
    import ray

    common = {"include_dashboard": False, "logging_level": logging.WARNING, "log_to_driver": False, "configure_logging": False}
    if address.local:
        with _loopback_head(True):  # else Ray moves the node to this machine's network address (and all interfaces)
            # "local", not None: None joins a cluster started on this machine (`ray start --head`, RAY_ADDRESS)
            ray.init(address="local", num_cpus=address.default_workers(), num_gpus=None, _node_ip_address="127.0.0.1", **common)
        return
    loopback = address.host in ("127.0.0.1", "localhost", "::1")
    if loopback:  # see _loopback_head
        common["_node_ip_address"] = "127.0.0.1"
    try:
        with _loopback_head(loopback):
            ray.init(address=f"{address.host}:{address.port}", **common)
    except Exception as exc:  # ray raises AuthenticationError, ConnectionError or RuntimeError here
        text = str(exc)
        first = text.splitlines()[0] if text else type(exc).__name__
        causes = " ".join(f"{type(e).__name__} {e}" for e in _chain(exc))  # a refused token is in the cause
        if "uthenticat" in causes or "token" in causes.lower():
            raise ClusterError(f"the Ray cluster at {address} refused the connection (authentication): {first}. {AUTH_HELP}",
                               reason="auth_refused", address=str(address), detail=first) from None
        raise ClusterError(f"cannot connect to the Ray cluster at {address}: {first}", reason="connect_failed",
                           address=str(address), detail=first) from None


@contextmanager
def ray_session(address: ClusterAddress, *, paths: ZooPaths, token_file: Path | None = None) -> Iterator[ClusterInfo]:
    """Ray connected to `address` (or a local Ray started) for the body; always shut down after."""
    import importlib.util

    if importlib.util.find_spec("ray") is None:  # found without importing it: an unreachable head is told at once
        raise ClusterError("--cluster needs Ray, which is not installed here: install the `cluster` extra "
                           "(pip install 'zoo-desktop[cluster]'); the installer bundle carries it only when built "
                           "with ZOO_BUNDLE_CLUSTER=1", reason="not_installed", expected="Ray Data")
    if token_file is not None and not token_file.is_file():
        raise ClusterError(f"the token file {token_file} does not exist", reason="token_file_missing", path=str(token_file))
    if not address.local:
        _probe(address)
    with _environment(_auth_environment(address, token_file, paths)), _cluster_messages_to_log():
        import ray

        refresh_auth_config()
        if ray.is_initialized():  # a connection left by an earlier job in this process
            ray.shutdown()
        _init(address)
        try:
            nodes = _nodes()
            log.info("ray: connected to %s, %d nodes", address, len(nodes))
            yield ClusterInfo(str(address), nodes)
        finally:
            ray.shutdown()
