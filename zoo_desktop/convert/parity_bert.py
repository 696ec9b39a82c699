"""Parity of the BERT-family ONNX graphs (`zoo_desktop.export.bert`) with bert4keras, the zoo's reference.

The reference models are built exactly as the zoo's own scripts build them:

* RoBERTa, RoBERTa+, WoBERT encoders: `build_transformer_model(config, ckpt, model='bert')` (last hidden state);
* SimBERT: `build_transformer_model(config, ckpt, with_pool='linear', application='unilm',
  return_keras_model=False)`, then `encoder = Model(inputs, outputs[0])` and
  `seq2seq = Model(inputs, outputs[1])` as `gen_synonyms` does (plus the last block's output for the
  hidden states);
* WoBERT seq2seq: `build_transformer_model(config, ckpt, application='unilm')`.

Checks, on fixed sample inputs (several lengths, padded into one batch, with and without a second
segment): hidden states, SimBERT `pooled` and its L2-normalised vector within 1e-4 max abs; a padded
batch gives each row what that row alone gives; and for UniLM, the next-token log-probabilities at every
step of a greedy decode (default 32 steps, each row's argmax of the reference fed back, [PAD] excluded)
within 1e-3 max abs, where the reference recomputes the whole UniLM model on the prefix at each step as
bert4keras's `AutoRegressiveDecoder` does, and the ONNX side uses `unilm_source` once and then
`unilm_step` with its key/value caches, with the rows of different source lengths batched together.

TensorFlow is imported (through `convert.b4k`) only when `bert_parity` runs.
"""

from __future__ import annotations

import json
import time
import warnings
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

import numpy as np

from zoo_desktop.errors import ZooError

TOLERANCES = {"hidden": 1e-4, "pooled": 1e-4, "vector": 1e-4, "padding": 1e-4, "logprob": 1e-3}
SAMPLE_LENGTHS = (3, 9, 17, 32)  # rows 1 and 3 are sentence pairs (second half segment 1)
SOURCE_LENGTHS = (6, 13)  # UniLM sources, batched together on the ONNX side
DEFAULT_STEPS = 32
LOG_FLOOR = -69.0  # log(1e-30): both sides' log-probabilities are clipped here before comparing


class ParityFailure(ZooError):
    """The ONNX graphs do not reproduce bert4keras within the tolerances."""

    def __init__(self, message: str, figures: dict[str, Any]) -> None:
        super().__init__(message)
        self.figures = figures


# --- inputs --------------------------------------------------------------------------------------------

def _vocab_tokens(path: Path) -> list[str]:
    tokens: list[str] = []
    seen: set[str] = set()
    with open(path, encoding="utf-8") as fh:
        for line in fh:
            fields = line.split()
            token = fields[0] if fields else line.strip()
            if token not in seen:  # bert4keras load_vocab: id = order of first appearance
                seen.add(token)
                tokens.append(token)
    return tokens


def _special_ids(tokens: Sequence[str]) -> tuple[int, int, np.ndarray]:
    index = {t: i for i, t in enumerate(tokens)}
    try:
        cls_id, sep_id = index["[CLS]"], index["[SEP]"]
    except KeyError as exc:
        raise ValueError(f"vocab has no {exc.args[0]}") from None
    ordinary = np.array([i for i, t in enumerate(tokens) if i != 0 and t and not (t.startswith("[") and t.endswith("]"))])
    return cls_id, sep_id, ordinary


def sample_rows(tokens: Sequence[str], lengths: Sequence[int], *, pairs: bool, seed: int = 0, vocab_size: int | None = None
                ) -> list[tuple[np.ndarray, np.ndarray]]:
    """Deterministic `[CLS] a [SEP] (b [SEP])` rows of the given lengths: (token ids, segment ids).

    With `pairs`, every second row is a sentence pair (segment 1 for `b [SEP]`).
    """
    cls_id, sep_id, ordinary = _special_ids(tokens)
    if vocab_size is not None:
        ordinary = ordinary[ordinary < vocab_size]
    rng = np.random.default_rng(seed)
    rows = []
    for r, n in enumerate(lengths):
        if n < 3:
            raise ValueError("sample rows need at least [CLS] x [SEP]")
        ids = np.concatenate([[cls_id], rng.choice(ordinary, n - 2), [sep_id]]).astype(np.int64)
        segs = np.zeros(n, dtype=np.int64)
        if pairs and r % 2 == 1 and n >= 5:
            cut = 1 + (n - 2) // 2  # [CLS] a [SEP] | b [SEP]
            ids[cut] = sep_id
            segs[cut + 1:] = 1
        rows.append((ids, segs))
    return rows


def pad(rows: Sequence[tuple[np.ndarray, np.ndarray]]) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """bert4keras `sequence_padding` (with 0) of ids and segments, plus the mask `ids != 0`."""
    width = max(len(ids) for ids, _ in rows)
    ids = np.zeros((len(rows), width), dtype=np.int64)
    segs = np.zeros_like(ids)
    for r, (i, s) in enumerate(rows):
        ids[r, : len(i)] = i
        segs[r, : len(s)] = s
    return ids, segs, (ids != 0).astype(np.int64)


def log_softmax(logits: np.ndarray) -> np.ndarray:
    x = logits.astype(np.float64)
    x = x - x.max(axis=-1, keepdims=True)
    return x - np.log(np.exp(x).sum(axis=-1, keepdims=True))


# --- reference -----------------------------------------------------------------------------------------

class Reference:
    """The bert4keras models of one release, built as the zoo builds them."""

    def __init__(self, config_path: Path, checkpoint_prefix: Path, family: str, *, threads: int | None = 2) -> None:
        from zoo_desktop.convert.b4k import load_bert4keras, load_tensorflow

        tf = load_tensorflow()
        if threads:
            try:
                tf.config.threading.set_intra_op_parallelism_threads(threads)
                tf.config.threading.set_inter_op_parallelism_threads(1)
            except RuntimeError:  # already initialised by an earlier use
                pass
        load_bert4keras()
        from bert4keras.backend import K, keras
        from bert4keras.models import build_transformer_model

        self.tf = tf
        self.family = family
        K.clear_session()
        with warnings.catch_warnings():
            # bert4keras's shared TruncatedNormal initializer: its values are overwritten by the checkpoint
            warnings.filterwarnings("ignore", message="The initializer TruncatedNormal is unseeded")
            self._build(keras, build_transformer_model, config_path, checkpoint_prefix, family)
        self._functions: dict[int, Any] = {}

    def _build(self, keras, build_transformer_model, config_path, checkpoint_prefix, family) -> None:
        config_path, ckpt = str(config_path), str(checkpoint_prefix)
        layers = json.loads(Path(config_path).read_text(encoding="utf-8"))["num_hidden_layers"]
        self.encoder = self.pooler = self.seq2seq = None
        if family == "simbert":
            bert = build_transformer_model(config_path, ckpt, with_pool="linear", application="unilm",
                                           return_keras_model=False)
            inputs = bert.model.inputs
            last = bert.model.get_layer(f"Transformer-{layers - 1}-FeedForward-Norm").output
            self.encoder = keras.models.Model(inputs, last)
            self.pooler = keras.models.Model(inputs, bert.model.outputs[0])
            self.seq2seq = keras.models.Model(inputs, bert.model.outputs[1])
        else:
            self.encoder = build_transformer_model(config_path, ckpt, model="bert")
            if family == "wobert":
                self.seq2seq = build_transformer_model(config_path, ckpt, application="unilm")

    def _run(self, model, ids: np.ndarray, segs: np.ndarray) -> np.ndarray:
        # One graph per model for every batch size and length (eager calls cost ~100 ms each).
        tf = self.tf
        fn = self._functions.get(id(model))
        if fn is None:
            spec = tf.TensorSpec([None, None], tf.float32)
            fn = tf.function(lambda x, s: model([x, s], training=False), input_signature=[spec, spec])
            self._functions[id(model)] = fn
        out = fn(tf.constant(ids, dtype=tf.float32), tf.constant(segs, dtype=tf.float32))
        return np.asarray(out)

    def hidden(self, ids, segs):
        return self._run(self.encoder, ids, segs)

    def pooled(self, ids, segs):
        return self._run(self.pooler, ids, segs)

    def next_token_probs(self, ids: np.ndarray, segs: np.ndarray) -> np.ndarray:
        """What `AutoRegressiveDecoder.predict` returns: the whole prefix recomputed, last position's probabilities."""
        return self._run(self.seq2seq, ids, segs)[:, -1]


# --- ONNX side -----------------------------------------------------------------------------------------

def _session(path: Path, threads: int | None):
    import onnxruntime as ort

    options = ort.SessionOptions()
    if threads:
        options.intra_op_num_threads = threads
        options.inter_op_num_threads = 1
    return ort.InferenceSession(str(path), options, providers=["CPUExecutionProvider"])


def onnx_encoder(session, ids: np.ndarray, segs: np.ndarray, mask: np.ndarray) -> dict[str, np.ndarray]:
    names = [o.name for o in session.get_outputs()]
    values = session.run(names, {"input_ids": ids, "segment_ids": segs, "attention_mask": mask})
    return dict(zip(names, values))


class UniLMDecoder:
    """Cached UniLM decoding with `unilm_source.onnx` + `unilm_step.onnx` (what the engine does)."""

    def __init__(self, source_session, step_session) -> None:
        self.source = source_session
        self.step = step_session
        self.layers = sum(1 for i in source_session.get_outputs() if i.name.startswith("source_key_"))

    def start(self, ids: np.ndarray, segs: np.ndarray, mask: np.ndarray) -> np.ndarray:
        names = [o.name for o in self.source.get_outputs()]
        out = dict(zip(names, self.source.run(names, {"input_ids": ids, "segment_ids": segs, "attention_mask": mask})))
        self.mask = mask
        self.lengths = mask.sum(axis=1)
        self.t = 0
        self.feeds = {"source_mask": mask}
        for i in range(self.layers):
            k, v = out[f"source_key_{i}"], out[f"source_value_{i}"]
            self.feeds[f"source_key_{i}"] = k
            self.feeds[f"source_value_{i}"] = v
            self.feeds[f"past_key_{i}"] = np.zeros(k.shape[:2] + (0, k.shape[3]), dtype=k.dtype)
            self.feeds[f"past_value_{i}"] = np.zeros(v.shape[:2] + (0, v.shape[3]), dtype=v.dtype)
        return out["last_logits"]

    def advance(self, tokens: np.ndarray) -> np.ndarray:
        """Feed one target token per row; returns the logits for the next one."""
        feeds = dict(self.feeds)
        feeds["input_ids"] = tokens.reshape(-1, 1).astype(np.int64)
        feeds["position_ids"] = (self.lengths + self.t).reshape(-1, 1).astype(np.int64)
        names = [o.name for o in self.step.get_outputs()]
        out = dict(zip(names, self.step.run(names, feeds)))
        for i in range(self.layers):
            self.feeds[f"past_key_{i}"] = out[f"present_key_{i}"]
            self.feeds[f"past_value_{i}"] = out[f"present_value_{i}"]
        self.t += 1
        return out["logits"]


# --- the check -----------------------------------------------------------------------------------------

def bert_parity(
    checkpoint_prefix: Path,
    config_path: Path,
    family: str,
    graphs: Mapping[str, Path],
    *,
    vocab_path: Path | None = None,
    steps: int = DEFAULT_STEPS,
    seed: int = 0,
    threads: int | None = 2,
    raise_on_failure: bool = False,
) -> dict[str, Any]:
    """Compare the ONNX `graphs` (name -> path, as `build_bert_graphs` returns) with bert4keras.

    Returns the figures for the manifest: max abs differences (`hidden_max_abs`, `padding_max_abs`,
    and for SimBERT `pooled_max_abs`, `vector_max_abs`; for UniLM families `unilm_logprob_max_abs`
    over `unilm_steps` steps x `unilm_rows` rows and `unilm_argmax_agreement`), the tolerances,
    `passed`, and `seconds`. With `raise_on_failure`, a failure raises `ParityFailure` (figures attached).
    """
    started = time.perf_counter()
    checkpoint_prefix, config_path = Path(checkpoint_prefix), Path(config_path)
    vocab_path = Path(vocab_path) if vocab_path is not None else checkpoint_prefix.with_name("vocab.txt")
    config = json.loads(config_path.read_text(encoding="utf-8"))
    tokens = _vocab_tokens(vocab_path)
    vocab_size = int(config["vocab_size"])
    ref = Reference(config_path, checkpoint_prefix, family, threads=threads)
    figures: dict[str, Any] = {"family": family, "reference": "bert4keras 0.11.5 build_transformer_model",
                               "sample_lengths": list(SAMPLE_LENGTHS), "tolerances": dict(TOLERANCES)}
    failures: list[str] = []

    def record(key: str, value: float, tolerance: float) -> None:
        figures[key] = float(value)
        if not value <= tolerance:  # NaN fails too
            failures.append(f"{key} {value:.3g} > {tolerance:g}")

    # encoder: one padded batch against the reference on the same batch, and against each row alone
    enc = _session(graphs["encoder"], threads)
    rows = sample_rows(tokens, SAMPLE_LENGTHS, pairs=True, seed=seed, vocab_size=vocab_size)
    ids, segs, mask = pad(rows)
    ours = onnx_encoder(enc, ids, segs, mask)
    record("hidden_max_abs", np.abs(ours["last_hidden_state"] - ref.hidden(ids, segs)).max(), TOLERANCES["hidden"])
    padding = 0.0
    for r, (i, s) in enumerate(rows):
        alone = onnx_encoder(enc, i[None], s[None], np.ones((1, len(i)), dtype=np.int64))
        n = len(i)
        padding = max(padding, float(np.abs(alone["last_hidden_state"][0] - ours["last_hidden_state"][r, :n]).max()))
        if "pooled" in alone:
            padding = max(padding, float(np.abs(alone["pooled"][0] - ours["pooled"][r]).max()))
    record("padding_max_abs", padding, TOLERANCES["padding"])
    if family == "simbert":
        if "pooled" not in ours:
            failures.append("encoder.onnx has no `pooled` output")
        else:
            ref_pooled = ref.pooled(ids, segs)
            record("pooled_max_abs", np.abs(ours["pooled"] - ref_pooled).max(), TOLERANCES["pooled"])

            def unit(x):
                return x / np.linalg.norm(x, axis=1, keepdims=True)

            record("vector_max_abs", np.abs(unit(ours["pooled"]) - unit(ref_pooled)).max(), TOLERANCES["vector"])

    # UniLM: cached ONNX decoding (rows batched) against full recomputation per row
    if ref.seq2seq is not None:
        if "unilm_source" not in graphs or "unilm_step" not in graphs:
            failures.append("UniLM graphs missing")
        else:
            max_position = int(config.get("max_position_embeddings", 512))
            if max(SOURCE_LENGTHS) + steps > max_position:
                raise ValueError(f"{steps} steps after a {max(SOURCE_LENGTHS)}-token source exceed {max_position} positions")
            decoder = UniLMDecoder(_session(graphs["unilm_source"], threads), _session(graphs["unilm_step"], threads))
            sources = sample_rows(tokens, SOURCE_LENGTHS, pairs=False, seed=seed + 1, vocab_size=vocab_size)
            src_ids, src_segs, src_mask = pad(sources)
            logits = decoder.start(src_ids, src_segs, src_mask)
            generated: list[list[int]] = [[] for _ in sources]
            worst, agree, compared = 0.0, 0, 0
            for step in range(steps):
                ours_lp = np.maximum(log_softmax(logits), LOG_FLOOR)
                chosen = np.zeros(len(sources), dtype=np.int64)
                for r, (i, s) in enumerate(sources):
                    prefix = np.concatenate([i, np.array(generated[r], dtype=np.int64)])
                    prefix_segs = np.concatenate([s, np.ones(len(generated[r]), dtype=np.int64)])
                    probs = ref.next_token_probs(prefix[None], prefix_segs[None])[0].astype(np.float64)
                    ref_lp = np.maximum(np.log(np.maximum(probs, 1e-300)), LOG_FLOOR)
                    worst = max(worst, float(np.abs(ours_lp[r] - ref_lp).max()))
                    agree += int(np.argmax(ours_lp[r]) == np.argmax(ref_lp))
                    compared += 1
                    ref_lp[0] = -np.inf  # never feed [PAD]: bert4keras would mask it as a key (see export.bert)
                    chosen[r] = int(np.argmax(ref_lp))
                    generated[r].append(int(chosen[r]))
                if step + 1 < steps:
                    logits = decoder.advance(chosen)
            figures["unilm_steps"] = steps
            figures["unilm_rows"] = len(sources)
            figures["unilm_source_lengths"] = list(SOURCE_LENGTHS)
            figures["unilm_argmax_agreement"] = agree / compared
            record("unilm_logprob_max_abs", worst, TOLERANCES["logprob"])

    figures["passed"] = not failures
    figures["failures"] = failures
    figures["seconds"] = round(time.perf_counter() - started, 2)
    if failures and raise_on_failure:
        raise ParityFailure(f"ONNX export of {family} differs from bert4keras: " + "; ".join(failures), figures)
    return figures


def check_release(release_dir: Path, onnx_dir: Path, family: str, **kwargs) -> dict[str, Any]:
    """Parity for a release folder (bert_config.json, bert_model.ckpt.*, vocab.txt) and the graphs in `onnx_dir`."""
    from zoo_desktop.export.bert import GRAPH_FILES, graph_names

    release_dir, onnx_dir = Path(release_dir), Path(onnx_dir)
    graphs = {name: onnx_dir / GRAPH_FILES[name] for name in graph_names(family)}
    return bert_parity(release_dir / "bert_model.ckpt", release_dir / "bert_config.json", family, graphs,
                       vocab_path=release_dir / "vocab.txt", **kwargs)
