"""A token budget per question: which retrieved passages the reader reads, and how much of each.

The assistant weights the reader's answers in the passage at retrieval rank r by exp(-r) (see
``PASSAGE_RANK_DECAY``), so passages far down the list rarely change the answer: by default the first
two are read, whole. A budget may also cut each passage to the run of sentences that shares most words
with the question. The defaults come from F1, right articles and declined questions against tokens read,
on the open-domain pool and on our own questions over the news (README, "Token budget").
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from corpus import split_sentences
from embeddings.lexical import content_terms

_WORD = re.compile(r"\S+")


@dataclass(frozen=True)
class ReadingBudget:
    """At most ``passages`` passages are read, each cut to its best ``words_per_passage`` words (None: whole)."""

    passages: int = 2
    words_per_passage: int | None = None

    def __post_init__(self) -> None:
        if self.passages < 1:
            raise ValueError(f"passages must be at least 1, not {self.passages}")
        if self.words_per_passage is not None and self.words_per_passage < 1:
            raise ValueError(f"words_per_passage must be at least 1 or None, not {self.words_per_passage}")


@dataclass(frozen=True)
class Excerpt:
    """What the reader reads of one passage: ``passage_text[start:start + len(text)] == text``."""

    passage_index: int
    start: int
    text: str


def plan_reading(question: str, passages: Sequence[str], budget: ReadingBudget) -> list[Excerpt]:
    """The excerpts of the first ``budget.passages`` passages that the reader should read, in rank order."""
    wanted = content_terms(question)
    excerpts = []
    for index, text in enumerate(passages[: budget.passages]):
        start, end = (0, len(text)) if budget.words_per_passage is None else focus(
            text, wanted, budget.words_per_passage)
        excerpts.append(Excerpt(index, start, text[start:end]))
    return excerpts


def focus(text: str, wanted: set[str], max_words: int) -> tuple[int, int]:
    """The character span of the run of whole sentences of ``text``, at most ``max_words`` words long, that
    contains most of the ``wanted`` (stemmed) words; ties go to the longer, then the earlier run. A sentence longer
    than ``max_words`` is returned whole; a text that fits is returned whole."""
    sentences = split_sentences(text)
    words = [len(_WORD.findall(text, s, e)) for s, e in sentences]
    if not sentences or sum(words) <= max_words:
        return 0, len(text)
    terms = [content_terms(text[s:e]) & wanted for s, e in sentences]
    best, best_key = (0, 1), None
    for first in range(len(sentences)):
        covered, count = set(), 0
        for last in range(first, len(sentences)):
            count += words[last]
            if count > max_words and last > first:
                break
            covered |= terms[last]
            key = (len(covered), last - first, -first)
            if best_key is None or key > best_key:
                best, best_key = (first, last + 1), key
            if count > max_words:
                break
    return sentences[best[0]][0], sentences[best[1] - 1][1]
