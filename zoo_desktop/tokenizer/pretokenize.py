"""jieba pre-tokenization (`jieba.cut(text, HMM=False)`), loaded lazily and once per process.

WoBERT and T5 PEGASUS run bert4keras's tokenizer with `pre_tokenize=lambda s: jieba.cut(s, HMM=False)`.
Nothing here imports jieba or touches the disk until the first text is cut. Then:

- one private `jieba.Tokenizer` (never jieba's global one) gets the default dictionary as jieba builds it
  (`gen_pfdict`), cached in `cache_dir` (default `ZooPaths.from_env().cache / "jieba"`, created on first need;
  this works inside a frozen installer because the cache lives outside the bundle) in slices, so loading it
  never holds the GIL long enough to freeze the app's window; jieba's own log lines are silenced;
- a model's user dictionary gets its own instance, a copy of that base plus `load_userdict`, shared by every
  tokenizer that names the same file (keyed by resolved path, size and mtime, so an edited file is reloaded).

`JiebaSegmenter.cut` reimplements jieba 0.42.1's `cut(sentence, HMM=False)` over the instance's dictionary
with the same arithmetic, in the same order, so the result is identical (ties included: jieba's
`max((score, end))` prefers the longer word, and so does this). It precomputes `log(freq) - log(total)` per word
(the same float jieba computes at every use), keeps the dictionary as a small-dict trie, fuses the DAG walk into
the dynamic programme and caches whole blocks. About 3x jieba's speed; building the trie takes about 0.5 s once.
The dictionary file is parsed only by jieba (`gen_pfdict`), so its format stays jieba's business.
"""

from __future__ import annotations

import importlib
import logging
import marshal
import os
import re
import sys
import threading
import types
from itertools import repeat
from math import log
from operator import itemgetter
from pathlib import Path
from typing import Any, Sequence

from zoo_desktop.tokenizer.cache import BoundedCache
from zoo_desktop.tokenizer.gc_pause import gc_paused
from zoo_desktop.tokenizer.wordpiece import TokenizerError

log_ = logging.getLogger(__name__)

_ASCII_ALNUM = frozenset("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789")
_RE_ENG = re.compile("[a-zA-Z0-9]")  # jieba's re_eng
_dict_get = dict.get
_item1 = itemgetter(1)


def default_cache_dir() -> Path:
    from zoo_desktop.paths import ZooPaths

    return ZooPaths.from_env().cache / "jieba"


_NEG = float("-inf")  # weight of a prefix-only entry (frequency 0): walked through, never cut at


class JiebaSegmenter:
    """Exact `jieba.cut(text, HMM=False)` for one loaded `jieba.Tokenizer`.

    The dictionary is held as a three-level trie (first character -> second character -> rest of the word),
    which visits exactly the entries jieba's DAG walk visits (jieba's FREQ holds every prefix of every word, so
    "walk while the prefix is present" and "look up every length" agree) in much smaller dicts.
    """

    def __init__(self, jieba_tokenizer: Any, jieba_module: Any, cache_size: int = 1 << 18) -> None:
        self.jieba_tokenizer = jieba_tokenizer
        self._re_han = jieba_module.re_han_default
        self._re_skip = jieba_module.re_skip_default
        logtotal = log(jieba_tokenizer.total)
        # a character jieba has no word for: log(FREQ.get(c) or 1) - logtotal
        self._fallback = log(1) - logtotal
        self._trie = self._build_trie(jieba_tokenizer.FREQ, logtotal)
        self._fallback_entry: tuple[float, dict[str, Any]] = (self._fallback, {})
        self.blocks: BoundedCache[str, tuple[str, ...]] = BoundedCache(self.cut_block, cache_size)
        self._arrays: Any = None
        self._arrays_lock = threading.Lock()

    @staticmethod
    def _build_trie(freq: dict[str, int], logtotal: float) -> dict[str, tuple[float, dict[str, Any]]]:
        # level 1: char -> (weight, level 2); level 2: char -> (weight, rest or None); rest: suffix -> weight.
        # The weight is the float jieba computes at every use, `log(freq) - logtotal`, or _NEG for frequency 0.
        # No temporary holds objects of its own (two passes over freq instead of a list of the longer words,
        # tuples made once): freeing ~300k temporaries when this returns was one GIL-holding C call of ~50 ms.
        level1: dict[str, tuple[float, dict[str, Any]]] = {}
        level2: dict[str, float] = {}
        rests: dict[str, dict[str, float]] = {}
        for word, f in freq.items():
            n = len(word)
            if n == 1:
                level1[word] = (log(f) - logtotal if f else _NEG, {})
            elif n == 2:
                level2[word] = log(f) - logtotal if f else _NEG
        for word, f in freq.items():
            if len(word) > 2:
                head = word[:2]
                if head not in level2:  # pragma: no cover - jieba's FREQ always holds every prefix
                    raise TokenizerError(f"jieba dictionary lacks the prefix of {word!r}")
                rest = rests.get(head)
                if rest is None:
                    rest = rests[head] = {}
                rest[word[2:]] = log(f) - logtotal if f else _NEG
        for word, w in level2.items():
            first = level1.get(word[0])
            if first is None:  # pragma: no cover
                raise TokenizerError(f"jieba dictionary lacks the prefix of {word!r}")
            first[1][word[1]] = (w, rests.get(word))
        return level1

    def split_blocks(self, sentence: str) -> list[str]:
        """`re_han_default.split`: odd items are han blocks, even items the (possibly empty) stretches between."""
        return self._re_han.split(sentence)  # type: ignore[no-any-return]

    def cut(self, sentence: str) -> list[str]:
        out: list[str] = []
        blocks = self.blocks
        re_skip = self._re_skip
        for k, blk in enumerate(self._re_han.split(sentence)):
            if not blk:
                continue
            if k & 1:  # a captured run of the han pattern
                out.extend(blocks[blk])
            else:
                out.extend(self.cut_other(blk, re_skip))
        return out

    def cut_other(self, blk: str, re_skip: Any = None) -> list[str]:
        """Pre-tokens of a stretch between han blocks: each "\\r\\n" or whitespace character, and single characters."""
        out: list[str] = []
        for j, x in enumerate((re_skip or self._re_skip).split(blk)):
            if j & 1:  # a captured "\r\n" or whitespace character
                out.append(x)
            else:
                out.extend(x)
        return out

    def cut_block(self, s: str) -> tuple[str, ...]:
        """jieba's `__cut_DAG_NO_HMM` on one block of the han pattern."""
        n = len(s)
        if n < 2:
            return (s,) if s else ()
        neg = _NEG
        fb = self._fallback
        first = list(map(self._trie.get, s, repeat(self._fallback_entry, n)))
        second = list(map(_dict_get, map(_item1, first), s[1:]))
        second.append(None)
        # score[i] of jieba's route, filled from the right; score[n] = 0 (jieba: the int 0; x + 0 == x + 0.0)
        score = [0.0] * (n + 1)
        ends = [0] * n
        for idx in range(n - 1, -1, -1):
            prev = score[idx + 1]
            best = first[idx][0] + prev
            best_end = idx + 1
            e2 = second[idx]
            if e2 is not None:
                c = e2[0] + score[idx + 2]
                if c >= best:  # ties go to the longer word, as jieba's max((score, end))
                    best = c
                    best_end = idx + 2
                rest = e2[1]
                if rest is not None:
                    end = idx + 3
                    while end <= n:
                        w = rest.get(s[idx + 2 : end])
                        if w is None:
                            break
                        c = w + score[end]
                        if c >= best:
                            best = c
                            best_end = end
                        end += 1
            if best == neg:  # no word starts here: jieba's DAG falls back to the single character
                best = fb + prev
                best_end = idx + 1
            score[idx] = best
            ends[idx] = best_end
        return assemble(s, ends)

    def arrays(self) -> Any:
        """The dictionary as numpy arrays for the batch path (`jieba_dp`), built on first call."""
        with self._arrays_lock:
            if self._arrays is None:
                from zoo_desktop.tokenizer.jieba_dp import JiebaArrays

                jt = self.jieba_tokenizer
                self._arrays = JiebaArrays(jt.FREQ, jt.total)
            return self._arrays


def assemble(s: str, ends: Sequence[int]) -> tuple[str, ...]:
    """The words of block `s` along the route (`ends[i]`: end of the word chosen at i), with jieba's gluing of
    runs of single ASCII letters and digits."""
    n = len(s)
    out: list[str] = []
    x = 0
    if _RE_ENG.search(s) is None:
        while x < n:
            y = ends[x]
            out.append(s[x:y])
            x = y
        return tuple(out)
    buf = ""
    alnum = _ASCII_ALNUM
    while x < n:
        y = ends[x]
        word = s[x:y]
        if y - x == 1 and word in alnum:
            buf += word
        else:
            if buf:
                out.append(buf)
                buf = ""
            out.append(word)
        x = y
    if buf:
        out.append(buf)
    return tuple(out)


def has_ascii_alnum(s: str) -> bool:
    return _RE_ENG.search(s) is not None


_lock = threading.Lock()
_base: Any = None
_segmenters: dict[Any, JiebaSegmenter] = {}


class _DeferredFinalseg(types.ModuleType):
    """Stands in for `jieba.finalseg` (its HMM, for `HMM=True` only) until something uses it.

    Importing jieba imports finalseg, whose 1.3 MB probability table takes ~0.4 s to unmarshal in one C call
    that holds the GIL: long enough to freeze the app's window while a worker loads its first tokenizer.
    Cutting with `HMM=False` never touches it; anything that does gets the real module then."""

    def __getattr__(self, name: str) -> Any:
        if sys.modules.get("jieba.finalseg") is self:
            del sys.modules["jieba.finalseg"]
        real = importlib.import_module("jieba.finalseg")
        return getattr(real, name)


def _import_jieba() -> Any:
    if "jieba" not in sys.modules:
        sys.modules.setdefault("jieba.finalseg", _DeferredFinalseg("jieba.finalseg"))
    import jieba

    jieba.setLogLevel(logging.WARNING)  # "Building prefix dict ..." is debug chatter on stderr
    return jieba


def _load_base(cache_dir: Path | None) -> Any:
    global _base
    if _base is not None:
        return _base
    jieba = _import_jieba()
    directory = Path(cache_dir) if cache_dir is not None else default_cache_dir()
    jt = jieba.Tokenizer()
    try:
        directory.mkdir(parents=True, exist_ok=True)
        jt.tmp_dir = str(directory)
    except OSError as exc:  # read-only home: jieba falls back to the system temp dir
        log_.warning("cannot create the jieba cache directory %s: %s", directory, exc)
    cache = directory / f"zoo-jieba-{jieba.__version__}.chunks"
    loaded = _read_chunked(cache)
    if loaded is None:
        loaded = jt.gen_pfdict(jt.get_dict_file())  # jieba's own builder (a Python loop), once
        _write_chunked(cache, *loaded)
    jt.FREQ, jt.total = loaded
    jt.initialized = True
    _base = jt
    return jt


# The prefix dictionary is cached in slices rather than in jieba's one marshal blob: unmarshalling 5 MB in
# one C call holds the GIL for ~0.3 s, which froze the app's window while a worker loaded its first
# tokenizer. Each slice takes a few milliseconds, so the GUI thread gets its turn in between.
_CHUNK_ENTRIES = 8192


def _read_chunked(path: Path) -> tuple[dict[str, int], int] | None:
    try:
        total, blobs = marshal.loads(path.read_bytes())
        freq: dict[str, int] = {}
        for blob in blobs:
            freq.update(marshal.loads(blob))
    except (OSError, ValueError, EOFError, TypeError):
        return None
    return (freq, total) if freq else None


def _write_chunked(path: Path, freq: dict[str, int], total: int) -> None:
    items = list(freq.items())
    blobs = [marshal.dumps(dict(items[i:i + _CHUNK_ENTRIES])) for i in range(0, len(items), _CHUNK_ENTRIES)]
    tmp = path.with_name(f"{path.name}.{os.getpid()}.tmp")
    try:
        tmp.write_bytes(marshal.dumps((total, blobs)))
        os.replace(tmp, path)
    except OSError as exc:  # a read-only cache directory only costs the rebuild next time
        log_.warning("cannot write the jieba cache %s: %s", path, exc)
        tmp.unlink(missing_ok=True)


def _user_dict_key(user_dict: Path | None) -> Any:
    if user_dict is None:
        return None
    p = Path(user_dict).resolve()
    try:
        st = p.stat()
    except OSError as exc:
        raise TokenizerError(f"cannot read the user dictionary {p}: {exc}") from exc
    return (str(p), st.st_size, st.st_mtime_ns)


def get_segmenter(user_dict: Path | None = None, cache_dir: Path | None = None) -> JiebaSegmenter:
    """The shared segmenter for this user dictionary (None: jieba's default dictionary only)."""
    key = _user_dict_key(user_dict)
    seg = _segmenters.get(key)
    if seg is not None:
        return seg
    with _lock:
        seg = _segmenters.get(key)
        if seg is not None:
            return seg
        with gc_paused():
            return _make_segmenter(key, cache_dir)


def _make_segmenter(key: Any, cache_dir: Path | None) -> JiebaSegmenter:
    base = _load_base(cache_dir)
    jieba = _import_jieba()
    if key is None:
        jt = base
    else:
        jt = jieba.Tokenizer()
        jt.FREQ = dict(base.FREQ)
        jt.total = base.total
        jt.tmp_dir = base.tmp_dir
        jt.initialized = True
        try:
            with open(key[0], "rb") as f:
                jt.load_userdict(f)
        except (OSError, ValueError) as exc:
            raise TokenizerError(f"cannot load the user dictionary {key[0]}: {exc}") from exc
    seg = JiebaSegmenter(jt, jieba)
    _segmenters[key] = seg
    return seg


def jieba_loaded() -> bool:
    """Whether this process has loaded jieba's dictionary through this module."""
    return _base is not None


__all__ = ["JiebaSegmenter", "default_cache_dir", "get_segmenter", "jieba_loaded"]
