"""A private, lazily created jieba tokenizer (HMM off) for the summarizer.

A private `jieba.Tokenizer` keeps the summarizer's dictionary state apart from jieba's global
default tokenizer (which other parts of the app, or user code, may customise). Its dictionary
cache goes to Zoo Desktop's cache folder when that can be created, else jieba's default.
"""

from __future__ import annotations

import logging
import threading
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # pragma: no cover
    import jieba

_lock = threading.Lock()
_tokenizer: "jieba.Tokenizer | None" = None


def tokenizer() -> "jieba.Tokenizer":
    global _tokenizer
    if _tokenizer is not None:
        return _tokenizer
    with _lock:
        if _tokenizer is None:
            import jieba

            logging.getLogger("jieba").setLevel(logging.WARNING)
            jieba.default_logger.setLevel(logging.WARNING)
            tk = jieba.Tokenizer()
            try:
                from zoo_desktop.paths import ZooPaths

                cache = ZooPaths.from_env().cache
                cache.mkdir(parents=True, exist_ok=True)
                tk.tmp_dir = str(cache)
            except Exception:  # no writable cache folder: jieba's temp-dir default is fine
                pass
            tk.initialize()
            _tokenizer = tk
    return _tokenizer


def cut(text: str) -> list[str]:
    return list(tokenizer().cut(text, HMM=False))
