"""Render every page, in English and in Chinese, to PNG files for a person to look at.

They go to $ZOO_TEST_ARTIFACTS/app-screenshots when that is set, otherwise to the test's temp folder
(printed). Without a CJK font (fonts-noto-cjk) the Chinese renders as boxes; the test does not need one.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from PySide6.QtGui import QImage

from test_app_helpers import GB18030_TEXT, app_settings, language, make_window  # noqa: F401
from zoo_desktop.app.main_window import PAGE_KEYS


@pytest.fixture
def artifacts(tmp_path) -> Path:
    root = os.environ.get("ZOO_TEST_ARTIFACTS")
    folder = Path(root) / "app-screenshots" if root else tmp_path / "app-screenshots"
    folder.mkdir(parents=True, exist_ok=True)
    return folder


@pytest.mark.parametrize("lang", ["en", "zh_CN"])
def test_render_every_page(make_window, qtbot, tmp_path, artifacts, lang):
    window = make_window(lang)
    window.resize(1180, 760)
    doc = tmp_path / "南汉简介.txt"
    doc.write_bytes(GB18030_TEXT.encode("gb18030"))
    other = tmp_path / "第二份.txt"
    other.write_text("第二份文档。", encoding="utf-8")
    window.open_files([str(doc), str(other)])
    page = window.summarize_page
    qtbot.waitUntil(lambda: page.document() is not None, timeout=10000)
    page.summarize(90)
    qtbot.waitUntil(lambda: page.summary_text() != "", timeout=20000)
    window.show_page("settings")
    qtbot.waitUntil(lambda: not window.jobs.active(), timeout=20000)
    window.models_page.select_model("simbert-tiny")

    written = []
    for key in PAGE_KEYS:
        window.show_page(key)
        qtbot.wait(20)
        out = artifacts / f"{lang}-{PAGE_KEYS.index(key)}-{key}.png"
        assert window.grab().save(str(out)), out
        written.append(out)
    from zoo_desktop.app.error_dialog import show_error

    dialog = show_error(
        window.models_page,
        window.models_page.tr("Could not import the model"),
        "the archive holds no readable model config (bert_config.json or config.json)",
        "Traceback (most recent call last):\n  ...\nzoo_desktop.errors.InvalidSource: ...",
        window.paths.log_file,
    )
    dialog.details_button.click()
    qtbot.waitExposed(dialog)
    out = artifacts / f"{lang}-error-dialog.png"
    assert dialog.grab().save(str(out))
    written.append(out)
    dialog.close()
    print(f"\nscreenshots: {artifacts}")
    for out in written:
        image = QImage(str(out))
        assert image.width() >= 400 and image.height() >= 200
    assert QImage(str(written[0])).width() >= 1000
