"""The GUI thread keeps turning while a beam search streams its partial summaries and a model converts,
both started from the pages through one JobTracker: a 5 ms timer on the GUI thread must never wait 50 ms.

The first summary of a process is held to a looser bound (100 ms, margin for a loaded 2-core machine): it builds
the tokenizer's tables, jieba's dictionary (and its cache, in this fresh home) and opens the ONNX sessions on the
worker. That used to freeze the window for 0.3-0.7 s (single GIL-holding C calls: unmarshalling jieba's tables,
full garbage collections while building the trie, one array and one decode over all 1.1M code points); all
are sliced now. Opening the sessions releases the GIL and does not stall."""

from __future__ import annotations

import statistics
import time

import pytest
from PySide6.QtCore import QThreadPool, QTimer, Qt

from zoo_test_support import converted_store

pytest.importorskip("pytestqt")
pytestmark = [pytest.mark.tf, pytest.mark.slow]  # a conversion under load takes minutes

MAX_GAP_S = 0.050
MAX_FIRST_SUMMARY_GAP_S = 0.100
TEXT = (
    "今天天气很好，我们去公园散步。中文自然语言处理的预训练模型可以在桌面上运行。"
    "机器学习方法在医学图像分析中的应用研究，以肺结节检测为例。实验比较了多种模型的效果，结果表明集成模型的准确率最高。"
    "最后，本文讨论了模型在临床中应用的前景和局限。"
) * 6


@pytest.fixture(scope="module")
def home(releases, tmp_path_factory):
    from zoo_desktop.paths import ZooPaths
    from zoo_desktop.store.importer import Importer, ImportRequest
    from zoo_desktop.store.store import ModelStore

    home = tmp_path_factory.mktemp("stall")
    converted_store(releases, home, "t5", "t5s")
    Importer(ModelStore(ZooPaths(home))).run(ImportRequest(str(releases("roberta", as_zip=True)), "rb"))  # not converted
    return home


class GapRecorder:
    """A 5 ms timer on the GUI thread; the gaps between its timeouts that begin while `measuring()` is true
    (or at `begin()`): a stall that lasts until the job ends is one long gap, not none."""

    def __init__(self, measuring) -> None:
        self.gaps: list[float] = []
        self._measuring = measuring
        self._last: float | None = None
        self.timer = QTimer()
        self.timer.setTimerType(Qt.TimerType.PreciseTimer)
        self.timer.setInterval(5)
        self.timer.timeout.connect(self._tick)

    def begin(self) -> None:
        """Measure from now: call it right before starting the job."""
        self._last = time.perf_counter()

    def _tick(self) -> None:
        now = time.perf_counter()
        if self._last is not None:
            self.gaps.append(now - self._last)
        self._last = now if self._measuring() else None


def test_gui_does_not_stall_during_beam_search_and_conversion(home, qtbot, tmp_path, monkeypatch, record_property):
    from zoo_desktop.app.engine_holder import EngineHolder
    from zoo_desktop.app.model_rows import load_model_rows
    from zoo_desktop.app.models_page import ModelsPage
    from zoo_desktop.app.settings import AppSettings
    from zoo_desktop.app.summarize_page import SummarizePage
    from zoo_desktop.app.workers import JobTracker
    from zoo_desktop.paths import ZooPaths

    monkeypatch.setenv("ZOO_HOME", str(home))
    paths = ZooPaths(home)
    settings = AppSettings.from_file(tmp_path / "s.ini")
    pool = QThreadPool()
    pool.setMaxThreadCount(2)
    jobs = JobTracker(pool)
    engines = EngineHolder(paths, settings)
    models = ModelsPage(paths, jobs)
    page = SummarizePage(paths, settings, jobs, engines)
    for widget in (models, page):
        qtbot.addWidget(widget)
        widget.show()
    models.rowsChanged.connect(page.update_models)
    page.update_models(load_model_rows(paths))
    assert page.model_id() == "t5s"
    page.preview.setPlainText(TEXT)
    page.set_decode_options(method="beam", beam_size=4, max_input=48)
    shown = []
    page.partialShown.connect(shown.append)

    # the first summary of the process (cold: tokenizer tables, jieba, ONNX sessions), on its own
    cold = GapRecorder(page.is_summarizing)
    cold.timer.start()
    page.set_decode_options(max_len=4)
    cold.begin()
    page.summarize()
    qtbot.waitUntil(lambda: page.summary() is not None, timeout=60000)
    cold.timer.stop()
    page.set_decode_options(max_len=256)
    shown.clear()

    convert = models.convert_model("rb")
    converting = []
    convert.signals.ended.connect(lambda: converting.append("ended"))
    summaries = [page.summarize()]

    def both_running() -> bool:
        return not converting and page.is_summarizing()

    recorder = GapRecorder(both_running)
    recorder.timer.start()
    try:
        deadline = time.monotonic() + 500
        while not converting and time.monotonic() < deadline:
            qtbot.wait(50)
            if not page.is_summarizing() and not converting:  # keep a beam search running beside the conversion
                summaries.append(page.summarize())
        assert converting, "the conversion did not end in time"
    finally:
        recorder.timer.stop()
        page.cancel_summary()
        jobs.shutdown(20000)
        engines.close()

    from zoo_desktop.store.store import ModelStore

    assert ModelStore(paths).get("rb").manifest.conversion, "the conversion failed"
    gaps = sorted(recorder.gaps)
    assert len(gaps) > 200, f"too little overlap measured ({len(gaps)} ticks)"
    assert shown, "no partial summary was streamed"
    worst = gaps[-1]
    p99 = gaps[int(0.99 * (len(gaps) - 1))]
    message = (
        f"GUI event-loop gaps over {len(gaps)} ticks: max {worst * 1000:.1f} ms, p99 {p99 * 1000:.1f} ms, "
        f"median {statistics.median(gaps) * 1000:.1f} ms; {len(shown)} partial updates, {len(summaries)} summaries; "
        f"the cold first summary alone: max {max(cold.gaps, default=0) * 1000:.1f} ms over {len(cold.gaps)} ticks"
    )
    print(message)
    record_property("gui_gaps", message)
    assert worst < MAX_GAP_S, message
    assert cold.gaps, "the first summary was not measured"
    assert max(cold.gaps) < MAX_FIRST_SUMMARY_GAP_S, message
