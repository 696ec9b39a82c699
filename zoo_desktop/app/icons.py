"""Icons shipped in resources/icons (SVG, drawn by Qt's svg image plugin).

Line icons are drawn in the accent colour; a white copy is added for the selected state, so an icon
stays visible on the highlighted row of the navigation list.
"""

from __future__ import annotations

from PySide6.QtCore import QBuffer, QByteArray, QIODevice, QSize
from PySide6.QtGui import QIcon, QImageReader, QPixmap

ACCENT = b"#3b7dd8"
SIZES = (16, 22, 32, 44)


def icon(name: str) -> QIcon:
    """The icon `resources/icons/<name>.svg`, or an empty icon when it is not shipped."""
    from zoo_desktop.resources import resources_dir

    try:
        path = resources_dir() / "icons" / f"{name}.svg"
        data = path.read_bytes()
    except (FileNotFoundError, OSError):
        return QIcon()
    result = QIcon(str(path))
    if ACCENT in data:
        white = QByteArray(data.replace(ACCENT, b"#ffffff"))
        for size in SIZES:
            image = _render_svg(white, size)
            if not image.isNull():
                result.addPixmap(QPixmap.fromImage(image), QIcon.Mode.Selected)
    return result


def _render_svg(data: QByteArray, size: int):
    buffer = QBuffer()
    buffer.setData(data)
    buffer.open(QIODevice.OpenModeFlag.ReadOnly)
    reader = QImageReader(buffer, QByteArray(b"svg"))
    reader.setScaledSize(QSize(size, size))
    return reader.read()
