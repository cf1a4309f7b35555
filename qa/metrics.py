"""SQuAD-style answer metrics: normalisation, exact match and token F1 against several gold answers.

An empty prediction means "no answer"; an empty gold list means the question is unanswerable,
which scores 1 exactly when the prediction is empty.
"""

from __future__ import annotations

import re
import string
from collections import Counter
from collections.abc import Iterable, Sequence

_PUNCTUATION = set(string.punctuation) | {"“", "”", "‘", "’", "–", "—", "«", "»", "…"}


def normalize_answer(text: str) -> str:
    """Lower case, punctuation removed, whitespace collapsed to single spaces."""
    text = "".join(ch for ch in text.lower() if ch not in _PUNCTUATION)
    return re.sub(r"\s+", " ", text).strip()


def exact_match(prediction: str, golds: Sequence[str]) -> float:
    """1.0 if the normalised prediction equals a normalised gold answer (or both are empty), else 0.0."""
    if not golds:
        return float(prediction == "")
    predicted = normalize_answer(prediction)
    return float(any(predicted == normalize_answer(gold) for gold in golds))


def f1_score(prediction: str, golds: Sequence[str]) -> float:
    """Best token-overlap F1 of the prediction against the gold answers; unanswerable: 1.0 iff empty."""
    if not golds:
        return float(prediction == "")
    return max(_token_f1(prediction, gold) for gold in golds)


def _token_f1(prediction: str, gold: str) -> float:
    predicted = normalize_answer(prediction).split()
    expected = normalize_answer(gold).split()
    if not predicted or not expected:
        return float(predicted == expected)
    common = sum((Counter(predicted) & Counter(expected)).values())
    if common == 0:
        return 0.0
    precision = common / len(predicted)
    recall = common / len(expected)
    return 2 * precision * recall / (precision + recall)


def share(part: float, whole: int, digits: int = 2) -> float | None:
    """``part`` of ``whole`` in percent, rounded to ``digits`` decimals; None when ``whole`` is 0."""
    return round(100 * part / whole, digits) if whole else None


def percent(values: Sequence[float], digits: int = 2) -> float | None:
    """The mean of ``values`` (each 0–1) in percent (see :func:`share`); None when there are none."""
    return share(sum(values), len(values), digits)


def answer_figures(scored: Iterable[tuple[str, Sequence[str]]], digits: int = 2) -> dict:
    """``exact_match`` and ``f1`` (percent with ``digits`` decimals, see :func:`percent`) and the number of
    ``questions`` over ``(prediction, golds)`` pairs: the one aggregation of EM/F1 every evaluation reports."""
    scored = list(scored)
    return {
        "exact_match": percent([exact_match(prediction, golds) for prediction, golds in scored], digits),
        "f1": percent([f1_score(prediction, golds) for prediction, golds in scored], digits),
        "questions": len(scored),
    }
