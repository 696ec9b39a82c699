"""Moving the model store: everything arrives, the app and `zoo` follow the pointer, and a cancel, a full
disk or a busy model leave the store where it was."""

from __future__ import annotations

import json

import pytest

from zoo_desktop.cancel import CancelToken
from zoo_desktop.cli.main import main as zoo
from zoo_desktop.errors import Cancelled, DiskFull, ModelBusy, UsageError
from zoo_desktop.paths import ZooPaths
from zoo_desktop.store.relocate import move_store
from zoo_desktop.store.store import ModelStore
from zoo_test_support import store_snapshot


@pytest.fixture
def installed(releases, zoo_home):
    assert zoo(["models", "import", str(releases("roberta")), "--id", "rb"]) == 0
    assert zoo(["models", "import", str(releases("simbert")), "--id", "sb"]) == 0
    return ZooPaths.from_env()


def _contents(models):
    return {str(p.relative_to(models)): p.read_bytes() for p in sorted(models.rglob("*")) if p.is_file()}


def test_move_and_move_back(installed, tmp_path, capsys):
    paths = installed
    before = _contents(paths.models)
    old_models = paths.models
    destination = tmp_path / "另一个 磁盘" / "store"
    events = []
    root = move_store(paths, destination, progress=events.append)
    assert root == destination.resolve()
    assert paths.models == root / "models"
    assert _contents(paths.models) == before
    assert not old_models.exists()
    assert not [p for p in root.iterdir() if p.name.startswith(".models-moving-")]
    assert events[-1].fraction == 1.0 and any(e.stage == "copy" for e in events)
    # zoo (a fresh process's view: the pointer in ZOO_HOME) sees the moved store and verifies it
    capsys.readouterr()
    assert zoo(["models", "list", "--json"]) == 0
    listed = [json.loads(line) for line in capsys.readouterr().out.splitlines() if line.strip()]
    assert {m["id"] for m in listed} >= {"rb", "sb"}
    assert zoo(["models", "verify", "rb"]) == 0
    # back home through the CLI: the pointer goes away
    assert zoo(["models", "move", str(paths.home)]) == 0
    assert not paths.store_pointer.exists()
    assert paths.models == paths.home / "models"
    assert _contents(paths.models) == before


def test_cancel_leaves_the_store_in_place(installed, tmp_path):
    paths = installed
    before = store_snapshot(paths.home)
    token = CancelToken()

    def progress(event):
        if event.done:
            token.cancel()

    with pytest.raises(Cancelled):
        move_store(paths, tmp_path / "dest", progress=progress, cancel=token)
    assert store_snapshot(paths.home) == before
    assert not paths.store_pointer.exists()
    assert list((tmp_path / "dest").iterdir()) == []


def test_full_disk_is_refused_before_copying(installed, tmp_path, monkeypatch):
    import shutil
    from collections import namedtuple

    paths = installed
    usage = namedtuple("usage", "total used free")
    monkeypatch.setattr(shutil, "disk_usage", lambda _p: usage(10**6, 10**6, 1000))
    with pytest.raises(DiskFull, match="not enough free space"):
        move_store(paths, tmp_path / "dest")
    assert paths.models == paths.home / "models" and (paths.models / "rb").is_dir()


def test_write_error_mid_copy_removes_the_partial_copy(installed, tmp_path, monkeypatch):
    from zoo_desktop.store import relocate

    paths = installed
    before = store_snapshot(paths.home)
    calls = {"n": 0}
    real_copystat = relocate.shutil.copystat

    def failing_copystat(src, dst, **kw):
        calls["n"] += 1
        if calls["n"] == 3:
            raise OSError(28, "No space left on device")
        return real_copystat(src, dst, **kw)

    monkeypatch.setattr(relocate.shutil, "copystat", failing_copystat)
    with pytest.raises(OSError, match="No space left"):
        move_store(paths, tmp_path / "dest")
    assert store_snapshot(paths.home) == before
    assert list((tmp_path / "dest").iterdir()) == []


def test_bad_destinations(installed, tmp_path):
    paths = installed
    with pytest.raises(UsageError, match="already in"):
        move_store(paths, paths.home)
    with pytest.raises(UsageError, match="into itself"):
        move_store(paths, paths.models / "rb" / "inside")
    (tmp_path / "full" / "models").mkdir(parents=True)
    with pytest.raises(UsageError, match="already holds a models folder"):
        move_store(paths, tmp_path / "full")
    (tmp_path / "a-file").write_text("x")
    with pytest.raises(UsageError, match="is a file"):
        move_store(paths, tmp_path / "a-file")


def test_busy_model_blocks_the_move(installed, tmp_path):
    paths = installed
    with ModelStore(paths).lock("sb"):
        with pytest.raises(ModelBusy):
            move_store(paths, tmp_path / "dest")
    assert (paths.home / "models" / "sb").is_dir() and not paths.store_pointer.exists()
