"""Settings page: language, theme, device and threads, the model store's location, recent documents, the
download mirror, and the diagnostics report (`zoo doctor`) to copy into a bug report.

Every change is saved at once through `AppSettings` (the mirror when its field is left, and only when it is a
valid address); language, theme and mirror apply without a restart.
"""

from __future__ import annotations

import functools
import os

from PySide6.QtCore import QEvent, Qt, QUrl, Signal
from PySide6.QtGui import QColor, QDesktopServices, QFontDatabase, QGuiApplication, QPalette
from PySide6.QtWidgets import (
    QComboBox,
    QFileDialog,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPlainTextEdit,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from zoo_desktop.app.error_dialog import show_error
from zoo_desktop.app.job_panel import JobPanel
from zoo_desktop.app.settings import DEVICES, LANGUAGES, MAX_THREADS, THEMES, AppSettings, is_mirror_url
from zoo_desktop.app.widgets import make_button, make_heading
from zoo_desktop.app.workers import Job, JobFailure, JobTracker, if_alive
from zoo_desktop.paths import ZooPaths


def detect_providers() -> tuple[str, list[str]]:
    """onnxruntime's version and execution providers (imports onnxruntime: run on a worker)."""
    import onnxruntime

    return onnxruntime.__version__, list(onnxruntime.get_available_providers())


def build_diagnostics(paths: ZooPaths, device: str) -> str:
    """The `zoo doctor` report (imports onnxruntime and numpy: run on a worker)."""
    from zoo_desktop import doctor

    return doctor.report_text(paths, device=device)


class SettingsPage(QWidget):
    languageChanged = Signal(str)  # the new setting: "system", "zh_CN" or "en"
    themeChanged = Signal(str)
    recentCleared = Signal()
    storeMoved = Signal(str)  # the new models folder
    deviceChanged = Signal(str)  # "auto", "cpu" or "gpu:0"
    downloadMirrorChanged = Signal(str)  # the saved mirror; "" for none

    def __init__(self, paths: ZooPaths, settings: AppSettings, jobs: JobTracker, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("settingsPage")
        self._paths = paths
        self._settings = settings
        self._jobs = jobs
        self._providers: tuple[str, list[str]] | None = None
        self._provider_error: str | None = None
        self._detecting = False

        self.heading = make_heading("settingsHeading")

        self.language = QComboBox()
        self.language.setObjectName("languageCombo")
        for value in LANGUAGES:
            self.language.addItem("", value)
        self.theme = QComboBox()
        self.theme.setObjectName("themeCombo")
        for value in THEMES:
            self.theme.addItem("", value)
        self.device = QComboBox()
        self.device.setObjectName("deviceCombo")
        for value in DEVICES:
            self.device.addItem("", value)
        self.device_status = QLabel()
        self.device_status.setObjectName("deviceStatus")
        self.device_status.setWordWrap(True)
        self.threads = QSpinBox()
        self.threads.setObjectName("threadsSpin")
        self.threads.setRange(0, min(MAX_THREADS, max(1, os.cpu_count() or 1) * 2))
        self.threads.setMinimumWidth(120)
        self.engine_note = QLabel()
        self.engine_note.setObjectName("engineNote")
        self.engine_note.setWordWrap(True)

        self.store_path = QLineEdit(str(paths.models))
        self.store_path.setObjectName("storePath")
        self.store_path.setReadOnly(True)
        self.open_store_button = make_button("openStoreButton", self.open_store_folder)
        self.move_store_button = make_button("moveStoreButton", self.on_move_store)
        self.move_panel = JobPanel(self)
        self._moving: Job | None = None
        self.store_note = QLabel()
        self.store_note.setObjectName("storeNote")
        self.store_note.setWordWrap(True)
        self.log_path = QLineEdit(str(paths.log_file))
        self.log_path.setObjectName("logPath")
        self.log_path.setReadOnly(True)
        self.open_log_button = make_button("openLogButton", self.open_log_folder)
        self.clear_recent_button = make_button("clearRecentButton", self.clear_recent)

        self.mirror_edit = QLineEdit(settings.download_mirror)
        self.mirror_edit.setObjectName("mirrorEdit")
        self.mirror_error = QLabel()
        self.mirror_error.setObjectName("mirrorError")
        self.mirror_error.setWordWrap(True)
        error_palette = self.mirror_error.palette()
        error_palette.setColor(QPalette.ColorRole.WindowText, QColor("#d03a2f"))  # readable on light and dark
        self.mirror_error.setPalette(error_palette)
        self.mirror_error.hide()
        self._mirror_refused = False
        self.mirror_note = QLabel()
        self.mirror_note.setObjectName("mirrorNote")
        self.mirror_note.setWordWrap(True)
        self.mirror_note.setTextFormat(Qt.TextFormat.PlainText)  # "<mirror>" is no HTML tag

        self.diagnostics_text = QPlainTextEdit()
        self.diagnostics_text.setObjectName("diagnosticsText")
        self.diagnostics_text.setReadOnly(True)
        self.diagnostics_text.setLineWrapMode(QPlainTextEdit.LineWrapMode.NoWrap)
        self.diagnostics_text.setFont(QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont))
        self.diagnostics_text.setMinimumHeight(self.diagnostics_text.fontMetrics().lineSpacing() * 12)
        self.copy_diagnostics_button = make_button("copyDiagnosticsButton", self.copy_diagnostics)
        self.refresh_diagnostics_button = make_button("refreshDiagnosticsButton", self.build_diagnostics)
        self.diagnostics_note = QLabel()
        self.diagnostics_note.setObjectName("diagnosticsNote")
        self.diagnostics_note.setWordWrap(True)
        self._diagnostics: Job | None = None
        self._diagnostics_error: str | None = None

        self.appearance_box = QGroupBox()
        self.appearance_box.setObjectName("appearanceGroup")
        form = QFormLayout(self.appearance_box)
        self.language_label = QLabel()
        self.language_label.setObjectName("languageLabel")
        self.theme_label = QLabel()
        self.theme_label.setObjectName("themeLabel")
        form.addRow(self.language_label, self.language)
        form.addRow(self.theme_label, self.theme)

        self.engine_box = QGroupBox()
        self.engine_box.setObjectName("engineGroup")
        form = QFormLayout(self.engine_box)
        self.device_label = QLabel()
        self.device_label.setObjectName("deviceLabel")
        self.threads_label = QLabel()
        self.threads_label.setObjectName("threadsLabel")
        form.addRow(self.device_label, self.device)
        form.addRow("", self.device_status)
        threads_row = QHBoxLayout()
        threads_row.addWidget(self.threads)
        threads_row.addStretch(1)
        form.addRow(self.threads_label, threads_row)
        form.addRow("", self.engine_note)

        self.data_box = QGroupBox()
        self.data_box.setObjectName("dataGroup")
        form = QFormLayout(self.data_box)
        self.store_label = QLabel()
        self.store_label.setObjectName("storeLabel")
        self.log_label = QLabel()
        self.log_label.setObjectName("logLabel")
        self.recent_label = QLabel()
        self.recent_label.setObjectName("recentSettingLabel")
        store_row = QHBoxLayout()
        store_row.addWidget(self.store_path, 1)
        store_row.addWidget(self.open_store_button)
        store_row.addWidget(self.move_store_button)
        store_field = QVBoxLayout()
        store_field.addLayout(store_row)
        store_field.addWidget(self.store_note)
        store_field.addWidget(self.move_panel)
        log_row = QHBoxLayout()
        log_row.addWidget(self.log_path, 1)
        log_row.addWidget(self.open_log_button)
        form.addRow(self.store_label, store_field)
        form.addRow(self.log_label, log_row)
        recent_row = QHBoxLayout()
        recent_row.addWidget(self.clear_recent_button)
        recent_row.addStretch(1)
        form.addRow(self.recent_label, recent_row)

        self.downloads_box = QGroupBox()
        self.downloads_box.setObjectName("downloadsGroup")
        form = QFormLayout(self.downloads_box)
        self.mirror_label = QLabel()
        self.mirror_label.setObjectName("mirrorLabel")
        form.addRow(self.mirror_label, self.mirror_edit)
        form.addRow("", self.mirror_error)
        form.addRow("", self.mirror_note)

        self.diagnostics_box = QGroupBox()
        self.diagnostics_box.setObjectName("diagnosticsGroup")
        box = QVBoxLayout(self.diagnostics_box)
        box.addWidget(self.diagnostics_note)
        box.addWidget(self.diagnostics_text, 1)
        buttons = QHBoxLayout()
        buttons.addWidget(self.copy_diagnostics_button)
        buttons.addWidget(self.refresh_diagnostics_button)
        buttons.addStretch(1)
        box.addLayout(buttons)

        layout = QVBoxLayout(self)
        layout.addWidget(self.heading)
        layout.addWidget(self.appearance_box)
        layout.addWidget(self.engine_box)
        layout.addWidget(self.data_box)
        layout.addWidget(self.downloads_box)
        layout.addWidget(self.diagnostics_box, 1)

        self._select(self.language, settings.language)
        self._select(self.theme, settings.theme)
        self._select(self.device, settings.device)
        self.threads.setValue(min(settings.threads, self.threads.maximum()))
        self.language.currentIndexChanged.connect(self._language_chosen)
        self.theme.currentIndexChanged.connect(self._theme_chosen)
        self.device.currentIndexChanged.connect(self._device_chosen)
        self.threads.valueChanged.connect(self._threads_chosen)
        self.mirror_edit.editingFinished.connect(self.save_download_mirror)
        self.mirror_edit.textEdited.connect(self._mirror_typed)
        self.retranslateUi()

    @staticmethod
    def _select(combo: QComboBox, value: str) -> None:
        index = combo.findData(value)
        combo.setCurrentIndex(max(0, index))

    # -- language -----------------------------------------------------------------------------

    def retranslateUi(self) -> None:
        self.heading.setText(self.tr("Settings"))
        self.appearance_box.setTitle(self.tr("Language and appearance"))
        self.language_label.setText(self.tr("Language:"))
        # The languages are named in their own language, so anyone can find theirs.
        self.language.setItemText(0, self.tr("Follow the system"))
        self.language.setItemText(1, "简体中文")
        self.language.setItemText(2, "English")
        self.theme_label.setText(self.tr("Theme:"))
        self.theme.setItemText(0, self.tr("Follow the system"))
        self.theme.setItemText(1, self.tr("Light"))
        self.theme.setItemText(2, self.tr("Dark"))
        self.engine_box.setTitle(self.tr("Running models"))
        self.device_label.setText(self.tr("Device:"))
        self.device.setItemText(0, self.tr("Automatic (GPU when available)"))
        self.device.setItemText(1, self.tr("CPU only"))
        self.device.setItemText(2, self.tr("GPU 0 (CUDA)"))
        self.threads_label.setText(self.tr("CPU threads:"))
        self.threads.setSpecialValueText(self.tr("Automatic"))
        self.threads.setToolTip(self.tr("Threads used for inference on the CPU; Automatic lets onnxruntime choose"))
        self.engine_note.setText(self.tr("Used by the pages that run models (Classify, Similarity & Search, Paraphrase, Batch)."))
        self._show_device_status()
        self.data_box.setTitle(self.tr("Data"))
        self.store_label.setText(self.tr("Model store:"))
        self.open_store_button.setText(self.tr("Open folder"))
        self.move_store_button.setText(self.tr("Move…"))
        self.move_store_button.setToolTip(self.tr("Move the installed models to another folder or disk"))
        self.store_note.setText(
            self.tr(
                "Models are kept in this folder. Moving copies them, checks the copy, and only then switches "
                "to it; the command line (zoo) follows the move too."
            )
        )
        self.log_label.setText(self.tr("Log file:"))
        self.open_log_button.setText(self.tr("Open folder"))
        self.recent_label.setText(self.tr("Recent documents:"))
        self.clear_recent_button.setText(self.tr("Clear the list"))
        self.downloads_box.setTitle(self.tr("Downloads"))
        self.mirror_label.setText(self.tr("Mirror:"))
        self.mirror_edit.setPlaceholderText(
            self.tr("Base URL holding the release archives by name; empty: the zoo's own server")
        )
        self.mirror_note.setText(
            self.tr(
                "The Download buttons on the Models page fetch <mirror>/<archive name>, for a company mirror or a "
                "computer that cannot reach the zoo's server. While this is empty, the ZOO_MIRROR environment "
                "variable is used when it is set."
            )
        )
        self._show_mirror_error()
        self.diagnostics_box.setTitle(self.tr("Diagnostics"))
        self.diagnostics_note.setText(
            self.tr("This installation and this computer, for bug reports (the same report as `zoo doctor`).")
        )
        self.copy_diagnostics_button.setText(self.tr("Copy"))
        self.copy_diagnostics_button.setToolTip(self.tr("Copy the report to the clipboard"))
        self.refresh_diagnostics_button.setText(self.tr("Refresh"))
        self._show_diagnostics_state()

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslateUi()
        super().changeEvent(event)

    def showEvent(self, event) -> None:
        super().showEvent(event)
        if self._providers is None and self._provider_error is None and not self._detecting:
            self.detect_device()
        if self._diagnostics is None and not self.diagnostics_text.toPlainText() and self._diagnostics_error is None:
            self.build_diagnostics()

    # -- device detection ---------------------------------------------------------------------

    def detect_device(self) -> Job:
        self._detecting = True
        self._show_device_status()
        job = Job(detect_providers, title=self.tr("Checking onnxruntime"))
        job.signals.finished.connect(self._providers_found)
        job.signals.failed.connect(self._providers_failed)
        return self._jobs.start(job)

    @if_alive
    def _providers_found(self, found: tuple[str, list[str]]) -> None:
        self._detecting = False
        self._providers = found
        self._show_device_status()

    @if_alive
    def _providers_failed(self, failure: JobFailure) -> None:
        self._detecting = False
        self._provider_error = failure.message
        self._show_device_status()

    def _show_device_status(self) -> None:
        if self._provider_error is not None:
            text = self.tr("onnxruntime could not be loaded: %1").replace("%1", self._provider_error)
        elif self._providers is None:
            text = self.tr("Checking which devices onnxruntime can use…") if self._detecting else ""
        else:
            version, providers = self._providers
            if "CUDAExecutionProvider" in providers:
                text = self.tr("onnxruntime %1 can use the GPU (CUDA).").replace("%1", version)
            else:
                text = self.tr("onnxruntime %1 runs on the CPU only: no CUDA GPU support is installed.").replace("%1", version)
        self.device_status.setText(text)

    # -- diagnostics --------------------------------------------------------------------------

    def build_diagnostics(self) -> Job | None:
        if self._diagnostics is not None:
            return None
        self._diagnostics_error = None
        self.diagnostics_text.clear()
        job = Job(functools.partial(build_diagnostics, self._paths, self._settings.device),
                  title=self.tr("Collecting the diagnostics report"))
        job.signals.finished.connect(self._diagnostics_built)
        job.signals.failed.connect(self._diagnostics_failed)
        job.signals.ended.connect(self._diagnostics_ended)
        self._diagnostics = job
        self._show_diagnostics_state()
        return self._jobs.start(job)

    @if_alive
    def _diagnostics_built(self, text: str) -> None:
        self.diagnostics_text.setPlainText(text)

    @if_alive
    def _diagnostics_failed(self, failure: JobFailure) -> None:
        self._diagnostics_error = failure.message

    @if_alive
    def _diagnostics_ended(self) -> None:
        self._diagnostics = None
        self._show_diagnostics_state()

    def _show_diagnostics_state(self) -> None:
        busy = self._diagnostics is not None
        if busy:
            placeholder = self.tr("Collecting the report…")
        elif self._diagnostics_error is not None:
            placeholder = self.tr("The report could not be built: %1").replace("%1", self._diagnostics_error)
        else:
            placeholder = ""
        self.diagnostics_text.setPlaceholderText(placeholder)
        self.refresh_diagnostics_button.setEnabled(not busy)
        self.copy_diagnostics_button.setEnabled(not busy and bool(self.diagnostics_text.toPlainText()))

    def diagnostics(self) -> str:
        return self.diagnostics_text.toPlainText()

    def copy_diagnostics(self) -> None:
        QGuiApplication.clipboard().setText(self.diagnostics())

    # -- changes ------------------------------------------------------------------------------

    def set_language(self, setting: str) -> None:
        """Choose a language as the user would (saves it and switches the interface)."""
        self._select(self.language, setting)

    def _language_chosen(self, index: int) -> None:
        value = self.language.itemData(index)
        if value and value != self._settings.language:
            self._settings.language = value
            self.languageChanged.emit(value)

    def _theme_chosen(self, index: int) -> None:
        value = self.theme.itemData(index)
        if value:
            self._settings.theme = value
            self.themeChanged.emit(value)

    def _device_chosen(self, index: int) -> None:
        value = self.device.itemData(index)
        if value:
            self._settings.device = value
            self.deviceChanged.emit(value)

    def _threads_chosen(self, value: int) -> None:
        self._settings.threads = value

    def set_download_mirror(self, value: str) -> bool:
        """Enter a mirror as the user would (then leave the field); False when it was refused."""
        self.mirror_edit.setText(value)
        return self.save_download_mirror()

    def save_download_mirror(self) -> bool:
        """Save the field's mirror when it is empty or an http(s) address; otherwise say why inline and keep the
        saved one. True when the field's value is the saved one."""
        value = self.mirror_edit.text().strip()
        self._mirror_refused = bool(value) and not is_mirror_url(value)
        self._show_mirror_error()
        if self._mirror_refused:
            return False
        if value != self.mirror_edit.text():
            self.mirror_edit.setText(value)
        if value != self._settings.download_mirror:
            self._settings.download_mirror = value
            self.downloadMirrorChanged.emit(value)
        return True

    def _mirror_typed(self, _text: str) -> None:
        if self._mirror_refused:  # the message was about the old text
            self._mirror_refused = False
            self._show_mirror_error()

    def _show_mirror_error(self) -> None:
        if self._mirror_refused:
            self.mirror_error.setText(
                self.tr(
                    "Not saved: the mirror must be an http:// or https:// address, such as "
                    "https://mirror.example.com/zoo, or empty. The previous setting is kept."
                )
            )
        self.mirror_error.setVisible(self._mirror_refused)

    def clear_recent(self) -> None:
        self._settings.recent_documents = []
        self.recentCleared.emit()

    def open_store_folder(self) -> None:
        QDesktopServices.openUrl(QUrl.fromLocalFile(str(self._paths.models)))

    # -- moving the store ---------------------------------------------------------------------

    def on_move_store(self) -> None:
        folder = QFileDialog.getExistingDirectory(self, self.tr("Move the model store to"), str(self._paths.home))
        if folder:
            self.move_store(folder)

    def move_store(self, folder: str) -> Job | None:
        """Move the store to `folder` after a confirmation. An import, conversion or training holds its model's
        lock, so the move waits for none of them: it fails with a plain message naming the busy model."""
        if self._moving is not None:
            return None
        answer = QMessageBox.question(
            self,
            self.tr("Move the model store"),
            self.tr("Move all installed models to %1? Models cannot be used until the move has finished.").replace("%1", folder),
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
            QMessageBox.StandardButton.No,
        )
        if answer != QMessageBox.StandardButton.Yes:
            return None
        from zoo_desktop.app.model_jobs import move_store

        job = Job(functools.partial(move_store, self._paths, folder), title=self.tr("Moving the model store"),
                  wants_progress=True, wants_cancel=True)
        job.signals.finished.connect(self._store_moved)
        job.signals.failed.connect(self._move_failed)
        job.signals.ended.connect(self._move_ended)
        self._moving = job
        self.move_store_button.setEnabled(False)
        self.move_panel.track(job)
        return self._jobs.start(job)

    @if_alive
    def _store_moved(self, models: str) -> None:
        self.store_path.setText(models)
        self.storeMoved.emit(models)

    @if_alive
    def _move_failed(self, failure: JobFailure) -> None:
        show_error(self, self.tr("The model store was not moved"), failure, failure.details, self._paths.log_file)

    @if_alive
    def _move_ended(self) -> None:
        self._moving = None
        self.move_store_button.setEnabled(True)

    def open_log_folder(self) -> None:
        QDesktopServices.openUrl(QUrl.fromLocalFile(str(self._paths.logs)))
