"""T5 PEGASUS ONNX graphs (zoo_desktop.export.t5): the docs/graphs.md contract, parity with bert4keras, the cache."""

from __future__ import annotations

import importlib.util
import json
import subprocess
import sys
from pathlib import Path

import numpy as np
import onnx
import pytest

from zoo_desktop.errors import CheckpointMismatch
from zoo_desktop.export import t5 as t5x

pytestmark = pytest.mark.tf

REPO_ROOT = Path(__file__).resolve().parents[1]


def _need_bert4keras() -> None:
    if importlib.util.find_spec("tensorflow") is None or importlib.util.find_spec("bert4keras") is None:
        pytest.skip("TensorFlow / bert4keras not installed (convert extra)")


@pytest.fixture(scope="module")
def release(releases) -> Path:
    return releases("t5")


@pytest.fixture(scope="module")
def config(release) -> dict:
    return json.loads((release / "config.json").read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def graphs(release, config, tmp_path_factory) -> dict[str, Path]:
    out = tmp_path_factory.mktemp("t5") / "导出 目录" / "onnx"
    return t5x.build_t5_graphs(release / "model.ckpt", config, out)


@pytest.fixture(scope="module")
def reference(release):
    _need_bert4keras()
    from zoo_desktop.convert.parity_t5 import T5Reference

    return T5Reference(release / "config.json", release / "model.ckpt")


@pytest.fixture(scope="module")
def runner(graphs):
    from zoo_desktop.convert.parity_t5 import OnnxT5

    return OnnxT5(graphs["t5_encoder"].parent)


def _io(path: Path):
    model = onnx.load(str(path), load_external_data=False)

    def dims(v):
        return [d.dim_param or d.dim_value for d in v.type.tensor_type.shape.dim]

    return ({i.name: dims(i) for i in model.graph.input}, {o.name: dims(o) for o in model.graph.output})


def test_graph_contract(graphs, config):
    assert set(graphs) == {"t5_encoder", "t5_decoder_step"}
    layers, heads, size = config["num_hidden_layers"], config["num_attention_heads"], config["attention_head_size"]
    for path in graphs.values():
        onnx.checker.check_model(str(path), full_check=True)
    ins, outs = _io(graphs["t5_encoder"])
    assert list(ins) == ["input_ids", "attention_mask"]
    cross = [f"cross_{kv}_{i}" for i in range(layers) for kv in ("key", "value")]
    assert list(outs) == ["encoder_hidden_states"] + cross
    assert outs["encoder_hidden_states"] == ["batch", "source_length", config["hidden_size"]]
    assert outs["cross_key_1"] == ["batch", heads, "source_length", size]
    ins, outs = _io(graphs["t5_decoder_step"])
    assert list(ins) == (["input_ids", "encoder_attention_mask"] + cross
                         + [f"past_{kv}_{i}" for i in range(layers) for kv in ("key", "value")])
    assert ins["input_ids"] == ["batch", 1]
    assert ins["past_value_0"] == ["batch", heads, "past_length", size]
    assert list(outs) == ["logits"] + [f"present_{kv}_{i}" for i in range(layers) for kv in ("key", "value")]
    assert outs["logits"] == ["batch", config["vocab_size"]]


def test_parity_with_bert4keras(graphs, reference, release):
    from zoo_desktop.convert.parity_t5 import t5_parity

    figures = t5_parity(graphs["t5_encoder"].parent, reference, vocab_path=release / "vocab.txt")
    assert figures["passed"], figures
    # Regression guards far below the 1e-3 contract: an eps or tanh-GELU slip shows up at ~1e-3 in the
    # encoder and ~1e-4 in the log-probabilities at these dims, so keep them tight.
    assert figures["encoder_max_abs"] < 1e-4, figures
    assert figures["padded_batch_encoder_max_abs"] < 1e-4, figures
    assert max(figures["logprob_max_abs"], figures["padded_batch_logprob_max_abs"],
               figures["long_prefix_logprob_max_abs"]) < 2e-5, figures
    assert figures["greedy_argmax_agreement"] == 1.0
    assert figures["source_lengths"] == [1, 6, 37, 150] and figures["steps"] == 32


def test_float64_diagnosis(graphs, reference, release):
    """A failed check explains itself: exact (float64) arithmetic against both implementations."""
    from zoo_desktop.convert.parity_t5 import t5_parity

    figures = t5_parity(graphs["t5_encoder"].parent, reference, vocab_path=release / "vocab.txt", lengths=(9,),
                        steps=3, long_prefix=40, tolerance=1e-12, checkpoint_prefix=release / "model.ckpt")
    assert figures["passed"] is False
    diagnosis = figures["float64_diagnosis"]
    assert diagnosis["prefix_length"] == 40
    assert diagnosis["onnx_logprob_vs_float64"] < 1e-5 and diagnosis["bert4keras_logprob_vs_float64"] < 1e-5
    assert diagnosis["onnx_encoder_vs_float64"] < 1e-4 and diagnosis["reference_within_tolerance_of_float64"] is False


def test_relative_buckets_match_bert4keras(reference):
    from bert4keras.layers import RelativePositionEmbeddingT5

    q = np.zeros((1, 300), np.float32)
    v = np.zeros((1, 1500), np.float32)
    for bidirectional in (True, False):
        layer = RelativePositionEmbeddingT5(32, 4, bidirectional=bidirectional)
        theirs = np.asarray(layer.compute_position_ids([q, v]))
        n = np.arange(300)[:, None] - np.arange(1500)[None, :]
        ours = t5x.relative_position_bucket(n, bidirectional=bidirectional)
        np.testing.assert_array_equal(ours, theirs)


def test_cache_matches_refeeding_the_prefix(runner):
    """Logits of a cached decode == logits of feeding the whole prefix one token at a time from an empty cache."""
    rng = np.random.default_rng(3)
    ids = np.concatenate([[101], rng.integers(104, 3975, 20), [102]])
    encoded = runner.encode(ids[None])
    cache = runner.empty_cache(1)
    prefix, cached = [101], []
    for _ in range(10):
        logits, cache = runner.step(np.array([prefix[-1]]), encoded, cache)
        cached.append(logits)
        logits = logits.copy()
        logits[:, 0] = -np.inf
        prefix.append(int(logits[0].argmax()))
    for t in (0, 4, 9):
        fresh = runner.empty_cache(1)
        for token in prefix[: t + 1]:
            logits, fresh = runner.step(np.array([token]), encoded, fresh)
        np.testing.assert_allclose(logits, cached[t], rtol=0, atol=1e-5)
        assert fresh["past_key_1"].shape[2] == t + 1


def test_position_zero_is_never_masked(runner, reference):
    # bert4keras masks id-0 keys except position 0; with attention_mask = ids != 0 the graphs do the same.
    ids = np.array([[0, 0, 0, 0], [0, 7, 9, 0], [101, 0, 0, 0]])
    ours = runner.encode(ids)["encoder_hidden_states"]
    np.testing.assert_allclose(ours, reference.encode(ids), rtol=0, atol=1e-4)
    encoded = runner.encode(ids, np.zeros_like(ids))  # an all-zero mask: position 0 still attends
    logits, _ = runner.step(np.array([101, 101, 101]), encoded, runner.empty_cache(3))
    assert np.isfinite(logits).all() and np.isfinite(encoded["encoder_hidden_states"]).all()


def test_external_data_deterministic_and_atomic(release, config, graphs, tmp_path):
    from zoo_desktop.convert.parity_t5 import OnnxT5

    out = tmp_path / "模型 目录" / "onnx"
    paths = t5x.build_t5_graphs(release / "model.ckpt", config, out, external_data=True)
    for path in paths.values():
        assert (path.parent / (path.name + ".data")).stat().st_size > 0
        onnx.checker.check_model(str(path))  # the path form follows the external data
    assert sorted(p.name for p in out.iterdir()) == sorted(
        ["t5_encoder.onnx", "t5_encoder.onnx.data", "t5_decoder_step.onnx", "t5_decoder_step.onnx.data"])
    ids = np.array([[101, 500, 600, 102]])
    external, inline = OnnxT5(out), OnnxT5(graphs["t5_encoder"].parent)
    a, b = external.encode(ids), inline.encode(ids)
    np.testing.assert_array_equal(a["encoder_hidden_states"], b["encoder_hidden_states"])
    la, _ = external.step(np.array([101]), a, external.empty_cache(1))
    lb, _ = inline.step(np.array([101]), b, inline.empty_cache(1))
    np.testing.assert_array_equal(la, lb)

    before = {p.name: p.read_bytes() for p in out.iterdir()}
    t5x.build_t5_graphs(release / "model.ckpt", config, out, external_data=True)
    assert {p.name: p.read_bytes() for p in out.iterdir()} == before  # deterministic, no leftovers
    t5x.build_t5_graphs(release / "model.ckpt", config, out, external_data=False)
    assert sorted(p.name for p in out.iterdir()) == ["t5_decoder_step.onnx", "t5_encoder.onnx"]  # stale data removed
    for name in ("t5_encoder.onnx", "t5_decoder_step.onnx"):
        assert (out / name).read_bytes() == graphs[name.removesuffix(".onnx")].read_bytes()


def test_config_must_match_checkpoint(release, config, tmp_path):
    bad = dict(config, hidden_size=config["hidden_size"] * 2)
    with pytest.raises(CheckpointMismatch, match="shape"):
        t5x.build_t5_graphs(release / "model.ckpt", bad, tmp_path / "out")
    with pytest.raises(CheckpointMismatch, match="hidden_act"):
        t5x.build_t5_graphs(release / "model.ckpt", dict(config, hidden_act="gelu"), tmp_path / "out")
    assert not any((tmp_path / "out").glob(".t5-export-*"))


def test_export_does_not_import_tensorflow(release, tmp_path):
    code = (
        "import sys, json; from pathlib import Path; from zoo_desktop.export.t5 import build_t5_graphs; "
        f"r = Path({str(release)!r}); build_t5_graphs(r / 'model.ckpt', json.loads((r / 'config.json').read_text()), "
        f"Path({str(tmp_path / 'x')!r})); assert 'tensorflow' not in sys.modules, 'tensorflow imported'"
    )
    subprocess.run([sys.executable, "-c", code], check=True, cwd=REPO_ROOT, timeout=120)


def _t5_style_release(dest: Path, model_id: str, seed: int = 0) -> Path:
    """A random-weight release at real dims (random_checkpoint draws q with T5's 1/sqrt(head size) scale,
    which keeps a real-size random model well-conditioned enough for a 1e-3 comparison)."""
    from zoo_desktop.convert import random_checkpoint as rc

    config = rc.real_config(model_id)
    return rc.write_release("t5", dest, config=config, vocab=rc.test_vocab("t5", config["vocab_size"]),
                            name=rc.release_name(model_id), seed=seed)


@pytest.mark.slow
def test_real_t5_pegasus_small_dims(tmp_path):
    """T5 PEGASUS small's real dimensions: 256-token input, 32 greedy steps, a padded batch, a 150-token prefix."""
    _need_bert4keras()
    from zoo_desktop.convert.parity_t5 import T5Reference, t5_parity

    release = _t5_style_release(tmp_path / "release", "t5-pegasus-small")
    config = json.loads((release / "config.json").read_text(encoding="utf-8"))
    out = tmp_path / "真实 尺寸"
    paths = t5x.build_t5_graphs(release / "model.ckpt", config, out)
    for path in paths.values():
        onnx.checker.check_model(str(path))
    reference = T5Reference(release / "config.json", release / "model.ckpt")
    figures = t5_parity(out, reference, vocab_path=release / "vocab.txt",
                        lengths=(3, 64, 256), steps=32, long_prefix=150, threads=2)
    assert figures["passed"], figures
    assert figures["encoder_max_abs"] < 1e-4, figures
