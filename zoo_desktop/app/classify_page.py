"""Classify page: texts typed or pasted one per line, or read from a .txt file or a CSV/TSV column, labelled
by a classifier fine-tuned on the Train page; results in a sortable table with the top-k labels, a count per
label, copy and CSV/TSV export. Reading files, loading the model, classifying and exporting run on workers.
"""

from __future__ import annotations

import functools
from pathlib import Path

from PySide6.QtCore import QEvent, Qt, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QFileDialog,
    QFrame,
    QHBoxLayout,
    QLabel,
    QPlainTextEdit,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from zoo_desktop.app import classify_jobs
from zoo_desktop.app.engine_holder import EngineHolder
from zoo_desktop.app.error_dialog import show_error
from zoo_desktop.app.job_panel import JobPanel
from zoo_desktop.app.model_picker import ModelPicker
from zoo_desktop.app.model_rows import ModelRow
from zoo_desktop.app.result_table import ResultTable, ask_export_path, export_job
from zoo_desktop.app.settings import AppSettings
from zoo_desktop.app.widgets import make_button, make_heading
from zoo_desktop.app.workers import Job, JobFailure, JobTracker, if_alive
from zoo_desktop.paths import ZooPaths

MAX_TOP_K = 20
DEFAULT_BATCH_SIZE = 32


class ClassifyPage(QWidget):
    statusMessage = Signal(str)
    openModelsRequested = Signal()

    def __init__(
        self,
        paths: ZooPaths,
        settings: AppSettings,
        jobs: JobTracker,
        engines: EngineHolder,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("classifyPage")
        self._paths = paths
        self._settings = settings
        self._jobs = jobs
        self._engines = engines
        self._input_file: classify_jobs.InputFile | None = None
        self._loading: Job | None = None
        self._column_job: Job | None = None
        self._labels_job: Job | None = None
        self._classifying: Job | None = None
        self._labels: list[str] | None = None
        self._labels_for = ""  # the model id whose labels were asked for
        self._labels_known = False  # they have been read
        self._labels_error = ""  # why they could not be read
        self._result: classify_jobs.Classified | None = None
        self._last_dir = str(Path.home())

        self.heading = make_heading("classifyHeading")

        self.no_model_panel = QFrame()
        self.no_model_panel.setObjectName("classifyNoModelPanel")
        self.no_model_panel.setFrameShape(QFrame.Shape.StyledPanel)
        self.no_model_label = QLabel()
        self.no_model_label.setObjectName("classifyNoModelLabel")
        self.no_model_label.setWordWrap(True)
        self.open_models_button = make_button("classifyOpenModelsButton", self._open_models)
        no_model_layout = QHBoxLayout(self.no_model_panel)
        no_model_layout.addWidget(self.no_model_label, 1)
        no_model_layout.addWidget(self.open_models_button)
        self.no_model_panel.setVisible(False)

        self.model_label = QLabel()
        self.model_label.setObjectName("classifyModelLabel")
        self.picker = ModelPicker("classify", "classifyModelPicker")
        self.model_label.setBuddy(self.picker)
        self.picker.modelChanged.connect(self._model_changed)
        self.labels_info = QLabel()
        self.labels_info.setObjectName("classifyLabelsInfo")
        self.labels_info.setWordWrap(True)

        self.open_button = make_button("classifyOpenFileButton", self.on_open)
        self.clear_button = make_button("classifyClearButton", self.clear_input)
        self.file_info = QLabel()
        self.file_info.setObjectName("classifyFileInfo")
        self.file_info.setWordWrap(True)
        self.column_label = QLabel()
        self.column_label.setObjectName("classifyColumnLabel")
        self.column = QComboBox()
        self.column.setObjectName("classifyColumn")
        self.column.setEditable(True)  # a header name or a 0-based index, as `zoo classify --column`
        self.column.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        self.column.setMinimumContentsLength(12)
        self.column.textActivated.connect(self.choose_column)  # picked from the list, or typed exactly
        self.column.lineEdit().returnPressed.connect(self._column_typed)
        self.column_label.setBuddy(self.column)
        self.column_label.setVisible(False)
        self.column.setVisible(False)

        self.input = QPlainTextEdit()
        self.input.setObjectName("classifyInput")
        self.input.setLineWrapMode(QPlainTextEdit.LineWrapMode.NoWrap)
        self.input.textChanged.connect(self._input_changed)

        self.top_k_label = QLabel()
        self.top_k_label.setObjectName("classifyTopKLabel")
        self.top_k = QSpinBox()
        self.top_k.setObjectName("classifyTopK")
        self.top_k.setRange(1, MAX_TOP_K)
        self.top_k.setValue(1)
        self.top_k_label.setBuddy(self.top_k)
        self.batch_label = QLabel()
        self.batch_label.setObjectName("classifyBatchSizeLabel")
        self.batch_size = QSpinBox()
        self.batch_size.setObjectName("classifyBatchSize")
        self.batch_size.setRange(1, 512)
        self.batch_size.setValue(DEFAULT_BATCH_SIZE)
        self.batch_label.setBuddy(self.batch_size)
        self.input_count = QLabel()
        self.input_count.setObjectName("classifyInputCount")
        self.classify_button = make_button("classifyButton", self.on_classify)
        self.job_panel = JobPanel(self)

        self.summary = QLabel()
        self.summary.setObjectName("classifySummary")
        self.summary.setWordWrap(True)
        self.table = ResultTable("classifyResults")
        self.copy_button = make_button("classifyCopyButton", self.copy_results)
        self.export_button = make_button("classifyExportButton", self.on_export)

        model_row = QHBoxLayout()
        model_row.addWidget(self.model_label)
        model_row.addWidget(self.picker)
        model_row.addWidget(self.labels_info, 1)
        file_row = QHBoxLayout()
        file_row.addWidget(self.open_button)
        file_row.addWidget(self.clear_button)
        file_row.addWidget(self.file_info, 1)
        file_row.addWidget(self.column_label)
        file_row.addWidget(self.column)
        options = QHBoxLayout()
        options.addWidget(self.top_k_label)
        options.addWidget(self.top_k)
        options.addSpacing(12)
        options.addWidget(self.batch_label)
        options.addWidget(self.batch_size)
        options.addSpacing(12)
        options.addWidget(self.input_count, 1)
        options.addWidget(self.classify_button)
        result_row = QHBoxLayout()
        result_row.addWidget(self.summary, 1)
        result_row.addWidget(self.copy_button)
        result_row.addWidget(self.export_button)

        layout = QVBoxLayout(self)
        layout.addWidget(self.heading)
        layout.addWidget(self.no_model_panel)
        layout.addLayout(model_row)
        layout.addLayout(file_row)
        layout.addWidget(self.input, 2)
        layout.addLayout(options)
        layout.addWidget(self.job_panel)
        layout.addLayout(result_row)
        layout.addWidget(self.table, 3)
        self.retranslateUi()
        self.set_option_values(**settings.classify_options)  # as the user left them last time
        for spin in (self.top_k, self.batch_size):
            spin.valueChanged.connect(self._save_options)
        self._update_actions()

    def option_values(self) -> dict:
        return {"top_k": self.top_k.value(), "batch_size": self.batch_size.value()}

    def set_option_values(self, *, top_k: int | None = None, batch_size: int | None = None) -> None:
        """Set the option controls (as the user would); None leaves a control as it is."""
        for spin, value in ((self.top_k, top_k), (self.batch_size, batch_size)):
            if value is not None:
                spin.setValue(value)

    def _save_options(self, *_args) -> None:
        self._settings.classify_options = self.option_values()

    # -- language -----------------------------------------------------------------------------

    def retranslateUi(self) -> None:
        self.heading.setText(self.tr("Classify"))
        self.no_model_label.setText(
            self.tr(
                "No classifier is installed. Classifying needs a model fine-tuned for classification: "
                "fine-tune a RoBERTa or WoBERT model on the Train page with your labelled texts, then choose it here."
            )
        )
        self.open_models_button.setText(self.tr("Open Models"))
        self.model_label.setText(self.tr("Model:"))
        self.picker.setToolTip(self.tr("Classifiers fine-tuned on the Train page"))
        self.open_button.setText(self.tr("Open file…"))
        self.open_button.setToolTip(self.tr("Open a .txt file (one text per line) or a .csv/.tsv file (then choose its column)"))
        self.clear_button.setText(self.tr("Clear"))
        self.column_label.setText(self.tr("Column:"))
        self.column.setToolTip(self.tr("The column that holds the texts: choose it, or type its name or number (0 is the first) and press Enter"))
        self.input.setPlaceholderText(self.tr("Type or paste texts here, one per line, or open a file."))
        self.top_k_label.setText(self.tr("Top labels:"))
        self.top_k.setToolTip(self.tr("Also list the next most probable labels of each text"))
        self.batch_label.setText(self.tr("Batch size:"))
        self.batch_size.setToolTip(self.tr("Texts per model call: larger is faster but uses more memory"))
        self.classify_button.setText(self.tr("Classify", "button"))
        self.copy_button.setText(self.tr("Copy"))
        self.copy_button.setToolTip(self.tr("Copy the selected rows (all rows when none is selected)"))
        self.export_button.setText(self.tr("Export…"))
        self.export_button.setToolTip(self.tr("Save the results as CSV or TSV"))
        if self._result is not None:
            self.table.set_headers(self._headers(classify_jobs.top_width(self._result)))
        self._show_labels()
        self._show_file_info()
        self._show_input_count()
        self._show_summary()

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslateUi()
        super().changeEvent(event)

    # -- models -------------------------------------------------------------------------------

    def update_models(self, rows: list[ModelRow]) -> None:
        self.picker.update_models(rows)
        self.no_model_panel.setVisible(self.picker.count() == 0)
        self._update_actions()

    def model_id(self) -> str:
        return self.picker.current_model_id()

    def labels(self) -> list[str] | None:
        return self._labels

    def _open_models(self) -> None:
        self.openModelsRequested.emit()

    def _model_changed(self, model_id: str) -> None:
        if model_id == self._labels_for:
            return
        self._labels, self._labels_for, self._labels_known, self._labels_error = None, model_id, False, ""
        if self._labels_job is not None:
            self._labels_job.cancel()
            self._labels_job = None
        if model_id:
            job = Job(functools.partial(classify_jobs.model_labels, self._paths, model_id), title=self.tr("Reading the labels"))
            job.signals.finished.connect(functools.partial(self._labels_read, model_id))
            job.signals.failed.connect(functools.partial(self._labels_failed, model_id))
            self._labels_job = job
            self._jobs.start(job)
        self._show_labels()
        self._update_actions()

    @if_alive
    def _labels_read(self, model_id: str, labels: list[str] | None) -> None:
        if model_id != self._labels_for:
            return  # the user chose another model meanwhile
        self._labels_job = None
        self._labels, self._labels_known = labels, True
        self.top_k.setMaximum(max(1, min(MAX_TOP_K, len(labels))) if labels else MAX_TOP_K)
        self._show_labels()

    @if_alive
    def _labels_failed(self, model_id: str, failure: JobFailure) -> None:
        if model_id != self._labels_for:
            return
        self._labels_job = None
        self._labels_known, self._labels_error = True, failure.message
        self._show_labels()

    def _show_labels(self) -> None:
        if not self.model_id():
            self.labels_info.setText("")
        elif not self._labels_known:
            self.labels_info.setText(self.tr("Reading the labels…"))
        elif self._labels_error:
            self.labels_info.setText(
                self.tr("Could not read the labels of %1: %2").replace("%1", self.model_id()).replace("%2", self._labels_error)
            )
        elif self._labels:
            self.labels_info.setText(self.tr("Labels: %1").replace("%1", self.tr(", ").join(self._labels)))
        else:
            self.labels_info.setText(self.tr("Labels: numbered from 0 (the model lists no names)"))

    # -- input --------------------------------------------------------------------------------

    def texts(self) -> list[str]:
        """The texts to classify: the input box's non-empty lines."""
        return classify_jobs.split_lines(self.input.toPlainText())

    def set_texts(self, texts: list[str]) -> None:
        self.input.setPlainText("\n".join(texts))

    def clear_input(self) -> None:
        self._input_file = None
        self.input.clear()
        self._show_column()
        self._show_file_info()

    def on_open(self) -> None:
        path, _ = QFileDialog.getOpenFileName(
            self,
            self.tr("Open texts to classify"),
            self._last_dir,
            self.tr("Texts and tables (*.txt *.csv *.tsv);;Text files, one text per line (*.txt);;CSV or TSV tables (*.csv *.tsv);;All files (*)"),
        )
        if path:
            self.open_file(path)

    def open_file(self, path: str | Path) -> Job:
        if self._loading is not None:
            self._loading.cancel()  # a newer request wins; the old result is dropped
        path = str(path)
        self._last_dir = str(Path(path).parent)
        job = Job(functools.partial(classify_jobs.read_input_file, path), title=self.tr("Opening %1").replace("%1", Path(path).name))
        job.signals.finished.connect(self._file_loaded)
        job.signals.failed.connect(functools.partial(self._file_failed, path))
        job.signals.ended.connect(self._file_ended)
        self._loading = job
        self.job_panel.track(job)
        self._jobs.start(job)
        self._update_actions()
        return job

    @if_alive
    def _file_loaded(self, loaded: classify_jobs.InputFile) -> None:
        if self._loading is not None and self.sender() is not self._loading.signals:
            return  # an older request that finished late
        self._input_file = loaded
        self.set_texts(loaded.texts)
        self._show_column()
        self._show_file_info()
        self.statusMessage.emit(self.tr("Opened %1").replace("%1", loaded.path.name))

    @if_alive
    def _file_failed(self, path: str, failure: JobFailure) -> None:
        heading = self.tr("Could not open %1").replace("%1", Path(path).name)
        self.statusMessage.emit(heading)
        show_error(self, heading, failure, failure.details, self._paths.log_file)

    @if_alive
    def _file_ended(self) -> None:
        if self._loading is not None and self.sender() is self._loading.signals:
            self._loading = None
        self._update_actions()

    def choose_column(self, column: str) -> Job | None:
        """Read another column of the open table into the input box (a header name or a 0-based index)."""
        loaded = self._input_file
        if loaded is None or not loaded.is_table or not column.strip():
            return None
        if self._column_job is not None:
            self._column_job.cancel()
        job = Job(
            functools.partial(classify_jobs.read_column, loaded.table_text, column),
            title=self.tr("Reading column %1").replace("%1", column),
        )
        # The slots are partials (no sender()): the job itself tells a late answer from the latest one.
        job.signals.finished.connect(functools.partial(self._column_read, job, loaded, column))
        job.signals.failed.connect(functools.partial(self._column_failed, job, loaded, column))
        job.signals.ended.connect(self._column_ended)
        self._column_job = job
        self._jobs.start(job)
        self._update_actions()
        return job

    def _column_typed(self) -> None:
        text = self.column.currentText()
        if self.column.findText(text) < 0:  # a header name is handled by textActivated
            self.choose_column(text)

    @if_alive
    def _column_read(self, job: Job, loaded: classify_jobs.InputFile, column: str, texts: list[str]) -> None:
        if job is not self._column_job or loaded is not self._input_file:
            return
        name = column.strip()
        if name not in loaded.header:  # an index
            name = loaded.header[int(name)]
        self._input_file = classify_jobs.InputFile(loaded.path, texts, loaded.header, name, loaded.table_text)
        self.set_texts(texts)
        self._show_column()
        self._show_file_info()

    @if_alive
    def _column_failed(self, job: Job, loaded: classify_jobs.InputFile, column: str, failure: JobFailure) -> None:
        if job is not self._column_job or loaded is not self._input_file:
            return
        self._show_column()  # back to the column in use
        heading = self.tr("Could not read column %1 of %2").replace("%1", column).replace("%2", loaded.path.name)
        show_error(self, heading, failure, failure.details, self._paths.log_file)

    @if_alive
    def _column_ended(self) -> None:
        if self._column_job is not None and self.sender() is self._column_job.signals:
            self._column_job = None
        self._update_actions()

    def input_file(self) -> classify_jobs.InputFile | None:
        return self._input_file

    def _show_column(self) -> None:
        loaded = self._input_file
        table = loaded is not None and loaded.is_table
        self.column_label.setVisible(table)
        self.column.setVisible(table)
        self.column.blockSignals(True)
        self.column.clear()
        if table:
            self.column.addItems(loaded.header)
            self.column.setCurrentIndex(self.column.findText(loaded.column or ""))
        self.column.blockSignals(False)

    def _show_file_info(self) -> None:
        loaded = self._input_file
        if loaded is None:
            self.file_info.setText("")
        elif loaded.is_table:
            self.file_info.setText(
                self.tr("%1 · %2 columns · %3 texts in column “%4”")
                .replace("%1", loaded.path.name)
                .replace("%2", str(len(loaded.header)))
                .replace("%3", f"{len(loaded.texts):,}")
                .replace("%4", loaded.column or "")
            )
        else:
            self.file_info.setText(self.tr("%1 · %2 texts").replace("%1", loaded.path.name).replace("%2", f"{len(loaded.texts):,}"))

    def _input_changed(self) -> None:
        self._show_input_count()

    def _show_input_count(self) -> None:
        count = len(self.texts())
        self.input_count.setText(self.tr("%1 texts to classify").replace("%1", f"{count:,}") if count else "")

    # -- classifying --------------------------------------------------------------------------

    def classify(self) -> Job | None:
        model_id = self.model_id()
        if not model_id or self._classifying is not None:
            return None
        texts = self.texts()
        if not texts:
            show_error(
                self,
                self.tr("Nothing to classify"),
                self.tr("The input is empty. Type or paste texts, one per line, or open a .txt, .csv or .tsv file."),
            )
            return None
        job = Job(
            functools.partial(
                classify_jobs.classify_texts, self._engines.engine, model_id, texts, self.top_k.value(), self.batch_size.value()
            ),
            title=self.tr("Classifying %1 texts").replace("%1", f"{len(texts):,}"),
            wants_progress=True,
            wants_cancel=True,
        )
        job.signals.finished.connect(self._classified)
        job.signals.failed.connect(functools.partial(self._classify_failed, model_id))
        job.signals.cancelled.connect(self._classify_cancelled)
        job.signals.ended.connect(self._classify_ended)
        self._classifying = job
        self.job_panel.track(job)
        self._jobs.start(job)
        self._update_actions()
        self.statusMessage.emit(self.tr("Classifying…"))
        return job

    def on_classify(self) -> None:
        self.classify()

    def cancel(self) -> None:
        if self._classifying is not None:
            self._classifying.cancel()

    def is_classifying(self) -> bool:
        return self._classifying is not None

    @if_alive
    def _classified(self, result: classify_jobs.Classified) -> None:
        if self._classifying is not None and self.sender() is not self._classifying.signals:
            return
        self._result = result
        self.table.set_rows(self._headers(classify_jobs.top_width(result)), classify_jobs.result_rows(result))
        self.table.sortByColumn(0, Qt.SortOrder.AscendingOrder)  # input order until the user sorts
        self._show_summary()
        self._update_actions()
        self.statusMessage.emit(self.tr("Classified %1 texts").replace("%1", f"{len(result.texts):,}"))

    @if_alive
    def _classify_failed(self, model_id: str, failure: JobFailure) -> None:
        if isinstance(failure.error, classify_jobs.ModelLoadError):
            heading = self.tr("Could not load the classifier %1").replace("%1", model_id)
        else:
            heading = self.tr("Could not classify the texts")
        self.statusMessage.emit(heading)
        show_error(self, heading, failure, failure.details, self._paths.log_file)

    @if_alive
    def _classify_cancelled(self) -> None:
        self.statusMessage.emit(self.tr("Classification cancelled"))

    @if_alive
    def _classify_ended(self) -> None:
        if self._classifying is not None and self.sender() is self._classifying.signals:
            self._classifying = None
        self._update_actions()

    def result(self) -> classify_jobs.Classified | None:
        return self._result

    def _headers(self, width: int) -> list[str]:
        headers = ["#", self.tr("Text"), self.tr("Label"), self.tr("Probability")]
        for n in range(2, width + 1):
            headers += [self.tr("Label %1").replace("%1", str(n)), self.tr("Probability %1").replace("%1", str(n))]
        return headers

    def _show_summary(self) -> None:
        result = self._result
        if result is None:
            self.summary.setText("")
            return
        counts = self.tr(" · ").join(
            self.tr("%1: %2").replace("%1", label).replace("%2", f"{n:,}") for label, n in classify_jobs.label_counts(result)
        )
        self.summary.setText(
            self.tr("%1 texts classified with %2 — %3")
            .replace("%1", f"{len(result.texts):,}")
            .replace("%2", result.model_id)
            .replace("%3", counts)
        )

    # -- results ------------------------------------------------------------------------------

    def copy_results(self) -> None:
        self.table.copy_selection()
        self.statusMessage.emit(self.tr("Results copied"))

    def on_export(self) -> None:
        base = self._input_file.path.with_suffix("") if self._input_file is not None else Path(self._last_dir) / "classified"
        path = ask_export_path(self, self.tr("Export the results"), f"{base}-labels.csv")
        if path:
            self.export_results(path)

    def export_results(self, path: str | Path) -> Job | None:
        """Write the table as the user sees it (sorted) to a .csv (UTF-8 with BOM) or .tsv file."""
        if self._result is None:
            return None
        job = export_job(self.table, path, self.tr("Saving %1").replace("%1", Path(path).name))
        job.signals.finished.connect(self._exported)
        job.signals.failed.connect(self._export_failed)
        self.job_panel.track(job)
        return self._jobs.start(job)

    @if_alive
    def _exported(self, path: Path) -> None:
        self.statusMessage.emit(self.tr("Saved %1").replace("%1", str(path)))

    @if_alive
    def _export_failed(self, failure: JobFailure) -> None:
        show_error(self, self.tr("Could not export the results"), failure, failure.details, self._paths.log_file)

    def _update_actions(self) -> None:
        has_model = bool(self.model_id())
        running = self._classifying is not None
        self.classify_button.setEnabled(has_model and not running)
        self.top_k.setEnabled(has_model)
        self.batch_size.setEnabled(has_model)
        self.open_button.setEnabled(self._loading is None)
        has_results = self._result is not None and self.table.row_count() > 0
        self.copy_button.setEnabled(has_results)
        self.export_button.setEnabled(has_results)
