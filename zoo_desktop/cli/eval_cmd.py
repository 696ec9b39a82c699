"""`zoo eval summarize` and `zoo eval classify`: scores on a labelled TSV file."""

from __future__ import annotations

import argparse
from pathlib import Path

from zoo_desktop.cli.context import CliContext
from zoo_desktop.cli.tasks_common import make_engine, progress_bar
from zoo_desktop.errors import UsageError


def register(sub: "argparse._SubParsersAction[argparse.ArgumentParser]") -> None:
    ev = sub.add_parser("eval", help="evaluate a summarizer or a classifier on a labelled TSV file")
    esub = ev.add_subparsers(dest="eval_command", metavar="TASK")
    esub.required = True

    p = esub.add_parser("summarize", help="character-level ROUGE-1/2/L and BLEU, exactly as T5 PEGASUS's finetune.py")
    p.add_argument("-m", "--model", dest="model_id", metavar="ID",
                   help="T5 PEGASUS model id, or 'extractive' / 'lead' (default: the largest converted T5 PEGASUS, else extractive)")
    p.add_argument("--data", required=True, type=Path, metavar="TSV", help="source<TAB>target per line (see --order)")
    p.add_argument("--order", default="auto", choices=("auto", "source-target", "target-source"),
                   help="column order (default auto: the shorter column is the target)")
    p.add_argument("--limit", type=int, default=None, metavar="N", help="only the first N examples")
    p.add_argument("--beam", type=int, default=1, metavar="N", help="beam size (default 1, as finetune.py)")
    p.add_argument("--source-maxlen", type=int, default=256, metavar="N", help="source tokens (default 256, as finetune.py)")
    p.add_argument("--target-maxlen", type=int, default=32, metavar="N", help="output tokens (default 32, as finetune.py)")
    p.add_argument("--max-chars", type=int, default=None, metavar="N",
                   help="extractive/lead length budget in characters (default: the mean reference length)")
    p.add_argument("--batch-size", type=int, default=None, metavar="N",
                   help="documents decoded together (default: automatic, from the model's size and free memory)")
    p.add_argument("--device", default="auto", help="auto, cpu, or gpu[:N] (default auto)")
    p.add_argument("--threads", type=int, default=None, metavar="N", help="CPU threads for onnxruntime")
    p.add_argument("--json", action="store_true")
    p.set_defaults(handler=cmd_eval_summarize)

    p = esub.add_parser("classify", help="accuracy and per-class precision/recall")
    p.add_argument("-m", "--model", dest="model_id", metavar="ID", help="classifier model id (default: the best installed classifier)")
    p.add_argument("--data", required=True, type=Path, metavar="TSV", help="text<TAB>label per line (label: a name or a 0-based index)")
    p.add_argument("--limit", type=int, default=None, metavar="N", help="only the first N examples")
    p.add_argument("--batch-size", type=int, default=32, metavar="N", help="texts per model call (default 32)")
    p.add_argument("--device", default="auto", help="auto, cpu, or gpu[:N] (default auto)")
    p.add_argument("--threads", type=int, default=None, metavar="N", help="CPU threads for onnxruntime")
    p.add_argument("--json", action="store_true")
    p.set_defaults(handler=cmd_eval_classify)


def _check_positive(**values) -> None:
    for name, value in values.items():
        if value is not None and value < 1:
            raise UsageError(f"--{name.replace('_', '-')} must be at least 1")


def cmd_eval_summarize(args: argparse.Namespace, ctx: CliContext) -> int:
    from zoo_desktop.tasks.evaluate import evaluate_summarizer, load_summary_pairs
    from zoo_desktop.tasks.model_choice import resolve_model

    _check_positive(limit=args.limit, beam=args.beam, source_maxlen=args.source_maxlen, target_maxlen=args.target_maxlen,
                    max_chars=args.max_chars, batch_size=args.batch_size)
    pairs, order = load_summary_pairs(args.data, limit=args.limit, order=args.order)
    engine = make_engine(args, ctx)
    try:
        model_id = resolve_model(engine.store, "summarize", args.model_id).model_id
        bar, on_event = progress_bar(ctx, f"eval {model_id}")
        try:
            result = evaluate_summarizer(
                engine, model_id, pairs, beam_size=args.beam, source_maxlen=args.source_maxlen, target_maxlen=args.target_maxlen,
                max_chars=args.max_chars, batch_size=args.batch_size, progress=on_event,
            )
        finally:
            bar.close()
    finally:
        engine.close()
    if ctx.json_output:
        ctx.emit({"data": str(args.data), "order": order, **result.to_json()})
    else:
        s = result.scores
        opts = ", ".join(f"{k} {v}" for k, v in result.options.items())
        ctx.say(f"{model_id} ({result.method}; {opts}) on {s.count} examples of {args.data.name}:")
        ctx.say(f"  ROUGE-1 {s.rouge_1:.2f}  ROUGE-2 {s.rouge_2:.2f}  ROUGE-L {s.rouge_l:.2f}  BLEU {s.bleu:.2f}")
    return 0


def cmd_eval_classify(args: argparse.Namespace, ctx: CliContext) -> int:
    from zoo_desktop.tasks.evaluate import evaluate_classifier, load_labelled
    from zoo_desktop.tasks.model_choice import resolve_model

    _check_positive(limit=args.limit, batch_size=args.batch_size)
    rows = load_labelled(args.data, limit=args.limit)
    engine = make_engine(args, ctx)
    try:
        model_id = resolve_model(engine.store, "classify", args.model_id).model_id
        bar, on_event = progress_bar(ctx, f"eval {model_id}")
        try:
            result = evaluate_classifier(engine, model_id, rows, batch_size=args.batch_size, progress=on_event)
        finally:
            bar.close()
    finally:
        engine.close()
    if ctx.json_output:
        ctx.emit({"data": str(args.data), **result.to_json()})
    else:
        r = result.report
        ctx.say(f"{model_id} on {result.count} examples of {args.data.name}: accuracy {r.accuracy * 100:.2f}%")
        ctx.say(f"  {'label':<16} {'precision':>9} {'recall':>7} {'f1':>7} {'support':>8}")
        for label, c in r.per_class.items():
            ctx.say(f"  {str(label):<16} {c.precision * 100:>8.2f}% {c.recall * 100:>6.2f}% {c.f1 * 100:>6.2f}% {c.support:>8}")
        ctx.say(f"  {'macro':<16} {r.macro_precision * 100:>8.2f}% {r.macro_recall * 100:>6.2f}% {r.macro_f1 * 100:>6.2f}%")
    return 0
