"""From start/end logits of windows to ranked answer spans with calibrated probabilities.

Each window is one softmax over its candidate spans (span logit = start + end logit) and its own
``<s>`` no-answer logit, divided by a temperature fitted on the valid sets: a span's score is the
probability that it, and not another span or "no answer", is the answer in that window. Scores of
different windows and contexts are therefore on one scale. A context may carry a weight (the
assistant discounts lower-ranked passages), which multiplies its spans' probabilities. The same
span seen by two overlapping windows is one event (the larger probability); different spans with
the same normalised text are one answer, scored by noisy-or of their probabilities; a span that
overlaps a better one is dropped. A span never crosses a line break: in news articles that would
join two paragraphs.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from qa.metrics import normalize_answer
from qa.reader.config import ReaderConfig
from qa.reader.windows import Window


@dataclass(frozen=True)
class Span:
    """An answer: ``text == contexts[context_index][start:end]`` (character offsets), probability ``score``."""

    context_index: int
    start: int
    end: int
    text: str
    score: float


@dataclass(frozen=True)
class ReaderResult:
    """Answers best first, the probability that none of the contexts answers, the decision to abstain, and
    how many tokens the model read to decide (the size of every window, question included)."""

    spans: list[Span]
    no_answer_score: float
    abstained: bool
    tokens_read: int = 0

    @property
    def answer(self) -> Span | None:
        """The best span, or None when the reader abstains."""
        return None if self.abstained or not self.spans else self.spans[0]


@dataclass(frozen=True)
class ScoredWindow:
    """A window of one context together with the model's start and end logits for it."""

    context_index: int
    window: Window
    start_logits: np.ndarray
    end_logits: np.ndarray


def top_token_spans(
    start_logits: np.ndarray, end_logits: np.ndarray, first: int, last: int, max_answer_tokens: int, k: int
) -> list[tuple[int, int, float]]:
    """The ``k`` best ``(start, end, start_logit + end_logit)`` with ``first <= start <= end <= last``
    and at most ``max_answer_tokens`` tokens, best first."""
    starts = start_logits[first : last + 1]
    ends = end_logits[first : last + 1]
    scores = starts[:, None] + ends[None, :]
    length = np.arange(len(ends))[None, :] - np.arange(len(starts))[:, None]
    scores = np.where((length >= 0) & (length < max_answer_tokens), scores, -np.inf)
    flat = scores.ravel()
    k = min(k, int(np.isfinite(flat).sum()))
    best = np.argpartition(-flat, k - 1)[:k]
    best = best[np.argsort(-flat[best])]
    return [(first + int(i) // len(ends), first + int(i) % len(ends), float(flat[i])) for i in best]


def _joins_word(context: str, at: int) -> bool:
    """True when ``context[at]`` is part of a word: a letter or digit, or a hyphen or apostrophe between word
    characters, or a point, comma or slash between digits ("Kassym-Jomart", "8.000", "57,8", "5/3")."""
    char = context[at]
    if char.isalnum():
        return True
    if 0 < at < len(context) - 1 and context[at - 1].isalnum() and context[at + 1].isalnum():
        return char in "-'’" or (char in ".,/" and context[at - 1].isdigit() and context[at + 1].isdigit())
    return False


def whole_words(context: str, start: int, end: int) -> tuple[int, int]:
    """``(start, end)`` widened so that it neither starts nor ends inside a word or a hyphenated name:
    "Jomart Tokayev" in "Kassym-Jomart Tokayev" becomes the whole name."""
    while start > 0 and _joins_word(context, start - 1) and _joins_word(context, start):
        start -= 1
    while end < len(context) and _joins_word(context, end) and _joins_word(context, end - 1):
        end += 1
    return start, end


def _is_initial(context: str, start: int, end: int) -> bool:
    """True when ``context[start:end]`` ends in a single letter and its point ("S.H.", "Joko W.")."""
    return (context[end - 1] == "." and end - 2 >= start and context[end - 2].isalpha()
            and (end - 3 < start or not context[end - 3].isalpha()))


def char_span(window: Window, context: str, start_token: int, end_token: int) -> tuple[int, int]:
    """Character offsets of a token span in ``context``: surrounding whitespace trimmed, widened to whole words
    (see :func:`whole_words`), without the sentence's punctuation at its end ("Senin (2/10)." is "Senin (2/10)";
    an initial keeps its point, "S.H."), and a bracket left open closed when the context closes it next ("Sabtu (5/3"
    becomes "Sabtu (5/3)"), else dropped; a closing bracket the span never opened is dropped ("Jepang)" of
    "Kimura (Jepang)" is "Jepang")."""
    start, end = window.offsets[start_token][0], window.offsets[end_token][1]
    while start < end and context[start].isspace():
        start += 1
    end = _without_trailing_space(context, start, end)
    if end > start:
        start, end = whole_words(context, start, end)
    while end > start and context[end - 1] in ".,;:" and not _is_initial(context, start, end):
        end -= 1
    opened, closed = context.count("(", start, end), context.count(")", start, end)
    if opened > closed:
        if context[end : end + 1] == ")":
            end += 1
        elif context[start : start + 1] == "(":
            start += 1
    elif closed > opened and context[end - 1 : end] == ")":
        end = _without_trailing_space(context, start, end - 1)
    return start, end


def _without_trailing_space(context: str, start: int, end: int) -> int:
    """``end`` moved back over the whitespace that ends ``context[start:end]``."""
    while end > start and context[end - 1].isspace():
        end -= 1
    return end


def decode(scored: Sequence[ScoredWindow], contexts: Sequence[str], config: ReaderConfig, top_n: int = 5,
           context_weights: Sequence[float] | None = None) -> ReaderResult:
    """Rank answers over all windows of all contexts (see the module docstring for the scoring).

    ``context_weights[i]`` (default 1) multiplies the probabilities of the spans of ``contexts[i]``.
    """
    if not scored:
        return ReaderResult(spans=[], no_answer_score=1.0, abstained=True)
    weights = list(context_weights) if context_weights is not None else [1.0] * len(contexts)
    probabilities: dict[tuple[int, int, int], float] = {}
    null_probabilities = []
    for item in scored:
        keys, logits = _window_candidates(item, contexts[item.context_index], config)
        window_probabilities = _softmax(np.array(logits) / config.temperature)
        null_probabilities.append(float(window_probabilities[-1]))
        in_window: dict[tuple[int, int, int], float] = {}
        for key, probability in zip(keys, window_probabilities[:-1]):  # token spans shown as one text add up
            in_window[key] = in_window.get(key, 0.0) + float(probability)
        for key, probability in in_window.items():
            probabilities[key] = max(probabilities.get(key, 0.0), weights[item.context_index] * probability)
    ranked = _merge_by_text(probabilities, contexts)[:top_n]
    abstained = not ranked or ranked[0].score < config.threshold
    tokens = sum(len(item.window.input_ids) for item in scored)
    return ReaderResult(spans=ranked, no_answer_score=min(null_probabilities), abstained=abstained, tokens_read=tokens)


def _window_candidates(item: ScoredWindow, context: str,
                       config: ReaderConfig) -> tuple[list[tuple[int, int, int]], list[float]]:
    """The window's best spans as (context index, start, end) keys, and their logits followed by the no-answer logit;
    token spans shown as the same characters ("Senin (2/10)" with and without its full stop) each keep their logit,
    so that :func:`decode` adds up their probabilities."""
    keys, logits = [], []
    spans = top_token_spans(item.start_logits, item.end_logits, item.window.context_start, item.window.context_end,
                            config.max_answer_tokens, config.spans_per_window)
    for start_token, end_token, logit in spans:
        start, end = char_span(item.window, context, start_token, end_token)
        key = (item.context_index, start, end)
        if end > start and "\n" not in context[start:end]:
            keys.append(key)
            logits.append(logit)
    return keys, logits + [float(item.start_logits[0] + item.end_logits[0])]


def _softmax(logits: np.ndarray) -> np.ndarray:
    exponentials = np.exp(logits - logits.max())
    return exponentials / exponentials.sum()


def _merge_by_text(probabilities: dict[tuple[int, int, int], float], contexts: Sequence[str]) -> list[Span]:
    """One span per normalised text: its most probable occurrence, scored by noisy-or over the occurrences."""
    misses: dict[str, float] = {}
    representative: dict[str, tuple[float, tuple[int, int, int]]] = {}
    for key, probability in probabilities.items():
        context_index, start, end = key
        group = normalize_answer(contexts[context_index][start:end])
        if not group:
            continue
        misses[group] = misses.get(group, 1.0) * (1.0 - probability)
        if group not in representative or probability > representative[group][0]:
            representative[group] = (probability, key)
    spans = [
        Span(i, start, end, contexts[i][start:end], 1.0 - misses[group])
        for group, (_, (i, start, end)) in representative.items()
    ]
    return _without_overlaps(sorted(spans, key=lambda span: span.score, reverse=True))


def _without_overlaps(ranked: list[Span]) -> list[Span]:
    """``ranked`` less every span that overlaps a better one in the same context ("Tileuberdi" inside
    "Mukhtar Tileuberdi" is the same answer, not an alternative)."""
    kept: list[Span] = []
    for span in ranked:
        if not any(k.context_index == span.context_index and k.start < span.end and span.start < k.end for k in kept):
            kept.append(span)
    return kept
