"""Similarity & Search page (SimBERT): compare one sentence with a list of others, and search a file or
folder of texts through a cached vector index. Every model and file call runs on a worker thread."""

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
    QLineEdit,
    QPlainTextEdit,
    QSpinBox,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from zoo_desktop.app import vector_jobs
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

DEFAULT_TOP_K = 10
DEFAULT_MAX_LEN = 512
UNITS = ("auto", "line", "sentence", "document")  # search_index.UNITS, in the CLI's order


class SimilarityPage(QWidget):
    statusMessage = Signal(str)
    openModelsRequested = Signal()

    def __init__(self, paths: ZooPaths, settings: AppSettings, jobs: JobTracker, engines: EngineHolder, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("similarityPage")
        self._paths = paths
        self._settings = settings
        self._jobs = jobs
        self._engines = engines
        self._comparing: Job | None = None
        self._indexing: Job | None = None
        self._searching: Job | None = None
        self._built: vector_jobs.BuiltIndex | None = None  # the index the Search tab queries

        self.heading = make_heading("similarityHeading")

        # no model: say what is needed and lead to the Models page
        self.no_model = QFrame()
        self.no_model.setObjectName("similarityNoModel")
        self.no_model.setFrameShape(QFrame.Shape.StyledPanel)
        self.no_model_label = QLabel()
        self.no_model_label.setObjectName("similarityNoModelLabel")
        self.no_model_label.setWordWrap(True)
        self.open_models_button = make_button("similarityOpenModelsButton", self.openModelsRequested.emit)
        no_model_layout = QHBoxLayout(self.no_model)
        no_model_layout.addWidget(self.no_model_label, 1)
        no_model_layout.addWidget(self.open_models_button)

        self.model_label = QLabel()
        self.model_label.setObjectName("similarityModelLabel")
        self.picker = ModelPicker("embed", "similarityModelPicker")
        self.model_label.setBuddy(self.picker)
        self.picker.modelChanged.connect(self._model_changed)
        self.max_len_label = QLabel()
        self.max_len_label.setObjectName("similarityMaxLenLabel")
        self.max_len = QSpinBox()
        self.max_len.setObjectName("similarityMaxLen")
        self.max_len.setRange(2, 512)
        self.max_len.setValue(DEFAULT_MAX_LEN)
        self.max_len.valueChanged.connect(self._index_settings_changed)
        self.max_len_label.setBuddy(self.max_len)

        # -- Compare tab
        self.sentence_a_label = QLabel()
        self.sentence_a_label.setObjectName("compareSentenceALabel")
        self.sentence_a = QLineEdit()
        self.sentence_a.setObjectName("compareSentenceA")
        self.sentence_a.textChanged.connect(self._update_actions)
        self.sentence_a.returnPressed.connect(self.on_compare)
        self.sentence_a_label.setBuddy(self.sentence_a)
        self.sentences_b_label = QLabel()
        self.sentences_b_label.setObjectName("compareSentencesBLabel")
        self.sentences_b = QPlainTextEdit()
        self.sentences_b.setObjectName("compareSentencesB")
        self.sentences_b.textChanged.connect(self._update_actions)
        self.sentences_b_label.setBuddy(self.sentences_b)
        self.compare_info = QLabel()
        self.compare_info.setObjectName("compareInfo")
        self.compare_button = make_button("compareButton", self.on_compare)
        self.compare_table = ResultTable("compareResults")
        self.copy_compare_button = make_button("copyCompareButton", self.compare_table.copy_selection)
        self.export_compare_button = make_button("exportCompareButton", functools.partial(self.on_export, "compare"))

        compare_tab = QWidget()
        compare_tab.setObjectName("compareTab")
        compare_layout = QVBoxLayout(compare_tab)
        compare_layout.addWidget(self.sentence_a_label)
        compare_layout.addWidget(self.sentence_a)
        compare_layout.addWidget(self.sentences_b_label)
        compare_layout.addWidget(self.sentences_b, 1)
        row = QHBoxLayout()
        row.addWidget(self.compare_info, 1)
        row.addWidget(self.compare_button)
        compare_layout.addLayout(row)
        compare_layout.addWidget(self.compare_table, 2)
        row = QHBoxLayout()
        row.addStretch(1)
        row.addWidget(self.copy_compare_button)
        row.addWidget(self.export_compare_button)
        compare_layout.addLayout(row)

        # -- Search tab
        self.corpus_label = QLabel()
        self.corpus_label.setObjectName("corpusLabel")
        self.corpus = QLineEdit()
        self.corpus.setObjectName("corpusPath")
        self.corpus.textChanged.connect(self._index_settings_changed)
        self.corpus_label.setBuddy(self.corpus)
        self.corpus_file_button = make_button("chooseCorpusFileButton", self.on_choose_file)
        self.corpus_folder_button = make_button("chooseCorpusFolderButton", self.on_choose_folder)
        self.unit_label = QLabel()
        self.unit_label.setObjectName("indexUnitLabel")
        self.unit = QComboBox()
        self.unit.setObjectName("indexUnit")
        for unit in UNITS:
            self.unit.addItem(unit, unit)
        self.unit.currentIndexChanged.connect(self._index_settings_changed)
        self.unit_label.setBuddy(self.unit)
        self.build_button = make_button("buildIndexButton", self.on_build_index)
        self.index_info = QLabel()
        self.index_info.setObjectName("indexInfo")
        self.index_info.setWordWrap(True)
        self.index_info.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.query_label = QLabel()
        self.query_label.setObjectName("searchQueryLabel")
        self.query = QLineEdit()
        self.query.setObjectName("searchQuery")
        self.query.textChanged.connect(self._update_actions)
        self.query.returnPressed.connect(self.on_search)
        self.query_label.setBuddy(self.query)
        self.top_k_label = QLabel()
        self.top_k_label.setObjectName("searchTopKLabel")
        self.top_k = QSpinBox()
        self.top_k.setObjectName("searchTopK")
        self.top_k.setRange(1, 1000)
        self.top_k.setValue(DEFAULT_TOP_K)
        self.top_k_label.setBuddy(self.top_k)
        self.search_button = make_button("searchButton", self.on_search)
        self.search_table = ResultTable("searchResults")
        self.copy_search_button = make_button("copySearchButton", self.search_table.copy_selection)
        self.export_search_button = make_button("exportSearchButton", functools.partial(self.on_export, "search"))

        search_tab = QWidget()
        search_tab.setObjectName("searchTab")
        search_layout = QVBoxLayout(search_tab)
        row = QHBoxLayout()
        row.addWidget(self.corpus_label)
        row.addWidget(self.corpus, 1)
        row.addWidget(self.corpus_file_button)
        row.addWidget(self.corpus_folder_button)
        search_layout.addLayout(row)
        row = QHBoxLayout()
        row.addWidget(self.unit_label)
        row.addWidget(self.unit)
        row.addStretch(1)
        row.addWidget(self.build_button)
        search_layout.addLayout(row)
        search_layout.addWidget(self.index_info)
        row = QHBoxLayout()
        row.addWidget(self.query_label)
        row.addWidget(self.query, 1)
        row.addWidget(self.top_k_label)
        row.addWidget(self.top_k)
        row.addWidget(self.search_button)
        search_layout.addLayout(row)
        search_layout.addWidget(self.search_table, 1)
        row = QHBoxLayout()
        row.addStretch(1)
        row.addWidget(self.copy_search_button)
        row.addWidget(self.export_search_button)
        search_layout.addLayout(row)

        self.tabs = QTabWidget()
        self.tabs.setObjectName("similarityTabs")
        self.tabs.addTab(compare_tab, "")
        self.tabs.addTab(search_tab, "")
        self.job_panel = JobPanel(self)
        self.job_panel.setObjectName("similarityJobPanel")

        model_row = QHBoxLayout()
        model_row.addWidget(self.model_label)
        model_row.addWidget(self.picker, 1)
        model_row.addSpacing(12)
        model_row.addWidget(self.max_len_label)
        model_row.addWidget(self.max_len)
        layout = QVBoxLayout(self)
        layout.addWidget(self.heading)
        layout.addWidget(self.no_model)
        layout.addLayout(model_row)
        layout.addWidget(self.tabs, 1)
        layout.addWidget(self.job_panel)
        self.retranslateUi()
        self._update_actions()

    # -- language -----------------------------------------------------------------------------

    def retranslateUi(self) -> None:
        self.heading.setText(self.tr("Similarity & Search"))
        self.no_model_label.setText(
            self.tr("No SimBERT model is ready. Comparing sentences and searching texts need a converted SimBERT model (its encoder gives sentence vectors): import one on the Models page and convert it to ONNX.")
        )
        self.open_models_button.setText(self.tr("Open Models"))
        self.model_label.setText(self.tr("Model:"))
        self.max_len_label.setText(self.tr("Max tokens per text:"))
        self.max_len.setToolTip(self.tr("Longer texts are cut to this many tokens before they are encoded"))
        self.tabs.setTabText(0, self.tr("Compare"))
        self.tabs.setTabText(1, self.tr("Search"))
        self.sentence_a_label.setText(self.tr("Sentence A:"))
        self.sentence_a.setPlaceholderText(self.tr("The sentence the others are compared with"))
        self.sentences_b_label.setText(self.tr("Sentences to compare with A (one per line):"))
        self.sentences_b.setPlaceholderText(self.tr("One sentence per line"))
        self.compare_button.setText(self.tr("Compare"))
        self.copy_compare_button.setText(self.tr("Copy"))
        self.export_compare_button.setText(self.tr("Export…"))
        self.corpus_label.setText(self.tr("Corpus:"))
        self.corpus.setPlaceholderText(self.tr("A file of sentences (one per line) or a folder of documents"))
        self.corpus_file_button.setText(self.tr("File…"))
        self.corpus_folder_button.setText(self.tr("Folder…"))
        self.unit_label.setText(self.tr("One entry is:"))
        unit_names = {
            "auto": self.tr("Automatic (a line of a file, a sentence of a folder's documents)"),
            "line": self.tr("A line"),
            "sentence": self.tr("A sentence"),
            "document": self.tr("A whole document"),
        }
        for i in range(self.unit.count()):
            self.unit.setItemText(i, unit_names[self.unit.itemData(i)])
        self.build_button.setText(self.tr("Build index"))
        self.build_button.setToolTip(self.tr("Encode the corpus; the index is cached, so only new or changed texts are encoded next time"))
        self.query_label.setText(self.tr("Query:"))
        self.query.setPlaceholderText(self.tr("Find the entries closest in meaning to this text"))
        self.top_k_label.setText(self.tr("Results:"))
        self.search_button.setText(self.tr("Search"))
        self.copy_search_button.setText(self.tr("Copy"))
        self.export_search_button.setText(self.tr("Export…"))
        if self.compare_table.headers():
            self.compare_table.set_headers(self._compare_headers())
        if self.search_table.headers():
            self.search_table.set_headers(self._search_headers())
        self._show_index_info()

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslateUi()
        super().changeEvent(event)

    def _compare_headers(self) -> list[str]:
        return [self.tr("Line"), self.tr("Sentence"), self.tr("Similarity")]

    def _search_headers(self) -> list[str]:
        return [self.tr("Rank"), self.tr("Score"), self.tr("File"), self.tr("Line / offset"), self.tr("Text")]

    # -- models -------------------------------------------------------------------------------

    def update_models(self, rows: list[ModelRow]) -> None:
        self.picker.update_models(rows)
        self._update_actions()

    def model_id(self) -> str:
        return self.picker.current_model_id()

    def _model_changed(self, _model_id: str) -> None:
        self._index_settings_changed()

    # -- compare ------------------------------------------------------------------------------

    def compare(self) -> Job | None:
        sentence = self.sentence_a.text().strip()
        others = vector_jobs.sentence_lines(self.sentences_b.toPlainText())
        model_id = self.model_id()
        if not sentence or not others or not model_id:
            return None
        if self._comparing is not None:
            self._comparing.cancel()  # a newer request wins
        job = Job(
            functools.partial(vector_jobs.compare, self._engines.engine, model_id, sentence, others, self.max_len.value()),
            title=self.tr("Comparing sentences"),
            wants_progress=True,
            wants_cancel=True,
        )
        job.signals.finished.connect(self._compared)
        job.signals.failed.connect(self._compare_failed)
        job.signals.cancelled.connect(self._cancelled)
        job.signals.ended.connect(self._job_ended)
        self._comparing = job
        self.job_panel.track(job)
        self._jobs.start(job)
        self._update_actions()
        return job

    def on_compare(self) -> None:
        self.compare()

    @if_alive
    def _compared(self, rows: list[vector_jobs.ComparedSentence]) -> None:
        if self._comparing is not None and self.sender() is not self._comparing.signals:
            return
        self.compare_table.set_rows(self._compare_headers(), [[r.line, r.text, r.score] for r in rows])
        self.compare_table.sortByColumn(2, Qt.SortOrder.DescendingOrder)
        self.compare_info.setText(self.tr("%1 sentences compared").replace("%1", str(len(rows))))
        self._update_actions()
        self.statusMessage.emit(self.tr("Similarities ready"))

    @if_alive
    def _compare_failed(self, failure: JobFailure) -> None:
        self._failed(self.tr("Could not compare the sentences"), failure)

    # -- index --------------------------------------------------------------------------------

    def set_corpus(self, path: str) -> None:
        self.corpus.setText(str(path))

    def unit_choice(self) -> str:
        return self.unit.currentData()

    def set_unit(self, unit: str) -> None:
        self.unit.setCurrentIndex(max(0, self.unit.findData(unit)))

    def on_choose_file(self) -> None:
        path, _ = QFileDialog.getOpenFileName(
            self,
            self.tr("Choose a corpus file"),
            self._start_folder(),
            self.tr("Texts and documents (*.txt *.md *.docx *.pdf *.html *.htm);;All files (*)"),
        )
        if path:
            self.set_corpus(path)

    def on_choose_folder(self) -> None:
        path = QFileDialog.getExistingDirectory(self, self.tr("Choose a corpus folder"), self._start_folder())
        if path:
            self.set_corpus(path)

    def _start_folder(self) -> str:
        current = Path(self.corpus.text().strip()) if self.corpus.text().strip() else None
        if current is not None:
            return str(current if current.is_dir() else current.parent)
        return str(Path.home())

    def build_index(self) -> Job | None:
        corpus = self.corpus.text().strip()
        model_id = self.model_id()
        if not corpus or not model_id or self._indexing is not None:
            return None
        job = Job(
            functools.partial(
                vector_jobs.build_index, self._engines.engine, model_id, corpus, self.unit_choice(), self._paths.cache, self.max_len.value()
            ),
            title=self.tr("Indexing %1").replace("%1", Path(corpus).name or corpus),
            wants_progress=True,
            wants_cancel=True,
        )
        job.signals.finished.connect(self._index_built)
        job.signals.failed.connect(self._index_failed)
        job.signals.cancelled.connect(self._cancelled)
        job.signals.ended.connect(self._job_ended)
        self._indexing = job
        self.job_panel.track(job)
        self._jobs.start(job)
        self._update_actions()
        return job

    def on_build_index(self) -> None:
        self.build_index()

    @if_alive
    def _index_built(self, built: vector_jobs.BuiltIndex) -> None:
        if built.key() != self._index_key():
            return  # the settings changed while it was building
        self._built = built
        self._show_index_info()
        self._update_actions()
        self.statusMessage.emit(self.tr("Index ready: %1 entries").replace("%1", str(built.stats.entries)))

    @if_alive
    def _index_failed(self, failure: JobFailure) -> None:
        self._failed(self.tr("Could not build the index"), failure)

    def index_stats(self):
        """The last build's search_index.UpdateStats (None before a build or after the settings changed)."""
        return self._built.stats if self._built is not None else None

    def _index_key(self) -> tuple:
        return (self.model_id(), self.corpus.text().strip(), self.unit_choice(), self.max_len.value())

    def _index_settings_changed(self, *_args) -> None:
        # another corpus, unit, model or length makes another index: it must be built first
        if self._built is not None and self._built.key() != self._index_key():
            self._built = None
        self._show_index_info()
        self._update_actions()

    def _show_index_info(self) -> None:
        built = self._built
        if built is None:
            self.index_info.setText(self.tr("No index yet: choose a file or folder and build its index."))
            return
        s = built.stats
        text = (
            self.tr("%1 entries (%2 distinct texts): %3 encoded now, %4 reused from the cache.")
            .replace("%1", str(s.entries))
            .replace("%2", str(s.unique))
            .replace("%3", str(s.embedded))
            .replace("%4", str(s.reused))
        )
        text += " " + self.tr("Files read: %1, unchanged: %2.").replace("%1", str(s.files_read)).replace("%2", str(s.files_unchanged))
        if s.skipped:
            text += " " + self.tr("Skipped (unreadable): %1.").replace("%1", ", ".join(f for f, _ in s.skipped))
        self.index_info.setText(text)
        self.index_info.setToolTip("\n".join(f"{f}: {r}" for f, r in s.skipped))

    # -- search -------------------------------------------------------------------------------

    def search(self) -> Job | None:
        query = self.query.text().strip()
        if not query or self._built is None or self._indexing is not None:
            return None
        if self._searching is not None:
            self._searching.cancel()
        job = Job(
            functools.partial(vector_jobs.search, self._built.index, query, self.top_k.value()),
            title=self.tr("Searching"),
            wants_cancel=True,
        )
        job.signals.finished.connect(self._searched)
        job.signals.failed.connect(self._search_failed)
        job.signals.cancelled.connect(self._cancelled)
        job.signals.ended.connect(self._job_ended)
        self._searching = job
        self.job_panel.track(job)
        self._jobs.start(job)
        self._update_actions()
        return job

    def on_search(self) -> None:
        self.search()

    @if_alive
    def _searched(self, hits: list) -> None:
        if self._searching is not None and self.sender() is not self._searching.signals:
            return
        rows = [[h.rank, h.score, h.entry.source, vector_jobs.hit_location(h.entry), h.entry.text] for h in hits]
        self.search_table.set_rows(self._search_headers(), rows)
        self.search_table.sortByColumn(0, Qt.SortOrder.AscendingOrder)
        self._update_actions()
        self.statusMessage.emit(self.tr("%1 results").replace("%1", str(len(rows))))

    @if_alive
    def _search_failed(self, failure: JobFailure) -> None:
        self._failed(self.tr("Could not search the corpus"), failure)

    # -- export -------------------------------------------------------------------------------

    def _table(self, which: str) -> ResultTable:
        return self.compare_table if which == "compare" else self.search_table

    def on_export(self, which: str) -> None:
        name = "similarity.csv" if which == "compare" else "search-results.csv"
        path = ask_export_path(self, self.tr("Export the results"), Path.home() / name)
        if path:
            self.export_results(which, path)

    def export_results(self, which: str, path: str | Path) -> Job:
        job = export_job(self._table(which), path, self.tr("Exporting"))
        job.signals.finished.connect(self._exported)
        job.signals.failed.connect(self._export_failed)
        self.job_panel.track(job)
        return self._jobs.start(job)

    @if_alive
    def _exported(self, path: Path) -> None:
        self.statusMessage.emit(self.tr("Saved %1").replace("%1", str(path)))

    @if_alive
    def _export_failed(self, failure: JobFailure) -> None:
        self._failed(self.tr("Could not export the results"), failure)

    # -- shared -------------------------------------------------------------------------------

    def _failed(self, heading: str, failure: JobFailure) -> None:
        self.statusMessage.emit(heading)
        show_error(self, heading, failure, failure.details, self._paths.log_file)

    @if_alive
    def _cancelled(self) -> None:
        self.statusMessage.emit(self.tr("Cancelled"))

    @if_alive
    def _job_ended(self) -> None:
        sender = self.sender()
        for attr in ("_comparing", "_indexing", "_searching"):
            job = getattr(self, attr)
            if job is not None and sender is job.signals:
                setattr(self, attr, None)
        self._update_actions()

    def _update_actions(self, *_args) -> None:
        has_model = bool(self.model_id())
        self.no_model.setVisible(not has_model)
        self.max_len.setEnabled(has_model)
        self.compare_button.setEnabled(
            has_model and bool(self.sentence_a.text().strip()) and bool(vector_jobs.sentence_lines(self.sentences_b.toPlainText()))
        )
        building = self._indexing is not None
        self.build_button.setEnabled(has_model and bool(self.corpus.text().strip()) and not building)
        for widget in (self.corpus, self.corpus_file_button, self.corpus_folder_button, self.unit):
            widget.setEnabled(not building)
        self.search_button.setEnabled(has_model and self._built is not None and not building and bool(self.query.text().strip()))
        for table, buttons in (
            (self.compare_table, (self.copy_compare_button, self.export_compare_button)),
            (self.search_table, (self.copy_search_button, self.export_search_button)),
        ):
            for button in buttons:
                button.setEnabled(table.row_count() > 0)
