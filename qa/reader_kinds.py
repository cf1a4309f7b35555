"""The reader kinds (`Settings.reader_kind`) that pick the answer in retrieved passages: the protocol both follow,
the sentence reader, and the loader of either; the span reader itself is the package :mod:`qa.reader`."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Protocol

import numpy as np

from corpus import split_sentences
from embeddings import Encoder
from embeddings.lexical import content_terms
from qa.config import READERS, Settings

if TYPE_CHECKING:  # the span reader pulls in its engine: import it only when used
    from qa.reader import ReaderResult, SpanReader


class Reader(Protocol):
    """What the assistant needs from a reader."""

    def warm_up(self) -> None:
        """Load models now."""

    def read(self, question: str, contexts: Sequence[str], top_n: int = 5,
             context_weights: Sequence[float] | None = None) -> ReaderResult:
        """Best answer spans over ``contexts`` (scores scaled by ``context_weights``), with character offsets."""


class SentenceReader:
    """An honest sentence-level extractive reader.

    Every sentence of the retrieved passages is scored by embedding similarity to the
    question (rescaled from e5's narrow cosine range) blended with the share of the
    question's content words it contains; the best sentence is the answer, and the reader
    abstains below ``threshold``.
    """

    COSINE_FLOOR, COSINE_SPAN = 0.75, 0.15
    SEMANTIC_WEIGHT = 0.6

    def __init__(self, encoder: Encoder, threshold: float = 0.45) -> None:
        self.encoder = encoder
        self.threshold = threshold

    def warm_up(self) -> None:
        """Load the encoder."""
        self.encoder.warm_up()

    def read(self, question: str, contexts: Sequence[str], top_n: int = 5,
             context_weights: Sequence[float] | None = None) -> ReaderResult:
        """Score every sentence of ``contexts`` (scaled by ``context_weights``); spans are whole sentences, best first."""
        from qa.reader import ReaderResult, Span

        candidates = [(i, s, e) for i, text in enumerate(contexts) for s, e in split_sentences(text)]
        if not candidates:
            return ReaderResult(spans=[], no_answer_score=1.0, abstained=True)
        sentences = [contexts[i][s:e] for i, s, e in candidates]
        similarity = self.encoder.encode_passages(sentences) @ self.encoder.encode_queries([question])[0]
        semantic = np.clip((similarity - self.COSINE_FLOOR) / self.COSINE_SPAN, 0.0, 1.0)
        wanted = content_terms(question)
        lexical = np.array([len(wanted & content_terms(s)) / max(len(wanted), 1) for s in sentences])
        scores = self.SEMANTIC_WEIGHT * semantic + (1 - self.SEMANTIC_WEIGHT) * lexical
        if context_weights is not None:
            scores *= np.array([context_weights[i] for i, _, _ in candidates])
        order = np.argsort(-scores, kind="stable")[:top_n]
        spans = [
            Span(context_index=candidates[k][0], start=candidates[k][1], end=candidates[k][2],
                 text=sentences[k], score=float(scores[k]))
            for k in order
        ]
        best = spans[0].score
        return ReaderResult(spans=spans, no_answer_score=1.0 - best, abstained=best < self.threshold)


def load_span_reader(settings: Settings) -> "SpanReader":
    """The trained span reader: ``settings.reader_path`` if set, else the one shipped in the repository."""
    from qa.reader import SpanReader

    return SpanReader.from_pretrained(settings.reader_path, settings.cache_dir, settings.engine, settings.threads)


def load_reader(settings: Settings, encoder: Encoder) -> Reader:
    """The reader ``settings.reader_kind`` names: ``"span"``, the trained span reader (see
    :func:`load_span_reader`); ``"sentence"``, the sentence reader over ``encoder``."""
    if settings.reader_kind == "span":
        return load_span_reader(settings)
    if settings.reader_kind == "sentence":
        return SentenceReader(encoder)
    raise ValueError(f"reader must be one of {READERS}, not {settings.reader_kind!r}")
