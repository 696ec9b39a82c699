"""Pause Python's cyclic garbage collector while building large acyclic structures.

Building hundreds of thousands of small dicts and lists (jieba's dictionary, its trie, a batch of ids)
triggers full collections that walk every object in one C call while holding the GIL: up to ~0.1 s each,
during which the app's GUI thread cannot run. These structures hold no reference cycles, so nothing is lost.
Nested and concurrent users are counted: collection resumes when the last one leaves.
"""

from __future__ import annotations

import gc
import threading
from contextlib import contextmanager
from typing import Iterator

_lock = threading.Lock()
_depth = 0
_was_enabled = False


@contextmanager
def gc_paused() -> Iterator[None]:
    global _depth, _was_enabled
    with _lock:
        if _depth == 0:
            _was_enabled = gc.isenabled()
            gc.disable()
        _depth += 1
    try:
        yield
    finally:
        with _lock:
            _depth -= 1
            if _depth == 0 and _was_enabled:
                gc.enable()
