"""The Summarize page with a converted (random-weight) T5 PEGASUS: choosing the model, decoding options,
streamed partial summaries, the same text as the service, cancelling, saving, and going back to the
built-in extractive summarizer."""

from __future__ import annotations

import time

import pytest
from PySide6.QtCore import Qt, QThreadPool

from zoo_test_support import converted_store

pytest.importorskip("pytestqt")
pytestmark = pytest.mark.tf

MODEL = "t5s"
SENTENCES = [
    "今天天气很好，我们去公园散步。",
    "中文自然语言处理的预训练模型可以在桌面上运行。",
    "机器学习方法在医学图像分析中的应用研究，以肺结节检测为例。",
    "实验比较了多种模型的效果，结果表明集成模型的准确率最高。",
    "最后，本文讨论了模型在临床中应用的前景和局限。",
]
LONG = "".join(SENTENCES * 3)


@pytest.fixture(scope="module")
def home(releases, tmp_path_factory):
    home = tmp_path_factory.mktemp("summarize-page-t5")
    converted_store(releases, home, "t5", MODEL)
    return home


@pytest.fixture
def page(home, qtbot, tmp_path, monkeypatch):
    from zoo_desktop.app.engine_holder import EngineHolder
    from zoo_desktop.app.model_rows import load_model_rows
    from zoo_desktop.app.settings import AppSettings
    from zoo_desktop.app.summarize_page import SummarizePage
    from zoo_desktop.app.workers import JobTracker
    from zoo_desktop.paths import ZooPaths

    monkeypatch.setenv("ZOO_HOME", str(home))
    paths = ZooPaths(home)
    settings = AppSettings.from_file(tmp_path / "s.ini")
    settings.threads = 1
    pool = QThreadPool()
    pool.setMaxThreadCount(2)
    jobs = JobTracker(pool)
    engines = EngineHolder(paths, settings)
    widget = SummarizePage(paths, settings, jobs, engines)
    qtbot.addWidget(widget)
    widget.show()
    qtbot.waitExposed(widget)
    widget.update_models(load_model_rows(paths))
    yield widget
    jobs.shutdown(10000)
    engines.close()


@pytest.fixture(scope="module")
def summarizer(home):
    from zoo_desktop.engine.runtime import Engine
    from zoo_desktop.paths import ZooPaths
    from zoo_desktop.store.store import ModelStore
    from zoo_desktop.tasks.summarize import Summarizer

    engine = Engine(ModelStore(ZooPaths(home)), threads=1)
    yield Summarizer(engine)
    engine.close()


def open_document(page, qtbot, path):
    page.open_files([str(path)])  # what a drop on the window does
    qtbot.waitUntil(lambda: page.document() is not None and page.document().path == path, timeout=10000)


def click(qtbot, widget):
    assert widget.isEnabled() and widget.isVisible()
    qtbot.mouseClick(widget, Qt.MouseButton.LeftButton)


def test_picker_offers_the_model_first_and_the_builtin_summarizer(page, qtbot):
    picker = page.model_picker
    assert [picker.itemData(i) for i in range(picker.count())] == [MODEL, "extractive"]
    assert page.model_id() == MODEL  # the best T5 PEGASUS is the default
    assert page.decode_box.isVisible() and not page.length.isVisible()
    assert not page.abstractive_note.isVisible() and not page.open_models_button.isVisible()
    assert "Abstractive summary by t5s" in page.result_kind.text()
    # decoding options follow the method
    page.set_decode_options(method="greedy")
    assert not page.beam_size.isEnabled() and not page.temperature.isEnabled() and not page.top_k.isEnabled()
    assert page.decode_options() == {"beam_size": 1, "max_len": 32}
    page.set_decode_options(method="sample", top_k=5, top_p=0.9, temperature=0.7, seed=3, max_len=10)
    assert page.top_k.isEnabled() and page.seed.isEnabled() and not page.beam_size.isEnabled()
    assert page.decode_options() == {
        "beam_size": 1, "max_len": 10, "temperature": 0.7, "sample": True, "top_k": 5, "top_p": 0.9, "seed": 3
    }
    # no model: the built-in summarizer alone, and the way to the Models page
    page.update_models([])
    assert picker.count() == 1 and page.model_id() == "extractive"
    assert page.abstractive_note.isVisible() and "T5 PEGASUS" in page.abstractive_note.text()
    assert not page.decode_box.isVisible() and page.length.isVisible()
    with qtbot.waitSignal(page.openModelsRequested, timeout=1000):
        click(qtbot, page.open_models_button)


def test_streamed_summary_equals_the_service(page, qtbot, tmp_path, summarizer):
    from zoo_desktop.tasks.summarize import DecodeOptions, SummaryRequest

    doc = tmp_path / "长文.txt"
    doc.write_bytes(LONG.encode("gb18030"))
    open_document(page, qtbot, doc)
    page.model_picker.select(MODEL)
    page.set_decode_options(method="beam", beam_size=2, max_len=60, max_input=48)
    partials: list[tuple[float, str, str]] = []
    page.partialShown.connect(lambda text: partials.append((time.monotonic(), text, page.result_info.text())))
    started = time.monotonic()
    click(qtbot, page.summarize_button)
    assert page.is_summarizing() and page.job_panel.isVisible()
    qtbot.waitUntil(lambda: page.summary() is not None, timeout=60000)
    ended = time.monotonic()
    result = page.summary()

    expected = summarizer.summarize(
        SummaryRequest(LONG, model_id=MODEL, decode=DecodeOptions(beam_size=2, max_len=60, temperature=1.0), max_input=48)
    )
    assert page.summary_text() == expected.text == result.text
    assert result.token_ids == expected.token_ids and result.levels >= 1
    # streamed: several updates before the end, at most ~20 a second, the result box following them
    assert len(partials) >= 2, partials
    assert len(partials) <= (ended - started) / 0.05 + 2
    assert any("part 1 of" in info for _, _, info in partials)
    assert any(text for _, text, _ in partials)
    assert "Abstractive summary by t5s" in page.result_kind.text()
    assert "tokens" in page.result_info.text() and "parts" in page.result_info.text()
    qtbot.waitUntil(lambda: not page.is_summarizing() and not page.job_panel.isVisible(), timeout=5000)
    assert page.copy_button.isEnabled() and page.save_button.isEnabled()

    out = tmp_path / "摘要.md"
    page.save_summary(out)
    qtbot.waitUntil(out.is_file, timeout=10000)
    saved = out.read_text("utf-8")
    assert "T5 PEGASUS model t5s" in saved and "beam size 2" in saved and "at most 60 tokens" in saved
    assert result.text.strip() in saved


def test_cancel_mid_generation_is_quick_and_leaves_the_page_ready(page, qtbot):
    page.preview.setPlainText(LONG * 2)
    page.set_decode_options(method="beam", beam_size=4, max_len=400, max_input=48)
    shown = []
    page.partialShown.connect(shown.append)
    click(qtbot, page.summarize_button)
    qtbot.waitUntil(lambda: len(shown) >= 2, timeout=30000)
    assert page.is_summarizing() and page.summary() is None
    (row,) = page.job_panel.rows()
    t0 = time.monotonic()
    click(qtbot, row.cancel_button)
    qtbot.waitUntil(lambda: not page.is_summarizing(), timeout=5000)
    elapsed = time.monotonic() - t0
    assert elapsed < 1.0, f"cancelling took {elapsed:.2f} s"
    assert page.summary() is None and page.summary_text() == "" and page.result.toPlainText() == ""
    assert page.result_info.text() == "Cancelled."
    qtbot.waitUntil(lambda: not page.job_panel.isVisible(), timeout=2000)
    assert page.summarize_button.isEnabled() and page.model_picker.isEnabled()
    assert not page.copy_button.isEnabled()
    # the page is ready for the next summary
    page.set_decode_options(max_len=5)
    click(qtbot, page.summarize_button)
    qtbot.waitUntil(lambda: page.summary() is not None, timeout=60000)
    assert page.summary().model_id == MODEL and len(page.summary().token_ids) <= 5


def test_back_to_the_extractive_summarizer(page, qtbot):
    page.preview.setPlainText("".join(SENTENCES))
    picker = page.model_picker
    picker.setFocus()
    qtbot.keyClick(picker, Qt.Key.Key_End)  # the last item: the built-in summarizer
    assert page.model_id() == "extractive"
    assert not page.decode_box.isVisible() and page.length.isVisible()
    page.length.setValue(60)
    shown = []
    page.partialShown.connect(shown.append)
    click(qtbot, page.summarize_button)
    qtbot.waitUntil(lambda: page.summary() is not None, timeout=20000)
    assert 0 < len(page.summary_text()) <= 60
    assert all(s in SENTENCES for s in page.summary_text().replace("。", "。\n").split())  # taken from the text
    assert "Extractive summary" in page.result_kind.text() and "sentences" in page.result_info.text()
    assert shown == []  # the extractive summarizer streams nothing


def test_a_model_that_cannot_run_shows_the_error(page, qtbot):
    from dataclasses import replace

    from zoo_desktop.app.error_dialog import ErrorDialog
    from zoo_desktop.app.model_rows import load_model_rows
    from zoo_desktop.paths import ZooPaths

    (row,) = [r for r in load_model_rows(ZooPaths.from_env()) if r.id == MODEL]
    page.update_models([row, replace(row, id="ghost", parameters=(row.parameters or 0) + 1)])
    assert page.model_id() == "ghost"  # larger, so first
    page.preview.setPlainText(SENTENCES[0])
    click(qtbot, page.summarize_button)
    qtbot.waitUntil(lambda: page.findChild(ErrorDialog) is not None, timeout=20000)
    dialog = page.findChild(ErrorDialog)
    assert "Could not summarize" in dialog.heading.text() and "ghost" in dialog.message.text()
    dialog.close()
    qtbot.waitUntil(lambda: not page.is_summarizing(), timeout=5000)
    assert page.summary_text() == "" and page.summarize_button.isEnabled()
