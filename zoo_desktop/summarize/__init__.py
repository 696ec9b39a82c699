"""Model-free summarization: sentence splitting and a built-in extractive summarizer."""

from zoo_desktop.summarize.extractive import ExtractiveSummary, lead_baseline, summarize_extractive
from zoo_desktop.summarize.sentences import Sentence, sentence_texts, split_sentences

__all__ = [
    "ExtractiveSummary",
    "Sentence",
    "lead_baseline",
    "sentence_texts",
    "split_sentences",
    "summarize_extractive",
]
