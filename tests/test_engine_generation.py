"""Cached generation over the converted graphs is token-for-token bert4keras's AutoRegressiveDecoder."""

from __future__ import annotations

import numpy as np
import pytest

from zoo_desktop.cancel import CancelToken
from zoo_desktop.engine import decoding
from zoo_desktop.engine.runtime import Engine
from zoo_desktop.engine.seq2seq import T5StepModel, UniLMStepModel
from zoo_desktop.errors import Cancelled
from zoo_test_support import converted_store

pytestmark = pytest.mark.tf

TEXTS = [
    "今天天气很好，我们去公园散步。",
    "中文自然语言处理的预训练模型可以在桌面上运行。",
    "摘要",
    "机器学习方法在医学图像分析中的应用研究：以肺结节检测为例，比较了多种模型的效果。",
]


@pytest.fixture(scope="module")
def engine(releases, tmp_path_factory):
    home = tmp_path_factory.mktemp("engine-home")
    store = converted_store(releases, home, "t5", "t5")
    converted_store(releases, home, "simbert", "sb")
    eng = Engine(store, threads=2)
    yield eng
    eng.close()


@pytest.fixture(scope="module")
def b4k():
    from zoo_desktop.convert.b4k import load_bert4keras

    load_bert4keras()
    from bert4keras.models import build_transformer_model
    from bert4keras.snippets import AutoRegressiveDecoder

    return build_transformer_model, AutoRegressiveDecoder


def _without_pad(p: np.ndarray) -> np.ndarray:
    p = np.array(p, copy=True)
    p[:, 0] = 0  # the engine never generates [PAD] (see engine/seq2seq.py); the reference follows that rule
    return p / p.sum(axis=1, keepdims=True)


@pytest.fixture(scope="module")
def t5_reference(engine, b4k):
    build, ARD = b4k
    runtime = engine.runtime("t5")
    ckpt = runtime.model.checkpoint_dir
    t5 = build(config_path=str(ckpt / "config.json"), checkpoint_path=str(ckpt / "model.ckpt"), model="mt5.1.1", return_keras_model=False)
    tok = runtime.tokenizer

    class AutoTitle(ARD):  # T5 PEGASUS finetune.py's decoder
        @ARD.wraps(default_rtype="probas")
        def predict(self, inputs, output_ids, states):
            return _without_pad(self.last_token(t5.decoder).predict([inputs[0], output_ids], verbose=0))

    decoder = AutoTitle(start_id=tok.cls_id, end_id=tok.sep_id, maxlen=32)

    def generate(ids, beam):
        encoded = t5.encoder.predict(np.array([ids]), verbose=0)[0]
        return decoder.beam_search([encoded], topk=beam)[1:].tolist()  # drop the start token

    return generate


@pytest.fixture(scope="module")
def unilm_reference(engine, b4k):
    build, ARD = b4k
    runtime = engine.runtime("sb")
    ckpt = runtime.model.checkpoint_dir
    bert = build(str(ckpt / "bert_config.json"), str(ckpt / "bert_model.ckpt"), with_pool="linear", application="unilm", return_keras_model=False)
    seq2seq = bert.model.__class__(bert.model.inputs, bert.model.outputs[1]) if isinstance(bert.model.outputs, list) else bert.model
    tok = runtime.tokenizer

    class SynonymsGenerator(ARD):  # SimBERT's gen_synonyms decoder
        @ARD.wraps(default_rtype="probas")
        def predict(self, inputs, output_ids, states):
            token_ids, segment_ids = inputs
            token_ids = np.concatenate([token_ids, output_ids], 1)
            segment_ids = np.concatenate([segment_ids, np.ones_like(output_ids)], 1)
            return _without_pad(self.last_token(seq2seq).predict([token_ids, segment_ids], verbose=0))

    decoder = SynonymsGenerator(start_id=None, end_id=tok.sep_id, maxlen=32)

    def generate(ids, segs, beam):
        return decoder.beam_search([ids, segs], topk=beam).tolist()

    return generate


@pytest.mark.parametrize("beam", [1, 2, 3])
def test_t5_matches_bert4keras(beam, engine, t5_reference):
    model = T5StepModel(engine.runtime("t5"))
    tok = engine.runtime("t5").tokenizer
    inputs = [tok.encode(t, maxlen=256)[0] for t in TEXTS]
    hyps = decoding.beam_search(model, inputs, beam_size=beam, end_id=model.end_id, max_len=32)
    for ids, hyp in zip(inputs, hyps):
        assert hyp.ids.tolist() == t5_reference(ids, beam)


@pytest.mark.parametrize("beam", [1, 2, 3])
def test_unilm_matches_bert4keras(beam, engine, unilm_reference):
    model = UniLMStepModel(engine.runtime("sb"))
    tok = engine.runtime("sb").tokenizer
    inputs = [tok.encode(t, maxlen=64) for t in TEXTS]
    hyps = decoding.beam_search(model, inputs, beam_size=beam, end_id=model.end_id, max_len=32)
    for (ids, segs), hyp in zip(inputs, hyps):
        assert hyp.ids.tolist() == unilm_reference(ids, segs, beam)


def test_batch_equals_each_document_alone(engine):
    model = T5StepModel(engine.runtime("t5"))
    tok = engine.runtime("t5").tokenizer
    inputs = [tok.encode(t, maxlen=256)[0] for t in TEXTS]
    together = decoding.beam_search(model, inputs, beam_size=3, end_id=model.end_id, max_len=20)
    for ids, hyp in zip(inputs, together):
        alone = decoding.beam_search(model, [ids], beam_size=3, end_id=model.end_id, max_len=20)[0]
        assert alone.ids.tolist() == hyp.ids.tolist()


def test_streaming_and_cancellation_within_one_step(engine):
    model = T5StepModel(engine.runtime("t5"))
    tok = engine.runtime("t5").tokenizer
    cancel = CancelToken()
    steps = []

    def on_step(index, best):
        steps.append((index, [list(b) for b in best]))
        if index == 4:
            cancel.cancel()

    with pytest.raises(Cancelled):
        decoding.beam_search(model, [tok.encode(TEXTS[0])[0]], beam_size=2, end_id=10**9, max_len=32, on_step=on_step, cancel=cancel)
    assert [i for i, _ in steps] == list(range(len(steps)))
    assert len(steps) <= 6  # stopped within one step of the cancel
    assert all(len(best[0]) == i + 1 for i, best in steps)  # the best hypothesis grows one token per step


def test_sampling_is_reproducible_with_a_seed(engine):
    model = UniLMStepModel(engine.runtime("sb"))
    tok = engine.runtime("sb").tokenizer
    src = [tok.encode(TEXTS[1], maxlen=64)]
    a = decoding.sample(model, src, n=5, end_id=model.end_id, max_len=16, top_k=5, seed=7)
    b = decoding.sample(model, src, n=5, end_id=model.end_id, max_len=16, top_k=5, seed=7)
    c = decoding.sample(model, src, n=5, end_id=model.end_id, max_len=16, top_k=5, seed=8)
    assert [x.tolist() for x in a[0]] == [x.tolist() for x in b[0]]
    assert [x.tolist() for x in a[0]] != [x.tolist() for x in c[0]]


class _GatherEverything:
    """The step models as they were: every per-row tensor, per-document ones included, gathered by the beam
    index at every step. The shipped models must give exactly the same ids and scores."""

    output_kind = "logits"

    def __init__(self, model, per_document: str):
        self.model, self.per_document = model, per_document

    def start(self, inputs):
        return self.model.start(inputs)

    def step(self, state, token_ids, beam_index):
        import dataclasses

        gathered = {k: a[beam_index] for k, a in getattr(state, self.per_document).items()}
        # an identity index would leave the docs' bookkeeping alone; a non-identity one is what we test
        state = dataclasses.replace(state, **{self.per_document: gathered}, row_doc=state.row_doc[beam_index])
        past = {k: a[beam_index] for k, a in state.past.items()}
        state = dataclasses.replace(state, past=past)
        if hasattr(state, "next_position"):
            state = dataclasses.replace(state, next_position=state.next_position[beam_index])
        n = len(beam_index)
        return self.model.step(state, token_ids, np.arange(n))


def _assert_decodes_alike(model, reference, inputs, *, beams, max_len):
    """`model` gives exactly the ids, scores, finished flags and seeded samples of `reference`, for one and all
    documents, with an end id that never comes and one the model does generate (rows finish at different steps)."""
    for end_id in (model.end_id, _frequent_token(model, inputs)):
        for docs in (inputs[:1], inputs):
            for beam in beams:
                got = decoding.beam_search(model, docs, beam_size=beam, end_id=end_id, max_len=max_len)
                want = decoding.beam_search(reference, docs, beam_size=beam, end_id=end_id, max_len=max_len)
                assert [(h.ids.tolist(), h.score, h.finished) for h in got] == [(h.ids.tolist(), h.score, h.finished) for h in want]
        got = decoding.sample(model, inputs, n=3, end_id=end_id, max_len=8, top_k=5, seed=3)
        want = decoding.sample(reference, inputs, n=3, end_id=end_id, max_len=8, top_k=5, seed=3)
        assert [[x.tolist() for x in d] for d in got] == [[x.tolist() for x in d] for d in want]


def _frequent_token(model, inputs):
    """A token the model does generate early: as an end id it makes rows finish at different steps."""
    first = decoding.greedy(model, inputs[:1], end_id=10**9, max_len=3)[0]
    return int(first.ids[1])


@pytest.mark.parametrize("beam", [1, 2, 3, 4])
@pytest.mark.parametrize("arch", ["t5", "unilm"])
def test_per_document_caches_are_shared_not_gathered(beam, arch, engine):
    """Cross (T5) / source (UniLM) keys and values are not copied per step, and nothing changes by a bit:
    ids and scores equal those of a model that gathers them by the beam index at every step, for one and
    several documents, with rows finishing at different steps (end id = a token the model does generate)."""
    if arch == "t5":
        model = T5StepModel(engine.runtime("t5"))
        tok = engine.runtime("t5").tokenizer
        inputs = [tok.encode(t, maxlen=256)[0] for t in TEXTS]
        per_document = "cross"
    else:
        model = UniLMStepModel(engine.runtime("sb"))
        tok = engine.runtime("sb").tokenizer
        inputs = [tok.encode(t, maxlen=64) for t in TEXTS]
        per_document = "source"
    _assert_decodes_alike(model, _GatherEverything(model, per_document), inputs, beams=(beam,), max_len=12)

    # one document, beams reordering: the per-document feeds of consecutive steps are the same arrays
    seen = []
    real_step = model.step

    def spy(state, token_ids, beam_index):
        new_state, out = real_step(state, token_ids, beam_index)
        seen.append(getattr(new_state, per_document))
        return new_state, out

    model.step = spy
    decoding.beam_search(model, inputs[:1], beam_size=beam, end_id=10**9, max_len=8)
    first = seen[0]
    assert all(all(s[k] is first[k] for k in first) for s in seen[1:])


@pytest.mark.parametrize("arch", ["t5", "unilm"])
def test_caches_kept_on_the_device_give_the_same_results(arch, engine):
    """The GPU path (every cache left where the session runs through IO binding, beams gathered there by a Gather
    graph, only logits copied out), run here with CPU memory as the device: same ids, scores and samples."""
    from zoo_desktop.engine.tensors import DeviceTensors

    if arch == "t5":
        runtime, cls, step_graph = engine.runtime("t5"), T5StepModel, "t5_decoder_step"
        inputs = [runtime.tokenizer.encode(t, maxlen=256)[0] for t in TEXTS]
    else:
        runtime, cls, step_graph = engine.runtime("sb"), UniLMStepModel, "unilm_step"
        inputs = [runtime.tokenizer.encode(t, maxlen=64) for t in TEXTS]
    host = cls(runtime)
    bound = cls(runtime, tensors=DeviceTensors.for_session(runtime.session(step_graph), device_type="cpu"))
    _assert_decodes_alike(host, bound, inputs, beams=(1, 3), max_len=10)

    state, logits = bound.start(inputs[:1])
    state, logits = bound.step(state, np.array([int(np.argmax(logits[0]))] * 2), np.array([0, 0]))
    assert isinstance(logits, np.ndarray) and logits.shape[0] == 2
    assert all(not isinstance(v, np.ndarray) for v in state.past.values())  # OrtValues, never copied to numpy
