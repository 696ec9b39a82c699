"""`zoo batch`: summarize (or classify) many files or folders in one resumable job."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from zoo_desktop.cli.context import CliContext, ProgressLine
from zoo_desktop.cli.summarize_cmd import add_summarize_options, batch_size, request_options
from zoo_desktop.cli.tasks_common import EXIT_PARTIAL, make_engine
from zoo_desktop.errors import UsageError


def register(sub: "argparse._SubParsersAction[argparse.ArgumentParser]") -> None:
    p = sub.add_parser(
        "batch",
        help="process many files or folders in one job (resumes where an interrupted run stopped)",
        description="Run a task over files and folders. A bad file is reported and skipped. The job journal "
        "(OUTPUT.journal) lets the same command resume an interrupted run without redoing finished files.",
    )
    p.add_argument("inputs", nargs="+", metavar="PATH", help="files and folders (folders: every .txt/.md/.docx/.pdf/.html below); - reads paths from standard input")
    p.add_argument("-o", "--output", required=True, type=Path, metavar="OUT",
                   help="a .jsonl or .csv file, or a folder for txt output (one .txt per input)")
    p.add_argument("--format", choices=("txt", "jsonl", "csv"), default=None, help="default: from OUT's suffix (.jsonl, .csv), else txt")
    p.add_argument("--task", choices=("summarize", "classify"), default="summarize", help="default summarize")
    p.add_argument("--restart", action="store_true", help="start over, discarding an earlier run's journal and output")
    p.add_argument("-m", "--model", dest="model_id", metavar="ID",
                   help="model id (summarize: default the largest converted T5 PEGASUS, else extractive; classify: a classifier)")
    p.add_argument("--device", default="auto", help="auto, cpu, or gpu[:N] (default auto)")
    p.add_argument("--threads", type=int, default=None, metavar="N", help="CPU threads for onnxruntime")
    p.add_argument("--json", action="store_true", help="an event per file and the final report as JSON lines")
    add_summarize_options(p)
    p.set_defaults(handler=cmd_batch)


def _format(args: argparse.Namespace) -> str:
    if args.format:
        return args.format
    suffix = args.output.suffix.lower()
    return {".jsonl": "jsonl", ".json": "jsonl", ".ndjson": "jsonl", ".csv": "csv"}.get(suffix, "txt")


def _paths(args: argparse.Namespace) -> list[str]:
    paths: list[str] = []
    for raw in args.inputs:
        if raw == "-":
            paths.extend(line.strip() for line in sys.stdin.read().splitlines() if line.strip())
        else:
            paths.append(raw)
    if not paths:
        raise UsageError("no input paths")
    return paths


def _eta(seconds: float | None) -> str:
    if seconds is None:
        return "ETA --"
    seconds = int(round(seconds))
    return f"ETA {seconds // 3600}:{seconds // 60 % 60:02d}:{seconds % 60:02d}" if seconds >= 3600 else f"ETA {seconds // 60}:{seconds % 60:02d}"


def build_job(args: argparse.Namespace, ctx: CliContext, engine):
    """The BatchJob for the command line's task and options (also used by tests)."""
    from zoo_desktop.tasks.batch import BatchJob, classify_task, expand_inputs, summarize_task

    fmt = _format(args)
    items, ignored = expand_inputs(_paths(args))
    if not items:
        raise UsageError("no documents found in the inputs" + (f" ({len(ignored)} files of unsupported types ignored)" if ignored else ""))
    if args.task == "summarize":
        spec = summarize_task(engine, **request_options(args), batch_size=batch_size(args))
    else:
        spec = classify_task(engine, args.model_id)
    return BatchJob(items, args.output, fmt=fmt, ignored=ignored, **spec.job_kwargs())


def cmd_batch(args: argparse.Namespace, ctx: CliContext) -> int:
    engine = make_engine(args, ctx)
    try:
        job = build_job(args, ctx, engine)
        bar = ProgressLine(ctx.err, "batch")

        def progress(p) -> None:
            worked = p.done - p.resumed + p.failed  # by this run
            rate = f"{worked / p.elapsed:.2f} docs/s, " if worked and p.elapsed > 0 else ""
            detail = f"{p.done}/{p.total} done, {p.failed} failed, {rate}{_eta(p.eta_seconds)}"
            if p.current:
                detail += f"  {Path(p.current).name}"
            bar.update(p.fraction, detail)

        def on_item(outcome) -> None:
            if ctx.json_output:
                ctx.emit({"event": "item", "source": str(outcome.item.path), "status": outcome.status, "error": outcome.error})
            if outcome.status == "failed":
                on_terminal = getattr(bar, "_active", False)  # start a new line under the progress line
                ctx.warn(("\n" if on_terminal else "") + f"skipped {outcome.item.path}: {outcome.error}")

        try:
            report = job.run(restart=args.restart, progress=progress, on_item=on_item)
        finally:
            bar.close()
    finally:
        engine.close()
    if ctx.json_output:
        ctx.emit({"event": "result", **report.to_json()})
    else:
        line = f"{report.done}/{report.total} done"
        if report.resumed:
            line += f" ({report.resumed} by an earlier run)"
        if report.failed:
            line += f", {len(report.failed)} failed"
        if report.ignored:
            line += f", {len(report.ignored)} files of unsupported types ignored"
        ctx.say(f"{line}; output: {report.output}")
    return EXIT_PARTIAL if report.failed else 0
