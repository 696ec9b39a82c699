"""Conversion time and peak memory at real model dimensions (random weights in the release layout).

    .venv/bin/python benchmarks/bench_convert.py [roberta-small t5-pegasus-small t5-pegasus-base ...]

For each model id: write a random-weight release at the real dimensions, import it into a temporary
ZOO_HOME, convert it (graphs + bert4keras parity, in the child process as the app does) and print the
wall time, the child's peak resident memory, the graph sizes and the parity figures.
"""

from __future__ import annotations

import json
import os
import sys
import tempfile
import time
from pathlib import Path

DEFAULT = ("roberta-small", "t5-pegasus-small", "t5-pegasus-base")


def main(model_ids: list[str]) -> int:
    os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
    from zoo_desktop.convert import random_checkpoint as rc
    from zoo_desktop.convert.converter import convert_model
    from zoo_desktop.paths import ZooPaths
    from zoo_desktop.store.importer import Importer, ImportRequest
    from zoo_desktop.store.store import ModelStore

    with tempfile.TemporaryDirectory(prefix="zoo-bench-convert-") as tmp:
        store = ModelStore(ZooPaths(Path(tmp) / "home"))
        print(f"{'model':<18} {'convert s':>9} {'child peak RSS MB':>17} {'graphs MB':>9}  parity")
        for model_id in model_ids:
            arch = rc.arch_of(model_id)
            config = rc.real_config(model_id)
            release = rc.write_release(arch, Path(tmp) / "releases", config=config, vocab=rc.test_vocab(arch, config["vocab_size"]),
                                       name=rc.release_name(model_id))
            Importer(store).run(ImportRequest(str(release), model_id))
            started = time.perf_counter()
            model = convert_model(store, model_id)
            seconds = time.perf_counter() - started
            conv = model.manifest.conversion
            size = sum(p.stat().st_size for p in (model.folder / conv["dir"]).rglob("*") if p.is_file()) / 1e6
            parity = {k: v for k, v in conv["parity"].items() if k.endswith("max_abs")}
            print(f"{model_id:<18} {seconds:9.1f} {conv.get('peak_rss_mb') or 0:17.0f} {size:9.0f}  {json.dumps(parity)}", flush=True)
            store.remove(model_id)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:] or list(DEFAULT)))
