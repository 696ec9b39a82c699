"""Fixtures and helpers for the desktop app's tests (no tests here; the test_app_* modules import them).

Every window gets its own settings file in the test's temp folder, its own thread pool and its own
translators, removed afterwards, so tests never touch the user's settings or leak a language.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

pytest.importorskip("pytestqt")

from PySide6.QtCore import QLocale, QMimeData, QPoint, QPointF, Qt, QThreadPool, QUrl  # noqa: E402
from PySide6.QtGui import QDragEnterEvent, QDropEvent  # noqa: E402
from PySide6.QtWidgets import QApplication  # noqa: E402

GB18030_TEXT = (
    "追一科技开源了多个中文预训练模型，包括 RoBERTa、SimBERT、WoBERT 和 T5 PEGASUS。"
    "这些模型覆盖了文本分类、句子相似度、同义句生成和摘要等任务。"
    "桌面版让分析师和编辑无需编写代码就能使用这些模型。"
    "用户可以导入官方发布的检查点，一次性转换为 ONNX 格式，然后在本地运行。"
    "整个过程不需要联网，也不需要安装 TensorFlow。"
    "刘䶮是南汉的开国皇帝，这个名字里的“䶮”字只在 GB18030 中才有编码。\n"
)


@pytest.fixture
def app_settings(tmp_path):
    from zoo_desktop.app.settings import AppSettings

    return AppSettings.from_file(tmp_path / "settings" / "zoo-desktop.ini")


@pytest.fixture
def language(qapp):
    from zoo_desktop.app.i18n import LanguageManager

    previous = QLocale()
    manager = LanguageManager(qapp)
    yield manager
    manager.uninstall()
    QLocale.setDefault(previous)


@pytest.fixture
def make_window(qtbot, app_settings, language, zoo_home):
    """make_window(lang="en") -> a shown MainWindow whose first store refresh has finished."""
    import logging

    from zoo_desktop.app.main_window import MainWindow
    from zoo_desktop.logging_setup import configure_logging
    from zoo_desktop.paths import ZooPaths

    configure_logging(ZooPaths.from_env())  # as the entry point does: errors name this log file
    made = []

    def make(lang: str = "en"):
        language.apply(lang)
        pool = QThreadPool()
        pool.setMaxThreadCount(2)
        window = MainWindow(ZooPaths.from_env(), app_settings, pool, language)
        made.append((window, pool))
        window.show()
        qtbot.waitExposed(window)
        qtbot.waitUntil(lambda: window.models_page.rows() != [] and not window.jobs.active(), timeout=15000)
        return window

    yield make
    for window, pool in made:
        window.close()
        pool.waitForDone(10000)
        window.deleteLater()
    QApplication.processEvents()
    logger = logging.getLogger("zoo_desktop")
    for handler in [h for h in logger.handlers if h.get_name() == "zoo-desktop-file"]:
        logger.removeHandler(handler)
        handler.close()


def drop_files(widget, paths: list[Path]) -> tuple[bool, bool]:
    """A real drag-enter + drop of file URLs onto `widget`; returns (enter accepted, drop accepted)."""
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(p)) for p in paths])
    center = widget.rect().center()
    enter = QDragEnterEvent(QPoint(center), Qt.DropAction.CopyAction, mime, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier)
    QApplication.sendEvent(widget, enter)
    drop = QDropEvent(QPointF(center), Qt.DropAction.CopyAction, mime, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier)
    QApplication.sendEvent(widget, drop)
    return enter.isAccepted(), drop.isAccepted()


def wait_idle(qtbot, window, timeout: int = 20000) -> None:
    qtbot.waitUntil(lambda: not window.jobs.active(), timeout=timeout)


_CJK = re.compile(r"[\u3400-\u9fff\uf900-\ufaff\u3000-\u303f\uff00-\uffef]")
# What may stay as it is in the Chinese UI: product and format names, model ids, numbers with units,
# file names and paths, and the language selector's native "English".
ALLOWED_LATIN = {
    "ONNX", "GPU", "CPU", "CUDA", "English", "RoBERTa", "SimBERT", "WoBERT", "T5 PEGASUS", "Zoo Desktop", "—", "·",
}
_ALLOWED_PATTERNS = [
    re.compile(r"^[a-z0-9][a-z0-9._-]*$"),  # model ids
    re.compile(r"^[\d.,\s]*(B|KB|MB|GB|TB|%)?$"),  # numbers and sizes
    re.compile(r"^(/|[A-Za-z]:\\).*"),  # paths
    re.compile(r"^[\w.-]+\.(txt|md|docx|pdf|html|zip|zoomodel)$", re.IGNORECASE),  # file names
]


def is_translated(text: str) -> bool:
    text = text.strip().replace("&", "")
    if not text or _CJK.search(text) or text in ALLOWED_LATIN:
        return True
    return any(p.match(text) for p in _ALLOWED_PATTERNS)


def visible_strings(root) -> list[tuple[str, str]]:
    """(where, text) for every user-visible string under `root`: texts, titles, tooltips, placeholders,
    headers, list/combo items, spin box affixes, the status bar."""
    from PySide6.QtWidgets import (
        QAbstractButton,
        QComboBox,
        QGroupBox,
        QLabel,
        QLineEdit,
        QListWidget,
        QMainWindow,
        QPlainTextEdit,
        QAbstractSpinBox,
        QDoubleSpinBox,
        QSpinBox,
        QTabWidget,
        QTableView,
        QTableWidget,
        QWidget,
    )

    found: list[tuple[str, str]] = []

    def add(widget, what: str, text: str | None) -> None:
        if text:
            found.append((f"{widget.objectName() or type(widget).__name__}.{what}", text))

    for w in [root, *root.findChildren(QWidget)]:
        if w.isWindow():
            add(w, "windowTitle", w.windowTitle())
        add(w, "toolTip", w.toolTip())
        if isinstance(w, QLabel):
            add(w, "text", w.text())
        elif isinstance(w, QAbstractButton):
            add(w, "text", w.text())
        elif isinstance(w, QGroupBox):
            add(w, "title", w.title())
        elif isinstance(w, QLineEdit):
            add(w, "placeholder", w.placeholderText())
        elif isinstance(w, QPlainTextEdit):
            add(w, "placeholder", w.placeholderText())
        if isinstance(w, (QSpinBox, QDoubleSpinBox)):
            add(w, "suffix", w.suffix())
        if isinstance(w, QAbstractSpinBox):
            add(w, "special", w.specialValueText())
        if isinstance(w, QTabWidget):
            for i in range(w.count()):
                add(w, f"tab{i}", w.tabText(i))
                add(w, f"tab{i}.tip", w.tabToolTip(i))
        if isinstance(w, QTableView) and not isinstance(w, QTableWidget) and w.model() is not None:
            for c in range(w.model().columnCount()):
                header = w.model().headerData(c, Qt.Orientation.Horizontal)
                if isinstance(header, str):
                    add(w, f"header{c}", header)
        if isinstance(w, QComboBox):
            for i in range(w.count()):
                add(w, f"item{i}", w.itemText(i))
                add(w, f"item{i}.tip", w.itemData(i, Qt.ItemDataRole.ToolTipRole))
        if isinstance(w, QListWidget):
            for i in range(w.count()):
                add(w, f"item{i}", w.item(i).text())
                add(w, f"item{i}.tip", w.item(i).toolTip())
        if isinstance(w, QTableWidget):
            for c in range(w.columnCount()):
                header = w.horizontalHeaderItem(c)
                if header is not None:
                    add(w, f"header{c}", header.text())
                    add(w, f"header{c}.tip", header.toolTip())
            for r in range(w.rowCount()):
                for c in range(w.columnCount()):
                    item = w.item(r, c)
                    if item is not None:
                        add(w, f"cell{r},{c}", item.text())
        if isinstance(w, QMainWindow):
            add(w, "statusMessage", w.statusBar().currentMessage())
    return found


def task_page_factory(page_class, qtbot, tmp_path, monkeypatch, size=(1000, 700)):
    """For a `make_page` fixture: yields make(store_home) -> a shown task page over that store, fed its model rows,
    with its own settings file, pool and engine; shuts them down afterwards."""
    from zoo_desktop.app.engine_holder import EngineHolder
    from zoo_desktop.app.model_rows import load_model_rows
    from zoo_desktop.app.settings import AppSettings
    from zoo_desktop.app.workers import JobTracker
    from zoo_desktop.paths import ZooPaths

    made = []

    def make(store_home):
        monkeypatch.setenv("ZOO_HOME", str(store_home))
        paths = ZooPaths(store_home)
        settings = AppSettings.from_file(tmp_path / "s.ini")
        pool = QThreadPool()
        pool.setMaxThreadCount(2)
        jobs = JobTracker(pool)
        engines = EngineHolder(paths, settings)
        page = page_class(paths, settings, jobs, engines)
        qtbot.addWidget(page)
        page.resize(*size)
        page.show()
        page.update_models(load_model_rows(paths))
        made.append((jobs, engines))
        return page

    yield make
    for jobs, engines in made:
        jobs.shutdown()
        engines.close()
