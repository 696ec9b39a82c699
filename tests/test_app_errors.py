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
