"""Encoder throughput of the engine against bert4keras, at the real RoBERTa Tiny / Small dimensions.

    .venv/bin/python benchmarks/bench_encoders.py [--models roberta-tiny,roberta-small] [--runs 15]
        [--batch 32] [--tokens 128] [--threads 2] [--work DIR] [--contenders engine,bert4keras]

For each model: a random-weight release at the real dimensions (`random_checkpoint.write_release`), converted
with `export.bert.build_bert_graphs` (encoder.onnx). One batch of 32 rows x 128 tokens ([CLS] 126 ids [SEP],
no padding, segment ids 0) is run through
  engine      `encoder.onnx` in an onnxruntime session from the engine's `create_session(threads=2)`
              (which sets session.intra_op.allow_spinning=0 unless ZOO_ORT_SPINNING=1; `+spin`: the same
              session with spinning on, i.e. onnxruntime's default; `+nospin`: own plain session options
              with allow_spinning=0; `+int8`: the engine's session on the encoder reduced as `zoo models convert
              --precision int8` does (`convert_child.reduce_graph`), reported apart: it is not identical to bert4keras);
  bert4keras  `build_transformer_model(config, checkpoint)` (model='bert': the last hidden states, which is
              what encoder.onnx returns) and Keras `model.predict([ids, segments], batch_size=32)`, with TF
              intra/inter-op threads 2/1 set before anything runs.
Each contender is its own worker process; calls alternate (the order rotates each round), one untimed
warm-up each. Reported: median ms per batch (and process CPU ms), the ratio bert4keras / engine (target >= 3).
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
TARGET = 3.0
DEFAULT_WORK = Path(os.environ.get("TMPDIR", "/tmp")) / "zoo-bench-encoders"


def _say(obj) -> None:
    sys.stdout.write(json.dumps(obj) + "\n")
    sys.stdout.flush()


def prepare(model_id: str, work: Path) -> dict:
    from zoo_desktop.convert import random_checkpoint as rc

    arch = rc.arch_of(model_id)
    config = rc.real_config(model_id)
    folder = work / model_id
    marker = folder / "ready.json"
    if marker.is_file():
        info = json.loads(marker.read_text())
        if info.get("config") == config:
            return info
    release = rc.write_release(arch, folder / "release", config=config, vocab=rc.test_vocab(arch, config["vocab_size"]),
                               name=rc.release_name(model_id), overwrite=True)
    from zoo_desktop.export.bert import build_bert_graphs

    graphs = build_bert_graphs(release / "bert_model.ckpt", json.loads((release / "bert_config.json").read_text()),
                               arch, folder / "onnx")
    info = {"model_id": model_id, "config": config, "release": str(release), "encoder": str(graphs["encoder"])}
    marker.write_text(json.dumps(info, indent=1))
    return info


def batch(vocab_size: int, rows: int, tokens: int, seed: int = 0):
    import numpy as np

    rng = np.random.default_rng(seed)
    ids = rng.integers(104, vocab_size, (rows, tokens)).astype(np.int64)
    ids[:, 0], ids[:, -1] = 101, 102
    return ids, np.zeros_like(ids)


def run_worker(kind: str, info: dict, threads: int, rows: int, tokens: int) -> int:
    import numpy as np

    ids, segs = batch(info["config"]["vocab_size"], rows, tokens)
    started = time.perf_counter()
    if kind.startswith("engine"):
        encoder = info["encoder_int8"] if kind == "engine+int8" else info["encoder"]
        if kind == "engine+nospin":
            import onnxruntime as ort

            o = ort.SessionOptions()
            o.graph_optimization_level = ort.GraphOptimizationLevel.ORT_ENABLE_ALL
            o.intra_op_num_threads, o.inter_op_num_threads = threads, 1
            o.add_session_config_entry("session.intra_op.allow_spinning", "0")
            session = ort.InferenceSession(encoder, o, providers=["CPUExecutionProvider"])
        else:
            from zoo_desktop.engine.device import DeviceRequest, create_session

            spinning = True if kind == "engine+spin" else None
            session = create_session(encoder, DeviceRequest("cpu"), threads=threads, spinning=spinning)[0]
        feeds = {"input_ids": ids, "segment_ids": segs, "attention_mask": (ids != 0).astype(np.int64)}

        def run():
            return session.run(["last_hidden_state"], feeds)[0]

        import onnxruntime

        versions = {"onnxruntime": onnxruntime.__version__}
    elif kind == "bert4keras":
        from zoo_desktop.convert.b4k import load_bert4keras, load_tensorflow

        tf = load_tensorflow()
        tf.config.threading.set_intra_op_parallelism_threads(threads)
        tf.config.threading.set_inter_op_parallelism_threads(1)
        load_bert4keras()
        from bert4keras.models import build_transformer_model

        release = Path(info["release"])
        model = build_transformer_model(str(release / "bert_config.json"), str(release / "bert_model.ckpt"), model="bert")

        def run():
            return model.predict([ids, segs], batch_size=rows, verbose=0)

        versions = {"tensorflow": tf.__version__}
    else:
        raise SystemExit(f"unknown worker {kind!r}")
    shape = list(run().shape)
    _say({"ready": True, "load_s": time.perf_counter() - started, "versions": versions, "shape": shape})
    for line in sys.stdin:
        if not line.strip():
            break
        c0, t0 = time.process_time(), time.perf_counter()
        run()
        t1, c1 = time.perf_counter(), time.process_time()
        _say({"ms": (t1 - t0) * 1000, "cpu_ms": (c1 - c0) * 1000})
    return 0


class Worker:
    def __init__(self, name: str, cmd: list[str], env: dict) -> None:
        self.name = name
        self.proc = subprocess.Popen(cmd, stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                                     env=env, cwd=str(ROOT), bufsize=1)
        self.ready = self.read()
        if not self.ready:
            err = [ln for ln in self.proc.stderr.read().splitlines() if ln.strip()]
            raise RuntimeError(err[-1] if err else "worker did not start")

    def read(self) -> dict | None:
        for line in self.proc.stdout:
            if line.startswith("{"):
                return json.loads(line)
        return None

    def call(self) -> dict:
        self.proc.stdin.write("go\n")
        self.proc.stdin.flush()
        out = self.read()
        if out is None:
            raise RuntimeError(f"{self.name} died")
        return out

    def close(self) -> None:
        if self.proc.poll() is None:
            self.proc.stdin.write("\n")
            self.proc.stdin.flush()
            self.proc.wait(timeout=60)


def _loadavg() -> str:
    try:
        return " ".join(Path("/proc/loadavg").read_text().split()[:3])
    except OSError:
        return "?"


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--models", default="roberta-tiny,roberta-small")
    ap.add_argument("--runs", type=int, default=15)
    ap.add_argument("--batch", type=int, default=32)
    ap.add_argument("--tokens", type=int, default=128)
    ap.add_argument("--threads", type=int, default=2)
    ap.add_argument("--pause", type=float, default=0.2)
    ap.add_argument("--contenders", default="engine,bert4keras", help="engine, engine+spin, engine+nospin, engine+int8, bert4keras")
    ap.add_argument("--work", type=Path, default=DEFAULT_WORK)
    ap.add_argument("--json", type=Path)
    ap.add_argument("--worker", help=argparse.SUPPRESS)
    ap.add_argument("--info", type=Path, help=argparse.SUPPRESS)
    args = ap.parse_args(argv)
    if args.worker:
        return run_worker(args.worker, json.loads(args.info.read_text()), args.threads, args.batch, args.tokens)

    os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
    sys.path.insert(0, str(ROOT))
    args.work.mkdir(parents=True, exist_ok=True)
    contenders = [c for c in args.contenders.split(",") if c]
    env = dict(os.environ, PYTHONPATH=str(ROOT) + os.pathsep + os.environ.get("PYTHONPATH", ""))
    print(f"bench_encoders: batch {args.batch} x {args.tokens} tokens, {args.threads} threads, {args.runs} runs; "
          f"{os.cpu_count()} CPUs, load {_loadavg()}", flush=True)
    rows = []
    for model_id in [m for m in args.models.split(",") if m]:
        info = prepare(model_id, args.work)
        info_file = args.work / model_id / "ready.json"
        if "engine+int8" in contenders and not Path(info.get("encoder_int8", "")).is_file():
            from zoo_desktop.convert.convert_child import reduce_graph

            target = Path(info["encoder"]).parent.parent / "onnx-int8" / "encoder.onnx"
            target.parent.mkdir(parents=True, exist_ok=True)
            reduce_graph(Path(info["encoder"]), target, "int8")
            info["encoder_int8"] = str(target)
            info_file.write_text(json.dumps(info, indent=1))
        workers: dict[str, Worker] = {}
        try:
            for name in contenders:
                cmd = [sys.executable, str(Path(__file__).resolve()), "--worker", name, "--info", str(info_file),
                       "--threads", str(args.threads), "--batch", str(args.batch), "--tokens", str(args.tokens)]
                try:
                    workers[name] = Worker(name, cmd, env)
                    print(f"  {model_id}: {name} ready in {workers[name].ready['load_s']:.1f} s, output {workers[name].ready['shape']}", flush=True)
                except Exception as exc:  # noqa: BLE001
                    print(f"  {model_id}: SKIP {name}: {exc}", flush=True)
            load_before = _loadavg()
            samples: dict[str, list[dict]] = {n: [] for n in workers}
            order = list(workers)
            for r in range(args.runs):
                for name in order[r % len(order):] + order[: r % len(order)]:
                    samples[name].append(workers[name].call())
                    time.sleep(args.pause)
        finally:
            for w in workers.values():
                w.close()
        row = {"model": model_id, "load_before": load_before, "load_after": _loadavg(), "contenders": {}}
        for name, got in samples.items():
            ms = [s["ms"] for s in got]
            row["contenders"][name] = {"median_ms": statistics.median(ms), "median_cpu_ms": statistics.median(s["cpu_ms"] for s in got),
                                       "min_ms": min(ms), "max_ms": max(ms), "all_ms": [round(x, 1) for x in ms]}
        rows.append(row)
    print(f"\nms per batch of {args.batch} x {args.tokens} (median wall, (median process CPU)); ratio = bert4keras / engine variant, target >= {TARGET:g}")
    for row in rows:
        c = row["contenders"]
        b4k = c.get("bert4keras", {}).get("median_ms")
        parts = []
        for name, v in c.items():
            part = f"{name} {v['median_ms']:.0f} ({v['median_cpu_ms']:.0f})"
            if b4k and name != "bert4keras":
                ratio = b4k / v["median_ms"]
                part += f" ratio {ratio:.2f}x {'PASS' if ratio >= TARGET else 'FAIL'}"
                if "int8" in name:
                    part += " (int8: not identical to bert4keras)"
            parts.append(part)
        print(f"{row['model']:<15} " + " | ".join(parts) + f"   load {row['load_before']} -> {row['load_after']}")
    if args.json:
        args.json.write_text(json.dumps(rows, indent=1))
    return 0


if __name__ == "__main__":
    sys.exit(main())
