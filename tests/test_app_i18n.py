"""Languages: the system locale decides by default, a switch retranslates the open window, and the
Chinese interface leaves no string untranslated."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QLocale
from PySide6.QtWidgets import QApplication

from test_app_helpers import app_settings, is_translated, language, make_window, visible_strings  # noqa: F401
from zoo_desktop.app.i18n import resolve_language, translations_dir


@pytest.mark.parametrize(
    "setting, system, expected",
    [
        ("system", "zh_CN", "zh_CN"),
        ("system", "zh_TW", "zh_CN"),
        ("system", "en_US", "en"),
        ("system", "de_DE", "en"),
        ("en", "zh_CN", "en"),
        ("zh_CN", "en_US", "zh_CN"),
    ],
)
def test_resolve_language_follows_the_system_by_default(setting, system, expected):
    assert resolve_language(setting, QLocale(system)) == expected


def test_compiled_translations_are_shipped():
    folder = translations_dir()
    for lang in ("zh_CN", "en"):
        assert (folder / f"zoo_desktop_{lang}.ts").is_file()
        qm = folder / f"zoo_desktop_{lang}.qm"
        assert qm.is_file() and qm.stat().st_mtime >= (folder / f"zoo_desktop_{lang}.ts").stat().st_mtime - 1


def test_switching_language_retranslates_the_open_window(make_window, app_settings, qtbot):
    window = make_window("en")
    window.show_page("settings")
    assert window.nav.item(0).text() == "Summarize"
    assert window.models_page.convert_button.text() == "Convert to ONNX"

    window.settings_page.set_language("zh_CN")  # as the user picks it in the combo box
    qtbot.waitUntil(lambda: window.nav.item(0).text() == "摘要", timeout=5000)
    assert app_settings.language == "zh_CN"
    assert window.windowTitle().startswith("追一模型桌面版")
    assert window.models_page.convert_button.text() == "转换为 ONNX"
    assert window.summarize_page.summarize_button.text() == "生成摘要"
    assert window.settings_page.language.currentText() == "简体中文"
    names = [window.models_page.table.item(r, 1).text() for r in range(window.models_page.table.rowCount())]
    assert "SimBERT 微型" in names  # catalog names follow the language
    assert window.models_page.table.horizontalHeaderItem(0).text() == "模型 ID"

    window.settings_page.set_language("en")
    qtbot.waitUntil(lambda: window.nav.item(0).text() == "Summarize", timeout=5000)
    assert "SimBERT Tiny" in [window.models_page.table.item(r, 1).text() for r in range(window.models_page.table.rowCount())]
    qtbot.waitUntil(lambda: not window.jobs.active(), timeout=20000)
    window._show_job_count(1)  # plural forms come from zoo_desktop_en.qm
    assert window.jobs_label.text() == "1 job running"
    window._show_job_count(2)
    assert window.jobs_label.text() == "2 jobs running"
    window.set_language("zh_CN")
    qtbot.waitUntil(lambda: window.nav.item(0).text() == "摘要", timeout=5000)
    window._show_job_count(2)
    assert window.jobs_label.text() == "2 个任务正在运行"
    window._show_job_count(0)
    assert not window.jobs_label.isVisible()


def test_no_visible_string_is_left_untranslated_in_chinese(make_window, qtbot, tmp_path):
    from zoo_desktop.app.error_dialog import show_error

    window = make_window("en")
    # Put something in every place that shows state: a document, a summary, a queue, an error dialog.
    docs = []
    for i in range(2):
        f = tmp_path / f"文档{i}.txt"
        f.write_text("这是第一句话。这是第二句话，稍微长一点。", encoding="utf-8")
        docs.append(str(f))
    window.open_files(docs)
    page = window.summarize_page
    qtbot.waitUntil(lambda: page.document() is not None, timeout=10000)
    page.summarize(40)
    qtbot.waitUntil(lambda: page.summary_text() != "", timeout=20000)
    show_error(window.models_page, "heading", "message", "details", window.paths.log_file)
    for key in ("settings", "models", "classify", "similarity", "paraphrase", "batch", "train"):
        window.show_page(key)  # the task pages are built when first opened

    window.set_language("zh_CN")
    qtbot.waitUntil(lambda: window.nav.item(0).text() == "摘要", timeout=5000)
    QApplication.processEvents()
    strings = visible_strings(window)
    assert len(strings) > 150
    # the dialog's heading and message came from the test in English; everything else must be Chinese
    leftovers = [
        (where, text) for where, text in strings
        if not is_translated(text) and where not in ("errorHeading.text", "errorMessage.text", "errorDetails.placeholder")
    ]
    assert leftovers == []
