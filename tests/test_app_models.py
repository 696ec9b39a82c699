"""The Models page: catalog table, import (zip with a custom id, URL with progress and Cancel), verify,
export, remove with confirmation, convert's cancel, and errors in the error dialog."""

from __future__ import annotations

import http.server
import threading
import time

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox

from test_app_helpers import app_settings, language, make_window, wait_idle  # noqa: F401
from zoo_desktop.app.error_dialog import ErrorDialog
from zoo_test_support import store_snapshot


def table_rows(page) -> dict[str, dict[str, str]]:
    from zoo_desktop.app.models_page import COLUMNS

    rows = {}
    for r in range(page.table.rowCount()):
        cells = {key: page.table.item(r, c).text() for c, key in enumerate(COLUMNS)}
        rows[cells["id"]] = cells
    return rows


def test_catalog_table(make_window):
    window = make_window()
    page = window.models_page
    rows = table_rows(page)
    assert len(rows) == 11
    assert rows["simbert-tiny"] == {
        "id": "simbert-tiny",
        "name": "SimBERT Tiny",
        "family": "SimBERT",
        "tasks": "sentence vectors, similarity, search, paraphrase",
        "size": "27 MB",
        "state": "Not installed",
        "disk": "—",
        "device": "—",
        "download": "",  # the cell holds the Download button (test_app_models_pull.py)
    }
    assert "11 models in the catalog, 0 installed" in page.status.text()
    page.select_model("simbert-tiny")
    assert page.selected_id() == "simbert-tiny"
    for button in (page.convert_button, page.verify_button, page.export_button, page.remove_button, page.show_button):
        assert not button.isEnabled()  # nothing to act on until it is installed


class _SlowHandler(http.server.BaseHTTPRequestHandler):
    size = 4 << 20

    def do_GET(self):  # noqa: N802
        if not self.path.endswith("slow.zip"):
            self.send_error(404)
            return
        self.send_response(200)
        self.send_header("Content-Length", str(self.size))
        self.send_header("Content-Type", "application/zip")
        self.end_headers()
        sent = 0
        try:
            while sent < self.size:
                self.wfile.write(b"\0" * 32768)
                sent += 32768
                time.sleep(0.02)
        except (BrokenPipeError, ConnectionResetError):
            pass

    def log_message(self, *args):
        pass


@pytest.fixture
def slow_server():
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _SlowHandler)
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()


def test_url_import_shows_progress_speed_and_cancels(make_window, qtbot, slow_server, zoo_home):
    window = make_window()
    page = window.models_page
    before = store_snapshot(zoo_home)
    job = page.import_source(f"{slow_server}/slow.zip")
    row = page.job_panel.rows()[0]
    qtbot.waitUntil(lambda: "%" in row.stage.text() and "/s" in row.stage.text() and "left" in row.stage.text(), timeout=15000)
    assert row.stage.text().startswith("Downloading")
    assert 0 < row.bar.value() < 100
    qtbot.mouseClick(row.cancel_button, Qt.MouseButton.LeftButton)
    assert job.cancelled
    wait_idle(qtbot, window)
    assert page.job_panel.rows() == []
    assert window.findChild(ErrorDialog) is None  # a cancel is not an error
    assert "Cancelled" in page.status.text()
    assert store_snapshot(zoo_home) == before


def test_url_import_failure_opens_the_error_dialog(make_window, qtbot, slow_server, zoo_home):
    window = make_window()
    window.models_page.import_source(f"{slow_server}/missing.zip")
    qtbot.waitUntil(lambda: window.findChild(ErrorDialog) is not None, timeout=15000)
    dialog = window.findChild(ErrorDialog)
    assert dialog.heading.text() == "Could not import the model"
    assert "404" in dialog.message.text()
    assert str(window.paths.log_file) in dialog.log_label.text()
    assert window.paths.log_file.is_file()
    dialog.close()


@pytest.mark.tf
def test_import_verify_export_remove_through_the_page(make_window, qtbot, releases, zoo_home, tmp_path, monkeypatch):
    window = make_window()
    page = window.models_page
    src = releases("roberta", as_zip=True)

    asked = []
    monkeypatch.setattr(page, "ask_model_id", lambda source: asked.append(source) or "my-roberta")
    page.import_source(str(src))  # what "Import from file…" does with the chosen path
    qtbot.waitUntil(lambda: "my-roberta" in table_rows(page), timeout=30000)
    wait_idle(qtbot, window)
    assert asked == [str(src)]  # random test dims match no catalog card: the page asked for an id
    row = table_rows(page)["my-roberta"]
    assert (row["name"], row["family"], row["state"]) == ("Custom model", "RoBERTa", "Imported")
    assert row["disk"].endswith(("KB", "MB"))
    assert page.selected_id() == "my-roberta"
    assert "Imported my-roberta" in page.status.text()
    assert page.verify_button.isEnabled() and page.remove_button.isEnabled()

    page.verify_model("my-roberta")
    qtbot.waitUntil(lambda: "intact" in page.status.text(), timeout=15000)
    assert "all 4 files are intact" in page.status.text()

    out = tmp_path / "共享" / "my-roberta.zoomodel"
    page.export_model("my-roberta", out, include_checkpoint=True)
    qtbot.waitUntil(lambda: "Exported" in page.status.text(), timeout=15000)
    assert out.is_file()

    # importing the same release again: the page asks before replacing
    replace_asked = []
    monkeypatch.setattr(page, "confirm_replace", lambda what: replace_asked.append(what) or False)
    page.import_source(str(src), "my-roberta")
    qtbot.waitUntil(lambda: bool(replace_asked), timeout=30000)
    wait_idle(qtbot, window)

    questions = []

    def answer_yes(*args, **kwargs):
        questions.append(args[2])
        return QMessageBox.StandardButton.Yes

    monkeypatch.setattr(QMessageBox, "question", answer_yes)
    page.select_model("my-roberta")
    qtbot.mouseClick(page.remove_button, Qt.MouseButton.LeftButton)
    assert questions and "my-roberta" in questions[0] and "cannot be undone" in questions[0]
    qtbot.waitUntil(lambda: "my-roberta" not in table_rows(page), timeout=15000)
    assert not (zoo_home / "models" / "my-roberta").exists()
    assert "Removed my-roberta" in page.status.text()

    # and the package comes back in through the same import action
    page.import_source(str(out))
    qtbot.waitUntil(lambda: "my-roberta" in table_rows(page), timeout=30000)
    wait_idle(qtbot, window)


@pytest.mark.tf
def test_convert_cancel_leaves_the_model_as_it_was(make_window, qtbot, releases, zoo_home):
    window = make_window()
    page = window.models_page
    page.import_source(str(releases("roberta", as_zip=True)), "my-roberta")
    qtbot.waitUntil(lambda: "my-roberta" in table_rows(page), timeout=30000)
    wait_idle(qtbot, window)
    before = store_snapshot(zoo_home)
    page.select_model("my-roberta")
    qtbot.mouseClick(page.convert_button, Qt.MouseButton.LeftButton)
    assert not page.convert_button.isEnabled()  # busy while its job runs
    rows = page.job_panel.rows()
    assert rows and rows[0].job.title == "Converting my-roberta"
    rows[0].cancel()
    wait_idle(qtbot, window, timeout=30000)
    for dialog in window.findChildren(ErrorDialog):  # the converter may have failed before the cancel landed
        dialog.close()
    assert store_snapshot(zoo_home) == before
    assert page.convert_button.isEnabled()


@pytest.mark.slow
@pytest.mark.tf
def test_convert_through_the_page(make_window, qtbot, releases, zoo_home):
    from zoo_desktop.app.models_page import COLUMNS

    window = make_window()
    page = window.models_page
    page.import_source(str(releases("roberta", as_zip=True)), "my-roberta")
    qtbot.waitUntil(lambda: "my-roberta" in table_rows(page), timeout=30000)
    wait_idle(qtbot, window)
    stages = []
    job = page.convert_model("my-roberta", "fp32")
    job.signals.progress.connect(lambda event: stages.append(event.stage))
    wait_idle(qtbot, window, timeout=300000)
    assert window.findChild(ErrorDialog) is None
    assert "Converted my-roberta to ONNX" in page.status.text()
    assert table_rows(page)["my-roberta"]["state"] == "Converted"
    assert {"export", "parity"} <= set(stages)  # connected after the job began, so "start" may have passed
    assert page.row("my-roberta").ready
    # where it runs: this onnxruntime has no GPU provider, and the cell says so in the tooltip
    qtbot.waitUntil(lambda: page.device_of("my-roberta") is not None, timeout=20000)
    device, reason = page.device_of("my-roberta")
    if device == "cpu":
        assert reason and table_rows(page)["my-roberta"]["device"] == "CPU"
    assert table_rows(page)["simbert-tiny"]["device"] == "—"  # not installed
    window.settings_page.device.setCurrentIndex(window.settings_page.device.findData("cpu"))
    qtbot.waitUntil(lambda: page.device_of("my-roberta") == ("cpu", "CPU chosen in the settings"), timeout=20000)
    row = next(r for r in range(page.table.rowCount()) if page.table.item(r, 0).text() == "my-roberta")
    assert "chosen in the settings" in page.table.item(row, COLUMNS.index("device")).toolTip()
    window.show_page("train")  # an imported RoBERTa is a base for fine-tuning
    qtbot.waitUntil(lambda: window.page("train").base_model_id() == "my-roberta", timeout=10000)
