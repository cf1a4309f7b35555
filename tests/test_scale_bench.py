"""``tanya bench --scale``: noisy copies of passage vectors, and the whole bench on a small synthetic index (real
FAISS, BM25 and a serving subprocess; no encoder)."""

from __future__ import annotations

from pathlib import Path

import numpy as np

from embeddings import IndexConfig
from qa.scale_bench import noisy_copies, scale_benchmark
from synthetic_vectors import clustered_vectors, synthetic_index


def test_noisy_copies_are_unit_vectors_near_their_source() -> None:
    source = clustered_vectors(50)
    rows = np.arange(100_000) % 50  # more than one chunk
    copies = noisy_copies(source, rows, 0.02, np.random.default_rng(0))
    assert copies.shape == (100_000, source.shape[1])
    np.testing.assert_allclose(np.linalg.norm(copies, axis=1), 1.0, atol=1e-5)
    similarity = np.einsum("ij,ij->i", copies, source[rows])
    assert 0.9 < similarity.min() and similarity.max() < 1.0


def test_the_bench_builds_serves_and_measures_an_index(tmp_path: Path) -> None:
    synthetic_index(clustered_vectors(300), IndexConfig()).save(tmp_path)
    figures = scale_benchmark(tmp_path, 2_000, queries=20)
    assert (figures["passages"], figures["archive_passages"]) == (2_000, 300)
    assert figures["serving.index_kind"] == "flat"
    assert figures["serving.recall@10"] == 1.0, "exact search finds the exact neighbours"
    assert 0 < figures["serving.rss_mb"] <= figures["serving.peak_rss_mb"]
    assert figures["serving.dense_ms_p50"] <= figures["serving.dense_ms_p95"]
