"""Summarize page: open, drop or paste a document; preview it with its encoding; summarize it with the
built-in extractive summarizer; copy or save the result. Dropped files beyond the first wait in a queue
(the Batch page will take them). Reading, summarizing and saving all run on worker threads.
"""

from __future__ import annotations

import functools
from pathlib import Path

from PySide6.QtCore import QEvent, Qt, Signal
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import (
    QFileDialog,
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
from zoo_desktop.app.error_dialog import show_error
from zoo_desktop.app.job_panel import JobPanel
from zoo_desktop.app.settings import AppSettings
from zoo_desktop.app.widgets import make_button, make_heading
from zoo_desktop.app.workers import Job, JobFailure, JobTracker, if_alive
from zoo_desktop.paths import ZooPaths

DEFAULT_LENGTH = 200
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


class SummarizePage(QWidget):
    statusMessage = Signal(str)
    queueChanged = Signal(list)  # list[str]: the queued paths

    def __init__(self, paths: ZooPaths, settings: AppSettings, jobs: JobTracker, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("summarizePage")
        self.setAcceptDrops(False)  # drops go to the window, which routes them here
        self._paths = paths
        self._settings = settings
        self._jobs = jobs
        self._document = None  # the last loaded Document
        self._loading: Job | None = None
        self._summarizing: Job | None = None
        self._summary = None  # the last ExtractiveSummary
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
        options.addWidget(self.length_label)
        options.addWidget(self.length)
        options.addStretch(1)
        options.addWidget(self.summarize_button)
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
        main_layout.addWidget(self.job_panel)
        main_layout.addWidget(self.result_kind)
        main_layout.addWidget(self.result, 2)
        main_layout.addLayout(result_buttons)
        main_layout.addWidget(self.abstractive_note)

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
        self.retranslateUi()
        self._update_actions()

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
        self.result_kind.setText(
            self.tr("Extractive summary (built in, no model needed): the most central sentences, taken from the text as they are.")
        )
        self.result.setPlaceholderText(self.tr("The summary will appear here."))
        self.copy_button.setText(self.tr("Copy"))
        self.save_button.setText(self.tr("Save as…"))
        self.abstractive_note.setText(
            self.tr("Summaries written in new words (abstractive, with a T5 PEGASUS model) will come to this page with the inference engine.")
        )
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
        show_error(self, heading, failure.message, failure.details, self._paths.log_file)

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

    # -- summarizing --------------------------------------------------------------------------

    def summarize(self, max_chars: int | None = None) -> Job | None:
        text = self.preview.toPlainText()
        if not text.strip():
            return None
        if self._summarizing is not None:
            self._summarizing.cancel()
        job = Job(
            functools.partial(summarize_jobs.summarize_text, text, int(max_chars or self.length.value())),
            title=self.tr("Summarizing"),
            wants_cancel=False,
        )
        job.signals.finished.connect(self._summarized)
        job.signals.failed.connect(self._summary_failed)
        job.signals.ended.connect(self._summary_ended)
        self._summarizing = job
        self.job_panel.track(job)
        self._jobs.start(job)
        self._update_actions()
        return job

    def on_summarize(self) -> None:
        self.summarize()

    @if_alive
    def _summarized(self, summary) -> None:
        if self._summarizing is not None and self.sender() is not self._summarizing.signals:
            return
        self._summary = summary
        self.result.setPlainText(summary.text)
        self._show_result_info()
        self._update_actions()
        self.statusMessage.emit(self.tr("Summary ready"))

    @if_alive
    def _summary_failed(self, failure: JobFailure) -> None:
        show_error(self, self.tr("Could not summarize the text"), failure.message, failure.details, self._paths.log_file)

    @if_alive
    def _summary_ended(self) -> None:
        if self._summarizing is not None and self.sender() is self._summarizing.signals:
            self._summarizing = None
        self._update_actions()

    def summary_text(self) -> str:
        return self.result.toPlainText()

    def _clear_result(self) -> None:
        self._summary = None
        self.result.clear()
        self._show_result_info()
        self._update_actions()

    def _show_result_info(self) -> None:
        s = self._summary
        if s is None:
            self.result_info.setText("")
            return
        text = self.tr("%1 characters from %2 sentences").replace("%1", str(len(s.text))).replace("%2", str(len(s.sentence_indices)))
        if s.truncated:
            text += self.tr(" (the sentence was shortened to fit)")
        self.result_info.setText(text)

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
                self.tr("Extractive summary made by Zoo Desktop's built-in summarizer (no model)."),
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
        show_error(self, self.tr("Could not save the summary"), failure.message, failure.details, self._paths.log_file)

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
        has_summary = bool(self.result.toPlainText())
        self.copy_button.setEnabled(has_summary)
        self.save_button.setEnabled(has_summary)
        self.clear_queue_button.setEnabled(self.queue_list.count() > 0)
