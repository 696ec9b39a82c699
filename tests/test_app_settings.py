"""AppSettings: typed, validated, persisted (isolated ini files), and the Settings page that edits it."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QByteArray, QSettings

from test_app_helpers import app_settings, language, make_window  # noqa: F401
from zoo_desktop.app.settings import MAX_RECENT, AppSettings, is_mirror_url
from zoo_http_server import ZooTestServer, no_proxy_env, server  # noqa: F401


def test_defaults(tmp_path):
    s = AppSettings.from_file(tmp_path / "s.ini")
    assert s.language == "system"
    assert s.device == "auto"
    assert s.threads == 0
    assert s.theme == "system"
    assert s.summary_decoding == {}
    assert s.recent_documents == []
    assert s.window_geometry.isEmpty()


def test_values_persist_across_instances(tmp_path):
    path = tmp_path / "设置" / "s.ini"
    s = AppSettings.from_file(path)
    s.language = "zh_CN"
    s.device = "gpu:0"
    s.threads = 3
    s.theme = "dark"
    s.summary_decoding = {"method": "greedy", "max_len": 48, "unknown": 1}
    s.recent_documents = ["/a/一.txt"]
    s.window_geometry = QByteArray(b"\x01\x02")
    s.sync()
    again = AppSettings(QSettings(str(path), QSettings.Format.IniFormat))
    assert again.language == "zh_CN"
    assert again.device == "gpu:0"
    assert again.threads == 3
    assert again.theme == "dark"
    assert again.summary_decoding == {"method": "greedy", "max_len": 48}
    assert again.recent_documents == ["/a/一.txt"]
    assert bytes(again.window_geometry) == b"\x01\x02"


def test_invalid_values_are_refused_and_corrupt_ones_read_as_defaults(tmp_path):
    path = tmp_path / "s.ini"
    s = AppSettings.from_file(path)
    with pytest.raises(ValueError):
        s.language = "fr"
    with pytest.raises(ValueError):
        s.device = "tpu"
    with pytest.raises(ValueError):
        s.threads = -1
    raw = QSettings(str(path), QSettings.Format.IniFormat)
    raw.setValue("ui/language", "klingon")
    raw.setValue("engine/threads", "many")
    raw.setValue("engine/device", 42)
    raw.sync()
    again = AppSettings.from_file(path)
    assert (again.language, again.threads, again.device) == ("system", 0, "auto")


def test_recent_documents_most_recent_first_unique_and_capped(tmp_path):
    s = AppSettings.from_file(tmp_path / "s.ini")
    for i in range(MAX_RECENT + 5):
        s.add_recent_document(f"/docs/{i}.txt")
    s.add_recent_document("/docs/3.txt")
    recent = s.recent_documents
    assert len(recent) == MAX_RECENT
    assert recent[0] == "/docs/3.txt" and recent[1] == f"/docs/{MAX_RECENT + 4}.txt"
    assert len(set(recent)) == len(recent)
    s.remove_recent_document("/docs/3.txt")
    assert "/docs/3.txt" not in s.recent_documents
    s.recent_documents = ["/only.txt"]  # a one-element list survives the ini round trip as a list
    s.sync()
    assert AppSettings.from_file(tmp_path / "s.ini").recent_documents == ["/only.txt"]


def test_settings_page_saves_changes(make_window, app_settings, qtbot):
    window = make_window()
    page = window.settings_page
    window.show_page("settings")
    page.device.setCurrentIndex(page.device.findData("cpu"))
    page.threads.setValue(2)
    page.theme.setCurrentIndex(page.theme.findData("light"))
    assert str(window.paths.models) == page.store_path.text() and page.store_path.isReadOnly()
    again = AppSettings.from_file(app_settings.file_name)
    assert (again.device, again.threads, again.theme) == ("cpu", 2, "light")
    # the device check runs onnxruntime's import on a worker, never on the GUI thread
    qtbot.waitUntil(lambda: "onnxruntime" in page.device_status.text() and "Checking" not in page.device_status.text(), timeout=20000)
    app_settings.add_recent_document("/x.txt")
    window.summarize_page.reload_recent()
    page.clear_recent_button.click()
    assert app_settings.recent_documents == [] and window.summarize_page.recent_list.count() == 0
    page.theme.setCurrentIndex(page.theme.findData("system"))


def test_moving_the_store_from_the_settings_page(make_window, releases, qtbot, tmp_path, monkeypatch):
    from PySide6.QtWidgets import QMessageBox

    from zoo_desktop.cli.main import main as zoo

    assert zoo(["models", "import", str(releases("roberta")), "--id", "rb"]) == 0
    window = make_window()
    window.show_page("settings")
    page = window.settings_page
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: QMessageBox.StandardButton.Yes)
    destination = tmp_path / "新 位置"
    with qtbot.waitSignal(page.storeMoved, timeout=60000) as moved:
        job = page.move_store(str(destination))
        assert job is not None and not page.move_store_button.isEnabled()
    assert moved.args == [str(destination / "models")]
    assert page.store_path.text() == str(destination / "models")
    assert (destination / "models" / "rb" / "manifest.json").is_file()
    assert window.paths.models == destination / "models"
    # the Models page reads the moved store
    qtbot.waitUntil(lambda: any(r.id == "rb" and r.folder and r.folder.startswith(str(destination)) for r in window.models_page.rows()), timeout=20000)
    qtbot.waitUntil(lambda: page.move_store_button.isEnabled(), timeout=5000)


def test_summary_decoding_is_remembered_and_validated(qtbot, tmp_path, app_settings, zoo_home):
    from PySide6.QtCore import QThreadPool

    from zoo_desktop.app.summarize_page import SummarizePage
    from zoo_desktop.app.workers import JobTracker
    from zoo_desktop.paths import ZooPaths

    pool = QThreadPool()
    page = SummarizePage(ZooPaths.from_env(), app_settings, JobTracker(pool))
    qtbot.addWidget(page)
    page.set_decode_options(method="sample", top_k=7, top_p=0.8, max_len=40, seed=3, temperature=0.7)
    again = SummarizePage(ZooPaths.from_env(), AppSettings.from_file(app_settings.file_name), JobTracker(pool))
    qtbot.addWidget(again)
    assert again.decode_options() == {"beam_size": 1, "max_len": 40, "temperature": 0.7, "sample": True, "top_k": 7, "top_p": 0.8, "seed": 3}
    # a hand-edited or corrupt value never breaks the page
    app_settings._s.setValue("summarize/decoding", '{"method": "nonsense", "beam_size": "4", "max_len": true, "top_k": 5}')
    assert app_settings.summary_decoding == {"top_k": 5}
    app_settings._s.setValue("summarize/decoding", "{not json")
    assert app_settings.summary_decoding == {}
    pool.waitForDone(5000)


@pytest.mark.parametrize(
    "value, ok",
    [
        ("https://mirror.example.com/zoo", True),
        ("http://127.0.0.1:8080/", True),
        ("HTTPS://镜像.example/模型", True),
        ("ftp://mirror.example/zoo", False),
        ("file:///srv/zoo", False),
        ("javascript:alert(1)", False),
        ("mirror.example.com/zoo", False),
        ("http://", False),
        ("http://host:port/zoo", False),
        ("https://mirror example.com/zoo", False),
        ("", False),
    ],
)
def test_what_a_download_mirror_may_be(value, ok):
    assert is_mirror_url(value) is ok


def test_a_hand_edited_mirror_that_is_no_http_address_reads_as_none(tmp_path):
    s = AppSettings.from_file(tmp_path / "s.ini")
    s.download_mirror = " https://mirror.example.com/zoo "
    assert s.download_mirror == "https://mirror.example.com/zoo"
    with pytest.raises(ValueError):
        s.download_mirror = "file:///srv/zoo"
    s._s.setValue("downloads/mirror", "ftp://mirror.example/zoo")
    assert s.download_mirror == ""


def test_the_download_mirror_from_the_settings_page(make_window, app_settings, qtbot, server, monkeypatch, zoo_home):
    """Typed on the Settings page: saved when valid (Enter or leaving the field), refused inline otherwise, read
    back by a new page, and used by the Models page at once (its rows' addresses and the Download job)."""
    from PySide6.QtCore import Qt
    from zoo_desktop.app.error_dialog import ErrorDialog
    from zoo_desktop.app.settings_page import SettingsPage
    from zoo_test_support import store_snapshot

    monkeypatch.delenv("ZOO_MIRROR", raising=False)
    window = make_window()
    window.show_page("settings")
    page, models = window.settings_page, window.models_page
    assert page.downloads_box.title() == "Downloads" and page.mirror_label.text() == "Mirror:"
    assert page.mirror_edit.text() == "" and "release archives by name" in page.mirror_edit.placeholderText()
    assert "<mirror>/<archive name>" in page.mirror_note.text() and not page.mirror_error.isVisibleTo(page)
    assert "open.zhuiyi.ai" in models.row("roberta-tiny").download_url and models.row("wobert").download_url is None

    mirror = server.url("/status/404")
    qtbot.keyClicks(page.mirror_edit, "  " + mirror)
    with qtbot.waitSignal(page.downloadMirrorChanged, timeout=5000) as saved:
        qtbot.keyClick(page.mirror_edit, Qt.Key.Key_Return)
    assert saved.args == [mirror] and page.mirror_edit.text() == mirror
    assert AppSettings.from_file(app_settings.file_name).download_mirror == mirror
    # the Models page re-reads its rows with the new mirror, no restart
    qtbot.waitUntil(lambda: models.row("wobert").download_url == f"{mirror}/chinese_wobert_L-12_H-768_A-12.zip", timeout=10000)
    assert models.row("roberta-tiny").download_url == f"{mirror}/chinese_roberta_L-4_H-312_A-12.zip"
    qtbot.waitUntil(lambda: models.download_cell("wobert") is not None, timeout=5000)

    # a new page (as after a restart) reads it back
    again = SettingsPage(window.paths, AppSettings.from_file(app_settings.file_name), window.jobs)
    qtbot.addWidget(again)
    assert again.mirror_edit.text() == mirror

    # refused: inline message, the saved value and the Models page unchanged
    changes = []
    page.downloadMirrorChanged.connect(changes.append)
    for bad in ("ftp://mirror.example/zoo", "file:///srv/zoo", "mirror.example.com/zoo", "http://"):
        assert page.set_download_mirror(bad) is False, bad
        assert page.mirror_error.isVisibleTo(page) and "http:// or https://" in page.mirror_error.text()
        assert app_settings.download_mirror == mirror and page.mirror_edit.text() == bad  # left to correct
    qtbot.keyClicks(page.mirror_edit, "x")
    assert not page.mirror_error.isVisibleTo(page)  # typing clears the message about the old text
    assert changes == [] and models.row("wobert").download_url.startswith(mirror)

    # the Download button uses the new mirror
    before = store_snapshot(zoo_home)
    models.download_cell("roberta-tiny").download_button.click()
    qtbot.waitUntil(lambda: window.findChild(ErrorDialog) is not None, timeout=15000)
    assert [h.path for h in server.hits] == ["/status/404/chinese_roberta_L-4_H-312_A-12.zip"]
    window.findChild(ErrorDialog).close()
    assert store_snapshot(zoo_home) == before

    # empty: back to the cards' own addresses
    assert page.set_download_mirror("") is True
    assert app_settings.download_mirror == "" and changes == [""]
    qtbot.waitUntil(lambda: models.row("wobert").download_url is None, timeout=10000)
    assert "open.zhuiyi.ai" in models.row("roberta-tiny").download_url
    qtbot.waitUntil(lambda: not window.jobs.active(), timeout=10000)


def test_the_mirror_message_in_chinese(make_window, app_settings):
    from test_app_helpers import is_translated, visible_strings

    page = make_window("zh_CN").settings_page
    assert page.set_download_mirror("ftp://mirror.example/zoo") is False
    assert "http:// 或 https://" in page.mirror_error.text()
    box = [(where, text) for where, text in visible_strings(page.downloads_box) if not is_translated(text)]
    assert box == [] and app_settings.download_mirror == ""


def _page(kind: str, settings, qtbot, pool):
    """A fresh Classify, Paraphrase or Train page over `settings` (as when the app starts again)."""
    from zoo_desktop.app.classify_page import ClassifyPage
    from zoo_desktop.app.engine_holder import EngineHolder
    from zoo_desktop.app.paraphrase_page import ParaphrasePage
    from zoo_desktop.app.train_page import TrainPage
    from zoo_desktop.app.workers import JobTracker
    from zoo_desktop.paths import ZooPaths

    paths = ZooPaths.from_env()
    cls = {"classify": ClassifyPage, "paraphrase": ParaphrasePage, "train": TrainPage}[kind]
    page = cls(paths, settings, JobTracker(pool), EngineHolder(paths, settings))
    qtbot.addWidget(page)
    return page


@pytest.mark.parametrize("kind, chosen, stored_key", [
    ("classify", {"top_k": 3, "batch_size": 8}, "classify/options"),
    ("paraphrase", {"count": 7, "samples": 40, "top_k": 12, "top_p": 0.85, "max_len": 30, "seed": 11}, "paraphrase/options"),
    ("train", {"schedule": "linear", "warmup_steps": 300, "seed": 7}, "train/options"),
])
def test_page_options_are_remembered_and_validated(qtbot, app_settings, zoo_home, kind, chosen, stored_key):
    from PySide6.QtCore import QThreadPool

    pool = QThreadPool()
    page = _page(kind, app_settings, qtbot, pool)
    getter, setter = ("run_options", "set_run_options") if kind == "train" else ("option_values", "set_option_values")
    defaults = getattr(page, getter)()
    assert defaults != chosen
    getattr(page, setter)(**chosen)
    again = _page(kind, AppSettings.from_file(app_settings.file_name), qtbot, pool)
    assert getattr(again, getter)() == chosen
    # hand-edited or corrupt values fall back to the defaults, one by one
    first = next(iter(chosen))
    app_settings._s.setValue(stored_key, '{"%s": "nonsense", "unknown": 1, "seed": 99999999999}' % first)
    app_settings.sync()
    fallback = _page(kind, AppSettings.from_file(app_settings.file_name), qtbot, pool)
    assert getattr(fallback, getter)() == defaults
    app_settings._s.setValue(stored_key, "{not json")
    app_settings.sync()
    assert getattr(_page(kind, AppSettings.from_file(app_settings.file_name), qtbot, pool), getter)() == defaults
    pool.waitForDone(5000)


def test_train_options_reach_the_recipe(qtbot, app_settings, zoo_home):
    from PySide6.QtCore import QThreadPool

    from zoo_desktop.train.recipes import ClassifyRecipe

    pool = QThreadPool()
    page = _page("train", app_settings, qtbot, pool)
    assert not page.warmup_steps.isEnabled()  # only the linear schedule has a warm-up
    page.set_run_options(schedule="linear", warmup_steps=50, seed=5)
    assert page.warmup_steps.isEnabled()
    recipe = ClassifyRecipe.from_json(page.recipe_values()).check()
    assert (recipe.schedule, recipe.warmup_steps, recipe.seed) == ("linear", 50, 5)
    pool.waitForDone(5000)
