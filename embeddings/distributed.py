"""Indexing on a Ray cluster: worker actors cut documents into passages and encode them.

Needs the ``cluster`` extra (``pip install 'tanya-berita[cluster]'``); nothing else in the package
imports Ray. The documents become a Ray Data dataset in shards of ``documents_per_batch``; each of
``workers`` actors loads the encoder once (``threads_per_worker`` intra-op threads, as many CPUs
reserved) and turns a shard into passage rows with their vectors; the driver collects the rows,
puts them back in document order and hands them to the single-machine index code
(:func:`embeddings.indexing.build_index` / ``update_index``), so the index, its manifest and its
atomic switch are the same. Every node needs this package and the encoder's model (the driver's
``cache_dir`` path, e.g. a shared folder); a worker whose model differs from the driver's refuses.
"""

from __future__ import annotations

import dataclasses
import json
import logging
import os
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np

from corpus import ChunkingConfig, Document, Passage, split_passages
from embeddings.encoder import Encoder, EncoderInfo
from embeddings.indexing import Progress

if TYPE_CHECKING:
    import ray.data

_PASSAGE_COLUMNS = ("order", "id", "document_id", "index", "text", "start", "end")
LOOPBACK_ONLY = "RAY_ENABLE_WINDOWS_OR_OSX_CLUSTER"
"""Set to ``0`` before Ray is imported, Ray's single-machine mode: its processes use 127.0.0.1, not the host's
address (as on Windows and macOS). A local cluster (no ``address``, and the tests' cluster) runs that way."""


@dataclass(frozen=True)
class ClusterConfig:
    """Where and how wide the cluster encodes.

    ``address``: ``auto``, ``ray://host:port`` or ``host:port`` of a running cluster; ``None`` starts a
    local Ray for this process on loopback, with ``workers * threads_per_worker`` CPUs.
    """

    address: str | None = None
    workers: int = 2
    threads_per_worker: int = 1
    documents_per_batch: int = 32

    def __post_init__(self) -> None:
        for name in ("workers", "threads_per_worker", "documents_per_batch"):
            value = getattr(self, name)
            if type(value) is not int or value < 1:
                raise ValueError(f"{name} must be a positive int, got {value!r}")


class RayEncoder:
    """A :class:`~embeddings.indexing.DocumentEncoder` whose work is done by Ray actors.

    Connects on first use; :meth:`close` disconnects (a local Ray stops).
    """

    def __init__(self, encoder: Encoder, cache_dir: Path, cluster: ClusterConfig = ClusterConfig()) -> None:
        self.encoder = encoder
        self.cache_dir = Path(cache_dir)
        self.cluster = cluster

    @property
    def info(self) -> EncoderInfo:
        """The driver's encoder, as recorded in the manifest (workers check theirs is the same)."""
        return self.encoder.info

    def connect(self) -> None:
        """Join the cluster at ``address``, or start a local one on 127.0.0.1 (once per process)."""
        if not self.cluster.address:
            os.environ.setdefault(LOOPBACK_ONLY, "0")
        import ray.data

        if ray.is_initialized():
            return
        common = {"include_dashboard": False, "log_to_driver": False, "logging_level": logging.WARNING}
        if self.cluster.address:
            ray.init(address=self.cluster.address, **common)
        else:
            ray.init(address="local", num_cpus=self.cluster.workers * self.cluster.threads_per_worker, **common)
        context = ray.data.DataContext.get_current()
        context.enable_progress_bars = False  # the driver reports progress itself
        context.print_on_execution_start = False
        logging.getLogger("ray.data").setLevel(logging.WARNING)

    def close(self) -> None:
        """Disconnect from the cluster (a local one stops)."""
        import ray

        if ray.is_initialized():
            ray.shutdown()

    def encode_documents(self, documents: Sequence[Document], chunking: ChunkingConfig,
                         progress: Progress | None = None) -> tuple[list[Passage], np.ndarray]:
        """Passages of ``documents`` in document order and their vectors, cut and encoded on the workers.

        ``progress(done, total)`` counts documents (their passages are only known on the workers).
        """
        dimension = self.info.dimension
        if not documents:
            return [], np.zeros((0, dimension), dtype=np.float32)
        self.connect()
        import ray.data

        # a document travels as JSON: Arrow would turn its missing fields (None) into NaN
        rows = [{"order": i, "document": json.dumps(dataclasses.asdict(d))} for i, d in enumerate(documents)]
        shards = -(-len(rows) // self.cluster.documents_per_batch)
        encoded = ray.data.from_items(rows, override_num_blocks=shards).map_batches(
            PassageEncoderActor,
            fn_constructor_kwargs={"name": self.encoder.name, "cache_dir": str(self.cache_dir),
                                   "engine": self.encoder.engine, "threads": self.cluster.threads_per_worker,
                                   "fingerprint": self.info.fingerprint, "chunking": chunking.to_dict()},
            batch_size=self.cluster.documents_per_batch,
            batch_format="numpy",
            compute=ray.data.ActorPoolStrategy(size=self.cluster.workers),
            num_cpus=self.cluster.threads_per_worker,
        )
        return _collect(encoded, len(documents), dimension, progress)


class PassageEncoderActor:
    """One worker's encoder (loaded once per actor): a batch of document rows → passage rows with vectors."""

    def __init__(self, name: str, cache_dir: str, engine: str, threads: int, fingerprint: str,
                 chunking: dict[str, int]) -> None:
        self.encoder = Encoder.from_name(name, Path(cache_dir), engine, threads=threads)
        if self.encoder.info.fingerprint != fingerprint:
            raise RuntimeError(f"this worker's encoder {name!r} in {cache_dir} differs from the driver's "
                               f"(fingerprint {self.encoder.info.fingerprint[:12]} != {fingerprint[:12]})")
        self.encoder.warm_up()
        self.chunking = ChunkingConfig.from_dict(chunking)

    def __call__(self, batch: dict[str, np.ndarray]) -> dict[str, np.ndarray]:
        """Cut each document of ``batch`` into passages and encode them; one row per passage."""
        orders, passages = [], []
        for order, document in zip(batch["order"].tolist(), batch["document"]):
            for passage in split_passages(Document(**json.loads(document)), self.chunking):
                orders.append(order)
                passages.append(passage)
        vectors = self.encoder.encode_passages([p.text for p in passages])
        columns = {"order": np.array(orders, dtype=np.int64)}
        for name in _PASSAGE_COLUMNS[1:]:
            values = [getattr(p, name) for p in passages]
            columns[name] = np.array(values, dtype=np.int64 if name in ("index", "start", "end") else object)
        return {**columns, "vector": vectors}


def _collect(encoded: "ray.data.Dataset", total: int, dimension: int,
             progress: Progress | None) -> tuple[list[Passage], np.ndarray]:
    """The passage rows of ``encoded`` as passages and vectors, sorted by document then passage."""
    rows: list[tuple[int, Passage]] = []
    vectors: list[np.ndarray] = []
    seen: set[int] = set()
    if progress:
        progress(0, total)
    for batch in encoded.iter_batches(batch_format="numpy", batch_size=None):
        for i in range(len(batch["order"])):
            passage = Passage(**{name: _plain(batch[name][i]) for name in _PASSAGE_COLUMNS[1:]})
            rows.append((int(batch["order"][i]), passage))
        vectors.append(np.asarray(batch["vector"], dtype=np.float32).reshape(-1, dimension))
        seen.update(batch["order"].tolist())
        if progress:
            progress(len(seen), total)
    if not rows:
        return [], np.zeros((0, dimension), dtype=np.float32)
    stacked = np.concatenate(vectors)
    order = sorted(range(len(rows)), key=lambda k: (rows[k][0], rows[k][1].index))
    return [rows[k][1] for k in order], np.ascontiguousarray(stacked[order])


def _plain(value: object) -> object:
    """A numpy scalar from a batch column as the Python value a dataclass field holds."""
    return value.item() if isinstance(value, np.generic) else value
