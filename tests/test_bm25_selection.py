"""Choosing BM25's best passages among the positive scores only (pure logic)."""

from __future__ import annotations

import numpy as np

from embeddings.lexical import best_positive


def test_the_best_positive_scores_come_best_first_and_ties_by_position() -> None:
    scores = np.array([0.0, 2.0, 0.0, 3.0, 2.0, 0.5, 0.0], dtype=np.float32)
    assert best_positive(scores, 3) == [(3, 3.0), (1, 2.0), (4, 2.0)]
    assert best_positive(scores, 10) == [(3, 3.0), (1, 2.0), (4, 2.0), (5, 0.5)]


def test_no_positive_score_finds_nothing() -> None:
    assert best_positive(np.zeros(1000, dtype=np.float32), 5) == []
