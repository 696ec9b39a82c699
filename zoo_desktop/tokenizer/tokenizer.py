"""The public tokenizer: bert4keras's `Tokenizer` ids, without bert4keras.

Equivalent to `bert4keras.tokenizers.Tokenizer(vocab_path, do_lower_case=True)`, or with
`pre_tokenize=lambda s: jieba.cut(s, HMM=False)` when `pre_tokenize="jieba"` (WoBERT, T5 PEGASUS).
"""

from __future__ import annotations

import os
import unicodedata
from itertools import chain, repeat
from pathlib import Path
from typing import Iterable, NamedTuple, Sequence

from zoo_desktop.tokenizer import split, truncate
from zoo_desktop.tokenizer.gc_pause import gc_paused
from zoo_desktop.tokenizer.cache import BoundedCache
from zoo_desktop.tokenizer.charclass import tables
from zoo_desktop.tokenizer.decode import decode_tokens
from zoo_desktop.tokenizer.normalize import normalize, normalize_with_map
from zoo_desktop.tokenizer.pretokenize import JiebaSegmenter, get_segmenter
from zoo_desktop.tokenizer.vocab import CLS, MASK, PAD, SEP, UNK, Vocab
from zoo_desktop.tokenizer.wordpiece import TokenizerError, WordPiece

JIEBA_FAMILIES = frozenset({"wobert", "t5"})
LINE_SEP = "\u2029"  # joins a batch: a separator for bert4keras, untouched by normalisation
_BATCH_MIN = 32
_BATCH_CHUNK = 16384
_BLOCK_CACHE = 1 << 18

Offset = tuple[int, int]


class Encoding(NamedTuple):
    tokens: list[str]
    ids: list[int]
    offsets: list[Offset]
    """(start, end) into the original text; (0, 0) for [CLS] and [SEP]. A character that normalisation expands
    (a Hangul syllable into jamo) can be shared by several tokens; a token also covers the combining marks that
    follow it and that lower-casing removed."""


class Tokenizer:
    def __init__(
        self,
        vocab: Vocab,
        *,
        do_lower_case: bool = True,
        pre_tokenize: str | None = None,
        user_dict: Path | None = None,
        cache_dir: Path | None = None,
        word_maxlen: int = 200,
    ) -> None:
        if pre_tokenize not in (None, "jieba"):
            raise ValueError(f"pre_tokenize must be None or 'jieba', not {pre_tokenize!r}")
        if user_dict is not None and pre_tokenize is None:
            raise ValueError("a user dictionary needs pre_tokenize='jieba'")
        self.vocab = vocab
        self.do_lower_case = do_lower_case
        self.pre_tokenize = pre_tokenize
        self.user_dict = Path(user_dict) if user_dict is not None else None
        self.cache_dir = Path(cache_dir) if cache_dir is not None else None
        self._t2i = vocab.token_to_id
        self._unk = self._t2i.get(UNK)
        self._wp = WordPiece(self._t2i, self._unk, word_maxlen)
        self._segmenter: JiebaSegmenter | None = None
        self._pre_tokens: BoundedCache[str, tuple[str, ...]] = BoundedCache(self._pre_token_tokens, 1 << 18)
        self._pre_ids: BoundedCache[str, tuple[int, ...]] = BoundedCache(self._pre_token_ids, 1 << 18)
        # whole jieba blocks (runs of its han pattern) and the stretches between them
        self._block_token_cache: BoundedCache[str, tuple[str, ...]] = BoundedCache(self._block_tokens, 1 << 18)
        self._block_id_cache: BoundedCache[str, tuple[int, ...]] = BoundedCache(self._block_ids, _BLOCK_CACHE)
        self._other_token_cache: BoundedCache[str, tuple[str, ...]] = BoundedCache(self._other_tokens, 1 << 14)
        self._other_id_cache: BoundedCache[str, tuple[int, ...]] = BoundedCache(self._other_ids, 1 << 14)
        self._tables = tables()
        # ids of the [CLS]/[SEP] that encode adds ([UNK]'s if the vocab lacks them; None if it lacks that too)
        self._cls_tok_id = self._t2i.get(CLS, self._unk)
        self._sep_tok_id = self._t2i.get(SEP, self._unk)
        self._batch_char_ids = None  # numpy tables of the batch path, built on first use
        self._batch_word_ids = None
        # a punctuation or CJK character is a word of its own: its id is its own or [UNK]'s
        self._char_ids: BoundedCache[str, int] = BoundedCache(self._wp.token_id, 1 << 17)

    # ---- construction -------------------------------------------------------------------------------------

    @classmethod
    def from_vocab_file(
        cls,
        path: str | os.PathLike[str],
        *,
        pre_tokenize: str | None = None,
        user_dict: Path | None = None,
        cache_dir: Path | None = None,
        do_lower_case: bool = True,
    ) -> "Tokenizer":
        return cls(
            Vocab.from_file(path),
            do_lower_case=do_lower_case,
            pre_tokenize=pre_tokenize,
            user_dict=user_dict,
            cache_dir=cache_dir,
        )

    @classmethod
    def for_family(
        cls,
        vocab_path: str | os.PathLike[str],
        family: str,
        *,
        user_dict: Path | None = None,
        cache_dir: Path | None = None,
    ) -> "Tokenizer":
        """The tokenizer a model family uses: jieba pre-tokenization for WoBERT and T5 PEGASUS."""
        jieba = family in JIEBA_FAMILIES
        return cls.from_vocab_file(
            vocab_path,
            pre_tokenize="jieba" if jieba else None,
            user_dict=user_dict if jieba else None,
            cache_dir=cache_dir,
        )

    # ---- vocabulary ---------------------------------------------------------------------------------------

    @property
    def vocab_size(self) -> int:
        return self.vocab.size

    def token_to_id(self, token: str) -> int:
        """The token's id, [UNK]'s for an unknown token (bert4keras `token_to_id`)."""
        return self._wp.token_id(token)

    def tokens_to_ids(self, tokens: Iterable[str]) -> list[int]:
        return [self._wp.token_id(t) for t in tokens]

    def id_to_token(self, i: int) -> str:
        try:
            return self.vocab.id_to_token[i]
        except KeyError:
            raise TokenizerError(f"id {i} is not in the vocabulary") from None

    def ids_to_tokens(self, ids: Iterable[int]) -> list[str]:
        ids = list(ids)
        try:
            return list(map(self.vocab.id_to_token.__getitem__, ids))
        except (KeyError, TypeError):
            return [self.id_to_token(i) for i in ids]  # raises for the first bad id

    @property
    def pad_id(self) -> int | None:
        return self.vocab.special_id(PAD)

    @property
    def unk_id(self) -> int | None:
        return self._unk

    @property
    def cls_id(self) -> int | None:
        return self.vocab.special_id(CLS)

    @property
    def sep_id(self) -> int | None:
        return self.vocab.special_id(SEP)

    @property
    def mask_id(self) -> int | None:
        return self.vocab.special_id(MASK)

    # ---- the basic pipeline (no [CLS]/[SEP]) ---------------------------------------------------------------

    def _prepare(self, text: str) -> tuple[str, bool]:
        """Normalised text with deletable characters removed, and whether it is all BMP."""
        t = self._tables
        if self.do_lower_case:
            text = text.lower()
            if text.isascii():
                return t.delete_bmp_re.sub("", text), True
            text = unicodedata.normalize("NFD", text)
            if t.astral_re.search(text) is None:
                return t.mn_or_delete_bmp_re.sub("", text), True
            return t.mn_or_delete_re.sub("", text), False
        if text.isascii() or t.astral_re.search(text) is None:
            return t.delete_bmp_re.sub("", text), True
        return t.delete_re.sub("", text), False

    def _runs(self, text: str) -> list[tuple[str, str]]:
        text, bmp = self._prepare(text)
        return (self._tables.run_bmp_re if bmp else self._tables.run_re).findall(text)

    def _segment(self) -> JiebaSegmenter:
        seg = self._segmenter
        if seg is None:
            seg = self._segmenter = get_segmenter(self.user_dict, self.cache_dir)
        return seg

    def _pre_token_tokens(self, pre: str) -> tuple[str, ...]:
        if pre in self._t2i:
            return (pre,)
        return tuple(chain.from_iterable(map(self._wp.tokens.__getitem__, split.words(pre))))

    def _pre_token_ids(self, pre: str) -> tuple[int, ...]:
        i = self._t2i.get(pre)
        if i is not None:
            return (i,)
        return tuple(chain.from_iterable(map(self._wp.ids.__getitem__, split.words(pre))))

    def _block_tokens(self, block: str) -> tuple[str, ...]:
        return tuple(chain.from_iterable(map(self._pre_tokens.__getitem__, self._segment().blocks[block])))

    def _block_ids(self, block: str) -> tuple[int, ...]:
        return tuple(chain.from_iterable(map(self._pre_ids.__getitem__, self._segment().blocks[block])))

    def _other_tokens(self, stretch: str) -> tuple[str, ...]:
        return tuple(chain.from_iterable(map(self._pre_tokens.__getitem__, self._segment().cut_other(stretch))))

    def _other_ids(self, stretch: str) -> tuple[int, ...]:
        return tuple(chain.from_iterable(map(self._pre_ids.__getitem__, self._segment().cut_other(stretch))))

    def _jieba_pieces(self, text: str, blocks: BoundedCache, others: BoundedCache, out: list) -> list:  # type: ignore[type-arg]
        """jieba's blocks and the stretches between them, each mapped through a per-tokenizer cache."""
        if self.do_lower_case:
            text = normalize(text)
        block, other = blocks.__getitem__, others.__getitem__
        for k, piece in enumerate(self._segment().split_blocks(text)):
            if k & 1:
                out += block(piece)
            elif piece:
                out += other(piece)
        return out

    def _body_tokens(self, text: str, out: list[str]) -> list[str]:
        """Append the tokens of `text` to `out`."""
        if self.pre_tokenize is not None:
            return self._jieba_pieces(text, self._block_token_cache, self._other_token_cache, out)
        word_tokens = self._wp.tokens.__getitem__
        for isolated, word in self._runs(text):
            if isolated:
                out += isolated  # each character is its own token (the character itself, even if unknown)
            else:
                out += word_tokens(word)
        return out

    def _body_ids(self, text: str, out: list[int]) -> list[int]:
        """Append the ids of `text` to `out`."""
        if self.pre_tokenize is not None:
            return self._jieba_pieces(text, self._block_id_cache, self._other_id_cache, out)
        char_id = self._char_ids.__getitem__
        word_ids = self._wp.ids.__getitem__
        for isolated, word in self._runs(text):
            if isolated:
                out += map(char_id, isolated)
            else:
                out += word_ids(word)
        return out

    # ---- public API ---------------------------------------------------------------------------------------

    def tokenize(self, text: str, maxlen: int | None = None) -> list[str]:
        """`[CLS] tokens [SEP]`, cut to `maxlen` by bert4keras's rule."""
        tokens = self._body_tokens(text, [CLS])
        tokens.append(SEP)
        if maxlen is not None:
            tokens = truncate.cut(tokens, truncate.truncated_length(maxlen, len(tokens)))
        return tokens

    def encode(
        self, first: str, second: str | None = None, maxlen: int | None = None
    ) -> tuple[list[int], list[int]]:
        """(token ids, segment ids) for `[CLS] first [SEP]` or `[CLS] first [SEP] second [SEP]`."""
        cls_id, sep_id = self._ends()
        a = self._body_ids(first, [cls_id])
        a.append(sep_id)
        if second is None:
            if maxlen is not None:
                a = truncate.cut(a, truncate.truncated_length(maxlen, len(a)))
            return a, [0] * len(a)
        b = self._body_ids(second, [cls_id])
        b.append(sep_id)
        if maxlen is not None:
            la, lb = truncate.truncated_pair(maxlen + 1, len(a), len(b))
            a, b = truncate.cut(a, la), truncate.cut(b, lb)
        b = b[1:]
        return a + b, [0] * len(a) + [1] * len(b)

    def encode_batch(
        self, texts: Iterable[str], maxlen: int | None = None
    ) -> list[tuple[list[int], list[int]]]:
        """`[self.encode(t, maxlen=maxlen) for t in texts]`, several times faster for many texts: the
        basic tokenizer and jieba's dynamic programme run in numpy over the whole batch (same results).
        The garbage collector is paused meanwhile (the batch creates no reference cycles)."""
        texts = list(texts)
        if len(texts) < _BATCH_MIN or any(LINE_SEP in t for t in texts):
            return [self.encode(t, maxlen=maxlen) for t in texts]
        cls_id, sep_id = self._ends()
        out: list[tuple[list[int], list[int]]] = []
        with gc_paused():
            for i in range(0, len(texts), _BATCH_CHUNK):
                chunk = texts[i : i + _BATCH_CHUNK]
                bodies = self._batch_bodies_jieba(chunk) if self.pre_tokenize else self._batch_bodies_plain(chunk)
                for body in bodies:
                    ids = [cls_id, *body, sep_id]
                    if maxlen is not None:
                        ids = truncate.cut(ids, truncate.truncated_length(maxlen, len(ids)))
                    out.append((ids, [0] * len(ids)))
        return out

    def _ends(self) -> tuple[int, int]:
        cls_id, sep_id = self._cls_tok_id, self._sep_tok_id
        if cls_id is None or sep_id is None:
            return self._wp.token_id(CLS), self._wp.token_id(SEP)  # raises the TokenizerError
        return cls_id, sep_id

    def _batch_bodies_plain(self, texts: list[str]) -> list[list[int]]:
        from zoo_desktop.tokenizer import plain_batch

        prepared, _bmp = self._prepare(LINE_SEP.join(texts))
        if self._batch_char_ids is None:
            self._batch_char_ids = plain_batch.char_id_table(self._tables, self._t2i_or_unk)
        classes = plain_batch.class_table(self._tables)
        return plain_batch.batch_ids(prepared, classes, self._batch_char_ids, self._wp.ids.__getitem__)

    def _batch_bodies_jieba(self, texts: list[str]) -> list[list[int]]:
        seg = self._segment()
        joined = LINE_SEP.join(texts)
        lines = (normalize(joined) if self.do_lower_case else joined).split(LINE_SEP)
        pieces = list(map(seg.split_blocks, lines))
        # ids of every distinct block and stretch between blocks; new blocks go through numpy together
        known: dict[str, tuple[int, ...]] = {"": ()}
        blocks = dict.fromkeys(chain.from_iterable(p[1::2] for p in pieces))
        cache = self._block_id_cache
        new = [b for b in blocks if b not in cache]
        for b in blocks:
            hit = cache.get(b)
            if hit is not None:
                known[b] = hit
        if new:
            known.update(self._batch_blocks(new))
        other = self._other_id_cache
        for stretch in dict.fromkeys(chain.from_iterable(p[0::2] for p in pieces)):
            if stretch:
                known[stretch] = other[stretch]
        get = known.__getitem__
        return [list(chain.from_iterable(map(get, p))) for p in pieces]

    def _batch_blocks(self, blocks: list[str]) -> dict[str, tuple[int, ...]]:
        """Ids of new jieba blocks through the numpy route (`jieba_dp`); also stored in the block cache."""
        from zoo_desktop.tokenizer import jieba_dp
        from zoo_desktop.tokenizer.pretokenize import assemble

        arrays = self._segment().arrays()
        if self._batch_word_ids is None:
            self._batch_word_ids = self._jieba_word_ids(arrays)
        char_ids, word_ids = self._batch_word_ids
        r = jieba_dp.routes(arrays, blocks)
        flat, counts = jieba_dp.block_ids(r, char_ids, word_ids)
        if self._unk is None and flat and min(flat) < 0:
            raise TokenizerError("a character is not in the vocabulary, which has no [UNK]")
        result: dict[str, tuple[int, ...]] = {}
        pos = 0
        for b, c in zip(blocks, counts):
            result[b] = tuple(flat[pos : pos + c])
            pos += c
        mixed = jieba_dp.blocks_with_ascii_alnum(r)
        if mixed:
            # jieba glues ASCII letters/digits and WordPiece splits them: finish these blocks in Python
            lengths = r.length.tolist()
            starts = r.starts.tolist()
            pre_ids = self._pre_ids.__getitem__
            for k in mixed:
                b, start = blocks[k], starts[k]
                ends = [i + lengths[start + i] for i in range(len(b))]
                result[b] = tuple(chain.from_iterable(map(pre_ids, assemble(b, ends))))
        cache = self._block_id_cache
        if len(cache) + len(result) > _BLOCK_CACHE:
            cache.clear()
        cache.update(result)
        return result

    def _jieba_word_ids(self, arrays):  # type: ignore[no-untyped-def]
        import numpy as np

        t2i = self._t2i
        char_ids = np.full(0x10000, -1, np.int64)
        for c in range(0x10000):
            i = self._t2i_or_unk(chr(c))
            if i is not None:
                char_ids[c] = i
        word_ids = {
            length: np.fromiter(map(t2i.get, level.words, repeat(-1)), np.int64, len(level.words))
            for length, level in arrays.levels.items()
        }
        return char_ids, word_ids

    def _t2i_or_unk(self, token: str) -> int | None:
        return self._t2i.get(token, self._unk)

    def encode_with_offsets(self, text: str, maxlen: int | None = None) -> Encoding:
        """Tokens, ids and (start, end) character offsets into `text` (the same tokens as `tokenize`)."""
        norm, nmap = normalize_with_map(text, self.do_lower_case)
        wp = self._wp
        spans: list[tuple[str, int, int]] = []  # token, start, end in `norm`

        def add_words(segment: str, base: int) -> None:
            for word, s, _e, positions in split.word_spans(segment, base):
                for tok, a, b in wp.spans(word):
                    if positions is None:
                        spans.append((tok, s + a, s + b))
                    else:
                        spans.append((tok, positions[a], positions[b - 1] + 1))

        if self.pre_tokenize is None:
            add_words(norm, 0)
        else:
            pos = 0
            for pre in self._segment().cut(norm):
                if pre in self._t2i:
                    spans.append((pre, pos, pos + len(pre)))
                else:
                    add_words(pre, pos)
                pos += len(pre)

        extend = self._mn_extender(text, nmap)
        tokens = [CLS]
        ids = [wp.token_id(CLS)]
        offsets: list[Offset] = [(0, 0)]
        for tok, s, e in spans:
            tokens.append(tok)
            ids.append(wp.token_id(tok))
            offsets.append((nmap[s], extend(nmap[e - 1] + 1)))
        tokens.append(SEP)
        ids.append(wp.token_id(SEP))
        offsets.append((0, 0))
        if maxlen is not None:
            n = truncate.truncated_length(maxlen, len(tokens))
            tokens, ids, offsets = truncate.cut(tokens, n), truncate.cut(ids, n), truncate.cut(offsets, n)
        return Encoding(tokens, ids, offsets)

    def _mn_extender(self, text: str, nmap: Sequence[int]):  # type: ignore[no-untyped-def]
        """Stretch an end offset over following combining marks that lower-casing deleted."""
        if not self.do_lower_case or text.isascii():
            return lambda e: e
        mn = self._tables.mn_codes
        if not any(ord(ch) in mn for ch in text):
            return lambda e: e
        covered = bytearray(len(text))
        for i in nmap:
            covered[i] = 1
        n = len(text)

        def extend(e: int) -> int:
            while e < n and not covered[e] and ord(text[e]) in mn:
                e += 1
            return e

        return extend

    def clear_caches(self) -> None:
        """Forget cached words, blocks and pre-tokens (not the vocab, nor the tables built for batches)."""
        for c in (
            self._wp.tokens,
            self._wp.ids,
            self._char_ids,
            self._pre_tokens,
            self._pre_ids,
            self._block_token_cache,
            self._block_id_cache,
            self._other_token_cache,
            self._other_id_cache,
        ):
            c.clear()
        if self._segmenter is not None:
            self._segmenter.blocks.clear()

    def decode(self, ids: Iterable[int]) -> str:
        """Readable text, by bert4keras's joining and clean-up rules."""
        return decode_tokens(self.ids_to_tokens(ids))

    def decode_tokens(self, tokens: Iterable[str]) -> str:
        return decode_tokens(tokens)

    def __repr__(self) -> str:
        pre = f", pre_tokenize={self.pre_tokenize!r}" if self.pre_tokenize else ""
        return f"<Tokenizer vocab_size={self.vocab_size}{pre}>"
