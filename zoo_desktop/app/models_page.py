"""Models page: the catalog and installed models, and the actions on them (download, import, convert,
verify, export, remove, show on disk), each long one running as a job with progress and Cancel.

Catalog rows with a download address get a Download cell (`download_cell.py`): the pull runs as a job,
its progress, speed and time left show in the row, Cancel keeps the partial file for Resume (also after
a restart), and a finished pull asks "Convert now?".

Dialogs (`on_*` slots, `ask_*`/`confirm_*`) are kept apart from the actions they lead to
(`import_source`, `convert_model`, ...), so tests and other pages can call the actions directly.
"""

from __future__ import annotations

import functools
import urllib.parse

import shiboken6
from dataclasses import dataclass, field
from pathlib import Path

from PySide6.QtCore import QEvent, QLocale, Qt, QUrl, Signal
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QInputDialog,
    QLabel,
    QLineEdit,
    QMessageBox,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from zoo_desktop.app import model_jobs
from zoo_desktop.app.download_cell import DownloadCell
from zoo_desktop.app.error_dialog import show_error
from zoo_desktop.app.formatting import human_bytes
from zoo_desktop.app.job_panel import JobPanel, TransferRate, progress_text
from zoo_desktop.app.labels import device_label, device_reason_label, family_label, state_label, tasks_label
from zoo_desktop.app.model_rows import ModelRow, load_model_rows
from zoo_desktop.app.widgets import make_button, make_heading
from zoo_desktop.app.workers import Job, JobFailure, JobTracker, if_alive
from zoo_desktop.paths import ZooPaths

PRECISIONS = ("fp32", "fp16", "int8")
COLUMNS = ("id", "name", "family", "tasks", "size", "state", "download", "disk", "device")


@dataclass
class _Pull:
    """A catalog model's pull as the page shows it: running (with its last progress), or finished and
    waiting for the answer to "Convert now?"."""

    job: Job
    event: object | None = None  # the last ProgressEvent
    info: tuple | None = None  # TransferRate's (bytes, speed, time left) for the download stage
    rate: TransferRate = field(default_factory=TransferRate)
    asking: bool = False


class _SortItem(QTableWidgetItem):
    """Sorts by a key kept in UserRole (sizes as numbers, not as text)."""

    def __lt__(self, other: QTableWidgetItem) -> bool:
        mine, theirs = self.data(Qt.ItemDataRole.UserRole), other.data(Qt.ItemDataRole.UserRole)
        if mine is not None and theirs is not None:
            return mine < theirs
        return super().__lt__(other)


def ui_language() -> str:
    return "zh_CN" if QLocale().language() == QLocale.Language.Chinese else "en"


class ModelsPage(QWidget):
    rowsChanged = Signal(list)  # list[ModelRow], after every refresh
    statusMessage = Signal(str)

    def __init__(self, paths: ZooPaths, jobs: JobTracker, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("modelsPage")
        self._paths = paths
        self._jobs = jobs
        self._rows: list[ModelRow] = []
        self._planned_device: tuple[str, str | None] | None = None
        self._loaded_devices: dict[str, tuple[str, str | None]] = {}
        self._busy: set[str] = set()
        self._loaded = False
        self._refreshing = False
        self._status_text: tuple[str, tuple[str, ...]] | None = None
        self._select_after_refresh: str | None = None
        self._mirror: str | None = None  # None: ZOO_MIRROR, else the cards' own URLs
        self._pulls: dict[str, _Pull] = {}  # by catalog id
        self._cells: dict[str, DownloadCell] = {}  # the Download cells now in the table, by catalog id

        self.heading = make_heading("modelsHeading")
        self.intro = QLabel()
        self.intro.setObjectName("modelsIntro")
        self.intro.setWordWrap(True)

        self.import_file_button = make_button("importFileButton", self.on_import_file)
        self.import_folder_button = make_button("importFolderButton", self.on_import_folder)
        self.import_url_button = make_button("importUrlButton", self.on_import_url)
        self.refresh_button = make_button("refreshModelsButton", self.on_refresh)

        self.status = QLabel()
        self.status.setObjectName("modelsStatus")
        self.status.setWordWrap(True)

        self.table = QTableWidget(0, len(COLUMNS))
        self.table.setObjectName("modelsTable")
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().setVisible(False)
        self.table.setAlternatingRowColors(True)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(COLUMNS.index("tasks"), QHeaderView.ResizeMode.Stretch)
        # Sized by the page to its cells' widest state, as a cell changes without the model knowing.
        header.setSectionResizeMode(COLUMNS.index("download"), QHeaderView.ResizeMode.Interactive)
        self.table.setSortingEnabled(True)
        self.table.sortByColumn(COLUMNS.index("id"), Qt.SortOrder.AscendingOrder)
        self.table.itemSelectionChanged.connect(self._update_actions)

        self.convert_button = make_button("convertButton", self.on_convert)
        self.precision = QComboBox()
        self.precision.setObjectName("precisionCombo")
        for _ in PRECISIONS:
            self.precision.addItem("")
        self.verify_button = make_button("verifyButton", self.on_verify)
        self.export_button = make_button("exportButton", self.on_export)
        self.remove_button = make_button("removeButton", self.on_remove)
        self.show_button = make_button("showOnDiskButton", self.on_show_on_disk)

        self.job_panel = JobPanel(self)

        imports = QHBoxLayout()
        imports.addWidget(self.import_file_button)
        imports.addWidget(self.import_folder_button)
        imports.addWidget(self.import_url_button)
        imports.addStretch(1)
        imports.addWidget(self.refresh_button)
        actions = QHBoxLayout()
        actions.addWidget(self.convert_button)
        actions.addWidget(self.precision)
        actions.addSpacing(12)
        actions.addWidget(self.verify_button)
        actions.addWidget(self.export_button)
        actions.addWidget(self.remove_button)
        actions.addStretch(1)
        actions.addWidget(self.show_button)
        layout = QVBoxLayout(self)
        layout.addWidget(self.heading)
        layout.addWidget(self.intro)
        layout.addLayout(imports)
        layout.addWidget(self.status)
        layout.addWidget(self.table, 1)
        layout.addLayout(actions)
        layout.addWidget(self.job_panel)
        self.retranslateUi()
        self._update_actions()

    # -- language -----------------------------------------------------------------------------

    def retranslateUi(self) -> None:
        self.heading.setText(self.tr("Models"))
        self.intro.setText(
            self.tr(
                "Import a released checkpoint (zip or folder), download one, or open a package a colleague "
                "exported. Convert it once to ONNX to use it on the other pages."
            )
        )
        self.import_file_button.setText(self.tr("Import from file…"))
        self.import_file_button.setToolTip(self.tr("A release .zip or a .zoomodel package"))
        self.import_folder_button.setText(self.tr("Import from folder…"))
        self.import_folder_button.setToolTip(self.tr("An extracted release folder"))
        self.import_url_button.setText(self.tr("Import from URL…"))
        self.import_url_button.setToolTip(self.tr("Download a release archive and import it"))
        self.refresh_button.setText(self.tr("Refresh"))
        self.table.setHorizontalHeaderLabels(
            [self.tr("Model ID"), self.tr("Name"), self.tr("Family"), self.tr("Tasks"), self.tr("Size"), self.tr("State"),
             self.tr("Download"), self.tr("On disk"), self.tr("Runs on")]
        )
        self.table.horizontalHeaderItem(COLUMNS.index("size")).setToolTip(self.tr("Estimated size of the float32 weights"))
        self.convert_button.setText(self.tr("Convert to ONNX"))
        self.convert_button.setToolTip(self.tr("Convert the checkpoint once to ONNX (runs TensorFlow in a separate process)"))
        precision_texts = {
            "fp32": (self.tr("FP32 (exact)"), self.tr("Full precision: the same results as the original model")),
            "fp16": (self.tr("FP16 (half the size)"), self.tr("Half-precision weights: smaller, best on a GPU")),
            "int8": (self.tr("INT8 (smallest)"), self.tr("8-bit weights: smallest and fastest on a CPU, slightly less accurate")),
        }
        for i, p in enumerate(PRECISIONS):
            self.precision.setItemText(i, precision_texts[p][0])
            self.precision.setItemData(i, precision_texts[p][1], Qt.ItemDataRole.ToolTipRole)
        self.precision.setToolTip(self.tr("Precision of the converted model"))
        self.verify_button.setText(self.tr("Verify"))
        self.verify_button.setToolTip(self.tr("Re-check every file of the model against its recorded SHA-256"))
        self.export_button.setText(self.tr("Export package…"))
        self.export_button.setToolTip(self.tr("Write a .zoomodel package to share with colleagues"))
        self.remove_button.setText(self.tr("Remove…"))
        self.show_button.setText(self.tr("Show on disk"))
        self._fill_table()
        self._show_status()

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslateUi()
        super().changeEvent(event)

    def showEvent(self, event) -> None:
        super().showEvent(event)
        if not self._loaded and not self._refreshing:
            self.refresh()

    # -- the table ----------------------------------------------------------------------------

    def rows(self) -> list[ModelRow]:
        return list(self._rows)

    def is_refreshing(self) -> bool:
        return self._refreshing

    def on_refresh(self) -> None:
        self.refresh()

    def refresh(self, announce: bool = True) -> Job:
        """Re-read the store; `announce` replaces the status line with the counts (not after an action,
        whose own result stays in the status line)."""
        self._refreshing = True
        if announce:
            self._set_status("Reading the model store…")
        job = Job(functools.partial(load_model_rows, self._paths, self._mirror), title=self.tr("Reading the model store"))
        job.signals.finished.connect(functools.partial(self._rows_loaded, announce))
        job.signals.failed.connect(self._refresh_failed)
        return self._jobs.start(job)

    @if_alive
    def _rows_loaded(self, announce: bool, rows: list[ModelRow]) -> None:
        self._refreshing = False
        self._loaded = True
        self._rows = rows
        self._fill_table()
        if self._select_after_refresh:
            self.select_model(self._select_after_refresh)
            self._select_after_refresh = None
        installed = sum(1 for r in rows if r.installed)
        if announce or self._status_text is None:
            self._set_status(
                "%1 models in the catalog, %2 installed.", str(sum(1 for r in rows if r.card_id)), str(installed)
            )
        self.rowsChanged.emit(list(rows))

    def _refresh_failed(self, failure: JobFailure) -> None:
        self._refreshing = False
        self._set_status("Could not read the model store: %1", failure.message)

    def _set_status(self, template: str, *args: str) -> None:
        """Remember the untranslated template so a language switch can re-render it."""
        self._status_text = (template, args)
        self._show_status()

    def _show_status(self) -> None:
        if self._status_text is None:
            return
        template, args = self._status_text
        text = self._translate_status(template)
        for i, arg in enumerate(args, 1):
            text = text.replace(f"%{i}", arg)
        self.status.setText(text)

    def _translate_status(self, template: str) -> str:
        # Literal tr() calls so that lupdate finds every status message.
        known = {
            "Reading the model store…": self.tr("Reading the model store…"),
            "%1 models in the catalog, %2 installed.": self.tr("%1 models in the catalog, %2 installed."),
            "Could not read the model store: %1": self.tr("Could not read the model store: %1"),
            "Imported %1.": self.tr("Imported %1."),
            "Converted %1 to ONNX.": self.tr("Converted %1 to ONNX."),
            "%1: all %2 files are intact.": self.tr("%1: all %2 files are intact."),
            "%1 is broken: %2 files missing, %3 changed.": self.tr("%1 is broken: %2 files missing, %3 changed."),
            "Exported %1 to %2.": self.tr("Exported %1 to %2."),
            "Removed %1.": self.tr("Removed %1."),
            "Cancelled: %1.": self.tr("Cancelled: %1."),
            "Downloaded %1.": self.tr("Downloaded %1."),
            "Could not reach the download server for %1.": self.tr("Could not reach the download server for %1."),
        }
        return known.get(template, template)

    def _fill_table(self) -> None:
        selected = self.selected_id()
        language = ui_language()
        self.table.setSortingEnabled(False)
        self.table.setRowCount(len(self._rows))
        for r, row in enumerate(self._rows):
            name = row.name(language) if row.card_id else self.tr("Custom model")
            cells = {
                "id": (row.id, row.id),
                "name": (name, name),
                "family": (family_label(row.family), row.family),
                "tasks": (tasks_label(row.tasks), None),
                "size": (f"{row.size_mb} MB" if row.size_mb else "—", row.size_mb or 0),
                "state": (state_label(row.state), row.state),
                "disk": (human_bytes(row.disk_bytes) if row.disk_bytes is not None else "—", row.disk_bytes or 0),
                "device": self._device_cell(row),
                "download": ("", None),
            }
            for c, key in enumerate(COLUMNS):
                text, sort_key = cells[key]
                item = _SortItem(text)
                if sort_key is not None:
                    item.setData(Qt.ItemDataRole.UserRole, sort_key)
                if key == "id":
                    item.setData(Qt.ItemDataRole.UserRole + 1, row.id)
                if key == "state" and row.state == "broken":
                    item.setForeground(Qt.GlobalColor.red)
                if key == "device":
                    item.setToolTip(self._device_tip(row))
                self.table.setItem(r, c, item)
        self.table.setSortingEnabled(True)
        self._place_download_cells()
        if selected:
            self.select_model(selected)
        self._update_actions()

    # -- downloads ----------------------------------------------------------------------------

    def set_download_mirror(self, mirror: str | None) -> None:
        """Download catalog models from `mirror` (a base URL holding the archives by name); None: `ZOO_MIRROR`,
        else the zoo's server."""
        self._mirror = mirror or None
        if self._loaded:
            self.refresh(announce=False)

    def download_cell(self, card_id: str) -> DownloadCell | None:
        return self._cells.get(card_id)

    def _place_download_cells(self) -> None:
        """After sorting (cells are placed by row), so each lands in its own model's row."""
        column = COLUMNS.index("download")
        self._cells = {}
        for r in range(self.table.rowCount()):
            item = self.table.item(r, COLUMNS.index("id"))
            row = self.row(item.data(Qt.ItemDataRole.UserRole + 1)) if item else None
            wanted = row is not None and row.card_id == row.id and (
                row.id in self._pulls or (not row.installed and bool(row.download_url))
            )
            if not wanted:
                self.table.removeCellWidget(r, column)
                continue
            cell = DownloadCell(row.id)
            cell.downloadClicked.connect(functools.partial(self.download_model, row.id))
            cell.cancelClicked.connect(functools.partial(self.cancel_download, row.id))
            cell.convertClicked.connect(functools.partial(self.convert_downloaded, row.id))
            cell.laterClicked.connect(functools.partial(self.dismiss_download, row.id))
            self.table.setCellWidget(r, column, cell)
            self._cells[row.id] = cell
            self._show_download(row.id)
        header = self.table.horizontalHeader()
        widths = [cell.sizeHint().width() for cell in self._cells.values()]
        header.resizeSection(column, max([header.sectionSizeHint(column), *widths]))

    def _show_download(self, card_id: str) -> None:
        cell = self._cells.get(card_id)
        if cell is None or not shiboken6.isValid(cell):
            return
        pull = self._pulls.get(card_id)
        if pull is None:
            row = self.row(card_id)
            if row is not None:
                cell.show_available(row.partial, urllib.parse.urlsplit(row.download_url or "").hostname or "")
        elif pull.asking:
            cell.show_question()
        else:
            event = pull.event
            if event is None:
                cell.show_progress("", None, pull.job.cancelled)
            else:
                cell.show_progress(
                    progress_text(event, pull.info, compact=True), event.fraction, pull.job.cancelled,
                    detail=progress_text(event, pull.info),
                )
        column = COLUMNS.index("download")
        if cell.sizeHint().width() > self.table.columnWidth(column):  # grow only: no jitter as the speed changes
            self.table.setColumnWidth(column, cell.sizeHint().width())

    def download_model(self, card_id: str) -> Job:
        """Pull the catalog model `card_id` (download, continuing a partial file, then import), no dialogs."""
        job = Job(
            functools.partial(model_jobs.pull, self._paths, card_id, self._mirror),
            title=self.tr("Downloading %1").replace("%1", card_id),
            wants_progress=True,
            wants_cancel=True,
        )
        self._pulls[card_id] = _Pull(job)
        job.signals.progress.connect(functools.partial(self._pull_progress, card_id))
        job.signals.finished.connect(functools.partial(self._pulled, card_id))
        job.signals.failed.connect(functools.partial(self._pull_failed, card_id))
        job.signals.cancelled.connect(functools.partial(self._pull_cancelled, card_id, job.title))
        self._busy.add(card_id)
        job.signals.ended.connect(functools.partial(self._job_ended, card_id))
        self._jobs.start(job)
        self._show_download(card_id)
        self._update_actions()
        return job

    def cancel_download(self, card_id: str) -> None:
        pull = self._pulls.get(card_id)
        if pull is not None and not pull.asking:
            pull.job.cancel()
            self._show_download(card_id)

    @if_alive
    def _pull_progress(self, card_id: str, event) -> None:
        pull = self._pulls.get(card_id)
        if pull is None:
            return
        pull.event = event
        pull.info = pull.rate.update(event) if event.stage == "download" else None
        self._show_download(card_id)

    @if_alive
    def _pulled(self, card_id: str, model_id: str) -> None:
        pull = self._pulls.get(card_id)
        if pull is not None:
            pull.asking = True
        self._select_after_refresh = model_id
        self._done("Downloaded %1.", model_id)

    @if_alive
    def _pull_cancelled(self, card_id: str, title: str) -> None:
        self._pulls.pop(card_id, None)
        self._job_cancelled(title)  # the refresh shows Resume with the bytes kept

    @if_alive
    def _pull_failed(self, card_id: str, failure: JobFailure) -> None:
        self._pulls.pop(card_id, None)
        if not model_jobs.server_unreachable(failure.error):
            self._job_failed(self.tr("Could not download %1").replace("%1", card_id), failure)
            return
        self._set_status("Could not reach the download server for %1.", card_id)
        self.statusMessage.emit(self.status.text())
        self.refresh(announce=False)
        row = self.row(card_id)
        if self.ask_import_instead(card_id, row.download_url if row is not None else None):
            self.on_import_file()

    def ask_import_instead(self, card_id: str, url: str | None) -> bool:
        """The server gave no answer: offer to import the archive from a file obtained another way."""
        parts = urllib.parse.urlsplit(url or "")
        archive = parts.path.rsplit("/", 1)[-1] or card_id
        answer = QMessageBox.question(
            self,
            self.tr("Download server unreachable"),
            self.tr(
                "%1 cannot be reached from this computer, so %2 cannot be downloaded here.\n\n"
                "Download %3 on another computer (or ask a colleague for it) and import the file. "
                "Import from a file now?"
            ).replace("%1", parts.hostname or "?").replace("%2", card_id).replace("%3", archive),
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
            QMessageBox.StandardButton.Yes,
        )
        return answer == QMessageBox.StandardButton.Yes

    def convert_downloaded(self, card_id: str) -> Job:
        """The answer "Convert" to "Convert now?" after a download: the usual conversion job, at the chosen precision."""
        self._pulls.pop(card_id, None)
        self._fill_table()
        return self.convert_model(card_id, PRECISIONS[max(0, self.precision.currentIndex())])

    def dismiss_download(self, card_id: str) -> None:
        self._pulls.pop(card_id, None)
        self._fill_table()

    # -- devices ------------------------------------------------------------------------------

    def set_devices(self, planned: tuple[str, str | None], loaded: dict[str, tuple[str, str | None]]) -> None:
        """Where converted models would run now, and where the loaded ones really run (a GPU can fail for one
        model, e.g. out of memory, and not for another)."""
        self._planned_device = planned
        self._loaded_devices = dict(loaded)
        self._fill_table()

    def device_of(self, model_id: str) -> tuple[str, str | None] | None:
        row = self.row(model_id)
        if row is None or not row.ready or self._planned_device is None:
            return None
        return self._loaded_devices.get(model_id, self._planned_device)

    def _device_cell(self, row: ModelRow) -> tuple[str, str | None]:
        where = self.device_of(row.id)
        if where is None:
            return "—", ""
        return device_label(where[0]), where[0]

    def _device_tip(self, row: ModelRow) -> str:
        where = self.device_of(row.id)
        if where is None:
            return ""
        loaded = row.id in self._loaded_devices
        state = self.tr("Loaded now.") if loaded else self.tr("Where it will run when a page uses it.")
        return " ".join(t for t in (state, device_reason_label(where[1])) if t)

    def selected_id(self) -> str | None:
        items = self.table.selectedItems()
        if not items:
            return None
        item = self.table.item(items[0].row(), COLUMNS.index("id"))
        return item.data(Qt.ItemDataRole.UserRole + 1) if item else None

    def selected_row(self) -> ModelRow | None:
        model_id = self.selected_id()
        return self.row(model_id) if model_id else None

    def row(self, model_id: str) -> ModelRow | None:
        return next((r for r in self._rows if r.id == model_id), None)

    def select_model(self, model_id: str) -> bool:
        for r in range(self.table.rowCount()):
            item = self.table.item(r, COLUMNS.index("id"))
            if item and item.data(Qt.ItemDataRole.UserRole + 1) == model_id:
                self.table.selectRow(r)
                return True
        return False

    def _update_actions(self) -> None:
        row = self.selected_row()
        installed = row is not None and row.installed
        free = installed and row.id not in self._busy
        self.convert_button.setEnabled(free and row.state != "broken")
        self.precision.setEnabled(free and row.state != "broken")
        self.verify_button.setEnabled(free)
        self.export_button.setEnabled(free)
        self.remove_button.setEnabled(free)
        self.show_button.setEnabled(installed and bool(row.folder))

    # -- running jobs -------------------------------------------------------------------------

    def _start(self, job: Job, model_id: str | None, heading: str) -> Job:
        if model_id:
            self._busy.add(model_id)
            job.signals.ended.connect(functools.partial(self._job_ended, model_id))
        job.signals.failed.connect(functools.partial(self._job_failed, heading))
        job.signals.cancelled.connect(functools.partial(self._job_cancelled, job.title))
        self.job_panel.track(job)
        self._jobs.start(job)
        self._update_actions()
        return job

    @if_alive
    def _job_ended(self, model_id: str) -> None:
        self._busy.discard(model_id)
        self._update_actions()

    @if_alive
    def _job_failed(self, heading: str, failure: JobFailure) -> None:
        self.statusMessage.emit(heading)
        show_error(self, heading, failure, failure.details, self._paths.log_file)
        self.refresh(announce=False)

    @if_alive
    def _job_cancelled(self, title: str) -> None:
        self._set_status("Cancelled: %1.", title)
        self.statusMessage.emit(self.status.text())
        self.refresh(announce=False)

    @if_alive
    def _done(self, template: str, *args: str) -> None:
        self._set_status(template, *args)
        self.statusMessage.emit(self.status.text())
        self.refresh(announce=False)

    # -- import ---------------------------------------------------------------------------------

    def import_source(self, source: str, model_id: str | None = None, replace: bool = False) -> Job:
        """Import a release zip, a folder, an http(s) URL or a .zoomodel package (no dialogs)."""
        name = Path(source).name if "://" not in source else source.rsplit("/", 1)[-1]
        job = Job(
            functools.partial(model_jobs.import_model, self._paths, source, model_id, replace),
            title=self.tr("Importing %1").replace("%1", name or source),
            wants_progress=True,
            wants_cancel=True,
        )
        job.signals.finished.connect(self._imported)
        # A failure may only need an answer from the user (an id, or permission to replace):
        # handled here instead of the generic error dialog.
        job.signals.failed.connect(functools.partial(self._import_failed, source, model_id, replace))
        if model_id:
            self._busy.add(model_id)
            job.signals.ended.connect(functools.partial(self._job_ended, model_id))
        job.signals.cancelled.connect(functools.partial(self._job_cancelled, job.title))
        self.job_panel.track(job)
        self._jobs.start(job)
        return job

    @if_alive
    def _imported(self, model_id: str) -> None:
        self._select_after_refresh = model_id
        self._done("Imported %1.", model_id)

    @if_alive
    def _import_failed(self, source: str, model_id: str | None, replace: bool, failure: JobFailure) -> None:
        if model_id is None and model_jobs.needs_model_id(failure.error):
            new_id = self.ask_model_id(source)
            if new_id:
                self.import_source(source, new_id, replace)
            return
        if not replace and model_jobs.already_installed(failure.error):
            if self.confirm_replace(model_id or source):
                self.import_source(source, model_id, True)
            return
        self._job_failed(self.tr("Could not import the model"), failure)

    def ask_model_id(self, source: str) -> str | None:
        text, ok = QInputDialog.getText(
            self,
            self.tr("Custom model"),
            self.tr(
                "This model matches none of the zoo's models. Give it an ID to import it as a custom model "
                "(lowercase letters, digits, '.', '_' or '-'):"
            ),
            QLineEdit.EchoMode.Normal,
            _suggest_id(source),
        )
        return text.strip() if ok and text.strip() else None

    def confirm_replace(self, what: str) -> bool:
        answer = QMessageBox.question(
            self,
            self.tr("Replace model"),
            self.tr("This model is already installed. Replace it with the one from %1?").replace("%1", what),
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
            QMessageBox.StandardButton.No,
        )
        return answer == QMessageBox.StandardButton.Yes

    def on_import_file(self) -> None:
        path, _ = QFileDialog.getOpenFileName(
            self,
            self.tr("Import a model"),
            str(Path.home()),
            self.tr("Model archives (*.zip *.zoomodel);;All files (*)"),
        )
        if path:
            self.import_source(path)

    def on_import_folder(self) -> None:
        path = QFileDialog.getExistingDirectory(self, self.tr("Import a model folder"), str(Path.home()))
        if path:
            self.import_source(path)

    def on_import_url(self) -> None:
        row = self.selected_row()
        suggested = row.url if row is not None and row.url and not row.installed else "https://"
        url, ok = QInputDialog.getText(
            self,
            self.tr("Import from URL"),
            self.tr("Address of a release .zip (http or https):"),
            QLineEdit.EchoMode.Normal,
            suggested,
        )
        url = url.strip()
        if ok and url and url != "https://":
            self.import_source(url)

    # -- convert, verify, export, remove, show --------------------------------------------------

    def convert_model(self, model_id: str, precision: str = "fp32") -> Job:
        job = Job(
            functools.partial(model_jobs.convert, self._paths, model_id, precision),
            title=self.tr("Converting %1").replace("%1", model_id),
            wants_progress=True,
            wants_cancel=True,
        )
        job.signals.finished.connect(functools.partial(self._done, "Converted %1 to ONNX."))
        return self._start(job, model_id, self.tr("Could not convert %1").replace("%1", model_id))

    def on_convert(self) -> None:
        row = self.selected_row()
        if row is not None:
            self.convert_model(row.id, PRECISIONS[max(0, self.precision.currentIndex())])

    def verify_model(self, model_id: str) -> Job:
        job = Job(
            functools.partial(model_jobs.verify, self._paths, model_id),
            title=self.tr("Verifying %1").replace("%1", model_id),
            wants_cancel=True,
        )
        job.signals.finished.connect(self._verified)
        return self._start(job, model_id, self.tr("Could not verify %1").replace("%1", model_id))

    def _verified(self, report) -> None:
        if report.ok:
            self._done("%1: all %2 files are intact.", report.model_id, str(report.checked))
            return
        self._done("%1 is broken: %2 files missing, %3 changed.", report.model_id, str(len(report.missing)), str(len(report.changed)))
        lines = [self.tr("Missing: %1").replace("%1", f) for f in report.missing]
        lines += [self.tr("Changed: %1").replace("%1", f) for f in report.changed]
        show_error(
            self,
            self.tr("%1 is broken").replace("%1", report.model_id),
            self.tr("Some of its files are missing or were changed after the import. Remove the model and import it again."),
            "\n".join(lines),
            None,
        )

    def on_verify(self) -> None:
        row = self.selected_row()
        if row is not None:
            self.verify_model(row.id)

    def export_model(self, model_id: str, out: str | Path, include_checkpoint: bool = False) -> Job:
        job = Job(
            functools.partial(model_jobs.export, self._paths, model_id, Path(out), include_checkpoint),
            title=self.tr("Exporting %1").replace("%1", model_id),
            wants_cancel=True,
        )
        job.signals.finished.connect(functools.partial(self._exported, model_id))
        return self._start(job, model_id, self.tr("Could not export %1").replace("%1", model_id))

    @if_alive
    def _exported(self, model_id: str, path: Path) -> None:
        self._done("Exported %1 to %2.", model_id, str(path))

    def on_export(self) -> None:
        row = self.selected_row()
        if row is None or not row.installed:
            return
        include_checkpoint = False
        if not row.converted:
            answer = QMessageBox.question(
                self,
                self.tr("Export package"),
                self.tr(
                    "%1 has not been converted yet, so its package can only carry the TensorFlow checkpoint "
                    "(larger; the receiver will have to convert it). Export it with the checkpoint?"
                ).replace("%1", row.id),
                QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
                QMessageBox.StandardButton.Yes,
            )
            if answer != QMessageBox.StandardButton.Yes:
                return
            include_checkpoint = True
        path, _ = QFileDialog.getSaveFileName(
            self,
            self.tr("Export package"),
            str(Path.home() / f"{row.id}.zoomodel"),
            self.tr("Zoo Desktop packages (*.zoomodel)"),
        )
        if path:
            self.export_model(row.id, path, include_checkpoint)

    def confirm_remove(self, model_id: str) -> bool:
        answer = QMessageBox.question(
            self,
            self.tr("Remove model"),
            self.tr("Remove %1 and delete its files from disk? This cannot be undone.").replace("%1", model_id),
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
            QMessageBox.StandardButton.No,
        )
        return answer == QMessageBox.StandardButton.Yes

    def remove_model(self, model_id: str) -> Job:
        job = Job(functools.partial(model_jobs.remove, self._paths, model_id), title=self.tr("Removing %1").replace("%1", model_id))
        job.signals.finished.connect(functools.partial(self._done, "Removed %1."))
        return self._start(job, model_id, self.tr("Could not remove %1").replace("%1", model_id))

    def on_remove(self) -> None:
        row = self.selected_row()
        if row is not None and row.installed and self.confirm_remove(row.id):
            self.remove_model(row.id)

    def show_on_disk(self, model_id: str) -> bool:
        row = self.row(model_id)
        if row is None or not row.folder:
            return False
        return QDesktopServices.openUrl(QUrl.fromLocalFile(row.folder))

    def on_show_on_disk(self) -> None:
        model_id = self.selected_id()
        if model_id:
            self.show_on_disk(model_id)


def _suggest_id(source: str) -> str:
    import re

    stem = Path(source.rstrip("/")).name
    for suffix in (".zip", ".zoomodel"):
        stem = stem.removesuffix(suffix)
    stem = re.sub(r"[^a-z0-9._-]+", "-", stem.lower()).strip("-._")
    return stem[:64] or "my-model"
