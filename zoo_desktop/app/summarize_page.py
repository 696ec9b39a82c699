"""Summarize page: open, drop or paste a document; preview it with its encoding; summarize it with a
converted T5 PEGASUS model (abstractive, streamed as it is written, with decoding options) or the built-in
extractive summarizer; copy or save the result. Dropped files beyond the first wait in a queue (the Batch
page will take them). Reading, summarizing and saving all run on worker threads.
"""

from __future__ import annotations

import functools
from pathlib import Path

from PySide6.QtCore import QEvent, QObject, Qt, Signal
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import (
    QComboBox,
    QDoubleSpinBox,
    QFileDialog,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QSpinBox,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from zoo_desktop.app import summarize_jobs
from zoo_desktop.app.engine_holder import EngineHolder
from zoo_desktop.app.error_dialog import show_error
from zoo_desktop.app.job_panel import JobPanel
from zoo_desktop.app.model_picker import ModelPicker
from zoo_desktop.app.model_rows import ModelRow
from zoo_desktop.app.settings import AppSettings
from zoo_desktop.app.widgets import make_button, make_heading
from zoo_desktop.app.workers import Job, JobFailure, JobTracker, if_alive
from zoo_desktop.paths import ZooPaths

DEFAULT_LENGTH = 200
EXTRACTIVE = "extractive"  # tasks.model_choice.EXTRACTIVE (not imported: it loads the store)
DECODE_METHODS = ("greedy", "beam", "sample")
DEFAULT_MAX_TOKENS = 32  # tasks.summarize.DecodeOptions.max_len, as finetune.py
DEFAULT_MAX_INPUT = 512  # tasks.summarize.SummaryRequest.max_input
_ENCODING_NAMES = {
    "utf-8": "UTF-8",
    "utf-8-sig": "UTF-8 (BOM)",
    "ascii": "ASCII",
    "gbk": "GBK",
    "gb18030": "GB18030",
    "big5": "Big5",
    "cp950": "Big5 (CP950)",
    "big5hkscs": "Big5-HKSCS",
    "utf-16-le": "UTF-16 LE",
    "utf-16-be": "UTF-16 BE",
    "utf-32-le": "UTF-32 LE",
    "utf-32-be": "UTF-32 BE",
}


def encoding_name(codec: str | None) -> str | None:
    if not codec:
        return None
    return _ENCODING_NAMES.get(codec.lower(), codec.upper())


class SummaryModelPicker(ModelPicker):
    """The converted T5 PEGASUS models, best first, then the built-in summarizer (the `extra` items);
    with no model, the built-in one alone. Until the user picks, the first item is chosen."""

    def __init__(self, object_name: str, parent: QWidget | None = None) -> None:
        self._user_pick = ""
        super().__init__("summarize", object_name, parent)
        self.activated.connect(lambda index: self._remember(self.itemData(index)))

    def _remember(self, model_id) -> None:
        self._user_pick = model_id if isinstance(model_id, str) else ""

    def select(self, model_id: str) -> bool:
        found = super().select(model_id)
        if found:
            self._remember(model_id)
        return found

    def _fill(self) -> None:
        models = [(row.id, self._label(row)) for row in self.usable()]
        self.blockSignals(True)
        self.clear()
        for model_id, label in models + self._extra:
            self.addItem(label, model_id)
        wanted = self._user_pick if self.findData(self._user_pick) >= 0 else self.itemData(0)
        self.setCurrentIndex(max(0, self.findData(wanted)) if self.count() else -1)
        self.blockSignals(False)
        self.setEnabled(self.count() > 0)
        self.modelChanged.emit(self.current_model_id())


class _PartialRelay(QObject):
    """Carries a job's streamed partial summaries from its worker thread to the page (queued)."""

    partial = Signal(object)  # a tasks.summarize.PartialSummary


class SummarizePage(QWidget):
    statusMessage = Signal(str)
    openModelsRequested = Signal()
    queueChanged = Signal(list)  # list[str]: the queued paths
    partialShown = Signal(str)  # the streamed text just shown in the result box

    def __init__(
        self,
        paths: ZooPaths,
        settings: AppSettings,
        jobs: JobTracker,
        engines: EngineHolder | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("summarizePage")
        self.setAcceptDrops(False)  # drops go to the window, which routes them here
        self._paths = paths
        self._settings = settings
        self._jobs = jobs
        self._engines = engines if engines is not None else EngineHolder(paths, settings)
        self._document = None  # the last loaded Document
        self._loading: Job | None = None
        self._summarizing: Job | None = None
        self._summary = None  # the last ExtractiveSummary or tasks.summarize.SummaryResult
        self._made_with: tuple[str, dict] | None = None  # (model id, options) of the shown summary
        self._partial = None  # the last streamed PartialSummary of the running job
        self._cancelled = False  # the last summary job was cancelled
        self._edited = False  # the loaded document's text was changed in the preview

        self.heading = make_heading("summarizeHeading")

        self.open_button = make_button("openDocumentButton", self.on_open)
        self.clear_button = make_button("clearDocumentButton", self.clear_document)
        self.document_info = QLabel()
        self.document_info.setObjectName("documentInfo")
        self.document_info.setWordWrap(True)
        self.preview = QPlainTextEdit()
        self.preview.setObjectName("documentPreview")
        self.preview.setAcceptDrops(False)
        self.preview.textChanged.connect(self._text_changed)

        self.length_label = QLabel()
        self.length_label.setObjectName("summaryLengthLabel")
        self.length = QSpinBox()
        self.length.setObjectName("summaryLength")
        self.length.setRange(30, 5000)
        self.length.setSingleStep(50)
        self.length.setValue(DEFAULT_LENGTH)
        self.length_label.setBuddy(self.length)
        self.model_label = QLabel()
        self.model_label.setObjectName("summaryModelLabel")
        self.model_picker = SummaryModelPicker("summaryModelPicker")
        self.model_picker.modelChanged.connect(self._model_changed)
        self.model_label.setBuddy(self.model_picker)
        self._build_decode_options()
        self.open_models_button = make_button("openModelsButton", lambda: self.openModelsRequested.emit())
        self.summarize_button = make_button("summarizeButton", self.on_summarize)
        self.job_panel = JobPanel(self)

        self.result_kind = QLabel()
        self.result_kind.setObjectName("summaryKindLabel")
        self.result_kind.setWordWrap(True)
        self.result = QPlainTextEdit()
        self.result.setObjectName("summaryResult")
        self.result.setReadOnly(True)
        self.result_info = QLabel()
        self.result_info.setObjectName("summaryInfo")
        self.copy_button = make_button("copySummaryButton", self.copy_summary)
        self.save_button = make_button("saveSummaryButton", self.on_save)
        self.abstractive_note = QLabel()
        self.abstractive_note.setObjectName("abstractiveNote")
        self.abstractive_note.setWordWrap(True)

        self.queue_label = QLabel()
        self.queue_label.setObjectName("queueLabel")
        self.queue_list = QListWidget()
        self.queue_list.setObjectName("documentQueue")
        self.queue_list.itemActivated.connect(self._open_item)
        self.clear_queue_button = make_button("clearQueueButton", self.clear_queue)
        self.recent_label = QLabel()
        self.recent_label.setObjectName("recentLabel")
        self.recent_list = QListWidget()
        self.recent_list.setObjectName("recentDocuments")
        self.recent_list.itemActivated.connect(self._open_item)

        top = QHBoxLayout()
        top.addWidget(self.open_button)
        top.addWidget(self.clear_button)
        top.addWidget(self.document_info, 1)
        options = QHBoxLayout()
        options.addWidget(self.model_label)
        options.addWidget(self.model_picker)
        options.addSpacing(12)
        options.addWidget(self.length_label)
        options.addWidget(self.length)
        options.addStretch(1)
        options.addWidget(self.summarize_button)
        note = QHBoxLayout()
        note.addWidget(self.abstractive_note, 1)
        note.addWidget(self.open_models_button)
        result_buttons = QHBoxLayout()
        result_buttons.addWidget(self.result_info, 1)
        result_buttons.addWidget(self.copy_button)
        result_buttons.addWidget(self.save_button)

        main = QWidget()
        main.setObjectName("summarizeMain")
        main_layout = QVBoxLayout(main)
        main_layout.setContentsMargins(0, 0, 0, 0)
        main_layout.addLayout(top)
        main_layout.addWidget(self.preview, 3)
        main_layout.addLayout(options)
        main_layout.addWidget(self.decode_box)
        main_layout.addLayout(note)
        main_layout.addWidget(self.job_panel)
        main_layout.addWidget(self.result_kind)
        main_layout.addWidget(self.result, 2)
        main_layout.addLayout(result_buttons)

        side = QWidget()
        side.setObjectName("summarizeSide")
        side_layout = QVBoxLayout(side)
        side_layout.setContentsMargins(0, 0, 0, 0)
        side_layout.addWidget(self.queue_label)
        side_layout.addWidget(self.queue_list, 1)
        side_layout.addWidget(self.clear_queue_button)
        side_layout.addSpacing(8)
        side_layout.addWidget(self.recent_label)
        side_layout.addWidget(self.recent_list, 1)

        self.splitter = QSplitter(Qt.Orientation.Horizontal)
        self.splitter.setObjectName("summarizeSplitter")
        self.splitter.addWidget(main)
        self.splitter.addWidget(side)
        self.splitter.setStretchFactor(0, 3)
        self.splitter.setStretchFactor(1, 1)
        self.splitter.setChildrenCollapsible(False)

        layout = QVBoxLayout(self)
        layout.addWidget(self.heading)
        layout.addWidget(self.splitter, 1)
        self._load_recent()
        self.model_picker.set_extra([(EXTRACTIVE, "")])  # labelled in retranslateUi
        self.retranslateUi()
        self.set_decode_options(**settings.summary_decoding)  # as the user left them last time
        self._decode_method_changed()
        for control in (self.beam_size, self.max_tokens, self.max_input, self.temperature, self.top_k, self.top_p, self.seed):
            control.valueChanged.connect(self._save_decode_options)
        self.decode_method.currentIndexChanged.connect(self._save_decode_options)
        self._update_actions()

    def _build_decode_options(self) -> None:
        """The T5 PEGASUS decoding options (tasks.summarize.DecodeOptions), hidden for the extractive summarizer."""
        self.decode_box = QWidget()
        self.decode_box.setObjectName("summaryDecodeOptions")

        def label(name: str, buddy: QWidget) -> QLabel:
            widget = QLabel()
            widget.setObjectName(name)
            widget.setBuddy(buddy)
            return widget

        self.decode_method = QComboBox()
        self.decode_method.setObjectName("summaryDecodeMethod")
        for method in DECODE_METHODS:
            self.decode_method.addItem("", method)
        self.decode_method.setCurrentIndex(DECODE_METHODS.index("beam"))
        self.decode_method.currentIndexChanged.connect(self._decode_method_changed)
        self.beam_size = QSpinBox()
        self.beam_size.setObjectName("summaryBeamSize")
        self.beam_size.setRange(2, 16)
        self.beam_size.setValue(4)
        self.max_tokens = QSpinBox()
        self.max_tokens.setObjectName("summaryMaxTokens")
        self.max_tokens.setRange(1, 1024)
        self.max_tokens.setValue(DEFAULT_MAX_TOKENS)
        self.max_input = QSpinBox()
        self.max_input.setObjectName("summaryMaxInput")
        self.max_input.setRange(16, 512)
        self.max_input.setSingleStep(16)
        self.max_input.setValue(DEFAULT_MAX_INPUT)
        self.top_k = QSpinBox()
        self.top_k.setObjectName("summaryTopK")
        self.top_k.setRange(0, 1000)  # 0: off
        self.top_p = QDoubleSpinBox()
        self.top_p.setObjectName("summaryTopP")
        self.top_p.setRange(0.05, 1.0)  # 1.0: off
        self.top_p.setSingleStep(0.05)
        self.top_p.setDecimals(2)
        self.top_p.setValue(1.0)
        self.temperature = QDoubleSpinBox()
        self.temperature.setObjectName("summaryTemperature")
        self.temperature.setRange(0.05, 5.0)
        self.temperature.setSingleStep(0.1)
        self.temperature.setDecimals(2)
        self.temperature.setValue(1.0)
        self.seed = QSpinBox()
        self.seed.setObjectName("summarySeed")
        self.seed.setRange(-1, 2_147_483_647)  # -1: a new random seed each time
        self.seed.setValue(-1)

        self.decode_method_label = label("summaryDecodeMethodLabel", self.decode_method)
        self.beam_size_label = label("summaryBeamSizeLabel", self.beam_size)
        self.max_tokens_label = label("summaryMaxTokensLabel", self.max_tokens)
        self.max_input_label = label("summaryMaxInputLabel", self.max_input)
        self.top_k_label = label("summaryTopKLabel", self.top_k)
        self.top_p_label = label("summaryTopPLabel", self.top_p)
        self.temperature_label = label("summaryTemperatureLabel", self.temperature)
        self.seed_label = label("summarySeedLabel", self.seed)

        grid = QGridLayout(self.decode_box)
        grid.setContentsMargins(0, 0, 0, 0)
        rows = (
            (self.decode_method_label, self.decode_method, self.beam_size_label, self.beam_size,
             self.max_tokens_label, self.max_tokens, self.max_input_label, self.max_input),
            (self.temperature_label, self.temperature, self.top_k_label, self.top_k,
             self.top_p_label, self.top_p, self.seed_label, self.seed),
        )
        for r, widgets in enumerate(rows):
            for c, widget in enumerate(widgets):
                grid.addWidget(widget, r, c)
        grid.setColumnStretch(len(rows[0]), 1)

    # -- language -----------------------------------------------------------------------------

    def retranslateUi(self) -> None:
        self.heading.setText(self.tr("Summarize"))
        self.open_button.setText(self.tr("Open…"))
        self.open_button.setToolTip(self.tr("Open .txt, .md, .docx, .pdf or .html files"))
        self.clear_button.setText(self.tr("Clear"))
        self.preview.setPlaceholderText(
            self.tr("Paste or type text here, open a document, or drop files anywhere on this window.")
        )
        self.length_label.setText(self.tr("Summary length:"))
        self.length.setSuffix(self.tr(" characters"))
        self.length.setToolTip(self.tr("The summary is at most this many characters long"))
        self.summarize_button.setText(self.tr("Summarize", "button"))
        self.model_label.setText(self.tr("Model:"))
        self.model_picker.setToolTip(self.tr("A converted T5 PEGASUS model writes the summary in new words; the built-in summarizer picks sentences"))
        self.model_picker.set_extra([(EXTRACTIVE, self.tr("Built-in extractive summarizer"))])
        self.decode_method_label.setText(self.tr("Decoding:"))
        for index, text in enumerate((self.tr("Greedy"), self.tr("Beam search"), self.tr("Sampling"))):
            self.decode_method.setItemText(index, text)
        self.decode_method.setToolTip(
            self.tr("Greedy takes the likeliest word at each step; beam search keeps several candidates; sampling draws words at random")
        )
        self.beam_size_label.setText(self.tr("Beam size:"))
        self.max_tokens_label.setText(self.tr("Summary length:"))
        self.max_tokens.setSuffix(self.tr(" tokens"))
        self.max_tokens.setToolTip(self.tr("The summary is at most this many tokens (words or characters) long"))
        self.max_input_label.setText(self.tr("Read in parts of:"))
        self.max_input.setSuffix(self.tr(" tokens"))
        self.max_input.setToolTip(
            self.tr("A longer document is cut into parts of this size; each part is summarized, then the part summaries together")
        )
        self.temperature_label.setText(self.tr("Temperature:"))
        self.temperature.setToolTip(self.tr("Above 1 makes unlikely words likelier; below 1 the opposite"))
        self.top_k_label.setText(self.tr("Top-k:"))
        self.top_k.setSpecialValueText(self.tr("Off"))
        self.top_k.setToolTip(self.tr("Sample only among the k likeliest words"))
        self.top_p_label.setText(self.tr("Top-p:"))
        self.top_p.setToolTip(self.tr("Sample only among the likeliest words that together reach this probability (1 = all)"))
        self.seed_label.setText(self.tr("Seed:"))
        self.seed.setSpecialValueText(self.tr("Random"))
        self.seed.setToolTip(self.tr("The same seed, text and options give the same sampled summary"))
        self.result.setPlaceholderText(self.tr("The summary will appear here."))
        self.copy_button.setText(self.tr("Copy"))
        self.save_button.setText(self.tr("Save as…"))
        self.abstractive_note.setText(
            self.tr(
                "Summaries written in new words (abstractive) need a T5 PEGASUS model: import one and convert it "
                "on the Models page. Until then the built-in extractive summarizer is used."
            )
        )
        self.open_models_button.setText(self.tr("Open Models"))
        self._show_result_kind()
        self.queue_label.setText(self.tr("Queued files"))
        self.queue_list.setToolTip(self.tr("Files dropped together wait here; double-click one to open it. The Batch page will process them all."))
        self.clear_queue_button.setText(self.tr("Clear queue"))
        self.recent_label.setText(self.tr("Recent documents"))
        self._show_document_info()
        self._show_result_info()

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslateUi()
        super().changeEvent(event)

    # -- documents ----------------------------------------------------------------------------

    def open_files(self, paths: list[str]) -> Job | None:
        """Open one file, or queue several and open the first (drops, the Open dialog, the command line)."""
        paths = [str(p) for p in paths if str(p)]
        if not paths:
            return None
        if len(paths) > 1:
            self.enqueue(paths)
        return self.load_document(paths[0])

    def enqueue(self, paths: list[str]) -> None:
        present = set(self.queued_paths())
        for path in paths:
            if path in present:
                continue
            present.add(path)
            item = QListWidgetItem(Path(path).name)
            item.setData(Qt.ItemDataRole.UserRole, path)
            item.setToolTip(path)
            self.queue_list.addItem(item)
        self.queueChanged.emit(self.queued_paths())

    def queued_paths(self) -> list[str]:
        return [self.queue_list.item(i).data(Qt.ItemDataRole.UserRole) for i in range(self.queue_list.count())]

    def clear_queue(self) -> None:
        self.queue_list.clear()
        self.queueChanged.emit([])

    def load_document(self, path: str) -> Job:
        if self._loading is not None:
            self._loading.cancel()  # a newer request wins; the old result is dropped
        job = Job(
            functools.partial(summarize_jobs.read_document, str(path)),
            title=self.tr("Opening %1").replace("%1", Path(path).name),
            wants_cancel=False,
        )
        job.signals.finished.connect(self._document_loaded)
        job.signals.failed.connect(functools.partial(self._document_failed, str(path)))
        self._loading = job
        self.job_panel.track(job)
        self._jobs.start(job)
        self._update_actions()
        return job

    @if_alive
    def _document_loaded(self, document) -> None:
        if self.sender() is not None and self._loading is not None and self.sender() is not self._loading.signals:
            return  # an older request that finished late
        self._loading = None
        self._document = document
        self.preview.blockSignals(True)
        self.preview.setPlainText(document.text)
        self.preview.blockSignals(False)
        self._edited = False
        self._clear_result()
        self._show_document_info()
        self._settings.add_recent_document(str(document.path))
        self._load_recent()
        self._update_actions()
        self.statusMessage.emit(self.tr("Opened %1").replace("%1", document.path.name))

    @if_alive
    def _document_failed(self, path: str, failure: JobFailure) -> None:
        self._loading = None
        self._update_actions()
        heading = self.tr("Could not open %1").replace("%1", Path(path).name)
        self.statusMessage.emit(heading)
        show_error(self, heading, failure, failure.details, self._paths.log_file)

    def on_open(self) -> None:
        paths, _ = QFileDialog.getOpenFileNames(
            self,
            self.tr("Open documents"),
            str(Path(self._settings.recent_documents[0]).parent if self._settings.recent_documents else Path.home()),
            self.tr("Documents (*.txt *.md *.docx *.pdf *.html *.htm);;All files (*)"),
        )
        if paths:
            self.open_files(paths)

    def _open_item(self, item: QListWidgetItem) -> None:
        path = item.data(Qt.ItemDataRole.UserRole)
        if path:
            self.load_document(path)

    def clear_document(self) -> None:
        self._document = None
        self._edited = False
        self.preview.blockSignals(True)
        self.preview.clear()
        self.preview.blockSignals(False)
        self._update_actions()
        self._clear_result()
        self._show_document_info()

    def document(self):
        return self._document

    def _text_changed(self) -> None:
        # Loading a document blocks this signal, so any change here is the user's own edit.
        self._edited = self._document is not None
        self._show_document_info()
        self._update_actions()

    def _show_document_info(self) -> None:
        chars = max(0, self.preview.document().characterCount() - 1)
        doc = self._document
        if doc is not None:
            encoding = encoding_name(doc.encoding)
            kind = encoding or {
                "docx": self.tr("Word document"),
                "pdf": self.tr("PDF document"),
            }.get(doc.kind, doc.kind)
            text = self.tr("%1 · %2 · %3 characters").replace("%1", doc.path.name).replace("%2", kind).replace("%3", f"{chars:,}")
            if self._edited:
                text += self.tr(" (edited)")
        elif chars:
            text = self.tr("Pasted text · %1 characters").replace("%1", f"{chars:,}")
        else:
            text = self.tr("No document yet.")
        self.document_info.setText(text)

    # -- recent documents ---------------------------------------------------------------------

    def _load_recent(self) -> None:
        self.recent_list.clear()
        for path in self._settings.recent_documents:
            item = QListWidgetItem(Path(path).name)
            item.setData(Qt.ItemDataRole.UserRole, path)
            item.setToolTip(path)
            self.recent_list.addItem(item)

    def reload_recent(self) -> None:
        self._load_recent()

    # -- models and options -------------------------------------------------------------------

    def update_models(self, rows: list[ModelRow]) -> None:
        """The Models page's rows after a refresh: the picker offers the converted T5 PEGASUS models."""
        self.model_picker.update_models(rows)

    def has_model(self) -> bool:
        return bool(self.model_picker.usable())

    def model_id(self) -> str:
        return self.model_picker.current_model_id() or EXTRACTIVE

    def _model_changed(self, _model_id: str = "") -> None:
        abstractive = self.model_id() != EXTRACTIVE
        self.decode_box.setVisible(abstractive)
        self.length_label.setVisible(not abstractive)
        self.length.setVisible(not abstractive)
        no_model = not self.has_model()
        self.abstractive_note.setVisible(no_model)
        self.open_models_button.setVisible(no_model)
        if self._summary is None:
            self._show_result_kind()

    def _decode_method_changed(self, _index: int = 0) -> None:
        method = self.decode_method.currentData()
        for widget in (self.beam_size, self.beam_size_label):
            widget.setEnabled(method == "beam")
        for widget in (self.temperature, self.temperature_label):
            widget.setEnabled(method != "greedy")  # greedy takes the likeliest token whatever the temperature
        for widget in (self.top_k, self.top_k_label, self.top_p, self.top_p_label, self.seed, self.seed_label):
            widget.setEnabled(method == "sample")

    def _save_decode_options(self, *_args) -> None:
        self._settings.summary_decoding = {
            "method": self.decode_method.currentData(), "beam_size": self.beam_size.value(),
            "max_len": self.max_tokens.value(), "max_input": self.max_input.value(),
            "temperature": round(self.temperature.value(), 2), "top_k": self.top_k.value(),
            "top_p": round(self.top_p.value(), 2), "seed": self.seed.value(),
        }

    def decode_options(self) -> dict:
        """The chosen decoding options, as the fields of tasks.summarize.DecodeOptions."""
        method = self.decode_method.currentData()
        options = {"beam_size": self.beam_size.value() if method == "beam" else 1, "max_len": self.max_tokens.value()}
        if method != "greedy":
            options["temperature"] = round(self.temperature.value(), 2)
        if method == "sample":
            options["sample"] = True
            options["top_k"] = self.top_k.value() or None
            options["top_p"] = round(self.top_p.value(), 2) if self.top_p.value() < 1.0 else None
            options["seed"] = self.seed.value() if self.seed.value() >= 0 else None
        return options

    def set_decode_options(self, *, method: str | None = None, beam_size: int | None = None, max_len: int | None = None,
                           max_input: int | None = None, temperature: float | None = None, top_k: int | None = None,
                           top_p: float | None = None, seed: int | None = None) -> None:
        """Set the option controls (as the user would); None leaves a control as it is."""
        if method is not None:
            self.decode_method.setCurrentIndex(DECODE_METHODS.index(method))
        for spin, value in ((self.beam_size, beam_size), (self.max_tokens, max_len), (self.max_input, max_input),
                            (self.temperature, temperature), (self.top_k, top_k), (self.top_p, top_p), (self.seed, seed)):
            if value is not None:
                spin.setValue(value)

    # -- summarizing --------------------------------------------------------------------------

    def summarize(self, max_chars: int | None = None) -> Job | None:
        """Summarize the preview's text with the chosen model (max_chars: the extractive summary's length)."""
        text = self.preview.toPlainText()
        if not text.strip():
            return None
        if self._summarizing is not None:
            self._summarizing.cancel()  # a newer request wins; the old one's signals are ignored
        model_id = self.model_id()
        relay = None
        if model_id == EXTRACTIVE:
            length = int(max_chars or self.length.value())
            made_with = (EXTRACTIVE, {"max_chars": length})
            job = Job(functools.partial(summarize_jobs.summarize_text, text, length), title=self.tr("Summarizing"))
        else:
            options = self.decode_options()
            made_with = (model_id, {**options, "max_input": self.max_input.value()})
            relay = _PartialRelay(self)
            job = Job(
                functools.partial(
                    summarize_jobs.summarize_with_model,
                    self._engines,
                    text,
                    model_id,
                    options,
                    self.max_input.value(),
                    on_partial=summarize_jobs.Throttle(relay.partial.emit),
                ),
                title=self.tr("Summarizing with %1").replace("%1", model_id),
                wants_progress=True,
                wants_cancel=True,
            )
            relay.partial.connect(functools.partial(self._show_partial, job))
        job.signals.finished.connect(functools.partial(self._summarized, job, made_with))
        job.signals.failed.connect(functools.partial(self._summary_failed, job))
        job.signals.cancelled.connect(functools.partial(self._summary_cancelled, job))
        job.signals.ended.connect(functools.partial(self._summary_ended, job, relay))
        self._summarizing = job
        self._partial = None
        self._cancelled = False
        self._clear_result()
        self.job_panel.track(job)
        self._jobs.start(job)
        self._update_actions()
        return job

    def on_summarize(self) -> None:
        self.summarize()

    def is_summarizing(self) -> bool:
        return self._summarizing is not None

    def cancel_summary(self) -> None:
        if self._summarizing is not None:
            self._summarizing.cancel()

    @if_alive
    def _show_partial(self, job: Job, partial) -> None:
        if job is not self._summarizing or job.cancelled:
            return
        # Each Qt call here gives the GIL back to the busy decoder thread and waits to retake it: touch only
        # what changed (the info line changes once per chunk).
        previous, self._partial = self._partial, partial
        self.result.setPlainText(partial.text)
        if previous is None or (previous.level, previous.chunk, previous.final) != (partial.level, partial.chunk, partial.final):
            self._show_result_info()
        self.partialShown.emit(partial.text)

    @if_alive
    def _summarized(self, job: Job, made_with: tuple[str, dict], summary) -> None:
        if job is not self._summarizing:
            return
        self._summary = summary
        self._made_with = made_with
        self._partial = None
        self.result.setPlainText(summary.text)
        self._show_result_kind()
        self._show_result_info()
        self._update_actions()
        self.statusMessage.emit(self.tr("Summary ready"))

    @if_alive
    def _summary_failed(self, job: Job, failure: JobFailure) -> None:
        if job is not self._summarizing:
            return
        self._partial = None
        self.result.clear()
        self._show_result_info()
        show_error(self, self.tr("Could not summarize the text"), failure, failure.details, self._paths.log_file)

    @if_alive
    def _summary_cancelled(self, job: Job) -> None:
        if job is not self._summarizing:
            return
        self._partial = None
        self._cancelled = True
        self.result.clear()  # a half-written summary is not a summary
        self._show_result_info()
        self.statusMessage.emit(self.tr("Summary cancelled"))

    @if_alive
    def _summary_ended(self, job: Job, relay: QObject | None) -> None:
        if relay is not None:
            relay.deleteLater()
        if job is self._summarizing:
            self._summarizing = None
        self._update_actions()

    def summary_text(self) -> str:
        return self.result.toPlainText() if self._summary is not None else ""

    def summary(self):
        """The last finished summary: an ExtractiveSummary or a tasks.summarize.SummaryResult (None: none yet)."""
        return self._summary

    def _clear_result(self) -> None:
        self._summary = None
        self._made_with = None
        self._partial = None
        self.result.clear()
        self._show_result_kind()
        self._show_result_info()
        self._update_actions()

    def _show_result_kind(self) -> None:
        model_id = self._made_with[0] if self._made_with is not None else self.model_id()
        if model_id == EXTRACTIVE:
            text = self.tr("Extractive summary (built in, no model needed): the most central sentences, taken from the text as they are.")
        else:
            text = self.tr("Abstractive summary by %1 (T5 PEGASUS): written by the model in its own words.").replace("%1", model_id)
        self.result_kind.setText(text)

    def _show_result_info(self) -> None:
        s = self._summary
        if s is None:
            self.result_info.setText(self._running_info())
            return
        if hasattr(s, "sentence_indices"):  # the extractive summarizer's ExtractiveSummary
            text = self.tr("%1 characters from %2 sentences").replace("%1", str(len(s.text))).replace("%2", str(len(s.sentence_indices)))
            if s.truncated:
                text += self.tr(" (the sentence was shortened to fit)")
        else:
            text = (
                self.tr("%1 characters, %2 tokens, in %3 s")
                .replace("%1", str(len(s.text)))
                .replace("%2", str(len(s.token_ids)))
                .replace("%3", f"{s.seconds:.1f}")
            )
            if s.levels:
                text += self.tr("; the document was read in %1 parts").replace("%1", str(sum(1 for c in s.chunks if c.level == 0)))
            if s.truncated:
                text += self.tr(" (the last pass saw a shortened text)")
        self.result_info.setText(text)

    def _running_info(self) -> str:
        p = self._partial
        if p is None:
            return self.tr("Cancelled.") if self._cancelled else ""
        if p.final:
            return self.tr("Writing the summary…")
        if p.level == 0:
            return self.tr("Summarizing part %1 of %2…").replace("%1", str(p.chunk + 1)).replace("%2", str(p.chunks))
        return (
            self.tr("Summarizing part %1 of %2 of the part summaries (round %3)…")
            .replace("%1", str(p.chunk + 1))
            .replace("%2", str(p.chunks))
            .replace("%3", str(p.level + 1))
        )

    def _describe(self, made_with: tuple[str, dict] | None) -> str:
        """What made the summary, for the saved note."""
        model_id, options = made_with or (EXTRACTIVE, {})
        if model_id == EXTRACTIVE:
            return self.tr("Extractive summary made by Zoo Desktop's built-in summarizer (no model).")
        if options.get("sample"):
            how = self.tr("sampling (temperature %1, top-k %2, top-p %3, seed %4)")
            how = (
                how.replace("%1", str(options.get("temperature", 1.0)))
                .replace("%2", str(options.get("top_k") or self.tr("off")))
                .replace("%3", str(options.get("top_p") or self.tr("off")))
                .replace("%4", str(options["seed"]) if options.get("seed") is not None else self.tr("random"))
            )
        elif options.get("beam_size", 1) > 1:
            how = (
                self.tr("beam search (beam size %1, temperature %2)")
                .replace("%1", str(options["beam_size"]))
                .replace("%2", str(options.get("temperature", 1.0)))
            )
        else:
            how = self.tr("greedy decoding")
        return (
            self.tr("Abstractive summary made by Zoo Desktop with the T5 PEGASUS model %1: %2, at most %3 tokens, read in parts of %4 tokens.")
            .replace("%1", model_id)
            .replace("%2", how)
            .replace("%3", str(options.get("max_len", "")))
            .replace("%4", str(options.get("max_input", "")))
        )

    def copy_summary(self) -> None:
        QGuiApplication.clipboard().setText(self.summary_text())
        self.statusMessage.emit(self.tr("Summary copied"))

    def save_summary(self, path: str | Path) -> Job:
        source = self._document.path.name if self._document is not None else self.tr("pasted text")
        job = Job(
            functools.partial(
                summarize_jobs.write_summary,
                str(path),
                self.summary_text(),
                self.tr("Summary of %1").replace("%1", source),
                self._describe(self._made_with),
            ),
            title=self.tr("Saving %1").replace("%1", Path(path).name),
        )
        job.signals.finished.connect(self._saved)
        job.signals.failed.connect(self._save_failed)
        self.job_panel.track(job)
        return self._jobs.start(job)

    @if_alive
    def _saved(self, path: Path) -> None:
        self.statusMessage.emit(self.tr("Saved %1").replace("%1", str(path)))

    @if_alive
    def _save_failed(self, failure: JobFailure) -> None:
        show_error(self, self.tr("Could not save the summary"), failure, failure.details, self._paths.log_file)

    def on_save(self) -> None:
        filters = [self.tr("Text (*.txt)"), self.tr("Markdown (*.md)")]
        if summarize_jobs.docx_available():
            filters.append(self.tr("Word document (*.docx)"))
        base = self._document.path.with_suffix("") if self._document is not None else Path.home() / "summary"
        path, chosen = QFileDialog.getSaveFileName(self, self.tr("Save the summary"), f"{base}-summary.txt", ";;".join(filters))
        if not path:
            return
        if not Path(path).suffix:
            path += next((s for s in (".md", ".docx") if s in chosen), ".txt")
        self.save_summary(path)

    def _update_actions(self) -> None:
        has_text = self.preview.document().characterCount() > 1
        self.summarize_button.setEnabled(has_text)
        self.clear_button.setEnabled(has_text)
        has_summary = bool(self.summary_text())
        self.copy_button.setEnabled(has_summary)
        self.save_button.setEnabled(has_summary)
        self.clear_queue_button.setEnabled(self.queue_list.count() > 0)
