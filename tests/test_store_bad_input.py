"""Every bad input gets a clear, specific error and leaves the store exactly as it was."""

from __future__ import annotations

import errno
import json
import os
import shutil
import signal
import subprocess
import sys
import time
import zipfile
from pathlib import Path

import pytest

from zoo_desktop.cli.main import main as zoo
from zoo_desktop.errors import ModelBusy
from zoo_desktop.paths import ZooPaths
from zoo_desktop.store.lock import ModelLock
from zoo_test_support import store_snapshot

pytestmark = pytest.mark.tf


@pytest.fixture
def installed(releases, zoo_home):
    """A store that already holds one model, so 'unchanged' means something."""
    assert zoo(["models", "import", str(releases("roberta", as_zip=True)), "--id", "keep-me"]) == 0
    return store_snapshot(zoo_home)


def refused(capsys, zoo_home, before, argv, exit_code, *phrases):
    code = zoo(argv)
    err = capsys.readouterr().err
    assert code == exit_code, err
    for phrase in phrases:
        assert phrase in err, err
    assert store_snapshot(zoo_home) == before
    assert not list((zoo_home / "staging").glob("*")) if (zoo_home / "staging").exists() else True
    return err


def rezip(src_zip: Path, dest: Path, extra: list[tuple[zipfile.ZipInfo | str, bytes]]) -> Path:
    with zipfile.ZipFile(src_zip) as src, zipfile.ZipFile(dest, "w") as dst:
        for info in src.infolist():
            dst.writestr(info, src.read(info))
        for name, data in extra:
            dst.writestr(name, data)
    return dest


@pytest.mark.parametrize(
    "entry, phrase",
    [("../../evil.txt", "zip-slip"), ("/etc/evil.txt", "absolute"), ("C:\\evil.txt", "absolute")],
)
def test_zip_slip_entries(entry, phrase, releases, installed, zoo_home, tmp_path, capsys):
    bad = rezip(releases("roberta", as_zip=True), tmp_path / "bad.zip", [(entry, b"owned")])
    refused(capsys, zoo_home, installed, ["models", "import", str(bad), "--id", "x"], 5, phrase)
    assert not (tmp_path / "evil.txt").exists()


def test_symlink_entry(releases, installed, zoo_home, tmp_path, capsys):
    link = zipfile.ZipInfo("chinese_roberta/link")
    link.external_attr = (0o120777 << 16)
    bad = rezip(releases("roberta", as_zip=True), tmp_path / "bad.zip", [(link, b"/etc/passwd")])
    refused(capsys, zoo_home, installed, ["models", "import", str(bad), "--id", "x"], 5, "symbolic link")


def test_zip_bomb(releases, installed, zoo_home, tmp_path, capsys):
    src = releases("roberta", as_zip=True)
    bad = tmp_path / "bomb.zip"
    shutil.copy(src, bad)
    with zipfile.ZipFile(bad, "a", compression=zipfile.ZIP_DEFLATED) as zf:
        with zf.open("chinese_roberta/padding.bin", "w", force_zip64=True) as fh:
            block = bytes(1 << 20)
            for _ in range(400):  # 400 MB of zeros: a few hundred KB compressed
                fh.write(block)
    assert bad.stat().st_size < 5_000_000
    refused(capsys, zoo_home, installed, ["models", "import", str(bad), "--id", "x"], 5, "zip bomb")


def test_truncated_zip(releases, installed, zoo_home, tmp_path, capsys):
    data = releases("roberta", as_zip=True).read_bytes()
    bad = tmp_path / "truncated.zip"
    bad.write_bytes(data[: len(data) // 2])
    refused(capsys, zoo_home, installed, ["models", "import", str(bad), "--id", "x"], 5, "not a zip archive or is truncated")


def test_not_a_zip(installed, zoo_home, tmp_path, capsys):
    bad = tmp_path / "model.zip"
    bad.write_text("这不是压缩包", encoding="utf-8")
    refused(capsys, zoo_home, installed, ["models", "import", str(bad), "--id", "x"], 5, "not a zip archive")


@pytest.mark.parametrize(
    "remove, phrase",
    [("vocab.txt", "no vocab.txt"), ("bert_model.ckpt.index", "no checkpoint index"),
     ("bert_model.ckpt.data-00000-of-00001", "lacks the checkpoint data file"), ("bert_config.json", "no model config")],
)
def test_folder_missing_files(remove, phrase, releases, installed, zoo_home, tmp_path, capsys):
    folder = tmp_path / "release"
    shutil.copytree(releases("roberta"), folder)
    (folder / remove).unlink()
    refused(capsys, zoo_home, installed, ["models", "import", str(folder), "--id", "x"], 5, phrase)


def test_truncated_checkpoint_data(releases, installed, zoo_home, tmp_path, capsys):
    folder = tmp_path / "release"
    shutil.copytree(releases("roberta"), folder)
    data = folder / "bert_model.ckpt.data-00000-of-00001"
    data.write_bytes(data.read_bytes()[:1000])
    refused(capsys, zoo_home, installed, ["models", "import", str(folder), "--id", "x"], 5, "truncated")


def test_config_disagrees_with_checkpoint(releases, installed, zoo_home, tmp_path, capsys):
    folder = tmp_path / "release"
    shutil.copytree(releases("roberta"), folder)
    config = json.loads((folder / "bert_config.json").read_text())
    config["intermediate_size"] += 8
    (folder / "bert_config.json").write_text(json.dumps(config))
    err = refused(capsys, zoo_home, installed, ["models", "import", str(folder), "--id", "x"], 5, "intermediate/dense/kernel", "the config implies")
    assert str(config["intermediate_size"]) in err


def test_vocab_size_disagrees(releases, installed, zoo_home, tmp_path, capsys):
    folder = tmp_path / "release"
    shutil.copytree(releases("t5"), folder)
    with open(folder / "vocab.txt", "a", encoding="utf-8") as fh:
        fh.write("多余的词\n")
    refused(capsys, zoo_home, installed, ["models", "import", str(folder), "--id", "x"], 5, "vocab.txt has", "vocab_size")


@pytest.mark.parametrize("bad_id", ["../evil", "a/b", "a\\b", "..", "UPPER", ""])
def test_id_with_path_separators(bad_id, releases, installed, zoo_home, capsys):
    refused(capsys, zoo_home, installed, ["models", "import", str(releases("roberta")), "--id", bad_id], 2, "invalid model id")


def test_full_disk_before_extracting(releases, installed, zoo_home, monkeypatch, capsys):
    from zoo_desktop.store import archive

    monkeypatch.setattr(archive.shutil, "disk_usage", lambda p: shutil._ntuple_diskusage(10**9, 10**9 - 1000, 1000))
    refused(capsys, zoo_home, installed, ["models", "import", str(releases("roberta", as_zip=True)), "--id", "x"], 7, "not enough free space")


def test_disk_fills_up_while_copying(releases, installed, zoo_home, monkeypatch, capsys):
    from zoo_desktop.store import importer

    calls = {"n": 0}
    real_copy = shutil.copyfile

    def copy_then_fail(src, dst, *a, **kw):
        calls["n"] += 1
        if calls["n"] == 2:
            raise OSError(errno.ENOSPC, "No space left on device")
        return real_copy(src, dst, *a, **kw)

    monkeypatch.setattr(importer.shutil, "copyfile", copy_then_fail)
    refused(capsys, zoo_home, installed, ["models", "import", str(releases("roberta")), "--id", "x"], 7, "is full")


def test_unknown_architecture(installed, zoo_home, tmp_path, capsys):
    import numpy as np

    from zoo_desktop.convert import random_checkpoint as rc

    folder = tmp_path / "gpt"
    folder.mkdir()
    rc._save_checkpoint(folder / "model.ckpt", {"transformer/wte": np.ones((10, 4), np.float32)})
    (folder / "config.json").write_text(json.dumps({"n_embd": 4, "vocab_size": 10}))
    (folder / "vocab.txt").write_text("".join(f"t{i}\n" for i in range(10)))
    refused(capsys, zoo_home, installed, ["models", "import", str(folder), "--id", "x"], 5, "unknown architecture")


def test_concurrent_import_of_one_id_is_refused(releases, installed, zoo_home, capsys):
    with ModelLock(ZooPaths.from_env().locks, "same"):
        code = zoo(["models", "import", str(releases("roberta")), "--id", "same"])
        assert code == ModelBusy.exit_code
        assert "being changed by another" in capsys.readouterr().err
    assert store_snapshot(zoo_home) == installed
    assert zoo(["models", "import", str(releases("roberta")), "--id", "same"]) == 0


def test_killed_import_leaves_store_unchanged(releases, installed, zoo_home, tmp_path, capsys):
    """Kill the importing process mid-way; the store is as before and the next import cleans up."""
    src = releases("t5", as_zip=True)
    script = (
        "import sys, time\n"
        "from zoo_desktop.store import importer\n"
        "real = importer.record_files\n"
        "def slow(*a, **k):\n"
        "    print('HASHING', flush=True); time.sleep(60)\n"
        "importer.record_files = slow\n"
        "from zoo_desktop.cli.main import main\n"
        f"sys.exit(main(['models', 'import', {str(src)!r}, '--id', 'killed']))\n"
    )
    proc = subprocess.Popen([sys.executable, "-c", script], stdout=subprocess.PIPE, env=os.environ.copy())
    line = proc.stdout.readline()
    assert b"HASHING" in line
    proc.send_signal(signal.SIGKILL)
    proc.wait(timeout=30)
    assert store_snapshot(zoo_home) == installed
    assert list((zoo_home / "staging").iterdir())  # the dead process's staging folder
    assert zoo(["models", "import", str(src), "--id", "killed"]) == 0
    assert [p.name for p in (zoo_home / "staging").iterdir()] == []
