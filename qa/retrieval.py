"""Find the passages most likely to answer a question: dense (FAISS), BM25, and their fusion."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from corpus import Passage
from embeddings import Encoder, PassageIndex
from embeddings.lexical import BM25Search

RetrievalMode = Literal["dense", "bm25", "hybrid"]
RRF_K = 60
CANDIDATES_PER_RETRIEVER = 50


@dataclass(frozen=True)
class RetrievedPassage:
    """A passage with the fused score and its rank in each retriever (None: not retrieved there)."""

    passage: Passage
    score: float
    dense_rank: int | None = None
    bm25_rank: int | None = None


class Retriever:
    """Dense retrieval, BM25, or both fused by reciprocal rank (the default)."""

    def __init__(self, index: PassageIndex, encoder: Encoder, mode: RetrievalMode = "hybrid") -> None:
        if mode not in ("dense", "bm25", "hybrid"):
            raise ValueError(f"retrieval mode must be dense, bm25 or hybrid, not {mode!r}")
        self.index = index
        self.encoder = encoder
        self.mode = mode
        self._bm25: BM25Search | None = None

    def warm_up(self) -> None:
        """Load the encoder and the BM25 index (both once)."""
        self.encoder.warm_up()
        if self._bm25 is None and self.mode != "dense":
            self._bm25 = self.index.lexical

    def retrieve(self, question: str, top_k: int) -> list[RetrievedPassage]:
        """The ``top_k`` best passages for ``question``, best first."""
        self.warm_up()
        depth = max(top_k, CANDIDATES_PER_RETRIEVER)
        dense = self._dense(question, depth) if self.mode != "bm25" else []
        sparse = self._bm25.search(question, depth) if self.mode != "dense" else []
        if self.mode == "dense":
            ranked = dense
        elif self.mode == "bm25":
            ranked = sparse
        else:
            ranked = reciprocal_rank_fusion([dense, sparse])
        dense_ranks = {i: r for r, (i, _) in enumerate(dense, 1)}
        bm25_ranks = {i: r for r, (i, _) in enumerate(sparse, 1)}
        return [
            RetrievedPassage(self.index.passages[i], score, dense_ranks.get(i), bm25_ranks.get(i))
            for i, score in ranked[:top_k]
        ]

    def _dense(self, question: str, k: int) -> list[tuple[int, float]]:
        return self.index.search(self.encoder.encode_queries([question]), k)[0]


def reciprocal_rank_fusion(rankings: list[list[tuple[int, float]]], k: int = RRF_K) -> list[tuple[int, float]]:
    """Fuse ranked lists of (item, score) by summing 1 / (k + rank); best first.

    Equal fused scores (common in small corpora, where one retriever's first is the other's
    third and vice versa) are ordered by the sum of min-max normalised original scores.
    """
    fused: dict[int, float] = {}
    agreement: dict[int, float] = {}
    for ranking in rankings:
        scores = [score for _, score in ranking]
        low, spread = (min(scores), max(scores) - min(scores)) if scores else (0.0, 0.0)
        for rank, (item, score) in enumerate(ranking, 1):
            fused[item] = fused.get(item, 0.0) + 1.0 / (k + rank)
            agreement[item] = agreement.get(item, 0.0) + ((score - low) / spread if spread else 1.0)
    order = sorted(fused, key=lambda item: (-round(fused[item], 12), -agreement[item], item))
    return [(item, fused[item]) for item in order]
