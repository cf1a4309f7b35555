"""Synthetic passage vectors for index tests that need many of them but no encoder."""

from __future__ import annotations

import numpy as np

from corpus import ChunkingConfig, Document, Passage
from embeddings import IndexConfig, PassageIndex
from embeddings.encoder import EncoderInfo

DIMENSION = 64
ENCODER = EncoderInfo(name="synthetic", fingerprint="f" * 64, dimension=DIMENSION)
DOCUMENT = Document(id="doc", text="Berita sintetis.", title="Sintetis")
QUERIES = 200
"""Vectors held back from an index as its queries."""


def clustered_vectors(size: int) -> np.ndarray:
    """Unit vectors around ``size // 100`` random centres, like passages on topics (loose enough that a search of
    too few IVF lists or too shallow an HNSW search misses neighbours: recall 0.82 with one list of 894)."""
    rng = np.random.default_rng(0)
    centres = rng.standard_normal((max(1, size // 100), DIMENSION)).astype(np.float32)
    vectors = centres[rng.integers(0, len(centres), size)] + rng.standard_normal((size, DIMENSION), dtype=np.float32)
    return vectors / np.linalg.norm(vectors, axis=1, keepdims=True)


def synthetic_index(vectors: np.ndarray, config: IndexConfig) -> PassageIndex:
    """An index of one document whose passages have ``vectors``."""
    passages = [Passage(id=f"doc#{i}", document_id="doc", index=i, text="Berita sintetis.", start=0, end=16)
                for i in range(len(vectors))]
    return PassageIndex([DOCUMENT], passages, vectors, ENCODER, ChunkingConfig(), config)
