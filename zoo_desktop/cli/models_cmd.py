"""`zoo models ...`: catalog, import, pull, list, verify, export, remove."""

from __future__ import annotations

import argparse
from pathlib import Path

from zoo_desktop.cli.context import CliContext, ProgressLine
from zoo_desktop.progress import ProgressEvent


def register(sub: "argparse._SubParsersAction[argparse.ArgumentParser]") -> None:
    models = sub.add_parser("models", help="manage the model store")
    msub = models.add_subparsers(dest="models_command", metavar="ACTION")
    msub.required = True

    p = msub.add_parser("catalog", help="the zoo models and whether each is installed")
    p.add_argument("--json", action="store_true")
    p.set_defaults(handler=cmd_catalog)

    p = msub.add_parser("list", help="installed models")
    p.add_argument("--json", action="store_true")
    p.set_defaults(handler=cmd_list)

    p = msub.add_parser("import", help="import a release zip, folder, URL or exported package")
    p.add_argument("source", help="a .zip, a folder, an http(s) URL, or a .zoomodel package")
    p.add_argument("--id", dest="model_id", help="model id (required for models that match no catalog card)")
    p.add_argument("--replace", action="store_true", help="replace an installed model with the same id")
    p.add_argument("--json", action="store_true")
    p.set_defaults(handler=cmd_import)

    p = msub.add_parser("pull", help="download a catalog model by its id and import it (resumes an interrupted pull)")
    p.add_argument("model_id", metavar="ID", help="a catalog id (see `zoo models catalog`)")
    p.add_argument("--convert", action="store_true", help="convert it to ONNX right after the import")
    p.add_argument("--precision", choices=("fp32", "fp16", "int8"), default="fp32", help="with --convert")
    p.add_argument("--mirror", metavar="URL", help="base URL holding the release archives by name (default: $ZOO_MIRROR, else the zoo's server)")
    p.add_argument("--replace", action="store_true", help="replace an installed model with the same id")
    p.add_argument("--json", action="store_true")
    p.set_defaults(handler=cmd_pull)

    p = msub.add_parser("verify", help="re-hash a model's files and report missing or changed ones")
    p.add_argument("model_id")
    p.add_argument("--json", action="store_true")
    p.set_defaults(handler=cmd_verify)

    p = msub.add_parser("export", help="write a portable package of a model")
    p.add_argument("model_id")
    p.add_argument("-o", "--output", required=True, type=Path)
    p.add_argument("--include-checkpoint", action="store_true", help="also pack the TensorFlow checkpoint")
    p.add_argument("--json", action="store_true")
    p.set_defaults(handler=cmd_export)

    from zoo_desktop.cli.convert_cmd import register_models_convert

    register_models_convert(msub)

    p = msub.add_parser("remove", help="delete an installed model")
    p.add_argument("model_id")
    p.add_argument("--json", action="store_true")
    p.set_defaults(handler=cmd_remove)

    p = msub.add_parser("move", help="move the model store to another folder (the app and zoo follow it)")
    p.add_argument("destination", help="a new or empty folder; the models go into DESTINATION/models")
    p.add_argument("--json", action="store_true")
    p.set_defaults(handler=cmd_move)


def _store(ctx: CliContext):
    from zoo_desktop.store.store import ModelStore

    return ModelStore(ctx.paths)


def cmd_catalog(args: argparse.Namespace, ctx: CliContext) -> int:
    store = _store(ctx)
    installed = {m.manifest.card: m for m in store.list() if m.manifest.card}
    for card in store.catalog:
        model = installed.get(card.id)
        state = model.state if model else "available"
        if ctx.json_output:
            ctx.emit({**card.to_json(), "state": state, "installed_as": model.id if model else None})
        else:
            ctx.say(f"{card.id:<20} {state:<10} {card.size_mb:>5} MB  {card.name_en} / {card.name_zh}  [{', '.join(card.tasks)}]")
    return 0


def cmd_list(args: argparse.Namespace, ctx: CliContext) -> int:
    models = _store(ctx).list()
    for m in models:
        if ctx.json_output:
            ctx.emit(m.to_json())
        else:
            ctx.say(f"{m.id:<24} {m.state:<10} {m.family:<8} {m.disk_usage() / 1e6:8.1f} MB  {m.folder}")
    if not models and not ctx.json_output:
        ctx.say("no models installed; see `zoo models catalog`, then `zoo models pull ID` (or `zoo models import FILE`)")
    return 0


def cmd_import(args: argparse.Namespace, ctx: CliContext) -> int:
    from zoo_desktop.store.importer import Importer, ImportRequest

    bar = ProgressLine(ctx.err, "import")

    def progress(event: ProgressEvent) -> None:
        bar.update(event.fraction, f"{event.stage} {event.message}"[:60])

    try:
        model = Importer(_store(ctx)).run(ImportRequest(args.source, args.model_id, args.replace), progress=progress)
    finally:
        bar.close()
    if ctx.json_output:
        ctx.emit(model.to_json())
    else:
        ctx.say(f"imported {model.id} ({model.family}, {model.manifest.architecture}) into {model.folder}")
    return 0


def _pull_detail(event: ProgressEvent, meter) -> str:
    """'download 12.0 of 30.0 MB, 5.1 MB/s, 4 s left' for the download, the stage and message after it."""
    if event.stage != "download" or event.done is None:
        return f"{event.stage} {event.message}"
    p = meter.update(event.done, event.total)
    size = f"{event.done / 1e6:.1f}" + (f" of {event.total / 1e6:.1f} MB" if event.total else " MB")
    eta = f", {p.eta_s:.0f} s left" if p.eta_s is not None and p.eta_s > 0 else ""
    return f"download {size}, {p.speed_bps / 1e6:.1f} MB/s{eta}"


def cmd_pull(args: argparse.Namespace, ctx: CliContext) -> int:
    from zoo_desktop.download.progress import ProgressMeter
    from zoo_desktop.store.pull import pull_model

    store = _store(ctx)
    bar = ProgressLine(ctx.err, "pull")
    meter = ProgressMeter()
    try:
        model = pull_model(
            store, args.model_id, mirror=args.mirror, replace=args.replace,
            progress=lambda event: bar.update(event.fraction, _pull_detail(event, meter)[:64]),
        )
    except KeyboardInterrupt:
        bar.close()
        ctx.warn(f"the partial download is kept: `zoo models pull {args.model_id}` again resumes it")
        raise
    finally:
        bar.close()
    if not ctx.json_output:
        ctx.say(f"pulled {model.id} ({model.family}, {model.manifest.architecture}) into {model.folder}")
    if args.convert:
        from zoo_desktop.convert.converter import convert_model

        bar = ProgressLine(ctx.err, "convert")
        try:
            model = convert_model(
                store, model.id, precision=args.precision,
                progress=lambda event: bar.update(event.fraction, f"{event.stage}: {event.message}"[:60]),
            )
        finally:
            bar.close()
        if not ctx.json_output:
            ctx.say(f"converted {model.id} to ONNX ({args.precision})")
    if ctx.json_output:
        ctx.emit(model.to_json())
    return 0


def cmd_verify(args: argparse.Namespace, ctx: CliContext) -> int:
    report = _store(ctx).verify(args.model_id)
    if ctx.json_output:
        ctx.emit(report.to_json())
    elif report.ok:
        ctx.say(f"{args.model_id}: ok ({report.checked} files match their SHA-256)")
    else:
        for rel in report.missing:
            ctx.say(f"missing: {rel}")
        for rel in report.changed:
            ctx.say(f"changed: {rel}")
        ctx.say(f"{args.model_id}: BROKEN ({len(report.missing)} missing, {len(report.changed)} changed)")
    return 0 if report.ok else 9


def cmd_export(args: argparse.Namespace, ctx: CliContext) -> int:
    from zoo_desktop.store.package import export_package

    out = export_package(_store(ctx), args.model_id, args.output, include_checkpoint=args.include_checkpoint)
    if ctx.json_output:
        ctx.emit({"id": args.model_id, "package": str(out), "bytes": out.stat().st_size})
    else:
        ctx.say(f"exported {args.model_id} to {out}")
    return 0


def cmd_remove(args: argparse.Namespace, ctx: CliContext) -> int:
    _store(ctx).remove(args.model_id)
    if ctx.json_output:
        ctx.emit({"id": args.model_id, "removed": True})
    else:
        ctx.say(f"removed {args.model_id}")
    return 0


def cmd_move(args: argparse.Namespace, ctx: CliContext) -> int:
    from zoo_desktop.store.relocate import move_store

    bar = ProgressLine(ctx.err, "move")
    try:
        root = move_store(ctx.paths, args.destination, progress=lambda e: bar.update(e.fraction, e.stage))
    finally:
        bar.close()
    if ctx.json_output:
        ctx.emit({"store": str(root), "models": str(ctx.paths.models)})
    else:
        ctx.say(f"the model store is now in {ctx.paths.models}")
    return 0
