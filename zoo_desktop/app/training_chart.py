"""Live training curves painted with QPainter (PySide6-Essentials has no QtCharts).

Three series over the optimizer step: the running training loss as the steps report it, the mean loss
of each finished epoch, and the validation metric of each epoch (its own scale, on the right).
"""

from __future__ import annotations

import math

from PySide6.QtCore import QEvent, QPointF, QRectF, QSize, Qt
from PySide6.QtGui import QColor, QFontMetrics, QImage, QPainter, QPainterPath, QPalette, QPen
from PySide6.QtWidgets import QSizePolicy, QWidget

STEP_LOSS = "step_loss"
EPOCH_LOSS = "epoch_loss"
METRIC = "metric"
SERIES = (STEP_LOSS, EPOCH_LOSS, METRIC)
COLORS = {STEP_LOSS: QColor(80, 140, 220), EPOCH_LOSS: QColor(30, 70, 160), METRIC: QColor(220, 120, 30)}


def nice_range(low: float, high: float) -> tuple[float, float]:
    """A padded range that always has some height (one point, or a flat curve)."""
    if not (math.isfinite(low) and math.isfinite(high)):
        return 0.0, 1.0
    if high - low < 1e-12:
        pad = abs(high) * 0.1 or 0.5
        return low - pad, high + pad
    pad = (high - low) * 0.05
    return low - pad, high + pad


class TrainingChart(QWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("trainingChart")
        self.setMinimumSize(320, 180)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self._data: dict[str, list[tuple[float, float]]] = {name: [] for name in SERIES}
        self._metric_name = ""
        self._total_steps: int | None = None
        self.retranslateUi()

    # -- data ---------------------------------------------------------------------------------

    def add_step(self, step: float, loss: float) -> None:
        self._add(STEP_LOSS, step, loss)

    def add_epoch(self, step: float, loss: float | None, metric: float | None) -> None:
        if loss is not None:
            self._add(EPOCH_LOSS, step, loss)
        if metric is not None:
            self._add(METRIC, step, metric)

    def _add(self, name: str, x: float, y: float) -> None:
        if not (math.isfinite(x) and math.isfinite(y)):
            return
        self._data[name].append((float(x), float(y)))
        self.update()

    def set_metric_name(self, name: str) -> None:
        self._metric_name = name
        self.update()

    def metric_name(self) -> str:
        return self._metric_name

    def set_total_steps(self, steps: int | None) -> None:
        """The x axis reaches this step from the start, so the curve grows across the chart."""
        self._total_steps = steps if steps and steps > 0 else None
        self.update()

    def clear(self) -> None:
        for points in self._data.values():
            points.clear()
        self._total_steps = None
        self.update()

    def series(self, name: str) -> list[tuple[float, float]]:
        return list(self._data[name])

    def is_empty(self) -> bool:
        return not any(self._data.values())

    # -- language -----------------------------------------------------------------------------

    def retranslateUi(self) -> None:
        self._labels = {
            STEP_LOSS: self.tr("Loss per step"),
            EPOCH_LOSS: self.tr("Loss per epoch"),
        }
        self._empty_text = self.tr("The curves appear here while the model trains.")
        self._step_axis = self.tr("step")
        self.update()

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslateUi()
        super().changeEvent(event)

    def sizeHint(self) -> QSize:
        return QSize(560, 260)

    # -- painting -----------------------------------------------------------------------------

    def to_image(self, width: int = 560, height: int = 260) -> QImage:
        """The chart rendered off screen (for saving, and for tests)."""
        image = QImage(width, height, QImage.Format.Format_ARGB32)
        image.fill(self.palette().color(QPalette.ColorRole.Base))
        painter = QPainter(image)
        try:
            self._paint(painter, QRectF(0, 0, width, height))
        finally:
            painter.end()
        return image

    def paintEvent(self, _event) -> None:
        painter = QPainter(self)
        try:
            painter.fillRect(self.rect(), self.palette().color(QPalette.ColorRole.Base))
            self._paint(painter, QRectF(self.rect()))
        finally:
            painter.end()

    def _paint(self, painter: QPainter, area: QRectF) -> None:
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        text_color = self.palette().color(QPalette.ColorRole.Text)
        metrics = QFontMetrics(painter.font())
        if self.is_empty():
            painter.setPen(self.palette().color(QPalette.ColorRole.PlaceholderText))
            painter.drawText(area, Qt.AlignmentFlag.AlignCenter | Qt.TextFlag.TextWordWrap, self._empty_text)
            return
        line_h = metrics.height()
        plot = area.adjusted(metrics.horizontalAdvance("0.0000") + 12, line_h + 10,
                             -(metrics.horizontalAdvance("00.000") + 12), -(line_h + 8))
        if plot.width() < 20 or plot.height() < 20:
            return
        xs = [x for points in self._data.values() for x, _ in points]
        x_low, x_high = 0.0, max(max(xs), float(self._total_steps or 0), 1.0)
        losses = [y for name in (STEP_LOSS, EPOCH_LOSS) for _, y in self._data[name]]
        loss_range = nice_range(min(losses), max(losses)) if losses else (0.0, 1.0)
        metric_values = [y for _, y in self._data[METRIC]]
        metric_range = nice_range(min(metric_values), max(metric_values)) if metric_values else (0.0, 1.0)

        def mapper(y_range: tuple[float, float]):
            def to_point(x: float, y: float) -> QPointF:
                px = plot.left() + (x - x_low) / (x_high - x_low) * plot.width()
                py = plot.bottom() - (y - y_range[0]) / (y_range[1] - y_range[0]) * plot.height()
                return QPointF(px, py)

            return to_point

        grid = QColor(text_color)
        grid.setAlpha(40)
        painter.setPen(QPen(grid, 1))
        for i in range(5):
            y = plot.top() + i * plot.height() / 4
            painter.drawLine(QPointF(plot.left(), y), QPointF(plot.right(), y))
        painter.setPen(QPen(text_color, 1))
        painter.drawRect(plot)

        # axis labels: loss on the left, the metric on the right, steps below
        for i in range(5):
            frac = i / 4
            y = plot.bottom() - frac * plot.height()
            loss_value = loss_range[0] + frac * (loss_range[1] - loss_range[0])
            painter.setPen(COLORS[EPOCH_LOSS] if losses else text_color)
            painter.drawText(QRectF(area.left(), y - line_h / 2, plot.left() - area.left() - 4, line_h),
                             Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter, f"{loss_value:.3g}")
            if metric_values:
                metric_value = metric_range[0] + frac * (metric_range[1] - metric_range[0])
                painter.setPen(COLORS[METRIC])
                painter.drawText(QRectF(plot.right() + 4, y - line_h / 2, area.right() - plot.right() - 4, line_h),
                                 Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter, f"{metric_value:.3g}")
        painter.setPen(text_color)
        bottom = QRectF(plot.left(), plot.bottom() + 2, plot.width(), line_h + 4)
        painter.drawText(bottom, Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop, "0")
        painter.drawText(bottom, Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignTop, self._step_axis)
        painter.drawText(bottom, Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignTop, f"{x_high:g}")

        painter.save()
        painter.setClipRect(plot.adjusted(-4, -4, 4, 4))
        for name, y_range, width, dots in ((STEP_LOSS, loss_range, 1.5, False), (EPOCH_LOSS, loss_range, 2.0, True),
                                           (METRIC, metric_range, 2.0, True)):
            points = [mapper(y_range)(x, y) for x, y in self._data[name]]
            if not points:
                continue
            pen = QPen(COLORS[name], width)
            if name == METRIC:
                pen.setStyle(Qt.PenStyle.DashLine)
            painter.setPen(pen)
            if len(points) > 1:
                path = QPainterPath(points[0])
                for p in points[1:]:
                    path.lineTo(p)
                painter.drawPath(path)
            if dots or len(points) == 1:
                painter.setBrush(COLORS[name])
                for p in points:
                    painter.drawEllipse(p, 3, 3)
                painter.setBrush(Qt.BrushStyle.NoBrush)
        painter.restore()

        # legend above the plot
        x = plot.left()
        legend = [(name, self._labels[name]) for name in (STEP_LOSS, EPOCH_LOSS)]
        if self._data[METRIC] or self._metric_name:
            legend.append((METRIC, self._metric_name or METRIC))
        for name, label in legend:
            room = area.right() - x - 24
            if room < 24:
                break
            label = metrics.elidedText(label, Qt.TextElideMode.ElideRight, int(room))
            painter.setPen(QPen(COLORS[name], 3))
            mid = area.top() + 4 + line_h / 2
            painter.drawLine(QPointF(x, mid), QPointF(x + 16, mid))
            painter.setPen(text_color)
            painter.drawText(QPointF(x + 20, area.top() + 4 + metrics.ascent()), label)
            x += 20 + metrics.horizontalAdvance(label) + 16
