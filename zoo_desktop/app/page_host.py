"""A stand-in that builds its page the first time it is needed.

The task pages import their own modules (tables, pickers, charts); building them only when the user
first opens them keeps the window's start-up to what the first page needs.
"""

from __future__ import annotations

import importlib
from typing import Callable

from PySide6.QtWidgets import QVBoxLayout, QWidget


class PageHost(QWidget):
    def __init__(self, key: str, module: str, class_name: str, build: Callable[[type], QWidget],
                 on_built: Callable[[str, QWidget], None], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.key = key
        self.setObjectName(f"{key}PageHost")
        self._module = module
        self._class_name = class_name
        self._build = build
        self._on_built = on_built
        self._page: QWidget | None = None
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)

    @property
    def built(self) -> bool:
        return self._page is not None

    def page(self) -> QWidget:
        if self._page is None:
            cls = getattr(importlib.import_module(self._module), self._class_name)
            self._page = self._build(cls)
            self.layout().addWidget(self._page)
            self._on_built(self.key, self._page)
        return self._page
