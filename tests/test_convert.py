"""`zoo models convert`: every architecture through the real child process, with bert4keras parity."""

from __future__ import annotations

import json
import os
import sys
import threading
import time

import pytest

from zoo_desktop.cancel import CancelToken
from zoo_desktop.cli.main import main as zoo
from zoo_desktop.convert import converter, environment
from zoo_desktop.convert.child_process import ChildFailed
from zoo_desktop.errors import Cancelled
from zoo_desktop.paths import ZooPaths
from zoo_desktop.store.store import ModelStore
from zoo_test_support import store_snapshot

pytestmark = pytest.mark.tf

GRAPHS = {
    "roberta": {"encoder"},
    "roberta-plus": {"encoder"},
    "simbert": {"encoder", "unilm_source", "unilm_step"},
    "wobert": {"encoder", "unilm_source", "unilm_step"},
    "t5": {"t5_encoder", "t5_decoder_step"},
}


def imported(releases, arch: str, model_id: str) -> None:
    assert zoo(["models", "import", str(releases(arch, as_zip=True)), "--id", model_id]) == 0


@pytest.mark.parametrize("arch", sorted(GRAPHS))
def test_convert_every_architecture(arch, releases, zoo_home, capsys):
    imported(releases, arch, "m")
    capsys.readouterr()
    assert zoo(["models", "convert", "m", "--json"]) == 0
    lines = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    stages = [e["stage"] for e in lines if e.get("event") == "progress"]
    assert "export" in stages and "parity" in stages
    result = lines[-1]
    assert result["event"] == "result" and result["state"] == "converted"

    manifest = json.loads((zoo_home / "models" / "m" / "manifest.json").read_text("utf-8"))
    conversion = manifest["conversion"]
    assert set(conversion["graphs"]) == GRAPHS[arch]
    assert conversion["parity"]["passed"] is True
    assert conversion["precision"] == "fp32"
    for key in ("onnx", "onnxruntime", "tensorflow", "bert4keras"):
        assert key in conversion["versions"]
    for graph in conversion["graphs"].values():
        assert (zoo_home / "models" / "m" / graph["file"]).is_file()
        assert graph["inputs"] and graph["outputs"]
        assert graph["file"] in manifest["files"]
    assert conversion["seconds"] > 0
    assert zoo(["models", "verify", "m"]) == 0


def test_converted_package_runs_without_checkpoint(releases, zoo_home, tmp_path, monkeypatch, capsys):
    imported(releases, "simbert", "sb")
    assert zoo(["models", "convert", "sb"]) == 0
    package = tmp_path / "团队 共享" / "sb.zoomodel"
    assert zoo(["models", "export", "sb", "-o", str(package)]) == 0
    import zipfile

    names = zipfile.ZipFile(package).namelist()
    assert not any(n.startswith("checkpoint/bert_model") for n in names)
    assert any(n.endswith("unilm_step.onnx") for n in names)

    monkeypatch.setenv("ZOO_HOME", str(tmp_path / "colleague"))
    capsys.readouterr()
    assert zoo(["models", "import", str(package), "--json"]) == 0
    model = ModelStore(ZooPaths.from_env()).get("sb")
    assert model.state == "converted"
    import onnxruntime as ort

    graph = model.folder / model.manifest.conversion["graphs"]["encoder"]["file"]
    session = ort.InferenceSession(str(graph), providers=["CPUExecutionProvider"])
    assert [o.name for o in session.get_outputs()] == ["last_hidden_state", "pooled"]


def test_cancel_kills_the_child_and_changes_nothing(releases, zoo_home):
    imported(releases, "t5", "t5m")
    before = store_snapshot(zoo_home)
    store = ModelStore(ZooPaths.from_env())
    cancel = CancelToken()
    seen = []

    def progress(event):
        seen.append(event)
        if event.stage == "start":
            threading.Timer(1.5, cancel.cancel).start()

    t0 = time.monotonic()
    with pytest.raises(Cancelled):
        converter.convert_model(store, "t5m", progress=progress, cancel=cancel)
    assert time.monotonic() - t0 < 30
    assert store_snapshot(zoo_home) == before
    assert store.get("t5m").state == "imported"
    assert not list((zoo_home / "staging").iterdir())


def test_crashing_child_reports_clearly_and_changes_nothing(releases, zoo_home, tmp_path, monkeypatch):
    imported(releases, "roberta", "r")
    before = store_snapshot(zoo_home)
    (tmp_path / "crashing_child.py").write_text("import os, signal\nos.kill(os.getpid(), signal.SIGKILL)\n")
    monkeypatch.setattr(converter, "CHILD_MODULE", "crashing_child")
    monkeypatch.setenv("PYTHONPATH", str(tmp_path))
    with pytest.raises(ChildFailed, match="killed by signal 9"):
        converter.convert_model(ModelStore(ZooPaths.from_env()), "r")
    assert store_snapshot(zoo_home) == before


def test_converter_environment_missing(releases, zoo_home, monkeypatch, capsys):
    imported(releases, "roberta", "r")
    monkeypatch.setattr(environment, "current_interpreter_can_convert", lambda: False)
    capsys.readouterr()
    assert zoo(["models", "convert", "r"]) == 11
    assert "zoo converter install" in capsys.readouterr().err
    assert zoo(["converter", "status"]) == 11


def test_broken_converter_environment_is_reported(zoo_home, monkeypatch, capsys):
    monkeypatch.setattr(environment, "current_interpreter_can_convert", lambda: False)
    (zoo_home / "converter-env" / "bin").mkdir(parents=True)
    assert zoo(["converter", "status", "--json"]) == 11
    status = json.loads(capsys.readouterr().out)
    assert status["kind"] == "broken" and "--force" in status["detail"]


def test_broken_model_is_not_converted(releases, zoo_home, capsys):
    imported(releases, "roberta", "r")
    (zoo_home / "models" / "r" / "checkpoint" / "vocab.txt").write_text("[PAD]\n")
    assert zoo(["models", "verify", "r"]) == 9
    capsys.readouterr()
    assert zoo(["models", "convert", "r"]) == 2
    assert "broken" in capsys.readouterr().err


def test_checkpoint_changed_after_import_is_named(releases, zoo_home, capsys):
    """A variable with the wrong shape reaches the exporter only if files change behind the store's back."""
    import shutil

    from zoo_desktop.convert import random_checkpoint as rc

    imported(releases, "roberta-plus", "rp")
    ckpt = zoo_home / "models" / "rp" / "checkpoint"
    config = json.loads((ckpt / "bert_config.json").read_text())
    bad = dict(config, intermediate_size=config["intermediate_size"] * 2)
    other = rc.write_release("roberta-plus", zoo_home.parent / "other", config=bad, vocab=rc.test_vocab("roberta-plus", config["vocab_size"]))
    for name in ("bert_model.ckpt.index", "bert_model.ckpt.data-00000-of-00001"):
        shutil.copy(other / name, ckpt / name)
    capsys.readouterr()
    assert zoo(["models", "convert", "rp"]) == 10
    err = capsys.readouterr().err
    assert "intermediate/dense/kernel" in err
    assert ZooPaths.from_env() and ModelStore(ZooPaths.from_env()).get("rp").state == "imported"


def test_too_little_space_is_refused_before_starting(releases, zoo_home, monkeypatch):
    import shutil
    from collections import namedtuple

    from zoo_desktop.errors import DiskFull

    imported(releases, "simbert", "m")
    paths = ZooPaths.from_env()
    before = store_snapshot(paths.home)
    model = ModelStore(paths).get("m")
    needed = converter.space_needed(model, "fp32")
    usage = namedtuple("usage", "total used free")
    monkeypatch.setattr(converter.shutil, "disk_usage", lambda _p: usage(needed * 10, needed * 10 - needed + 1, needed - 1))
    with pytest.raises(DiskFull, match="not enough free disk space to convert 'm'"):
        converter.convert_model(ModelStore(paths), "m")
    assert store_snapshot(paths.home) == before


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="uses RLIMIT_FSIZE to make writes fail like a full disk")
def test_disk_full_while_writing_graphs_changes_nothing(releases, zoo_home, monkeypatch):
    """The child's writes fail half-way (a file-size limit: EFBIG, what a full disk gives as ENOSPC): the user
    hears it was the disk, and the model stays imported-but-unconverted with no stray files."""
    import resource
    import subprocess

    from zoo_desktop.convert import child_process
    from zoo_desktop.errors import DiskFull

    imported(releases, "roberta", "m")
    paths = ZooPaths.from_env()
    before = store_snapshot(paths.home)
    real_popen = subprocess.Popen

    def limited_popen(*args, **kwargs):
        def limit():
            resource.setrlimit(resource.RLIMIT_FSIZE, (64 * 1024, 64 * 1024))

        return real_popen(*args, preexec_fn=limit, **kwargs)

    monkeypatch.setattr(child_process.subprocess, "Popen", limited_popen)
    with pytest.raises(DiskFull, match="disk ran full while the conversion"):
        converter.convert_model(ModelStore(paths), "m")
    assert store_snapshot(paths.home) == before
    assert ModelStore(paths).get("m").manifest.conversion in (None, {})
    assert not list((paths.models / "m").glob("onnx-*"))
