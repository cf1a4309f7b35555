"""Reader outputs made by hand for unit tests of decoding and calibration: one token per word, chosen logits."""

from __future__ import annotations

import re

import numpy as np

from qa.reader.decoding import ScoredWindow
from qa.reader.windows import Window

LOW = -10.0
"""The logit of every position a test does not name."""


def word_window(context: str, pair_index: int = 0) -> Window:
    """A window over all of ``context``: ``<s>`` at position 0, then one token per word (no question tokens)."""
    offsets = [(0, 0)] + [match.span() for match in re.finditer(r"\S+", context)]
    return Window(pair_index=pair_index, input_ids=[0] * len(offsets), offsets=offsets, context_start=1,
                  context_end=len(offsets) - 1)


def token_of(context: str, word: str, occurrence: int = 0) -> int:
    """The position of ``word`` (its ``occurrence``-th appearance) in :func:`word_window`'s tokens."""
    words = re.findall(r"\S+", context)
    return [i for i, w in enumerate(words) if w == word][occurrence] + 1


def scored_window(context: str, starts: dict[str, float], ends: dict[str, float], no_answer: float = LOW,
                  context_index: int = 0) -> ScoredWindow:
    """The window of ``context`` with start logits ``starts[word]``, end logits ``ends[word]`` (first occurrences),
    :data:`LOW` elsewhere, and ``no_answer`` split between the start and end logits of ``<s>``."""
    window = word_window(context)
    start_logits = np.full(len(window.offsets), LOW, dtype=np.float32)
    end_logits = np.full(len(window.offsets), LOW, dtype=np.float32)
    start_logits[0] = end_logits[0] = no_answer / 2
    for word, logit in starts.items():
        start_logits[token_of(context, word)] = logit
    for word, logit in ends.items():
        end_logits[token_of(context, word)] = logit
    return ScoredWindow(context_index, window, start_logits, end_logits)
