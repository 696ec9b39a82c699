"""Train page: fine-tune a classifier (from RoBERTa / WoBERT) or a summarizer (from T5 PEGASUS) on the
user's files, with live loss / validation curves, Cancel, and Resume of an interrupted run.

Reading the files, looking for an interrupted run and the training itself run on worker threads
(`train_jobs`); the training runs TensorFlow in a child process that Cancel kills.
"""

from __future__ import annotations

import functools
from pathlib import Path

from PySide6.QtCore import QEvent, Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QDoubleSpinBox,
    QFileDialog,
    QFormLayout,
    QFrame,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QSpinBox,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from zoo_desktop.app import train_jobs
from zoo_desktop.app.engine_holder import EngineHolder
from zoo_desktop.app.error_dialog import show_error
from zoo_desktop.app.job_panel import JobPanel
from zoo_desktop.app.labels import family_label
from zoo_desktop.app.model_rows import ModelRow
from zoo_desktop.app.settings import AppSettings
from zoo_desktop.app.training_chart import TrainingChart
from zoo_desktop.app.widgets import make_button, make_heading
from zoo_desktop.app.workers import Job, JobFailure, JobTracker, if_alive
from zoo_desktop.paths import ZooPaths
from zoo_desktop.train.recipes import SCHEDULES, ClassifyRecipe, SummarizeRecipe

CHECK_DELAY_MS = 300
DATA_FILTER_EXTS = "*.tsv *.txt *.csv"


class TrainPage(QWidget):
    statusMessage = Signal(str)
    openModelsRequested = Signal()
    modelTrained = Signal(str)  # the new model's id, when the user asks to use it

    def __init__(self, paths: ZooPaths, settings: AppSettings, jobs: JobTracker, engines: EngineHolder,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("trainPage")
        self._paths = paths
        self._settings = settings
        self._jobs = jobs
        self._engines = engines  # training needs no inference engine; kept for the page contract
        self._rows: list[ModelRow] = []
        self._installed_ids: set[str] = set()
        self._check: train_jobs.DataCheck | None = None
        self._check_error: str | None = None
        self._checking: Job | None = None
        self._unfinished: train_jobs.UnfinishedRun | None = None
        self._training: Job | None = None
        self._training_kind = train_jobs.CLASSIFY
        self._recipe_base: dict = {}  # recipe fields the page does not show (a piecewise schedule), from a resumed run
        self._result: train_jobs.TrainingSummary | None = None
        self._id_edited = False
        self.t5_parity: dict | None = None  # parity_t5.check_release options for summarizers (tests shorten it)

        self.heading = make_heading("trainHeading")
        self.intro = QLabel()
        self.intro.setObjectName("trainIntro")
        self.intro.setWordWrap(True)

        self.no_model_box = QFrame()
        self.no_model_box.setObjectName("noBaseModelBox")
        self.no_model_box.setFrameShape(QFrame.Shape.StyledPanel)
        self.no_model_label = QLabel()
        self.no_model_label.setObjectName("noBaseModelLabel")
        self.no_model_label.setWordWrap(True)
        self.open_models_button = make_button("trainOpenModelsButton", self.openModelsRequested.emit)
        box = QHBoxLayout(self.no_model_box)
        box.addWidget(self.no_model_label, 1)
        box.addWidget(self.open_models_button)

        self.kind_label = QLabel()
        self.kind_combo = QComboBox()
        self.kind_combo.setObjectName("trainKindCombo")
        for kind in train_jobs.KINDS:
            self.kind_combo.addItem("", kind)
        self.kind_combo.currentIndexChanged.connect(self._kind_changed)
        self.base_label = QLabel()
        self.base_combo = QComboBox()
        self.base_combo.setObjectName("baseModelCombo")
        self.base_combo.setMinimumContentsLength(18)
        self.base_combo.currentIndexChanged.connect(self._base_changed)

        self.train_label = QLabel()
        self.train_edit = QLineEdit()
        self.train_edit.setObjectName("trainFileEdit")
        self.train_browse = make_button("browseTrainButton", self.on_browse_train)
        self.valid_label = QLabel()
        self.valid_edit = QLineEdit()
        self.valid_edit.setObjectName("validFileEdit")
        self.valid_browse = make_button("browseValidButton", self.on_browse_valid)
        self.check_label = QLabel()
        self.check_label.setObjectName("dataCheckLabel")
        self.check_label.setWordWrap(True)
        self.check_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self._check_timer = QTimer(self)
        self._check_timer.setSingleShot(True)
        self._check_timer.setInterval(CHECK_DELAY_MS)
        self._check_timer.timeout.connect(self.check_data)
        self.train_edit.textChanged.connect(self._files_changed)
        self.valid_edit.textChanged.connect(self._files_changed)

        self.id_label = QLabel()
        self.id_edit = QLineEdit()
        self.id_edit.setObjectName("newModelIdEdit")
        self.id_edit.textEdited.connect(self._id_typed)
        self.id_edit.textChanged.connect(self._id_changed)
        self.id_problem = QLabel()
        self.id_problem.setObjectName("newModelIdProblem")
        self.id_problem.setWordWrap(True)
        self._look_timer = QTimer(self)
        self._look_timer.setSingleShot(True)
        self._look_timer.setInterval(CHECK_DELAY_MS)
        self._look_timer.timeout.connect(self.look_for_unfinished)

        self.resume_box = QFrame()
        self.resume_box.setObjectName("resumeBox")
        self.resume_box.setFrameShape(QFrame.Shape.StyledPanel)
        self.resume_label = QLabel()
        self.resume_label.setObjectName("resumeLabel")
        self.resume_label.setWordWrap(True)
        self.resume_button = make_button("resumeButton", self.on_resume)
        self.restart_button = make_button("restartButton", self.on_restart)
        resume_layout = QHBoxLayout(self.resume_box)
        resume_layout.addWidget(self.resume_label, 1)
        resume_layout.addWidget(self.resume_button)
        resume_layout.addWidget(self.restart_button)
        self.resume_box.setVisible(False)

        self.epochs_label = QLabel()
        self.epochs = QSpinBox()
        self.epochs.setObjectName("epochsSpin")
        self.epochs.setRange(1, 1000)
        self.batch_label = QLabel()
        self.batch_size = QSpinBox()
        self.batch_size.setObjectName("batchSizeSpin")
        self.batch_size.setRange(1, 1024)
        self.lr_label = QLabel()
        self.learning_rate = QDoubleSpinBox()
        self.learning_rate.setObjectName("learningRateSpin")
        self.learning_rate.setDecimals(6)
        self.learning_rate.setRange(0.000001, 0.1)
        self.learning_rate.setSingleStep(0.00001)
        self.maxlen_label = QLabel()
        self.maxlen = QSpinBox()
        self.maxlen.setObjectName("maxLengthSpin")
        self.maxlen.setRange(8, 512)
        self.max_target_label = QLabel()
        self.max_target = QSpinBox()
        self.max_target.setObjectName("maxTargetSpin")
        self.max_target.setRange(4, 256)

        self.schedule_label = QLabel()
        self.schedule_combo = QComboBox()
        self.schedule_combo.setObjectName("lrScheduleCombo")
        for schedule in SCHEDULES:
            self.schedule_combo.addItem("", schedule)  # labelled in retranslateUi
        self.warmup_label = QLabel()
        self.warmup_steps = QSpinBox()
        self.warmup_steps.setObjectName("warmupStepsSpin")
        self.warmup_steps.setRange(0, 1_000_000)
        self.warmup_steps.setSingleStep(100)
        self.seed_label = QLabel()
        self.seed = QSpinBox()
        self.seed.setObjectName("trainSeedSpin")
        self.seed.setRange(0, 2_147_483_647)
        self.seed.setValue(ClassifyRecipe().seed)

        self.start_button = make_button("startTrainingButton", self.on_start)
        self.job_panel = JobPanel(self)
        self.chart = TrainingChart()
        self.log_view = QPlainTextEdit()
        self.log_view.setObjectName("trainLog")
        self.log_view.setReadOnly(True)
        self.log_view.setMaximumBlockCount(5000)

        self.result_box = QFrame()
        self.result_box.setObjectName("trainResultBox")
        self.result_box.setFrameShape(QFrame.Shape.StyledPanel)
        self.result_label = QLabel()
        self.result_label.setObjectName("trainResultLabel")
        self.result_label.setWordWrap(True)
        self.result_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.use_model_button = make_button("useTrainedModelButton", self.on_use_model)
        result_layout = QHBoxLayout(self.result_box)
        result_layout.addWidget(self.result_label, 1)
        result_layout.addWidget(self.use_model_button)
        self.result_box.setVisible(False)

        form = QFormLayout()
        form.setObjectName("trainForm")
        form.addRow(self.kind_label, self.kind_combo)
        form.addRow(self.base_label, self.base_combo)
        train_row = QHBoxLayout()
        train_row.addWidget(self.train_edit, 1)
        train_row.addWidget(self.train_browse)
        form.addRow(self.train_label, train_row)
        valid_row = QHBoxLayout()
        valid_row.addWidget(self.valid_edit, 1)
        valid_row.addWidget(self.valid_browse)
        form.addRow(self.valid_label, valid_row)
        form.addRow("", self.check_label)
        form.addRow(self.id_label, self.id_edit)
        form.addRow("", self.id_problem)
        hyper = QHBoxLayout()
        for label, spin in ((self.epochs_label, self.epochs), (self.batch_label, self.batch_size),
                            (self.lr_label, self.learning_rate), (self.maxlen_label, self.maxlen),
                            (self.max_target_label, self.max_target)):
            label.setBuddy(spin)
            hyper.addWidget(label)
            hyper.addWidget(spin)
        hyper.addStretch(1)
        schedule_row = QHBoxLayout()
        for label, control in ((self.schedule_label, self.schedule_combo), (self.warmup_label, self.warmup_steps),
                               (self.seed_label, self.seed)):
            label.setBuddy(control)
            schedule_row.addWidget(label)
            schedule_row.addWidget(control)
        schedule_row.addStretch(1)
        start_row = QHBoxLayout()
        start_row.addStretch(1)
        start_row.addWidget(self.start_button)

        settings_panel = QWidget()
        settings_panel.setObjectName("trainSettingsPanel")
        left = QVBoxLayout(settings_panel)
        left.setContentsMargins(0, 0, 0, 0)
        left.addLayout(form)
        left.addLayout(hyper)
        left.addLayout(schedule_row)
        left.addWidget(self.resume_box)
        left.addLayout(start_row)
        left.addWidget(self.job_panel)
        left.addWidget(self.result_box)
        left.addStretch(1)

        progress_panel = QWidget()
        progress_panel.setObjectName("trainProgressPanel")
        right = QVBoxLayout(progress_panel)
        right.setContentsMargins(0, 0, 0, 0)
        right.addWidget(self.chart, 3)
        right.addWidget(self.log_view, 2)

        self.splitter = QSplitter(Qt.Orientation.Horizontal)
        self.splitter.setObjectName("trainSplitter")
        self.splitter.addWidget(settings_panel)
        self.splitter.addWidget(progress_panel)
        self.splitter.setChildrenCollapsible(False)

        layout = QVBoxLayout(self)
        layout.addWidget(self.heading)
        layout.addWidget(self.intro)
        layout.addWidget(self.no_model_box)
        layout.addWidget(self.splitter, 1)

        self._reset_recipe()
        self.set_run_options(**settings.train_options)  # as the user left them last time
        self.schedule_combo.currentIndexChanged.connect(self._run_options_changed)
        self.warmup_steps.valueChanged.connect(self._run_options_changed)
        self.seed.valueChanged.connect(self._run_options_changed)
        self._show_warmup()
        self.retranslateUi()
        self._fill_bases()

    # -- language -----------------------------------------------------------------------------

    def retranslateUi(self) -> None:
        self.heading.setText(self.tr("Train"))
        self.intro.setText(self.tr(
            "Fine-tune a model on your own examples: a text classifier from RoBERTa or WoBERT, or a summarizer "
            "from T5 PEGASUS. Training runs TensorFlow in the background and installs the new model when it is done."))
        self.kind_label.setText(self.tr("What to train:"))
        self.kind_combo.setItemText(0, self.tr("Text classifier (from RoBERTa or WoBERT)"))
        self.kind_combo.setItemText(1, self.tr("Summarizer (from T5 PEGASUS)"))
        self.base_label.setText(self.tr("Base model:"))
        self.train_label.setText(self.tr("Training file:"))
        self.train_browse.setText(self.tr("Choose…"))
        self.valid_label.setText(self.tr("Validation file:"))
        self.valid_browse.setText(self.tr("Choose…"))
        self.valid_edit.setPlaceholderText(self.tr("Optional: without one, 10% of the training file is held out"))
        self.id_label.setText(self.tr("New model id:"))
        self.id_edit.setPlaceholderText(self.tr("e.g. my-classifier"))
        self.epochs_label.setText(self.tr("Epochs:"))
        self.batch_label.setText(self.tr("Batch size:"))
        self.lr_label.setText(self.tr("Learning rate:"))
        self.max_target_label.setText(self.tr("Summary tokens:"))
        self.schedule_label.setText(self.tr("Learning-rate schedule:"))
        self.schedule_combo.setItemText(0, self.tr("The recipe's own"))
        self.schedule_combo.setItemText(1, self.tr("Constant"))
        self.schedule_combo.setItemText(2, self.tr("Linear decay with warm-up"))
        self.schedule_combo.setToolTip(self.tr(
            "The recipe's own: for a classifier, warm-up over 1000 steps, then down to 10% at step 2000; for a "
            "summarizer, constant (as T5 PEGASUS's finetune.py). Linear decay: warm-up from 0, then down to 0 at the end."))
        self.warmup_label.setText(self.tr("Warm-up steps:"))
        self.seed_label.setText(self.tr("Seed:"))
        self.seed.setToolTip(self.tr("The same seed, data and settings train the same model"))
        self.start_button.setText(self.tr("Start training"))
        self.resume_button.setText(self.tr("Resume"))
        self.restart_button.setText(self.tr("Discard and start over"))
        self.open_models_button.setText(self.tr("Open Models"))
        self._show_kind_texts()
        self._show_no_model()
        self._show_data_check()
        self._show_id_problem()
        self._show_unfinished()
        self._show_result()

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslateUi()
        super().changeEvent(event)

    def _show_kind_texts(self) -> None:
        if self.kind() == train_jobs.CLASSIFY:
            self.maxlen_label.setText(self.tr("Max tokens:"))
            self.train_edit.setPlaceholderText(self.tr("TSV or CSV: text, then label"))
        else:
            self.maxlen_label.setText(self.tr("Source tokens:"))
            self.train_edit.setPlaceholderText(self.tr("TSV or CSV: text, then its summary"))
        self.chart.set_metric_name(self._metric_label(self.kind()))

    def _metric_label(self, kind: str) -> str:
        return self.tr("Validation accuracy") if kind == train_jobs.CLASSIFY else self.tr("Validation BLEU")

    # -- models -------------------------------------------------------------------------------

    def update_models(self, rows: list[ModelRow]) -> None:
        self._rows = list(rows)
        self._installed_ids = {r.id for r in rows if r.installed}
        self._fill_bases()
        self._show_id_problem()
        self._update_actions()

    def kind(self) -> str:
        return self.kind_combo.currentData() or train_jobs.CLASSIFY

    def set_kind(self, kind: str) -> None:
        self.kind_combo.setCurrentIndex(max(0, self.kind_combo.findData(kind)))

    def base_model_id(self) -> str:
        data = self.base_combo.currentData()
        return data if isinstance(data, str) else ""

    def _fill_bases(self) -> None:
        previous = self.base_model_id()
        self.base_combo.blockSignals(True)
        self.base_combo.clear()
        for row in train_jobs.base_models(self._rows, self.kind()):
            name = row.name(self.locale().name()) if row.card_id else ""
            label = f"{row.id} — {name}" if name and name != row.id else f"{row.id} ({family_label(row.family)})"
            self.base_combo.addItem(label, row.id)
        index = self.base_combo.findData(previous)
        self.base_combo.setCurrentIndex(index if index >= 0 else (0 if self.base_combo.count() else -1))
        self.base_combo.blockSignals(False)
        self.base_combo.setEnabled(self.base_combo.count() > 0)
        self._base_changed()
        self._show_no_model()

    def _show_no_model(self) -> None:
        empty = self.base_combo.count() == 0
        self.no_model_box.setVisible(empty)
        if self.kind() == train_jobs.CLASSIFY:
            self.no_model_label.setText(self.tr(
                "No base model for a classifier is installed. Install RoBERTa or WoBERT (for example RoBERTa Tiny) "
                "on the Models page; it does not need to be converted."))
        else:
            self.no_model_label.setText(self.tr(
                "No base model for a summarizer is installed. Install T5 PEGASUS on the Models page; "
                "it does not need to be converted."))

    def _kind_changed(self) -> None:
        self._reset_recipe()
        self._show_kind_texts()
        self._fill_bases()
        self._files_changed()

    def _base_changed(self) -> None:
        base = self.base_model_id()
        if base and not self._id_edited:
            suffix = "classifier" if self.kind() == train_jobs.CLASSIFY else "summarizer"
            self.id_edit.setText(f"{base}-{suffix}"[:64])
        self._update_actions()

    def _reset_recipe(self) -> None:
        self._recipe_base = {}
        if self.kind() == train_jobs.CLASSIFY:
            recipe = ClassifyRecipe()
            self._set_spins(recipe.epochs, recipe.batch_size, recipe.learning_rate, recipe.maxlen, None)
        else:
            recipe = SummarizeRecipe()
            self._set_spins(recipe.epochs, recipe.batch_size, recipe.learning_rate, recipe.max_source, recipe.max_target)

    def _set_spins(self, epochs: int, batch: int, lr: float, maxlen: int, max_target: int | None) -> None:
        self.epochs.setValue(int(epochs))
        self.batch_size.setValue(int(batch))
        self.learning_rate.setValue(float(lr))
        self.maxlen.setValue(int(maxlen))
        summarizer = max_target is not None
        self.max_target_label.setVisible(summarizer)
        self.max_target.setVisible(summarizer)
        if summarizer:
            self.max_target.setValue(int(max_target))

    def run_options(self) -> dict:
        """The learning-rate schedule, warm-up steps and seed (recipe fields, remembered between runs)."""
        return {"schedule": self.schedule_combo.currentData(), "warmup_steps": self.warmup_steps.value(),
                "seed": self.seed.value()}

    def set_run_options(self, *, schedule: str | None = None, warmup_steps: int | None = None,
                        seed: int | None = None) -> None:
        """Set the schedule, warm-up and seed controls (as the user would); None leaves a control as it is."""
        if schedule is not None:
            self.schedule_combo.setCurrentIndex(SCHEDULES.index(schedule))
        if warmup_steps is not None:
            self.warmup_steps.setValue(int(warmup_steps))
        if seed is not None:
            self.seed.setValue(int(seed))

    def _run_options_changed(self, *_args) -> None:
        self._show_warmup()
        self._settings.train_options = self.run_options()

    def _show_warmup(self) -> None:
        linear = self.schedule_combo.currentData() == "linear"
        self.warmup_label.setEnabled(linear)
        self.warmup_steps.setEnabled(linear and self._training is None)

    def recipe_values(self) -> dict:
        values = dict(self._recipe_base)
        values.update(epochs=self.epochs.value(), batch_size=self.batch_size.value(),
                      learning_rate=self.learning_rate.value(), **self.run_options())
        if self.kind() == train_jobs.CLASSIFY:
            values["maxlen"] = self.maxlen.value()
        else:
            values.update(max_source=self.maxlen.value(), max_target=self.max_target.value())
        return values

    # -- files and their check ----------------------------------------------------------------

    def set_files(self, train: str, valid: str | None = None) -> None:
        self.train_edit.setText(str(train))
        self.valid_edit.setText(str(valid) if valid else "")

    def on_browse_train(self) -> None:
        path = self._ask_file(self.tr("Choose the training file"), self.train_edit.text())
        if path:
            self.train_edit.setText(path)

    def on_browse_valid(self) -> None:
        path = self._ask_file(self.tr("Choose the validation file"), self.valid_edit.text() or self.train_edit.text())
        if path:
            self.valid_edit.setText(path)

    def _ask_file(self, title: str, near: str) -> str:
        folder = str(Path(near).parent) if near else str(Path.home())
        path, _ = QFileDialog.getOpenFileName(
            self, title, folder,
            self.tr("Tables (%1);;All files (*)").replace("%1", DATA_FILTER_EXTS))
        return path

    def _files_changed(self) -> None:
        self._check = None
        self._check_error = None
        if self._checking is not None:
            self._checking.cancel()  # its result is dropped
            self._checking = None
        if self.train_edit.text().strip():
            self._check_timer.start()
        else:
            self._check_timer.stop()
        self._show_data_check()
        self._update_actions()

    def check_data(self) -> Job | None:
        """Read the chosen files on a worker and show rows, classes and their counts, or the problem."""
        self._check_timer.stop()
        train = self.train_edit.text().strip()
        if not train:
            return None
        valid = self.valid_edit.text().strip() or None
        if self._checking is not None:
            self._checking.cancel()
        job = Job(functools.partial(train_jobs.check_data, self.kind(), train, valid),
                  title=self.tr("Checking %1").replace("%1", Path(train).name))
        job.signals.finished.connect(self._data_checked)
        job.signals.failed.connect(self._data_check_failed)
        self._checking = job
        self._show_data_check()
        self._jobs.start(job)
        return job

    @if_alive
    def _data_checked(self, check) -> None:
        if self._checking is None or self.sender() is not self._checking.signals:
            return  # a check of files that are no longer chosen
        self._checking = None
        self._check, self._check_error = check, None
        self._show_data_check()
        self._update_actions()

    @if_alive
    def _data_check_failed(self, failure: JobFailure) -> None:
        if self._checking is None or self.sender() is not self._checking.signals:
            return
        self._checking = None
        self._check, self._check_error = None, failure.message
        self._show_data_check()
        self._update_actions()

    def data_check(self) -> train_jobs.DataCheck | None:
        return self._check

    def _show_data_check(self) -> None:
        if self._check_error is not None:
            self.check_label.setStyleSheet("color: #c0392b;")
            self.check_label.setText(self.tr("This data cannot be used: %1").replace("%1", self._check_error))
            return
        self.check_label.setStyleSheet("")
        check = self._check
        if check is None:
            if self._checking is not None or self._check_timer.isActive():
                self.check_label.setText(self.tr("Checking the data…"))
            else:
                self.check_label.setText("")
            return
        lines = []
        if check.valid_rows is None:
            lines.append(self.tr("%1 training examples; 10% will be held out for validation.")
                         .replace("%1", f"{check.train_rows:,}"))
        else:
            lines.append(self.tr("%1 training and %2 validation examples.")
                         .replace("%1", f"{check.train_rows:,}").replace("%2", f"{check.valid_rows:,}"))
        if check.labels:
            counts = ", ".join(f"{name} {check.train_counts.get(name, 0):,}" for name in check.labels)
            lines.append(self.tr("%1 classes: %2").replace("%1", str(len(check.labels))).replace("%2", counts))
            rare = [name for name in check.labels if check.train_counts.get(name, 0) < 5]
            if rare:
                lines.append(self.tr("Very few examples of: %1. The model will hardly learn them.").replace("%1", ", ".join(rare)))
            if check.missing_in_valid:
                lines.append(self.tr("The validation file has no examples of: %1.").replace("%1", ", ".join(check.missing_in_valid)))
        if check.train_rows < 50:
            lines.append(self.tr("That is very little data: expect a weak model."))
        self.check_label.setText("\n".join(lines))

    # -- the new id and an interrupted run of it ----------------------------------------------

    def _id_typed(self, _text: str) -> None:
        self._id_edited = True

    def new_model_id(self) -> str:
        return self.id_edit.text().strip()

    def _id_error(self) -> str | None:
        from zoo_desktop.errors import InvalidModelId
        from zoo_desktop.store.store import validate_model_id

        model_id = self.new_model_id()
        if not model_id:
            return self.tr("Give the new model an id.")
        try:
            validate_model_id(model_id)
        except InvalidModelId:
            return self.tr("Use 1-64 lowercase letters, digits, '.', '_' or '-', starting with a letter or digit.")
        if model_id in self._installed_ids:
            return self.tr("A model with this id is installed already; choose another id.")
        return None

    def _id_changed(self) -> None:
        self._unfinished = None
        self._show_unfinished()
        self._show_id_problem()
        self._update_actions()
        self._look_timer.start()

    def _show_id_problem(self) -> None:
        problem = self._id_error() if self.id_edit.text() or self._id_edited else None
        self.id_problem.setText(problem or "")
        self.id_problem.setVisible(bool(problem))

    def look_for_unfinished(self) -> Job | None:
        """Look (on a worker) for an interrupted run of the new id that Resume can continue."""
        self._look_timer.stop()
        model_id = self.new_model_id()
        if not model_id or self._id_error() is not None:
            return None
        job = Job(functools.partial(train_jobs.find_unfinished, self._paths, model_id),
                  title=self.tr("Looking for an interrupted run"))
        job.signals.finished.connect(functools.partial(self._unfinished_found, model_id))
        self._jobs.start(job)
        return job

    @if_alive
    def _unfinished_found(self, model_id: str, run) -> None:
        if model_id != self.new_model_id() or self._training is not None:
            return  # the id changed, or a run started, while it looked
        self._unfinished = run
        self._show_unfinished()
        self._update_actions()

    def unfinished_run(self) -> train_jobs.UnfinishedRun | None:
        return self._unfinished

    def _show_unfinished(self) -> None:
        run = self._unfinished
        self.resume_box.setVisible(run is not None and self._training is None)
        if run is None:
            return
        epochs = str(run.epochs) if run.epochs else "?"
        text = self.tr("An unfinished training run of %1 was found: %2 of %3 epochs done.") \
            .replace("%1", run.model_id).replace("%2", str(run.epochs_done)).replace("%3", epochs)
        if run.form is None:
            text += " " + self.tr("Resume continues it; choose the same files and settings it was started with.")
        else:
            text += " " + self.tr("Resume continues it with the files and settings it was started with.")
        self.resume_label.setText(text)

    # -- training -----------------------------------------------------------------------------

    def _can_start(self) -> bool:
        return (self._training is None and bool(self.base_model_id()) and self._check is not None
                and self._id_error() is None)

    def _update_actions(self) -> None:
        idle = self._training is None
        can_start = self._can_start()
        self.start_button.setEnabled(can_start and self._unfinished is None)
        self.resume_button.setEnabled(idle and self._unfinished is not None
                                      and (self._unfinished.form is not None or can_start))
        self.restart_button.setEnabled(can_start and self._unfinished is not None)
        for widget in (self.kind_combo, self.train_edit, self.valid_edit, self.train_browse, self.valid_browse,
                       self.id_edit, self.epochs, self.batch_size, self.learning_rate, self.maxlen, self.max_target,
                       self.schedule_combo, self.seed):
            widget.setEnabled(idle)
        self._show_warmup()
        self.base_combo.setEnabled(idle and self.base_combo.count() > 0)

    def current_form(self) -> train_jobs.TrainForm:
        return train_jobs.TrainForm(
            kind=self.kind(), base=self.base_model_id(), train=self.train_edit.text().strip(),
            valid=self.valid_edit.text().strip() or None, out=self.new_model_id(), recipe=self.recipe_values())

    def on_start(self) -> None:
        self.start_training()

    def on_restart(self) -> None:
        self.start_training(restart=True)

    def on_resume(self) -> None:
        run = self._unfinished
        if run is None:
            return
        form = run.form or self.current_form()
        # request.json holds the run's whole recipe (schedule and seed too): any other recipe would not resume
        recipe = dict(run.recipe) or dict(form.recipe)
        form = train_jobs.TrainForm(kind=run.kind, base=run.base or form.base, train=form.train, valid=form.valid,
                                    out=run.model_id, recipe=recipe)
        self._apply_form(form)
        self.start_training(form=form, history=list(run.history))

    def _apply_form(self, form: train_jobs.TrainForm) -> None:
        """Show the files and settings of `form` (a resumed run's)."""
        self._id_edited = True  # keep the run's id when the kind or base changes below
        self.set_kind(form.kind)
        index = self.base_combo.findData(form.base)
        if index >= 0:
            self.base_combo.setCurrentIndex(index)
        self.set_files(form.train, form.valid)  # checked again, for the next start
        self.id_edit.blockSignals(True)  # the run is known: no need to look for it again
        self.id_edit.setText(form.out)
        self.id_edit.blockSignals(False)
        r = form.recipe
        summarizer = form.kind == train_jobs.SUMMARIZE
        self._set_spins(r.get("epochs", self.epochs.value()), r.get("batch_size", self.batch_size.value()),
                        r.get("learning_rate", self.learning_rate.value()),
                        r.get("max_source" if summarizer else "maxlen", self.maxlen.value()),
                        r.get("max_target", self.max_target.value()) if summarizer else None)
        if r.get("schedule") in SCHEDULES:
            self.set_run_options(schedule=r["schedule"])
        self.set_run_options(warmup_steps=r.get("warmup_steps"), seed=r.get("seed"))
        shown = {"epochs", "batch_size", "learning_rate", "maxlen", "max_source", "max_target", "schedule",
                 "warmup_steps", "seed"}
        self._recipe_base = {k: v for k, v in r.items() if k not in shown}

    def start_training(self, restart: bool = False, form: train_jobs.TrainForm | None = None,
                       history: list[dict] | None = None) -> Job | None:
        if self._training is not None:
            return None
        form = form or self.current_form()
        if not form.base or not form.train or not form.out:
            return None
        self._training_kind = form.kind
        self._result = None
        self._show_result()
        self.chart.clear()
        self.chart.set_metric_name(self._metric_label(form.kind))
        self.log_view.clear()
        self._prefill(history or [], form.kind)
        threads = self._settings.threads or None
        job = Job(functools.partial(train_jobs.run_training, self._paths, form, restart=restart, threads=threads,
                                    t5_parity=self.t5_parity),
                  title=self.tr("Training %1").replace("%1", form.out), wants_progress=True, wants_cancel=True)
        job.signals.progress.connect(self._on_progress)
        job.signals.finished.connect(self._trained)
        job.signals.failed.connect(self._train_failed)
        job.signals.cancelled.connect(self._train_cancelled)
        job.signals.ended.connect(self._train_ended)
        self._training = job
        self._unfinished = None
        self._show_unfinished()
        self.job_panel.track(job)
        self._log(self.tr("Training %1 from %2…").replace("%1", form.out).replace("%2", form.base))
        self._jobs.start(job)
        self._update_actions()
        return job

    def training_job(self) -> Job | None:
        return self._training

    def _prefill(self, history: list[dict], kind: str) -> None:
        """The epochs an interrupted run already did, so the curves continue where they stopped."""
        metric = train_jobs.PRIMARY_METRIC[kind]
        step = 0
        for entry in history:
            step += int(entry.get("steps") or 0)
            self.chart.add_epoch(step, entry.get("loss"), entry.get(metric))

    def _log(self, line: str) -> None:
        self.log_view.appendPlainText(line)

    @if_alive
    def _on_progress(self, event) -> None:
        if self._training is None or self.sender() is not self._training.signals:
            return
        stage = event.stage
        loss = getattr(event, "loss", None)
        step = getattr(event, "global_step", None)
        total = getattr(event, "total_steps", None)
        if total:
            self.chart.set_total_steps(total)
        if stage == "train" and loss is not None and step is not None:
            self.chart.add_step(step, loss)
        elif stage == "epoch" and step is not None:
            metric_key = train_jobs.PRIMARY_METRIC[self._training_kind]
            metric = (event.metrics or {}).get(metric_key)
            self.chart.add_epoch(step, loss, metric)
            self._log(self._epoch_line(event, metric))
        elif stage == "load" and getattr(event, "device", None):
            self._log(self.tr("Building the model on %1").replace("%1", event.device))
        elif stage == "resume":
            self._log(self.tr("Resuming the interrupted run after epoch %1").replace("%1", str(event.epoch)))
        elif stage == "parity" and event.fraction == 1.0:
            self._log(self.tr("The exported ONNX model gives the same answers as TensorFlow"))
        elif stage == "install" and event.fraction == 1.0:
            self._log(self.tr("Installed"))

    def _epoch_line(self, event, metric: float | None) -> str:
        line = self.tr("Epoch %1/%2: training loss %3").replace("%1", str(event.epoch)) \
            .replace("%2", str(event.epochs or "?")).replace("%3", f"{event.loss:.4f}" if event.loss is not None else "—")
        if metric is not None:
            line += ", " + self._metric_label(self._training_kind) + " " + self._format_metric(self._training_kind, metric)
        return line

    @staticmethod
    def _format_metric(kind: str, value: float | None) -> str:
        if value is None:
            return "—"
        return f"{value * 100:.1f}%" if kind == train_jobs.CLASSIFY else f"{value:.2f}"

    @if_alive
    def _trained(self, outcome) -> None:
        summary = train_jobs.summarize_outcome(self._training_kind, outcome)
        self._result = summary
        self._installed_ids.add(summary.model_id)
        self._show_result()
        self._show_id_problem()
        self.statusMessage.emit(self.tr("Trained and installed %1").replace("%1", summary.model_id))

    @if_alive
    def _train_failed(self, failure: JobFailure) -> None:
        heading = self.tr("Training failed")
        self._log(heading + ": " + failure.message)
        self.statusMessage.emit(heading)
        show_error(self, heading, failure, failure.details, self._paths.log_file)

    @if_alive
    def _train_cancelled(self) -> None:
        self._log(self.tr("Training cancelled. Finished epochs are kept: Resume continues from the last one."))
        self.statusMessage.emit(self.tr("Training cancelled"))

    @if_alive
    def _train_ended(self) -> None:
        if self._training is not None and self.sender() is self._training.signals:
            self._training = None
        self._update_actions()
        if self._result is None:
            self.look_for_unfinished()  # a cancelled or failed run may have finished epochs to resume

    def result(self) -> train_jobs.TrainingSummary | None:
        return self._result

    def _show_result(self) -> None:
        summary = self._result
        self.result_box.setVisible(summary is not None)
        if summary is None:
            return
        text = self.tr("%1 is trained and installed in %2.").replace("%1", summary.model_id).replace("%2", summary.folder)
        if summary.value is not None:
            text += " " + self.tr("Best epoch %1: %2 %3.").replace("%1", str(summary.best_epoch)) \
                .replace("%2", self._metric_label(self._training_kind)) \
                .replace("%3", self._format_metric(self._training_kind, summary.value))
        self.result_label.setText(text)
        if self._training_kind == train_jobs.CLASSIFY:
            self.use_model_button.setText(self.tr("Use it on the Classify page"))
        else:
            self.use_model_button.setText(self.tr("Use it on the Summarize page"))

    def on_use_model(self) -> None:
        if self._result is not None:
            self.modelTrained.emit(self._result.model_id)
