"""``tanya bench --scale N``: an index of N synthetic passages built, saved, loaded by a serving process and timed.

The N passages are made from the archive's index without encoding anything: each is an archive passage
(its text reused for BM25) whose vector gets Gaussian noise of standard deviation ``noise`` per
dimension and is renormalised (0.02: cosine 0.93 to the original, 0.87 between two copies of one
passage, while an archive passage's nearest other passage is at 0.93). Query vectors are made the same
way from other draws; the questions BM25 searches for are the hand-written ones of ``tanya bench``
(:data:`qa.benchmark.BUNDLED_QUESTIONS`), in turn (a passage's own opening words, "Jakarta, Kompas.com -"
and the like, hit terms of half the archive and made BM25 ten times slower than questions do).

The build is measured in this process (dense and BM25 seconds, resident memory); the index is then
saved, and a fresh process that only loads it and searches reports what serving costs: load seconds,
resident memory, retrieval p50/p95 one question at a time (dense alone, and hybrid: dense + BM25 fused by reciprocal rank),
and recall@10 of the index against exact (flat) search.
"""

from __future__ import annotations

import dataclasses
import json
import statistics
import subprocess
import sys
import tempfile
import time
from itertools import cycle, islice
from pathlib import Path

import numpy as np

from embeddings import IndexConfig, PassageIndex
from embeddings.engine import cpu_info
from qa.benchmark import BUNDLED_QUESTIONS
from qa.question_set import load_questions
from qa.retrieval import CANDIDATES_PER_RETRIEVER, reciprocal_rank_fusion

NOISE = 0.02
QUERIES = 200
RECALL_AT = 10
SEARCH_THREADS = 1
"""FAISS threads of the serving process: one query at a time gains nothing from OpenMP, and on two busy cores its
threads wait for each other (a flat search of 20k vectors: p50 0.9 ms with one thread, 11 ms with two)."""
CHUNK = 65_536
"""Vectors generated at a time: noise is drawn chunk by chunk, never for all N at once."""


def resident_mb() -> dict[str, float]:
    """This process's resident memory now, at its peak, and the part of it not backed by files (VmRSS, VmHWM,
    RssAnon), in MB."""
    fields = dict(line.split(":", 1) for line in Path("/proc/self/status").read_text().splitlines() if ":" in line)
    keys = (("now", "VmRSS"), ("peak", "VmHWM"), ("anonymous", "RssAnon"))
    return {name: round(int(fields[key].split()[0]) / 1024, 1) for name, key in keys}


def noisy_copies(source: np.ndarray, rows: np.ndarray, noise: float, rng: np.random.Generator) -> np.ndarray:
    """``source[rows]`` plus Gaussian noise of standard deviation ``noise``, renormalised; made chunk by chunk."""
    copies = np.empty((len(rows), source.shape[1]), dtype=np.float32)
    for start in range(0, len(rows), CHUNK):
        block = source[rows[start:start + CHUNK]]
        block += noise * rng.standard_normal(block.shape, dtype=np.float32)
        block /= np.linalg.norm(block, axis=1, keepdims=True)
        copies[start:start + CHUNK] = block
    return copies


def synthetic_index(archive: PassageIndex, size: int, config: IndexConfig, noise: float,
                    rng: np.random.Generator) -> tuple[PassageIndex, dict]:
    """An index of ``size`` noisy copies of ``archive``'s passages and the seconds its dense and BM25 parts took."""
    rows = rng.integers(0, len(archive), size)
    vectors = noisy_copies(archive.vectors, rows, noise, rng)
    passages = [dataclasses.replace(archive.passages[row], id=f"{archive.passages[row].id}~{i}")
                for i, row in enumerate(rows)]
    started = time.perf_counter()
    index = PassageIndex(list(archive.documents.values()), passages, vectors, archive.encoder, archive.chunking,
                         config)
    dense_seconds = time.perf_counter() - started
    index.lexical  # noqa: B018 - builds BM25 now, to time it
    bm25_seconds = time.perf_counter() - started - dense_seconds
    return index, {"build_dense_seconds": round(dense_seconds, 1), "build_bm25_seconds": round(bm25_seconds, 1)}


def percentiles(milliseconds: list[float]) -> dict[str, float]:
    """p50 and p95 of ``milliseconds``."""
    return {"p50": round(statistics.median(milliseconds), 2),
            "p95": round(statistics.quantiles(milliseconds, n=20)[18], 2)}


def serve_figures(root: Path, queries_file: Path) -> dict:
    """What serving the index saved under ``root`` costs, in this (fresh) process: load seconds, resident memory,
    retrieval milliseconds one question at a time, and recall@10 against the exact neighbours in ``queries_file``."""
    import faiss

    faiss.omp_set_num_threads(SEARCH_THREADS)
    started = time.perf_counter()
    index = PassageIndex.load(root)
    lexical = index.lexical
    figures: dict = {"load_seconds": round(time.perf_counter() - started, 1)}
    queries = np.load(queries_file)
    texts = json.loads(str(queries["texts"]))
    found, dense_ms, hybrid_ms = [], [], []
    for vector, text in zip(queries["vectors"], texts):
        started = time.perf_counter()
        dense = index.search(vector[None, :], CANDIDATES_PER_RETRIEVER)[0]
        dense_ms.append((time.perf_counter() - started) * 1000)
        reciprocal_rank_fusion([dense, lexical.search(text, CANDIDATES_PER_RETRIEVER)])
        hybrid_ms.append((time.perf_counter() - started) * 1000)
        found.append([i for i, _ in dense[:RECALL_AT]])
    exact = queries["exact"]
    recall = np.mean([len(set(mine) & set(truth)) / RECALL_AT for mine, truth in zip(found, exact)])
    memory = resident_mb()
    figures.update({
        "index_kind": index.kind, "index_config": dataclasses.asdict(index.config),
        f"recall@{RECALL_AT}": round(float(recall), 4),
        **{f"dense_ms_{name}": value for name, value in percentiles(dense_ms).items()},
        **{f"hybrid_ms_{name}": value for name, value in percentiles(hybrid_ms).items()},
        "rss_mb": memory["now"], "peak_rss_mb": memory["peak"], "anonymous_rss_mb": memory["anonymous"],
    })
    return figures


def scale_benchmark(archive_root: Path, size: int, config: IndexConfig = IndexConfig(), noise: float = NOISE,
                    queries: int = QUERIES, seed: int = 0) -> dict:
    """Build an index of ``size`` synthetic passages from the index saved under ``archive_root``, measure the build
    here and serving in a fresh process (:func:`serve_figures`); all figures in one dict."""
    import faiss

    rng = np.random.default_rng(seed)
    archive = PassageIndex.load(archive_root)
    cpu = cpu_info()
    figures: dict = {"passages": size, "archive_passages": len(archive), "noise": noise, "queries": queries,
                     "cpu": cpu.model, "cpu_flags": " ".join(cpu.relevant_flags())}
    index, build = synthetic_index(archive, size, config, noise, rng)
    figures.update({**build, "rss_mb_after_build": resident_mb()["now"]})
    rows = rng.integers(0, len(archive), queries)
    query_vectors = noisy_copies(archive.vectors, rows, noise, rng)
    started = time.perf_counter()
    _, exact = faiss.knn(query_vectors, index.vectors, RECALL_AT, metric=faiss.METRIC_INNER_PRODUCT)
    figures["exact_ms_per_query"] = round((time.perf_counter() - started) * 1000 / queries, 2)
    texts = list(islice(cycle(q.question for q in load_questions(BUNDLED_QUESTIONS)), queries))
    with tempfile.TemporaryDirectory(prefix="tanya-scale-") as folder:
        root, queries_file = Path(folder) / "index", Path(folder) / "queries.npz"
        root.mkdir()
        started = time.perf_counter()
        index.save(root)
        figures["save_seconds"] = round(time.perf_counter() - started, 1)
        figures["disk_mb"] = round(sum(p.stat().st_size for p in root.rglob("*") if p.is_file()) / 2**20, 1)
        del index
        np.savez(queries_file, vectors=query_vectors, exact=exact, texts=json.dumps(texts, ensure_ascii=False))
        served = subprocess.run([sys.executable, "-m", "qa.scale_bench", str(root), str(queries_file)],
                                capture_output=True, text=True)
    if served.returncode:
        raise RuntimeError(f"the serving process failed (exit {served.returncode}): {served.stderr[-2000:]}")
    figures.update({f"serving.{key}": value for key, value in json.loads(served.stdout).items()})
    return figures


if __name__ == "__main__":
    print(json.dumps(serve_figures(Path(sys.argv[1]), Path(sys.argv[2]))))
