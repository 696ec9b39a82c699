"""Model-free evaluation: the generation metrics of T5 PEGASUS's finetune.py and classification metrics."""

from zoo_desktop.evaluation.metrics import (
    ClassificationReport,
    ClassScores,
    GenerationScores,
    RougeScore,
    accuracy,
    char_join,
    classification_report,
    evaluate_generation,
    rouge_l,
    rouge_n,
    rouge_scores,
    score_pair,
    sentence_bleu,
)

__all__ = [
    "ClassificationReport",
    "ClassScores",
    "GenerationScores",
    "RougeScore",
    "accuracy",
    "char_join",
    "classification_report",
    "evaluate_generation",
    "rouge_l",
    "rouge_n",
    "rouge_scores",
    "score_pair",
    "sentence_bleu",
]
