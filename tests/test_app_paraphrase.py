"""The Paraphrase page, driven like a user over a converted random-weight SimBERT (the paraphrases are
noise; that they are the service's, ranked and counted as asked, is what counts) and a WoBERT, which can
generate but gives no sentence vectors to rank with."""

from __future__ import annotations

import csv
import time

import pytest

pytest.importorskip("pytestqt")

from PySide6.QtCore import QEvent, Qt  # noqa: E402

from test_app_helpers import task_page_factory  # noqa: E402
from PySide6.QtGui import QGuiApplication  # noqa: E402
from PySide6.QtWidgets import QApplication, QFileDialog  # noqa: E402

from zoo_test_support import converted_store  # noqa: E402

pytestmark = pytest.mark.tf

SENTENCE = "今天天气很好，我们去公园散步。"


@pytest.fixture(scope="module")
def home(releases, tmp_path_factory):
    # the same folder as tests/test_app_similarity.py: whichever module runs first converts, the other reuses
    home = tmp_path_factory.getbasetemp() / "app-simbert-wobert"
    converted_store(releases, home, "simbert", "sb")
    converted_store(releases, home, "wobert", "wb")  # seq2seq graphs, but no pooled output
    return home


@pytest.fixture(scope="module")
def engine(home):
    from zoo_desktop.engine.runtime import Engine
    from zoo_desktop.paths import ZooPaths
    from zoo_desktop.store.store import ModelStore

    eng = Engine(ModelStore(ZooPaths(home)), threads=2)
    yield eng
    eng.close()


@pytest.fixture
def make_page(qtbot, tmp_path, monkeypatch):
    from zoo_desktop.app.paraphrase_page import ParaphrasePage

    yield from task_page_factory(ParaphrasePage, qtbot, tmp_path, monkeypatch, size=(900, 700))


def wait_idle(qtbot, page, timeout=60_000):
    qtbot.waitUntil(lambda: not page.job_panel.rows(), timeout=timeout)


def test_generate_gives_the_requested_count_ranked_by_similarity(make_page, home, engine, qtbot, tmp_path, monkeypatch):
    from zoo_desktop.tasks.embed import open_encoder
    from zoo_desktop.tasks.paraphrase import ParaphraseRequest, open_paraphraser

    page = make_page(home)
    assert page.model_id() == "sb" and not page.no_model.isVisibleTo(page)
    assert not page.generate_button.isEnabled()  # no sentence yet
    page.input.setText(SENTENCE)  # typed through an input method: no key events
    page.keep.setValue(6)
    page.samples.setValue(30)
    page.seed.setValue(7)
    assert page.generate_button.isEnabled()
    qtbot.mouseClick(page.generate_button, Qt.MouseButton.LeftButton)
    assert not page.generate_button.isEnabled()  # one generation at a time
    (row,) = page.job_panel.rows()
    progress = []
    row.bar.valueChanged.connect(progress.append)  # queued events: none can arrive before this line
    qtbot.waitUntil(lambda: page.table.row_count() > 0, timeout=60_000)
    wait_idle(qtbot, page)
    assert progress and max(progress) <= 100 and progress == sorted(progress)

    rows = page.table.rows()
    assert len(rows) == 6  # the requested count
    assert [r[0] for r in rows] == [1, 2, 3, 4, 5, 6]
    scores = [r[2] for r in rows]
    assert scores == sorted(scores, reverse=True)  # ranked by similarity to the original
    texts = [r[1] for r in rows]
    assert len(set(texts)) == 6 and SENTENCE not in texts
    encoder = open_encoder(engine, "sb")
    for text, score in zip(texts, scores):
        assert score == pytest.approx(encoder.similarity(SENTENCE, text), abs=1e-5)
    assert page.result().samples == 30 and "30" in page.info.text()
    QApplication.sendEvent(page, QEvent(QEvent.Type.LanguageChange))  # retranslating keeps the rows
    assert page.table.headers() == ["Rank", "Paraphrase", "Similarity"] and page.table.rows() == rows

    # the page's options are the service's request: the same seed gives the same paraphrases
    request = ParaphraseRequest(SENTENCE, n=30, k=6, top_k=5, top_p=None, max_len=32, seed=7)
    assert page.request() == request
    direct = open_paraphraser(engine, "sb").paraphrase(request)
    assert [t for t, _ in direct.paraphrases] == texts
    assert [s for _, s in direct.paraphrases] == pytest.approx(scores, abs=1e-6)

    qtbot.mouseClick(page.copy_button, Qt.MouseButton.LeftButton)
    copied = QGuiApplication.clipboard().text().splitlines()
    assert copied[0] == "Rank\tParaphrase\tSimilarity" and len(copied) == 7 and copied[1].split("\t")[1] == texts[0]

    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(tmp_path / "同义句"), "CSV (*.csv)"))
    with qtbot.waitSignal(page.statusMessage, timeout=10_000, check_params_cb=lambda m: "同义句.csv" in m):
        qtbot.mouseClick(page.export_button, Qt.MouseButton.LeftButton)
    with open(tmp_path / "同义句.csv", encoding="utf-8-sig", newline="") as fh:
        table = list(csv.reader(fh))
    assert table[0] == ["Rank", "Paraphrase", "Similarity"] and [r[1] for r in table[1:]] == texts


def test_sampling_options_reach_the_request(make_page, home, qtbot):
    from zoo_desktop.tasks.paraphrase import ParaphraseRequest

    page = make_page(home)
    page.input.setText("  " + SENTENCE + " ")
    assert page.request() == ParaphraseRequest(SENTENCE, n=100, k=20, top_k=5, top_p=None, max_len=32, seed=None)  # the CLI's defaults
    assert page.seed.text() == "Random" and page.top_p.text() == "Off"
    page.top_k.setValue(0)
    page.top_p.setValue(0.9)
    page.max_len.setValue(12)
    page.seed.setValue(3)
    page.keep.setValue(4)
    page.samples.setValue(10)
    assert page.top_k.text() == "Off"
    assert page.request() == ParaphraseRequest(SENTENCE, n=10, k=4, top_k=None, top_p=0.9, max_len=12, seed=3)
    qtbot.keyClick(page.input, Qt.Key.Key_Return)  # Enter generates too
    qtbot.waitUntil(lambda: page.table.row_count() > 0, timeout=60_000)
    wait_idle(qtbot, page)
    assert 1 <= page.table.row_count() <= 4 and page.result().samples == 10


def test_cancel_a_long_generation(make_page, home, qtbot):
    page = make_page(home)
    page.input.setText(SENTENCE)
    page.samples.setValue(2000)
    page.max_len.setValue(128)
    page.top_k.setValue(0)
    messages = []
    page.statusMessage.connect(messages.append)
    qtbot.mouseClick(page.generate_button, Qt.MouseButton.LeftButton)
    (row,) = page.job_panel.rows()
    qtbot.waitUntil(lambda: row.bar.maximum() == 100 and row.bar.value() >= 1, timeout=60_000)  # decoding has begun
    qtbot.mouseClick(row.cancel_button, Qt.MouseButton.LeftButton)
    clicked = time.monotonic()
    wait_idle(qtbot, page, timeout=30_000)
    assert time.monotonic() - clicked < 15  # stopped at the next step, not after 128 of them
    assert messages[-1] == "Paraphrasing cancelled"
    assert page.table.row_count() == 0 and page.result() is None
    assert page.generate_button.isEnabled() and not page.copy_button.isEnabled()


def test_no_model_state(make_page, zoo_home, qtbot):
    page = make_page(zoo_home)  # an empty store
    assert page.model_id() == "" and page.picker.count() == 0
    assert page.no_model.isVisibleTo(page) and "SimBERT" in page.no_model_label.text()
    page.input.setText(SENTENCE)
    assert not page.generate_button.isEnabled() and page.generate() is None
    assert not page.copy_button.isEnabled() and not page.export_button.isEnabled()
    with qtbot.waitSignal(page.openModelsRequested, timeout=1000):
        qtbot.mouseClick(page.open_models_button, Qt.MouseButton.LeftButton)


def test_a_model_without_sentence_vectors_is_not_offered(make_page, home, qtbot):
    from zoo_desktop.app.model_rows import load_model_rows
    from zoo_desktop.paths import ZooPaths

    page = make_page(home)
    rows = {r.id: r for r in load_model_rows(ZooPaths(home)) if r.installed}
    assert rows["wb"].ready and "paraphrase" not in rows["wb"].usable_for  # it can decode, but cannot rank
    assert [page.picker.itemData(i) for i in range(page.picker.count())] == ["sb"]
    page.update_models([rows["wb"]])
    assert page.model_id() == "" and page.no_model.isVisibleTo(page)
    page.input.setText(SENTENCE)
    assert not page.generate_button.isEnabled()
    page.update_models(list(rows.values()))
    assert page.model_id() == "sb" and page.generate_button.isEnabled()
