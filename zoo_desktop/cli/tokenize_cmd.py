"""`zoo tokenize` (filled in by the tokenizer work)."""

from __future__ import annotations

import argparse


def register(sub: "argparse._SubParsersAction[argparse.ArgumentParser]") -> None:
    return None
