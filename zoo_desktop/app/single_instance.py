"""One app per user (and per ZOO_HOME): a second `zoo-desktop FILE…` hands its files to the running window.

Opening a document from the launcher, the file manager's "Open with" or a drop on the launcher icon starts
`zoo-desktop FILE…`. When a window is already open, that process connects to the window's local socket
(QLocalServer / QLocalSocket), sends the files, and exits; the window raises itself and opens them on the
Summarize page. A socket left behind by a crashed instance answers no one: it is removed and replaced.
"""

from __future__ import annotations

import getpass
import hashlib
import json
import logging
import os
import sys
from pathlib import Path
from typing import Sequence

from PySide6.QtCore import QObject, Signal
from PySide6.QtNetwork import QLocalServer, QLocalSocket

log = logging.getLogger(__name__)

CONNECT_TIMEOUT_MS = 500
ANSWER_TIMEOUT_MS = 5000
ACK = b"ok\n"

# Qt options that take a value (they are not documents): `zoo-desktop -platform offscreen notes.txt`.
QT_OPTIONS_WITH_VALUE = {
    "-platform", "-platformpluginpath", "-platformtheme", "-plugin", "-qmljsdebugger", "-qwindowgeometry",
    "-geometry", "-qwindowtitle", "-title", "-qwindowicon", "-icon", "-display", "-style", "-stylesheet",
    "-session", "-name", "-dialogs", "-fontengine",
}


def server_name(home: Path) -> str:
    """The socket's name: one per user and data directory (so tests with their own ZOO_HOME are apart).
    On Unix it lives in $XDG_RUNTIME_DIR (private to the user) when there is one, else in Qt's temp dir."""
    try:
        user = getpass.getuser()
    except Exception:  # noqa: BLE001 - no user name in the environment or the password database
        user = str(os.getuid()) if hasattr(os, "getuid") else "user"
    digest = hashlib.sha256(f"{user}\0{Path(home).resolve()}".encode("utf-8", "surrogateescape")).hexdigest()[:16]
    name = f"zoo-desktop-{digest}"
    runtime = os.environ.get("XDG_RUNTIME_DIR")
    if sys.platform != "win32" and runtime and os.path.isdir(runtime):
        return os.path.join(runtime, name)
    return name


def document_args(args: Sequence[str]) -> list[str]:
    """The documents among the arguments left after argparse: not options, not the values of Qt's options."""
    documents, skip = [], False
    for arg in args:
        if skip:
            skip = False
        elif arg.startswith("-"):
            skip = "-" + arg.lstrip("-") in QT_OPTIONS_WITH_VALUE  # Qt takes -platform and --platform alike
        else:
            documents.append(os.path.abspath(arg))
    return documents


def hand_over(name: str, files: Sequence[str], *, timeout_ms: int = ANSWER_TIMEOUT_MS) -> bool:
    """Give `files` to the running window; True when it took them, False when there is none (start one)."""
    socket = QLocalSocket()
    socket.connectToServer(name)
    if not socket.waitForConnected(CONNECT_TIMEOUT_MS):
        return False  # no server, or a stale socket file from a crashed instance
    socket.write(json.dumps({"files": list(files)}).encode("utf-8") + b"\n")
    socket.flush()
    answer = b""
    while not answer.endswith(b"\n") and socket.waitForReadyRead(timeout_ms):
        answer += bytes(socket.readAll().data())
    socket.disconnectFromServer()
    return answer == ACK


class InstanceServer(QObject):
    """Listens for later instances; emits `filesReceived` (possibly empty: then only raise the window)."""

    filesReceived = Signal(list)

    def __init__(self, name: str, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.name = name
        self._server = QLocalServer(self)
        self._server.setSocketOptions(QLocalServer.SocketOption.UserAccessOption)
        self._server.newConnection.connect(self._accept)

    def listen(self) -> bool:
        """Start listening; a stale socket of a crashed instance is removed first. False when another live
        window already listens under this name (this one then runs without the server)."""
        if self._server.listen(self.name):
            return True
        if self._server.serverError() == QLocalSocket.LocalSocketError.AddressInUseError:
            probe = QLocalSocket()
            probe.connectToServer(self.name)
            if probe.waitForConnected(CONNECT_TIMEOUT_MS):
                probe.disconnectFromServer()
                log.warning("another Zoo Desktop window already listens on %s", self.name)
                return False
            log.info("removing the stale single-instance socket %s", self.name)
            QLocalServer.removeServer(self.name)
            if self._server.listen(self.name):
                return True
        log.warning("cannot listen on %s: %s", self.name, self._server.errorString())
        return False

    def close(self) -> None:
        self._server.close()

    @property
    def full_name(self) -> str:
        return self._server.fullServerName()

    def _accept(self) -> None:
        while self._server.hasPendingConnections():
            socket = self._server.nextPendingConnection()
            buffer = bytearray()
            socket.readyRead.connect(lambda s=socket, b=buffer: self._read(s, b))
            socket.disconnected.connect(socket.deleteLater)
            if socket.bytesAvailable():
                self._read(socket, buffer)

    def _read(self, socket: QLocalSocket, buffer: bytearray) -> None:
        buffer += bytes(socket.readAll().data())
        if not buffer.endswith(b"\n"):
            return
        try:
            files = [str(f) for f in json.loads(bytes(buffer).decode("utf-8")).get("files", [])]
        except (ValueError, AttributeError) as exc:
            log.warning("ignoring a malformed message from another instance: %s", exc)
            socket.disconnectFromServer()
            return
        buffer.clear()
        socket.write(ACK)
        socket.flush()
        log.info("received %d file(s) from another instance: %s", len(files), files)
        self.filesReceived.emit(files)


def serve(window, name: str) -> InstanceServer:
    """Listen for later instances on behalf of `window`: raise it and open what they send."""
    server = InstanceServer(name, window)

    def received(files: list) -> None:
        bring_to_front(window)
        if files:
            window.open_files(files)

    server.filesReceived.connect(received)
    server.listen()
    return server


def bring_to_front(window) -> None:
    from PySide6.QtCore import Qt

    if window.isMinimized():
        window.setWindowState(window.windowState() & ~Qt.WindowState.WindowMinimized)
    window.show()
    window.raise_()
    window.activateWindow()
