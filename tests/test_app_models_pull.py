"""The Models page's Download cells: a catalog model pulled from a mirror on 127.0.0.1 (`ZOO_MIRROR`), its
progress with speed and time left in the row, Cancel, Resume (also after the app was closed mid-download),
"Convert now?", a 404 in the error dialog, and an unreachable server offering import from a file."""

from __future__ import annotations

import socket

import pytest
from PySide6.QtWidgets import QFileDialog

from test_app_helpers import app_settings, language, make_window, wait_idle  # noqa: F401
from zoo_desktop.app.error_dialog import ErrorDialog
from zoo_http_server import ZooTestServer, mirror, no_proxy_env, server  # noqa: F401
from zoo_test_support import store_snapshot

CARD = "roberta-tiny"
ARCHIVE = "chinese_roberta_L-4_H-312_A-12.zip"


def shown(widget) -> bool:
    """Shown in its cell (the cell itself may be scrolled out of view, or on a page not shown)."""
    return not widget.isHidden()


def click(qtbot, button) -> None:
    assert shown(button) and button.isEnabled(), button.objectName()
    button.click()


def test_every_catalog_row_with_an_address_has_a_download_button(make_window, monkeypatch) -> None:
    monkeypatch.delenv("ZOO_MIRROR", raising=False)
    page = make_window().models_page
    with_url = {r.id for r in page.rows() if r.download_url}
    assert CARD in with_url and "wobert" not in with_url and len(with_url) == 9
    for card_id in with_url:
        cell = page.download_cell(card_id)
        assert cell is not None and shown(cell.download_button), card_id
        assert cell.download_button.text() == "Download"
        assert "open.zhuiyi.ai" in cell.download_button.toolTip()
        assert not shown(cell.cancel_button) and not shown(cell.bar)
    assert page.download_cell("wobert") is None and page.download_cell("wobert-plus") is None


def test_a_mirror_set_in_the_settings_gives_every_card_an_address(make_window, app_settings, server, monkeypatch) -> None:
    monkeypatch.delenv("ZOO_MIRROR", raising=False)
    app_settings.download_mirror = server.url("/zoo")
    page = make_window().models_page
    assert page.row("wobert").download_url == server.url(f"/zoo/chinese_wobert_L-12_H-768_A-12.zip")
    assert "127.0.0.1" in page.download_cell("wobert").download_button.toolTip()
    with pytest.raises(ValueError):
        app_settings.download_mirror = "ftp://example/zoo"


def test_a_404_opens_the_error_dialog(make_window, qtbot, server, monkeypatch, zoo_home) -> None:
    monkeypatch.setenv("ZOO_MIRROR", server.url("/status/404"))
    window = make_window()
    page = window.models_page
    before = store_snapshot(zoo_home)
    click(qtbot, page.download_cell(CARD).download_button)
    qtbot.waitUntil(lambda: window.findChild(ErrorDialog) is not None, timeout=15000)
    dialog = window.findChild(ErrorDialog)
    assert dialog.heading.text() == f"Could not download {CARD}"
    assert "404" in dialog.message.text()
    dialog.close()
    wait_idle(qtbot, window)
    qtbot.waitUntil(lambda: page.download_cell(CARD) is not None and page.download_cell(CARD).download_button.text() == "Download")
    assert store_snapshot(zoo_home) == before


def test_an_unreachable_server_offers_import_from_a_file(make_window, qtbot, monkeypatch, zoo_home) -> None:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    monkeypatch.setenv("ZOO_MIRROR", f"http://127.0.0.1:{port}/zoo")
    window = make_window()
    page = window.models_page
    offers, file_dialogs = [], []
    monkeypatch.setattr(page, "ask_import_instead", lambda card_id, url: offers.append((card_id, url)) or True)
    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *a, **k: file_dialogs.append(a) or ("", ""))
    click(qtbot, page.download_cell(CARD).download_button)
    qtbot.waitUntil(lambda: bool(file_dialogs), timeout=5000)  # a server that never answered: no back-off
    assert offers == [(CARD, f"http://127.0.0.1:{port}/zoo/{ARCHIVE}")]
    assert "Could not reach the download server for roberta-tiny" in page.status.text()
    assert window.findChild(ErrorDialog) is None  # the offer replaces the error dialog
    wait_idle(qtbot, window)


def test_progress_in_the_row_then_resume_after_the_app_was_closed(make_window, qtbot, mirror, server, zoo_home) -> None:
    """The served bytes are no release: after the resume the import refuses them (the release case is the tf
    test below); what is checked here is the row, Cancel/close and the Range request."""
    server.throttle_s = 0.02
    window = make_window()
    page = window.models_page
    cell = page.download_cell(CARD)
    click(qtbot, cell.download_button)
    qtbot.waitUntil(lambda: "/s" in cell.text.text() and "left" in cell.text.text(), timeout=15000)
    assert cell.text.toolTip().startswith("Downloading") and "%" in cell.text.toolTip()  # with the bytes so far
    assert 0 < cell.bar.value() < 100 and shown(cell.cancel_button) and not shown(cell.download_button)
    assert CARD in page._busy  # its other actions wait

    click(qtbot, cell.cancel_button)
    wait_idle(qtbot, window)
    qtbot.waitUntil(lambda: page.download_cell(CARD).download_button.text() == "Resume")
    assert "Cancelled" in page.status.text() and window.findChild(ErrorDialog) is None
    resume = page.download_cell(CARD)
    assert resume.text.text().endswith("% downloaded") and " of " in resume.text.toolTip()

    click(qtbot, page.download_cell(CARD).download_button)  # resume, then close the app mid-way
    part = zoo_home / "downloads" / (ARCHIVE + ".part")
    kept = part.stat().st_size
    qtbot.waitUntil(lambda: part.stat().st_size > kept + 4 * 65536, timeout=15000)
    window.close()
    assert server.hits[1].range == f"bytes={kept}-"

    server.throttle_s = 0.0
    window = make_window()  # the app started again
    page = window.models_page
    cell = page.download_cell(CARD)
    assert cell.download_button.text() == "Resume"
    received = part.stat().st_size
    assert received > kept
    click(qtbot, cell.download_button)
    qtbot.waitUntil(lambda: window.findChild(ErrorDialog) is not None, timeout=15000)
    assert server.hits[-1].range == f"bytes={received}-" and server.hits[-1].status == 206
    assert window.findChild(ErrorDialog).heading.text() == f"Could not download {CARD}"
    window.findChild(ErrorDialog).close()
    wait_idle(qtbot, window)


@pytest.mark.tf
def test_download_then_convert_now(make_window, qtbot, releases, mirror, server, zoo_home) -> None:
    server.set_payload(releases("roberta", as_zip=True, model_id=CARD).read_bytes(), "release")
    window = make_window()
    page = window.models_page
    click(qtbot, page.download_cell(CARD).download_button)
    qtbot.waitUntil(lambda: page.download_cell(CARD) is not None and shown(page.download_cell(CARD).convert_button), timeout=60000)
    cell = page.download_cell(CARD)
    assert cell.text.text() == "Convert now?" and shown(cell.later_button)
    assert page.row(CARD).state == "imported" and "Downloaded roberta-tiny" in page.status.text()
    assert page.selected_id() == CARD

    click(qtbot, cell.convert_button)  # the usual conversion job starts
    rows = page.job_panel.rows()
    assert rows and rows[0].job.title == f"Converting {CARD}"
    assert page.download_cell(CARD) is None  # the question is answered
    rows[0].cancel()
    wait_idle(qtbot, window, timeout=60000)
    for dialog in window.findChildren(ErrorDialog):  # the converter may have failed before the cancel landed
        dialog.close()
    assert page.row(CARD).state == "imported"
