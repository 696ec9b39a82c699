"""Settings → Diagnostics: the `zoo doctor` report, built off the GUI thread, copied to the clipboard."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from test_app_helpers import app_settings, language, make_window  # noqa: F401
from test_doctor import install_fake_models
from zoo_desktop.paths import ZooPaths


def test_settings_page_shows_the_report_and_copy_puts_it_on_the_clipboard(make_window, qtbot, zoo_home):
    window = make_window()
    window.show_page("settings")
    page = window.settings_page
    assert page.diagnostics_box.title() == "Diagnostics" and page.diagnostics_text.isReadOnly()
    qtbot.waitUntil(lambda: page.diagnostics() != "" and page.copy_diagnostics_button.isEnabled(), timeout=20000)
    text = page.diagnostics()
    assert text.startswith("Zoo Desktop diagnostics\n")
    assert f"model store     {ZooPaths(zoo_home).models} (" in text
    assert "models          0 installed" in text
    assert "device          cpu" in text and "setting auto" in text  # the settings page's device setting
    assert "onnxruntime     " in text and "converter       " in text and "qt platform     " in text

    QApplication.clipboard().clear()
    qtbot.mouseClick(page.copy_diagnostics_button, Qt.MouseButton.LeftButton)
    assert QApplication.clipboard().text() == text

    install_fake_models(zoo_home, {"m": "converted"})
    page.device.setCurrentIndex(page.device.findData("cpu"))
    qtbot.mouseClick(page.refresh_diagnostics_button, Qt.MouseButton.LeftButton)
    assert not page.refresh_diagnostics_button.isEnabled()  # one report at a time
    qtbot.waitUntil(lambda: "models          1 installed (1 converted)" in page.diagnostics(), timeout=20000)
    assert "device          cpu (GPU not used: CPU chosen in the settings); setting cpu" in page.diagnostics()
    qtbot.waitUntil(page.refresh_diagnostics_button.isEnabled, timeout=5000)


def test_a_failed_report_says_why(make_window, qtbot, monkeypatch):
    from zoo_desktop.app import settings_page

    def broken(paths, device):
        raise OSError("the disk went away")

    monkeypatch.setattr(settings_page, "build_diagnostics", broken)
    window = make_window()
    window.show_page("settings")
    page = window.settings_page
    qtbot.waitUntil(lambda: "the disk went away" in page.diagnostics_text.placeholderText(), timeout=20000)
    assert page.diagnostics_text.placeholderText().startswith("The report could not be built: ")
    assert not page.copy_diagnostics_button.isEnabled()
