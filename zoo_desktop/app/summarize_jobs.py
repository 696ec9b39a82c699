"""What the Summarize page runs on worker threads: reading a document, summarizing (extractive or with a
T5 PEGASUS model), saving the summary; and the throttle that keeps streamed partial summaries from
flooding the GUI."""

from __future__ import annotations

import importlib.util
import os
import tempfile
import time
from pathlib import Path

SAVE_SUFFIXES = (".txt", ".md", ".docx")


def docx_available() -> bool:
    """python-docx is importable (checked without importing it)."""
    return importlib.util.find_spec("docx") is not None


def write_summary(path: str | os.PathLike[str], summary: str, title: str, note: str) -> Path:
    """Write atomically; the format follows the suffix (.txt when there is none or it is unknown)."""
    out = Path(path)
    if out.suffix.lower() not in SAVE_SUFFIXES:
        out = out.with_name(out.name + ".txt")
    suffix = out.suffix.lower()
    out.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=".summary-", suffix=suffix, dir=out.parent)
    os.close(fd)
    try:
        if suffix == ".docx":
            _write_docx(Path(tmp), summary, title, note)
        else:
            if suffix == ".md":
                body = f"# {title}\n\n> {note}\n\n" + "\n\n".join(p for p in summary.split("\n") if p.strip()) + "\n"
            else:
                body = summary.rstrip("\n") + "\n"
            Path(tmp).write_text(body, encoding="utf-8", newline="\n")
        os.replace(tmp, out)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return out


def _write_docx(path: Path, summary: str, title: str, note: str) -> None:
    import docx  # python-docx, only when saving a .docx

    document = docx.Document()
    document.add_heading(title, level=1)
    document.add_paragraph().add_run(note).italic = True
    for paragraph in summary.split("\n"):
        if paragraph.strip():
            document.add_paragraph(paragraph)
    document.save(str(path))


def summarize_text(text: str, max_chars: int):
    """The built-in extractive summarizer (imports jieba and numpy on first use)."""
    from zoo_desktop.summarize import summarize_extractive

    return summarize_extractive(text, max_chars=max_chars)


def read_document(path: str):
    from zoo_desktop.documents import load_document

    return load_document(path)


def summarize_with_model(
    engines,
    text: str,
    model_id: str,
    decode: dict,
    max_input: int,
    *,
    on_partial=None,
    progress=None,
    cancel=None,
):
    """An abstractive summary with a converted T5 PEGASUS model. `decode` holds the fields of
    tasks.summarize.DecodeOptions (built here, so the GUI thread never imports numpy or the engine);
    `engines` is the window's EngineHolder, asked for its engine here, on the worker thread."""
    from zoo_desktop.progress import ignore_progress
    from zoo_desktop.tasks.summarize import DecodeOptions, Summarizer, SummaryRequest

    request = SummaryRequest(text, model_id=model_id, decode=DecodeOptions(**decode), max_input=max_input)
    return Summarizer(engines.engine()).summarize(
        request, on_partial=on_partial, progress=progress or ignore_progress, cancel=cancel
    )


class Throttle:
    """Passes calls on to `fn` at most once per `interval` seconds (the first always), dropping the rest:
    a decoding step can take a millisecond, and every call to `fn` may become a GUI update."""

    def __init__(self, fn, interval: float = 0.05, clock=time.monotonic) -> None:
        self._fn = fn
        self._interval = interval
        self._clock = clock
        self._last: float | None = None

    def __call__(self, value) -> None:
        now = self._clock()
        if self._last is None or now - self._last >= self._interval:
            self._last = now
            self._fn(value)
