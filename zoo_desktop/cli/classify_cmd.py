"""`zoo classify`: labels with probabilities from a fine-tuned classifier, for lines of text or a CSV column."""

from __future__ import annotations

import argparse
import csv
import io

from zoo_desktop.cli.context import CliContext
from zoo_desktop.cli.tasks_common import (
    add_input_args,
    add_model_args,
    exit_code,
    fail_if_nothing,
    make_engine,
    progress_bar,
    read_documents,
    read_lines,
    report_failures,
)
from zoo_desktop.errors import UsageError


def register(sub: "argparse._SubParsersAction[argparse.ArgumentParser]") -> None:
    p = sub.add_parser("classify", help="classify texts with a fine-tuned classifier (one text per line, or a CSV column)")
    add_input_args(p, "text files (one text per line) or, with --column, CSV files")
    add_model_args(p, model_help="classifier model id (default: the best installed classifier)")
    p.add_argument("--top-k", type=int, default=1, metavar="K", help="also list the K most probable labels (default 1)")
    p.add_argument("--column", metavar="NAME", help="read CSV input and classify this column (a header name or a 0-based index); "
                   "the output is the CSV with label and probability columns added")
    p.add_argument("--batch-size", type=int, default=32, metavar="N", help="texts per model call (default 32)")
    p.set_defaults(handler=cmd_classify)


def _top_text(pred) -> str:
    return " ".join(f"{label}:{p:.4f}" for label, p in pred.top)


def cmd_classify(args: argparse.Namespace, ctx: CliContext) -> int:
    from zoo_desktop.tasks.classify import open_classifier, read_csv_column

    if args.top_k < 1:
        raise UsageError("--top-k must be at least 1")
    if args.batch_size < 1:
        raise UsageError("--batch-size must be at least 1")
    engine = make_engine(args, ctx)
    try:
        classifier = open_classifier(engine, args.model_id, batch_size=args.batch_size)
        if args.column is not None:
            return _classify_csv(args, ctx, classifier, read_csv_column)
        items, failures = read_lines(args)
        fail_if_nothing(items, failures)
        report_failures(ctx, failures)
        bar, on_event = progress_bar(ctx, "classify")
        try:
            predictions = classifier.classify([i.text for i in items], top_k=args.top_k, progress=on_event)
        finally:
            bar.close()
        for item, pred in zip(items, predictions):
            if ctx.json_output:
                ctx.emit({"model": classifier.model_id, "input": item.name, "text": item.text, **pred.to_json()})
            elif args.top_k > 1:
                ctx.say(f"{_top_text(pred)}\t{item.text}")
            else:
                ctx.say(f"{pred.label}\t{pred.probability:.4f}\t{item.text}")
        return exit_code(len(items), len(failures))
    finally:
        engine.close()


def _classify_csv(args: argparse.Namespace, ctx: CliContext, classifier, read_csv_column) -> int:
    docs, failures = read_documents(args)
    fail_if_nothing(docs, failures)
    report_failures(ctx, failures)
    writer = None
    done = 0
    for doc in docs:
        header, rows, texts = read_csv_column(doc.text, args.column)
        bar, on_event = progress_bar(ctx, f"classify {doc.name}"[:40])
        try:
            predictions = classifier.classify(texts, top_k=args.top_k, progress=on_event)
        finally:
            bar.close()
        extra = ["label", "probability"] + (["top"] if args.top_k > 1 else [])
        if ctx.json_output:
            for n, (row, pred) in enumerate(zip(rows, predictions), 1):
                ctx.emit({"model": classifier.model_id, "input": doc.name, "row": n, "fields": row, "text": texts[n - 1], **pred.to_json()})
        else:
            if writer is None:
                buffer = io.StringIO()
                writer = csv.writer(buffer, lineterminator="\n")
                writer.writerow([*header, *extra])
                ctx.out.write(buffer.getvalue())
            for row, pred in zip(rows, predictions):
                buffer = io.StringIO()
                csv.writer(buffer, lineterminator="\n").writerow(
                    [*(row.get(h, "") for h in header), pred.label, f"{pred.probability:.6f}", *([_top_text(pred)] if args.top_k > 1 else [])]
                )
                ctx.out.write(buffer.getvalue())
            ctx.out.flush()
        done += 1
    return exit_code(done, len(failures))
