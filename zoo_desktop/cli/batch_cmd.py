"""`zoo batch`: summarize, classify or embed many files or folders in one resumable job, in this process or on a
Ray cluster (`--cluster`; zoo_desktop.cluster, imported only then)."""

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
                   help="a .jsonl or .csv file, a folder for txt output (one .txt per input), or (embed) a .npy file")
    p.add_argument("--format", choices=("txt", "jsonl", "csv", "npy"), default=None,
                   help="default: from OUT's suffix (.jsonl, .csv, .npy), else txt; npy (embed only): the vectors as a "
                   "float32 matrix in OUT and the source of each row in OUT's stem + .ids.txt")
    p.add_argument("--task", choices=("summarize", "classify", "embed"), default="summarize",
                   help="default summarize; embed: one sentence vector per document (SimBERT)")
    p.add_argument("--restart", action="store_true", help="start over, discarding an earlier run's journal and output")
    p.add_argument("-m", "--model", dest="model_id", metavar="ID",
                   help="model id (summarize: default the largest converted T5 PEGASUS, else extractive; classify: a classifier)")
    p.add_argument("--device", default="auto", help="auto, cpu, or gpu[:N] (default auto)")
    p.add_argument("--threads", type=int, default=None, metavar="N", help="CPU threads for onnxruntime")
    p.add_argument("--json", action="store_true", help="an event per file and the final report as JSON lines")
    p.add_argument("--cluster", metavar="ADDRESS",
                   help="run on a Ray cluster: its head's HOST:PORT (e.g. 127.0.0.1:6379), or local[:N] for a Ray with N "
                   "workers on this machine (needs the `cluster` extra; see README, Running on a cluster)")
    p.add_argument("--token-file", type=Path, metavar="FILE",
                   help="--cluster: the cluster's authentication token (default RAY_AUTH_TOKEN, else ~/.ray/auth_token)")
    p.add_argument("--cluster-timeout", type=float, default=600.0, metavar="S",
                   help="--cluster: stop with an error when no document has finished for S seconds (default 600)")
    add_summarize_options(p)
    p.set_defaults(handler=cmd_batch)


def _format(args: argparse.Namespace) -> str:
    if args.format:
        return args.format
    suffix = args.output.suffix.lower()
    return {".jsonl": "jsonl", ".json": "jsonl", ".ndjson": "jsonl", ".csv": "csv", ".npy": "npy"}.get(suffix, "txt")


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


def npy_rows_path(output: Path) -> Path:
    """Where an npy job keeps its resumable rows (JSONL with the vectors) until the matrix is written."""
    return output.with_name(output.name + ".jsonl")


def build_job(args: argparse.Namespace, ctx: CliContext, engine):
    """The BatchJob (or, with --cluster, the ClusterBatchJob) for the command line's task and options (also used by tests)."""
    from zoo_desktop.tasks.batch import expand_inputs
    from zoo_desktop.tasks.batch_recipe import TaskRecipe
    from zoo_desktop.tasks.batch_recipe import build_job as make_job

    fmt, output = _format(args), args.output
    if fmt == "npy":
        if args.task != "embed":
            raise UsageError("the npy format holds vectors: use it with --task embed")
        fmt, output = "jsonl", npy_rows_path(args.output)
    items, ignored = expand_inputs(_paths(args))
    if not items:
        raise UsageError("no documents found in the inputs" + (f" ({len(ignored)} files of unsupported types ignored)" if ignored else ""))
    options = {}
    if args.task == "summarize":
        options = {k: v for k, v in request_options(args).items() if k != "model_id"}
        options["batch_size"] = batch_size(args)
    cluster = getattr(args, "cluster", None)
    if cluster and args.cluster_timeout <= 0:
        raise UsageError("--cluster-timeout must be positive")
    return make_job(TaskRecipe(args.task, args.model_id, options), engine, items, output, fmt=fmt, ignored=ignored, cluster=cluster,
                    token_file=args.token_file, threads=args.threads or 1, device=args.device,
                    stall_seconds=args.cluster_timeout if cluster else None)


def _nodes(counts: dict[str, int] | None) -> str:
    return "" if not counts else "  nodes " + " ".join(f"{node}:{n}" for node, n in sorted(counts.items()))


def cmd_batch(args: argparse.Namespace, ctx: CliContext) -> int:
    engine = make_engine(args, ctx)
    try:
        job = build_job(args, ctx, engine)
        bar = ProgressLine(ctx.err, "batch")

        def progress(p) -> None:
            rate = f"{p.rate:.2f} docs/s, " if p.rate else ""
            detail = f"{p.done}/{p.total} done, {p.failed} failed, {rate}{_eta(p.eta_seconds)}" + _nodes(p.nodes)
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
    if _format(args) == "npy":
        from zoo_desktop.tasks.batch_recipe import write_npy

        ids, rows = write_npy(job.output, args.output, [str(i.path) for i in job.items])
        if not ctx.json_output:
            ctx.say(f"vectors: {args.output} ({rows} rows), their sources: {ids}")
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
