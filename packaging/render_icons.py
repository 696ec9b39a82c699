"""Render resources/icons/app.svg to PNGs under resources/icons/hicolor/<n>x<n>/apps/zoo-desktop.png.

Also writes packaging/windows/zoo-desktop.ico (Qt writes .ico) for the Windows installer and the exe icon.

    QT_QPA_PLATFORM=offscreen .venv/bin/python packaging/render_icons.py
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SVG = ROOT / "resources" / "icons" / "app.svg"
SIZES = (16, 22, 24, 32, 48, 64, 128, 256, 512)


def main() -> int:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtCore import QByteArray, QSize
    from PySide6.QtGui import QGuiApplication, QImage, QImageReader

    app = QGuiApplication.instance() or QGuiApplication([sys.argv[0]])  # noqa: F841 (keeps Qt alive)
    for size in SIZES:
        reader = QImageReader(str(SVG), QByteArray(b"svg"))
        reader.setScaledSize(QSize(size, size))
        image: QImage = reader.read()
        if image.isNull():
            print(f"cannot render {SVG} at {size}px: {reader.errorString()}", file=sys.stderr)
            return 1
        out = ROOT / "resources" / "icons" / "hicolor" / f"{size}x{size}" / "apps" / "zoo-desktop.png"
        out.parent.mkdir(parents=True, exist_ok=True)
        image.save(str(out), "PNG")
        print(out.relative_to(ROOT))
    scalable = ROOT / "resources" / "icons" / "hicolor" / "scalable" / "apps" / "zoo-desktop.svg"
    scalable.parent.mkdir(parents=True, exist_ok=True)
    scalable.write_bytes(SVG.read_bytes())
    ico = QImageReader(str(SVG), QByteArray(b"svg"))
    ico.setScaledSize(QSize(256, 256))
    (ROOT / "packaging" / "windows").mkdir(parents=True, exist_ok=True)
    ico.read().save(str(ROOT / "packaging" / "windows" / "zoo-desktop.ico"), "ICO")
    return 0


if __name__ == "__main__":
    sys.exit(main())
