"""Fine-tuning benchmark: task_sentiment.py's recipe from random RoBERTa-Tiny weights on the real data sets.

No pretrained weights can be downloaded here, so the base is a random-weight release at RoBERTa-Tiny's real
dimensions (L-4, H-312, A-12, E-128) with Google's Chinese vocab (`../shared/data/bert_chinese_vocab.txt`):
what is measured is the training pipeline's time and what accuracy a from-scratch model reaches in it,
not the zoo's published figures (94.00% for the pretrained RoBERTa Tiny on sentiment).

Tasks:
* `sentiment`: `../shared/data/sentiment/{train,valid,test}.tsv` (16883 / 2111 / 2111 reviews, labels 0/1);
* `csl`: `../shared/data/csl/ctg_train.tsv` (8000 paper titles, 13 disciplines as text labels), validated on
  `ctg_dev.tsv` (1000; no separate test set, so the dev accuracy of the best epoch is reported).

Each runs `zoo_desktop.train.runner.train_classifier` — the same path as `zoo train classify`: the training
child, epoch checkpoints, export to classifier.onnx and parity — and records the best validation accuracy,
the test accuracy, the epochs, and the minutes. `--time-limit` cancels a task after that many minutes;
its epochs done so far are read from the run folder (and the run can be resumed with the same command).

    .venv/bin/python benchmarks/bench_train.py --task csl --epochs 10 --threads 2
    .venv/bin/python benchmarks/bench_train.py --task sentiment --epochs 2 --threads 2
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import sys
import tempfile
import threading
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
DATA = ROOT.parent / "shared" / "data"

TASKS = {
    "sentiment": {"train": "sentiment/train.tsv", "valid": "sentiment/valid.tsv", "test": "sentiment/test.tsv"},
    "csl": {"train": "csl/ctg_train.tsv", "valid": "csl/ctg_dev.tsv", "test": None},
}


def _majority(path: Path) -> float:
    labels = [line.rsplit("\t", 1)[1] for line in path.read_text("utf-8").splitlines() if "\t" in line]
    return max(Counter(labels).values()) / len(labels)


def _base(store, home: Path) -> str:
    from zoo_desktop.convert import random_checkpoint as rc
    from zoo_desktop.store.importer import Importer, ImportRequest

    model_id = "roberta-tiny-random"
    if not store.is_installed(model_id):
        config = rc.real_config("roberta-tiny")
        vocab = rc.test_vocab("roberta", config["vocab_size"], base_vocab=DATA / "bert_chinese_vocab.txt")
        with tempfile.TemporaryDirectory(dir=home) as tmp:
            release = rc.write_release("roberta", Path(tmp), config=config, vocab=vocab,
                                       name=rc.release_name("roberta-tiny"), seed=0)
            Importer(store).run(ImportRequest(str(release), model_id))
    return model_id


def run_task(store, base: str, task: str, args) -> dict:
    from zoo_desktop.cancel import CancelToken
    from zoo_desktop.errors import Cancelled
    from zoo_desktop.train.recipes import ClassifyRecipe, parse_schedule
    from zoo_desktop.train.runner import ClassifyRequest, run_folder, train_classifier

    files = {k: (DATA / v if v else None) for k, v in TASKS[task].items()}
    recipe = ClassifyRecipe(epochs=args.epochs, maxlen=args.maxlen, batch_size=args.batch_size,
                            learning_rate=args.lr, lr_schedule=parse_schedule(args.lr_schedule))
    out = f"bench-{task}"
    if store.is_installed(out):
        store.remove(out)
    request = ClassifyRequest(base=base, train=files["train"], valid=files["valid"], test=files["test"], out=out,
                              recipe=recipe, threads=args.threads)
    token = CancelToken()
    timer = threading.Timer(args.time_limit * 60, token.cancel) if args.time_limit else None
    if timer:
        timer.daemon = True
        timer.start()
    last = [0.0]

    def show(event) -> None:
        now = time.time()
        if event.stage != "train" or now - last[0] > 60:
            last[0] = now
            print(f"[{task} {time.strftime('%H:%M:%S')}] {event.stage}: {event.message}", flush=True)

    started = time.time()
    record = {"task": task, "recipe": recipe.to_json(), "threads": args.threads,
              "majority_valid_accuracy": _majority(files["valid"])}
    try:
        outcome = train_classifier(store, request, progress=show, cancel=token)
        result = outcome.result
        record.update(completed=True, history=result["history"], best_epoch=result["best_epoch"],
                      metrics=result["metrics"], parity_max_abs=result["parity"]["probabilities_max_abs"],
                      train_minutes=round(result["train_seconds"] / 60, 1), device=result["device"])
    except Cancelled:
        state = json.loads((run_folder(store, out) / "state.json").read_text("utf-8"))
        record.update(completed=False, history=state["history"], best_epoch=state["best_epoch"],
                      metrics=state["best_metrics"], train_minutes=round(state["train_seconds"] / 60, 1),
                      note=f"stopped by --time-limit {args.time_limit} min after {state['epochs_done']} epochs")
    finally:
        if timer:
            timer.cancel()
    record["minutes"] = round((time.time() - started) / 60, 1)
    return record


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--task", choices=(*TASKS, "all"), default="all")
    parser.add_argument("--epochs", type=int, default=10, help="task_sentiment.py trains 10")
    parser.add_argument("--maxlen", type=int, default=128)
    parser.add_argument("--batch-size", type=int, default=32)
    parser.add_argument("--lr", type=float, default=1e-4)
    parser.add_argument("--lr-schedule", default="1000:1,2000:0.1")
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--time-limit", type=float, default=None, help="minutes per task")
    parser.add_argument("--home", type=Path, default=None, help="ZOO_HOME to use (default: a temporary folder)")
    parser.add_argument("--output", type=Path, default=None, help="append the results as JSON lines here")
    args = parser.parse_args(argv)
    if not DATA.is_dir():
        print(f"the shared data is not at {DATA}", file=sys.stderr)
        return 2
    home = args.home or Path(tempfile.mkdtemp(prefix="zoo-bench-train-"))
    home.mkdir(parents=True, exist_ok=True)
    os.environ["ZOO_HOME"] = str(home)
    from zoo_desktop.paths import ZooPaths
    from zoo_desktop.store.store import ModelStore

    store = ModelStore(ZooPaths(home.resolve()))
    base = _base(store, home)
    tasks = list(TASKS) if args.task == "all" else [args.task]
    for task in tasks:
        record = run_task(store, base, task, args)
        record.update(machine=f"{platform.machine()}, {os.cpu_count()} CPUs", python=platform.python_version(),
                      command=" ".join([Path(sys.executable).name, *sys.argv]))
        print(json.dumps(record, ensure_ascii=False, indent=1), flush=True)
        if args.output:
            with open(args.output, "a", encoding="utf-8") as fh:
                fh.write(json.dumps(record, ensure_ascii=False) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
