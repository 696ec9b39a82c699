"""`zoo-desktop --startup-probe`: show the window, print one JSON line the moment it is on screen, and quit.

Lets a benchmark or a test time the start-up of the installed app or of the bundle from the outside
(process start to window exposed) and check that nothing heavy was imported on the way.
"""

from __future__ import annotations

import json
import sys

HEAVY_MODULES = ("tensorflow", "onnxruntime", "numpy", "jieba", "tf_keras")
POLL_MS = 5


def report_when_exposed(running) -> None:
    from PySide6.QtCore import QTimer

    def report() -> None:
        window = running.window
        handle = window.windowHandle()
        if handle is None or not handle.isExposed():
            QTimer.singleShot(POLL_MS, report)  # not on screen yet: look again on a later turn of the event loop
            return
        print(json.dumps({
            "visible": window.isVisible(),
            "exposed": handle.isExposed(),
            "heavy": sorted(m for m in HEAVY_MODULES if m in sys.modules),
            "title": window.windowTitle(),
        }), flush=True)
        running.app.quit()

    QTimer.singleShot(0, report)
