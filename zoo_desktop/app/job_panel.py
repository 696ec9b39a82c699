"""A strip of running jobs: each with its stage, a progress bar (n%, speed and time left for downloads)
and a Cancel button. Rows disappear when their job ends."""

from __future__ import annotations

import time

from PySide6.QtCore import QCoreApplication, QEvent, Signal
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QProgressBar, QPushButton, QVBoxLayout, QWidget

from zoo_desktop.app.formatting import human_bytes, human_duration, human_speed
from zoo_desktop.app.labels import stage_label
from zoo_desktop.app.workers import Job
from zoo_desktop.progress import ProgressEvent


class TransferRate:
    """Speed and time left of a download from its progress events (bytes received and the fraction done)."""

    def __init__(self, window_s: float = 5.0) -> None:
        from zoo_desktop.download.progress import ProgressMeter  # pure Python, no network

        self._meter = ProgressMeter(window_s=window_s, clock=time.monotonic)
        self._started = time.monotonic()

    def update(self, event: ProgressEvent) -> tuple[int | None, float | None, float | None]:
        """(bytes received, bytes per second, seconds left); None where unknown."""
        if event.done is not None:
            p = self._meter.update(event.done, event.total)
            return event.done, p.speed_bps, p.eta_s
        if event.fraction:  # no byte count: estimate the time left from the fraction's pace
            elapsed = time.monotonic() - self._started
            return None, None, elapsed * (1 - event.fraction) / event.fraction
        return None, None, None


def progress_text(
    event: ProgressEvent, info: tuple[int | None, float | None, float | None] | None, *, compact: bool = False
) -> str:
    """'Downloading · 45% · 12.3 MB · 2.1 MB/s · 10 s left': the stage, then what `TransferRate` measured.
    `compact` (beside a bar that shows the percentage): '2.1 MB/s · 10 s left' while there is a rate."""
    parts = [stage_label(event.stage)]
    if info is not None:
        received, speed, eta = info
        if compact and (speed or eta is not None):
            parts = []
        elif event.fraction is not None:
            parts.append(f"{int(event.fraction * 100)}%")
        if received is not None and not compact:
            parts.append(human_bytes(received))
        if speed:
            parts.append(human_speed(speed))
        if eta is not None and event.fraction is not None and event.fraction < 1:
            parts.append(QCoreApplication.translate("JobRow", "%1 left").replace("%1", human_duration(eta)))
    return " · ".join(parts)


class JobRow(QFrame):
    ended = Signal(object)  # this row, when its job has ended

    def __init__(self, job: Job, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.job = job
        self.setObjectName("jobRow")
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self._stage: str | None = None
        self._rate: TransferRate | None = None
        self._last: ProgressEvent | None = None
        self._last_info: tuple[int | None, float | None, float | None] | None = None
        self.title = QLabel(job.title)
        self.title.setObjectName("jobTitle")
        self.stage = QLabel()
        self.stage.setObjectName("jobStage")
        self.bar = QProgressBar()
        self.bar.setObjectName("jobProgress")
        self.bar.setRange(0, 0)  # busy until the first progress event says how far
        self.bar.setMinimumWidth(160)
        self.cancel_button = QPushButton()
        self.cancel_button.setObjectName("jobCancelButton")
        self.cancel_button.clicked.connect(self.cancel)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(8, 4, 8, 4)
        layout.addWidget(self.title)
        layout.addWidget(self.stage, 1)
        layout.addWidget(self.bar)
        layout.addWidget(self.cancel_button)
        job.signals.progress.connect(self.on_progress)
        job.signals.ended.connect(self.on_ended)
        self.retranslateUi()

    def retranslateUi(self) -> None:
        self.cancel_button.setText(self.tr("Cancelling…") if self.job.cancelled else self.tr("Cancel"))
        if self._last is not None:
            self._show(self._last, self._last_info)
        else:
            self.stage.setText(self.tr("Starting…"))

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslateUi()
        super().changeEvent(event)

    def cancel(self) -> None:
        self.job.cancel()
        self.cancel_button.setEnabled(False)
        self.retranslateUi()

    def on_progress(self, event: ProgressEvent) -> None:
        info = None
        if event.stage == "download":
            if self._rate is None:
                self._rate = TransferRate()
            info = self._rate.update(event)
        self._show(event, info)

    def on_ended(self) -> None:
        self.ended.emit(self)

    def _show(self, event: ProgressEvent, info: tuple[int | None, float | None, float | None] | None) -> None:
        self._last, self._last_info = event, info
        if event.fraction is None:
            self.bar.setRange(0, 0)
        else:
            self.bar.setRange(0, 100)
            self.bar.setValue(int(round(max(0.0, min(1.0, event.fraction)) * 100)))
        self.stage.setText(progress_text(event, info))


class JobPanel(QWidget):
    """Shows a row per tracked job; hidden while nothing runs."""

    countChanged = Signal(int)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("jobPanel")
        self._layout = QVBoxLayout(self)
        self._layout.setContentsMargins(0, 0, 0, 0)
        self._rows: list[JobRow] = []
        self.setVisible(False)

    def track(self, job: Job) -> JobRow:
        row = JobRow(job, self)
        self._rows.append(row)
        self._layout.addWidget(row)
        row.ended.connect(self._remove)
        self.setVisible(True)
        self.countChanged.emit(len(self._rows))
        return row

    def rows(self) -> list[JobRow]:
        return list(self._rows)

    def _remove(self, row: JobRow) -> None:
        if row in self._rows:
            self._rows.remove(row)
            self._layout.removeWidget(row)
            row.hide()
            row.deleteLater()
        self.setVisible(bool(self._rows))
        self.countChanged.emit(len(self._rows))
