"""Random-weight releases in the zoo's exact layout load in bert4keras as the zoo says (zoo-facts §1, §2)."""

from __future__ import annotations

import importlib.util
import json
import sys
import zipfile
from collections import defaultdict
from pathlib import Path

import numpy as np
import pytest

from zoo_desktop.convert import random_checkpoint as rc

pytestmark = pytest.mark.tf

TEXT = "今天天气很好，我们去酒店吃饭吧！这本书的内容非常不错。"


def _need_tensorflow() -> None:
    # Never `pytest.importorskip("tensorflow")`: importing TF before the b4k shim has set
    # TF_USE_LEGACY_KERAS breaks bert4keras builds ("'str' object has no attribute 'base_dtype'").
    if importlib.util.find_spec("tensorflow") is None or importlib.util.find_spec("bert4keras") is None:
        pytest.skip("TensorFlow / bert4keras not installed (convert extra)")


@pytest.fixture(scope="module")
def b4k():
    _need_tensorflow()
    from zoo_desktop.convert.b4k import load_bert4keras

    load_bert4keras()
    import bert4keras.models
    import bert4keras.tokenizers

    return bert4keras


@pytest.fixture
def keras_session(b4k):
    import tf_keras

    yield
    tf_keras.backend.clear_session()


def _build(b4k, arch: str, release: Path, **extra):
    """Build as the zoo's table says (zoo-facts §1), keeping the bert4keras object for its mapping."""
    if arch == "t5":
        config, ckpt = release / "config.json", release / "model.ckpt"
        kwargs = dict(model="mt5.1.1", return_keras_model=False)
    else:
        config, ckpt = release / "bert_config.json", release / "bert_model.ckpt"
        kwargs = dict(model="bert")
        if arch == "simbert":
            kwargs.update(with_pool="linear", application="unilm")
        kwargs["return_keras_model"] = False
    kwargs.update(extra)
    return b4k.models.build_transformer_model(str(config), str(ckpt), **kwargs)


def _read_pairs(transformer):
    """(checkpoint name, Keras weight) pairs exactly as `load_weights_from_checkpoint` pairs them."""
    mapping = transformer.variable_mapping()
    pairs = []
    for layer_name, names in mapping.items():
        if layer_name in transformer.layers:
            pairs.extend(zip(names, transformer.layers[layer_name].trainable_weights))
    return pairs


def _token_ids(release: Path, text: str = TEXT) -> list[int]:
    vocab = [line.rstrip("\n") for line in open(release / "vocab.txt", encoding="utf-8")]
    index = {t: i for i, t in enumerate(vocab)}
    ids = [index[ch] for ch in text if ch in index]
    assert len(ids) >= len(text) - 2  # the default vocab covers common text
    return [index["[CLS]"]] + ids + [index["[SEP]"]]


def _assert_lively(x: np.ndarray, axis: int, probs: bool = False) -> None:
    assert np.all(np.isfinite(x))
    if probs:  # softmax over thousands of tokens: judge the log-probabilities
        assert np.all(x > 0)
        x = np.log(x)
    assert float(np.std(x)) > 1e-3
    # different positions / rows give different outputs
    assert float(np.max(np.std(x, axis=axis))) > 1e-4


@pytest.mark.parametrize("arch", rc.ARCHITECTURES)
def test_small_release_loads_as_the_zoo_says(arch, b4k, keras_session, tmp_path):
    from tf_keras import backend as K

    config = rc.small_config(arch)
    release = rc.write_release(arch, tmp_path, seed=7)
    assert release == tmp_path / rc.default_name(arch, config)
    assert sorted(p.name for p in release.iterdir()) == sorted(rc.release_files(arch))
    written = json.loads((release / rc.release_files(arch)[0]).read_text(encoding="utf-8"))
    assert written == config
    drawn = rc.draw_weights(arch, config, seed=7)

    transformer = _build(b4k, arch, release)
    pairs = _read_pairs(transformer)
    read = {name for name, _ in pairs}
    for name, weight in pairs:
        value = K.get_value(weight)
        expected = rc.keras_layout(name, drawn[name])
        assert value.shape == expected.shape, name
        assert np.array_equal(value, expected), name

    # what the zoo's build reads: everything but the MLM head for model='bert', everything otherwise
    unread = set(drawn) - read
    if arch in ("roberta", "roberta-plus", "wobert"):
        assert unread == {n for n in drawn if n.startswith("cls/")}
    else:
        assert unread == set()
    assert read <= set(drawn)

    # every Keras weight came from the checkpoint, and no two same-shaped weights are equal
    model = transformer.model
    loaded_ids = {id(w) for _, w in pairs}
    assert all(id(w) in loaded_ids for w in model.weights)
    by_shape = defaultdict(list)
    for w in model.weights:
        by_shape[tuple(w.shape)].append(K.get_value(w))
    for shape, values in by_shape.items():
        for i in range(len(values)):
            for j in range(i + 1, len(values)):
                assert not np.array_equal(values[i], values[j]), shape

    ids = np.array([_token_ids(release)])
    if arch == "t5":
        context = transformer.encoder.predict(ids, verbose=0)
        assert context.shape == (1, ids.shape[1], config["hidden_size"])
        _assert_lively(context, axis=1)
        probs = transformer.decoder.predict([context, ids[:, :5]], verbose=0)
        assert probs.shape == (1, 5, config["vocab_size"])
        _assert_lively(probs, axis=1, probs=True)
        np.testing.assert_allclose(probs.sum(-1), 1.0, rtol=1e-4)
    else:
        outputs = model.predict([ids, np.zeros_like(ids)], verbose=0)
        if arch == "simbert":
            pooled, probs = outputs
            assert pooled.shape == (1, config["hidden_size"])
            assert np.all(np.isfinite(pooled)) and float(np.std(pooled)) > 1e-3
            assert probs.shape == (1, ids.shape[1], config["vocab_size"])
            _assert_lively(probs, axis=1, probs=True)
        else:
            assert outputs.shape == (1, ids.shape[1], config["hidden_size"])
            _assert_lively(outputs, axis=1)


@pytest.mark.parametrize("arch", ["roberta-plus", "wobert"])
def test_mlm_head_loads_with_with_mlm(arch, b4k, keras_session, tmp_path):
    from tf_keras import backend as K

    config = rc.small_config(arch)
    release = rc.write_release(arch, tmp_path, seed=3)
    drawn = rc.draw_weights(arch, config, seed=3)
    transformer = _build(b4k, arch, release, with_mlm=True)
    pairs = _read_pairs(transformer)
    assert {name for name, _ in pairs} == set(drawn)
    for name, weight in pairs:
        assert np.array_equal(K.get_value(weight), drawn[name]), name
    ids = np.array([_token_ids(release)])
    probs = transformer.model.predict([ids, np.zeros_like(ids)], verbose=0)
    assert probs.shape == (1, ids.shape[1], config["vocab_size"])
    _assert_lively(probs, axis=1, probs=True)


def test_without_mlm_head_still_loads(b4k, keras_session, tmp_path):
    import tensorflow as tf

    release = rc.write_release("roberta", tmp_path, with_mlm_head=False)
    names = {n for n, _ in tf.train.list_variables(str(release / "bert_model.ckpt"))}
    assert not any(n.startswith("cls/") for n in names)
    assert "bert/pooler/dense/kernel" not in names
    _build(b4k, "roberta", release)


@pytest.mark.parametrize("arch", rc.ARCHITECTURES)
def test_zip_layout(arch, tmp_path):
    _need_tensorflow()
    path = rc.write_release(arch, tmp_path / "releases", as_zip=True, name="release_x")
    assert path == tmp_path / "releases" / "release_x.zip"
    assert sorted(p.name for p in path.parent.iterdir()) == ["release_x.zip"]  # no staging left behind
    with zipfile.ZipFile(path) as zf:
        names = zf.namelist()
        assert {n.split("/")[0] for n in names} == {"release_x"}
        files = sorted(n.split("/", 1)[1] for n in names if not n.endswith("/"))
        assert files == sorted(rc.release_files(arch))
        assert zf.testzip() is None

    folder = rc.write_release(arch, tmp_path / "folders")
    assert folder.is_dir() and folder.parent == tmp_path / "folders"
    assert sorted(p.name for p in folder.iterdir()) == sorted(rc.release_files(arch))
    with pytest.raises(FileExistsError):
        rc.write_release(arch, tmp_path / "folders")
    assert rc.write_release(arch, tmp_path / "folders", overwrite=True, seed=1) == folder


def test_vocab_layouts():
    for arch in ("roberta", "roberta-plus", "wobert", "t5"):
        vocab = rc.test_vocab(arch)
        assert len(vocab) == len(set(vocab))
        assert [vocab.index(t) for t in ("[PAD]", "[UNK]", "[CLS]", "[SEP]", "[MASK]")] == [0, 100, 101, 102, 103]
        assert all(ch in vocab for ch in TEXT)
        assert "##的" in vocab
        assert ("我们" in vocab) == (arch in ("t5", "wobert"))
    simbert = rc.test_vocab("simbert")
    assert simbert[:4] == ["[PAD]", "[UNK]", "[CLS]", "[SEP]"]
    assert "[MASK]" not in simbert and not any(t.startswith("##") and len(t) == 3 and rc._is_cjk(t[2]) for t in simbert)
    assert all(ch in simbert for ch in TEXT)
    for arch in rc.ARCHITECTURES:
        for size in (200, 5000):
            vocab = rc.test_vocab(arch, size)
            assert len(vocab) == size == len(set(vocab))
    assert len(rc.test_vocab("t5", 50000)) == 50000
    assert len(set(rc.test_vocab("simbert", 13685))) == 13685


def test_vocab_tokenizes_real_text(b4k, tmp_path):
    for arch in ("roberta", "simbert"):
        path = tmp_path / f"{arch}.txt"
        path.write_text("".join(t + "\n" for t in rc.test_vocab(arch)), encoding="utf-8")
        tokenizer = b4k.tokenizers.Tokenizer(str(path), do_lower_case=True)
        tokens = tokenizer.tokenize("酒店的服务很好，房间也干净。iPhone 12 价格 100 元！")
        assert tokens.count("[UNK]") <= 1, tokens


def test_vocab_from_base(shared_data, b4k):
    base = shared_data / "bert_chinese_vocab.txt"
    google = base.read_text(encoding="utf-8").split("\n")[:-1]
    assert len(google) == 21128 and "\u2028" in google  # a line bert4keras reads as the token ""
    assert rc.test_vocab("roberta", base_vocab=base) == google
    assert rc.test_vocab("roberta", 1000, base_vocab=base) == google[:1000]
    t5 = rc.test_vocab("t5", base_vocab=base)
    assert len(t5) == 50000 and t5[: len(google)] == google and "我们" in t5
    assert len(rc.test_vocab("wobert", base_vocab=base)) == 33586
    # SimBERT's simplification is bert4keras's own
    token_dict, _ = b4k.tokenizers.load_vocab(
        str(base), simplified=True, startswith=["[PAD]", "[UNK]", "[CLS]", "[SEP]"]
    )
    simbert = [rc.vocab_key(t) for t in rc.test_vocab("simbert", base_vocab=base)]
    assert simbert == sorted(token_dict, key=token_dict.get)
    assert len(simbert) == 13587  # the released SimBERT vocab has 13685: it was simplified from another base


def test_weights_are_seeded_and_distinct():
    for arch in rc.ARCHITECTURES:
        config = rc.small_config(arch)
        a = rc.draw_weights(arch, config, seed=0)
        b = rc.draw_weights(arch, config, seed=0)
        c = rc.draw_weights(arch, config, seed=1)
        assert all(np.array_equal(a[k], b[k]) for k in a)
        assert not any(np.array_equal(a[k], c[k]) for k in a)
        assert all(v.dtype == np.float32 for v in a.values())
        gammas = [v for k, v in a.items() if k.endswith(("gamma", "scale"))]
        assert all(abs(float(g.mean()) - 1) < 0.1 for g in gammas)


def test_config_keys_and_vocab_size(tmp_path):
    assert rc.small_config("roberta")["embedding_size"] != rc.small_config("roberta")["hidden_size"]
    assert rc.small_config("simbert")["embedding_size"] != rc.small_config("simbert")["hidden_size"]
    plus = rc.small_config("roberta-plus")
    assert plus["attention_key_size"] != plus["hidden_size"] // plus["num_attention_heads"]
    t5 = rc.small_config("t5")
    assert t5["hidden_act"] == ["gelu", "linear"] and "attention_head_size" in t5
    assert rc.real_config("roberta-plus-tiny")["attention_key_size"] == 104
    assert rc.real_config("t5-pegasus-small")["attention_head_size"] == 64
    for model_id in rc.MODEL_IDS:
        assert rc.arch_of(model_id) in rc.ARCHITECTURES
        assert rc.real_config(model_id)["vocab_size"] > 10000
    assert rc.default_name("roberta-plus", rc.real_config("roberta-plus-tiny")) == "chinese_roberta_L-4_H-312_A-12_K-104"
    assert rc.default_name("t5", rc.real_config("t5-pegasus-base")) == "chinese_t5_pegasus_base"
    with pytest.raises(ValueError):
        rc.write_release("roberta", tmp_path, config=rc.small_config("roberta"), vocab=rc.test_vocab("roberta", 500))
    with pytest.raises(ValueError):
        rc.small_config("bert")


def test_module_import_does_not_load_tensorflow():
    import subprocess

    code = "import sys, zoo_desktop.convert.random_checkpoint as rc; rc.small_config('t5'); print('tensorflow' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"


def test_cli(tmp_path, capsys):
    _need_tensorflow()
    import subprocess

    assert rc.main(["simbert-tiny", str(tmp_path), "--zip", "--seed", "2"]) == 0
    path = Path(capsys.readouterr().out.strip().splitlines()[-1])
    assert path == tmp_path / "chinese_simbert_L-2_H-32_A-4.zip" and path.is_file()
    with pytest.raises(SystemExit) as exc:
        rc.main(["roberta", str(tmp_path), "--real"])  # --real needs a model id
    assert exc.value.code == 2
    # the `python -m` entry (no TensorFlow needed for --help)
    cmd = [sys.executable, "-m", "zoo_desktop.convert.random_checkpoint", "--help"]
    out = subprocess.run(cmd, capture_output=True, text=True, check=True)
    assert "ARCH_OR_MODEL_ID" in out.stdout and "--real" in out.stdout


@pytest.mark.slow
def test_real_dimensions(b4k, tmp_path):
    import tensorflow as tf

    for model_id in ("t5-pegasus-small", "roberta-tiny"):
        arch, config = rc.arch_of(model_id), rc.real_config(model_id)
        release = rc.write_release(arch, tmp_path, config=config, name=rc.release_name(model_id))
        assert release.name == rc.release_name(model_id)
        prefix = release / ("model.ckpt" if arch == "t5" else "bert_model.ckpt")
        stored = dict(tf.train.list_variables(str(prefix)))
        expected = rc.variable_shapes(arch, config)
        assert {k: tuple(v) for k, v in stored.items()} == expected
        count = sum(int(np.prod(v)) for v in stored.values())
        if model_id == "t5-pegasus-small":
            assert count == 95_262_080
            assert stored["encoder/block_000/layer_000/SelfAttention/relative_attention_bias"] == [6, 32]
            assert stored["encoder/block_007/layer_001/DenseReluDense/wi_1/kernel"] == [512, 1024]
            assert stored["decoder/logits/kernel"] == [512, 50000]
        else:
            assert stored["bert/encoder/embedding_hidden_mapping_in/kernel"] == [128, 312]
            assert stored["bert/embeddings/word_embeddings"] == [21128, 128]
    assert rc.parameter_count("t5", rc.real_config("t5-pegasus-base")) == 275_029_248
