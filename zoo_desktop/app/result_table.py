"""A sortable, read-only results table that can be copied and exported as CSV (UTF-8 with BOM, which
Excel opens correctly) or TSV. Export runs as a job: the GUI thread only hands over the cell values."""

from __future__ import annotations

import csv
import os
import tempfile
from pathlib import Path
from typing import Any, Sequence

from PySide6.QtCore import QSortFilterProxyModel, Qt
from PySide6.QtGui import QGuiApplication, QStandardItem, QStandardItemModel
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QTableView, QWidget


def write_table(path: str | os.PathLike[str], headers: Sequence[str], rows: Sequence[Sequence[Any]]) -> Path:
    """Write atomically: tab-separated for .tsv/.txt, otherwise CSV (a .csv suffix is added when missing)."""
    out = Path(path)
    if out.suffix.lower() not in (".csv", ".tsv", ".txt"):
        out = out.with_name(out.name + ".csv")
    tabs = out.suffix.lower() in (".tsv", ".txt")
    out.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=".table-", suffix=out.suffix, dir=out.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8-sig" if not tabs else "utf-8", newline="") as fh:
            writer = csv.writer(fh, delimiter="\t" if tabs else ",")
            writer.writerow(headers)
            writer.writerows([["" if v is None else v for v in row] for row in rows])
        os.replace(tmp, out)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return out


class ResultTable(QTableView):
    """`set_rows(headers, rows)`: numbers sort as numbers (floats shown with `digits` decimals)."""

    def __init__(self, object_name: str, digits: int = 4, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName(object_name)
        self.digits = digits
        self._model = QStandardItemModel(self)
        self._proxy = QSortFilterProxyModel(self)
        self._proxy.setSourceModel(self._model)
        self._proxy.setSortRole(Qt.ItemDataRole.UserRole)
        self.setModel(self._proxy)
        self.setSortingEnabled(True)
        self.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.setAlternatingRowColors(True)
        self.setWordWrap(False)
        self.horizontalHeader().setStretchLastSection(True)
        self.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        self.verticalHeader().setVisible(False)
        self._headers: list[str] = []
        self._rows: list[list[Any]] = []

    def set_headers(self, headers: Sequence[str]) -> None:
        """Rename the columns (after a language change) without touching the rows."""
        self._headers = list(headers)
        self._model.setHorizontalHeaderLabels(self._headers)

    def set_rows(self, headers: Sequence[str], rows: Sequence[Sequence[Any]]) -> None:
        self.setSortingEnabled(False)
        self._model.clear()
        self._headers = list(headers)
        self._rows = [list(r) for r in rows]
        self._model.setHorizontalHeaderLabels(self._headers)
        for row in self._rows:
            self._model.appendRow([self._item(v) for v in row])
        # new results show in the order they came, until the user clicks a header
        self.horizontalHeader().setSortIndicator(-1, Qt.SortOrder.AscendingOrder)
        self._proxy.sort(-1)
        self.setSortingEnabled(True)
        self.resizeColumnsToContents()

    def append_row(self, row: Sequence[Any]) -> None:
        self._rows.append(list(row))
        self._model.appendRow([self._item(v) for v in row])

    def _item(self, value: Any) -> QStandardItem:
        if isinstance(value, float):
            item = QStandardItem(f"{value:.{self.digits}f}")
        else:
            item = QStandardItem("" if value is None else str(value))
        item.setData(value if isinstance(value, (int, float)) else ("" if value is None else str(value)), Qt.ItemDataRole.UserRole)
        item.setToolTip(item.text() if len(item.text()) > 40 else "")
        return item

    def headers(self) -> list[str]:
        return list(self._headers)

    def rows(self) -> list[list[Any]]:
        """The rows in the order the user sees them (after sorting)."""
        order = [self._proxy.mapToSource(self._proxy.index(r, 0)).row() for r in range(self._proxy.rowCount())]
        return [self._rows[i] for i in order]

    def row_count(self) -> int:
        return len(self._rows)

    def cell_text(self, row: int, column: int) -> str:
        """The displayed text at a visible (sorted) position."""
        return str(self._proxy.index(row, column).data() or "")

    def copy_selection(self) -> None:
        selected = sorted({i.row() for i in self.selectionModel().selectedRows()}) or range(self._proxy.rowCount())
        lines = ["\t".join(self._headers)]
        for r in selected:
            lines.append("\t".join(self.cell_text(r, c) for c in range(self._proxy.columnCount())))
        QGuiApplication.clipboard().setText("\n".join(lines))


def ask_export_path(parent: QWidget, title: str, suggested: str | os.PathLike[str]) -> str | None:
    """The save dialog for a results table (CSV or TSV); adds the suffix of the chosen type when the name has none."""
    from PySide6.QtCore import QCoreApplication
    from PySide6.QtWidgets import QFileDialog

    filters = [QCoreApplication.translate("ResultTable", "CSV (*.csv)"),
               QCoreApplication.translate("ResultTable", "Tab-separated text (*.tsv)")]
    path, chosen = QFileDialog.getSaveFileName(parent, title, str(suggested), ";;".join(filters))
    if not path:
        return None
    if not Path(path).suffix:
        path += ".tsv" if "*.tsv" in chosen else ".csv"
    return path


def export_job(table: ResultTable, path: str | os.PathLike[str], title: str):
    """A job that writes `table` as the user sees it (sorted) to `path`; its result is the written path."""
    import functools

    from zoo_desktop.app.workers import Job

    return Job(functools.partial(write_table, str(path), table.headers(), table.rows()), title=title)
