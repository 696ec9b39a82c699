"""The Train page: the chart alone, the data check and its errors, no base model, and a real fine-tuning
(random-weight RoBERTa imported, not converted) cancelled after an epoch, resumed and installed."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

pytest.importorskip("pytestqt")

from PySide6.QtCore import Qt, QThreadPool  # noqa: E402
from PySide6.QtGui import QColor, QImage  # noqa: E402

from zoo_desktop.app import train_jobs  # noqa: E402
from zoo_desktop.app.error_dialog import ErrorDialog  # noqa: E402
from zoo_desktop.app.model_rows import ModelRow  # noqa: E402
from zoo_desktop.app.training_chart import EPOCH_LOSS, METRIC, STEP_LOSS, TrainingChart  # noqa: E402
from zoo_desktop.paths import ZooPaths  # noqa: E402
from zoo_desktop.train.data import TrainingDataError  # noqa: E402
from zoo_desktop.train.synthetic import sentiment_corpus, title_corpus, write_tsv  # noqa: E402

QUICK_PARITY = {"steps": 8, "lengths": (1, 6, 37), "long_prefix": 40}


def _row(model_id: str, family: str, state: str = "imported", tuned_for: str | None = None) -> ModelRow:
    return ModelRow(id=model_id, card_id=None, name_zh="", name_en="", family=family, tasks=(), size_mb=None,
                    state=state, disk_bytes=None, folder=None, url=None, converted=False, tuned_for=tuned_for)


@pytest.fixture
def make_page(qtbot, tmp_path):
    from zoo_desktop.app.engine_holder import EngineHolder
    from zoo_desktop.app.settings import AppSettings
    from zoo_desktop.app.train_page import TrainPage
    from zoo_desktop.app.workers import JobTracker

    made = []

    def make(home: Path, rows: list[ModelRow] | None = None):
        paths = ZooPaths(home)
        settings = AppSettings.from_file(tmp_path / "s.ini")
        settings.threads = 2
        pool = QThreadPool()
        pool.setMaxThreadCount(2)
        jobs = JobTracker(pool)
        page = TrainPage(paths, settings, jobs, EngineHolder(paths, settings))
        qtbot.addWidget(page)
        page.resize(1100, 700)
        page.show()
        if rows is not None:
            page.update_models(rows)
        made.append((jobs, pool))
        return page

    yield make
    for jobs, pool in made:
        jobs.shutdown(20000)


def _dark_pixels(image: QImage) -> int:
    return sum(1 for x in range(0, image.width(), 2) for y in range(0, image.height(), 2)
               if QColor(image.pixel(x, y)).lightness() < 200)


# --- the chart alone -------------------------------------------------------------------------------------

def test_chart_empty_points_and_rendering(qtbot):
    chart = TrainingChart()
    qtbot.addWidget(chart)
    assert chart.objectName() == "trainingChart" and chart.is_empty()
    empty = chart.to_image(400, 200)
    assert empty.width() == 400 and not empty.isNull()

    chart.set_metric_name("Validation accuracy")
    chart.set_total_steps(30)
    for step, loss in ((1, 0.9), (5, 0.7), (10, 0.6)):
        chart.add_step(step, loss)
    chart.add_epoch(10, 0.65, 0.55)
    chart.add_step(11, float("nan"))  # ignored: a NaN cannot be drawn
    chart.add_epoch(20, 0.5, None)
    assert chart.series(STEP_LOSS) == [(1.0, 0.9), (5.0, 0.7), (10.0, 0.6)]
    assert chart.series(EPOCH_LOSS) == [(10.0, 0.65), (20.0, 0.5)]
    assert chart.series(METRIC) == [(10.0, 0.55)]
    drawn = chart.to_image(400, 200)
    assert _dark_pixels(drawn) > _dark_pixels(empty) + 50  # axes, curves and the legend were painted
    chart.resize(500, 240)
    chart.show()
    qtbot.waitExposed(chart)
    assert not chart.grab().isNull()
    chart.to_image(30, 20)  # too small to plot: must not fail

    chart.add_step(12, 5.0)  # one flat point series and a single metric point must not divide by zero
    chart.clear()
    assert chart.is_empty() and all(chart.series(name) == [] for name in (STEP_LOSS, EPOCH_LOSS, METRIC))
    chart.add_epoch(3, 0.4, 0.4)
    chart.to_image(300, 150)


# --- helpers without TensorFlow ----------------------------------------------------------------------------

def test_holdout_split_is_stratified_and_deterministic(tmp_path):
    rows = [("表头文本", "label")] + sentiment_corpus(60, seed=2, classes=("负面", "正面", "中性"))
    source = write_tsv(tmp_path / "data.tsv", rows)
    train, valid = train_jobs.holdout_split("classify", str(source), tmp_path / "a")
    again = train_jobs.holdout_split("classify", str(source), tmp_path / "b")
    assert train.read_bytes() == again[0].read_bytes() and valid.read_bytes() == again[1].read_bytes()
    train_lines, valid_lines = train.read_text("utf-8").splitlines(), valid.read_text("utf-8").splitlines()
    assert train_lines[0] == valid_lines[0] == "表头文本\tlabel"  # the header is kept in both
    assert len(train_lines) - 1 + len(valid_lines) - 1 == 60
    assert 3 <= len(valid_lines) - 1 <= 8
    train_labels = {line.split("\t")[1] for line in train_lines[1:]}
    assert {line.split("\t")[1] for line in valid_lines[1:]} <= train_labels
    check = train_jobs.check_data("classify", str(train), str(valid))
    assert check.train_rows == len(train_lines) - 1 and set(check.labels) == {"负面", "正面", "中性"}

    tiny = write_tsv(tmp_path / "tiny.tsv", [("好", "正面"), ("差", "负面")])
    with pytest.raises(TrainingDataError) as caught:
        train_jobs.holdout_split("classify", str(tiny), tmp_path / "c")
    assert "choose a validation file" in str(caught.value)

    pairs = write_tsv(tmp_path / "pairs.tsv", title_corpus(30, seed=1))
    train, valid = train_jobs.holdout_split("summarize", str(pairs), tmp_path / "d")
    assert len(valid.read_text("utf-8").splitlines()) == 3 and len(train.read_text("utf-8").splitlines()) == 27


def test_no_base_model_disables_start_and_offers_models(make_page, zoo_home, qtbot):
    page = make_page(zoo_home, [_row("simbert-x", "simbert", state="available"), _row("t5-small", "t5"),
                                _row("broken-bert", "bert", state="broken")])
    assert page.objectName() == "trainPage"
    assert page.no_model_box.isVisible() and page.base_combo.count() == 0
    assert "No base model for a classifier" in page.no_model_label.text()
    assert not page.start_button.isEnabled()
    with qtbot.waitSignal(page.openModelsRequested, timeout=2000):
        qtbot.mouseClick(page.open_models_button, Qt.MouseButton.LeftButton)

    page.set_kind("summarize")  # a T5 PEGASUS is installed: the summarizer can be trained from it
    assert not page.no_model_box.isVisible() and page.base_model_id() == "t5-small"
    assert page.new_model_id() == "t5-small-summarizer" and page.max_target.isVisible()
    page.set_kind("classify")
    assert page.no_model_box.isVisible() and not page.max_target.isVisible()
    page.update_models([_row("wobert-plain", "wobert"), _row("tuned", "bert", state="converted", tuned_for="classify"),
                        _row("roberta-tiny", "bert", state="converted")])
    assert not page.no_model_box.isVisible()
    assert [page.base_combo.itemData(i) for i in range(page.base_combo.count())] == ["roberta-tiny", "wobert-plain", "tuned"]


def test_data_check_counts_and_specific_errors(make_page, zoo_home, qtbot, tmp_path):
    page = make_page(zoo_home, [_row("roberta", "bert")])
    rows = sentiment_corpus(40, seed=5)
    train = write_tsv(tmp_path / "train.tsv", rows[:30])
    valid = write_tsv(tmp_path / "valid.tsv", rows[30:])
    qtbot.keyClicks(page.train_edit, str(train))
    qtbot.keyClicks(page.valid_edit, str(valid))
    qtbot.waitUntil(lambda: page.data_check() is not None, timeout=10000)
    text = page.check_label.text()
    positives = sum(1 for _, label in rows[:30] if label == "正面")
    assert "30 training and 10 validation examples" in text
    assert f"正面 {positives}" in text and f"负面 {30 - positives}" in text and "very little data" in text
    assert page.new_model_id() == "roberta-classifier" and page.start_button.isEnabled()

    page.valid_edit.clear()  # no validation file: a tenth of the training file will be held out
    qtbot.waitUntil(lambda: page.data_check() is not None, timeout=10000)
    assert "30 training examples; 10% will be held out" in page.check_label.text()

    one_column = tmp_path / "one.tsv"
    one_column.write_text("".join(text + "\n" for text, _ in rows), encoding="utf-8")
    page.train_edit.setText(str(one_column))
    assert not page.start_button.isEnabled()  # nothing checked yet
    qtbot.waitUntil(lambda: "cannot be used" in page.check_label.text(), timeout=10000)
    assert "one.tsv has 1 column; there is no label column 1" in page.check_label.text()
    assert not page.start_button.isEnabled()

    empty = tmp_path / "empty.tsv"
    empty.write_text("\n \n", encoding="utf-8")
    page.train_edit.setText(str(empty))
    qtbot.waitUntil(lambda: "empty.tsv is empty" in page.check_label.text(), timeout=10000)
    assert not page.start_button.isEnabled()

    page.train_edit.setText(str(train))
    qtbot.waitUntil(lambda: page.data_check() is not None, timeout=10000)
    page.id_edit.setText("Bad Id")
    assert not page.start_button.isEnabled() and page.id_problem.isVisible()
    page.id_edit.setText("roberta")  # installed already
    assert "installed already" in page.id_problem.text() and not page.start_button.isEnabled()
    page.id_edit.setText("fresh-id")
    assert page.start_button.isEnabled() and not page.id_problem.isVisible()

    # the row said "roberta" is installed, the store does not have it: the service's error, in a dialog
    qtbot.mouseClick(page.start_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: page.training_job() is None, timeout=20000)
    dialog = page.findChild(ErrorDialog)
    assert dialog is not None and dialog.heading.text() == "Training failed"
    assert "roberta" in dialog.message.text() and page.result() is None
    assert "Training failed" in page.log_view.toPlainText()
    dialog.close()
    assert page.start_button.isEnabled()  # ready for another try


# --- real training -----------------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def train_home(tmp_path_factory, releases):
    """A store holding a random-weight RoBERTa, imported and not converted."""
    from zoo_desktop.store.importer import Importer, ImportRequest
    from zoo_desktop.store.store import ModelStore

    home = tmp_path_factory.mktemp("train-store") / "模型 库"
    Importer(ModelStore(ZooPaths(home))).run(ImportRequest(str(releases("roberta", as_zip=True)), "base"))
    return home


def _training_children(run_dir: Path) -> list[int]:
    """Live training child processes working on `run_dir` (from /proc; psutil is not a dependency)."""
    found = []
    for proc in Path("/proc").iterdir():
        if not proc.name.isdigit():
            continue
        try:
            argv = (proc / "cmdline").read_bytes().split(b"\0")
            status = (proc / "status").read_text()
        except OSError:
            continue
        if b"zoo_desktop.train.child" in argv and str(run_dir).encode() in argv and "State:\tZ" not in status:
            found.append(int(proc.name))
    return found


def _collect(page) -> list:
    """Progress events of the running job as the page receives them, with the chart's sizes after each."""
    seen: list = []

    def spy(event):
        seen.append((event, len(page.chart.series(STEP_LOSS)), len(page.chart.series(EPOCH_LOSS))))

    page.training_job().signals.progress.connect(spy)
    return seen


@pytest.mark.tf
@pytest.mark.filterwarnings("ignore:The initializer TruncatedNormal is unseeded")
def test_train_cancel_resume_and_install(make_page, train_home, qtbot, tmp_path):
    from zoo_desktop.app.job_panel import JobRow
    from zoo_desktop.app.model_rows import load_model_rows
    from zoo_desktop.store.store import ModelStore

    if not Path("/proc/self/cmdline").exists():
        pytest.skip("the check of child processes reads /proc")
    page = make_page(train_home, load_model_rows(ZooPaths(train_home)))
    assert page.base_model_id() == "base" and not page.no_model_box.isVisible()
    rows = sentiment_corpus(80, seed=7)
    train = write_tsv(tmp_path / "train.tsv", rows[:64])
    valid = write_tsv(tmp_path / "valid.tsv", rows[64:])
    qtbot.keyClicks(page.train_edit, str(train))
    qtbot.keyClicks(page.valid_edit, str(valid))
    page.id_edit.clear()
    qtbot.keyClicks(page.id_edit, "page-clf")
    page.epochs.setValue(6)
    page.batch_size.setValue(8)
    page.maxlen.setValue(32)
    page.learning_rate.setValue(0.001)
    qtbot.waitUntil(lambda: page.data_check() is not None and page.start_button.isEnabled(), timeout=15000)
    assert "64 training and 16 validation examples" in page.check_label.text()

    # start, and cancel with the job panel's button once the first epoch is reported
    qtbot.mouseClick(page.start_button, Qt.MouseButton.LeftButton)
    job = page.training_job()
    assert job is not None and not page.start_button.isEnabled() and not page.train_edit.isEnabled()
    seen = _collect(page)
    qtbot.waitUntil(lambda: bool(page.chart.series(EPOCH_LOSS)), timeout=150000)
    run_dir = train_home / "training" / "page-clf"
    assert _training_children(run_dir), "the training child should be running"
    row = page.job_panel.findChild(JobRow)
    qtbot.mouseClick(row.cancel_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: page.training_job() is None, timeout=30000)
    assert _training_children(run_dir) == []
    assert not ModelStore(ZooPaths(train_home)).is_installed("page-clf")
    assert not (train_home / "models" / "page-clf").exists()
    staging = train_home / "staging"
    assert not staging.exists() or not any(staging.iterdir())
    assert "cancelled" in page.log_view.toPlainText()
    first = [e for e, _, _ in seen if e.stage == "epoch"][0]
    assert first.epoch == 1 and page.chart.series(EPOCH_LOSS)[0] == (first.global_step, first.loss)
    assert page.chart.series(METRIC)[0] == (first.global_step, first.metrics["valid_accuracy"])

    # the interrupted run is found and offered for resuming; Start stays off for this id
    qtbot.waitUntil(lambda: page.resume_box.isVisible(), timeout=15000)
    done = json.loads((run_dir / "state.json").read_text("utf-8"))["epochs_done"]
    assert 1 <= done < 6
    assert f"{done} of 6 epochs done" in page.resume_label.text()
    assert not page.start_button.isEnabled() and page.resume_button.isEnabled()

    # a fresh page (the app restarted) finds it too, with the saved files and settings, and resumes it
    page.close()
    page = make_page(train_home, load_model_rows(ZooPaths(train_home)))
    page.id_edit.setText("page-clf")
    qtbot.waitUntil(lambda: page.resume_box.isVisible(), timeout=15000)
    assert page.unfinished_run().form.train == str(train)
    qtbot.mouseClick(page.resume_button, Qt.MouseButton.LeftButton)
    assert page.train_edit.text() == str(train) and page.epochs.value() == 6 and page.batch_size.value() == 8
    assert page.chart.series(EPOCH_LOSS) and len(page.chart.series(EPOCH_LOSS)) == done  # the epochs done before
    prefilled = page.chart.series(EPOCH_LOSS)
    seen = _collect(page)
    qtbot.waitUntil(lambda: page.result() is not None or page.training_job() is None, timeout=240000)
    assert page.result() is not None, page.log_view.toPlainText()

    # the chart holds exactly what was reported, and grew while the run went on
    steps = [(float(e.global_step), e.loss) for e, _, _ in seen if e.stage == "train"]
    epochs = [e for e, _, _ in seen if e.stage == "epoch"]
    assert steps and page.chart.series(STEP_LOSS) == steps
    assert [e.epoch for e in epochs] == list(range(done + 1, 7))
    assert page.chart.series(EPOCH_LOSS) == prefilled + [(float(e.global_step), e.loss) for e in epochs]
    assert page.chart.series(METRIC)[done:] == [(float(e.global_step), e.metrics["valid_accuracy"]) for e in epochs]
    step_sizes = [n for _, n, _ in seen]
    epoch_sizes = [n for _, _, n in seen]
    assert step_sizes == sorted(step_sizes) and step_sizes[-1] > step_sizes[0]
    assert epoch_sizes == sorted(epoch_sizes) and epoch_sizes[-1] == 6
    assert any(e.stage == "resume" and e.epoch == done for e, _, _ in seen)
    log = page.log_view.toPlainText()
    assert "Resuming the interrupted run after epoch" in log and "Epoch 6/6: training loss" in log

    # the result, the model in the store, and the signal that takes the user to it
    summary = page.result()
    assert summary.model_id == "page-clf" and page.result_box.isVisible()
    assert "page-clf is trained and installed in" in page.result_label.text()
    assert str(train_home / "models" / "page-clf") in page.result_label.text()
    assert "Validation accuracy" in page.result_label.text()
    with qtbot.waitSignal(page.modelTrained, timeout=2000) as signal:
        qtbot.mouseClick(page.use_model_button, Qt.MouseButton.LeftButton)
    assert signal.args == ["page-clf"]
    model = ModelStore(ZooPaths(train_home)).get("page-clf")
    assert model.manifest.extra["task"] == "classify" and model.manifest.extra["labels"] == ["正面", "负面"]
    assert "classifier" in model.manifest.conversion["graphs"]
    assert not run_dir.exists() and not train_jobs.page_folder(ZooPaths(train_home), "page-clf").exists()
    assert not page.start_button.isEnabled()  # the id is taken now
    assert _training_children(run_dir) == []


@pytest.mark.slow
@pytest.mark.tf
@pytest.mark.filterwarnings("ignore:The initializer TruncatedNormal is unseeded")
def test_summarizer_with_held_out_validation(make_page, releases, zoo_home, qtbot, tmp_path):
    from zoo_desktop.app.model_rows import load_model_rows
    from zoo_desktop.store.importer import Importer, ImportRequest
    from zoo_desktop.store.store import ModelStore

    Importer(ModelStore(ZooPaths(zoo_home))).run(ImportRequest(str(releases("t5", as_zip=True)), "t5-base"))
    page = make_page(zoo_home, load_model_rows(ZooPaths(zoo_home)))
    page.t5_parity = QUICK_PARITY
    page.set_kind("summarize")
    assert page.base_model_id() == "t5-base"
    train = write_tsv(tmp_path / "pairs.tsv", title_corpus(60, seed=3))
    page.set_files(str(train))
    page.epochs.setValue(2)
    page.batch_size.setValue(16)
    page.maxlen.setValue(64)
    page.max_target.setValue(12)
    qtbot.waitUntil(lambda: page.start_button.isEnabled(), timeout=15000)
    assert "60 training examples; 10% will be held out" in page.check_label.text()
    qtbot.mouseClick(page.start_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: page.training_job() is None, timeout=600000)
    summary = page.result()
    assert summary is not None, page.log_view.toPlainText()
    assert summary.metric == "valid_bleu" and summary.model_id == "t5-base-summarizer"
    assert len(page.chart.series(METRIC)) == 2
    assert ModelStore(ZooPaths(zoo_home)).get("t5-base-summarizer").manifest.extra["task"] == "summarize"
