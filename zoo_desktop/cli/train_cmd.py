"""`zoo train classify|summarize|import`: fine-tune a model on your data, or import one fine-tuned elsewhere."""

from __future__ import annotations

import argparse
from pathlib import Path

from zoo_desktop.cli.context import CliContext, ProgressLine


def _column(value: str) -> int | str:
    return int(value) if value.lstrip("-").isdigit() else value


def _names(value: str) -> list[str]:
    return [n.strip() for n in value.split(",")]


def _common(p: argparse.ArgumentParser) -> None:
    p.add_argument("--delimiter", help="column separator (default: tab; comma for .csv files)")
    header = p.add_mutually_exclusive_group()
    header.add_argument("--header", dest="header", action="store_true", default=None,
                        help="the first line names the columns (default: detected)")
    header.add_argument("--no-header", dest="header", action="store_false", help="the first line is data")
    p.add_argument("--epochs", type=int, help="number of epochs (a resumed run may be given more)")
    p.add_argument("--batch-size", type=int)
    p.add_argument("--lr", type=float, dest="learning_rate", help="peak learning rate")
    p.add_argument("--seed", type=int, help="seed of the initialisation, dropout and example order (default 42): "
                   "the same seed, data and settings train the same model")
    p.add_argument("--warmup-steps", type=int, help="with --lr-schedule linear: steps of linear warm-up from 0 (default 0)")
    p.add_argument("--threads", type=int, help="CPU threads for TensorFlow (default: all)")
    p.add_argument("--restart", action="store_true", help="discard an interrupted run of NEW_ID instead of resuming it")
    p.add_argument("--json", action="store_true", help="progress events and the result as JSON lines")


def register(sub: "argparse._SubParsersAction[argparse.ArgumentParser]") -> None:
    train = sub.add_parser("train", help="fine-tune a model on your data (TensorFlow, in a child process)")
    tsub = train.add_subparsers(dest="train_command", metavar="TASK")
    tsub.required = True

    p = tsub.add_parser("classify", help="text classification: the zoo's task_sentiment.py recipe")
    p.add_argument("--base", required=True, help="installed BERT-family model id (e.g. roberta-tiny)")
    p.add_argument("--train", required=True, type=Path, help="training file (TSV, or CSV when named .csv)")
    p.add_argument("--valid", required=True, type=Path, help="validation file: the best epoch is chosen on it")
    p.add_argument("--test", type=Path, help="test file: its accuracy is reported for the best epoch")
    p.add_argument("--out", required=True, help="id of the new model")
    p.add_argument("--text-column", type=_column, default=0, help="column number (0 = first) or header name (default 0)")
    p.add_argument("--label-column", type=_column, default=1, help="column number or header name (default 1)")
    p.add_argument("--label-names", type=_names, help="names of the classes in class-id order, comma-separated")
    p.add_argument("--maxlen", type=int, help="max tokens per text (default 128)")
    p.add_argument("--lr-schedule", help="constant, linear (warm-up, then linear decay to 0 at the end), or "
                   "piecewise-linear learning-rate multipliers STEP:MULT,... (default: the recipe's 1000:1,2000:0.1)")
    _common(p)
    p.set_defaults(handler=cmd_classify)

    p = tsub.add_parser("summarize", help="summarization / title generation: T5 PEGASUS's finetune.py recipe")
    p.add_argument("--base", required=True, help="installed T5 PEGASUS model id")
    p.add_argument("--train", required=True, type=Path)
    p.add_argument("--valid", required=True, type=Path, help="validation pairs: ROUGE/BLEU each epoch, best BLEU kept")
    p.add_argument("--out", required=True, help="id of the new model")
    p.add_argument("--source-column", type=_column, default=0, help="column of the text to summarize (default 0)")
    p.add_argument("--target-column", type=_column, default=1, help="column of the summary / title (default 1)")
    p.add_argument("--max-source", type=int, help="source tokens (default 256)")
    p.add_argument("--lr-schedule", choices=("constant", "linear"),
                   help="constant (finetune.py's, the default) or linear (warm-up, then linear decay to 0 at the end)")
    p.add_argument("--max-target", type=int, help="target tokens (default 32)")
    p.add_argument("--valid-limit", type=int, help="score only the first N validation pairs each epoch")
    _common(p)
    p.set_defaults(handler=cmd_summarize)

    p = tsub.add_parser("import", help="import a best_model.weights fine-tuned elsewhere with bert4keras")
    p.add_argument("--base", required=True, help="the base release folder it was fine-tuned from, or an installed model id")
    p.add_argument("--weights", required=True, type=Path, help="best_model.weights (Keras HDF5 of the whole model)")
    p.add_argument("--out", required=True, help="id of the new model")
    p.add_argument("--task", choices=("classify", "summarize"), help="default: summarize for T5 PEGASUS, else classify")
    p.add_argument("--num-classes", type=int, help="number of classes (default: read from the weights)")
    p.add_argument("--label-names", type=_names, help="names of the classes in class-id order, comma-separated")
    p.add_argument("--threads", type=int)
    p.add_argument("--json", action="store_true")
    p.set_defaults(handler=cmd_import)


def _sink(ctx: CliContext):
    bar = ProgressLine(ctx.err, "train")

    def on_event(event) -> None:
        if ctx.json_output:
            ctx.emit({"event": "progress", **event.to_json()})
            return
        if event.stage in ("epoch", "resume", "test", "parity") and event.fraction is not None:
            bar.close()
            ctx.warn(event.message)
        else:
            bar.update(event.fraction, event.message[:72])

    return bar, on_event


def _report(ctx: CliContext, outcome) -> int:
    if ctx.json_output:
        ctx.emit({"event": "result", **outcome.to_json()})
        return 0
    result = outcome.result
    metrics = ", ".join(f"{k} {v:.4f}" for k, v in result.get("metrics", {}).items())
    best = f", best epoch {result['best_epoch']}" if result.get("best_epoch") else ""
    ctx.say(f"installed {outcome.model.id} ({result.get('task')}){best}: {metrics}".rstrip(": "))
    parity = result.get("parity", {})
    if "probabilities_max_abs" in parity:
        ctx.say(f"  classifier.onnx vs Keras: max abs {parity['probabilities_max_abs']:.2e}")
    elif "logprob_max_abs" in parity:
        ctx.say(f"  T5 graphs vs bert4keras: log-prob max abs {parity['logprob_max_abs']:.2e}")
    if result.get("device"):
        ctx.say(f"  device: {result['device']}, {result.get('seconds', 0) / 60:.1f} min")
    return 0


def cmd_classify(args: argparse.Namespace, ctx: CliContext) -> int:
    from zoo_desktop.store.store import ModelStore
    from zoo_desktop.train.recipes import SCHEDULES, ClassifyRecipe, parse_schedule
    from zoo_desktop.train.runner import ClassifyRequest, train_classifier

    recipe = ClassifyRecipe()
    for name in ("maxlen", "batch_size", "epochs", "learning_rate", "seed"):
        if getattr(args, name) is not None:
            setattr(recipe, name, getattr(args, name))
    if args.lr_schedule in SCHEDULES:
        recipe.schedule = args.lr_schedule
    elif args.lr_schedule:
        recipe.lr_schedule = parse_schedule(args.lr_schedule)
    if args.warmup_steps is not None:
        recipe.warmup_steps = args.warmup_steps
    request = ClassifyRequest(
        base=args.base, train=args.train, valid=args.valid, test=args.test, out=args.out, recipe=recipe,
        text_column=args.text_column, label_column=args.label_column, label_names=args.label_names,
        delimiter=args.delimiter, header=args.header, restart=args.restart, threads=args.threads)
    bar, on_event = _sink(ctx)
    try:
        outcome = train_classifier(ModelStore(ctx.paths), request, progress=on_event)
    finally:
        bar.close()
    return _report(ctx, outcome)


def cmd_summarize(args: argparse.Namespace, ctx: CliContext) -> int:
    from zoo_desktop.store.store import ModelStore
    from zoo_desktop.train.recipes import SummarizeRecipe
    from zoo_desktop.train.runner import SummarizeRequest, train_summarizer

    recipe = SummarizeRecipe()
    for name in ("max_source", "max_target", "batch_size", "epochs", "learning_rate", "seed", "valid_limit"):
        if getattr(args, name) is not None:
            setattr(recipe, name, getattr(args, name))
    if args.lr_schedule:
        recipe.schedule = args.lr_schedule
    if args.warmup_steps is not None:
        recipe.warmup_steps = args.warmup_steps
    request = SummarizeRequest(
        base=args.base, train=args.train, valid=args.valid, out=args.out, recipe=recipe,
        source_column=args.source_column, target_column=args.target_column, delimiter=args.delimiter,
        header=args.header, restart=args.restart, threads=args.threads)
    bar, on_event = _sink(ctx)
    try:
        outcome = train_summarizer(ModelStore(ctx.paths), request, progress=on_event)
    finally:
        bar.close()
    return _report(ctx, outcome)


def cmd_import(args: argparse.Namespace, ctx: CliContext) -> int:
    from zoo_desktop.store.store import ModelStore
    from zoo_desktop.train.runner import ImportFinetunedRequest, import_finetuned

    request = ImportFinetunedRequest(base=args.base, weights=args.weights, out=args.out, task=args.task,
                                     num_labels=args.num_classes, labels=args.label_names, threads=args.threads)
    bar, on_event = _sink(ctx)
    try:
        outcome = import_finetuned(ModelStore(ctx.paths), request, progress=on_event)
    finally:
        bar.close()
    return _report(ctx, outcome)
