"""One window per user: a later `zoo-desktop FILE…` hands its files to the running window and exits; a stale
socket from a crashed instance does not block the start."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest
from PySide6.QtCore import QDir

from test_app_helpers import app_settings, language, make_window  # noqa: F401
from zoo_desktop.app import single_instance as si
from zoo_desktop.paths import ZooPaths

REPO = Path(__file__).resolve().parents[1]


def _socket_path(name: str) -> Path:
    return Path(name) if os.path.isabs(name) else Path(QDir.tempPath()) / name


def test_server_name_is_per_user_and_per_data_directory(tmp_path):
    assert si.server_name(tmp_path / "a") == si.server_name(tmp_path / "a")
    assert si.server_name(tmp_path / "a") != si.server_name(tmp_path / "b")
    assert len(str(_socket_path(si.server_name(tmp_path / "a")))) < 100  # fits a Unix socket address


def test_documents_are_the_arguments_that_are_not_qt_options(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    args = ["-platform", "offscreen", "a.txt", "--style=fusion", "-style", "Fusion", str(tmp_path / "b 文档.txt")]
    assert si.document_args(args) == [str(tmp_path / "a.txt"), str(tmp_path / "b 文档.txt")]


HAND_OVER = "import sys; from zoo_desktop.app.single_instance import hand_over; sys.exit(0 if hand_over(sys.argv[1], sys.argv[2:]) else 3)"


def _hand_over_in_a_child(name: str, files: list[str]) -> subprocess.Popen:
    """The client blocks on its socket (holding the GIL): run it in its own process beside the serving GUI thread."""
    return subprocess.Popen([sys.executable, "-c", HAND_OVER, name, *files], cwd=REPO)


def test_the_running_window_raises_and_queues_the_files_it_receives(make_window, qtbot, tmp_path):
    window = make_window()
    window.show_page("settings")
    name = si.server_name(ZooPaths.from_env().home)
    server = si.serve(window, name)
    docs = []
    for i, text in enumerate(("第一份文档。内容。", "第二份文档。", "第三份。")):
        docs.append(tmp_path / f"文档 {i}.txt")
        docs[-1].write_text(text, encoding="utf-8")
    try:
        child = _hand_over_in_a_child(name, [str(d) for d in docs])
        qtbot.waitUntil(lambda: child.poll() is not None, timeout=20000)
        assert child.returncode == 0  # the window answered that it took the files
        page = window.summarize_page
        assert window.current_page_key() == "summarize"
        assert page.queued_paths() == [str(d) for d in docs]
        qtbot.waitUntil(lambda: page.document() is not None, timeout=10000)
        assert page.preview.toPlainText() == "第一份文档。内容。"
    finally:
        server.close()


def test_no_server_means_no_hand_over_and_a_stale_socket_is_replaced(qapp, tmp_path):
    name = si.server_name(tmp_path / "home")
    assert si.hand_over(name, ["/x.txt"]) is False  # nothing listens: start a window
    stale = _socket_path(name)
    crashed = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)  # a crashed instance leaves its socket file
    crashed.bind(str(stale))
    crashed.close()
    assert stale.exists()
    t0 = time.monotonic()
    assert si.hand_over(name, ["/x.txt"]) is False
    assert time.monotonic() - t0 < 2
    server = si.InstanceServer(name)
    try:
        assert server.listen()
        assert server.full_name == str(stale)
    finally:
        server.close()


def _env(tmp_path: Path) -> dict[str, str]:
    env = dict(os.environ)
    env.update(QT_QPA_PLATFORM="offscreen", ZOO_HOME=str(tmp_path / "home"), XDG_CONFIG_HOME=str(tmp_path / "config"),
               LANG="en_US.UTF-8", LC_ALL="en_US.UTF-8")
    return env


def _wait_for(predicate, timeout: float) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return True
        time.sleep(0.1)
    return False


def test_a_second_process_hands_its_files_to_the_first_and_exits(tmp_path):
    env = _env(tmp_path)
    log = tmp_path / "home" / "logs" / "zoo-desktop.log"
    name = si.server_name(tmp_path / "home")
    docs = [tmp_path / "甲 文档.txt", tmp_path / "b.txt"]
    for doc in docs:
        doc.write_text("一句话。另一句话。", encoding="utf-8")
    first = subprocess.Popen([sys.executable, "-m", "zoo_desktop.app.main"], cwd=REPO, env=env,
                             stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    try:
        listening = _wait_for(lambda: _socket_path(name).exists() or first.poll() is not None, 20)
        assert listening and first.poll() is None, first.stderr.read() if first.poll() is not None else "no socket"
        t0 = time.monotonic()
        second = subprocess.run([sys.executable, "-m", "zoo_desktop.app.main", str(docs[0]), str(docs[1])],
                                cwd=tmp_path, env=env, capture_output=True, text=True, timeout=20)
        seconds = time.monotonic() - t0
        assert second.returncode == 0, second.stderr
        assert seconds < 10
        expected = f"received 2 file(s) from another instance: {[str(d) for d in docs]}"
        assert _wait_for(lambda: log.is_file() and expected in log.read_text(encoding="utf-8"), 5), log.read_text(encoding="utf-8")
        assert first.poll() is None  # the first window still runs; the second never opened one
        pids = {line.split()[2] for line in log.read_text(encoding="utf-8").splitlines() if line[:2] == "20"}
        assert pids == {str(first.pid)}  # only the first process logged: the second never set up a window
    finally:
        first.terminate()
        try:
            first.wait(10)
        except subprocess.TimeoutExpired:
            first.kill()
            first.wait()
        _socket_path(name).unlink(missing_ok=True)  # a terminated app leaves its socket, as a crash would
