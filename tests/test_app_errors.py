"""Failures shown in the interface language: a translated sentence for the kind of error above the
service's exact (English) message, which stays for the log and for searching."""

from __future__ import annotations

import pytest

from test_app_helpers import language  # noqa: F401
from zoo_desktop.app.error_dialog import show_error
from zoo_desktop.app.error_text import explain
from zoo_desktop.app.workers import JobFailure
from zoo_desktop.errors import ChecksumMismatch, DiskFull, UnsafeArchive, ZooError


def test_most_specific_class_wins():
    assert "unsafe" in explain(UnsafeArchive("x"))
    assert "checksum" in explain(ChecksumMismatch("x"))
    assert "disk space" in explain(DiskFull("x"))
    assert "allowed" in explain(PermissionError("x"))  # an OSError subclass, before OSError
    assert explain(ZooError("x")) is None and explain(None) is None and explain(ValueError("x")) is None


def test_dialog_in_chinese_puts_the_explanation_first(qtbot, language, tmp_path):
    from PySide6.QtWidgets import QWidget

    language.apply("zh_CN")
    parent = QWidget()
    qtbot.addWidget(parent)
    failure = JobFailure("not enough free space in /x: the models need 2.00 GiB", "Traceback ...", DiskFull("..."))
    dialog = show_error(parent, "移动失败", failure, log_file=tmp_path / "zoo-desktop.log")
    text = dialog.message.text()
    first, _, rest = text.partition("\n\n")
    assert any("\u4e00" <= ch <= "\u9fff" for ch in first), first  # translated
    assert rest == failure.message
    assert dialog.details.toPlainText() == "Traceback ..."
    dialog.close()


@pytest.mark.parametrize("error", [OSError("x"), ZooError("plain")])
def test_unknown_kinds_keep_the_message(qtbot, error):
    from PySide6.QtWidgets import QWidget

    parent = QWidget()
    qtbot.addWidget(parent)
    dialog = show_error(parent, "h", JobFailure("the message", "", error))
    assert dialog.message.text().endswith("the message")
    dialog.close()


# -- errors carry their details as fields where they are raised; the dialog says them in the interface language


def _raised(fn, *args, **kwargs) -> BaseException:
    try:
        fn(*args, **kwargs)
    except Exception as exc:  # noqa: BLE001 - the test inspects whatever was raised
        return exc
    raise AssertionError(f"{fn.__name__} did not fail")


def _real_errors(tmp_path, zoo_home):
    """Errors raised by the real services on real files, with the details each should carry."""
    from zoo_desktop.documents import load_document
    from zoo_desktop.paths import ZooPaths
    from zoo_desktop.store.archive import ensure_free_space, open_zip
    from zoo_desktop.store.store import ModelStore

    store = ModelStore(ZooPaths(zoo_home))
    broken = tmp_path / "release.zip"
    broken.write_bytes(b"PK\x03\x04 not really a zip")
    gbk_only = tmp_path / "图片.txt"
    gbk_only.write_bytes(bytes(range(256)) * 8)
    held = store.lock("busy-model").acquire()
    busy = _raised(store.lock("busy-model").acquire)
    held.release()
    return {
        "not found": (_raised(store.get, "ghost-model"), ["ghost-model"]),
        "busy": (busy, ["busy-model"]),
        "bad archive": (_raised(open_zip, broken), ["release.zip"]),
        "disk full": (_raised(ensure_free_space, tmp_path, 1 << 60), [str(tmp_path), "MB"]),
        "document": (_raised(load_document, gbk_only), ["图片.txt"]),
    }


def test_services_raise_errors_with_their_details(tmp_path, zoo_home):
    errors = _real_errors(tmp_path, zoo_home)
    assert errors["not found"][0].model_id == "ghost-model"
    assert errors["busy"][0].model_id == "busy-model"
    assert errors["bad archive"][0].reason == "not_zip" and errors["bad archive"][0].path == "release.zip"
    full = errors["disk full"][0]
    assert full.path == str(tmp_path) and full.expected.endswith("MB") and full.found.endswith("MB")
    assert errors["document"][0].path == "图片.txt"


def test_fields_survive_pickling_and_absent_ones_read_as_none():
    import pickle

    from zoo_desktop.errors import InvalidSource

    error = pickle.loads(pickle.dumps(InvalidSource("short", reason="truncated", path="a.data", expected=10, found=3)))
    assert (str(error), error.reason, error.path, error.expected, error.found, error.model_id) == ("short", "truncated", "a.data", 10, 3, None)


@pytest.mark.parametrize("lang", ["zh_CN", "en"])
def test_dialog_says_each_error_with_its_details_in_the_interface_language(qtbot, language, tmp_path, zoo_home, lang):
    from PySide6.QtWidgets import QWidget

    language.apply(lang)
    parent = QWidget()
    qtbot.addWidget(parent)
    for kind, (error, details) in _real_errors(tmp_path, zoo_home).items():
        dialog = show_error(parent, "h", JobFailure(str(error), "Traceback ...", error))
        sentence, _, rest = dialog.message.text().partition("\n\n")
        chinese = any("\u4e00" <= ch <= "\u9fff" for ch in sentence.replace("图片", ""))
        assert chinese == (lang == "zh_CN"), (kind, sentence)
        for detail in details:
            assert detail in sentence, (kind, detail, sentence)
        assert rest == str(error)  # the service's exact message stays beneath
        dialog.close()


def test_a_sentence_whose_fields_are_missing_falls_back_to_the_general_one():
    from zoo_desktop.errors import InvalidSource

    assert explain(InvalidSource("x", reason="truncated", path="a.data")) == explain(InvalidSource("x"))
    assert "a.data" in explain(InvalidSource("x", reason="truncated", path="a.data", expected=10, found=3))
