"""The main window: navigation between the pages, a status bar, file drops, and a clean close."""

from __future__ import annotations

import logging

from PySide6.QtCore import QEvent, QSize, Qt, QTimer
from PySide6.QtGui import QCloseEvent, QDragEnterEvent, QDragMoveEvent, QDropEvent, QGuiApplication, QShowEvent
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QMainWindow,
    QStackedWidget,
    QWidget,
)

from zoo_desktop import __version__
from zoo_desktop.app.engine_holder import EngineHolder
from zoo_desktop.app.i18n import LanguageManager
from zoo_desktop.app.icons import icon
from zoo_desktop.app.models_page import ModelsPage
from zoo_desktop.app.page_host import PageHost
from zoo_desktop.app.settings import AppSettings
from zoo_desktop.app.settings_page import SettingsPage
from zoo_desktop.app.summarize_page import SummarizePage
from zoo_desktop.app.workers import Job, JobTracker, if_alive
from zoo_desktop.paths import ZooPaths

log = logging.getLogger(__name__)

PAGE_KEYS = ("summarize", "classify", "similarity", "paraphrase", "batch", "train", "models", "settings")
# The task pages, built the first time they are opened: (module, class).
TASK_PAGES = {
    "classify": ("zoo_desktop.app.classify_page", "ClassifyPage"),
    "similarity": ("zoo_desktop.app.similarity_page", "SimilarityPage"),
    "paraphrase": ("zoo_desktop.app.paraphrase_page", "ParaphrasePage"),
    "batch": ("zoo_desktop.app.batch_page", "BatchPage"),
    "train": ("zoo_desktop.app.train_page", "TrainPage"),
}
CLOSE_TIMEOUT_MS = 5000


class MainWindow(QMainWindow):
    def __init__(
        self,
        paths: ZooPaths,
        settings: AppSettings,
        pool,
        language: LanguageManager | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("mainWindow")
        self.setWindowIcon(icon("app"))
        self.setAcceptDrops(True)
        self.paths = paths
        self.settings = settings
        self.language = language
        self.jobs = JobTracker(pool, self)
        self._shown_once = False

        self.nav = QListWidget()
        self.nav.setObjectName("navList")
        self.nav.setIconSize(QSize(22, 22))
        self.nav.setSpacing(2)
        self.nav.setFixedWidth(190)
        self.nav.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.stack = QStackedWidget()
        self.stack.setObjectName("pageStack")

        self.engines = EngineHolder(paths, settings)
        self._rows: list = []
        self._after_refresh: str | None = None
        self.summarize_page = SummarizePage(paths, settings, self.jobs, self.engines)
        self.models_page = ModelsPage(paths, self.jobs)
        self.models_page.set_download_mirror(settings.download_mirror or None)
        self.settings_page = SettingsPage(paths, settings, self.jobs)
        self.hosts = {
            key: PageHost(key, module, name, self._build_page, self._page_built) for key, (module, name) in TASK_PAGES.items()
        }
        self._pages: dict[str, QWidget] = {
            "summarize": self.summarize_page,
            **self.hosts,
            "models": self.models_page,
            "settings": self.settings_page,
        }
        for key in PAGE_KEYS:
            item = QListWidgetItem(icon(key), "")
            item.setData(Qt.ItemDataRole.UserRole, key)
            item.setSizeHint(QSize(170, 36))
            self.nav.addItem(item)
            self.stack.addWidget(self._pages[key])
        self.nav.currentRowChanged.connect(self._show_row)

        central = QWidget()
        central.setObjectName("centralWidget")
        layout = QHBoxLayout(central)
        layout.setContentsMargins(6, 6, 6, 0)
        layout.addWidget(self.nav)
        layout.addWidget(self.stack, 1)
        self.setCentralWidget(central)

        self.statusBar().setObjectName("statusBar")
        self.jobs_label = QLabel()
        self.jobs_label.setObjectName("jobsLabel")
        self.statusBar().addPermanentWidget(self.jobs_label)
        self.jobs.countChanged.connect(self._show_job_count)

        self.models_page.rowsChanged.connect(self._models_changed)
        self.models_page.statusMessage.connect(self.show_message)
        self.summarize_page.statusMessage.connect(self.show_message)
        self.summarize_page.openModelsRequested.connect(self._open_models)
        self.summarize_page.queueChanged.connect(self._queue_to_batch)
        self.settings_page.languageChanged.connect(self.set_language)
        self.settings_page.themeChanged.connect(apply_theme)
        self.settings_page.recentCleared.connect(self.summarize_page.reload_recent)
        self.settings_page.storeMoved.connect(self._store_moved)
        self.settings_page.deviceChanged.connect(lambda _device: self.refresh_devices())
        self.settings_page.downloadMirrorChanged.connect(self.models_page.set_download_mirror)

        geometry = settings.window_geometry
        if geometry.isEmpty() or not self.restoreGeometry(geometry):
            self.resize(1120, 740)
        self.nav.setCurrentRow(0)
        self.retranslateUi()

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if not self._shown_once:
            self._shown_once = True
            # Read the store once the window is up, so the pages know which models are installed.
            QTimer.singleShot(0, self._initial_refresh)

    def _initial_refresh(self) -> None:
        if not self.jobs.closed and self.models_page.rows() == [] and not self.models_page.is_refreshing():
            self.models_page.refresh()

    # -- pages --------------------------------------------------------------------------------

    def page(self, key: str) -> QWidget:
        """The page for `key` (a task page is built now if it was not yet)."""
        widget = self._pages[key]
        return widget.page() if isinstance(widget, PageHost) else widget

    def _show_row(self, row: int) -> None:
        widget = self.stack.widget(row)
        if isinstance(widget, PageHost):
            widget.page()
        self.stack.setCurrentIndex(row)

    def _build_page(self, cls: type) -> QWidget:
        return cls(self.paths, self.settings, self.jobs, self.engines)

    def _page_built(self, key: str, page: QWidget) -> None:
        page.statusMessage.connect(self.show_message)
        page.openModelsRequested.connect(self._open_models)
        if key == "train":
            page.modelTrained.connect(self._model_trained)
        if key == "batch":
            page.add_files(self.summarize_page.queued_paths())
        page.update_models(self._rows)

    def show_page(self, key: str) -> None:
        self.nav.setCurrentRow(PAGE_KEYS.index(key))

    def current_page_key(self) -> str:
        return PAGE_KEYS[self.stack.currentIndex()]

    def _open_models(self) -> None:
        self.show_page("models")

    def refresh_devices(self) -> Job | None:
        """Ask, on a worker, where models run now; the Models page shows it per model."""
        if self.jobs.closed or not any(row.ready for row in self._rows):
            return None  # nothing to place (and onnxruntime stays unloaded)
        job = Job(self.engines.device_status, title=self.tr("Checking devices"))
        job.signals.finished.connect(self._devices_found)
        return self.jobs.start(job)

    @if_alive
    def _devices_found(self, status) -> None:
        self.models_page.set_devices(*status)

    def _models_changed(self, rows: list) -> None:
        self._rows = list(rows)
        self.refresh_devices()
        self.summarize_page.update_models(rows)
        for host in self.hosts.values():
            if host.built:
                host.page().update_models(rows)
        trained, self._after_refresh = self._after_refresh, None
        tuned = next((r.tuned_for for r in rows if r.id == trained), None) if trained else None
        if tuned == "classify":
            self.show_page("classify")  # builds the page, which then gets the rows
            self.page("classify").picker.select(trained)
        elif tuned == "summarize":
            self.show_page("summarize")
            self.summarize_page.model_picker.select(trained)

    def _model_trained(self, model_id: str) -> None:
        """The user wants to use the model just trained: refresh the rows, then open the page for its task."""
        self.engines.invalidate(model_id)
        self._after_refresh = model_id
        self.models_page.refresh()
        self.show_message(self.tr("Model %1 is installed").replace("%1", model_id))

    def _store_moved(self, models: str) -> None:
        self.engines.invalidate()
        self.models_page.refresh()
        self.show_message(self.tr("The models are now in %1").replace("%1", models))

    def _queue_to_batch(self, paths: list) -> None:
        host = self.hosts["batch"]
        if host.built and paths:
            host.page().add_files(paths)

    def open_files(self, paths: list[str]) -> None:
        """Files dropped on the window or given on the command line go to the Summarize page."""
        if paths:
            self.show_page("summarize")
            self.summarize_page.open_files(paths)

    # -- language -----------------------------------------------------------------------------

    def retranslateUi(self) -> None:
        self.setWindowTitle(self.tr("Zoo Desktop %1").replace("%1", __version__))
        names = {
            "summarize": self.tr("Summarize"),
            "classify": self.tr("Classify"),
            "similarity": self.tr("Similarity & Search"),
            "paraphrase": self.tr("Paraphrase"),
            "batch": self.tr("Batch"),
            "train": self.tr("Train"),
            "models": self.tr("Models"),
            "settings": self.tr("Settings"),
        }
        for row, key in enumerate(PAGE_KEYS):
            self.nav.item(row).setText(names[key])
        self.nav.setToolTip(self.tr("Drop files anywhere on the window to summarize them"))
        self._show_job_count(len(self.jobs.active()))

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.statusBar().clearMessage()  # a message in the previous language helps no one
            self.retranslateUi()
        super().changeEvent(event)

    def set_language(self, setting: str) -> str | None:
        """Switch the interface language now (pages retranslate on Qt's LanguageChange event)."""
        if self.language is None:
            return None
        return self.language.apply(setting)

    # -- status -------------------------------------------------------------------------------

    def show_message(self, text: str) -> None:
        self.statusBar().showMessage(text, 8000)

    def _show_job_count(self, count: int) -> None:
        self.jobs_label.setText(self.tr("%n job(s) running", "", count) if count else "")
        self.jobs_label.setVisible(count > 0)

    # -- drops --------------------------------------------------------------------------------

    @staticmethod
    def _dropped_files(event) -> list[str]:
        mime = event.mimeData()
        if not mime.hasUrls():
            return []
        return [url.toLocalFile() for url in mime.urls() if url.isLocalFile()]

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:
        if self._dropped_files(event) or event.mimeData().hasText():
            event.acceptProposedAction()
        else:
            event.ignore()

    def dragMoveEvent(self, event: QDragMoveEvent) -> None:
        if self._dropped_files(event) or event.mimeData().hasText():
            event.acceptProposedAction()
        else:
            event.ignore()

    def dropEvent(self, event: QDropEvent) -> None:
        files = self._dropped_files(event)
        if files:
            event.acceptProposedAction()
            self.open_files(files)
        elif event.mimeData().hasText():  # text dragged from a browser or an editor
            event.acceptProposedAction()
            self.show_page("summarize")
            self.summarize_page.clear_document()
            self.summarize_page.preview.setPlainText(event.mimeData().text())
        else:
            event.ignore()

    # -- closing ------------------------------------------------------------------------------

    def closeEvent(self, event: QCloseEvent) -> None:
        self.settings.window_geometry = self.saveGeometry()
        self.settings.sync()
        running = len(self.jobs.active())
        if running:
            log.info("closing: cancelling %d running job(s)", running)
        if not self.jobs.shutdown(CLOSE_TIMEOUT_MS):
            log.warning("closing although a job did not stop within %d ms", CLOSE_TIMEOUT_MS)
        self.engines.close()
        event.accept()


def apply_theme(theme: str) -> None:
    """"light" or "dark" force the colour scheme; "system" follows the desktop (Qt 6.8+)."""
    hints = QGuiApplication.styleHints()
    if not hasattr(hints, "setColorScheme"):
        return
    scheme = {"light": Qt.ColorScheme.Light, "dark": Qt.ColorScheme.Dark}.get(theme, Qt.ColorScheme.Unknown)
    hints.setColorScheme(scheme)
