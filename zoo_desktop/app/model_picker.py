"""A combo box of the installed models that can run one task, best first, remembering the user's pick.

Filled from the Models page's rows (computed on a worker thread), so choosing costs no file work.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, Signal
from PySide6.QtWidgets import QComboBox, QWidget

from zoo_desktop.app.model_rows import ModelRow


def models_for(rows: list[ModelRow], task: str) -> list[ModelRow]:
    """Installed rows that can run `task`: fine-tuned for it first, then the largest, then by id."""
    usable = [r for r in rows if r.installed and task in r.usable_for]
    return sorted(usable, key=lambda r: (r.tuned_for != task, -(r.parameters or 0), r.id))


class ModelPicker(QComboBox):
    """Items carry the model id as data; `extra` items (id, label) come first, e.g. a built-in summarizer."""

    modelChanged = Signal(str)  # the chosen id, "" when there is none

    def __init__(self, task: str, object_name: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.task = task
        self.setObjectName(object_name)
        self.setMinimumContentsLength(18)
        self.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self._rows: list[ModelRow] = []
        self._extra: list[tuple[str, str]] = []
        self.currentIndexChanged.connect(lambda _i: self.modelChanged.emit(self.current_model_id()))

    def set_extra(self, items: list[tuple[str, str]]) -> None:
        self._extra = list(items)
        self._fill()

    def update_models(self, rows: list[ModelRow]) -> None:
        self._rows = list(rows)
        self._fill()

    def usable(self) -> list[ModelRow]:
        return models_for(self._rows, self.task)

    def current_model_id(self) -> str:
        data = self.currentData()
        return data if isinstance(data, str) else ""

    def select(self, model_id: str) -> bool:
        index = self.findData(model_id)
        if index >= 0:
            self.setCurrentIndex(index)
        return index >= 0

    def _label(self, row: ModelRow) -> str:
        name = row.name(self.locale().name()) if row.card_id else ""
        return f"{row.id} — {name}" if name and name != row.id else row.id

    def _fill(self) -> None:
        previous = self.current_model_id()
        self.blockSignals(True)
        self.clear()
        for model_id, label in self._extra:
            self.addItem(label, model_id)
        for row in self.usable():
            self.addItem(self._label(row), row.id)
        if not previous or self.findData(previous) < 0:
            previous = self.itemData(0) if self.count() else ""
        self.setCurrentIndex(max(0, self.findData(previous)) if self.count() else -1)
        self.blockSignals(False)
        self.setEnabled(self.count() > 0)
        self.modelChanged.emit(self.current_model_id())

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LocaleChange:
            self._fill()
        super().changeEvent(event)
