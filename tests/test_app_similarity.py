"""The Similarity & Search page, driven like a user over a converted random-weight SimBERT (the numbers are
meaningless; that they equal the service's is what counts) and a WoBERT, which gives no sentence vectors."""

from __future__ import annotations

import csv

import pytest

pytest.importorskip("pytestqt")

from PySide6.QtCore import QEvent, Qt  # noqa: E402

from test_app_helpers import task_page_factory  # noqa: E402
from PySide6.QtGui import QGuiApplication  # noqa: E402
from PySide6.QtWidgets import QApplication, QFileDialog  # noqa: E402

from zoo_test_support import converted_store  # noqa: E402

pytestmark = pytest.mark.tf

SENTENCE_A = "今天天气很好，我们去公园散步。"
SENTENCES_B = [
    "明天可能会下雨，记得带伞。",
    "今天天气很好，我们去公园散步。",
    "机器学习方法在医学图像分析中的应用研究。",
    "深度学习显著提高了文本分类的准确率。",
]
UTF8_TEXT = "中文自然语言处理的预训练模型可以在桌面上运行。实验比较了多种模型的效果。"
GB18030_TEXT = "刘䶮是南汉的开国皇帝。这个名字里的字只在国标扩展中才有编码。"
UTF16_TEXT = "最后讨论了模型在临床中应用的前景。明天可能会下雨，记得带伞。"


@pytest.fixture(scope="module")
def home(releases, tmp_path_factory):
    # the same folder as tests/test_app_paraphrase.py: whichever module runs first converts, the other reuses
    home = tmp_path_factory.getbasetemp() / "app-simbert-wobert"
    converted_store(releases, home, "simbert", "sb")
    converted_store(releases, home, "wobert", "wb")  # an encoder without a pooled output
    return home


@pytest.fixture(scope="module")
def encoder(home):
    from zoo_desktop.engine.runtime import Engine
    from zoo_desktop.paths import ZooPaths
    from zoo_desktop.store.store import ModelStore
    from zoo_desktop.tasks.embed import open_encoder

    engine = Engine(ModelStore(ZooPaths(home)), threads=2)
    yield open_encoder(engine, "sb")
    engine.close()


@pytest.fixture
def make_page(qtbot, tmp_path, monkeypatch):
    from zoo_desktop.app.similarity_page import SimilarityPage

    yield from task_page_factory(SimilarityPage, qtbot, tmp_path, monkeypatch, size=(1000, 700))


def wait_idle(qtbot, page, timeout=60_000):
    qtbot.waitUntil(lambda: not page.job_panel.rows(), timeout=timeout)


def test_compare_gives_the_encoders_similarities_best_first(make_page, home, encoder, qtbot, tmp_path, monkeypatch):
    page = make_page(home)
    assert page.model_id() == "sb"
    assert not page.no_model.isVisibleTo(page)
    assert not page.compare_button.isEnabled()
    page.sentence_a.setText(SENTENCE_A)  # typed through an input method: no key events
    assert not page.compare_button.isEnabled()  # nothing to compare with yet
    page.sentences_b.setPlainText("\n".join(SENTENCES_B[:2]) + "\n\n  \n" + "\n".join(SENTENCES_B[2:]))
    assert page.compare_button.isEnabled()
    qtbot.mouseClick(page.compare_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: page.compare_table.row_count() == len(SENTENCES_B), timeout=60_000)
    wait_idle(qtbot, page)

    rows = page.compare_table.rows()
    scores = [r[2] for r in rows]
    assert scores == sorted(scores, reverse=True)
    assert rows[0][1] == SENTENCE_A and rows[0][0] == 2  # the identical sentence, from line 2
    assert scores[0] == pytest.approx(1.0, abs=1e-5)
    for line, text, score in rows:
        assert line == {"明": 1, "今": 2, "机": 5, "深": 6}[text[0]]  # lines as typed, blank ones counted
        assert score == pytest.approx(encoder.similarity(SENTENCE_A, text), abs=1e-5)
    assert page.compare_table.cell_text(0, 2) == f"{scores[0]:.4f}"
    assert "4" in page.compare_info.text()
    QApplication.sendEvent(page, QEvent(QEvent.Type.LanguageChange))  # retranslating keeps the rows
    assert page.compare_table.headers() == ["Line", "Sentence", "Similarity"] and page.compare_table.rows() == rows
    assert page.tabs.tabText(0) == "Compare" and page.tabs.tabText(1) == "Search"

    # copy: every row, as shown
    assert page.copy_compare_button.isEnabled()
    qtbot.mouseClick(page.copy_compare_button, Qt.MouseButton.LeftButton)
    copied = QGuiApplication.clipboard().text().splitlines()
    assert copied[0].split("\t") == page.compare_table.headers() and len(copied) == 1 + len(SENTENCES_B)
    assert copied[1].split("\t")[1] == SENTENCE_A

    # export: the full-precision numbers, through the save dialog
    out = tmp_path / "导出" / "sim"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(out), "CSV (*.csv)"))
    with qtbot.waitSignal(page.statusMessage, timeout=10_000, check_params_cb=lambda m: "sim.csv" in m):
        qtbot.mouseClick(page.export_compare_button, Qt.MouseButton.LeftButton)
    with open(tmp_path / "导出" / "sim.csv", encoding="utf-8-sig", newline="") as fh:
        table = list(csv.reader(fh))
    assert table[0] == ["Line", "Sentence", "Similarity"]
    assert [r[1] for r in table[1:]] == [r[1] for r in rows]
    assert [float(r[2]) for r in table[1:]] == pytest.approx(scores, abs=1e-6)


def write_corpus(folder):
    (folder / "sub").mkdir(parents=True)
    (folder / "a.txt").write_text(UTF8_TEXT, encoding="utf-8")
    (folder / "b.txt").write_bytes(GB18030_TEXT.encode("gb18030"))
    (folder / "sub" / "c.txt").write_text(UTF16_TEXT, encoding="utf-16")  # with a BOM
    (folder / ".hidden.txt").write_text("不算在内。", encoding="utf-8")


def build(qtbot, page):
    before = page.index_stats()
    qtbot.mouseClick(page.build_button, Qt.MouseButton.LeftButton)
    assert not page.build_button.isEnabled() and not page.corpus.isEnabled()  # while it runs
    qtbot.waitUntil(lambda: page.index_stats() is not None and page.index_stats() is not before, timeout=60_000)
    wait_idle(qtbot, page)
    return page.index_stats()


def test_index_a_folder_in_three_encodings_search_and_reuse_the_cache(make_page, home, encoder, qtbot, tmp_path, monkeypatch):
    corpus = tmp_path / "语料 库"
    write_corpus(corpus)
    page = make_page(home)
    page.tabs.setCurrentIndex(1)
    assert not page.build_button.isEnabled() and not page.search_button.isEnabled()
    monkeypatch.setattr(QFileDialog, "getExistingDirectory", lambda *a, **k: str(corpus))
    qtbot.mouseClick(page.corpus_folder_button, Qt.MouseButton.LeftButton)
    assert page.corpus.text() == str(corpus) and page.unit_choice() == "auto"
    assert page.build_button.isEnabled()

    stats = build(qtbot, page)
    assert stats.rebuilt and stats.files_read == 3 and stats.files_unchanged == 0
    assert stats.entries == 6 and stats.embedded == 6 and stats.reused == 0
    assert "6 encoded now, 0 reused" in page.index_info.text()

    query = "刘䶮是南汉的开国皇帝。"  # the GB18030 file's sentence, with a character only GB18030 encodes
    page.query.setText(query)
    page.top_k.setValue(3)
    qtbot.mouseClick(page.search_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: page.search_table.row_count() == 3, timeout=60_000)
    wait_idle(qtbot, page)
    hits = page.search_table.rows()
    assert page.search_table.headers() == ["Rank", "Score", "File", "Line / offset", "Text"]
    assert [h[0] for h in hits] == [1, 2, 3]
    assert hits[0][2] == "b.txt" and hits[0][4] == query and hits[0][3] == "@0"
    assert hits[0][1] == pytest.approx(1.0, abs=1e-5)
    for _rank, score, _source, _where, text in hits:
        assert score == pytest.approx(encoder.similarity(query, text), abs=1e-5)
    all_texts = {t for t in (UTF8_TEXT + UTF16_TEXT + GB18030_TEXT).replace("。", "。\n").splitlines() if t}
    assert {h[4] for h in hits} <= all_texts
    # the UTF-16 file under sub/ was read as text, not bytes
    page.top_k.setValue(10)
    qtbot.mouseClick(page.search_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: page.search_table.row_count() == 6, timeout=60_000)
    assert {h[2] for h in page.search_table.rows()} == {"a.txt", "b.txt", "sub/c.txt"}
    assert {h[4] for h in page.search_table.rows()} == all_texts

    # the second build reuses every vector and reads no file
    stats = build(qtbot, page)
    assert not stats.rebuilt and stats.embedded == 0 and stats.reused == 6 and stats.files_unchanged == 3
    assert "0 encoded now, 6 reused" in page.index_info.text()

    # one new sentence: only it is encoded
    with open(corpus / "a.txt", "a", encoding="utf-8") as fh:
        fh.write("新加的一句话在这里。")
    stats = build(qtbot, page)
    assert stats.embedded == 1 and stats.reused == 6 and stats.files_read == 1 and stats.files_unchanged == 2

    # another unit is another index: search waits for a build
    page.set_unit("document")
    assert page.index_stats() is None and not page.search_button.isEnabled()
    assert "No index yet" in page.index_info.text()
    stats = build(qtbot, page)
    assert stats.rebuilt and stats.entries == 3

    # export the hits as TSV
    qtbot.mouseClick(page.search_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: page.search_table.row_count() == 3, timeout=60_000)
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(tmp_path / "hits"), "Tab-separated text (*.tsv)"))
    with qtbot.waitSignal(page.statusMessage, timeout=10_000, check_params_cb=lambda m: "hits.tsv" in m):
        qtbot.mouseClick(page.export_search_button, Qt.MouseButton.LeftButton)
    lines = (tmp_path / "hits.tsv").read_text(encoding="utf-8").splitlines()
    assert lines[0].split("\t") == ["Rank", "Score", "File", "Line / offset", "Text"] and len(lines) == 4


def test_a_corpus_file_is_indexed_by_line(make_page, home, qtbot, tmp_path, monkeypatch):
    corpus = tmp_path / "sentences.txt"
    corpus.write_text("第一行。\n\n第二行，还有逗号。\n第一行。\n", encoding="gb18030")
    page = make_page(home)
    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *a, **k: (str(corpus), ""))
    qtbot.mouseClick(page.corpus_file_button, Qt.MouseButton.LeftButton)
    stats = build(qtbot, page)
    assert stats.entries == 3 and stats.unique == 2
    page.query.setText("第二行，还有逗号。")
    qtbot.keyClick(page.query, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: page.search_table.row_count() == 3, timeout=60_000)
    first = page.search_table.rows()[0]
    assert first[2] == "sentences.txt" and first[3] == "3" and first[4] == "第二行，还有逗号。"


def test_cancel_a_long_indexing(make_page, home, qtbot, tmp_path):
    from zoo_desktop.tasks.search_index import index_path

    corpus = tmp_path / "long.txt"
    corpus.write_text("\n".join(f"第{i}条很长的测试句子，用来让建立索引花一些时间。" * 3 for i in range(6000)), encoding="utf-8")
    page = make_page(home)
    page.set_corpus(str(corpus))
    cancelled = []
    page.statusMessage.connect(cancelled.append)
    qtbot.mouseClick(page.build_button, Qt.MouseButton.LeftButton)
    (row,) = page.job_panel.rows()
    assert row.cancel_button.isEnabled()
    qtbot.mouseClick(row.cancel_button, Qt.MouseButton.LeftButton)
    wait_idle(qtbot, page, timeout=30_000)
    assert "Cancelled" in cancelled
    assert page.index_stats() is None and not page.search_button.isEnabled()
    assert page.build_button.isEnabled() and page.corpus.isEnabled()
    assert not index_path(home / "cache", "sb", corpus, "line").exists()  # nothing half-written was kept


def test_a_missing_corpus_shows_an_error(make_page, home, qtbot, tmp_path):
    from zoo_desktop.app.error_dialog import ErrorDialog

    page = make_page(home)
    page.set_corpus(str(tmp_path / "nowhere"))
    qtbot.mouseClick(page.build_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: page.findChild(ErrorDialog, "errorDialog") is not None, timeout=60_000)
    dialog = page.findChild(ErrorDialog, "errorDialog")
    assert dialog.heading.text() == "Could not build the index"
    assert "does not exist" in dialog.message.text()
    assert "zoo-desktop.log" in dialog.log_label.text()
    dialog.close()
    assert page.index_stats() is None


def test_no_model_state(make_page, zoo_home, qtbot):
    page = make_page(zoo_home)  # an empty store
    assert page.model_id() == ""
    assert page.no_model.isVisibleTo(page) and "SimBERT" in page.no_model_label.text()
    page.sentence_a.setText(SENTENCE_A)
    page.sentences_b.setPlainText("\n".join(SENTENCES_B))
    page.set_corpus(str(zoo_home))
    page.query.setText("查询")
    for button in (page.compare_button, page.build_button, page.search_button):
        assert not button.isEnabled()
    assert page.compare() is None and page.build_index() is None and page.search() is None
    with qtbot.waitSignal(page.openModelsRequested, timeout=1000):
        qtbot.mouseClick(page.open_models_button, Qt.MouseButton.LeftButton)


def test_a_model_without_sentence_vectors_is_not_offered(make_page, home, qtbot):
    from zoo_desktop.app.model_rows import load_model_rows
    from zoo_desktop.paths import ZooPaths

    page = make_page(home)
    rows = {r.id: r for r in load_model_rows(ZooPaths(home)) if r.installed}
    assert rows["wb"].ready and "embed" not in rows["wb"].usable_for  # converted, but no pooled output
    assert [page.picker.itemData(i) for i in range(page.picker.count())] == ["sb"]
    page.update_models([rows["wb"]])
    assert page.picker.count() == 0 and page.model_id() == ""
    assert page.no_model.isVisibleTo(page) and not page.compare_button.isEnabled()
    page.update_models(list(rows.values()))
    assert page.model_id() == "sb" and not page.no_model.isVisibleTo(page)


def test_vectors_ignore_blank_lines():
    from zoo_desktop.app.vector_jobs import sentence_lines

    assert sentence_lines(" a \n\n\tb\n  ") == [(1, "a"), (3, "b")]
