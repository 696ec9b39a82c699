"""bert4keras's WordPiece (`Tokenizer._word_piece_tokenize`), with per-word caches.

Greedy longest match from the left; continuation pieces carry `##`. If some position has no match, or the word
is longer than `word_maxlen` (200), the whole word is one token: the word itself, whose id is the word's id if
it is in the vocab and [UNK]'s otherwise. Matching never tries a piece longer than the longest vocab entry,
which changes nothing but the time spent.
"""

from __future__ import annotations

from zoo_desktop.errors import ZooError
from zoo_desktop.tokenizer.cache import BoundedCache

# (token, start, end): the token covers word[start:end]
PieceSpan = tuple[str, int, int]


class TokenizerError(ZooError):
    pass


class WordPiece:
    def __init__(
        self,
        token_to_id: dict[str, int],
        unk_id: int | None,
        word_maxlen: int = 200,
        cache_size: int = 1 << 18,
    ) -> None:
        self._vocab = token_to_id
        self._unk_id = unk_id
        self._word_maxlen = word_maxlen
        self._max_piece = max((len(t) for t in token_to_id), default=0)
        self.tokens = BoundedCache(self._tokens_tuple, cache_size)
        self.ids = BoundedCache(self._ids_tuple, cache_size)

    def token_id(self, token: str) -> int:
        i = self._vocab.get(token, self._unk_id)
        if i is None:
            raise TokenizerError(f"token {token!r} is not in the vocabulary, which has no [UNK]")
        return i

    def spans(self, word: str) -> list[PieceSpan]:
        n = len(word)
        if n > self._word_maxlen:
            return [(word, 0, n)]
        vocab = self._vocab
        max_piece = self._max_piece
        out: list[PieceSpan] = []
        start = 0
        while start < n:
            end = min(n, start + max_piece)
            while end > start:
                sub = word[start:end] if start == 0 else "##" + word[start:end]
                if sub in vocab:
                    break
                end -= 1
            if start == end:
                return [(word, 0, n)]
            out.append((sub, start, end))
            start = end
        return out

    def split(self, word: str) -> list[str]:
        return [t for t, _, _ in self.spans(word)]

    def _tokens_tuple(self, word: str) -> tuple[str, ...]:
        return tuple(self.split(word))

    def _ids_tuple(self, word: str) -> tuple[int, ...]:
        return tuple(map(self.token_id, self.tokens[word]))
