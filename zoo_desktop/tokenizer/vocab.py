"""Reading a `vocab.txt` exactly as bert4keras's `load_vocab` does.

Rules (bert4keras 0.11.5, `tokenizers.load_vocab`):

- the file is read as UTF-8 text with universal newlines (`\\n`, `\\r\\n` and a lone `\\r` end a line);
- the token is the first `str.split()` field of the line, or `line.strip()` (the empty string) for a blank line;
- `token_dict[token] = len(token_dict)`: a new token gets the next id; a repeated token is *moved* to the
  current size, which is also the id the next new token will get (so two tokens can share an id, and the
  lower id of the first appearance no longer maps back to anything). Real vocabularies have no repeats;
  this only matters for parity on odd files.
- `simplified=True` (SimBERT-style vocabulary pruning) keeps `startswith` first, then every token that is not
  redundant (a multi-character token whose stem holds a CJK character or punctuation), and also returns
  `keep_tokens`, the old ids of the kept tokens.

The inverse mapping is built like bert4keras's `{v: k for k, v in token_dict.items()}`.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from zoo_desktop.tokenizer.charclass import is_cjk_code, is_punctuation_char

PAD, UNK, MASK, CLS, SEP = "[PAD]", "[UNK]", "[MASK]", "[CLS]", "[SEP]"


def read_token_dict(path: str | os.PathLike[str], encoding: str = "utf-8") -> dict[str, int]:
    token_dict: dict[str, int] = {}
    with open(path, encoding=encoding) as reader:
        for line in reader:
            fields = line.split()
            token = fields[0] if fields else line.strip()
            token_dict[token] = len(token_dict)
    return token_dict


def is_redundant(token: str) -> bool:
    """bert4keras `Tokenizer._is_redundant`: a token the basic tokenizer can never produce."""
    if len(token) > 1:
        stem = token[2:] if token[:2] == "##" else token
        for ch in stem:
            if is_cjk_code(ord(ch)) or is_punctuation_char(ch):
                return True
    return False


def simplify(
    token_dict: dict[str, int], startswith: list[str] | None = None
) -> tuple[dict[str, int], list[int]]:
    new_token_dict: dict[str, int] = {}
    keep_tokens: list[int] = []
    for t in startswith or []:
        new_token_dict[t] = len(new_token_dict)
        keep_tokens.append(token_dict[t])
    for t, _ in sorted(token_dict.items(), key=lambda s: s[1]):
        if t not in new_token_dict and not is_redundant(t):
            new_token_dict[t] = len(new_token_dict)
            keep_tokens.append(token_dict[t])
    return new_token_dict, keep_tokens


def load_vocab(
    path: str | os.PathLike[str],
    encoding: str = "utf-8",
    simplified: bool = False,
    startswith: list[str] | None = None,
) -> dict[str, int] | tuple[dict[str, int], list[int]]:
    """Same signature and results as `bert4keras.tokenizers.load_vocab`."""
    token_dict = read_token_dict(path, encoding)
    if simplified:
        return simplify(token_dict, startswith)
    return token_dict


@dataclass(frozen=True)
class Vocab:
    token_to_id: dict[str, int]
    id_to_token: dict[int, str]

    @classmethod
    def from_dict(cls, token_dict: dict[str, int]) -> "Vocab":
        return cls(dict(token_dict), {v: k for k, v in token_dict.items()})

    @classmethod
    def from_file(cls, path: str | os.PathLike[str], encoding: str = "utf-8") -> "Vocab":
        return cls.from_dict(read_token_dict(Path(path), encoding))

    @property
    def size(self) -> int:
        """`len(token_dict)`, bert4keras's `_vocab_size` (not max id + 1 when tokens repeat)."""
        return len(self.token_to_id)

    def special_id(self, token: str) -> int | None:
        return self.token_to_id.get(token)

    @property
    def max_token_length(self) -> int:
        return max((len(t) for t in self.token_to_id), default=0)
