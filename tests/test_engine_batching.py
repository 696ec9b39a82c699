"""Many documents decoded together (engine.batching): planned longest first within the limits, results in input
order, and every document's ids and scores exactly those it gets alone (T5 and UniLM, beams 1/2/3, sampling)."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from zoo_desktop.engine import decoding
from zoo_desktop.engine.batching import BatchLimits, ModelFootprint, decode_in_batches, plan_batches
from zoo_desktop.engine.seq2seq import LENGTH_QUANTUM, padded_length

SENTENCES = [
    "今天天气很好，我们去公园散步。",
    "中文自然语言处理的预训练模型可以在桌面上运行。",
    "机器学习方法在医学图像分析中的应用研究，以肺结节检测为例。",
    "实验比较了多种模型的效果，结果表明集成模型的准确率最高。",
    "最后，本文讨论了模型在临床中应用的前景和局限。",
    "摘要",
]


# ---------------------------------------------------------------------------------------------------------
# planning (no model)


def test_batches_are_longest_first_and_within_the_document_limit():
    lengths = [5, 40, 12, 40, 7, 33, 1]
    plan = plan_batches(lengths, rows_per_document=1, limits=BatchLimits(max_documents=3))
    assert plan == [[1, 3, 5], [2, 4, 0], [6]]  # ties keep input order


def test_token_budget_counts_rows_times_the_padded_width():
    lengths = [100, 90, 20, 20, 20]
    # beam 2: two rows a document; the first batch's width is 112 (100 on the grid of 16)
    plan = plan_batches(lengths, rows_per_document=2, limits=BatchLimits(max_documents=10, token_budget=2 * 2 * 112),
                        quantum=LENGTH_QUANTUM)
    assert plan == [[0, 1], [2, 3, 4]]
    # a document over the budget on its own still gets a batch
    assert plan_batches([600, 10], rows_per_document=1, limits=BatchLimits(4, token_budget=100)) == [[0], [1]]


@settings(max_examples=60, deadline=None)
@given(st.lists(st.integers(1, 512), min_size=1, max_size=40), st.integers(1, 8), st.integers(1, 4),
       st.one_of(st.none(), st.integers(1, 4000)))
def test_every_document_is_planned_once_within_the_limits(lengths, max_docs, rows, budget):
    limits = BatchLimits(max_docs, budget)
    plan = plan_batches(lengths, rows_per_document=rows, limits=limits, quantum=16)
    assert sorted(i for b in plan for i in b) == list(range(len(lengths)))
    for batch in plan:
        assert len(batch) <= max_docs
        width = max(padded_length(lengths[i], 16) for i in batch)
        assert len(batch) == 1 or budget is None or len(batch) * rows * width <= budget


def test_results_come_back_in_input_order():
    lengths = [3, 9, 1, 7]
    calls = []

    def decode(batch, indices):
        calls.append(indices)
        return [f"out{x}" for x in batch]

    out = decode_in_batches(["a", "b", "c", "d"], lengths, rows_per_document=1, limits=BatchLimits(2), decode=decode)
    assert out == ["outa", "outb", "outc", "outd"]
    assert calls == [[1, 3], [0, 2]]


FOOTPRINT = ModelFootprint(per_source_token=65536, per_target_token=65536, encoder_per_token=40000, max_source=512)


@pytest.mark.parametrize("rows", [1, 3])
@pytest.mark.parametrize("memory", [64 << 20, 512 << 20, 4 << 30])
def test_automatic_limits_keep_the_memory_they_promise(rows, memory):
    limits = BatchLimits.automatic(FOOTPRINT, rows, 32, memory=memory)
    assert limits.max_documents * rows <= 32
    promised = limits.promised_bytes(FOOTPRINT, rows, 32)
    one_document = BatchLimits(1, rows * 512).promised_bytes(FOOTPRINT, rows, 32)
    assert promised <= max(memory, one_document)
    # more memory never means smaller batches
    more = BatchLimits.automatic(FOOTPRINT, rows, 32, memory=memory * 2)
    assert more.token_budget >= limits.token_budget


# ---------------------------------------------------------------------------------------------------------
# decoding: batched = alone, bit for bit (random-weight models in the release layout, converted)


@pytest.fixture(scope="module")
def engine(releases, tmp_path_factory):
    from zoo_desktop.engine.runtime import Engine
    from zoo_test_support import converted_store

    home = tmp_path_factory.mktemp("batching-home")
    store = converted_store(releases, home, "t5", "t5")
    converted_store(releases, home, "simbert", "sb")
    eng = Engine(store, threads=2)
    yield eng
    eng.close()


def _corpus(n: int = 11) -> list[str]:
    """Mixed lengths: one very long document and many short ones of different lengths."""
    rng = np.random.default_rng(5)
    texts = ["".join(SENTENCES * 6)]  # the long one
    for _ in range(n - 1):
        k = int(rng.integers(1, 4))
        texts.append("".join(rng.choice(SENTENCES, k, replace=True)))
    return texts


def _inputs(engine, arch):
    from zoo_desktop.engine.seq2seq import T5StepModel, UniLMStepModel

    if arch == "t5":
        runtime = engine.runtime("t5")
        return T5StepModel(runtime), [runtime.tokenizer.encode(t, maxlen=256)[0] for t in _corpus()]
    runtime = engine.runtime("sb")
    return UniLMStepModel(runtime), [runtime.tokenizer.encode(t, maxlen=256) for t in _corpus()]


def _length(item) -> int:
    return len(item[0]) if isinstance(item, tuple) else len(item)


def _frequent_token(model, inputs) -> int:
    """A token the model does generate early: as an end id it makes rows finish at different steps."""
    first = decoding.greedy(model, inputs[:1], end_id=10**9, max_len=3)[0]
    return int(first.ids[1])


def _batched(model, inputs, search, max_documents):
    return decode_in_batches(inputs, [_length(x) for x in inputs], rows_per_document=1, limits=BatchLimits(max_documents),
                             quantum=model.length_quantum, decode=lambda batch, _: search(batch))


@pytest.mark.tf
@pytest.mark.parametrize("arch", ["t5", "unilm"])
def test_batched_beams_equal_each_document_alone(arch, engine):
    model, inputs = _inputs(engine, arch)
    lengths = sorted({_length(x) for x in inputs})
    assert len(lengths) >= 5 and lengths[-1] >= 2 * lengths[-2]  # mixed, with one very long document
    finishing = []
    for end_id in (model.end_id, _frequent_token(model, inputs)):
        for beam in (1, 2, 3):
            def search(batch, beam=beam, end_id=end_id):
                return decoding.beam_search(model, batch, beam_size=beam, end_id=end_id, max_len=12)

            alone = [search([x])[0] for x in inputs]
            for max_documents in (4, len(inputs)):
                together = _batched(model, inputs, search, max_documents)
                assert [(h.ids.tolist(), h.score, h.finished) for h in together] == \
                       [(h.ids.tolist(), h.score, h.finished) for h in alone]
            finishing.append({len(h.ids) for h in alone if h.finished})
    assert any(len(steps) >= 2 for steps in finishing)  # rows did finish at different steps


@pytest.mark.tf
@pytest.mark.parametrize("arch", ["t5", "unilm"])
def test_batched_samples_with_a_seed_equal_each_document_alone(arch, engine):
    model, inputs = _inputs(engine, arch)
    end_id = _frequent_token(model, inputs)

    def search(batch):
        return decoding.sample(model, batch, n=3, end_id=end_id, max_len=10, top_k=5, seed=11)

    alone = [search([x])[0] for x in inputs]
    together = _batched(model, inputs, search, 5)
    assert [[s.tolist() for s in doc] for doc in together] == [[s.tolist() for s in doc] for doc in alone]


@pytest.mark.tf
def test_generator_batch_sizes_give_the_same_summaries(engine):
    from zoo_desktop.tasks.summarize import DecodeOptions, T5Generator

    gen = T5Generator(engine.runtime("t5"))
    inputs = [gen.encode(t, 256) for t in _corpus()]
    for options in (DecodeOptions(beam_size=2, max_len=10), DecodeOptions(sample=True, top_k=4, seed=3, max_len=10)):
        alone = [gen.generate([x], options, batch_size=1)[0] for x in inputs]
        batches = []
        for size in (None, 3):
            seen = []
            assert gen.generate(inputs, options, batch_size=size, on_batch=seen.append) == alone
            batches.append(seen)
        assert len(batches[1]) >= 4 and all(len(b) <= 3 for b in batches[1])
        assert sorted(i for b in batches[0] for i in b) == list(range(len(inputs)))


@pytest.mark.tf
def test_many_documents_summarized_together_equal_each_alone(engine):
    from zoo_desktop.tasks.summarize import DecodeOptions, SummaryRequest, Summarizer

    summarizer = Summarizer(engine)
    texts = _corpus(7) + ["".join(SENTENCES * 4)]  # two long documents: chunked, then a final pass
    requests = [SummaryRequest(t, model_id="t5", decode=DecodeOptions(beam_size=2, max_len=6), max_input=48) for t in texts]
    requests.append(SummaryRequest(texts[1], model_id="extractive"))
    requests.append(SummaryRequest(texts[2], model_id="t5", decode=DecodeOptions(beam_size=0)))  # invalid: its own error
    events = []
    together = summarizer.summarize_many(requests, batch_size=3, progress=events.append)
    assert isinstance(together[-1], Exception) and "beam" in str(together[-1])
    for request, got in zip(requests[:-1], together[:-1]):
        want = summarizer.summarize(request)
        assert (got.text, got.token_ids, got.levels, got.method) == (want.text, want.token_ids, want.levels, want.method)
        assert [(c.level, c.index, c.token_ids) for c in got.chunks] == [(c.level, c.index, c.token_ids) for c in want.chunks]
    assert any(r.levels >= 1 for r in together[:-2])
    finals = [e for e in events if e.stage == "final" and e.total]
    assert finals and finals[-1].done == finals[-1].total == 8
