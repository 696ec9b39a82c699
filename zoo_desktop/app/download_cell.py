"""The Download cell of a catalog row on the Models page: a Download (or Resume) button; while the pull
runs, its progress with speed and time left and a Cancel button; when it has finished, "Convert now?".

The cell only shows and asks: the page owns the pull jobs and tells the cell what to show. Object names
carry the model id, as every row has its own cell.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QHBoxLayout, QLabel, QProgressBar, QPushButton, QWidget

from zoo_desktop.app.formatting import human_bytes

if TYPE_CHECKING:  # the store is loaded on worker threads, not when the window opens
    from zoo_desktop.store.pull import PartialDownload


class DownloadCell(QWidget):
    downloadClicked = Signal()  # Download, or Resume after an interrupted pull
    cancelClicked = Signal()
    convertClicked = Signal()  # the answer "Convert" to "Convert now?"
    laterClicked = Signal()  # the answer "Not now"

    def __init__(self, model_id: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.model_id = model_id
        self.setObjectName(f"downloadCell-{model_id}")
        self.download_button = self._button("downloadButton", self.downloadClicked)
        self.bar = QProgressBar()
        self.bar.setObjectName(f"downloadProgress-{model_id}")
        self.bar.setFixedWidth(80)
        self.text = QLabel()
        self.text.setObjectName(f"downloadText-{model_id}")
        self.cancel_button = self._button("downloadCancelButton", self.cancelClicked)
        self.convert_button = self._button("convertNowButton", self.convertClicked)
        self.later_button = self._button("notNowButton", self.laterClicked)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(2, 0, 2, 0)
        for widget in (self.download_button, self.bar, self.text, self.cancel_button, self.convert_button, self.later_button):
            layout.addWidget(widget)
        layout.addStretch(1)
        self.cancel_button.setText(self.tr("Cancel"))
        self.convert_button.setText(self.tr("Convert"))
        self.convert_button.setToolTip(self.tr("Convert it once to ONNX so the other pages can use it"))
        self.later_button.setText(self.tr("Not now"))

    def _button(self, name: str, signal) -> QPushButton:
        button = QPushButton()
        button.setObjectName(f"{name}-{self.model_id}")
        button.clicked.connect(signal.emit)
        return button

    def _only(self, *widgets: QWidget) -> None:
        for widget in (self.download_button, self.bar, self.text, self.cancel_button, self.convert_button, self.later_button):
            widget.setVisible(widget in widgets)

    def show_available(self, partial: PartialDownload | None, source: str) -> None:
        """Download, or Resume with how much is already on disk; `source` names where it comes from."""
        if partial is None:
            self.download_button.setText(self.tr("Download"))
            self.download_button.setToolTip(self.tr("Download it from %1 and import it").replace("%1", source))
            self._only(self.download_button)
            return
        self.download_button.setText(self.tr("Resume"))
        self.download_button.setToolTip(self.tr("Continue the interrupted download where it stopped"))
        if partial.total:
            self.text.setText(self.tr("%1% downloaded").replace("%1", str(int(100 * partial.received / partial.total))))
            self.text.setToolTip(
                self.tr("%1 of %2 downloaded").replace("%1", human_bytes(partial.received)).replace("%2", human_bytes(partial.total))
            )
        else:
            self.text.setText(self.tr("%1 downloaded").replace("%1", human_bytes(partial.received)))
            self.text.setToolTip("")
        self._only(self.download_button, self.text)

    def show_progress(self, text: str, fraction: float | None, cancelling: bool = False, detail: str = "") -> None:
        """The bar shows the percentage, `text` the speed and time left (or the stage); `detail` is the tooltip."""
        if fraction is None:
            self.bar.setRange(0, 0)
        else:
            self.bar.setRange(0, 100)
            self.bar.setValue(int(round(max(0.0, min(1.0, fraction)) * 100)))
        self.text.setText(text or self.tr("Starting…"))
        self.text.setToolTip(detail)
        self.bar.setToolTip(detail)
        self.cancel_button.setText(self.tr("Cancelling…") if cancelling else self.tr("Cancel"))
        self.cancel_button.setEnabled(not cancelling)
        self._only(self.bar, self.text, self.cancel_button)

    def show_question(self) -> None:
        self.text.setText(self.tr("Convert now?"))
        self.text.setToolTip(self.convert_button.toolTip())
        self._only(self.text, self.convert_button, self.later_button)
