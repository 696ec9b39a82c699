"""Models page: the catalog with each model's install state."""

from __future__ import annotations

from PySide6.QtCore import QThreadPool
from PySide6.QtWidgets import QHeaderView, QLabel, QTableWidget, QTableWidgetItem, QVBoxLayout, QWidget

from zoo_desktop.app.workers import Job
from zoo_desktop.paths import ZooPaths


def _catalog_rows(paths: ZooPaths) -> list[tuple[str, str, str, str, str]]:
    from zoo_desktop.store.store import ModelStore

    store = ModelStore(paths)
    installed = {m.manifest.card: m.state for m in store.list() if m.manifest.card}
    return [
        (card.id, card.name_zh, card.name_en, installed.get(card.id, "available"), f"{card.size_mb} MB")
        for card in store.catalog
    ]


class ModelsPage(QWidget):
    def __init__(self, paths: ZooPaths, pool: QThreadPool, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("modelsPage")
        self._paths = paths
        self._pool = pool
        self.status = QLabel(self.tr("Loading the catalog…"))
        self.status.setObjectName("modelsStatus")
        self.table = QTableWidget(0, 5)
        self.table.setObjectName("modelsTable")
        self.table.setHorizontalHeaderLabels([self.tr("Id"), self.tr("Chinese name"), self.tr("Name"), self.tr("State"), self.tr("Size")])
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.table.setSortingEnabled(True)
        layout = QVBoxLayout(self)
        layout.addWidget(self.status)
        layout.addWidget(self.table)

    def refresh(self) -> None:
        job = Job(lambda: _catalog_rows(self._paths))
        job.signals.finished.connect(self._show)
        job.signals.failed.connect(lambda msg, _details: self.status.setText(self.tr("Could not read the store: %1").replace("%1", msg)))
        self._pool.start(job)

    def _show(self, rows: list[tuple[str, ...]]) -> None:
        self.table.setSortingEnabled(False)
        self.table.setRowCount(len(rows))
        for r, row in enumerate(rows):
            for c, value in enumerate(row):
                self.table.setItem(r, c, QTableWidgetItem(value))
        self.table.setSortingEnabled(True)
        self.status.setText(self.tr("%n model(s) in the catalog", "", len(rows)))
