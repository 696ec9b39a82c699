"""Can Qt open a window here? Checked before Qt starts, so a missing system library gets a useful message.

On a fresh Debian/Ubuntu server image or in a container the X11 libraries that Qt's xcb platform plugin
needs (libxcb-cursor0, libxcb-icccm4, …) are missing, and Qt aborts with "Could not load the Qt platform
plugin xcb", which does not say what to install. This module loads the plugin the way Qt would (dlopen),
and when that fails lists every missing library (from `ldd`) with the package command for the
distribution (/etc/os-release). With no display at all it says so and points to the command line.

No Qt import at module level: `dev.py app` runs `python -m zoo_desktop.app.platform_check` with the
venv's Python, and `zoo doctor` reports the same check without starting Qt.
"""

from __future__ import annotations

import ctypes
import importlib.util
import os
import re
import shutil
import subprocess
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Sequence

# Platforms that need no display server: nothing to check for them.
HEADLESS_PLATFORMS = ("offscreen", "minimal", "minimalegl", "eglfs", "linuxfb", "vnc", "vkkhrdisplay")

# soname -> package that provides it, per package manager. Unknown sonames are named as they are.
PACKAGES: dict[str, dict[str, str]] = {
    "libxcb-cursor.so.0": {"apt": "libxcb-cursor0", "dnf": "xcb-util-cursor", "pacman": "xcb-util-cursor"},
    "libxcb-icccm.so.4": {"apt": "libxcb-icccm4", "dnf": "xcb-util-wm", "pacman": "xcb-util-wm"},
    "libxcb-keysyms.so.1": {"apt": "libxcb-keysyms1", "dnf": "xcb-util-keysyms", "pacman": "xcb-util-keysyms"},
    "libxcb-image.so.0": {"apt": "libxcb-image0", "dnf": "xcb-util-image", "pacman": "xcb-util-image"},
    "libxcb-render-util.so.0": {"apt": "libxcb-render-util0", "dnf": "xcb-util-renderutil", "pacman": "xcb-util-renderutil"},
    "libxcb-util.so.1": {"apt": "libxcb-util1", "dnf": "xcb-util", "pacman": "xcb-util"},
    "libxcb-xkb.so.1": {"apt": "libxcb-xkb1", "dnf": "libxcb", "pacman": "libxcb"},
    "libxcb-shape.so.0": {"apt": "libxcb-shape0", "dnf": "libxcb", "pacman": "libxcb"},
    "libxcb-randr.so.0": {"apt": "libxcb-randr0", "dnf": "libxcb", "pacman": "libxcb"},
    "libxcb-xinerama.so.0": {"apt": "libxcb-xinerama0", "dnf": "libxcb", "pacman": "libxcb"},
    "libxcb-shm.so.0": {"apt": "libxcb-shm0", "dnf": "libxcb", "pacman": "libxcb"},
    "libxcb-sync.so.1": {"apt": "libxcb-sync1", "dnf": "libxcb", "pacman": "libxcb"},
    "libxcb-xfixes.so.0": {"apt": "libxcb-xfixes0", "dnf": "libxcb", "pacman": "libxcb"},
    "libxcb-render.so.0": {"apt": "libxcb-render0", "dnf": "libxcb", "pacman": "libxcb"},
    "libxcb-xinput.so.0": {"apt": "libxcb-xinput0", "dnf": "libxcb", "pacman": "libxcb"},
    "libxcb-glx.so.0": {"apt": "libxcb-glx0", "dnf": "libxcb", "pacman": "libxcb"},
    "libxcb.so.1": {"apt": "libxcb1", "dnf": "libxcb", "pacman": "libxcb"},
    "libxkbcommon-x11.so.0": {"apt": "libxkbcommon-x11-0", "dnf": "libxkbcommon-x11", "pacman": "libxkbcommon-x11"},
    "libxkbcommon.so.0": {"apt": "libxkbcommon0", "dnf": "libxkbcommon", "pacman": "libxkbcommon"},
    "libX11-xcb.so.1": {"apt": "libx11-xcb1", "dnf": "libX11-xcb", "pacman": "libx11"},
    "libX11.so.6": {"apt": "libx11-6", "dnf": "libX11", "pacman": "libx11"},
    "libSM.so.6": {"apt": "libsm6", "dnf": "libSM", "pacman": "libsm"},
    "libICE.so.6": {"apt": "libice6", "dnf": "libICE", "pacman": "libice"},
    "libEGL.so.1": {"apt": "libegl1", "dnf": "libglvnd-egl", "pacman": "libglvnd"},
    "libGL.so.1": {"apt": "libgl1", "dnf": "libglvnd-glx", "pacman": "libglvnd"},
    "libGLX.so.0": {"apt": "libglx0", "dnf": "libglvnd-glx", "pacman": "libglvnd"},
    "libOpenGL.so.0": {"apt": "libopengl0", "dnf": "libglvnd-opengl", "pacman": "libglvnd"},
    "libfontconfig.so.1": {"apt": "libfontconfig1", "dnf": "fontconfig", "pacman": "fontconfig"},
    "libfreetype.so.6": {"apt": "libfreetype6", "dnf": "freetype", "pacman": "freetype2"},
    "libdbus-1.so.3": {"apt": "libdbus-1-3", "dnf": "dbus-libs", "pacman": "dbus"},
    "libglib-2.0.so.0": {"apt": "libglib2.0-0", "dnf": "glib2", "pacman": "glib2"},
    "libgthread-2.0.so.0": {"apt": "libglib2.0-0", "dnf": "glib2", "pacman": "glib2"},
    "libwayland-client.so.0": {"apt": "libwayland-client0", "dnf": "libwayland-client", "pacman": "wayland"},
    "libwayland-cursor.so.0": {"apt": "libwayland-cursor0", "dnf": "libwayland-cursor", "pacman": "wayland"},
    "libwayland-egl.so.1": {"apt": "libwayland-egl1", "dnf": "libwayland-egl", "pacman": "wayland"},
}

INSTALL_COMMANDS = {"apt": "sudo apt install", "dnf": "sudo dnf install", "pacman": "sudo pacman -S --needed"}
# /etc/os-release ID or ID_LIKE -> package manager
DISTRIBUTIONS = {
    "debian": "apt", "ubuntu": "apt", "linuxmint": "apt", "pop": "apt", "elementary": "apt", "raspbian": "apt",
    "fedora": "dnf", "rhel": "dnf", "centos": "dnf", "rocky": "dnf", "almalinux": "dnf", "ol": "dnf", "amzn": "dnf",
    "arch": "pacman", "manjaro": "pacman", "endeavouros": "pacman", "garuda": "pacman",
}

_NOT_FOUND = re.compile(r"^\s*(\S+)\s+=>\s+not found", re.MULTILINE)
_DLOPEN_MISSING = re.compile(r"(\S+\.so[.\d]*): cannot open shared object file")

OK, NO_DISPLAY, MISSING_LIBRARIES, NOT_CHECKED = "ok", "no-display", "missing-libraries", "not-checked"


@dataclass
class PlatformCheck:
    """What the check found. `status`: ok, no-display, missing-libraries or not-checked (not Linux, headless
    platform, plugin not found)."""

    status: str
    platform: str  # the Qt platform the check looked at ("xcb", "wayland", "offscreen", ...)
    detail: str = ""
    plugin: str | None = None
    missing: list[str] = field(default_factory=list)
    package_manager: str | None = None
    install_command: str | None = None

    @property
    def ok(self) -> bool:
        return self.status in (OK, NOT_CHECKED)

    def to_json(self) -> dict:
        return {
            "status": self.status, "platform": self.platform, "detail": self.detail, "plugin": self.plugin,
            "missing": self.missing, "package_manager": self.package_manager, "install_command": self.install_command,
        }

    def summary(self) -> str:
        """One line in English, for `zoo doctor` and bug reports."""
        if self.status == MISSING_LIBRARIES:
            text = f"the Qt {self.platform} plugin cannot load: missing {', '.join(self.missing)}"
            return text + (f"; install with: {self.install_command}" if self.install_command else "")
        if self.status == NO_DISPLAY:
            return "no display (neither DISPLAY nor WAYLAND_DISPLAY is set): the window cannot open; use `zoo`"
        if self.status == OK:
            return f"the Qt {self.platform} platform plugin loads"
        return f"not checked: {self.detail}"


def requested_platform(env: dict[str, str] | None = None, qt_args: Sequence[str] = ()) -> str:
    """The platform Qt will use: `-platform X` on the command line wins over QT_QPA_PLATFORM ("" = Qt's default)."""
    env = os.environ if env is None else env
    args = list(qt_args)
    for i, arg in enumerate(args):
        if arg in ("-platform", "--platform") and i + 1 < len(args):
            return args[i + 1]
        if arg.startswith(("-platform=", "--platform=")):
            return arg.partition("=")[2]
    return env.get("QT_QPA_PLATFORM", "")


def platforms_dirs(env: dict[str, str] | None = None) -> list[Path]:
    """Where Qt looks for platform plugins: QT_QPA_PLATFORM_PLUGIN_PATH, QT_PLUGIN_PATH, then PySide6's own."""
    env = os.environ if env is None else env
    dirs = [Path(p) for p in env.get("QT_QPA_PLATFORM_PLUGIN_PATH", "").split(os.pathsep) if p]
    dirs += [Path(p) / "platforms" for p in env.get("QT_PLUGIN_PATH", "").split(os.pathsep) if p]
    spec = importlib.util.find_spec("PySide6")
    for location in (spec.submodule_search_locations or []) if spec else []:
        dirs.append(Path(location) / "Qt" / "plugins" / "platforms")
    if getattr(sys, "frozen", False):
        dirs.append(Path(getattr(sys, "_MEIPASS", Path(sys.executable).parent)) / "PySide6" / "Qt" / "plugins" / "platforms")
    return dirs


def find_plugin(name: str, dirs: Sequence[Path]) -> Path | None:
    for folder in dirs:
        candidate = folder / f"libq{name}.so"
        if candidate.is_file():
            return candidate
    return None


def dlopen_error(path: Path) -> str | None:
    """None when the library and everything it needs load; the loader's message otherwise."""
    try:
        ctypes.CDLL(str(path))
    except OSError as exc:
        return str(exc)
    return None


def ldd_missing(path: Path, runner: Callable[[list[str]], str] | None = None) -> list[str]:
    """Every library `ldd` reports as "not found", in its order, without repeats ([] when ldd is absent)."""
    if runner is None:
        if shutil.which("ldd") is None:
            return []

        def runner(cmd: list[str]) -> str:
            return subprocess.run(cmd, capture_output=True, text=True, timeout=20).stdout

    try:
        output = runner(["ldd", str(path)])
    except (OSError, subprocess.SubprocessError):
        return []
    return list(dict.fromkeys(_NOT_FOUND.findall(output)))


def package_manager(os_release: Path = Path("/etc/os-release")) -> str | None:
    """apt, dnf or pacman, from /etc/os-release's ID and ID_LIKE (None when unknown)."""
    try:
        text = os_release.read_text(encoding="utf-8", errors="replace")
    except OSError:
        return None
    values = {}
    for line in text.splitlines():
        key, sep, value = line.partition("=")
        if sep:
            values[key.strip()] = value.strip().strip("\"'")
    for distro in [values.get("ID", ""), *values.get("ID_LIKE", "").split()]:
        if distro.lower() in DISTRIBUTIONS:
            return DISTRIBUTIONS[distro.lower()]
    return None


def install_command(missing: Sequence[str], manager: str | None) -> str | None:
    """The command that installs the packages for the known libraries (None when none is known or no manager)."""
    if manager is None:
        return None
    packages = list(dict.fromkeys(PACKAGES[lib][manager] for lib in missing if lib in PACKAGES))
    return f"{INSTALL_COMMANDS[manager]} {' '.join(packages)}" if packages else None


def check(
    env: dict[str, str] | None = None,
    qt_args: Sequence[str] = (),
    *,
    system: str | None = None,
    loader: Callable[[Path], str | None] | None = None,
    ldd_runner: Callable[[list[str]], str] | None = None,
    os_release: Path = Path("/etc/os-release"),
) -> PlatformCheck:
    """Whether Qt will be able to open a window. `loader`, `ldd_runner` and `os_release` let tests simulate
    a machine without the libraries."""
    env = dict(os.environ if env is None else env)
    loader = loader or dlopen_error
    system = sys.platform if system is None else system
    platform = requested_platform(env, qt_args)
    if not system.startswith("linux"):
        return PlatformCheck(NOT_CHECKED, platform or "default", f"not needed on {system}")
    name = platform.split(":")[0].strip().lower()  # "xcb:option=..." -> "xcb"
    if name in HEADLESS_PLATFORMS:
        return PlatformCheck(NOT_CHECKED, name, f"the {name} platform needs no display")
    wayland, x11 = bool(env.get("WAYLAND_DISPLAY")), bool(env.get("DISPLAY"))
    if name in ("", "xcb", "wayland", "wayland-egl") and not (wayland or x11):
        return PlatformCheck(NO_DISPLAY, name or "xcb", "neither DISPLAY nor WAYLAND_DISPLAY is set")
    if name == "" and wayland:
        # Qt tries Wayland first in a Wayland session and falls back to xcb: either plugin loading is enough.
        candidates = ["wayland", "xcb"] if x11 else ["wayland"]
    else:
        candidates = [name or "xcb"]
    dirs = platforms_dirs(env)
    failures: list[PlatformCheck] = []
    for candidate in candidates:
        plugin = find_plugin(candidate, dirs)
        if plugin is None:
            continue
        error = loader(plugin)
        if error is None:
            return PlatformCheck(OK, candidate, "", str(plugin))
        missing = ldd_missing(plugin, ldd_runner) or _DLOPEN_MISSING.findall(error)[:1]
        manager = package_manager(os_release)
        failures.append(PlatformCheck(MISSING_LIBRARIES, candidate, error.strip(), str(plugin), missing or [error.strip()],
                                      manager, install_command(missing, manager)))
    if failures:
        return failures[-1]  # xcb, the fallback, is the one worth fixing
    return PlatformCheck(NOT_CHECKED, candidates[0], f"no {candidates[0]} plugin found in {', '.join(map(str, dirs))}")


def explain(result: PlatformCheck, program: str = "zoo-desktop") -> str:
    """The message for the terminal, in the interface language once `use_interface_language()` ran."""
    from PySide6.QtCore import QCoreApplication

    if result.status == NO_DISPLAY:
        return QCoreApplication.translate(
            "PlatformCheck",
            "%1: no display found (neither DISPLAY nor WAYLAND_DISPLAY is set), so the window cannot open.\n"
            "On a server or in a container use the command line instead: `zoo --help` lists its commands "
            "(for example `zoo models catalog`, `zoo summarize FILE`), and `zoo doctor` describes this machine.\n"
            "`%1 --self-test` checks the installation without a display.",
        ).replace("%1", program)
    if result.status != MISSING_LIBRARIES:
        return ""
    lines = [
        QCoreApplication.translate(
            "PlatformCheck", "%1 cannot start: Qt's %2 platform plugin needs system libraries that are not installed:"
        ).replace("%1", program).replace("%2", result.platform)
    ]
    lines += [f"    {lib}" for lib in result.missing]
    if result.install_command:
        lines.append(QCoreApplication.translate("PlatformCheck", "Install them with:"))
        lines.append(f"    {result.install_command}")
    else:
        lines.append(QCoreApplication.translate(
            "PlatformCheck", "Install the packages of your distribution that provide these libraries."))
    lines.append(QCoreApplication.translate("PlatformCheck", "Then start %1 again.").replace("%1", program))
    return "\n".join(lines)


def use_interface_language() -> tuple:
    """Load the user's interface language into a bare QCoreApplication (QtCore needs no platform plugin) and
    return what must stay alive while translating. Only for the paths that print `explain()` and exit: a
    QApplication cannot be created afterwards."""
    from PySide6.QtCore import QCoreApplication

    from zoo_desktop.app.i18n import LanguageManager
    from zoo_desktop.app.settings import APPLICATION, ORGANIZATION, AppSettings

    app = QCoreApplication.instance()
    if app is None:
        app = QCoreApplication([sys.argv[0]])
        app.setOrganizationName(ORGANIZATION)
        app.setApplicationName(APPLICATION)
    manager = LanguageManager(app)
    manager.apply(AppSettings.for_user().language)
    return app, manager


def report_problem(qt_args: Sequence[str] = (), program: str = "zoo-desktop", out=None) -> int:
    """Check, print the explanation when the window cannot open; 0 when it can (or cannot be told), else 1."""
    result = check(qt_args=qt_args)
    if result.ok:
        return 0
    try:
        translators = use_interface_language()  # noqa: F841 - kept alive until the message is printed
    except Exception:  # noqa: BLE001 - the English message is better than none
        translators = None  # noqa: F841
    print(explain(result, program), file=out or sys.stderr, flush=True)
    return 1


def main(argv: Sequence[str] | None = None) -> int:
    args = list(sys.argv[1:] if argv is None else argv)
    program = "zoo-desktop"
    if args[:1] == ["--program"] and len(args) > 1:
        program, args = args[1], args[2:]
    return report_problem(args, program)


if __name__ == "__main__":
    sys.exit(main())
