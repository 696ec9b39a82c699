"""Paraphrase page (SimBERT): sample sentences that say the same thing in other words, ranked by their
similarity to the original. Generation runs on a worker thread and can be cancelled between tokens."""

from __future__ import annotations

import functools
from pathlib import Path

from PySide6.QtCore import QEvent, Qt, Signal
from PySide6.QtWidgets import (
    QDoubleSpinBox,
    QFormLayout,
    QFrame,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QSpinBox,
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

# The CLI's defaults (`zoo paraphrase`), which are the zoo's gen_synonyms recipe.
DEFAULT_KEEP = 20
DEFAULT_SAMPLES = 100
DEFAULT_TOP_K = 5
DEFAULT_MAX_LEN = 32
NO_SEED = -1  # the seed box's minimum: a fresh random draw each time


class ParaphrasePage(QWidget):
    statusMessage = Signal(str)
    openModelsRequested = Signal()

    def __init__(self, paths: ZooPaths, settings: AppSettings, jobs: JobTracker, engines: EngineHolder, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("paraphrasePage")
        self._paths = paths
        self._settings = settings
        self._jobs = jobs
        self._engines = engines
        self._generating: Job | None = None
        self._result = None  # the last ParaphraseResult

        self.heading = make_heading("paraphraseHeading")

        self.no_model = QFrame()
        self.no_model.setObjectName("paraphraseNoModel")
        self.no_model.setFrameShape(QFrame.Shape.StyledPanel)
        self.no_model_label = QLabel()
        self.no_model_label.setObjectName("paraphraseNoModelLabel")
        self.no_model_label.setWordWrap(True)
        self.open_models_button = make_button("paraphraseOpenModelsButton", self.openModelsRequested.emit)
        no_model_layout = QHBoxLayout(self.no_model)
        no_model_layout.addWidget(self.no_model_label, 1)
        no_model_layout.addWidget(self.open_models_button)

        self.model_label = QLabel()
        self.model_label.setObjectName("paraphraseModelLabel")
        self.picker = ModelPicker("paraphrase", "paraphraseModelPicker")
        self.picker.modelChanged.connect(self._update_actions)
        self.model_label.setBuddy(self.picker)

        self.input_label = QLabel()
        self.input_label.setObjectName("paraphraseInputLabel")
        self.input = QLineEdit()
        self.input.setObjectName("paraphraseInput")
        self.input.textChanged.connect(self._update_actions)
        self.input.returnPressed.connect(self.on_generate)
        self.input_label.setBuddy(self.input)

        self.keep = self._spin("paraphraseCount", 1, 1000, DEFAULT_KEEP)
        self.samples = self._spin("paraphraseSamples", 1, 2000, DEFAULT_SAMPLES)
        self.top_k = self._spin("paraphraseTopK", 0, 1000, DEFAULT_TOP_K)  # 0: no top-k cut
        self.top_p = QDoubleSpinBox()
        self.top_p.setObjectName("paraphraseTopP")
        self.top_p.setRange(0.0, 1.0)
        self.top_p.setSingleStep(0.05)
        self.top_p.setDecimals(2)
        self.top_p.setValue(0.0)  # 0: no nucleus cut
        self.max_len = self._spin("paraphraseMaxLen", 1, 128, DEFAULT_MAX_LEN)
        self.seed = self._spin("paraphraseSeed", NO_SEED, 2_147_483_647, NO_SEED)
        self.options = QFormLayout()
        self._option_labels: dict[str, QLabel] = {}
        for key, widget in (
            ("count", self.keep),
            ("samples", self.samples),
            ("topK", self.top_k),
            ("topP", self.top_p),
            ("maxLen", self.max_len),
            ("seed", self.seed),
        ):
            label = QLabel()
            label.setObjectName(f"paraphrase{key[0].upper()}{key[1:]}Label")
            label.setBuddy(widget)
            self._option_labels[key] = label
            self.options.addRow(label, widget)

        self.generate_button = make_button("paraphraseGenerateButton", self.on_generate)
        self.job_panel = JobPanel(self)
        self.job_panel.setObjectName("paraphraseJobPanel")
        self.info = QLabel()
        self.info.setObjectName("paraphraseInfo")
        self.table = ResultTable("paraphraseResults")
        self.copy_button = make_button("copyParaphrasesButton", self.table.copy_selection)
        self.export_button = make_button("exportParaphrasesButton", self.on_export)

        model_row = QHBoxLayout()
        model_row.addWidget(self.model_label)
        model_row.addWidget(self.picker, 1)
        generate_row = QHBoxLayout()
        generate_row.addStretch(1)
        generate_row.addWidget(self.generate_button)
        result_row = QHBoxLayout()
        result_row.addWidget(self.info, 1)
        result_row.addWidget(self.copy_button)
        result_row.addWidget(self.export_button)
        layout = QVBoxLayout(self)
        layout.addWidget(self.heading)
        layout.addWidget(self.no_model)
        layout.addLayout(model_row)
        layout.addWidget(self.input_label)
        layout.addWidget(self.input)
        layout.addLayout(self.options)
        layout.addLayout(generate_row)
        layout.addWidget(self.job_panel)
        layout.addWidget(self.table, 1)
        layout.addLayout(result_row)
        self.retranslateUi()
        self.set_option_values(**settings.paraphrase_options)  # as the user left them last time
        for spin in self._option_spins().values():
            spin.valueChanged.connect(self._save_options)
        self._update_actions()

    def _option_spins(self) -> dict:
        return {"count": self.keep, "samples": self.samples, "top_k": self.top_k, "top_p": self.top_p,
                "max_len": self.max_len, "seed": self.seed}

    def option_values(self) -> dict:
        """The option controls' values, by their AppSettings.paraphrase_options names."""
        return {name: round(spin.value(), 2) if name == "top_p" else spin.value() for name, spin in self._option_spins().items()}

    def set_option_values(self, **values) -> None:
        """Set the option controls (as the user would); absent or None leaves a control as it is."""
        for name, spin in self._option_spins().items():
            if values.get(name) is not None:
                spin.setValue(values[name])

    def _save_options(self, *_args) -> None:
        self._settings.paraphrase_options = self.option_values()

    @staticmethod
    def _spin(name: str, low: int, high: int, value: int) -> QSpinBox:
        spin = QSpinBox()
        spin.setObjectName(name)
        spin.setRange(low, high)
        spin.setValue(value)
        return spin

    # -- language -----------------------------------------------------------------------------

    def retranslateUi(self) -> None:
        self.heading.setText(self.tr("Paraphrase"))
        self.no_model_label.setText(
            self.tr("No SimBERT model is ready. Paraphrasing needs a converted SimBERT model (it generates the sentences and ranks them by sentence vectors): import one on the Models page and convert it to ONNX.")
        )
        self.open_models_button.setText(self.tr("Open Models"))
        self.model_label.setText(self.tr("Model:"))
        self.input_label.setText(self.tr("Sentence:"))
        self.input.setPlaceholderText(self.tr("The sentence to say in other words"))
        labels = self._option_labels
        labels["count"].setText(self.tr("Paraphrases to keep:"))
        labels["samples"].setText(self.tr("Candidates to sample:"))
        labels["topK"].setText(self.tr("Sample from the top K tokens:"))
        labels["topP"].setText(self.tr("Sample from the top P probability:"))
        labels["maxLen"].setText(self.tr("Longest paraphrase:"))
        labels["seed"].setText(self.tr("Random seed:"))
        self.keep.setToolTip(self.tr("The best candidates kept, ranked by similarity to the sentence"))
        self.samples.setToolTip(self.tr("More candidates give more choice but take longer"))
        self.top_k.setSpecialValueText(self.tr("Off"))
        self.top_k.setToolTip(self.tr("Each token is drawn from the K most likely ones"))
        self.top_p.setSpecialValueText(self.tr("Off"))
        self.top_p.setToolTip(self.tr("Each token is drawn from the most likely ones that together reach this probability"))
        self.max_len.setSuffix(self.tr(" tokens"))
        self.seed.setSpecialValueText(self.tr("Random"))
        self.seed.setToolTip(self.tr("The same seed and options give the same paraphrases"))
        self.generate_button.setText(self.tr("Generate"))
        self.copy_button.setText(self.tr("Copy"))
        self.export_button.setText(self.tr("Export…"))
        if self.table.headers():
            self.table.set_headers(self._headers())
        self._show_info()

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslateUi()
        super().changeEvent(event)

    def _headers(self) -> list[str]:
        return [self.tr("Rank"), self.tr("Paraphrase"), self.tr("Similarity")]

    # -- models -------------------------------------------------------------------------------

    def update_models(self, rows: list[ModelRow]) -> None:
        self.picker.update_models(rows)
        self._update_actions()

    def model_id(self) -> str:
        return self.picker.current_model_id()

    # -- generating ---------------------------------------------------------------------------

    def request(self):
        """The ParaphraseRequest the options describe (no model work)."""
        from zoo_desktop.tasks.paraphrase import ParaphraseRequest

        return ParaphraseRequest(
            self.input.text().strip(),
            n=self.samples.value(),
            k=self.keep.value(),
            top_k=self.top_k.value() or None,
            top_p=self.top_p.value() or None,
            max_len=self.max_len.value(),
            seed=None if self.seed.value() == NO_SEED else self.seed.value(),
        )

    def generate(self) -> Job | None:
        model_id = self.model_id()
        if not model_id or not self.input.text().strip() or self._generating is not None:
            return None
        job = Job(
            functools.partial(vector_jobs.paraphrase, self._engines.engine, model_id, self.request()),
            title=self.tr("Paraphrasing"),
            wants_progress=True,
            wants_cancel=True,
        )
        job.signals.finished.connect(self._generated)
        job.signals.failed.connect(self._generate_failed)
        job.signals.cancelled.connect(self._cancelled)
        job.signals.ended.connect(self._generate_ended)
        self._generating = job
        self.job_panel.track(job)
        self._jobs.start(job)
        self._update_actions()
        return job

    def on_generate(self) -> None:
        self.generate()

    @if_alive
    def _generated(self, result) -> None:
        self._result = result
        rows = [[rank, text, score] for rank, (text, score) in enumerate(result.paraphrases, 1)]
        self.table.set_rows(self._headers(), rows)
        self.table.sortByColumn(0, Qt.SortOrder.AscendingOrder)
        self._show_info()
        self._update_actions()
        self.statusMessage.emit(self.tr("%1 paraphrases ready").replace("%1", str(len(rows))))

    @if_alive
    def _generate_failed(self, failure: JobFailure) -> None:
        self._failed(self.tr("Could not paraphrase the sentence"), failure)

    @if_alive
    def _cancelled(self) -> None:
        self.statusMessage.emit(self.tr("Paraphrasing cancelled"))

    @if_alive
    def _generate_ended(self) -> None:
        if self._generating is not None and self.sender() is self._generating.signals:
            self._generating = None
        self._update_actions()

    def result(self):
        return self._result

    def _show_info(self) -> None:
        r = self._result
        if r is None:
            self.info.setText("")
            return
        self.info.setText(
            self.tr("%1 paraphrases of %2 sampled candidates, most similar first")
            .replace("%1", str(len(r.paraphrases)))
            .replace("%2", str(r.samples))
        )

    # -- export -------------------------------------------------------------------------------

    def on_export(self) -> None:
        path = ask_export_path(self, self.tr("Export the paraphrases"), Path.home() / "paraphrases.csv")
        if path:
            self.export_results(path)

    def export_results(self, path: str | Path) -> Job:
        job = export_job(self.table, path, self.tr("Exporting"))
        job.signals.finished.connect(self._exported)
        job.signals.failed.connect(self._export_failed)
        self.job_panel.track(job)
        return self._jobs.start(job)

    @if_alive
    def _exported(self, path: Path) -> None:
        self.statusMessage.emit(self.tr("Saved %1").replace("%1", str(path)))

    @if_alive
    def _export_failed(self, failure: JobFailure) -> None:
        self._failed(self.tr("Could not export the paraphrases"), failure)

    # -- shared -------------------------------------------------------------------------------

    def _failed(self, heading: str, failure: JobFailure) -> None:
        self.statusMessage.emit(heading)
        show_error(self, heading, failure, failure.details, self._paths.log_file)

    def _update_actions(self, *_args) -> None:
        has_model = bool(self.model_id())
        self.no_model.setVisible(not has_model)
        self.generate_button.setEnabled(has_model and bool(self.input.text().strip()) and self._generating is None)
        has_rows = self.table.row_count() > 0
        self.copy_button.setEnabled(has_rows)
        self.export_button.setEnabled(has_rows)
