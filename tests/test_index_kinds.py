"""The FAISS index kind chosen by size, the recall of the approximate kinds against exact search, and their
parameters kept by save and load (real FAISS on synthetic clustered vectors; no encoder)."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest

from embeddings import IndexConfig, PassageIndex
from embeddings.index_store import AUTO_APPROXIMATE_FROM, read_manifest
from synthetic_vectors import QUERIES, clustered_vectors, synthetic_index


def recall_at_10(index: PassageIndex, queries: np.ndarray) -> float:
    """The share of the exact 10 nearest vectors of ``queries`` that ``index`` finds."""
    exact = np.argsort(-(queries @ index.vectors.T), axis=1)[:, :10]
    found = [[i for i, _ in hits] for hits in index.search(queries, 10)]
    return float(np.mean([len(set(f) & set(e)) / 10 for f, e in zip(found, exact)]))


def test_auto_searches_exactly_below_the_threshold_and_with_ivf_from_it() -> None:
    assert IndexConfig().resolved_kind(AUTO_APPROXIMATE_FROM - 1) == "flat"
    resolved = IndexConfig().resolved(1_000_000)
    assert (resolved.kind, resolved.ivf_lists) == ("ivf", 4000)
    assert IndexConfig(kind="hnsw").resolved(1_000_000).ivf_lists is None
    assert IndexConfig(kind="ivf").resolved(3).ivf_lists == 3, "never more lists than vectors"
    assert IndexConfig(kind="ivf", ivf_lists=7).resolved(1_000_000).ivf_lists == 7


@pytest.mark.parametrize("wrong", [{"kind": "annoy"}, {"storage": "fp4"}, {"ivf_probes": 0},
                                   {"ivf_lists": -1}, {"hnsw_search_depth": 2.5}])
def test_wrong_parameters_are_refused(wrong: dict) -> None:
    with pytest.raises(ValueError):
        IndexConfig(**wrong)


def test_the_kind_chosen_at_the_threshold_finds_what_exact_search_finds() -> None:
    vectors = clustered_vectors(AUTO_APPROXIMATE_FROM + QUERIES)
    index = synthetic_index(vectors[QUERIES:], IndexConfig())
    assert index.kind == "ivf"
    assert recall_at_10(index, vectors[:QUERIES]) >= 0.95


def test_hnsw_finds_what_exact_search_finds() -> None:
    vectors = clustered_vectors(4000 + QUERIES)
    index = synthetic_index(vectors[QUERIES:], IndexConfig(kind="hnsw"))
    assert recall_at_10(index, vectors[:QUERIES]) >= 0.95


def test_the_parameters_are_saved_and_restored(tmp_path: Path) -> None:
    index = synthetic_index(clustered_vectors(500), IndexConfig(kind="ivf", ivf_lists=8, ivf_probes=3))
    index.save(tmp_path)
    loaded = PassageIndex.load(tmp_path)
    assert read_manifest(tmp_path).index_config == {**IndexConfig().__dict__, "kind": "ivf", "ivf_lists": 8,
                                                    "ivf_probes": 3}
    assert loaded.config == IndexConfig(kind="ivf", ivf_lists=8, ivf_probes=3)
    assert loaded._faiss.nprobe == 3
    assert loaded.search(index.vectors[:5], 1) == index.search(index.vectors[:5], 1)


def test_an_index_saved_before_the_parameters_loads_with_its_kind_and_float32_vectors(tmp_path: Path) -> None:
    synthetic_index(clustered_vectors(100), IndexConfig(kind="flat")).save(tmp_path)
    manifest_path = tmp_path / (tmp_path / "CURRENT").read_text() / "manifest.json"
    manifest = json.loads(manifest_path.read_text())
    del manifest["index_config"]
    manifest_path.write_text(json.dumps(manifest))
    assert PassageIndex.load(tmp_path).config == IndexConfig(kind="flat", storage="float32")
