"""Checks and cleaning of what ``Assistant.ask`` is given: the question, ``top_k`` and the history."""

from __future__ import annotations

import numbers
import unicodedata
import warnings
from collections.abc import Sequence

from corpus import has_lone_surrogates

MAX_QUESTION_CHARS = 1000
DEFAULT_TOP_K = 5
"""Passages retrieved per question unless the settings say otherwise (``Settings.top_k``)."""


class InvalidQuestionError(ValueError):
    """The question (or an earlier question of the history) is not text the assistant can read."""


class EmptyQuestionError(InvalidQuestionError):
    """The question is empty, or only whitespace and invisible characters."""


def clean_text(text: str, what: str = "question") -> str:
    """``text`` without invisible format characters (zero-width spaces, BOM, bidi marks), control
    characters as spaces, stripped; raises :class:`InvalidQuestionError` on lone surrogates."""
    if not isinstance(text, str):
        raise TypeError(f"{what} must be a str, not {type(text).__name__}")
    if has_lone_surrogates(text):
        raise InvalidQuestionError(
            f"{what} is not valid Unicode text: it holds lone surrogates (from bytes that are not UTF-8?)"
        )
    kept = (" " if unicodedata.category(c) == "Cc" else c for c in text if unicodedata.category(c) != "Cf")
    return "".join(kept).strip()


def prepare_question(question: str) -> str:
    """Clean ``question`` (see :func:`clean_text`); raise on empty, cut (with a warning) beyond 1,000 characters."""
    question = clean_text(question)
    if not question:
        raise EmptyQuestionError("question is empty")
    if len(question) > MAX_QUESTION_CHARS:
        warnings.warn(
            f"question has {len(question)} characters; only the first {MAX_QUESTION_CHARS} are used",
            stacklevel=3,
        )
        question = question[:MAX_QUESTION_CHARS].rstrip()
    return question


def prepare_history(history: Sequence[str]) -> list[str]:
    """The earlier questions of a conversation, cleaned; empty ones are dropped."""
    if isinstance(history, str | bytes) or not isinstance(history, Sequence):
        raise TypeError(f"history must be a sequence of earlier questions (str), not {type(history).__name__}")
    cleaned = (clean_text(item, f"history item {i}") for i, item in enumerate(history))
    return [item for item in cleaned if item]


def check_top_k(top_k: int) -> int:
    """``top_k`` if it is an int of at least 1."""
    if isinstance(top_k, bool) or not isinstance(top_k, numbers.Integral):
        raise TypeError(f"top_k must be an int, not {type(top_k).__name__} ({top_k!r})")
    if top_k < 1:
        raise ValueError(f"top_k must be at least 1, not {top_k}")
    return int(top_k)
