"""Tokenizers that give exactly bert4keras 0.11.5's ids, without importing bert4keras, TensorFlow or jieba.

Modules, one job each: `vocab` (reading vocab.txt like `load_vocab`), `charclass` (bert4keras's character
classes as regexes), `normalize` (lower/NFD/strip Mn, with an offset map), `split` (the basic word split),
`wordpiece` (greedy `##` WordPiece with caches), `cache` (the bounded memo dict), `pretokenize` (lazy, exact
jieba `HMM=False`), `truncate` (bert4keras's truncation rule), `decode` (bert4keras's decode), `tokenizer` (the
public class); the batch path adds `plain_batch` and `jieba_dp` (numpy, imported on first `encode_batch`).
"""

from zoo_desktop.tokenizer.tokenizer import JIEBA_FAMILIES, Encoding, Tokenizer
from zoo_desktop.tokenizer.vocab import Vocab, load_vocab
from zoo_desktop.tokenizer.wordpiece import TokenizerError

__all__ = ["JIEBA_FAMILIES", "Encoding", "Tokenizer", "TokenizerError", "Vocab", "load_vocab"]
