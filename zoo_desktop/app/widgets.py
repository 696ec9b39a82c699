"""Small widget helpers shared by the pages."""

from __future__ import annotations

from typing import Callable

from PySide6.QtWidgets import QLabel, QPushButton


def make_button(name: str, slot: Callable[[], object]) -> QPushButton:
    button = QPushButton()
    button.setObjectName(name)
    button.clicked.connect(slot)
    return button


def make_heading(name: str) -> QLabel:
    label = QLabel()
    label.setObjectName(name)
    font = label.font()
    font.setPointSizeF(font.pointSizeF() * 1.4)
    font.setBold(True)
    label.setFont(font)
    return label
