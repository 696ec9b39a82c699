"""`zoo-desktop --self-test`: check, headless, that the installed app has everything it needs.

Runs inside the built bundle (and from a source checkout): Qt offscreen with the SVG icon plugin and the
translations, the shipped data, the tokenizer with jieba (dictionary and a writable cache under the user's
data directory), onnxruntime on a tiny bundled graph, and the extractive summarizer on a bundled sample
document. Prints one line per check and exits non-zero when any check fails. Needs no model and no network.
"""

from __future__ import annotations

import os
import sys
import time
import traceback
from typing import Callable

SAMPLE_DOCUMENT = "sample_zh.txt"
TINY_GRAPH = "tiny.onnx"
SAMPLE_VOCAB = "vocab.txt"


def _check_environment() -> str:
    from zoo_desktop import __version__
    from zoo_desktop.paths import ZooPaths

    frozen = "frozen bundle" if getattr(sys, "frozen", False) else "source"
    home = ZooPaths.from_env().home
    return f"zoo-desktop {__version__}, Python {sys.version.split()[0]}, {frozen}, data {home}"


def _check_data() -> str:
    from zoo_desktop.catalog.cards import Catalog
    from zoo_desktop.resources import catalog_dir, resources_dir

    res = resources_dir()
    for name in (f"samples/{SAMPLE_DOCUMENT}", f"samples/{TINY_GRAPH}", "icons/app.svg", "converter-requirements.txt"):
        if not (res / name).is_file():
            raise FileNotFoundError(f"missing shipped file {res / name}")
    cards = Catalog.load()
    if not cards:
        raise RuntimeError(f"no catalog cards in {catalog_dir()}")
    return f"{len(cards)} catalog cards, resources in {res}"


def _check_platform() -> str:
    """Whether the app's window could open here (the self-test itself runs offscreen): a missing system
    library fails; no display only says that the command line is what works on this machine."""
    from zoo_desktop.app import platform_check

    result = platform_check.check()
    if result.status == platform_check.MISSING_LIBRARIES:
        raise RuntimeError(result.summary())
    return result.summary()


def _check_qt() -> str:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6 import __version__ as pyside_version
    from PySide6.QtCore import QLocale, QTranslator
    from PySide6.QtWidgets import QApplication

    from zoo_desktop.app.i18n import translations_dir
    from zoo_desktop.app.icons import icon

    app = QApplication.instance() or QApplication([sys.argv[0], "-platform", os.environ["QT_QPA_PLATFORM"]])
    if icon("app").isNull() or icon("app").pixmap(32, 32).isNull():
        raise RuntimeError("the SVG icon did not render (Qt's svg image format plugin is missing)")
    folder = translations_dir()
    translator = QTranslator()
    if folder is None or not translator.load(QLocale("zh_CN"), "zoo_desktop", "_", str(folder)):
        raise RuntimeError(f"cannot load the zh_CN translation from {folder}")
    return f"PySide6 {pyside_version}, platform {app.platformName()}, SVG icons and zh_CN translation load"


def _check_tokenizer() -> str:
    from zoo_desktop.paths import ZooPaths
    from zoo_desktop.resources import resources_dir
    from zoo_desktop.tokenizer import Tokenizer

    cache = ZooPaths.from_env().cache / "jieba"
    samples = resources_dir() / "samples"
    tok = Tokenizer.from_vocab_file(samples / SAMPLE_VOCAB, pre_tokenize="jieba", cache_dir=cache)
    text = "动物园的大熊猫馆需要提前预约。"
    encoded = tok.encode(text)
    ids = encoded[0] if isinstance(encoded, tuple) else encoded
    tokens = tok.tokenize(text)
    if not tokens or "[UNK]" in tokens[1:-1]:
        raise RuntimeError(f"unexpected tokens {tokens}")
    import jieba

    from zoo_desktop.tokenizer.pretokenize import get_segmenter

    words = get_segmenter(cache_dir=cache).cut("我来到北京清华大学")
    if "清华大学" not in words:
        raise RuntimeError(f"jieba's dictionary is not in use: {words}")
    cached = sorted(p.name for p in cache.glob("*.chunks")) if cache.is_dir() else []
    return f"{len(tokens)} tokens, {len(ids)} ids; jieba {jieba.__version__} cache {cached or 'in temp dir'} in {cache}"


def _check_onnxruntime() -> str:
    import numpy as np
    import onnxruntime as ort

    from zoo_desktop.resources import resources_dir

    path = resources_dir() / "samples" / TINY_GRAPH
    session = ort.InferenceSession(path.read_bytes(), providers=["CPUExecutionProvider"])
    x = np.arange(6, dtype=np.float32).reshape(2, 3)
    (y,) = session.run(None, {"x": x})
    if not np.allclose(y, x * 2 + 1):
        raise RuntimeError(f"wrong result {y}")
    return f"onnxruntime {ort.__version__}, providers {ort.get_available_providers()}, tiny graph ok"


def _check_summarizer() -> str:
    from zoo_desktop.resources import resources_dir
    from zoo_desktop.summarize import summarize_extractive

    text = (resources_dir() / "samples" / SAMPLE_DOCUMENT).read_text(encoding="utf-8")
    summary = summarize_extractive(text, max_chars=120)
    if not summary.text or len(summary.text) > 120:
        raise RuntimeError(f"bad summary {summary!r}")
    return f"{len(summary.sentence_indices)} sentences: {summary.text[:40]}…"


def _check_documents() -> str:
    import docx  # noqa: F401  (python-docx, for .docx documents)
    import pypdf

    return f"python-docx and pypdf {pypdf.__version__} import"


def _check_window() -> str:
    """Build the main window and every page (a page missing from a bundle shows up here, not in front of a user)."""
    import tempfile
    from pathlib import Path

    from PySide6.QtCore import QThreadPool

    from zoo_desktop.app.main_window import PAGE_KEYS, MainWindow
    from zoo_desktop.app.settings import AppSettings
    from zoo_desktop.paths import ZooPaths

    with tempfile.TemporaryDirectory(prefix="zoo-selftest-") as tmp:
        pool = QThreadPool()
        window = MainWindow(ZooPaths(Path(tmp) / "home"), AppSettings.from_file(Path(tmp) / "settings.ini"), pool)
        try:
            for key in PAGE_KEYS:
                window.page(key)
        finally:
            window.jobs.shutdown(5000)
            window.deleteLater()
    return f"{len(PAGE_KEYS)} pages built"


def _check_tensorflow_absent() -> str:
    if "tensorflow" in sys.modules:
        raise RuntimeError("TensorFlow was imported by the app")
    if getattr(sys, "frozen", False):
        import importlib.util

        for name in ("tensorflow", "torch", "onnx", "bert4keras"):
            if importlib.util.find_spec(name) is not None:
                raise RuntimeError(f"{name} is in the bundle; it must be excluded")
    from zoo_desktop.convert import environment

    return f"not loaded; conversions run with PYTHONPATH {environment.PACKAGE_ROOT}"


CHECKS: list[tuple[str, Callable[[], str]]] = [
    ("environment", _check_environment),
    ("shipped data", _check_data),
    ("platform", _check_platform),  # before "qt", which switches to the offscreen platform
    ("qt", _check_qt),
    ("window", _check_window),
    ("tokenizer+jieba", _check_tokenizer),
    ("onnxruntime", _check_onnxruntime),
    ("summarizer", _check_summarizer),
    ("documents", _check_documents),
    ("tensorflow", _check_tensorflow_absent),
]


def run(out=None) -> int:
    out = out or sys.stdout
    failures = 0
    start = time.perf_counter()
    print("zoo-desktop self-test", file=out)
    for name, check in CHECKS:
        t0 = time.perf_counter()
        try:
            detail = check()
            status = "ok"
        except Exception as exc:  # every failure is reported, then the next check runs
            failures += 1
            status = "FAIL"
            detail = f"{type(exc).__name__}: {exc}"
            traceback.print_exc(file=sys.stderr)
        print(f"[{status:>4}] {name:<16} {detail} ({(time.perf_counter() - t0) * 1000:.0f} ms)", file=out, flush=True)
    total = time.perf_counter() - start
    verdict = "all checks passed" if not failures else f"{failures} check(s) FAILED"
    print(f"{verdict} in {total:.2f} s", file=out, flush=True)
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(run())
