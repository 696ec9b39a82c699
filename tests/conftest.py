from __future__ import annotations

import os
from pathlib import Path

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
# bert4keras runs on Keras 2 (tf-keras): these must be set before anything imports TensorFlow.
os.environ["TF_USE_LEGACY_KERAS"] = "1"
os.environ["TF_KERAS"] = "1"

REPO_ROOT = Path(__file__).resolve().parents[1]
SHARED_DATA = REPO_ROOT.parent / "shared" / "data"


@pytest.fixture(autouse=True)
def zoo_home(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Every test gets its own empty ZOO_HOME, with a Chinese name and a space to keep paths honest."""
    home = tmp_path_factory.mktemp("zoo") / "数据 目录"
    monkeypatch.setenv("ZOO_HOME", str(home))
    return home


@pytest.fixture
def shared_data() -> Path:
    if not SHARED_DATA.is_dir():
        pytest.skip(f"shared data not present at {SHARED_DATA}")
    return SHARED_DATA


class ReleaseFactory:
    """Random-weight releases in the zoo's layout, written once per test session and shared read-only."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self._made: dict[tuple, Path] = {}

    def __call__(self, arch: str, *, as_zip: bool = False, model_id: str | None = None, seed: int = 0) -> Path:
        key = (arch, as_zip, model_id, seed)
        if key not in self._made:
            from zoo_desktop.convert import random_checkpoint as rc

            out = self.root / f"{arch}-{model_id or 'small'}-{seed}-{'zip' if as_zip else 'dir'}"
            if model_id:
                config = rc.real_config(model_id)
                vocab = rc.test_vocab(arch, config["vocab_size"])
                path = rc.write_release(arch, out, config=config, vocab=vocab, name=rc.release_name(model_id), seed=seed, as_zip=as_zip)
            else:
                path = rc.write_release(arch, out, seed=seed, as_zip=as_zip)
            self._made[key] = path
        return self._made[key]


@pytest.fixture(scope="session")
def releases(tmp_path_factory: pytest.TempPathFactory) -> ReleaseFactory:
    import importlib.util

    if importlib.util.find_spec("tensorflow") is None:  # importing it here would break the bert4keras shim
        pytest.skip("writing test checkpoints needs the convert extra (TensorFlow)")
    return ReleaseFactory(tmp_path_factory.mktemp("releases"))

