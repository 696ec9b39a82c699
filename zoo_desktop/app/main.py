"""`zoo-desktop`: the desktop app's entry point."""

from __future__ import annotations

import argparse
import sys
from typing import Sequence

from zoo_desktop import __version__


def build_window(paths, pool):
    from PySide6.QtWidgets import QMainWindow

    from zoo_desktop.app.models_page import ModelsPage

    window = QMainWindow()
    window.setObjectName("mainWindow")
    window.setWindowTitle(f"Zoo Desktop {__version__}")
    page = ModelsPage(paths, pool)
    window.setCentralWidget(page)
    window.resize(960, 640)
    page.refresh()
    return window


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="zoo-desktop")
    parser.add_argument("--version", action="version", version=f"zoo-desktop {__version__}")
    args, qt_args = parser.parse_known_args(argv)

    from PySide6.QtCore import QThreadPool
    from PySide6.QtWidgets import QApplication

    from zoo_desktop.logging_setup import configure_logging
    from zoo_desktop.paths import ZooPaths

    paths = ZooPaths.from_env()
    configure_logging(paths)
    app = QApplication([sys.argv[0], *qt_args])
    app.setApplicationName("Zoo Desktop")
    window = build_window(paths, QThreadPool.globalInstance())
    window.show()
    return app.exec()


if __name__ == "__main__":
    sys.exit(main())
