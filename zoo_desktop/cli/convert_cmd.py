"""`zoo models convert` and `zoo converter status|install`."""

from __future__ import annotations

import argparse

from zoo_desktop.cli.context import CliContext, ProgressLine
from zoo_desktop.progress import ProgressEvent


def register_models_convert(msub: "argparse._SubParsersAction[argparse.ArgumentParser]") -> None:
    p = msub.add_parser("convert", help="convert an imported model to ONNX (runs TensorFlow in a child process)")
    p.add_argument("model_id")
    p.add_argument("--precision", choices=("fp32", "fp16", "int8"), default="fp32")
    p.add_argument("--json", action="store_true", help="progress events and the result as JSON lines")
    p.set_defaults(handler=cmd_convert)


def register(sub: "argparse._SubParsersAction[argparse.ArgumentParser]") -> None:
    conv = sub.add_parser("converter", help="the TensorFlow environment used for conversion and training")
    csub = conv.add_subparsers(dest="converter_command", metavar="ACTION")
    csub.required = True
    p = csub.add_parser("status", help="which Python converts, and whether it is ready")
    p.add_argument("--json", action="store_true")
    p.set_defaults(handler=cmd_status)
    p = csub.add_parser("install", help="create the private converter environment under ZOO_HOME")
    p.add_argument("--force", action="store_true", help="rebuild it even if it exists")
    p.add_argument("--json", action="store_true")
    p.set_defaults(handler=cmd_install)


def _progress_sink(ctx: CliContext, label: str):
    bar = ProgressLine(ctx.err, label)

    def on_event(event: ProgressEvent) -> None:
        if ctx.json_output:
            ctx.emit({"event": "progress", **event.to_json()})
        else:
            bar.update(event.fraction, f"{event.stage}: {event.message}"[:60])

    return bar, on_event


def cmd_convert(args: argparse.Namespace, ctx: CliContext) -> int:
    from zoo_desktop.convert.converter import convert_model
    from zoo_desktop.store.store import ModelStore

    bar, on_event = _progress_sink(ctx, "convert")
    try:
        model = convert_model(ModelStore(ctx.paths), args.model_id, precision=args.precision, progress=on_event)
    finally:
        bar.close()
    conversion = model.manifest.conversion or {}
    if ctx.json_output:
        ctx.emit({"event": "result", "id": model.id, "state": model.state, "conversion": conversion})
    else:
        ctx.say(f"converted {model.id} ({conversion.get('precision')}) in {conversion.get('seconds')} s")
        for name, graph in conversion.get("graphs", {}).items():
            ctx.say(f"  {name}: {graph['file']}")
        for key, value in sorted(conversion.get("parity", {}).items()):
            ctx.say(f"  parity {key}: {value}")
    return 0


def cmd_status(args: argparse.Namespace, ctx: CliContext) -> int:
    from zoo_desktop.convert.environment import ConverterEnvironment

    status = ConverterEnvironment(ctx.paths).status()
    if ctx.json_output:
        ctx.emit(status.to_json())
    else:
        ctx.say(f"{'ready' if status.available else 'not available'} ({status.kind}): {status.detail}")
    return 0 if status.available else 11


def cmd_install(args: argparse.Namespace, ctx: CliContext) -> int:
    from zoo_desktop.convert.environment import ConverterEnvironment

    bar, on_event = _progress_sink(ctx, "converter")
    try:
        status = ConverterEnvironment(ctx.paths).install(force=args.force, progress=on_event)
    finally:
        bar.close()
    if ctx.json_output:
        ctx.emit(status.to_json())
    else:
        ctx.say(f"converter: {status.detail}")
    return 0 if status.available else 11
