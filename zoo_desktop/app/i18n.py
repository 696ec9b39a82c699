"""Interface language: which translation to load, and switching it while the window is open.

Installing or removing a QTranslator makes Qt send a LanguageChange event to every widget; each page
answers it by calling its `retranslateUi()`, so a switch needs no restart.
"""

from __future__ import annotations

import logging
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QLibraryInfo, QLocale, QTranslator

log = logging.getLogger(__name__)

UI_LANGUAGES = ("zh_CN", "en")
CATALOG_PREFIX = "zoo_desktop_"


def resolve_language(setting: str, system_locale: QLocale | None = None) -> str:
    """The UI language for a setting: "zh_CN" or "en"; "system" follows the system locale."""
    if setting in UI_LANGUAGES:
        return setting
    locale = system_locale if system_locale is not None else QLocale.system()
    # Any Chinese locale gets the Simplified Chinese UI (the closest we ship); everything else English.
    return "zh_CN" if locale.language() == QLocale.Language.Chinese else "en"


def translations_dir() -> Path | None:
    from zoo_desktop.resources import resources_dir

    try:
        folder = resources_dir() / "translations"
    except FileNotFoundError:
        return None
    return folder if folder.is_dir() else None


class LanguageManager:
    """Owns the installed translators (the app's and Qt's own) and swaps them on request."""

    def __init__(self, app: QCoreApplication, folder: Path | None = None) -> None:
        self._app = app
        self._folder = folder if folder is not None else translations_dir()
        self._installed: list[QTranslator] = []
        self.language: str | None = None

    def apply(self, setting: str) -> str:
        """Switch to the language for `setting` ("system", "zh_CN" or "en"); returns the one applied."""
        language = resolve_language(setting)
        if language == self.language:
            return language
        self.uninstall()
        QLocale.setDefault(QLocale(language))
        translators = []
        app_qm = self._load(CATALOG_PREFIX + language, self._folder)
        if app_qm is not None:
            translators.append(app_qm)
        else:
            log.warning("no translation %s%s.qm in %s", CATALOG_PREFIX, language, self._folder)
        qt_qm = self._load("qtbase_" + language, Path(QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)))
        if qt_qm is not None:  # Qt's own strings: dialog buttons, file dialogs, context menus
            translators.append(qt_qm)
        for translator in translators:
            self._app.installTranslator(translator)
        self._installed = translators
        self.language = language
        return language

    def uninstall(self) -> None:
        for translator in self._installed:
            self._app.removeTranslator(translator)
        self._installed = []
        self.language = None

    @staticmethod
    def _load(name: str, folder: Path | None) -> QTranslator | None:
        if folder is None:
            return None
        translator = QTranslator()
        return translator if translator.load(name, str(folder)) else None

