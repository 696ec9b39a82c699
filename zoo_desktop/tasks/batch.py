"""Batch jobs: one task over many files or folders, with a journal to resume an interrupted run.

`expand_inputs` turns files and folders into items (a folder gives every supported document below it;
other files there are counted as ignored; a file named explicitly is always tried). `BatchJob.run` loads
each item (`load_document`), hands the document to the task's `process` function, and writes the record
it returns to the output:

* ``jsonl``: one JSON object per line, ``{"source": path, ...record}``, in one file;
* ``csv``: one row per item (UTF-8 with a BOM, so spreadsheet programs read Chinese), the columns
  ``source`` and the task's `columns`; list values are written as JSON;
* ``txt``: a folder with one ``<name>.txt`` per item holding the record's `text_field`.

Items are processed in groups of `batch_size` documents: a task that can work on many documents at once
(`process_many`, e.g. summaries decoded together by the batched engine) gets the whole group in one call; the
others get each document alone. Outputs are still written, and journaled, one item at a time in input order.
A file that cannot be read or processed is reported (`on_item`, the result's `failed`) and skipped; the
batch goes on (when a group's call fails as a whole, its documents are retried one by one, so one bad
document costs only itself). A cancel during a group writes nothing of that group. The journal (``<output>.journal``, next to the output) records the job's settings and,
after each item, its outcome and the output's size; a run with the same settings resumes: finished items
are not redone and the output is cut back to the last journaled size, so an item half-written by a killed
run is written again, once. Different settings need ``restart=True``. Failed items are retried on resume.
"""

from __future__ import annotations

import csv
import io
import json
import logging
import os
import time
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from zoo_desktop.cancel import CancelToken
from zoo_desktop.documents import SUPPORTED_SUFFIXES, Document, load_document
from zoo_desktop.errors import Cancelled, UsageError, ZooError

__all__ = [
    "FORMATS",
    "BatchItem",
    "BatchProgress",
    "ItemOutcome",
    "BatchReport",
    "BatchJob",
    "ProcessMany",
    "TaskSpec",
    "classify_task",
    "expand_inputs",
    "group_size",
    "journal_path",
    "read_journal",
    "run_many",
    "summarize_task",
]

log = logging.getLogger(__name__)

FORMATS = ("txt", "jsonl", "csv")
JOURNAL_VERSION = 1

Process = Callable[[Document, "CancelToken | None"], dict[str, Any]]
# One result per document, in order: its record, or the exception that document failed with.
ProcessMany = Callable[[Sequence[Document], "CancelToken | None"], list["dict[str, Any] | Exception"]]


@dataclass(frozen=True)
class BatchItem:
    path: Path  # absolute
    name: str  # relative output name (folder inputs keep their structure below the folder's name)


@dataclass(frozen=True)
class ItemOutcome:
    item: BatchItem
    status: str  # "done", "failed" or "resumed" (finished by an earlier run)
    error: str | None = None
    seconds: float = 0.0
    record: dict[str, Any] | None = None


@dataclass(frozen=True)
class BatchProgress:
    total: int
    done: int  # finished in this run or an earlier one
    failed: int
    resumed: int  # of `done`, finished by an earlier run
    current: str | None  # the item being processed next (None at the end)
    elapsed: float
    eta_seconds: float | None  # None until one item has been processed in this run
    nodes: dict[str, int] | None = None  # on a cluster: documents finished by each node in this run

    @property
    def fraction(self) -> float:
        return (self.done + self.failed) / self.total if self.total else 1.0

    @property
    def rate(self) -> float | None:
        """Documents per second finished (or failed) by this run; None before the first."""
        worked = self.done - self.resumed + self.failed
        return worked / self.elapsed if worked and self.elapsed > 0 else None


@dataclass
class BatchReport:
    total: int = 0
    done: int = 0
    failed: list[tuple[str, str]] = field(default_factory=list)  # (path, reason)
    resumed: int = 0
    ignored: list[str] = field(default_factory=list)  # unsupported files found in folders
    output: str = ""
    journal: str = ""
    seconds: float = 0.0

    def to_json(self) -> dict[str, Any]:
        return {
            "total": self.total,
            "done": self.done,
            "failed": [{"source": p, "error": e} for p, e in self.failed],
            "resumed": self.resumed,
            "ignored": self.ignored,
            "output": self.output,
            "journal": self.journal,
            "seconds": round(self.seconds, 3),
        }


def expand_inputs(inputs: Iterable[str | os.PathLike[str]]) -> tuple[list[BatchItem], list[str]]:
    """Items from files and folders (in the order given; a folder's documents in path order), and the
    files in folders that were ignored (unsupported types). Missing paths raise UsageError."""
    items: list[BatchItem] = []
    ignored: list[str] = []
    seen: set[Path] = set()
    names: set[str] = set()

    def add(path: Path, name: str) -> None:
        path = path.resolve()
        if path in seen:
            return
        seen.add(path)
        base, n = name, 2
        while name.casefold() in names:  # two inputs with the same name: keep both outputs
            stem, dot, suffix = base.rpartition(".")
            name = f"{stem}-{n}.{suffix}" if dot else f"{base}-{n}"
            n += 1
        names.add(name.casefold())
        items.append(BatchItem(path, name))

    for raw in inputs:
        p = Path(raw).expanduser()
        if p.is_dir():
            found = []
            for root, dirs, files in os.walk(p):
                dirs[:] = sorted(d for d in dirs if not d.startswith("."))
                for f in files:
                    if f.startswith("."):
                        continue
                    fp = Path(root) / f
                    if fp.suffix.lower() in SUPPORTED_SUFFIXES:
                        found.append(fp)
                    else:
                        ignored.append(str(fp))
            for fp in sorted(found, key=lambda q: q.relative_to(p).as_posix()):
                add(fp, f"{p.resolve().name}/{fp.relative_to(p).as_posix()}")
        elif p.exists():
            add(p, p.name)
        else:
            raise UsageError(f"{p} does not exist", reason="not_found", path=str(p))
    return items, sorted(ignored)


@dataclass(frozen=True)
class TaskSpec:
    """What a task gives a `BatchJob`: the per-document function (and, for tasks that batch, the many-document
    one with its group size), the journaled settings, the output columns. `batch_size` is not a setting: a
    job resumed with another batch size gives the same outputs."""

    process: Process
    settings: dict[str, Any]
    columns: tuple[str, ...]
    text_field: str
    process_many: ProcessMany | None = None
    batch_size: int = 1

    def run_many(self, documents: Sequence[Document], cancel: CancelToken | None = None) -> list[dict[str, Any] | Exception]:
        """Results for `documents`, in order (see `ProcessMany`); `Cancelled` propagates."""
        return run_many(self.process, self.process_many, documents, cancel)

    def job_kwargs(self) -> dict[str, Any]:
        return {"process": self.process, "settings": self.settings, "columns": self.columns, "text_field": self.text_field,
                "process_many": self.process_many, "batch_size": self.batch_size}


def _one_by_one(process: Process, documents: Sequence[Document], cancel: CancelToken | None) -> list[dict[str, Any] | Exception]:
    results: list[dict[str, Any] | Exception] = []
    for document in documents:
        try:
            results.append(process(document, cancel))
        except Cancelled:
            raise
        except Exception as exc:  # one bad document never stops the others
            if not isinstance(exc, ZooError):
                log.exception("batch: unexpected failure on %s", document.path)
            results.append(exc)
    return results


def run_many(process: Process, process_many: ProcessMany | None, documents: Sequence[Document],
             cancel: CancelToken | None) -> list[dict[str, Any] | Exception]:
    """`process_many` on the group when there is one (a failure of the whole call: each document alone), else
    `process` on each document."""
    if process_many is None or len(documents) <= 1:
        return _one_by_one(process, documents, cancel)
    try:
        results = process_many(documents, cancel)
    except Cancelled:
        raise
    except Exception:
        log.exception("batch: a group of %d documents failed together; retrying them one by one", len(documents))
        return _one_by_one(process, documents, cancel)
    if len(results) != len(documents):
        raise RuntimeError(f"process_many returned {len(results)} results for {len(documents)} documents")
    return results


def summarize_task(engine, *, model_id: str | None = None, decode=None, max_input: int = 512, max_chars: int = 120,
                   batch_size: int | None = None) -> TaskSpec:
    """Summaries with `model_id` (None: the largest converted T5 PEGASUS, else extractive; resolved now, so
    a wrong id fails before the first file); `decode` is a `DecodeOptions` (default: its defaults).
    `batch_size`: documents decoded together (None: automatic, from the model's size and free memory)."""
    from zoo_desktop.tasks.summarize import DecodeOptions, SummaryRequest, Summarizer

    summarizer = Summarizer(engine)
    options = {"model_id": summarizer.resolve(model_id), "decode": decode or DecodeOptions(), "max_input": max_input, "max_chars": max_chars}

    def record(result) -> dict[str, Any]:
        data = result.to_json()
        data["chunks"] = len(result.chunks)
        return data

    def process(document: Document, cancel: CancelToken | None) -> dict[str, Any]:
        return record(summarizer.summarize(SummaryRequest(document.text, **options), cancel=cancel))

    def process_many(documents: Sequence[Document], cancel: CancelToken | None) -> list[dict[str, Any] | Exception]:
        results = summarizer.summarize_many([SummaryRequest(d.text, **options) for d in documents], batch_size=batch_size, cancel=cancel)
        return [r if isinstance(r, Exception) else record(r) for r in results]

    settings = {"task": "summarize", **{k: v for k, v in options.items() if k != "decode"}, "decode": options["decode"].to_json()}
    abstractive = options["model_id"] not in ("extractive", "lead")
    if abstractive:
        gen = summarizer.generator(options["model_id"])
        group = group_size(gen.limits(options["decode"], batch_size, gen.runtime.lanes()).max_documents * gen.runtime.lanes())
    else:
        group = 1
    return TaskSpec(process, settings, ("model", "method", "summary", "token_ids", "levels", "chunks", "seconds"), "summary",
                    process_many if abstractive else None, group)


def group_size(batch_documents: int) -> int:
    """Documents a batch job hands over at once: enough for several full decoding batches (documents of
    similar length then meet in one), few enough that a cancel or a kill loses little finished work."""
    return max(1, min(4 * batch_documents, 128))


def classify_task(engine, model_id: str | None = None) -> TaskSpec:
    """The three most likely labels of each document with a fine-tuned classifier (None: the best one)."""
    from zoo_desktop.tasks.classify import open_classifier

    classifier = open_classifier(engine, model_id)

    def process(document: Document, cancel: CancelToken | None) -> dict[str, Any]:
        (pred,) = classifier.classify([document.text], top_k=3, cancel=cancel)
        return {"model": classifier.model_id, **pred.to_json()}

    return TaskSpec(process, {"task": "classify", "model_id": classifier.model_id}, ("model", "label", "probability"), "label")


def journal_path(output: Path) -> Path:
    return output.with_name(output.name + ".journal")


def read_journal(journal: Path) -> tuple[dict[str, Any] | None, list[dict[str, Any]]]:
    """A journal's header (None when there is no valid journal) and its entries: one per finished or
    failed item, and a last ``{"complete": true, ...}`` when the run reached its end."""
    try:
        lines = Path(journal).read_text(encoding="utf-8").splitlines()
    except FileNotFoundError:
        return None, []
    records = []
    for line in lines:
        try:
            records.append(json.loads(line))
        except json.JSONDecodeError:  # a line torn by a kill: everything after it is ignored
            break
    if not records or "journal" not in records[0]:
        return None, []
    return records[0], records[1:]


def _csv_line(values: Sequence[Any]) -> str:
    buf = io.StringIO()
    csv.writer(buf, lineterminator="\r\n").writerow(
        ["" if v is None else (json.dumps(v, ensure_ascii=False) if isinstance(v, (list, dict)) else v) for v in values]
    )
    return buf.getvalue()


def _fsync(fh) -> None:
    fh.flush()
    try:
        os.fsync(fh.fileno())
    except OSError:  # some file systems refuse; the journal stays correct, only less durable
        pass


def _atomic_write_text(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    with open(tmp, "w", encoding="utf-8", newline="\n") as fh:
        fh.write(text)
        _fsync(fh)
    os.replace(tmp, path)


class BatchJob:
    def __init__(
        self,
        items: Sequence[BatchItem],
        output: str | os.PathLike[str],
        *,
        fmt: str,
        process: Process,
        settings: dict[str, Any],
        columns: Sequence[str] = (),
        text_field: str = "text",
        ignored: Sequence[str] = (),
        load: Callable[[Path], Document] = load_document,
        process_many: ProcessMany | None = None,
        batch_size: int = 1,
    ) -> None:
        if fmt not in FORMATS:
            raise UsageError(f"unknown output format {fmt!r}; choose one of {', '.join(FORMATS)}")
        self.items = list(items)
        self.output = Path(output).expanduser().resolve()
        self.fmt = fmt
        self.process = process
        self.process_many = process_many
        if batch_size < 1:
            raise UsageError("the batch size must be at least 1")
        self.batch_size = batch_size
        self.settings = json.loads(json.dumps(settings))  # plain JSON, comparable with the journal's
        self.columns = list(columns)
        self.text_field = text_field
        self.ignored = list(ignored)
        self.load = load
        self.journal = journal_path(self.output)

    # ---- journal -----------------------------------------------------------------------------------

    def _header(self) -> dict[str, Any]:
        return {"journal": JOURNAL_VERSION, "format": self.fmt, "settings": self.settings, "columns": self.columns}

    def _read_journal(self) -> tuple[dict[str, Any] | None, list[dict[str, Any]]]:
        return read_journal(self.journal)

    def _start(self, restart: bool) -> tuple[set[str], int]:
        """Prepare output and journal; returns the sources already done and the output's valid size."""
        header, entries = (None, []) if restart else self._read_journal()
        wanted = self._header()
        if header is not None:
            same = {k: header.get(k) for k in wanted} == wanted
            if not same:
                raise UsageError(
                    f"{self.output} belongs to a batch job with other settings (see {self.journal}); "
                    "use --restart to start it over, or choose another output"
                )
            done = {e["source"] for e in entries if e.get("status") == "done"}
            size = max([int(header.get("start_size", 0))] + [int(e["size"]) for e in entries if "size" in e])
            if self.fmt != "txt":
                actual = self.output.stat().st_size if self.output.exists() else -1
                if actual < size:  # the output was removed or cut: the journal is no longer true
                    log.warning("the output %s no longer matches its journal; starting over", self.output)
                    return self._start(True)
                with open(self.output, "r+b") as fh:  # drop anything written after the last journaled item
                    fh.truncate(size)
            return done, size
        # a fresh job
        self.output.parent.mkdir(parents=True, exist_ok=True)
        start_size = 0
        if self.fmt == "txt":
            self.output.mkdir(parents=True, exist_ok=True)
        else:
            with open(self.output, "wb") as fh:
                if self.fmt == "csv":
                    fh.write(b"\xef\xbb\xbf" + _csv_line(["source", *self.columns]).encode("utf-8"))
                start_size = fh.tell()
                _fsync(fh)
        with open(self.journal, "w", encoding="utf-8") as fh:
            fh.write(json.dumps({**wanted, "start_size": start_size, "created": time.strftime("%Y-%m-%dT%H:%M:%S%z")}, ensure_ascii=False) + "\n")
            _fsync(fh)
        return set(), start_size

    # ---- output -----------------------------------------------------------------------------------

    def _write(self, item: BatchItem, record: dict[str, Any]) -> dict[str, Any]:
        """Write one item's output; returns what the journal notes about it."""
        if self.fmt == "txt":
            target = self.output / (item.name + ".txt")
            value = record.get(self.text_field, "")
            _atomic_write_text(target, ("" if value is None else str(value)).rstrip("\n") + "\n")
            return {"output": str(target)}
        if self.fmt == "jsonl":
            data = (json.dumps({"source": str(item.path), **record}, ensure_ascii=False) + "\n").encode("utf-8")
        else:
            data = _csv_line([str(item.path), *(record.get(c) for c in self.columns)]).encode("utf-8")
        with open(self.output, "ab") as fh:
            fh.write(data)
            _fsync(fh)
            return {"size": fh.tell()}

    def _note(self, entry: dict[str, Any]) -> None:
        with open(self.journal, "a", encoding="utf-8") as fh:
            fh.write(json.dumps(entry, ensure_ascii=False) + "\n")
            _fsync(fh)

    def _pending(self, finished: set[str], report: BatchReport, on_item: Callable[[ItemOutcome], None] | None) -> list[BatchItem]:
        """The items still to do; those `finished` by an earlier run are counted in `report` as resumed."""
        todo = []
        for item in self.items:
            if str(item.path) in finished:
                report.done += 1
                report.resumed += 1
                if on_item is not None:
                    on_item(ItemOutcome(item, "resumed"))
            else:
                todo.append(item)
        return todo

    def _finish(self, item: BatchItem, result: dict[str, Any] | Exception, seconds: float, report: BatchReport) -> ItemOutcome:
        """Write (or note the failure of) one item, journal it, count it in `report`."""
        if isinstance(result, Exception):
            reason = str(result) or type(result).__name__
            self._note({"source": str(item.path), "status": "failed", "error": reason})
            report.failed.append((str(item.path), reason))
            return ItemOutcome(item, "failed", reason, seconds)
        note = self._write(item, result)
        self._note({"source": str(item.path), "status": "done", "seconds": round(seconds, 3), **note})
        report.done += 1
        return ItemOutcome(item, "done", None, seconds, result)

    @staticmethod
    def _tell(progress: Callable[[BatchProgress], None] | None, started: float, report: BatchReport, todo: int,
              processed: int, current: str | None, nodes: dict[str, int] | None = None) -> None:
        """Report progress: `processed` of this run's `todo` items done or failed, ETA from their pace."""
        if progress is None:
            return
        elapsed = time.perf_counter() - started
        eta = elapsed / processed * (todo - processed) if processed else None
        progress(BatchProgress(report.total, report.done, len(report.failed), report.resumed, current, elapsed, eta, nodes))

    # ---- run --------------------------------------------------------------------------------------

    def run(
        self,
        *,
        restart: bool = False,
        progress: Callable[[BatchProgress], None] | None = None,
        on_item: Callable[[ItemOutcome], None] | None = None,
        cancel: CancelToken | None = None,
    ) -> BatchReport:
        started = time.perf_counter()
        finished, _ = self._start(restart)
        report = BatchReport(total=len(self.items), ignored=self.ignored, output=str(self.output), journal=str(self.journal))
        todo = self._pending(finished, report, on_item)
        processed = 0

        def tell(current: str | None) -> None:
            self._tell(progress, started, report, len(todo), processed, current)

        def finish(item: BatchItem, result: dict[str, Any] | Exception, seconds: float) -> None:
            nonlocal processed
            outcome = self._finish(item, result, seconds, report)
            processed += 1
            if on_item is not None:
                on_item(outcome)

        for first in range(0, len(todo), self.batch_size):
            group = todo[first : first + self.batch_size]
            tell(str(group[0].path))
            if cancel is not None:
                cancel.raise_if_cancelled()
            t0 = time.perf_counter()
            loaded: list[tuple[BatchItem, Document]] = []
            failed_loads: dict[int, Exception] = {}
            for i, item in enumerate(group):
                try:
                    loaded.append((item, self.load(item.path)))
                except Exception as exc:  # an unreadable file is reported, the others go on
                    if not isinstance(exc, ZooError):
                        log.exception("batch: unexpected failure reading %s", item.path)
                    failed_loads[i] = exc
            results = run_many(self.process, self.process_many, [d for _, d in loaded], cancel)
            seconds = (time.perf_counter() - t0) / len(group)
            by_item = iter(results)
            for i, item in enumerate(group):  # written in input order, each journaled as it is written
                finish(item, failed_loads[i] if i in failed_loads else next(by_item), seconds)
        if cancel is not None:
            cancel.raise_if_cancelled()
        self._note({"complete": True, "done": report.done, "failed": len(report.failed)})
        tell(None)
        report.seconds = time.perf_counter() - started
        return report
