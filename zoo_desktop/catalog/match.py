"""Match a detected release to a catalog card by architecture and sizes."""

from __future__ import annotations

from typing import Any

from zoo_desktop.catalog.cards import Catalog, ModelCard


def _dims(family: str, config: dict[str, Any]) -> dict[str, Any]:
    H = config.get("hidden_size")
    A = config.get("num_attention_heads") or 1
    if family == "t5":
        keys = ("hidden_size", "num_hidden_layers", "num_attention_heads", "intermediate_size", "vocab_size")
        dims = {k: config.get(k) for k in keys}
        dims["attention_head_size"] = config.get("attention_head_size", (H or 0) // A)
        return dims
    keys = ("hidden_size", "num_hidden_layers", "num_attention_heads", "intermediate_size", "vocab_size")
    dims = {k: config.get(k) for k in keys}
    dims["embedding_size"] = config.get("embedding_size", H)
    dims["attention_key_size"] = config.get("attention_key_size", (H or 0) // A)
    return dims


def card_matches(card: ModelCard, family: str, config: dict[str, Any]) -> bool:
    return card.family == family and _dims(card.family, card.config) == _dims(family, config)


def match_card(catalog: Catalog, family: str, config: dict[str, Any]) -> ModelCard | None:
    for card in catalog:
        if card_matches(card, family, config):
            return card
    return None
