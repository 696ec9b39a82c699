"""Inspect a release folder: find its files, detect the architecture, check config against checkpoint.

Works from the content alone (config keys and values, vocab, checkpoint variable shapes), so a renamed
folder or a custom model of a known architecture is still recognised.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from zoo_desktop.checkpoint.tf_index import CheckpointFormatError, CheckpointReader
from zoo_desktop.errors import CheckpointMismatch, InvalidSource, UnknownArchitecture

CONFIG_NAMES = ("bert_config.json", "config.json")
MAX_CONFIG_BYTES = 1 << 20


@dataclass(frozen=True)
class ReleaseInfo:
    folder: Path
    family: str  # bert | simbert | wobert | t5
    architecture: str  # "bert" (bert4keras model='bert') or "mt5.1.1"
    config: dict[str, Any]
    config_file: Path
    checkpoint_prefix: Path
    vocab_file: Path
    vocab_size: int
    shapes: dict[str, tuple[int, ...]]

    def files(self) -> list[Path]:
        """Every file that belongs to the release (config, index, data shards, vocab)."""
        reader_files = sorted(self.folder.glob(self.checkpoint_prefix.name + ".data-*"))
        index = self.checkpoint_prefix.with_name(self.checkpoint_prefix.name + ".index")
        return [self.config_file, index, *reader_files, self.vocab_file]

    def summary(self) -> dict[str, Any]:
        return {"family": self.family, "architecture": self.architecture, "vocab_size": self.vocab_size}


def read_config(path: Path) -> dict[str, Any]:
    if path.stat().st_size > MAX_CONFIG_BYTES:
        raise InvalidSource(f"{path.name} is {path.stat().st_size} bytes; a model config is a small JSON file", reason="bad_config", path=path.name)
    try:
        config = json.loads(path.read_text(encoding="utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise InvalidSource(f"{path.name} is not valid JSON: {exc}", reason="bad_config", path=path.name) from exc
    if not isinstance(config, dict):
        raise InvalidSource(f"{path.name} must hold a JSON object", reason="bad_config", path=path.name)
    return config


def read_vocab_tokens(path: Path) -> list[str]:
    """Tokens in id order, exactly as bert4keras's `load_vocab` assigns ids.

    Each line's first whitespace-separated field is the token, or the stripped line when it has none
    (the Google vocab has a line holding only U+2028, which becomes the empty token); a repeated token
    keeps one id.
    """
    ids: dict[str, int] = {}
    with open(path, encoding="utf-8", newline=None) as fh:
        for line in fh:
            fields = line.split()
            token = fields[0] if fields else line.strip()
            ids[token] = len(ids)
    return sorted(ids, key=ids.__getitem__)


def find_release_folder(root: Path) -> Path:
    """The folder holding the config: `root` itself or its single sub-folder (the zips' layout)."""
    if any((root / name).is_file() for name in CONFIG_NAMES):
        return root
    subdirs = [p for p in root.iterdir() if p.is_dir() and not p.name.startswith(("__MACOSX", "."))]
    for sub in subdirs:
        if any((sub / name).is_file() for name in CONFIG_NAMES):
            return sub
    raise InvalidSource(
        f"no model config ({' or '.join(CONFIG_NAMES)}) found in {root.name!r} or its sub-folder",
        reason="no_config", path=root.name,
    )


def _checkpoint_prefix(folder: Path) -> Path:
    indexes = sorted(folder.glob("*.ckpt.index")) or sorted(folder.glob("*.index"))
    if not indexes:
        raise InvalidSource(f"{folder.name!r} has no checkpoint index (*.ckpt.index)", reason="no_checkpoint", path=folder.name)
    if len(indexes) > 1:
        names = ", ".join(p.name for p in indexes)
        raise InvalidSource(f"{folder.name!r} holds several checkpoints ({names}); keep one", reason="several_checkpoints", path=folder.name, found=names)
    return indexes[0].with_name(indexes[0].name.removesuffix(".index"))


def _require(shapes: dict[str, tuple[int, ...]], name: str, expected: tuple[int, ...]) -> None:
    if name not in shapes:
        raise CheckpointMismatch(f"checkpoint variable {name!r} is missing (expected shape {expected})")
    if tuple(shapes[name]) != tuple(expected):
        raise CheckpointMismatch(
            f"checkpoint variable {name!r} has shape {tuple(shapes[name])} but the config implies {tuple(expected)}"
        )


def _int(config: dict[str, Any], key: str, default: int | None = None) -> int:
    value = config.get(key, default)
    if not isinstance(value, int) or isinstance(value, bool) or value <= 0:
        raise CheckpointMismatch(f"config value {key!r} must be a positive integer, got {value!r}")
    return value


def _count_layers(shapes: dict[str, Any], pattern: str) -> int:
    n = 0
    while any(k.startswith(pattern.format(n)) for k in shapes):
        n += 1
    return n


def _check_bert(config: dict[str, Any], shapes: dict[str, tuple[int, ...]]) -> None:
    H = _int(config, "hidden_size")
    L = _int(config, "num_hidden_layers")
    A = _int(config, "num_attention_heads")
    I = _int(config, "intermediate_size")
    V = _int(config, "vocab_size")
    E = _int(config, "embedding_size", H)
    P = _int(config, "max_position_embeddings", 512)
    T = _int(config, "type_vocab_size", 2)
    D = H // A
    K = _int(config, "attention_key_size", D)
    _require(shapes, "bert/embeddings/word_embeddings", (V, E))
    _require(shapes, "bert/embeddings/position_embeddings", (P, E))
    _require(shapes, "bert/embeddings/token_type_embeddings", (T, E))
    if E != H:
        _require(shapes, "bert/encoder/embedding_hidden_mapping_in/kernel", (E, H))
    found = _count_layers(shapes, "bert/encoder/layer_{}/")
    if found != L:
        raise CheckpointMismatch(f"config says num_hidden_layers={L} but the checkpoint has {found} layers")
    for i in range(L):
        p = f"bert/encoder/layer_{i}/"
        _require(shapes, p + "attention/self/query/kernel", (H, A * K))
        _require(shapes, p + "attention/self/key/kernel", (H, A * K))
        _require(shapes, p + "attention/self/value/kernel", (H, A * D))
        _require(shapes, p + "attention/output/dense/kernel", (A * D, H))
        _require(shapes, p + "intermediate/dense/kernel", (H, I))
        _require(shapes, p + "output/dense/kernel", (I, H))


def _check_t5(config: dict[str, Any], shapes: dict[str, tuple[int, ...]]) -> None:
    H = _int(config, "hidden_size")
    L = _int(config, "num_hidden_layers")
    A = _int(config, "num_attention_heads")
    D = _int(config, "attention_head_size", H // A)
    I = _int(config, "intermediate_size")
    V = _int(config, "vocab_size")
    _require(shapes, "shared/embedding", (V, H))
    _require(shapes, "decoder/logits/kernel", (H, V))
    for side in ("encoder", "decoder"):
        found = _count_layers(shapes, side + "/block_{:03d}/")
        if found != L:
            raise CheckpointMismatch(f"config says num_hidden_layers={L} but the {side} has {found} blocks")
        _require(shapes, f"{side}/block_000/layer_000/SelfAttention/relative_attention_bias", (A, 32))
        ffn = "layer_001" if side == "encoder" else "layer_002"
        for i in range(L):
            p = f"{side}/block_{i:03d}/"
            for w in ("q", "k", "v"):
                _require(shapes, p + f"layer_000/SelfAttention/{w}", (H, A * D))
            _require(shapes, p + "layer_000/SelfAttention/o", (A * D, H))
            if side == "decoder":
                for w in ("q", "k", "v"):
                    _require(shapes, p + f"layer_001/EncDecAttention/{w}", (H, A * D))
            _require(shapes, p + f"{ffn}/DenseReluDense/wi_0/kernel", (H, I))
            _require(shapes, p + f"{ffn}/DenseReluDense/wi_1/kernel", (H, I))
            _require(shapes, p + f"{ffn}/DenseReluDense/wo/kernel", (I, H))


def _looks_word_level(tokens: list[str]) -> bool:
    """WoBERT and T5 PEGASUS vocabs hold many multi-character Chinese words; the char-level BERT vocab almost none."""
    words = sum(1 for t in tokens if len(t) >= 2 and all("\u4e00" <= ch <= "\u9fff" for ch in t))
    return words > 0.05 * len(tokens)


def _is_simplified_vocab(tokens: list[str]) -> bool:
    return tokens[:4] == ["[PAD]", "[UNK]", "[CLS]", "[SEP]"]


def inspect_release(root: Path) -> ReleaseInfo:
    folder = find_release_folder(root)
    config_file = next(folder / n for n in CONFIG_NAMES if (folder / n).is_file())
    config = read_config(config_file)
    vocab_file = folder / "vocab.txt"
    if not vocab_file.is_file():
        raise InvalidSource(f"{folder.name!r} has no vocab.txt", reason="missing_file", path=folder.name, expected="vocab.txt")
    prefix = _checkpoint_prefix(folder)
    try:
        reader = CheckpointReader(prefix)
    except CheckpointFormatError as exc:
        raise InvalidSource(f"checkpoint index {prefix.name}.index is unreadable: {exc}", reason="unreadable", path=f"{prefix.name}.index", detail=str(exc)) from exc
    for data_path, needed in reader.required_data_sizes().items():
        if not data_path.is_file():
            raise InvalidSource(f"{folder.name!r} lacks the checkpoint data file {data_path.name}", reason="missing_file", path=folder.name, expected=data_path.name)
        size = data_path.stat().st_size
        if size < needed:
            raise InvalidSource(f"checkpoint data file {data_path.name} is truncated ({size} of {needed} bytes)", reason="truncated", path=data_path.name, expected=needed, found=size)
    shapes = reader.shapes()
    try:
        tokens = read_vocab_tokens(vocab_file)
    except UnicodeDecodeError as exc:
        raise InvalidSource(f"vocab.txt is not UTF-8: {exc}", reason="not_utf8", path="vocab.txt") from exc
    if not tokens:
        raise InvalidSource("vocab.txt is empty", reason="empty_file", path="vocab.txt")

    if "shared/embedding" in shapes:
        family, architecture = "t5", "mt5.1.1"
        _check_t5(config, shapes)
    elif "bert/embeddings/word_embeddings" in shapes:
        architecture = "bert"
        _check_bert(config, shapes)
        if _is_simplified_vocab(tokens) and "bert/pooler/dense/kernel" in shapes:
            family = "simbert"
        elif _looks_word_level(tokens):
            family = "wobert"
        else:
            family = "bert"
    else:
        sample = ", ".join(sorted(shapes)[:5])
        raise UnknownArchitecture(
            f"unknown architecture: the checkpoint is neither BERT-family nor mt5.1.1 (variables: {sample} ...)"
        )
    if len(tokens) != config["vocab_size"]:
        raise CheckpointMismatch(
            f"vocab.txt has {len(tokens)} tokens but the config says vocab_size={config['vocab_size']}"
        )
    return ReleaseInfo(folder, family, architecture, config, config_file, prefix, vocab_file, len(tokens), shapes)
