"""Cut documents into overlapping, sentence-aligned passages for retrieval."""

from __future__ import annotations

import re

from corpus.sentences import split_sentences
from corpus.types import ChunkingConfig, Document, Passage

_WORD = re.compile(r"\S+")

Span = tuple[int, int]


def split_passages(document: Document, config: ChunkingConfig = ChunkingConfig()) -> list[Passage]:
    """Split a document into passages of whole sentences, at most ``config.max_words`` words each.

    Sentences are packed greedily; each passage after the first starts with the last
    ``config.overlap_sentences`` sentences of the previous one (fewer if they would leave no room
    for a new sentence). A final passage shorter than ``config.min_words`` reaches back into
    earlier sentences. Only a sentence longer than ``max_words`` is cut, at word boundaries.
    Passage ids are ``f"{document.id}#{index}"``; ``passage.text == document.text[start:end]``.
    """
    units = _units(document.text, config.max_words)
    counts = [_count_words(document.text, start, end) for start, end in units]
    passages = []
    for index, (first, last) in enumerate(_windows(counts, config)):
        start, end = units[first][0], units[last - 1][1]
        passages.append(
            Passage(
                id=f"{document.id}#{index}",
                document_id=document.id,
                index=index,
                text=document.text[start:end],
                start=start,
                end=end,
            )
        )
    return passages


def _count_words(text: str, start: int, end: int) -> int:
    return sum(1 for _ in _WORD.finditer(text, start, end))


def _units(text: str, max_words: int) -> list[Span]:
    """Sentence spans, with sentences longer than ``max_words`` cut into word-boundary pieces."""
    units: list[Span] = []
    for start, end in split_sentences(text):
        words = [match.span() for match in _WORD.finditer(text, start, end)]
        for i in range(0, len(words), max_words):
            piece = words[i : i + max_words]
            units.append((piece[0][0], piece[-1][1]))
    return units


def _windows(counts: list[int], config: ChunkingConfig) -> list[Span]:
    """Group unit indices into ``[first, last)`` windows of at most ``max_words`` words."""
    windows: list[Span] = []
    first = 0
    while first < len(counts):
        last, total = first + 1, counts[first]
        while last < len(counts) and total + counts[last] <= config.max_words:
            total += counts[last]
            last += 1
        windows.append((first, last))
        if last == len(counts):
            break
        first = _next_first(counts, first, last, config)
    if len(windows) > 1:
        windows[-1] = _topped_up(counts, windows[-2][0], windows[-1], config)
    return windows


def _next_first(counts: list[int], first: int, last: int, config: ChunkingConfig) -> int:
    """Start of the window after ``[first, last)``: repeat up to ``overlap_sentences`` units,
    as long as the next unit still fits and the new window starts after ``first``."""
    for overlap in range(min(config.overlap_sentences, last - first - 1), 0, -1):
        if sum(counts[last - overlap : last + 1]) <= config.max_words:
            return last - overlap
    return last


def _topped_up(counts: list[int], previous_first: int, window: Span, config: ChunkingConfig) -> Span:
    """Extend a short final window backwards (not past the previous window's start) to reach
    ``min_words`` without exceeding ``max_words``."""
    first, last = window
    total = sum(counts[first:last])
    while (
        total < config.min_words
        and first - 1 > previous_first
        and total + counts[first - 1] <= config.max_words
    ):
        first -= 1
        total += counts[first]
    return first, last
