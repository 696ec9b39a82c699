"""`zoo`: the command line over the same services as the desktop app."""

from __future__ import annotations

import argparse
import logging
import sys
from typing import Sequence

from zoo_desktop import __version__
from zoo_desktop.cli import convert_cmd, doctor_cmd, models_cmd, tasks_cmd, tokenize_cmd, train_cmd
from zoo_desktop.cli.context import CliContext
from zoo_desktop.errors import ZooError
from zoo_desktop.logging_setup import configure_logging
from zoo_desktop.paths import ZooPaths

log = logging.getLogger(__name__)

# Each command module exposes `register(subparsers)` and sets `handler` on its parsers.
COMMAND_MODULES = (models_cmd, convert_cmd, tokenize_cmd, train_cmd, tasks_cmd, doctor_cmd)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="zoo", description="Zoo Desktop command line")
    parser.add_argument("--version", action="version", version=f"zoo {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    sub.required = True
    for module in COMMAND_MODULES:
        module.register(sub)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    paths = ZooPaths.from_env()
    ctx = CliContext(paths=paths, json_output=getattr(args, "json", False))
    log_file = None
    try:
        log_file = configure_logging(paths)
    except OSError as exc:  # a read-only home must not stop read-only commands
        ctx.warn(f"warning: cannot write the log file under {paths.logs}: {exc}")
    try:
        return int(args.handler(args, ctx) or 0)
    except ZooError as exc:
        log.error("%s failed: %s", args.command, exc)
        if ctx.json_output:
            ctx.emit({"error": type(exc).__name__, "message": str(exc)})
        ctx.warn(f"error: {exc}")
        return exc.exit_code
    except KeyboardInterrupt:
        ctx.warn("cancelled")
        return 130
    except Exception:
        log.exception("unexpected failure in %s", args.command)
        ctx.warn("error: unexpected failure" + (f"; details in {log_file}" if log_file else ""))
        return 1


if __name__ == "__main__":
    sys.exit(main())
