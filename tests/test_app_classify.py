"""The Classify page with a real classifier (a converted random-weight RoBERTa plus a dense/softmax head, as in
test_tasks_classify): typed texts, the labels against zoo_desktop.tasks.classify, sorting, CSV export, a GB18030
.txt file, a CSV/TSV column (and a bad one), cancelling a long run, a model that fails to load, no model."""

from __future__ import annotations

import csv
import shutil

import pytest
from PySide6.QtCore import QPoint, QThreadPool, Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QFileDialog

from test_tasks_classify import LABELS, TEXTS, build_classifier, cls_states
from zoo_desktop.app.error_dialog import ErrorDialog
from zoo_desktop.paths import ZooPaths
from zoo_test_support import converted_store

MORE = ["物流很快，包装完好", "客服态度恶劣", "价格实惠，值得购买"]


@pytest.fixture(scope="module")
def store_home(releases, tmp_path_factory):
    """The store: `rb` (a converted RoBERTa, no classifier), `clf` (the classifier, labels in its manifest) and
    `clf-bad` (the same with a corrupt classifier.onnx: listed as usable, fails to load)."""
    from zoo_desktop.store.manifest import read_manifest, write_manifest
    from zoo_desktop.store.store import ModelStore
    from zoo_desktop.tokenizer import Tokenizer

    home = tmp_path_factory.mktemp("app-classify")
    store = converted_store(releases, home, "roberta", "rb")
    base = store.get("rb")
    folder = ModelStore(ZooPaths(home)).folder_for("clf")
    shutil.copytree(base.folder, folder)
    manifest = read_manifest(folder)
    onnx_dir = manifest.conversion["dir"]
    encoder_path = folder / manifest.conversion["graphs"]["encoder"]["file"]
    tokenizer = Tokenizer.for_family(base.vocab_path, base.family)
    center = cls_states(encoder_path, tokenizer, TEXTS).mean(axis=0)
    build_classifier(encoder_path, folder / onnx_dir / "classifier.onnx", len(LABELS), center)
    manifest.id = "clf"
    manifest.conversion["graphs"] = {
        "classifier": {
            "file": f"{onnx_dir}/classifier.onnx",
            "inputs": [{"name": n, "type": "int64", "shape": ["batch", "sequence"]} for n in ("input_ids", "segment_ids", "attention_mask")],
            "outputs": [{"name": "probabilities", "type": "float", "shape": ["batch", "num_labels"]}],
        }
    }
    manifest.extra["labels"] = LABELS
    manifest.extra["task"] = "classify"
    write_manifest(folder, manifest)

    bad = ModelStore(ZooPaths(home)).folder_for("clf-bad")
    shutil.copytree(folder, bad)
    (bad / onnx_dir / "classifier.onnx").write_bytes(b"this is not an ONNX graph")
    bad_manifest = read_manifest(bad)
    bad_manifest.id = "clf-bad"
    del bad_manifest.extra["task"]  # so that `clf` stays the default
    write_manifest(bad, bad_manifest)
    return home


@pytest.fixture(scope="module")
def service(store_home):
    """The classifier through the service, to compare the page with."""
    from zoo_desktop.engine.runtime import Engine
    from zoo_desktop.store.store import ModelStore
    from zoo_desktop.tasks.classify import open_classifier

    engine = Engine(ModelStore(ZooPaths(store_home)), threads=2)
    yield open_classifier(engine, "clf")
    engine.close()


@pytest.fixture
def make_page(qtbot, tmp_path):
    from zoo_desktop.app.classify_page import ClassifyPage
    from zoo_desktop.app.engine_holder import EngineHolder
    from zoo_desktop.app.model_rows import load_model_rows
    from zoo_desktop.app.settings import AppSettings
    from zoo_desktop.app.workers import JobTracker

    made = []

    def make(home):
        paths = ZooPaths(home)
        settings = AppSettings.from_file(tmp_path / "s.ini")
        settings.device = "cpu"
        pool = QThreadPool()
        pool.setMaxThreadCount(2)
        jobs = JobTracker(pool)
        engines = EngineHolder(paths, settings)
        page = ClassifyPage(paths, settings, jobs, engines)
        qtbot.addWidget(page)
        page.resize(1000, 700)
        page.show()
        page.update_models(load_model_rows(paths))
        made.append((page, jobs, engines, pool))
        return page

    yield make
    for page, jobs, engines, pool in made:
        for dialog in page.findChildren(ErrorDialog):
            dialog.close()
        jobs.shutdown(10000)
        engines.close()


def wait_labels(qtbot, page):
    qtbot.waitUntil(lambda: page.labels() is not None, timeout=15000)


def classify_and_wait(qtbot, page):
    with qtbot.waitSignal(page.classify_button.clicked):
        qtbot.mouseClick(page.classify_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not page.is_classifying(), timeout=60000)


def error_dialog(qtbot, page) -> ErrorDialog:
    qtbot.waitUntil(lambda: page.findChild(ErrorDialog) is not None, timeout=15000)
    return page.findChild(ErrorDialog)


def column(page, header: str) -> int:
    return page.table.headers().index(header)


@pytest.mark.tf
def test_typed_texts_match_the_service_sort_copy_and_export(make_page, store_home, service, qtbot, tmp_path, monkeypatch):
    page = make_page(store_home)
    assert page.model_id() == "clf"  # fine-tuned for classify: first
    assert {page.picker.itemData(i) for i in range(page.picker.count())} == {"clf", "clf-bad"}  # rb has no classifier
    assert not page.no_model_panel.isVisibleTo(page)
    wait_labels(qtbot, page)
    assert page.labels() == LABELS
    assert all(label in page.labels_info.text() for label in LABELS)
    assert page.top_k.maximum() == len(LABELS)

    # paste the texts (QTest cannot type Chinese characters), then type a blank line, which is no text
    page.input.setFocus()
    QGuiApplication.clipboard().setText("\n".join(TEXTS))
    qtbot.keyClick(page.input, Qt.Key.Key_V, Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClick(page.input, Qt.Key.Key_Return)
    qtbot.keyClicks(page.input, "   ")
    assert page.texts() == TEXTS
    assert "6" in page.input_count.text()
    page.top_k.setValue(2)
    assert not page.export_button.isEnabled()
    classify_and_wait(qtbot, page)
    assert page.findChild(ErrorDialog) is None

    expected = service.classify(TEXTS, top_k=2)
    headers = page.table.headers()
    assert len(headers) == 6  # #, text, label, probability, label 2, probability 2
    rows = page.table.rows()
    assert [r[0] for r in rows] == list(range(1, len(TEXTS) + 1))  # input order until sorted
    for n, (row, pred) in enumerate(zip(rows, expected)):
        assert row[1] == TEXTS[n]
        assert page.table.cell_text(n, 2) == pred.label
        assert row[3] == pytest.approx(pred.probability, abs=1e-5)
        assert row[4] == pred.top[1][0] and row[5] == pytest.approx(pred.top[1][1], abs=1e-5)
    assert len({p.label for p in expected}) > 1
    for label in {p.label for p in expected}:
        count = sum(p.label == label for p in expected)
        assert f"{label}: {count}" in page.summary.text()

    # sort by probability with a click on its header, then the other way
    header = page.table.horizontalHeader()
    prob = column(page, headers[3])
    spot = QPoint(header.sectionViewportPosition(prob) + header.sectionSize(prob) // 2, header.height() // 2)
    qtbot.mouseClick(header.viewport(), Qt.MouseButton.LeftButton, pos=spot)
    first = [r[3] for r in page.table.rows()]
    qtbot.mouseClick(header.viewport(), Qt.MouseButton.LeftButton, pos=spot)
    second = [r[3] for r in page.table.rows()]
    assert sorted(first) in (first, first[::-1]) and second == first[::-1]
    assert first != [r[3] for r in rows] or second != [r[3] for r in rows]

    qtbot.mouseClick(page.copy_button, Qt.MouseButton.LeftButton)
    copied = QGuiApplication.clipboard().text().splitlines()
    assert copied[0].split("\t") == headers and len(copied) == len(TEXTS) + 1
    assert copied[1].split("\t")[1] == page.table.rows()[0][1]

    out = tmp_path / "结果 导出.csv"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", staticmethod(lambda *a, **k: (str(out), "CSV (*.csv)")))
    with qtbot.waitSignal(page.statusMessage, timeout=15000, check_params_cb=lambda m: str(out) in m):
        qtbot.mouseClick(page.export_button, Qt.MouseButton.LeftButton)
    with out.open(encoding="utf-8-sig", newline="") as fh:
        table = list(csv.reader(fh))
    assert table[0] == headers
    assert [r[1] for r in table[1:]] == [r[1] for r in page.table.rows()]  # as shown, sorted; Chinese intact
    assert set(r[1] for r in table[1:]) == set(TEXTS)
    assert [r[2] for r in table[1:]] == [page.table.rows()[i][2] for i in range(len(TEXTS))]


@pytest.mark.tf
def test_open_gb18030_text_file_and_csv_column(make_page, store_home, service, qtbot, tmp_path, monkeypatch):
    page = make_page(store_home)
    wait_labels(qtbot, page)
    chosen = {}
    monkeypatch.setattr(QFileDialog, "getOpenFileName", staticmethod(lambda *a, **k: (str(chosen["path"]), "")))

    txt = tmp_path / "评论.txt"
    txt.write_bytes(("\r\n".join(TEXTS[:3]) + "\r\n\r\n" + TEXTS[3] + "\r\n").encode("gb18030"))
    chosen["path"] = txt
    qtbot.mouseClick(page.open_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: page.texts() == TEXTS[:4], timeout=15000)
    assert not page.column.isVisibleTo(page)
    assert "评论.txt" in page.file_info.text() and "4" in page.file_info.text()
    classify_and_wait(qtbot, page)
    assert [r[2] for r in page.table.rows()] == [p.label for p in service.classify(TEXTS[:4])]

    table = tmp_path / "reviews.csv"
    with table.open("w", encoding="utf-8", newline="") as fh:
        writer = csv.writer(fh)
        writer.writerow(["id", "内容", "note"])
        for n, (text, more) in enumerate(zip(TEXTS[:3], MORE), 1):
            writer.writerow([n, text, more])
        writer.writerow([4, "第一行\n第二行", ""])  # a cell with a line break; an empty cell
    chosen["path"] = table
    qtbot.mouseClick(page.open_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: page.input_file() is not None and page.input_file().path == table, timeout=15000)
    assert page.column.isVisibleTo(page)
    assert [page.column.itemText(i) for i in range(page.column.count())] == ["id", "内容", "note"]
    assert page.column.currentText() == "内容"  # guessed: a column named like text
    assert page.texts() == [*TEXTS[:3], "第一行 第二行"]

    # choose another column from the list
    page.column.setFocus()
    page.column.lineEdit().selectAll()
    qtbot.keyClicks(page.column.lineEdit(), "note")
    qtbot.keyClick(page.column.lineEdit(), Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: page.texts() == MORE, timeout=15000)
    assert page.input_file().column == "note"
    classify_and_wait(qtbot, page)
    assert [r[1] for r in page.table.rows()] == MORE
    assert [r[2] for r in page.table.rows()] == [p.label for p in service.classify(MORE)]

    # by number, as `zoo classify --column 1`
    page.column.lineEdit().selectAll()
    qtbot.keyClicks(page.column.lineEdit(), "1")
    qtbot.keyClick(page.column.lineEdit(), Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: page.input_file().column == "内容", timeout=15000)
    assert page.texts()[:3] == TEXTS[:3] and page.column.currentText() == "内容"

    # a column that is not there: a plain error, the texts stay
    page.column.lineEdit().setText("标签")
    qtbot.keyClick(page.column.lineEdit(), Qt.Key.Key_Return)
    dialog = error_dialog(qtbot, page)
    assert "标签" in dialog.heading.text() and "reviews.csv" in dialog.heading.text()
    assert "no column '标签'" in dialog.message.text() and "内容" in dialog.message.text()
    dialog.close()
    assert page.texts()[:3] == TEXTS[:3] and page.column.currentText() == "内容"

    # a tab-separated file, GB18030, with quotes left alone
    tsv = tmp_path / "data.tsv"
    tsv.write_bytes("label\tsentence\n1\t他说\"好\"\n0\t不好\n".encode("gb18030"))
    chosen["path"] = tsv
    qtbot.mouseClick(page.open_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: page.input_file() is not None and page.input_file().path == tsv, timeout=15000)
    assert page.input_file().column == "sentence" and page.texts() == ['他说"好"', "不好"]


@pytest.mark.tf
def test_cancel_a_long_run(make_page, store_home, qtbot):
    page = make_page(store_home)
    wait_labels(qtbot, page)
    page.set_texts([f"{TEXTS[n % len(TEXTS)]}，第{n}条" for n in range(6000)])
    page.batch_size.setValue(1)  # one model call per text: a long run
    messages = []
    page.statusMessage.connect(messages.append)
    qtbot.mouseClick(page.classify_button, Qt.MouseButton.LeftButton)
    assert page.is_classifying() and not page.classify_button.isEnabled()
    rows = page.job_panel.rows()
    assert len(rows) == 1
    qtbot.waitUntil(lambda: rows[0].bar.maximum() == 100, timeout=30000)  # classifying has begun
    qtbot.mouseClick(rows[0].cancel_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not page.is_classifying(), timeout=30000)
    assert "Classification cancelled" in messages
    assert page.result() is None and page.table.row_count() == 0
    assert page.findChild(ErrorDialog) is None  # a cancel is not an error
    assert page.classify_button.isEnabled() and not page.job_panel.isVisibleTo(page)


@pytest.mark.tf
def test_empty_input_and_a_model_that_fails_to_load(make_page, store_home, qtbot):
    page = make_page(store_home)
    page.input.setPlainText("\n   \n")
    qtbot.mouseClick(page.classify_button, Qt.MouseButton.LeftButton)
    dialog = error_dialog(qtbot, page)
    assert dialog.heading.text() == "Nothing to classify"
    assert not page.is_classifying()
    dialog.close()

    assert page.picker.select("clf-bad")
    qtbot.waitUntil(lambda: page.labels() == LABELS, timeout=15000)
    page.set_texts(TEXTS[:2])
    classify_and_wait(qtbot, page)
    dialog = error_dialog(qtbot, page)
    assert "clf-bad" in dialog.heading.text() and "load" in dialog.heading.text()
    assert dialog.message.text() and page.result() is None
    assert dialog.details.toPlainText()  # the traceback, behind "Show details"
    assert dialog.log_label.text().endswith("zoo-desktop.log")
    dialog.close()
    assert page.classify_button.isEnabled()


def test_no_model_says_what_is_needed(make_page, zoo_home, qtbot):
    page = make_page(zoo_home)
    assert page.no_model_panel.isVisibleTo(page)
    text = page.no_model_label.text()
    assert "Train page" in text and "RoBERTa" in text and "WoBERT" in text
    assert not page.classify_button.isEnabled() and not page.picker.isEnabled()
    assert not page.export_button.isEnabled() and not page.copy_button.isEnabled()
    with qtbot.waitSignal(page.openModelsRequested, timeout=2000):
        qtbot.mouseClick(page.open_models_button, Qt.MouseButton.LeftButton)
    page.set_texts(["你好"])
    assert page.classify() is None and page.table.row_count() == 0
