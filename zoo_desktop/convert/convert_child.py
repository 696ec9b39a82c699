"""The conversion child: `python -m zoo_desktop.convert.convert_child --model-dir DIR --out DIR`.

Builds the ONNX graphs of an imported model, checks them against bert4keras, makes reduced-precision
variants when asked, and reports progress and the result as JSON lines (see child_process.py).
Runs in its own process: it may import TensorFlow.
"""

from __future__ import annotations

import argparse
import json
import shutil
import sys
import time
import traceback
from pathlib import Path
from typing import Any

from zoo_desktop.convert.child_process import EventWriter, error_kind


def _graph_io(path: Path) -> dict[str, Any]:
    import onnx

    model = onnx.load(str(path), load_external_data=False)

    def describe(values) -> list[dict[str, Any]]:
        out = []
        for v in values:
            dims = [d.dim_param or d.dim_value for d in v.type.tensor_type.shape.dim]
            out.append({"name": v.name, "type": onnx.TensorProto.DataType.Name(v.type.tensor_type.elem_type).lower(), "shape": dims})
        return out

    return {"inputs": describe(model.graph.input), "outputs": describe(model.graph.output)}


def _versions() -> dict[str, str]:
    versions: dict[str, str] = {}
    for module in ("onnx", "onnxruntime", "tensorflow", "tf2onnx", "bert4keras", "numpy"):
        try:
            mod = __import__(module)
            versions[module] = str(getattr(mod, "__version__", "?"))
        except Exception:
            continue
    import zoo_desktop

    versions["zoo_desktop"] = zoo_desktop.__version__
    return versions


def _peak_rss_mb() -> float | None:
    try:
        import resource

        return round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)
    except Exception:
        return None


def _build(family: str, ckpt_dir: Path, manifest: dict[str, Any], out: Path) -> dict[str, Path]:
    prefix = ckpt_dir / Path(manifest.get("checkpoint", "")).name
    if family == "t5":
        from zoo_desktop.export.t5 import build_t5_graphs

        return build_t5_graphs(prefix, manifest["config"], out)
    from zoo_desktop.export.bert import build_bert_graphs

    return build_bert_graphs(prefix, manifest["config"], family, out)


def _parity(family: str, ckpt_dir: Path, out: Path) -> dict[str, Any]:
    from zoo_desktop.convert.b4k import load_bert4keras

    load_bert4keras()
    if family == "t5":
        from zoo_desktop.convert.parity_t5 import check_release

        return check_release(ckpt_dir, out)
    from zoo_desktop.convert.parity_bert import check_release

    return check_release(ckpt_dir, out, family)


def reduce_graph(path: Path, target: Path, precision: str) -> None:
    """Write the `precision` ("int8" or "fp16") variant of the fp32 graph `path` to `target`.

    int8: onnxruntime's dynamic quantization (int8 weights, activations quantized per call; runs on the CPU).
    fp16: every float tensor halved, inputs and outputs included (for GPUs; onnxruntime's CPU has few fp16 kernels).
    """
    if precision == "int8":
        from onnxruntime.quantization import QuantType, quantize_dynamic

        quantize_dynamic(str(path), str(target), weight_type=QuantType.QInt8)
    elif precision == "fp16":
        import onnx
        from onnxruntime.transformers.float16 import convert_float_to_float16

        from zoo_desktop.export.onnx_builder import save_model

        half = convert_float_to_float16(onnx.load(str(path)), keep_io_types=False, disable_shape_infer=True)
        save_model(half, target, check=False)
    else:
        raise ValueError(f"no reduced variant for precision {precision!r}")


def _reduce_precision(graphs: dict[str, Path], precision: str, fp32_dir: Path, out: Path, vocab_size: int, events: EventWriter) -> dict[str, Any]:
    from zoo_desktop.convert import agreement

    figures: dict[str, Any] = {}
    for i, (name, path) in enumerate(graphs.items()):
        events.progress("quantize", i / len(graphs), f"{precision}: {name}")
        target = out / path.name
        reduce_graph(path, target, precision)
        figures[name] = agreement.measure(path, target, vocab_size)
    if precision == "int8":
        bad = [n for n, f in figures.items() if not agreement.acceptable(f)]
        if bad:
            raise RuntimeError(
                f"int8 agreement with fp32 stays below 0.99 for {', '.join(bad)} ({figures}); int8 is not offered for this model"
            )
    return figures


def run(model_dir: Path, out: Path, precision: str, events: EventWriter) -> dict[str, Any]:
    manifest = json.loads((model_dir / "manifest.json").read_text(encoding="utf-8"))
    family = manifest["family"]
    ckpt_dir = model_dir / "checkpoint"
    started = time.time()
    fp32_dir = out if precision == "fp32" else out.parent / "fp32"
    fp32_dir.mkdir(parents=True, exist_ok=True)
    events.progress("export", 0.0, f"building the {family} graphs")
    graphs = _build(family, ckpt_dir, manifest, fp32_dir)
    events.progress("export", 1.0, f"built {', '.join(graphs)} in {time.time() - started:.1f} s")
    events.progress("parity", 0.0, "comparing with bert4keras")
    parity = _parity(family, ckpt_dir, fp32_dir)
    if parity.get("passed") is False:
        raise RuntimeError(f"the converted graphs do not match bert4keras: {parity.get('failures') or parity}")
    events.progress("parity", 1.0, "graphs match bert4keras")
    agreement_figures: dict[str, Any] = {}
    if precision != "fp32":
        out.mkdir(parents=True, exist_ok=True)
        vocab_size = int(manifest["config"]["vocab_size"])
        agreement_figures = _reduce_precision(graphs, precision, fp32_dir, out, vocab_size, events)
        shutil.rmtree(fp32_dir, ignore_errors=True)
    result_graphs = {}
    for name, path in graphs.items():
        final = out / path.name
        result_graphs[name] = {"file": final.name, **_graph_io(final)}
    extra_files = sorted(p.name for p in out.iterdir() if p.is_file() and p.suffix != ".onnx")
    return {
        "graphs": result_graphs,
        "data_files": extra_files,
        "parity": parity,
        "agreement": agreement_figures,
        "versions": _versions(),
        "peak_rss_mb": _peak_rss_mb(),
        "seconds": round(time.time() - started, 2),
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="zoo_desktop.convert.convert_child")
    parser.add_argument("--model-dir", type=Path, required=True)
    parser.add_argument("--out", type=Path, required=True)
    parser.add_argument("--precision", choices=("fp32", "fp16", "int8"), default="fp32")
    args = parser.parse_args(argv)
    events = EventWriter()
    try:
        result = run(args.model_dir, args.out, args.precision, events)
    except Exception as exc:
        traceback.print_exc(file=sys.stderr)
        events.error(f"{type(exc).__name__}: {exc}", error_kind(exc))
        return 1
    events.result(**result)
    return 0


if __name__ == "__main__":
    sys.exit(main())
