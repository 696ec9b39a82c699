"""BERT-family ONNX graphs (zoo_desktop.export.bert) against the contract (docs/graphs.md) and bert4keras."""

from __future__ import annotations

import json
import subprocess
import sys
import time
from pathlib import Path

import numpy as np
import pytest

pytestmark = pytest.mark.tf

onnx = pytest.importorskip("onnx")
ort = pytest.importorskip("onnxruntime")

from zoo_desktop.errors import CheckpointMismatch  # noqa: E402
from zoo_desktop.export import bert as xb  # noqa: E402
from zoo_desktop.export.onnx_builder import save_model  # noqa: E402

ARCHS = ("roberta", "roberta-plus", "simbert", "wobert")
UNILM = ("simbert", "wobert")


class Exported:
    """Release + graphs (+ parity figures) per architecture, built once per module."""

    def __init__(self, releases, root: Path) -> None:
        self.releases = releases
        self.root = root
        self._graphs: dict = {}
        self._parity: dict = {}
        self.seconds: dict = {}

    def graphs(self, arch: str, model_id: str | None = None) -> tuple[Path, dict[str, Path]]:
        key = (arch, model_id)
        if key not in self._graphs:
            release = self.releases(arch, model_id=model_id)
            started = time.perf_counter()
            config = json.loads((release / "bert_config.json").read_text(encoding="utf-8"))
            graphs = xb.build_bert_graphs(release / "bert_model.ckpt", config, arch, self.root / f"{arch}-{model_id}")
            self.seconds[(key, "build")] = time.perf_counter() - started
            self._graphs[key] = (release, graphs)
        return self._graphs[key]

    def parity(self, arch: str, model_id: str | None = None) -> dict:
        key = (arch, model_id)
        if key not in self._parity:
            from zoo_desktop.convert.parity_bert import bert_parity, check_release

            release, graphs = self.graphs(arch, model_id)
            if model_id is None:
                self._parity[key] = bert_parity(release / "bert_model.ckpt", release / "bert_config.json", arch, graphs)
            else:  # through the release-folder entry point
                self._parity[key] = check_release(release, next(iter(graphs.values())).parent, arch)
        return self._parity[key]


@pytest.fixture(scope="module")
def exported(releases, tmp_path_factory) -> Exported:
    return Exported(releases, tmp_path_factory.mktemp("onnx"))


def _session(path: Path):
    options = ort.SessionOptions()
    options.intra_op_num_threads = 1
    return ort.InferenceSession(str(path), options, providers=["CPUExecutionProvider"])


def _config(release: Path) -> dict:
    return json.loads((release / "bert_config.json").read_text(encoding="utf-8"))


def _io(session, which: str) -> dict[str, list]:
    return {v.name: list(v.shape) for v in getattr(session, f"get_{which}")()}


# --- contract ------------------------------------------------------------------------------------------

@pytest.mark.parametrize("arch", ARCHS)
def test_graphs_pass_checker_and_follow_the_contract(exported, arch):
    release, graphs = exported.graphs(arch)
    assert set(graphs) == ({"encoder", "unilm_source", "unilm_step"} if arch in UNILM else {"encoder"})
    cfg = _config(release)
    h, a, n, v = cfg["hidden_size"], cfg["num_attention_heads"], cfg["num_hidden_layers"], cfg["vocab_size"]
    d = h // a
    k = cfg.get("attention_key_size", d)
    for path in graphs.values():
        assert path.name == f"{path.stem}.onnx" and path.is_file()
        onnx.checker.check_model(str(path), full_check=True)

    enc = _session(graphs["encoder"])
    assert _io(enc, "inputs") == {name: ["batch", "sequence"] for name in ("input_ids", "segment_ids", "attention_mask")}
    outputs = {"last_hidden_state": ["batch", "sequence", h]}
    if arch == "simbert":
        outputs["pooled"] = ["batch", h]
    assert _io(enc, "outputs") == outputs
    assert all(i.type == "tensor(int64)" for i in enc.get_inputs())

    if arch in UNILM:
        src = _session(graphs["unilm_source"])
        assert _io(src, "inputs") == {name: ["batch", "source_length"] for name in ("input_ids", "segment_ids", "attention_mask")}
        expected = {"last_logits": ["batch", v]}
        for i in range(n):
            expected[f"source_key_{i}"] = ["batch", a, "source_length", k]
            expected[f"source_value_{i}"] = ["batch", a, "source_length", d]
        assert _io(src, "outputs") == expected

        step = _session(graphs["unilm_step"])
        expected_in = {"input_ids": ["batch", 1], "position_ids": ["batch", 1], "source_mask": ["batch", "source_length"]}
        for i in range(n):
            expected_in[f"source_key_{i}"] = ["batch", a, "source_length", k]
            expected_in[f"source_value_{i}"] = ["batch", a, "source_length", d]
            expected_in[f"past_key_{i}"] = ["batch", a, "past_length", k]
            expected_in[f"past_value_{i}"] = ["batch", a, "past_length", d]
        assert _io(step, "inputs") == expected_in
        expected_out = {"logits": ["batch", v]}
        for i in range(n):
            expected_out[f"present_key_{i}"] = ["batch", a, "present_length", k]
            expected_out[f"present_value_{i}"] = ["batch", a, "present_length", d]
        assert _io(step, "outputs") == expected_out


# --- parity with bert4keras ----------------------------------------------------------------------------

@pytest.mark.parametrize("arch", ARCHS)
def test_parity_with_bert4keras(exported, arch):
    figures = exported.parity(arch)
    assert figures["passed"], figures["failures"]
    tol = figures["tolerances"]
    assert figures["hidden_max_abs"] <= tol["hidden"]
    assert figures["padding_max_abs"] <= tol["padding"]
    if arch == "simbert":
        assert figures["pooled_max_abs"] <= tol["pooled"]
        assert figures["vector_max_abs"] <= tol["vector"]
    else:
        assert "pooled_max_abs" not in figures
    if arch in UNILM:
        assert figures["unilm_steps"] == 32 and figures["unilm_rows"] == 2
        assert figures["unilm_logprob_max_abs"] <= tol["logprob"]
        assert figures["unilm_argmax_agreement"] >= 0.9
    else:
        assert "unilm_steps" not in figures


# --- padding and batching (ONNX only) ------------------------------------------------------------------

@pytest.mark.parametrize("arch", ARCHS)
def test_padded_batch_gives_each_row_its_unpadded_result(exported, arch):
    from zoo_desktop.convert.parity_bert import _vocab_tokens, onnx_encoder, pad, sample_rows

    release, graphs = exported.graphs(arch)
    tokens = _vocab_tokens(release / "vocab.txt")
    rows = sample_rows(tokens, (4, 11, 7, 20), pairs=True, seed=7)
    ids, segs, mask = pad(rows)
    enc = _session(graphs["encoder"])
    batch = onnx_encoder(enc, ids, segs, mask)
    for r, (i, s) in enumerate(rows):
        alone = onnx_encoder(enc, i[None], s[None], np.ones((1, len(i)), dtype=np.int64))
        np.testing.assert_allclose(batch["last_hidden_state"][r, : len(i)], alone["last_hidden_state"][0], atol=1e-5, rtol=0)
        if arch == "simbert":
            np.testing.assert_allclose(batch["pooled"][r], alone["pooled"][0], atol=1e-5, rtol=0)
    # bert4keras never masks position 0: an all-padding mask acts as [1, 0, 0, ...], without NaN
    i, s = rows[1]
    none = onnx_encoder(enc, i[None], s[None], np.zeros((1, len(i)), dtype=np.int64))
    first = onnx_encoder(enc, i[None], s[None], np.eye(1, len(i), dtype=np.int64))
    assert np.isfinite(none["last_hidden_state"]).all()
    np.testing.assert_array_equal(none["last_hidden_state"], first["last_hidden_state"])


@pytest.mark.parametrize("arch", UNILM)
def test_batched_cached_decoding_matches_each_row_alone(exported, arch):
    from zoo_desktop.convert.parity_bert import UniLMDecoder, _vocab_tokens, pad, sample_rows

    release, graphs = exported.graphs(arch)
    rows = sample_rows(_vocab_tokens(release / "vocab.txt"), (5, 12, 8), pairs=False, seed=3)
    tokens = np.array([[7, 9, 11], [20, 21, 22], [30, 5, 6], [8, 8, 8]])  # fed tokens, step x row

    def decode(rows_, cols):
        dec = UniLMDecoder(_session(graphs["unilm_source"]), _session(graphs["unilm_step"]))
        return [dec.start(*pad(rows_))] + [dec.advance(t[cols]) for t in tokens]

    batched = decode(rows, list(range(len(rows))))
    for r, row in enumerate(rows):
        alone = decode([row], [r])
        for step, (b, a) in enumerate(zip(batched, alone)):
            np.testing.assert_allclose(b[r], a[0], atol=1e-5, rtol=0, err_msg=f"row {r} step {step}")


# --- files ---------------------------------------------------------------------------------------------

def test_build_is_deterministic_and_atomic(exported, tmp_path):
    release, graphs = exported.graphs("wobert")
    again = xb.build_bert_graphs(release / "bert_model.ckpt", _config(release), "wobert", tmp_path / "again")
    assert set(again) == set(graphs)
    for name, path in graphs.items():
        assert again[name].read_bytes() == path.read_bytes(), name
    assert sorted(p.name for p in (tmp_path / "again").iterdir()) == sorted(p.name for p in again.values())


def test_external_data_round_trip(exported, tmp_path):
    release, graphs = exported.graphs("roberta")
    model = onnx.load(str(graphs["encoder"]))
    written = save_model(model, tmp_path / "encoder.onnx", external_data=True)
    assert [p.name for p in written] == ["encoder.onnx", "encoder.onnx.data"]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["encoder.onnx", "encoder.onnx.data"]
    assert (tmp_path / "encoder.onnx").stat().st_size < 100_000
    ids = np.array([[101, 300, 400, 102]], dtype=np.int64)
    feeds = {"input_ids": ids, "segment_ids": np.zeros_like(ids), "attention_mask": np.ones_like(ids)}
    expected = _session(graphs["encoder"]).run(None, feeds)[0]
    np.testing.assert_array_equal(_session(tmp_path / "encoder.onnx").run(None, feeds)[0], expected)
    # back to a single file: the stale data file goes
    save_model(onnx.load(str(graphs["encoder"])), tmp_path / "encoder.onnx")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["encoder.onnx"]


def test_config_that_disagrees_with_the_checkpoint_is_refused(exported, tmp_path):
    release, _ = exported.graphs("roberta-plus")
    config = _config(release)
    config.pop("attention_key_size")  # bert4keras would then build K = H/A projections
    with pytest.raises(CheckpointMismatch, match="attention/self/query/kernel"):
        xb.build_bert_graphs(release / "bert_model.ckpt", config, "roberta-plus", tmp_path)
    assert not list(tmp_path.glob("*.onnx"))
    with pytest.raises(ValueError, match="unknown BERT family"):
        xb.build_bert_graphs(release / "bert_model.ckpt", config, "t5", tmp_path)


def test_export_modules_do_not_import_tensorflow():
    code = ("import sys, zoo_desktop.export.bert, zoo_desktop.export.onnx_builder; "
            "bad = [m for m in sys.modules if m.split('.')[0] in ('tensorflow', 'tf_keras', 'keras', 'bert4keras')]; "
            "sys.exit(repr(bad) if bad else 0)")
    subprocess.run([sys.executable, "-c", code], check=True, timeout=120)


# --- real dimensions -----------------------------------------------------------------------------------

@pytest.mark.slow
@pytest.mark.parametrize("model_id", ["roberta-tiny", "roberta-small"])
def test_real_dimensions_parity(exported, model_id):
    started = time.perf_counter()
    release, graphs = exported.graphs("roberta", model_id)
    figures = exported.parity("roberta", model_id)
    print(f"{model_id}: build {exported.seconds[(('roberta', model_id), 'build')]:.1f}s, "
          f"build+parity {time.perf_counter() - started:.1f}s, {figures}")
    assert figures["passed"], figures["failures"]
    cfg = _config(release)
    enc = _session(graphs["encoder"])
    assert _io(enc, "outputs") == {"last_hidden_state": ["batch", "sequence", cfg["hidden_size"]]}
