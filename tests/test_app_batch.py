"""The Batch page: files and folders in, one task over all of them, a results file out; per-file outcomes in a
live table; a bad file fails alone; Cancel, then Resume finishes the run without redoing a file."""

from __future__ import annotations

import csv
import io
import json
import threading
from pathlib import Path

import pytest
from PySide6.QtCore import Qt, QThreadPool
from PySide6.QtWidgets import QFileDialog

from zoo_desktop.summarize import summarize_extractive

TEXT_A = (
    "水运工程项目作为我国航运和水利的重要组成部分，其重要性不言而喻。"
    "针对现阶段水运工程项目建设和运行过程中存在的管理制度不够完善、施工材料耗损大等问题，采用全过程管理模式对水运工程项目进行管理。"
    "全过程管理模式覆盖项目的规划、设计、施工和运行各个阶段。"
    "实践表明，该模式能够有效降低施工材料耗损，提高水运工程项目的管理水平。"
)
TEXT_B = "南汉是五代十国时期的政权之一，位于今广东、广西一带。刘䶮于九一七年在番禺称帝，国号大越，次年改国号为汉。南汉历经四主，共五十五年，九七一年为北宋所灭。"
TEXT_C = "深度学习在自然语言处理中的应用越来越广泛。预训练模型显著提高了文本分类的准确率。本文比较了几种中文预训练模型在多个数据集上的表现。"
TEXT_D = "桌面应用可以在本地运行中文预训练模型。用户的文件不离开自己的电脑。模型转换为ONNX格式后，推理速度明显提高。"
MAX_CHARS = 60


def long_text(i: int, paragraphs: int = 15) -> str:
    return "".join(f"第{i}篇第{k}段。" + TEXT_B + TEXT_C for k in range(paragraphs))


@pytest.fixture
def make_page(qtbot, tmp_path, zoo_home):
    from zoo_desktop.app.batch_page import BatchPage
    from zoo_desktop.app.engine_holder import EngineHolder
    from zoo_desktop.app.settings import AppSettings
    from zoo_desktop.app.workers import JobTracker
    from zoo_desktop.paths import ZooPaths

    made = []

    def make(home: Path | None = None):
        paths = ZooPaths(home) if home is not None else ZooPaths.from_env()
        settings = AppSettings.from_file(tmp_path / f"s{len(made)}.ini")
        pool = QThreadPool()
        pool.setMaxThreadCount(2)
        jobs = JobTracker(pool)
        engines = EngineHolder(paths, settings)
        page = BatchPage(paths, settings, jobs, engines)
        qtbot.addWidget(page)
        page.resize(1100, 700)
        page.show()
        made.append((jobs, engines))
        return page

    yield make
    for jobs, engines in made:
        jobs.shutdown(20000)
        engines.close()


@pytest.fixture
def docs(tmp_path):
    """A folder of documents in several encodings and formats, one empty and one binary (both fail),
    and a file of an unsupported type (ignored)."""
    import docx

    folder = tmp_path / "文档 集"
    folder.mkdir()
    (folder / "a-utf8.txt").write_text(TEXT_A, encoding="utf-8")
    (folder / "b-gb18030.txt").write_bytes(TEXT_B.encode("gb18030"))
    (folder / "c-utf16.txt").write_bytes(TEXT_C.encode("utf-16"))
    document = docx.Document()
    for sentence in TEXT_D.split("。"):
        if sentence:
            document.add_paragraph(sentence + "。")
    document.save(str(folder / "d-word.docx"))
    (folder / "e-empty.txt").write_bytes(b"")
    (folder / "f-binary.txt").write_bytes(bytes(range(256)) * 8)
    (folder / "notes.bin").write_bytes(b"\x00\x01")
    return folder


def wait_ended(qtbot, page, timeout=60000) -> str:
    with qtbot.waitSignal(page.batchEnded, timeout=timeout) as blocker:
        pass
    return blocker.args[0]


def table(page) -> list[list[str]]:
    return [[page.table.cell_text(r, c) for c in range(4)] for r in range(page.table.row_count())]


def click(qtbot, widget):
    assert widget.isEnabled(), widget.objectName()
    qtbot.mouseClick(widget, Qt.MouseButton.LeftButton)


def test_folder_to_csv_with_failures_shown_and_skipped(make_page, qtbot, docs, tmp_path, monkeypatch):
    page = make_page()
    assert page.objectName() == "batchPage"
    assert not page.run_button.isEnabled()  # no files, no output yet
    monkeypatch.setattr(QFileDialog, "getExistingDirectory", lambda *a, **k: str(docs))
    click(qtbot, page.add_folder_button)
    assert page.input_paths() == [str(docs)]

    assert page.current_task() == "summarize"
    assert page.summarize_model.current_model_id() == "extractive"  # always available
    assert page.max_chars.isVisibleTo(page) and not page.beam.isVisibleTo(page)
    page.max_chars.setValue(MAX_CHARS)
    page.format.setCurrentIndex(page.format.findData("csv"))
    out = tmp_path / "结果" / "batch results"
    out.parent.mkdir()
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(out), ""))
    click(qtbot, page.choose_output_button)
    assert page.output_path.text() == str(out) + ".csv"  # the format's suffix is added
    csv_out = Path(page.output())

    click(qtbot, page.run_button)
    assert not page.run_button.isEnabled() and not page.add_files_button.isEnabled()  # settings stay put while it runs
    assert len(page.job_panel.rows()) == 1
    assert wait_ended(qtbot, page) == "finished"

    rows = {r[0]: r for r in table(page)}
    prefix = docs.name + "/"
    names = ("a-utf8.txt", "b-gb18030.txt", "c-utf16.txt", "d-word.docx", "e-empty.txt", "f-binary.txt")
    assert [r[0] for r in table(page)] == [prefix + n for n in names]  # in the order they finished
    expected = {"a-utf8.txt": TEXT_A, "b-gb18030.txt": TEXT_B, "c-utf16.txt": TEXT_C, "d-word.docx": "\n".join(s + "。" for s in TEXT_D.split("。") if s)}
    for name, text in expected.items():
        status, result = rows[prefix + name][1], rows[prefix + name][3]
        assert status == "ok", rows[prefix + name]
        assert result == summarize_extractive(text, max_chars=MAX_CHARS).text
    assert rows[prefix + "e-empty.txt"][1] == "failed" and "empty" in rows[prefix + "e-empty.txt"][3]
    assert rows[prefix + "f-binary.txt"][1] == "failed" and rows[prefix + "f-binary.txt"][3]

    data = csv_out.read_bytes()
    assert data.startswith(b"\xef\xbb\xbf")  # spreadsheet programs read Chinese
    written = list(csv.DictReader(io.StringIO(data.decode("utf-8-sig"))))
    assert sorted(Path(r["source"]).name for r in written) == sorted(expected)  # failed files have no row
    for r in written:
        assert r["method"] == "extractive"
        assert r["summary"] == rows[prefix + Path(r["source"]).name][3]

    assert page.progress_label.text() == "6 of 6 files"
    summary = page.summary.text()
    assert "Done: 4" in summary and "failed: 2" in summary and "resumed: 0" in summary
    assert "1 files of unsupported types" in summary and str(csv_out) in summary
    assert page.report().done == 4 and len(page.report().failed) == 2
    assert page.output_folder() == csv_out.parent
    assert page.open_output_button.isEnabled()
    qtbot.waitUntil(lambda: page.journal() is not None)
    assert page.journal().complete and not page.resume_button.isVisible()  # nothing to resume
    assert page.run_button.isEnabled()


def test_cancel_then_resume_does_each_file_once(make_page, qtbot, tmp_path, monkeypatch):
    import time

    from zoo_desktop.tasks.summarize import Summarizer

    real = Summarizer.summarize

    def paced(self, *args, **kwargs):  # each file takes a moment, so the cancel lands mid-batch on any machine
        time.sleep(0.3)
        return real(self, *args, **kwargs)

    monkeypatch.setattr(Summarizer, "summarize", paced)
    folder = tmp_path / "long"
    folder.mkdir()
    total = 8
    for i in range(total):
        (folder / f"{i:02d}.txt").write_text(long_text(i), encoding="utf-8")
    page = make_page()
    page.add_files([str(folder)])
    page.max_chars.setValue(80)
    page.format.setCurrentIndex(page.format.findData("jsonl"))
    out = tmp_path / "out.jsonl"
    page.set_output(str(out))

    click(qtbot, page.run_button)
    qtbot.waitUntil(lambda: page.table.row_count() >= 1, timeout=60000)
    qtbot.waitUntil(lambda: page.progress_label.text().endswith(f"of {total} files"), timeout=5000)
    qtbot.waitUntil(lambda: page.current_file.text().endswith(".txt"), timeout=5000)  # the file being worked on
    click(qtbot, page.job_panel.rows()[0].cancel_button)
    assert wait_ended(qtbot, page) == "cancelled"
    done_before = page.table.row_count()
    assert 0 < done_before < total, done_before
    assert all(r[1] == "ok" for r in table(page))
    assert f"Stopped after {done_before} files" in page.summary.text()

    # the output holds exactly the finished files, each line whole
    lines = out.read_text(encoding="utf-8").splitlines()
    assert len(lines) == done_before
    first_sources = [json.loads(line)["source"] for line in lines]
    # a kill in the middle of a write leaves a torn record: resume must cut it away
    with open(out, "ab") as fh:
        fh.write(b'{"source": "torn')

    qtbot.waitUntil(lambda: page.resume_button.isVisible() and page.resume_button.isEnabled(), timeout=10000)
    assert f"({done_before} files finished)" in page.journal_info.text()
    page.max_chars.setValue(300)  # Resume continues the stopped run with that run's options
    click(qtbot, page.resume_button)
    assert page.max_chars.value() == 80
    assert wait_ended(qtbot, page, timeout=120000) == "finished"

    rows = table(page)
    assert len(rows) == total
    assert [r[1] for r in rows].count("resumed") == done_before
    assert [r[1] for r in rows].count("ok") == total - done_before
    records = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    sources = [r["source"] for r in records]
    assert len(sources) == total and len(set(sources)) == total  # complete, nothing done twice
    assert sources[:done_before] == first_sources
    assert {Path(s).name for s in sources} == {f"{i:02d}.txt" for i in range(total)}
    for r in records:
        i = int(Path(r["source"]).stem)
        assert r["summary"] == summarize_extractive(long_text(i), max_chars=80).text
    report = page.report()
    assert report.resumed == done_before and report.done == total and not report.failed
    assert f"resumed: {done_before}" in page.summary.text()
    qtbot.waitUntil(lambda: not page.resume_button.isVisible(), timeout=10000)


def test_txt_folder_output_and_run_starts_over(make_page, qtbot, tmp_path):
    a, b = tmp_path / "一.txt", tmp_path / "二.md"
    a.write_text(TEXT_A, encoding="utf-8")
    b.write_text(TEXT_C, encoding="utf-8")
    page = make_page()
    page.add_files([str(a), str(b)])
    page.format.setCurrentIndex(page.format.findData("txt"))
    out = tmp_path / "summaries"
    qtbot.keyClicks(page.output_path, str(out))
    click(qtbot, page.run_button)
    assert wait_ended(qtbot, page) == "finished"
    assert (out / "一.txt.txt").read_text(encoding="utf-8").strip() == summarize_extractive(TEXT_A, max_chars=120).text
    assert (out / "二.md.txt").read_text(encoding="utf-8").strip() == summarize_extractive(TEXT_C, max_chars=120).text
    assert page.output_folder() == out
    # Run again: from the start, not resumed
    click(qtbot, page.run_button)
    assert wait_ended(qtbot, page) == "finished"
    assert [r[1] for r in table(page)] == ["ok", "ok"]
    # switching the format fixes the output's suffix
    page.format.setCurrentIndex(page.format.findData("csv"))
    assert page.output() == str(out) + ".csv"
    page.format.setCurrentIndex(page.format.findData("jsonl"))
    assert page.output() == str(out) + ".jsonl"


def test_add_files_from_outside_remove_and_clear(make_page, qtbot, tmp_path):
    page = make_page()
    messages = []
    page.statusMessage.connect(messages.append)
    a, b = tmp_path / "a.txt", tmp_path / "b.docx"
    assert page.add_files([str(a), str(b), str(a)]) == 2  # e.g. the Summarize page's queue
    assert page.add_files([str(b)]) == 0
    assert page.input_paths() == [str(a), str(b)]
    assert page.file_list.item(0).text() == "a.txt" and page.file_list.item(0).toolTip() == str(a)
    assert "2 entries" in page.file_count.text()
    assert messages[-1] == "Added 2 to the batch"
    assert not page.run_button.isEnabled()  # no output yet
    page.set_output(str(tmp_path / "r.csv"))
    assert page.run_button.isEnabled()
    assert not page.remove_button.isEnabled()
    page.file_list.item(0).setSelected(True)
    click(qtbot, page.remove_button)
    assert page.input_paths() == [str(b)]
    click(qtbot, page.clear_button)
    assert page.input_paths() == [] and not page.run_button.isEnabled()
    assert "No files yet" in page.file_count.text()


def test_classify_without_a_classifier_says_so(make_page, qtbot, tmp_path):
    from zoo_desktop.app.model_rows import load_model_rows
    from zoo_desktop.paths import ZooPaths

    page = make_page()
    page.update_models(load_model_rows(ZooPaths.from_env()))  # an empty store
    page.add_files([str(tmp_path)])
    page.set_output(str(tmp_path / "r.csv"))
    assert page.run_button.isEnabled()  # summarizing needs no model
    page.task.setCurrentIndex(page.task.findData("classify"))
    assert page.no_model.isVisible() and "classifier" in page.no_model.text()
    assert not page.classify_model.isEnabled()
    assert not page.run_button.isEnabled() and page.run() is None  # never a fake result
    with qtbot.waitSignal(page.openModelsRequested, timeout=1000):
        click(qtbot, page.open_models_button)
    page.task.setCurrentIndex(page.task.findData("summarize"))
    assert not page.no_model.isVisible() and page.run_button.isEnabled()


def test_errors_are_shown_plainly(make_page, qtbot, tmp_path):
    from zoo_desktop.app.error_dialog import ErrorDialog

    blocker = tmp_path / "a file"
    blocker.write_text("x", encoding="utf-8")
    doc = tmp_path / "doc.txt"
    doc.write_text(TEXT_A, encoding="utf-8")
    page = make_page()
    page.add_files([str(doc)])
    page.set_output(str(blocker / "out.csv"))  # a folder that cannot exist
    click(qtbot, page.run_button)
    assert wait_ended(qtbot, page) == "failed"
    dialog = page.findChild(ErrorDialog)
    assert dialog is not None and dialog.heading.text() == "The batch could not run"
    assert "zoo-desktop.log" in dialog.log_label.text()
    dialog.close()
    assert "error" in page.summary.text()

    # a missing input is an error too, not an empty result
    missing = tmp_path / "gone.txt"
    page.clear_files()
    page.add_files([str(missing)])
    page.set_output(str(tmp_path / "out.csv"))
    click(qtbot, page.run_button)
    assert wait_ended(qtbot, page) == "failed"
    dialogs = [d for d in page.findChildren(ErrorDialog) if d.isVisible()]
    assert dialogs and "does not exist" in dialogs[-1].message.text()
    assert page.run_button.isEnabled()


@pytest.fixture(scope="module")
def t5_home(releases, tmp_path_factory):
    from zoo_test_support import converted_store

    home = tmp_path_factory.mktemp("batch-t5")
    converted_store(releases, home, "t5", "t5")
    return home


@pytest.mark.tf
def test_t5_pegasus_summaries_through_the_model_picker(make_page, qtbot, tmp_path, t5_home, monkeypatch):
    from zoo_desktop.app.model_rows import load_model_rows
    from zoo_desktop.paths import ZooPaths

    monkeypatch.setenv("ZOO_HOME", str(t5_home))
    a, b = tmp_path / "a.txt", tmp_path / "b.txt"
    a.write_text(TEXT_A, encoding="utf-8")
    b.write_bytes(TEXT_B.encode("gb18030"))
    page = make_page(t5_home)
    page.update_models(load_model_rows(ZooPaths(t5_home)))
    assert [page.summarize_model.itemData(i) for i in range(page.summarize_model.count())] == ["extractive", "t5"]
    assert page.summarize_model.select("t5")
    assert page.max_tokens.isVisibleTo(page) and page.beam.isVisibleTo(page) and not page.max_chars.isVisibleTo(page)
    page.max_tokens.setValue(6)
    page.add_files([str(a), str(b)])
    out = tmp_path / "t5.csv"
    page.set_output(str(out))
    click(qtbot, page.run_button)
    assert wait_ended(qtbot, page, timeout=120000) == "finished"
    assert [r[1] for r in table(page)] == ["ok", "ok"]
    written = list(csv.DictReader(io.StringIO(out.read_text(encoding="utf-8-sig"))))
    assert [Path(r["source"]).name for r in written] == ["a.txt", "b.txt"]
    assert all(r["model"] == "t5" and r["method"] == "abstractive" for r in written)
    assert [r["summary"] for r in written] == [r[3] for r in table(page)]
    assert all(len(json.loads(r["token_ids"])) <= 6 for r in written)


# ---- Run on: a Ray cluster ------------------------------------------------------------------------------------


@pytest.fixture
def ray_stopped():
    """Whatever Ray a page's job started in this process is shut down (its local cluster's processes with it)."""
    yield
    import sys

    if "ray" in sys.modules:
        import ray

        if ray.is_initialized():
            ray.shutdown()
        assert not ray.is_initialized()


def ray_data_threads() -> list[str]:
    return [t.name for t in threading.enumerate() if t.name.startswith(("StreamingExecutor", "zoo-cluster-results"))]


def cluster_docs(folder: Path, count: int) -> Path:
    folder.mkdir()
    for i in range(count):
        (folder / f"{i:02d}.txt").write_text(f"第{i}篇。" + TEXT_B, encoding="utf-8")
    return folder


def test_run_on_choice_address_and_token_are_remembered(make_page, qtbot, tmp_path):
    from zoo_desktop.app.settings import AppSettings

    page = make_page()
    assert page.run_on.currentData() == "computer" and not page.cluster_address.isVisibleTo(page)
    page.add_files([str(tmp_path)])
    page.set_output(str(tmp_path / "r.jsonl"))
    assert page.run_button.isEnabled()
    page.run_on.setCurrentIndex(page.run_on.findData("cluster"))
    assert page.cluster_address.isVisibleTo(page) and page.token_file.isVisibleTo(page)
    assert not page.run_button.isEnabled()  # a cluster needs its address
    qtbot.keyClicks(page.cluster_address, "127.0.0.1:6380")
    assert page.run_button.isEnabled()
    page.token_file.setText(str(tmp_path / "token"))
    settings = AppSettings.from_file(tmp_path / "s0.ini")  # the page's settings file, read afresh
    assert (settings.batch_run_on, settings.batch_cluster_address, settings.batch_token_file) == ("cluster", "127.0.0.1:6380", str(tmp_path / "token"))
    settings._s.setValue("batch/cluster_address", "ray://nonsense")
    assert settings.batch_cluster_address == ""  # a malformed stored address reads as none


def test_an_unreachable_cluster_is_shown_with_the_error_dialog(make_page, qtbot, tmp_path, ray_stopped):
    import socket

    from zoo_desktop.app.error_dialog import ErrorDialog

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    docs = cluster_docs(tmp_path / "docs", 2)
    page = make_page()
    page.add_files([str(docs)])
    page.set_output(str(tmp_path / "out.jsonl"))
    page.run_on.setCurrentIndex(page.run_on.findData("cluster"))
    page.cluster_address.setText(f"127.0.0.1:{port}")
    click(qtbot, page.run_button)
    assert wait_ended(qtbot, page) == "failed"
    dialog = page.findChild(ErrorDialog)
    assert dialog is not None and dialog.heading.text() == "The batch could not run"
    shown = dialog.message.text()
    assert f"127.0.0.1:{port}" in shown and "cannot be reached" in shown, shown
    dialog.close()


@pytest.mark.slow
def test_local_cluster_runs_a_job_from_the_page_like_this_computer(make_page, qtbot, tmp_path, ray_stopped):
    docs = cluster_docs(tmp_path / "docs", 6)
    page = make_page()
    page.add_files([str(docs)])
    page.format.setCurrentIndex(page.format.findData("jsonl"))
    page.set_output(str(tmp_path / "here.jsonl"))
    click(qtbot, page.run_button)
    assert wait_ended(qtbot, page) == "finished"
    assert page.nodes_label.text() == ""  # nodes only on a cluster

    page.set_output(str(tmp_path / "cluster.jsonl"))
    page.run_on.setCurrentIndex(page.run_on.findData("cluster"))
    page.cluster_address.setText("local:1")
    click(qtbot, page.run_button)
    assert wait_ended(qtbot, page, timeout=300000) == "finished"
    assert [r[1] for r in table(page)] == ["ok"] * 6
    assert page.report().done == 6
    assert page.nodes_label.text().startswith("Documents by node: ") and page.nodes_label.text().endswith(": 6")
    assert "documents/s" in page.rate_label.text()

    def rows(name):
        return [{k: v for k, v in json.loads(line).items() if k != "seconds"} for line in (tmp_path / name).read_text(encoding="utf-8").splitlines()]

    assert rows("cluster.jsonl") == rows("here.jsonl")  # the same file, in input order


@pytest.mark.slow
@pytest.mark.filterwarnings("error::pytest.PytestUnhandledThreadExceptionWarning")  # no Ray thread dies under the shutdown
def test_cancel_on_a_local_cluster_leaves_a_resumable_output(make_page, qtbot, tmp_path, monkeypatch, ray_stopped):
    from zoo_desktop.tasks.batch import read_journal

    monkeypatch.setenv("ZOO_CLUSTER_TEST_BATCH_DELAY", "1.0")  # each batch of 8 takes a second on the actor
    total = 40
    docs = cluster_docs(tmp_path / "docs", total)
    page = make_page()
    page.add_files([str(docs)])
    page.format.setCurrentIndex(page.format.findData("jsonl"))
    out = tmp_path / "out.jsonl"
    page.set_output(str(out))
    page.run_on.setCurrentIndex(page.run_on.findData("cluster"))
    page.cluster_address.setText("local:1")
    click(qtbot, page.run_button)
    qtbot.waitUntil(lambda: page.table.row_count() >= 8, timeout=300000)
    click(qtbot, page.job_panel.rows()[0].cancel_button)
    assert wait_ended(qtbot, page, timeout=120000) == "cancelled"
    assert ray_data_threads() == []  # stopped before ray.shutdown(): under it they crashed the app
    _, entries = read_journal(out.with_name(out.name + ".journal"))
    done_before = len({e["source"] for e in entries if e.get("status") == "done"})
    assert 8 <= done_before < total and not any("complete" in e for e in entries)

    qtbot.waitUntil(lambda: page.resume_button.isVisible() and page.resume_button.isEnabled(), timeout=10000)
    page.run_on.setCurrentIndex(page.run_on.findData("computer"))  # resumed here: either kind of run resumes the other
    monkeypatch.delenv("ZOO_CLUSTER_TEST_BATCH_DELAY")
    click(qtbot, page.resume_button)
    assert wait_ended(qtbot, page, timeout=120000) == "finished"
    assert [r[1] for r in table(page)].count("resumed") == done_before
    sources = [json.loads(line)["source"] for line in out.read_text(encoding="utf-8").splitlines()]
    assert len(sources) == len(set(sources)) == total  # each document once


@pytest.mark.filterwarnings("error::pytest.PytestUnhandledThreadExceptionWarning")
def test_cancel_before_the_first_row_stops_ray_data_at_once(make_page, qtbot, tmp_path, monkeypatch, ray_stopped):
    monkeypatch.setenv("ZOO_CLUSTER_TEST_BATCH_DELAY", "600")  # no row would come back for ten minutes
    page = make_page()
    page.add_files([str(cluster_docs(tmp_path / "docs", 4))])
    page.set_output(str(tmp_path / "out.jsonl"))
    page.run_on.setCurrentIndex(page.run_on.findData("cluster"))
    page.cluster_address.setText("local:1")
    click(qtbot, page.run_button)
    qtbot.waitUntil(lambda: any(name.startswith("StreamingExecutor") for name in ray_data_threads()), timeout=180000)
    click(qtbot, page.job_panel.rows()[0].cancel_button)
    assert wait_ended(qtbot, page, timeout=60000) == "cancelled"  # the executor was stopped, not waited for
    assert ray_data_threads() == []
