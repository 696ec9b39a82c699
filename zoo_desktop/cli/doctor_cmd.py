"""`zoo doctor`: versions, model store, device, converter and Qt platform in one report for bug reports."""

from __future__ import annotations

import argparse

from zoo_desktop.cli.context import CliContext


def register(sub: "argparse._SubParsersAction[argparse.ArgumentParser]") -> None:
    p = sub.add_parser("doctor", help="describe this installation and machine (paste it into bug reports)")
    p.add_argument("--device", default="auto", help="the device setting to plan for: auto, cpu or gpu[:N] (default auto)")
    p.add_argument("--json", action="store_true", help="the report as one JSON object")
    p.set_defaults(handler=cmd_doctor)


def cmd_doctor(args: argparse.Namespace, ctx: CliContext) -> int:
    from zoo_desktop import doctor

    report = doctor.collect(ctx.paths, device=args.device)
    if ctx.json_output:
        ctx.emit(report)
    else:
        ctx.say(doctor.render(report))
    return 0
