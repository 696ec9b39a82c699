"""What the task commands share: model/engine options, reading files or stdin, exit codes, progress."""

from __future__ import annotations

import argparse
import sys
from dataclasses import dataclass
from typing import Any, Callable

from zoo_desktop.cli.context import CliContext, ProgressLine
from zoo_desktop.errors import UsageError

# Exit codes of the task commands (besides 0 ok, 2 usage, 3 model not found, 12 model not converted, 130 cancelled).
EXIT_INPUT_FAILED = 13  # no input could be read or processed
EXIT_PARTIAL = 14  # some inputs failed; the others were done


@dataclass(frozen=True)
class InputText:
    name: str  # the path, "-" for standard input, or "--text N"
    text: str


@dataclass(frozen=True)
class InputFailure:
    name: str
    reason: str


def add_model_args(p: argparse.ArgumentParser, *, model_help: str = "model id (default: the best installed one)") -> None:
    p.add_argument("-m", "--model", dest="model_id", metavar="ID", help=model_help)
    p.add_argument("--device", default="auto", help="auto (GPU when usable), cpu, or gpu[:N] (default auto)")
    p.add_argument("--threads", type=int, default=None, metavar="N", help="CPU threads for onnxruntime (default: its own choice)")
    p.add_argument("--json", action="store_true", help="one JSON object per line per input")


def add_input_args(p: argparse.ArgumentParser, what: str) -> None:
    p.add_argument("inputs", nargs="*", metavar="FILE", help=f"{what}; - for standard input (the default when it is piped)")
    p.add_argument("--text", dest="texts", action="append", default=[], metavar="TEXT", help="literal input text (repeatable)")


def make_engine(args: argparse.Namespace, ctx: CliContext):
    from zoo_desktop.engine.device import DeviceRequest
    from zoo_desktop.engine.runtime import Engine
    from zoo_desktop.store.store import ModelStore

    try:
        device = DeviceRequest.parse(getattr(args, "device", "auto"))
    except ValueError as exc:
        raise UsageError(str(exc)) from None
    threads = getattr(args, "threads", None)
    if threads is not None and threads < 1:
        raise UsageError("--threads must be at least 1")
    return Engine(ModelStore(ctx.paths), device=device, threads=threads)


def _stdin_bytes() -> bytes:
    stream = sys.stdin
    buffer = getattr(stream, "buffer", None)
    if buffer is not None:
        return buffer.read()
    data = stream.read()
    return data.encode("utf-8") if isinstance(data, str) else data


def stdin_is_terminal() -> bool:
    try:
        return sys.stdin.isatty()
    except (AttributeError, ValueError):
        return False


def input_names(args: argparse.Namespace) -> list[str]:
    """The FILE arguments; standard input when none (and no --text) is given and it is not a terminal."""
    names = list(args.inputs)
    if not names and not args.texts:
        if stdin_is_terminal():
            raise UsageError("give a FILE, - for standard input, or --text TEXT")
        names = ["-"]
    if names.count("-") > 1:
        raise UsageError("standard input (-) can be read only once")
    return names


def read_documents(args: argparse.Namespace) -> tuple[list[InputText], list[InputFailure]]:
    """Whole documents: each FILE (see `load_text`), stdin, or --text."""
    from zoo_desktop.documents import DocumentError, decode_text
    from zoo_desktop.tasks.inputs import load_text

    docs: list[InputText] = []
    failures: list[InputFailure] = []
    for i, text in enumerate(args.texts, 1):
        docs.append(InputText(f"--text {i}", text))
    for name in input_names(args):
        try:
            if name == "-":
                docs.append(InputText("-", decode_text(_stdin_bytes(), "standard input").text))
            else:
                docs.append(InputText(name, load_text(name)))
        except DocumentError as exc:
            failures.append(InputFailure(name, str(exc)))
    return docs, failures


def read_lines(args: argparse.Namespace) -> tuple[list[InputText], list[InputFailure]]:
    """One input per non-empty line of each FILE (or stdin), plus each --text."""
    docs, failures = read_documents(args)
    out: list[InputText] = []
    for d in docs:
        if d.name.startswith("--text"):
            out.append(d)
            continue
        for n, line in enumerate(d.text.splitlines(), 1):
            if line.strip():
                out.append(InputText(f"{d.name}:{n}", line.strip()))
    return out, failures


def report_failures(ctx: CliContext, failures: list[InputFailure]) -> None:
    for f in failures:
        if ctx.json_output:
            ctx.emit({"input": f.name, "error": f.reason})
        ctx.warn(f"error: {f.name}: {f.reason}")


def exit_code(done: int, failed: int) -> int:
    if failed and not done:
        return EXIT_INPUT_FAILED
    return EXIT_PARTIAL if failed else 0


def progress_bar(ctx: CliContext, label: str) -> tuple[ProgressLine, Callable[[Any], None]]:
    """A stderr progress line and a ProgressEvent callback that feeds it."""
    bar = ProgressLine(ctx.err, label)

    def on_event(event) -> None:
        bar.update(event.fraction, event.message[:60])

    return bar, on_event


def fail_if_nothing(docs: list, failures: list[InputFailure]) -> None:
    if not docs and not failures:
        raise UsageError("no input text (the inputs are empty)")
