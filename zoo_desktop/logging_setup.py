"""Logging to a rotating file under the Zoo home (configured by the entry points, never on import)."""

from __future__ import annotations

import logging
import logging.handlers
from pathlib import Path

from zoo_desktop.paths import ZooPaths

_HANDLER_NAME = "zoo-desktop-file"


def configure_logging(paths: ZooPaths, level: int = logging.INFO) -> Path:
    """Attach a rotating file handler to the `zoo_desktop` logger; returns the log file's path.

    Calling it again (tests, a changed ZOO_HOME) replaces the handler instead of adding another.
    """
    paths.ensure(paths.logs)
    logger = logging.getLogger("zoo_desktop")
    for handler in list(logger.handlers):
        if handler.get_name() == _HANDLER_NAME:
            logger.removeHandler(handler)
            handler.close()
    handler = logging.handlers.RotatingFileHandler(
        paths.log_file, maxBytes=2_000_000, backupCount=3, encoding="utf-8"
    )
    handler.set_name(_HANDLER_NAME)
    handler.setFormatter(logging.Formatter("%(asctime)s %(process)d %(levelname)s %(name)s: %(message)s"))
    logger.addHandler(handler)
    logger.setLevel(level)
    return paths.log_file
