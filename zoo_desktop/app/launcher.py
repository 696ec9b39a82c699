"""`zoo-desktop --install-launcher` / `--uninstall-launcher`: the XDG desktop entry and icons for this user.

Installs `resources/zoo-desktop.desktop` into `$XDG_DATA_HOME/applications` (default `~/.local/share`)
with `Exec=` pointing at the running program (the bundle's executable, or this Python running
`-m zoo_desktop.app.main` from a source checkout), and the icons into `$XDG_DATA_HOME/icons/hicolor`.
Nothing here imports Qt.
"""

from __future__ import annotations

import os
import shlex
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Mapping

DESKTOP_FILE = "zoo-desktop.desktop"
ICON_NAME = "zoo-desktop"


def data_home(environ: Mapping[str, str] | None = None) -> Path:
    env = os.environ if environ is None else environ
    value = env.get("XDG_DATA_HOME", "")
    if value and os.path.isabs(value):  # the spec: a relative value is invalid and ignored
        return Path(value)
    return Path(env.get("HOME") or Path.home()) / ".local" / "share"


def exec_command() -> str:
    """The Exec= value that starts this installation of the app."""
    if getattr(sys, "frozen", False):
        parts = [os.environ.get("APPIMAGE") or sys.executable]  # an AppImage's path survives remounts
    else:
        parts = [sys.executable, "-m", "zoo_desktop.app.main"]
    return " ".join(_quote(p) for p in parts)


_RESERVED = set(" \t\n\"'\\><~|&;$*?#()`")


def _quote(arg: str) -> str:
    """Quote one Exec= argument as the Desktop Entry spec says (double quotes, then the string escapes)."""
    if any(c in _RESERVED for c in arg):
        inner = "".join("\\" + c if c in '"`$\\' else c for c in arg)
        arg = f'"{inner}"'
    return arg.replace("\\", "\\\\").replace("%", "%%")


def _desktop_text(template: str) -> str:
    lines = []
    for line in template.splitlines():
        if line.startswith("Exec="):
            line = f"Exec={exec_command()} %F"
        lines.append(line)
    return "\n".join(lines) + "\n"


def _installed_paths(base: Path, icons_src: Path) -> list[tuple[Path, Path]]:
    """(source, destination) for each icon."""
    pairs = []
    hicolor = icons_src / "hicolor"
    for src in sorted(hicolor.glob("*/apps/*")):
        if src.stem == ICON_NAME:
            pairs.append((src, base / "icons" / "hicolor" / src.relative_to(hicolor)))
    return pairs


def _refresh(base: Path) -> None:
    """Ask the desktop to notice (best effort; the tools are optional)."""
    for cmd in (["update-desktop-database", str(base / "applications")],
                ["gtk-update-icon-cache", "-q", "-t", "-f", str(base / "icons" / "hicolor")]):
        if shutil.which(cmd[0]):
            try:
                subprocess.run(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, timeout=30, check=False)
            except (OSError, subprocess.SubprocessError):
                pass


def install(environ: Mapping[str, str] | None = None, *, refresh: bool = True) -> list[Path]:
    from zoo_desktop.resources import resources_dir

    res = resources_dir()
    base = data_home(environ)
    written: list[Path] = []
    desktop = base / "applications" / DESKTOP_FILE
    desktop.parent.mkdir(parents=True, exist_ok=True)
    tmp = desktop.with_suffix(".tmp")
    tmp.write_text(_desktop_text((res / DESKTOP_FILE).read_text(encoding="utf-8")), encoding="utf-8")
    os.replace(tmp, desktop)
    written.append(desktop)
    for src, dst in _installed_paths(base, res / "icons"):
        dst.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(src, dst)
        written.append(dst)
    if refresh:
        _refresh(base)
    return written


def uninstall(environ: Mapping[str, str] | None = None, *, refresh: bool = True) -> list[Path]:
    base = data_home(environ)
    removed: list[Path] = []
    candidates = [base / "applications" / DESKTOP_FILE]
    candidates += sorted((base / "icons" / "hicolor").glob(f"*/apps/{ICON_NAME}.*"))
    for path in candidates:
        try:
            path.unlink()
            removed.append(path)
        except FileNotFoundError:
            pass
    if refresh and removed:
        _refresh(base)
    return removed


def main(action: str) -> int:
    try:
        paths = install() if action == "install" else uninstall()
    except OSError as exc:
        print(f"zoo-desktop: cannot {action} the launcher: {exc}", file=sys.stderr)
        return 1
    verb = "installed" if action == "install" else "removed"
    if not paths:
        print(f"zoo-desktop: no launcher files to remove under {data_home()}")
    for p in paths:
        print(f"{verb} {p}")
    return 0
