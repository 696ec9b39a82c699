"""Batch page: one task (summarize or classify) over many files and folders, written to one results file
(CSV, JSON lines) or a folder of .txt files. Each finished file shows in a table as it is done; a file
that cannot be read fails alone. The job keeps a journal next to its output, so a stopped run can be
resumed without redoing finished files (`zoo_desktop.tasks.batch`). All file and model work runs on
worker threads. "Run on" picks this computer or a Ray cluster (an address, HOST:PORT or local[:N], and an
optional token file): the same ClusterBatchJob as `zoo batch --cluster`, with documents/s, ETA and the
documents each node finished shown while it runs.
"""

from __future__ import annotations

import dataclasses
import functools
from pathlib import Path

from PySide6.QtCore import QEvent, QObject, Qt, QTimer, QUrl, Signal
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import (
    QComboBox,
    QFileDialog,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QSpinBox,
    QSplitter,
    QStyle,
    QVBoxLayout,
    QWidget,
)

from zoo_desktop.app import batch_jobs
from zoo_desktop.app.engine_holder import EngineHolder
from zoo_desktop.app.error_dialog import show_error
from zoo_desktop.app.formatting import human_duration
from zoo_desktop.app.job_panel import JobPanel
from zoo_desktop.app.model_picker import ModelPicker
from zoo_desktop.app.model_rows import ModelRow
from zoo_desktop.app.result_table import ResultTable
from zoo_desktop.app.settings import RUN_ON, AppSettings
from zoo_desktop.app.widgets import make_button, make_heading
from zoo_desktop.app.workers import Job, JobFailure, JobTracker, if_alive
from zoo_desktop.paths import ZooPaths
from zoo_desktop.progress import ProgressEvent
from zoo_desktop.tasks.batch import FORMATS
from zoo_desktop.tasks.model_choice import EXTRACTIVE

TASKS = ("summarize", "classify")
DEFAULT_FORMAT = "csv"
JOURNAL_CHECK_DELAY_MS = 300


class _ItemSignals(QObject):
    """Carries finished items from the worker to the page, queued; one per run, kept by the run's closure."""

    item = Signal(object)  # a batch_jobs.ItemRow
    status = Signal(object)  # a tasks.batch.BatchProgress


class BatchPage(QWidget):
    statusMessage = Signal(str)
    openModelsRequested = Signal()
    batchEnded = Signal(str)  # "finished", "cancelled" or "failed"

    def __init__(
        self,
        paths: ZooPaths,
        settings: AppSettings,
        jobs: JobTracker,
        engines: EngineHolder,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("batchPage")
        self._paths = paths
        self._settings = settings
        self._jobs = jobs
        self._engines = engines
        self._running: Job | None = None
        self._run_id = 0
        self._total: int | None = None
        self._finished_items = 0
        self._report = None  # the last BatchReport
        self._end_state: str | None = None  # how the last run ended
        self._journal: batch_jobs.JournalState | None = None
        self._journal_check = 0  # the newest journal check; older answers are dropped

        self.heading = make_heading("batchHeading")
        self.intro = QLabel()
        self.intro.setObjectName("batchIntro")
        self.intro.setWordWrap(True)

        # -- files
        self.files_box = QGroupBox()
        self.files_box.setObjectName("batchFilesBox")
        self.file_list = QListWidget()
        self.file_list.setObjectName("batchFileList")
        self.file_list.setSelectionMode(QListWidget.SelectionMode.ExtendedSelection)
        self.file_list.itemSelectionChanged.connect(self._update_actions)
        self.file_count = QLabel()
        self.file_count.setObjectName("batchFileCount")
        self.add_files_button = make_button("batchAddFilesButton", self.on_add_files)
        self.add_folder_button = make_button("batchAddFolderButton", self.on_add_folder)
        self.remove_button = make_button("batchRemoveButton", self.remove_selected)
        self.clear_button = make_button("batchClearButton", self.clear_files)
        file_buttons = QHBoxLayout()
        for button in (self.add_files_button, self.add_folder_button, self.remove_button, self.clear_button):
            file_buttons.addWidget(button)
        file_buttons.addStretch(1)
        files_layout = QVBoxLayout(self.files_box)
        files_layout.addWidget(self.file_list, 1)
        files_layout.addWidget(self.file_count)
        files_layout.addLayout(file_buttons)

        # -- task and options
        self.task_box = QGroupBox()
        self.task_box.setObjectName("batchTaskBox")
        self.task_label = QLabel()
        self.task_label.setObjectName("batchTaskLabel")
        self.task = QComboBox()
        self.task.setObjectName("batchTask")
        for key in TASKS:
            self.task.addItem("", key)
        self.task_label.setBuddy(self.task)
        self.summarize_model_label = QLabel()
        self.summarize_model_label.setObjectName("batchSummarizeModelLabel")
        self.summarize_model = ModelPicker("summarize", "batchSummarizeModel")
        self.summarize_model_label.setBuddy(self.summarize_model)
        self.max_chars_label = QLabel()
        self.max_chars_label.setObjectName("batchMaxCharsLabel")
        self.max_chars = QSpinBox()
        self.max_chars.setObjectName("batchMaxChars")
        self.max_chars.setRange(20, 5000)
        self.max_chars.setSingleStep(20)
        self.max_chars.setValue(120)
        self.max_chars_label.setBuddy(self.max_chars)
        self.max_tokens_label = QLabel()
        self.max_tokens_label.setObjectName("batchMaxTokensLabel")
        self.max_tokens = QSpinBox()
        self.max_tokens.setObjectName("batchMaxTokens")
        self.max_tokens.setRange(4, 512)
        self.max_tokens.setValue(32)
        self.max_tokens_label.setBuddy(self.max_tokens)
        self.beam_label = QLabel()
        self.beam_label.setObjectName("batchBeamLabel")
        self.beam = QSpinBox()
        self.beam.setObjectName("batchBeam")
        self.beam.setRange(1, 8)
        self.beam.setValue(1)
        self.beam_label.setBuddy(self.beam)
        self.batch_size_label = QLabel()
        self.batch_size_label.setObjectName("batchBatchSizeLabel")
        self.batch_size = QSpinBox()
        self.batch_size.setObjectName("batchBatchSize")
        self.batch_size.setRange(0, 256)  # 0: automatic
        self.batch_size.setValue(0)
        self.batch_size_label.setBuddy(self.batch_size)
        self.classify_model_label = QLabel()
        self.classify_model_label.setObjectName("batchClassifyModelLabel")
        self.classify_model = ModelPicker("classify", "batchClassifyModel")
        self.classify_model_label.setBuddy(self.classify_model)
        self.no_model = QLabel()
        self.no_model.setObjectName("batchNoModel")
        self.no_model.setWordWrap(True)
        self.open_models_button = make_button("batchOpenModelsButton", self.openModelsRequested.emit)
        self.options = QFormLayout()
        self.options.addRow(self.task_label, self.task)
        self.options.addRow(self.summarize_model_label, self.summarize_model)
        self.options.addRow(self.max_chars_label, self.max_chars)
        self.options.addRow(self.max_tokens_label, self.max_tokens)
        self.options.addRow(self.beam_label, self.beam)
        self.options.addRow(self.batch_size_label, self.batch_size)
        self.options.addRow(self.classify_model_label, self.classify_model)
        no_model_row = QHBoxLayout()
        no_model_row.addWidget(self.no_model, 1)
        no_model_row.addWidget(self.open_models_button)
        task_layout = QVBoxLayout(self.task_box)
        task_layout.addLayout(self.options)
        task_layout.addLayout(no_model_row)

        # -- output
        self.output_box = QGroupBox()
        self.output_box.setObjectName("batchOutputBox")
        self.format_label = QLabel()
        self.format_label.setObjectName("batchFormatLabel")
        self.format = QComboBox()
        self.format.setObjectName("batchFormat")
        for fmt in FORMATS:
            self.format.addItem(fmt, fmt)
        self.format.setCurrentIndex(max(0, self.format.findData(DEFAULT_FORMAT)))
        self.format_label.setBuddy(self.format)
        self.output_label = QLabel()
        self.output_label.setObjectName("batchOutputLabel")
        self.output_path = QLineEdit()
        self.output_path.setObjectName("batchOutputPath")
        self.output_label.setBuddy(self.output_path)
        self.choose_output_button = make_button("batchChooseOutputButton", self.on_choose_output)
        self.journal_info = QLabel()
        self.journal_info.setObjectName("batchJournalInfo")
        self.journal_info.setWordWrap(True)
        output_row = QHBoxLayout()
        output_row.addWidget(self.output_path, 1)
        output_row.addWidget(self.choose_output_button)
        output_form = QFormLayout()
        output_form.addRow(self.format_label, self.format)
        output_form.addRow(self.output_label, output_row)
        output_layout = QVBoxLayout(self.output_box)
        output_layout.addLayout(output_form)
        output_layout.addWidget(self.journal_info)

        # -- where it runs
        self.run_on_box = QGroupBox()
        self.run_on_box.setObjectName("batchRunOnBox")
        self.run_on_label = QLabel()
        self.run_on_label.setObjectName("batchRunOnLabel")
        self.run_on = QComboBox()
        self.run_on.setObjectName("batchRunOn")
        for key in RUN_ON:
            self.run_on.addItem("", key)
        self.run_on_label.setBuddy(self.run_on)
        self.cluster_address_label = QLabel()
        self.cluster_address_label.setObjectName("batchClusterAddressLabel")
        self.cluster_address = QLineEdit()
        self.cluster_address.setObjectName("batchClusterAddress")
        self.cluster_address_label.setBuddy(self.cluster_address)
        self.token_file_label = QLabel()
        self.token_file_label.setObjectName("batchTokenFileLabel")
        self.token_file = QLineEdit()
        self.token_file.setObjectName("batchTokenFile")
        self.token_file_label.setBuddy(self.token_file)
        self.choose_token_button = make_button("batchChooseTokenButton", self.on_choose_token)
        token_row = QHBoxLayout()
        token_row.addWidget(self.token_file, 1)
        token_row.addWidget(self.choose_token_button)
        run_on_form = QFormLayout(self.run_on_box)
        run_on_form.addRow(self.run_on_label, self.run_on)
        run_on_form.addRow(self.cluster_address_label, self.cluster_address)
        run_on_form.addRow(self.token_file_label, token_row)
        self.run_on.setCurrentIndex(max(0, self.run_on.findData(settings.batch_run_on)))  # as the user left them
        self.cluster_address.setText(settings.batch_cluster_address)
        self.token_file.setText(settings.batch_token_file)

        # -- run
        self.run_button = make_button("batchRunButton", self.on_run)
        self.resume_button = make_button("batchResumeButton", self.on_resume)
        self.open_output_button = make_button("batchOpenOutputButton", self.open_output_folder)
        self.open_output_button.setIcon(self.style().standardIcon(QStyle.StandardPixmap.SP_DirOpenIcon))
        run_row = QHBoxLayout()
        run_row.addWidget(self.run_button)
        run_row.addWidget(self.resume_button)
        run_row.addStretch(1)
        run_row.addWidget(self.open_output_button)
        self.job_panel = JobPanel(self)
        self.progress_label = QLabel()
        self.progress_label.setObjectName("batchProgressLabel")
        self.current_file = QLabel()
        self.current_file.setObjectName("batchCurrentFile")
        self.current_file.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.rate_label = QLabel()
        self.rate_label.setObjectName("batchRateLabel")
        self.nodes_label = QLabel()
        self.nodes_label.setObjectName("batchNodesLabel")
        self.nodes_label.setWordWrap(True)
        progress_row = QHBoxLayout()
        progress_row.addWidget(self.progress_label)
        progress_row.addWidget(self.rate_label)
        progress_row.addWidget(self.current_file, 1)
        self.table = ResultTable("batchResults", digits=2)
        self.table.sortByColumn(-1, Qt.SortOrder.AscendingOrder)  # files in the order they finish until the user sorts
        self.summary = QLabel()
        self.summary.setObjectName("batchSummary")
        self.summary.setWordWrap(True)
        self.summary.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)

        settings_side = QWidget()
        settings_side.setObjectName("batchSettingsSide")
        side_layout = QVBoxLayout(settings_side)
        side_layout.setContentsMargins(0, 0, 0, 0)
        side_layout.addWidget(self.files_box, 1)
        side_layout.addWidget(self.task_box)
        side_layout.addWidget(self.output_box)
        side_layout.addWidget(self.run_on_box)
        results_side = QWidget()
        results_side.setObjectName("batchResultsSide")
        results_layout = QVBoxLayout(results_side)
        results_layout.setContentsMargins(0, 0, 0, 0)
        results_layout.addLayout(run_row)
        results_layout.addWidget(self.job_panel)
        results_layout.addLayout(progress_row)
        results_layout.addWidget(self.nodes_label)
        results_layout.addWidget(self.table, 1)
        results_layout.addWidget(self.summary)
        self.splitter = QSplitter(Qt.Orientation.Horizontal)
        self.splitter.setObjectName("batchSplitter")
        self.splitter.addWidget(settings_side)
        self.splitter.addWidget(results_side)
        self.splitter.setStretchFactor(0, 2)
        self.splitter.setStretchFactor(1, 3)
        self.splitter.setChildrenCollapsible(False)
        layout = QVBoxLayout(self)
        layout.addWidget(self.heading)
        layout.addWidget(self.intro)
        layout.addWidget(self.splitter, 1)

        self._journal_timer = QTimer(self)
        self._journal_timer.setSingleShot(True)
        self._journal_timer.setInterval(JOURNAL_CHECK_DELAY_MS)
        self._journal_timer.timeout.connect(self.check_journal)
        self.output_path.textChanged.connect(self._output_changed)
        self.format.currentIndexChanged.connect(self._format_changed)
        self.task.currentIndexChanged.connect(self._task_changed)
        self.summarize_model.modelChanged.connect(self._task_changed)
        self.classify_model.modelChanged.connect(self._task_changed)
        self.run_on.currentIndexChanged.connect(self._run_on_changed)
        self.cluster_address.textChanged.connect(self._run_on_changed)
        self.token_file.textChanged.connect(self._run_on_changed)
        self.retranslateUi()
        self._task_changed()
        self._run_on_changed()

    # -- language -------------------------------------------------------------------------------

    def retranslateUi(self) -> None:
        self.heading.setText(self.tr("Batch"))
        self.intro.setText(
            self.tr("Run one task over many files and folders and save every result in one file. A file that cannot be read is reported and skipped; a stopped run can be resumed.")
        )
        self.files_box.setTitle(self.tr("Files"))
        self.file_list.setToolTip(self.tr("Files and folders to process (folders: every .txt, .md, .docx, .pdf and .html file inside)"))
        self.add_files_button.setText(self.tr("Add files…"))
        self.add_folder_button.setText(self.tr("Add folder…"))
        self.remove_button.setText(self.tr("Remove"))
        self.clear_button.setText(self.tr("Clear"))
        self.task_box.setTitle(self.tr("Task"))
        self.task_label.setText(self.tr("Task:"))
        self.task.setItemText(TASKS.index("summarize"), self.tr("Summarize"))
        self.task.setItemText(TASKS.index("classify"), self.tr("Classify"))
        self.summarize_model_label.setText(self.tr("Summarizer:"))
        self.summarize_model.set_extra([(EXTRACTIVE, self.tr("Built-in extractive summarizer (no model)"))])
        self.max_chars_label.setText(self.tr("Summary length:"))
        self.max_chars.setSuffix(self.tr(" characters"))
        self.max_tokens_label.setText(self.tr("Summary length:"))
        self.max_tokens.setSuffix(self.tr(" tokens"))
        self.beam_label.setText(self.tr("Beam size:"))
        self.beam.setToolTip(self.tr("Candidates kept while writing the summary: more can read better but takes longer"))
        self.batch_size_label.setText(self.tr("Decode together:"))
        self.batch_size.setSpecialValueText(self.tr("Automatic"))
        self.batch_size.setSuffix(self.tr(" documents"))
        self.batch_size.setToolTip(self.tr("Documents summarized at the same time: many together are much faster than one by one and give the same summaries. Automatic chooses from the model's size and the free memory."))
        self.classify_model_label.setText(self.tr("Classifier:"))
        self.open_models_button.setText(self.tr("Open Models"))
        self.output_box.setTitle(self.tr("Output"))
        self.format_label.setText(self.tr("Format:"))
        format_names = {
            "csv": self.tr("CSV table (.csv)"),
            "jsonl": self.tr("JSON lines (.jsonl)"),
            "txt": self.tr("One .txt file per document, in a folder"),
        }
        for index, fmt in enumerate(FORMATS):
            self.format.setItemText(index, format_names.get(fmt, fmt))
        self.output_label.setText(self.tr("Save to:"))
        self.output_path.setPlaceholderText(self.tr("Choose where to save the results"))
        self.choose_output_button.setText(self.tr("Choose…"))
        self.run_button.setText(self.tr("Run"))
        self.run_button.setToolTip(self.tr("Process every file from the start, replacing an earlier output"))
        self.resume_button.setText(self.tr("Resume"))
        self.resume_button.setToolTip(self.tr("Finish the stopped run without redoing the files it finished"))
        self.open_output_button.setText(self.tr("Open output folder"))
        self.run_on_box.setTitle(self.tr("Run on"))
        self.run_on_label.setText(self.tr("Run on:"))
        self.run_on.setItemText(RUN_ON.index("computer"), self.tr("This computer"))
        self.run_on.setItemText(RUN_ON.index("cluster"), self.tr("Ray cluster (address)"))
        self.run_on.setToolTip(self.tr("Where the documents are processed: here, or on the nodes of a Ray cluster (the files are still read and the results written on this computer)"))
        self.cluster_address_label.setText(self.tr("Address:"))
        self.cluster_address.setPlaceholderText(self.tr("HOST:PORT of the cluster's head, or local:N"))
        self.cluster_address.setToolTip(self.tr("The head's address, e.g. 10.0.0.5:6379 (this computer must be a node of that cluster), or local:N for a private Ray with N workers on this computer"))
        self.token_file_label.setText(self.tr("Token file:"))
        self.token_file.setPlaceholderText(self.tr("Optional: the cluster's authentication token"))
        self.choose_token_button.setText(self.tr("Choose…"))
        self.table.set_headers(self._headers())
        self._show_file_count()
        self._show_no_model()
        self._show_journal()
        self._show_summary()

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslateUi()
        super().changeEvent(event)

    def _headers(self) -> list[str]:
        return [self.tr("File"), self.tr("Status"), self.tr("Seconds"), self.tr("Result or error")]

    def _status_label(self, status: str) -> str:
        return {"done": self.tr("ok"), "failed": self.tr("failed"), "resumed": self.tr("resumed")}.get(status, status)

    # -- models ---------------------------------------------------------------------------------

    def update_models(self, rows: list[ModelRow]) -> None:
        self.summarize_model.update_models(rows)
        self.classify_model.update_models(rows)
        self._task_changed()

    def current_task(self) -> str:
        return self.task.currentData() or "summarize"

    def _model_id(self) -> str:
        picker = self.summarize_model if self.current_task() == "summarize" else self.classify_model
        return picker.current_model_id()

    def _task_changed(self, *_args) -> None:
        summarize = self.current_task() == "summarize"
        t5 = summarize and self.summarize_model.current_model_id() not in ("", EXTRACTIVE)
        for widget in (self.summarize_model_label, self.summarize_model):
            widget.setVisible(summarize)
        for widget in (self.max_chars_label, self.max_chars):
            widget.setVisible(summarize and not t5)
        for widget in (self.max_tokens_label, self.max_tokens, self.beam_label, self.beam, self.batch_size_label, self.batch_size):
            widget.setVisible(t5)
        for widget in (self.classify_model_label, self.classify_model):
            widget.setVisible(not summarize)
        self._show_no_model()
        self._update_actions()

    def _show_no_model(self) -> None:
        missing = self.current_task() == "classify" and not self.classify_model.current_model_id()
        self.no_model.setText(
            self.tr("Classifying needs a fine-tuned classifier: a RoBERTa or WoBERT model trained on your labelled texts (Train page) and converted to ONNX. None is installed yet.")
            if missing
            else ""
        )
        self.no_model.setVisible(missing)
        self.open_models_button.setVisible(missing)

    # -- where it runs ---------------------------------------------------------------------------

    def on_cluster(self) -> bool:
        return self.run_on.currentData() == "cluster"

    def _run_on_changed(self, *_args) -> None:
        cluster = self.on_cluster()
        for widget in (self.cluster_address_label, self.cluster_address, self.token_file_label, self.token_file, self.choose_token_button):
            widget.setVisible(cluster)
        self._settings.batch_run_on = self.run_on.currentData() or RUN_ON[0]
        self._settings.batch_cluster_address = self.cluster_address.text()
        self._settings.batch_token_file = self.token_file.text()
        self._update_actions()

    def on_choose_token(self) -> None:
        start = self.token_file.text().strip() or str(Path.home() / ".ray" / "auth_token")
        path, _ = QFileDialog.getOpenFileName(self, self.tr("The cluster's token file"), start, self.tr("All files (*)"))
        if path:
            self.token_file.setText(path)

    # -- files ----------------------------------------------------------------------------------

    def add_files(self, paths: list[str]) -> int:
        """Add files or folders (the Summarize page's queue, drops, the dialogs); returns how many were new."""
        present = set(self.input_paths())
        added = 0
        for raw in paths:
            path = str(raw)
            if not path or path in present:
                continue
            present.add(path)
            name = Path(path).name or path
            item = QListWidgetItem(name)
            item.setData(Qt.ItemDataRole.UserRole, path)
            item.setToolTip(path)
            self.file_list.addItem(item)
            added += 1
        if added:
            self.statusMessage.emit(self.tr("Added %1 to the batch").replace("%1", str(added)))
        self._show_file_count()
        self._update_actions()
        return added

    def input_paths(self) -> list[str]:
        return [self.file_list.item(i).data(Qt.ItemDataRole.UserRole) for i in range(self.file_list.count())]

    def remove_selected(self) -> None:
        for item in self.file_list.selectedItems():
            self.file_list.takeItem(self.file_list.row(item))
        self._show_file_count()
        self._update_actions()

    def clear_files(self) -> None:
        self.file_list.clear()
        self._show_file_count()
        self._update_actions()

    def on_add_files(self) -> None:
        paths, _ = QFileDialog.getOpenFileNames(
            self,
            self.tr("Add files to the batch"),
            str(self._start_folder()),
            self.tr("Documents (*.txt *.md *.docx *.pdf *.html *.htm);;All files (*)"),
        )
        if paths:
            self.add_files(paths)

    def on_add_folder(self) -> None:
        folder = QFileDialog.getExistingDirectory(self, self.tr("Add a folder to the batch"), str(self._start_folder()))
        if folder:
            self.add_files([folder])

    def _start_folder(self) -> Path:
        paths = self.input_paths()
        return Path(paths[-1]).parent if paths else Path.home()

    def _show_file_count(self) -> None:
        n = self.file_list.count()
        self.file_count.setText(self.tr("No files yet: add files or folders.") if n == 0 else self.tr("%1 entries").replace("%1", str(n)))

    # -- output ---------------------------------------------------------------------------------

    def current_format(self) -> str:
        return self.format.currentData() or DEFAULT_FORMAT

    def set_output(self, path: str) -> None:
        self.output_path.setText(path)

    def output(self) -> str:
        return self.output_path.text().strip()

    def on_choose_output(self) -> None:
        fmt = self.current_format()
        current = self.output() or str(self._start_folder() / batch_jobs.output_with_format("batch-results.csv", fmt))
        if fmt == "txt":
            path = QFileDialog.getExistingDirectory(self, self.tr("Folder for the .txt files"), str(Path(current).parent))
        else:
            filters = {"csv": self.tr("CSV table (*.csv)"), "jsonl": self.tr("JSON lines (*.jsonl)")}
            path, _ = QFileDialog.getSaveFileName(self, self.tr("Save the results as"), current, filters[fmt])
            if path and not Path(path).suffix:
                path = batch_jobs.output_with_format(path, fmt)
        if path:
            self.set_output(path)

    def _format_changed(self, *_args) -> None:
        if self.output():
            self.output_path.setText(batch_jobs.output_with_format(self.output(), self.current_format()))

    def _output_changed(self, *_args) -> None:
        self._forget_journal()
        self._update_actions()
        self._journal_timer.start()

    def _forget_journal(self) -> None:
        self._journal_timer.stop()
        self._journal = None
        self._journal_check += 1  # answers to earlier checks are now stale
        self._show_journal()

    def check_journal(self) -> Job | None:
        """Look (on a worker) for the journal of an earlier run into the chosen output."""
        self._journal_timer.stop()
        output = self.output()
        if not output:
            return None
        self._journal_check += 1
        job = Job(functools.partial(batch_jobs.journal_state, output), title=self.tr("Checking the output"))
        job.signals.finished.connect(functools.partial(self._journal_checked, self._journal_check))
        return self._jobs.start(job)

    @if_alive
    def _journal_checked(self, check: int, state) -> None:
        if check != self._journal_check:
            return
        self._journal = state
        self._show_journal()
        self._update_actions()

    def journal(self) -> batch_jobs.JournalState | None:
        return self._journal

    def _show_journal(self) -> None:
        state = self._journal
        if state is None or not state.unfinished:
            self.journal_info.setText("")
            self.journal_info.setVisible(False)
            return
        text = self.tr("An earlier run into this output stopped before the end (%1 files finished). Resume finishes it without redoing them; Run starts over.").replace(
            "%1", str(state.done)
        )
        self.journal_info.setText(text)
        self.journal_info.setVisible(True)

    def output_folder(self) -> Path | None:
        output = self.output()
        if not output:
            return None
        path = Path(output)
        return path if self.current_format() == "txt" else path.parent

    def open_output_folder(self) -> None:
        folder = self.output_folder()
        if folder is not None:
            QDesktopServices.openUrl(QUrl.fromLocalFile(str(folder)))

    # -- running --------------------------------------------------------------------------------

    def _request(self, restart: bool) -> batch_jobs.BatchRequest:
        return batch_jobs.BatchRequest(
            inputs=tuple(self.input_paths()),
            output=self.output(),
            fmt=self.current_format(),
            task=self.current_task(),
            model_id=self._model_id() or None,
            max_chars=self.max_chars.value(),
            max_len=self.max_tokens.value(),
            beam_size=self.beam.value(),
            restart=restart,
            batch_size=self.batch_size.value() or None,
            **self._where(),
        )

    def _where(self) -> dict:
        """The request's fields for where it runs (a resumed run goes wherever the page says now)."""
        if not self.on_cluster():
            return {"cluster": None, "token_file": None}
        return {"cluster": self.cluster_address.text().strip(), "token_file": self.token_file.text().strip() or None,
                "threads": self._settings.threads or 1, "device": self._settings.device}

    def _can_run(self) -> bool:
        where = not self.on_cluster() or bool(self.cluster_address.text().strip())
        return self._running is None and self.file_list.count() > 0 and bool(self.output()) and bool(self._model_id()) and where

    def run(self) -> Job | None:
        """Process every file from the start into the chosen output."""
        if not self._can_run():
            return None
        return self._start(self._request(restart=True))

    def resume(self) -> Job | None:
        """Finish the run the output's journal records, with that run's task and options."""
        state = self._journal
        if self._running is not None or state is None or not state.unfinished or self.file_list.count() == 0:
            return None
        if self.on_cluster() and not self.cluster_address.text().strip():
            return None
        request = batch_jobs.request_from_journal(state, tuple(self.input_paths()))
        request = dataclasses.replace(request, batch_size=self.batch_size.value() or None, **self._where())
        self._show_request(request)
        return self._start(request)

    def on_run(self) -> None:
        self.run()

    def on_resume(self) -> None:
        self.resume()

    def _show_request(self, request: batch_jobs.BatchRequest) -> None:
        """Put a resumed run's settings into the controls, so the page shows what runs."""
        if request.task in TASKS:
            self.task.setCurrentIndex(TASKS.index(request.task))
        picker = self.summarize_model if request.task == "summarize" else self.classify_model
        if request.model_id:
            picker.select(request.model_id)
        self.max_chars.setValue(request.max_chars)
        self.max_tokens.setValue(request.max_len)
        self.beam.setValue(request.beam_size)
        if request.fmt in FORMATS:
            self.format.blockSignals(True)  # the output path stays the journal's
            self.format.setCurrentIndex(self.format.findData(request.fmt))
            self.format.blockSignals(False)

    def _start(self, request: batch_jobs.BatchRequest) -> Job:
        self._forget_journal()  # the run rewrites it; checked again when the run ends
        self._run_id += 1
        run_id = self._run_id
        signals = _ItemSignals()
        signals.item.connect(functools.partial(self._item_finished, run_id))
        signals.status.connect(functools.partial(self._status, run_id))
        job = Job(
            functools.partial(batch_jobs.run_batch, self._engines.engine, request, signals.item.emit, on_status=signals.status.emit),
            title=self.tr("Batch"),
            wants_progress=True,
            wants_cancel=True,
        )
        job.item_signals = signals  # keeps the carrier alive as long as the job
        job.signals.progress.connect(functools.partial(self._progress, run_id))
        job.signals.finished.connect(functools.partial(self._finished, run_id))
        job.signals.failed.connect(functools.partial(self._failed, run_id))
        job.signals.cancelled.connect(functools.partial(self._cancelled, run_id))
        job.signals.ended.connect(functools.partial(self._ended, run_id))
        self._running = job
        self._total = None
        self._finished_items = 0
        self._report = None
        self._end_state = None
        self.table.set_rows(self._headers(), [])
        self.table.sortByColumn(-1, Qt.SortOrder.AscendingOrder)
        self.table.setColumnWidth(0, 220)
        self.progress_label.setText(self.tr("Listing files…") if not request.cluster else self.tr("Connecting to the cluster…"))
        self.current_file.setText("")
        self.rate_label.setText("")
        self.nodes_label.setText("")
        self._show_summary()
        self.job_panel.track(job)
        self._jobs.start(job)
        self._update_actions()
        self.statusMessage.emit(self.tr("Batch started"))
        return job

    def cancel(self) -> None:
        if self._running is not None:
            self._running.cancel()

    def is_running(self) -> bool:
        return self._running is not None

    @if_alive
    def _item_finished(self, run_id: int, row: batch_jobs.ItemRow) -> None:
        if run_id != self._run_id:
            return
        self._finished_items += 1
        result = row.result if row.status != "resumed" else self.tr("finished by an earlier run")
        self.table.append_row([row.name, self._status_label(row.status), row.seconds, result])
        self._show_progress()

    @if_alive
    def _progress(self, run_id: int, event: ProgressEvent) -> None:
        if run_id != self._run_id or event.stage != "batch":
            return
        if event.total is not None:
            self._total = event.total
        self.current_file.setText(Path(event.message).name if event.total is not None and event.message else "")
        self._show_progress()

    @if_alive
    def _status(self, run_id: int, status) -> None:
        """Documents/s and ETA of this run, and (on a cluster) the documents each node finished."""
        if run_id != self._run_id:
            return
        parts = []
        if status.rate:
            parts.append(self.tr("%1 documents/s").replace("%1", f"{status.rate:.2f}"))
        if status.eta_seconds is not None and status.current is not None:
            parts.append(self.tr("ETA %1").replace("%1", human_duration(status.eta_seconds)))
        self.rate_label.setText(" · ".join(parts))
        if status.nodes:
            counts = ", ".join(f"{node}: {n}" for node, n in sorted(status.nodes.items()))
            self.nodes_label.setText(self.tr("Documents by node: %1").replace("%1", counts))

    def node_counts(self) -> str:
        return self.nodes_label.text()

    def _show_progress(self) -> None:
        if self._total is None:
            return
        self.progress_label.setText(
            self.tr("%1 of %2 files").replace("%1", str(self._finished_items)).replace("%2", str(self._total))
        )

    @if_alive
    def _finished(self, run_id: int, report) -> None:
        if run_id != self._run_id:
            return
        self._report = report
        self._total = report.total
        self._end_state = "finished"
        self.current_file.setText("")
        self._show_progress()
        self._show_summary()
        self.statusMessage.emit(self.tr("Batch finished: %1 of %2 files done").replace("%1", str(report.done)).replace("%2", str(report.total)))

    @if_alive
    def _cancelled(self, run_id: int) -> None:
        if run_id != self._run_id:
            return
        self._end_state = "cancelled"
        self.current_file.setText("")
        self._show_summary()
        self.statusMessage.emit(self.tr("Batch stopped"))

    @if_alive
    def _failed(self, run_id: int, failure: JobFailure) -> None:
        if run_id != self._run_id:
            return
        self._end_state = "failed"
        self.current_file.setText("")
        self._show_summary()
        heading = self.tr("The batch could not run")
        self.statusMessage.emit(heading)
        show_error(self, heading, failure, failure.details, self._paths.log_file)

    @if_alive
    def _ended(self, run_id: int) -> None:
        if run_id != self._run_id:
            return
        state = self._end_state or "cancelled"
        self._running = None
        self._forget_journal()
        self._update_actions()
        self.check_journal()  # a stopped run leaves a journal to resume; a finished one closes it
        self.batchEnded.emit(state)

    def _show_summary(self) -> None:
        report = self._report
        if self._end_state == "finished" and report is not None:
            text = (
                self.tr("Done: %1 · failed: %2 · resumed: %3 · time: %4")
                .replace("%1", str(report.done))
                .replace("%2", str(len(report.failed)))
                .replace("%3", str(report.resumed))
                .replace("%4", human_duration(report.seconds))
            )
            if report.ignored:
                text += self.tr(" · %1 files of unsupported types in the folders were ignored").replace("%1", str(len(report.ignored)))
            text += "\n" + self.tr("Saved to %1").replace("%1", report.output)
        elif self._end_state == "cancelled":
            text = self.tr("Stopped after %1 files. Resume finishes the run without redoing them.").replace("%1", str(self._finished_items))
        elif self._end_state == "failed":
            text = self.tr("The batch stopped with an error.")
        else:
            text = ""
        self.summary.setText(text)

    def report(self):
        """The last finished run's BatchReport (None before one finished)."""
        return self._report

    def _update_actions(self) -> None:
        idle = self._running is None
        has_files = self.file_list.count() > 0
        self.run_button.setEnabled(self._can_run())
        unfinished = self._journal is not None and self._journal.unfinished
        self.resume_button.setVisible(unfinished)
        self.resume_button.setEnabled(idle and unfinished and has_files)
        self.remove_button.setEnabled(idle and bool(self.file_list.selectedItems()))
        self.clear_button.setEnabled(idle and has_files)
        for widget in (self.add_files_button, self.add_folder_button, self.task, self.summarize_model, self.classify_model,
                       self.max_chars, self.max_tokens, self.beam, self.batch_size, self.format, self.output_path, self.choose_output_button,
                       self.run_on, self.cluster_address, self.token_file, self.choose_token_button):
            widget.setEnabled(idle)
        self.open_output_button.setEnabled(bool(self.output()))
        if idle:  # a picker with nothing to choose stays disabled
            self.summarize_model.setEnabled(self.summarize_model.count() > 0)
            self.classify_model.setEnabled(self.classify_model.count() > 0)
