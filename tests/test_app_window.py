"""The main window: navigation, task pages built on first use, file drops into the Summarize page, summarizing,
saving, the queue, recent documents, and closing while a job runs."""

from __future__ import annotations

import time

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QLabel, QWidget

from test_app_helpers import GB18030_TEXT, app_settings, drop_files, language, make_window, wait_idle  # noqa: F401
from zoo_desktop.app.main_window import PAGE_KEYS, TASK_PAGES


def test_navigation_shows_every_page(make_window, qtbot):
    window = make_window()
    assert window.nav.count() == len(PAGE_KEYS) == 8
    for row, key in enumerate(PAGE_KEYS):
        item = window.nav.item(row)
        assert not item.icon().isNull(), f"{key} has no icon"
        rect = window.nav.visualItemRect(item)
        qtbot.mouseClick(window.nav.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
        assert window.current_page_key() == key
        assert window.page(key).isVisible() and window.page(key).objectName() == f"{key}Page"
        assert window.stack.currentWidget().isAncestorOf(window.page(key)) or window.stack.currentWidget() is window.page(key)
    assert [window.nav.item(i).text() for i in range(8)] == [
        "Summarize", "Classify", "Similarity & Search", "Paraphrase", "Batch", "Train", "Models", "Settings"
    ]


def test_task_pages_are_built_when_first_opened_and_say_what_they_need(make_window, qtbot):
    window = make_window()
    assert not any(host.built for host in window.hosts.values())  # start-up builds only what it shows
    needs = {"classify": "Train page", "similarity": "SimBERT", "paraphrase": "SimBERT", "train": "RoBERTa"}
    for key in TASK_PAGES:
        window.show_page(key)
        page = window.page(key)
        assert window.hosts[key].built and page.objectName() == f"{key}Page"
        assert page.isVisible()
        if key not in needs:  # Batch: the built-in summarizer needs no model
            continue
        button = page.open_models_button
        assert button.isVisible(), key
        assert needs[key] in " ".join(label.text() for label in page.findChildren(QLabel) if label.isVisible()), key
        qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
        assert window.current_page_key() == "models"

def test_drop_gb18030_file_preview_and_extractive_summary(make_window, qtbot, tmp_path, app_settings):
    window = make_window()
    window.show_page("models")
    doc = tmp_path / "南汉 简介.txt"
    doc.write_bytes(GB18030_TEXT.encode("gb18030"))
    page = window.summarize_page

    entered, dropped = drop_files(window, [doc])
    assert entered and dropped
    assert window.current_page_key() == "summarize"
    qtbot.waitUntil(lambda: page.document() is not None, timeout=10000)
    assert page.preview.toPlainText() == GB18030_TEXT
    assert "GB18030" in page.document_info.text()
    assert "南汉 简介.txt" in page.document_info.text()
    assert f"{len(GB18030_TEXT):,} characters" in page.document_info.text()
    assert app_settings.recent_documents == [str(doc)]
    assert page.recent_list.count() == 1 and page.recent_list.item(0).text() == doc.name

    page.length.setValue(80)
    qtbot.mouseClick(page.summarize_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: page.summary_text() != "", timeout=20000)
    summary = page.summary_text()
    assert 0 < len(summary) <= 80
    assert summary in GB18030_TEXT.replace("\n", "")  # extractive: taken from the text as it is
    assert "Extractive summary" in page.result_kind.text() and "no model" in page.result_kind.text()
    assert "sentences" in page.result_info.text()
    assert page.copy_button.isEnabled() and page.save_button.isEnabled()

    page.copy_summary()
    assert QApplication.clipboard().text() == summary

    page.preview.appendPlainText("新加的一句。")  # the user edits the loaded text
    assert "南汉 简介.txt" in page.document_info.text() and "(edited)" in page.document_info.text()


def test_several_dropped_files_wait_in_the_queue(make_window, qtbot, tmp_path):
    window = make_window()
    files = []
    for i in range(3):
        f = tmp_path / f"doc{i}.txt"
        f.write_text(f"第{i}份文档。内容很短。", encoding="utf-8")
        files.append(f)
    drop_files(window, files)
    page = window.summarize_page
    assert page.queued_paths() == [str(f) for f in files]
    qtbot.waitUntil(lambda: page.document() is not None, timeout=10000)
    assert page.document().path == files[0]
    assert "UTF-8" in page.document_info.text()
    page.clear_queue()
    assert page.queued_paths() == []


def test_unreadable_document_shows_the_error_dialog(make_window, qtbot, tmp_path):
    from zoo_desktop.app.error_dialog import ErrorDialog

    window = make_window()
    bad = tmp_path / "报告.doc"
    bad.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 100)
    window.open_files([str(bad)])
    qtbot.waitUntil(lambda: window.findChild(ErrorDialog) is not None, timeout=10000)
    dialog = window.findChild(ErrorDialog)
    assert "报告.doc" in dialog.heading.text()
    assert ".docx" in dialog.message.text()  # the loader's advice: save it as .docx
    assert str(window.paths.log_file) in dialog.log_label.text()
    assert not dialog.details.isVisible()
    dialog.details_button.click()
    assert dialog.details.isVisible() and "Traceback" in dialog.details.toPlainText()
    dialog.close()


@pytest.mark.parametrize("suffix", [".txt", ".md", ".docx"])
def test_save_summary(make_window, qtbot, tmp_path, suffix):
    if suffix == ".docx":
        pytest.importorskip("docx")
    window = make_window()
    page = window.summarize_page
    page.preview.setPlainText(GB18030_TEXT)
    assert "Pasted text" in page.document_info.text()
    page.summarize(60)
    qtbot.waitUntil(lambda: page.summary_text() != "", timeout=20000)
    out = tmp_path / f"摘要{suffix}"
    page.save_summary(out)
    wait_idle(qtbot, window)
    assert out.is_file()
    if suffix == ".txt":
        assert out.read_text("utf-8").strip() == page.summary_text().strip()
    elif suffix == ".md":
        text = out.read_text("utf-8")
        assert text.startswith("# Summary of pasted text") and page.summary_text().strip() in text
    else:
        import docx

        paragraphs = [p.text for p in docx.Document(str(out)).paragraphs]
        assert page.summary_text().strip() in paragraphs


def test_recent_documents_survive_a_restart(make_window, qtbot, tmp_path, app_settings):
    from zoo_desktop.app.settings import AppSettings

    window = make_window()
    for name in ("a.txt", "b.txt"):
        f = tmp_path / name
        f.write_text("一句话。", encoding="utf-8")
        window.summarize_page.load_document(str(f))
        qtbot.waitUntil(lambda f=f: window.summarize_page.document() is not None and window.summarize_page.document().path == f, timeout=10000)
    app_settings.sync()
    again = AppSettings.from_file(app_settings.file_name)
    assert again.recent_documents == [str(tmp_path / "b.txt"), str(tmp_path / "a.txt")]
    second = make_window()
    assert [second.summarize_page.recent_list.item(i).text() for i in range(2)] == ["b.txt", "a.txt"]


def test_closing_while_a_job_runs_cancels_it_without_hanging(make_window, qtbot):
    from zoo_desktop.app.workers import Job

    window = make_window()
    started = []

    def slow(cancel):
        started.append(True)
        while not cancel.wait(0.02):  # a long job that honours its cancel token
            pass
        cancel.raise_if_cancelled()

    job = Job(slow, title="slow", wants_cancel=True)
    window.models_page.job_panel.track(job)
    window.jobs.start(job)
    qtbot.waitUntil(lambda: bool(started), timeout=5000)
    assert window.jobs_label.isVisible()
    t0 = time.monotonic()
    window.close()
    elapsed = time.monotonic() - t0
    assert job.cancelled
    assert window.jobs.pool.activeThreadCount() == 0
    assert elapsed < 2.0, f"closing took {elapsed:.2f} s"
    assert window.jobs.closed
    assert window.jobs.start(Job(lambda: None)) is not None and window.jobs.pool.activeThreadCount() == 0
    QApplication.processEvents()  # late signals of the cancelled job reach a closed window harmlessly


def test_every_control_has_a_unique_object_name(make_window):
    """Tests and accessibility tools find controls by objectName: each page's controls are named, once."""
    from collections import Counter

    from PySide6.QtWidgets import (
        QAbstractButton, QAbstractItemView, QAbstractSpinBox, QComboBox, QHeaderView, QLineEdit, QPlainTextEdit,
    )

    window = make_window()
    for key in PAGE_KEYS:
        window.page(key)
    kinds = (QAbstractButton, QLineEdit, QComboBox, QAbstractSpinBox, QAbstractItemView, QPlainTextEdit)

    popups = {id(combo.view()) for combo in window.findChildren(QComboBox)}

    def ours(widget) -> bool:  # Qt's own parts: combo pop-ups, table headers, spin-box editors, corner buttons
        internal = isinstance(widget.parent(), (QComboBox, QAbstractSpinBox)) or isinstance(widget, QHeaderView)
        return not internal and id(widget) not in popups and not widget.objectName().startswith("qt_")

    controls = [w for w in window.findChildren(QWidget) if isinstance(w, kinds) and ours(w)]
    assert len(controls) > 100
    unnamed = [f"{type(w).__name__} under {w.parent().objectName()}" for w in controls if not w.objectName()]
    assert unnamed == []
    counts = Counter(w.objectName() for w in controls)
    assert [name for name, n in counts.items() if n > 1] == []
