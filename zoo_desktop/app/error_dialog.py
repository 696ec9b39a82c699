"""The error dialog: what failed in plain words, the service's message, expandable details, the log file."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QEvent, Qt, QUrl
from PySide6.QtGui import QDesktopServices, QGuiApplication
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QStyle,
    QVBoxLayout,
    QWidget,
)


class ErrorDialog(QDialog):
    """Non-blocking (`open()`): a heading, the message, details behind a toggle, and the log path."""

    def __init__(
        self,
        heading: str,
        message: str,
        details: str = "",
        log_file: Path | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("errorDialog")
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self._log_file = log_file

        icon = QLabel()
        icon.setObjectName("errorIcon")
        icon.setPixmap(self.style().standardIcon(QStyle.StandardPixmap.SP_MessageBoxCritical).pixmap(40, 40))
        icon.setAlignment(Qt.AlignmentFlag.AlignTop)

        self.heading = QLabel(heading)
        self.heading.setObjectName("errorHeading")
        font = self.heading.font()
        font.setBold(True)
        font.setPointSizeF(font.pointSizeF() * 1.15)
        self.heading.setFont(font)
        self.heading.setWordWrap(True)

        self.message = QLabel(message)
        self.message.setObjectName("errorMessage")
        self.message.setWordWrap(True)
        self.message.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)

        self.log_label = QLabel()
        self.log_label.setObjectName("errorLogPath")
        self.log_label.setWordWrap(True)
        self.log_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.log_label.setVisible(log_file is not None)

        self.details = QPlainTextEdit(details)
        self.details.setObjectName("errorDetails")
        self.details.setReadOnly(True)
        self.details.setLineWrapMode(QPlainTextEdit.LineWrapMode.NoWrap)
        self.details.setMinimumHeight(180)
        self.details.setVisible(False)

        self.details_button = QPushButton()
        self.details_button.setObjectName("errorDetailsButton")
        self.details_button.setCheckable(True)
        self.details_button.setEnabled(bool(details))
        self.details_button.toggled.connect(self._toggle_details)

        self.copy_button = QPushButton()
        self.copy_button.setObjectName("errorCopyButton")
        self.copy_button.clicked.connect(self.copy_details)

        self.open_log_button = QPushButton()
        self.open_log_button.setObjectName("errorOpenLogButton")
        self.open_log_button.setVisible(log_file is not None)
        self.open_log_button.clicked.connect(self.open_log_folder)

        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        self.buttons.setObjectName("errorButtons")
        self.buttons.rejected.connect(self.reject)
        self.buttons.accepted.connect(self.accept)

        text = QVBoxLayout()
        text.addWidget(self.heading)
        text.addWidget(self.message)
        text.addWidget(self.log_label)
        top = QHBoxLayout()
        top.addWidget(icon)
        top.addLayout(text, 1)
        row = QHBoxLayout()
        row.addWidget(self.details_button)
        row.addWidget(self.copy_button)
        row.addWidget(self.open_log_button)
        row.addStretch(1)
        row.addWidget(self.buttons)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.details, 1)
        layout.addLayout(row)
        self.setMinimumWidth(480)
        self.retranslateUi()

    def retranslateUi(self) -> None:
        self.setWindowTitle(self.tr("Error"))
        self.details_button.setText(self.tr("Hide details") if self.details_button.isChecked() else self.tr("Show details"))
        self.copy_button.setText(self.tr("Copy details"))
        self.open_log_button.setText(self.tr("Open log folder"))
        if self._log_file is not None:
            self.log_label.setText(self.tr("More details are in the log file: %1").replace("%1", str(self._log_file)))

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslateUi()
        super().changeEvent(event)

    def _toggle_details(self, shown: bool) -> None:
        self.details.setVisible(shown)
        self.retranslateUi()
        self.adjustSize()

    def copy_details(self) -> None:
        parts = [self.heading.text(), self.message.text(), self.details.toPlainText()]
        if self._log_file is not None:
            parts.append(str(self._log_file))
        QGuiApplication.clipboard().setText("\n\n".join(p for p in parts if p))

    def open_log_folder(self) -> None:
        if self._log_file is not None:
            QDesktopServices.openUrl(QUrl.fromLocalFile(str(self._log_file.parent)))


def show_error(parent: QWidget, heading: str, message, details: str = "", log_file: Path | None = None) -> ErrorDialog:
    """Open an error dialog window-modally without blocking the caller (tests can find and close it).

    `message` is the text, or a job's `JobFailure`: then a sentence in the interface language that says
    what kind of failure it was comes first, and the service's exact message follows."""
    if not isinstance(message, str):
        from zoo_desktop.app.error_text import explain

        failure = message
        details = details or failure.details
        explanation = explain(failure.error)
        message = f"{explanation}\n\n{failure.message}" if explanation else failure.message
    dialog = ErrorDialog(heading, message, details, log_file, parent)
    dialog.open()
    return dialog
