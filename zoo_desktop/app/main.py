"""`zoo-desktop`: the desktop app's entry point.

Start-up imports only Qt and the app's own light modules; the store, the summarizer (jieba, numpy),
onnxruntime and TensorFlow are imported later, inside the worker jobs that need them.
"""

from __future__ import annotations

import argparse
import logging
import os
import sys
from dataclasses import dataclass
from typing import Any, Sequence

from zoo_desktop import __version__

log = logging.getLogger(__name__)


@dataclass
class Running:
    """What `start()` set up: the application, the window and what they depend on."""

    app: Any  # QApplication
    window: Any  # MainWindow
    pool: Any  # QThreadPool
    settings: Any  # AppSettings
    language: Any  # LanguageManager
    server: Any = None  # InstanceServer: later `zoo-desktop FILE…` hand their files to this window


def parse_args(argv: Sequence[str] | None) -> tuple[argparse.Namespace, list[str]]:
    parser = argparse.ArgumentParser(prog="zoo-desktop", description="Zoo Desktop: the ZhuiyiTechnology Chinese model zoo on the desktop")
    parser.add_argument("--version", action="version", version=f"zoo-desktop {__version__}")
    parser.add_argument("--self-test", action="store_true", help="check the installation headless, print a report and exit")
    parser.add_argument("--install-launcher", action="store_true", help="add the desktop menu entry and icons for this user")
    parser.add_argument("--uninstall-launcher", action="store_true", help="remove the desktop menu entry and icons")
    parser.add_argument("--startup-probe", action="store_true", help=argparse.SUPPRESS)  # for start-up timing
    # Documents to open are taken from what is left after Qt removed its own options (-platform X, ...).
    parser.usage = "zoo-desktop [--version | --self-test | --install-launcher | --uninstall-launcher] [Qt options] [DOCUMENT ...]"
    return parser.parse_known_args(argv)


def start(argv: Sequence[str] | None = None, *, settings=None) -> Running:
    """Create the application and show the main window (without entering the event loop)."""
    _, qt_args = parse_args(argv)

    from PySide6.QtCore import QThreadPool
    from PySide6.QtWidgets import QApplication

    from zoo_desktop.app.i18n import LanguageManager
    from zoo_desktop.app.main_window import MainWindow, apply_theme
    from zoo_desktop.app.settings import APPLICATION, ORGANIZATION, AppSettings
    from zoo_desktop.logging_setup import configure_logging
    from zoo_desktop.paths import ZooPaths

    paths = ZooPaths.from_env()
    try:
        configure_logging(paths)
    except OSError as exc:  # a read-only or missing home must not stop the window from opening
        print(f"zoo-desktop: cannot write the log under {paths.logs}: {exc}", file=sys.stderr)
    app = QApplication.instance() or QApplication([sys.argv[0], *qt_args])
    app.setOrganizationName(ORGANIZATION)
    app.setApplicationName(APPLICATION)
    app.setApplicationDisplayName("Zoo Desktop")
    app.setApplicationVersion(__version__)
    settings = settings or AppSettings.for_user()
    language = LanguageManager(app)
    language.apply(settings.language)
    apply_theme(settings.theme)
    pool = QThreadPool()
    pool.setMaxThreadCount(max(2, min(4, QThreadPool.globalInstance().maxThreadCount())))
    window = MainWindow(paths, settings, pool, language)
    window.show()
    files = [a for a in app.arguments()[1:] if not a.startswith("-")]
    if files:
        window.open_files([os.path.abspath(f) for f in files])
    log.info("zoo-desktop %s started (home %s, language %s)", __version__, paths.home, language.language)
    return Running(app, window, pool, settings, language)


def main(argv: Sequence[str] | None = None) -> int:
    options, rest = parse_args(argv)
    if options.self_test:  # these modules are imported only when asked for: start-up stays light
        from zoo_desktop.app import selftest

        return selftest.run()
    if options.install_launcher or options.uninstall_launcher:
        from zoo_desktop.app import launcher

        return launcher.main("install" if options.install_launcher else "uninstall")
    from zoo_desktop.app import platform_check, single_instance
    from zoo_desktop.paths import ZooPaths

    # A window already open for this user takes the documents (launcher, "Open with", a drop on the icon).
    instance = single_instance.server_name(ZooPaths.from_env().home)
    if single_instance.hand_over(instance, single_instance.document_args(rest)):
        return 0
    # Qt's own message for a missing platform library does not say what to install: say it, before Qt starts.
    if platform_check.report_problem(rest):
        return 1
    running = start(argv)
    running.server = single_instance.serve(running.window, instance)
    if options.startup_probe:
        from zoo_desktop.app.startup_probe import report_when_exposed

        report_when_exposed(running)
    code = running.app.exec()
    # The window's close cancelled every job and waited a while; a job that still runs (a summarizer
    # that cannot stop mid-way) must not keep the process alive: Python would wait for it on exit.
    if not running.pool.waitForDone(2000):
        log.warning("exiting with a background job still running")
        logging.shutdown()
        os._exit(code)
    return code


if __name__ == "__main__":
    sys.exit(main())
