"""A FAISS index of passages, stored on disk with its passage store and manifest.

Layout of an index root::

    root/CURRENT            name of the live version (replaced atomically)
    root/v-<id>/manifest.json, vectors.npy, index.faiss, documents.jsonl, passages.jsonl, bm25/
    root/LOCK               taken by writers (see ``embeddings.locking``)

A save writes a complete new version directory, fsyncs it, then swaps ``CURRENT`` with
``os.replace``: a crash at any point leaves the previous version live and intact. Saves hold
the root's write lock. A replaced version stays on disk for ``RETIRED_GRACE_SECONDS``, so a
reader that has just read ``CURRENT`` can still open it; a reader whose version vanished
anyway (a very slow one) reads ``CURRENT`` once more.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import time
import uuid
from collections.abc import Callable, Iterable, Sequence
from dataclasses import asdict, dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING, TypeVar

import numpy as np

from corpus import ChunkingConfig, Document, Passage, corpus_fingerprint
from embeddings.atomic_files import atomic_write_text, fsync_path
from embeddings.encoder import EncoderInfo
from embeddings.hashing import file_sha256
from embeddings.lexical import BM25Search
from embeddings.locking import index_write_lock
from embeddings.passage_file import PassageFile

if TYPE_CHECKING:
    import faiss

FORMAT_VERSION = 1
CURRENT_FILE = "CURRENT"
DATA_FILES = ("vectors.npy", "index.faiss", "documents.jsonl", "passages.jsonl")
LEXICAL_DIR = "bm25"
"""The BM25 index of the passages (versions saved before it existed build it when first searched)."""
STORED_FILE = re.compile(rf"{LEXICAL_DIR}/[\w.-]+")
INDEX_KINDS = ("auto", "flat", "hnsw", "ivf")
STORED_KINDS = INDEX_KINDS[1:]
VECTOR_STORAGES = ("float32", "sq8")
"""How an approximate index stores vectors: as they are, or one byte per dimension (a quarter of the memory)."""
VERSION_NAME = re.compile(r"v-[0-9A-Za-z-]+")
"""What ``CURRENT`` may hold: the name of a version directory of the same root, never a path."""
AUTO_APPROXIMATE_FROM = 50_000
"""``auto`` searches exactly below this many vectors and with ``ivf`` from it on (README, "Scale")."""
IVF_LISTS_PER_ROOT = 4
"""The default number of IVF lists: this many times the square root of the number of vectors (at most one per vector)."""
TRAINING_PER_LIST = 40
"""Vectors sampled per IVF list to train it (FAISS asks for at least 39)."""
QUANTIZER_TRAINING = 100_000
"""Vectors sampled to train the SQ8 storage of ``hnsw`` (its range per dimension)."""
PASSAGES_ON_DISK_FROM = 50_000
"""From this many passages a loaded index reads them from its file when asked for (:mod:`embeddings.passage_file`)."""
STALE_STAGING_SECONDS = 3600
RETIRED_GRACE_SECONDS = 120
"""How long a replaced version is kept for readers that were opening it."""


class IndexStoreError(Exception):
    """Base class of the errors raised when an index cannot be used."""


class IndexNotFoundError(IndexStoreError):
    """No index has been saved at this location yet."""


class IndexMismatchError(IndexStoreError):
    """The index was built by another encoder, chunking or format version."""


class IndexCorruptedError(IndexStoreError):
    """Files of the index are missing, damaged or inconsistent with the manifest."""


@dataclass(frozen=True)
class IndexConfig:
    """How vectors are searched: ``flat`` (exact), ``hnsw`` or ``ivf``; ``auto`` picks by size.

    ``hnsw_neighbours`` and ``hnsw_search_depth`` (FAISS ``M`` and ``efSearch``) tune ``hnsw``;
    ``ivf_lists`` (default ``IVF_LISTS_PER_ROOT`` · √n, trained on a sample) and ``ivf_probes``
    (lists searched per query) tune ``ivf``; both approximate kinds store vectors as ``storage``.
    """

    kind: str = "auto"
    hnsw_neighbours: int = 32
    hnsw_search_depth: int = 64
    ivf_lists: int | None = None
    ivf_probes: int = 16
    storage: str = "sq8"

    def __post_init__(self) -> None:
        if self.kind not in INDEX_KINDS:
            raise ValueError(f"index kind must be one of {INDEX_KINDS}, not {self.kind!r}")
        if self.storage not in VECTOR_STORAGES:
            raise ValueError(f"vector storage must be one of {VECTOR_STORAGES}, not {self.storage!r}")
        numbers = {"hnsw_neighbours": self.hnsw_neighbours, "hnsw_search_depth": self.hnsw_search_depth,
                   "ivf_probes": self.ivf_probes, "ivf_lists": 1 if self.ivf_lists is None else self.ivf_lists}
        wrong = [name for name, value in numbers.items() if not (_is_count(value) and value > 0)]
        if wrong:
            raise ValueError(f"index parameters must be positive integers: {', '.join(wrong)}")

    def resolved_kind(self, size: int) -> str:
        """The concrete kind used for ``size`` vectors."""
        if self.kind != "auto":
            return self.kind
        return "ivf" if size >= AUTO_APPROXIMATE_FROM else "flat"

    def resolved(self, size: int) -> "IndexConfig":
        """This configuration for ``size`` vectors: the concrete kind and, for ``ivf``, the number of lists."""
        kind = self.resolved_kind(size)
        lists = self.ivf_lists or max(1, min(size, int(IVF_LISTS_PER_ROOT * np.sqrt(size))))
        return replace(self, kind=kind, ivf_lists=lists if kind == "ivf" else None)


@dataclass(frozen=True)
class Manifest:
    """What an index was built from; checked on every load."""

    encoder: EncoderInfo
    chunking: dict
    index_kind: str
    corpus_fingerprint: str
    documents: int
    passages: int
    checksums: dict[str, str] = field(default_factory=dict)
    format_version: int = FORMAT_VERSION
    created_at: float = field(default_factory=time.time)
    index_config: dict = field(default_factory=dict)
    """The resolved :class:`IndexConfig` the FAISS index was built with (empty in versions saved before it)."""

    def __post_init__(self) -> None:
        encoder = self.encoder
        if not (isinstance(encoder.name, str) and isinstance(encoder.fingerprint, str)
                and _is_count(encoder.dimension) and encoder.dimension > 0):
            raise ValueError(f"encoder must have a name, a fingerprint and a positive dimension, not {encoder}")
        if not isinstance(self.chunking, dict):
            raise ValueError(f"chunking must be an object, not {self.chunking!r}")
        ChunkingConfig.from_dict(self.chunking)
        if self.index_kind not in STORED_KINDS:
            raise ValueError(f"index kind must be one of {STORED_KINDS}, not {self.index_kind!r}")
        if not isinstance(self.index_config, dict):
            raise ValueError(f"index_config must be an object, not {self.index_config!r}")
        if self.index_config and IndexConfig(**self.index_config).kind != self.index_kind:
            raise ValueError(f"index_config describes a {self.index_config.get('kind')!r} index, not {self.index_kind!r}")
        if not (_is_count(self.documents) and _is_count(self.passages)):
            raise ValueError("the numbers of documents and passages must be counts")
        if not isinstance(self.checksums, dict) or not all(isinstance(v, str) for v in self.checksums.values()):
            raise ValueError("checksums must map file names to sha256 digests")
        unknown = [name for name in self.checksums if name not in DATA_FILES and not STORED_FILE.fullmatch(name)]
        if unknown:
            raise ValueError(f"checksums name files an index does not hold: {unknown}")

    def to_dict(self) -> dict:
        """JSON-serialisable form."""
        return asdict(self)

    @classmethod
    def from_dict(cls, data: dict) -> "Manifest":
        """Inverse of :meth:`to_dict`."""
        return cls(**{**data, "encoder": EncoderInfo(**data["encoder"])})


def manifest_of(encoder: EncoderInfo, chunking: ChunkingConfig, config: IndexConfig, fingerprint: str,
                documents: int, passages: int) -> Manifest:
    """The manifest (checksums still empty) of an index of ``passages`` vectors built with ``config``."""
    return Manifest(encoder=encoder, chunking=chunking.to_dict(), index_kind=config.resolved_kind(passages),
                    index_config=asdict(config.resolved(passages)), corpus_fingerprint=fingerprint,
                    documents=documents, passages=passages)


def _is_count(value: object) -> bool:
    return isinstance(value, int) and not isinstance(value, bool) and value >= 0


def document_fingerprint(document: Document) -> str:
    """Fingerprint of one document's text and metadata."""
    return corpus_fingerprint([document])


def build_faiss(vectors: np.ndarray, config: IndexConfig) -> faiss.Index:
    """The FAISS index of ``config`` resolved for ``vectors``, trained on a sample of them and filled."""
    import faiss

    dimension, metric, config = vectors.shape[1], faiss.METRIC_INNER_PRODUCT, config.resolved(len(vectors))
    sq8 = faiss.ScalarQuantizer.QT_8bit
    if config.kind == "flat":
        index = faiss.IndexFlatIP(dimension)
    elif config.kind == "hnsw":
        index = (faiss.IndexHNSWSQ(dimension, sq8, config.hnsw_neighbours, metric) if config.storage == "sq8"
                 else faiss.IndexHNSWFlat(dimension, config.hnsw_neighbours, metric))
        index.hnsw.efSearch = config.hnsw_search_depth
    else:
        quantizer = faiss.IndexFlatIP(dimension)
        index = (faiss.IndexIVFScalarQuantizer(quantizer, dimension, config.ivf_lists, sq8, metric)
                 if config.storage == "sq8" else faiss.IndexIVFFlat(quantizer, dimension, config.ivf_lists, metric))
        index.nprobe = min(config.ivf_lists, config.ivf_probes)
    if len(vectors) and not index.is_trained:
        training = config.ivf_lists * TRAINING_PER_LIST if config.kind == "ivf" else QUANTIZER_TRAINING
        index.train(_training_sample(vectors, training))
    if len(vectors):
        index.add(vectors)
    return index


def _training_sample(vectors: np.ndarray, size: int) -> np.ndarray:
    """At most ``size`` rows of ``vectors``, drawn at random (seeded: a rebuild trains alike)."""
    if len(vectors) <= size:
        return vectors
    rows = np.sort(np.random.default_rng(0).choice(len(vectors), size, replace=False))
    return np.ascontiguousarray(vectors[rows])


class PassageIndex:
    """Documents, their passages and passage vectors, searchable by inner product.

    Instances are immutable values: :meth:`updated` returns a new index, and
    :meth:`save` writes one atomically. ``version`` names the saved version the index was
    loaded from or saved as (None if it is not on disk).
    """

    def __init__(
        self,
        documents: Sequence[Document],
        passages: Sequence[Passage],
        vectors: np.ndarray,
        encoder: EncoderInfo,
        chunking: ChunkingConfig,
        config: IndexConfig = IndexConfig(),
        faiss_index=None,
        lexical: BM25Search | None = None,
    ) -> None:
        if len(passages) != len(vectors):
            raise ValueError(f"{len(passages)} passages but {len(vectors)} vectors")
        self.documents = {d.id: d for d in documents}
        self.passages: Sequence[Passage] = passages if isinstance(passages, PassageFile) else list(passages)
        self.vectors = np.ascontiguousarray(vectors, dtype=np.float32).reshape(len(passages), encoder.dimension)
        self.encoder = encoder
        self.chunking = chunking
        self.config = config
        self._faiss = faiss_index if faiss_index is not None else build_faiss(self.vectors, config)
        self._lexical = lexical
        self.version: str | None = None

    def __len__(self) -> int:
        return len(self.passages)

    @property
    def lexical(self) -> BM25Search:
        """BM25 over the passages: loaded with the index, or built on first use."""
        if self._lexical is None:
            self._lexical = BM25Search.build([p.text for p in self.passages])
        return self._lexical

    @property
    def kind(self) -> str:
        """The concrete FAISS index kind in use."""
        return self.config.resolved_kind(len(self.vectors))

    def search(self, query_vectors: np.ndarray, k: int) -> list[list[tuple[int, float]]]:
        """For each query vector, up to ``k`` (passage position, inner product) pairs, best first."""
        if not self.passages:
            return [[] for _ in range(len(query_vectors))]
        scores, ids = self._faiss.search(np.ascontiguousarray(query_vectors, dtype=np.float32), min(k, len(self)))
        return [
            [(int(i), float(s)) for i, s in zip(row_ids, row_scores) if i >= 0]
            for row_ids, row_scores in zip(ids, scores)
        ]

    def passages_of(self, document_id: str) -> list[Passage]:
        """The passages of one document, in order."""
        return [p for p in self.passages if p.document_id == document_id]

    def updated(
        self,
        keep: Iterable[str],
        new_documents: Sequence[Document],
        new_passages: Sequence[Passage],
        new_vectors: np.ndarray,
    ) -> "PassageIndex":
        """A new index with the documents in ``keep`` (vectors reused) plus the new ones."""
        keep = set(keep)
        kept_rows = [i for i, p in enumerate(self.passages) if p.document_id in keep]
        documents = [d for d in self.documents.values() if d.id in keep] + list(new_documents)
        passages = [self.passages[i] for i in kept_rows] + list(new_passages)
        vectors = np.concatenate([self.vectors[kept_rows], np.asarray(new_vectors, dtype=np.float32)])
        return PassageIndex(documents, passages, vectors, self.encoder, self.chunking, self.config)

    def manifest(self) -> Manifest:
        """The manifest describing this index (checksums are filled in by :meth:`save`)."""
        return manifest_of(self.encoder, self.chunking, self.config, corpus_fingerprint(self.documents.values()),
                           len(self.documents), len(self.passages))

    def save(self, root: Path) -> Path:
        """Write this index as a new version under ``root`` and make it live atomically, under the write lock."""
        with index_write_lock(Path(root)):
            return self._save(Path(root))

    def _save(self, root: Path) -> Path:
        import faiss

        name, staging = new_staging(root)
        try:
            np.save(staging / "vectors.npy", self.vectors)
            faiss.write_index(self._faiss, str(staging / "index.faiss"))
            _write_jsonl(staging / "documents.jsonl", (asdict(d) for d in self.documents.values()))
            _write_jsonl(staging / "passages.jsonl", (asdict(p) for p in self.passages))
            if self.passages:
                self.lexical.save(staging / LEXICAL_DIR)
        except BaseException:
            shutil.rmtree(staging, ignore_errors=True)
            raise
        publish_version(root, name, staging, self.manifest())
        self.version = name
        return root / name

    @classmethod
    def load(cls, root: Path) -> "PassageIndex":
        """Load the live version under ``root``, verifying checksums; see :func:`read_manifest`. Its index kind
        is the stored one (the manifest's ``index_kind``), whatever the kind asked for when building."""
        return _read_live(Path(root), cls._read_version)

    @classmethod
    def _read_version(cls, version_dir: Path) -> "PassageIndex":
        import faiss

        root = version_dir.parent
        manifest = _read_manifest(version_dir)
        for file_name in sorted({*DATA_FILES, *manifest.checksums}):
            path = version_dir / file_name
            try:
                checksum = file_sha256(path)
            except FileNotFoundError as error:
                raise IndexCorruptedError(f"index file missing: {path}") from error
            except OSError as error:
                raise IndexCorruptedError(f"index file unreadable: {path} ({error})") from error
            if checksum != manifest.checksums.get(file_name):
                raise IndexCorruptedError(f"index file damaged (checksum differs): {path}")
        try:
            vectors = np.load(version_dir / "vectors.npy", mmap_mode="r")
            faiss_index = faiss.read_index(str(version_dir / "index.faiss"))
            documents = [Document(**r) for r in _read_jsonl(version_dir / "documents.jsonl")]
            passages_file = version_dir / "passages.jsonl"
            passages = (PassageFile(passages_file) if manifest.passages >= PASSAGES_ON_DISK_FROM
                        else [Passage(**r) for r in _read_jsonl(passages_file)])
            saved_lexical = any(name.startswith(f"{LEXICAL_DIR}/") for name in manifest.checksums)
            lexical = BM25Search.load(version_dir / LEXICAL_DIR, len(passages)) if saved_lexical else None
        except (ValueError, TypeError, KeyError, RuntimeError, OSError) as error:
            raise IndexCorruptedError(f"index under {root} cannot be read: {error}") from error
        dimension = manifest.encoder.dimension
        if vectors.shape != (len(passages), dimension) or faiss_index.d != dimension:
            raise IndexCorruptedError(
                f"index under {root} is inconsistent: {len(passages)} passages of dimension {dimension}, "
                f"but vectors of shape {vectors.shape} and a FAISS index of dimension {faiss_index.d}"
            )
        if faiss_index.ntotal != len(passages):
            raise IndexCorruptedError(f"index under {root} is inconsistent: vectors and passages differ in number")
        chunking = ChunkingConfig.from_dict(manifest.chunking)
        stored = (IndexConfig(**manifest.index_config) if manifest.index_config  # versions before it: float32
                  else IndexConfig(kind=manifest.index_kind, storage="float32"))
        index = cls(documents, passages, vectors, manifest.encoder, chunking, stored, faiss_index, lexical)
        index.version = version_dir.name
        return index


def new_staging(root: Path) -> tuple[str, Path]:
    """A new version's name and its (created) staging folder under ``root``; the caller holds the write lock."""
    name = f"v-{time.strftime('%Y%m%d%H%M%S')}-{uuid.uuid4().hex[:8]}"
    staging = root / f".tmp-{name}"
    staging.mkdir(parents=True)
    return name, staging


def publish_version(root: Path, name: str, staging: Path, manifest: Manifest) -> Path:
    """Make the data files written into ``staging`` the live version ``name``: checksums into the manifest, every
    file fsynced, the folder renamed, ``CURRENT`` switched atomically, the replaced version retired. The staging
    folder is removed if this fails; the caller holds the write lock."""
    try:
        stored = [*DATA_FILES, *(f"{LEXICAL_DIR}/{p.name}" for p in sorted((staging / LEXICAL_DIR).glob("*")))]
        checksums = {f: file_sha256(staging / f) for f in stored}
        (staging / "manifest.json").write_text(json.dumps({**manifest.to_dict(), "checksums": checksums}, indent=2,
                                                          ensure_ascii=False))
        for path in staging.rglob("*"):
            if path.is_file():
                fsync_path(path)
        staging.rename(root / name)
        replaced = _current_name(root)
        atomic_write_text(root / CURRENT_FILE, name)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    if replaced:
        _retire(root / replaced)
    _remove_stale_versions(root, keep=name)
    return root / name


def read_manifest(root: Path) -> Manifest:
    """The live manifest under ``root``; raises if absent, unreadable or of another format."""
    return _read_live(Path(root), _read_manifest)


def current_version(root: Path) -> str:
    """The name of the live version under ``root`` (compare with :attr:`PassageIndex.version`)."""
    return _live_version(Path(root)).name


T = TypeVar("T")


def _read_live(root: Path, read: Callable[[Path], T]) -> T:
    """``read(live version directory)``; once more if it fails as damaged, since a writer may have
    switched ``CURRENT`` and removed that version meanwhile."""
    try:
        return read(_live_version(root))
    except IndexCorruptedError:
        return read(_live_version(root))


def _read_manifest(version_dir: Path) -> Manifest:
    path = version_dir / "manifest.json"
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as error:
        raise IndexCorruptedError(f"index manifest unreadable: {path} ({error})") from error
    if not isinstance(data, dict):
        raise IndexCorruptedError(f"index manifest malformed: {path} (not a JSON object)")
    version = data.get("format_version")
    if version != FORMAT_VERSION:
        raise IndexMismatchError(
            f"index at {version_dir.parent} has format version {version}, "
            f"this program reads version {FORMAT_VERSION}; rebuild it"
        )
    try:
        return Manifest.from_dict(data)
    except (TypeError, KeyError, ValueError) as error:
        raise IndexCorruptedError(f"index manifest malformed: {path} ({error})") from error


def check_compatible(manifest: Manifest, encoder: EncoderInfo, chunking: ChunkingConfig) -> None:
    """Raise :class:`IndexMismatchError` unless the index was built with this encoder, engine and chunking."""
    if manifest.encoder.fingerprint != encoder.fingerprint or manifest.encoder.dimension != encoder.dimension:
        raise IndexMismatchError(
            f"index was built by encoder {manifest.encoder.name!r} "
            f"(fingerprint {manifest.encoder.fingerprint[:12]}, {manifest.encoder.dimension}-d), "
            f"but this assistant uses {encoder.name!r} "
            f"(fingerprint {encoder.fingerprint[:12]}, {encoder.dimension}-d); rebuild the index"
        )
    if manifest.encoder.engine != encoder.engine:
        raise IndexMismatchError(
            f"index vectors were computed by engine {manifest.encoder.engine!r}, this assistant runs the encoder "
            f"with {encoder.engine!r}; vectors of two engines are not mixed: rebuild the index"
        )
    if manifest.chunking != chunking.to_dict():
        raise IndexMismatchError(
            f"index was cut into passages with {manifest.chunking}, this assistant uses {chunking.to_dict()}; "
            "rebuild the index"
        )


def _live_version(root: Path) -> Path:
    pointer = root / CURRENT_FILE
    try:
        name = pointer.read_text(encoding="utf-8").strip()
    except FileNotFoundError:
        raise IndexNotFoundError(f"no index at {root}") from None
    except (OSError, ValueError) as error:
        raise IndexCorruptedError(f"index pointer {pointer} unreadable ({error})") from error
    if not VERSION_NAME.fullmatch(name):
        raise IndexCorruptedError(f"index pointer {pointer} does not name a version of this index: {name[:100]!r}")
    version_dir = root / name
    if not version_dir.is_dir():
        raise IndexCorruptedError(f"index version named in {pointer} is missing: {version_dir}")
    return version_dir


def _current_name(root: Path) -> str | None:
    """The version ``CURRENT`` names, if it names a valid one."""
    try:
        return _live_version(root).name
    except IndexStoreError:
        return None


def _retire(version_dir: Path) -> None:
    """Stamp a replaced version with the time it was replaced: its grace period starts now."""
    try:
        os.utime(version_dir)
    except OSError:
        pass  # already gone


def _remove_stale_versions(root: Path, keep: str) -> None:
    """Delete versions replaced over ``RETIRED_GRACE_SECONDS`` ago (never ``keep``, the live one),
    and staging folders left by a crash over an hour ago."""
    now = time.time()
    for path in root.iterdir():
        try:
            age = now - path.stat().st_mtime
        except OSError:
            continue
        retired = path.name.startswith("v-") and path.name != keep and age > RETIRED_GRACE_SECONDS
        abandoned = path.name.startswith(".tmp-") and age > STALE_STAGING_SECONDS
        if path.is_dir() and (retired or abandoned):
            shutil.rmtree(path, ignore_errors=True)


def _write_jsonl(path: Path, records: Iterable[dict]) -> None:
    with path.open("w", encoding="utf-8") as handle:
        for record in records:
            handle.write(json.dumps(record, ensure_ascii=False) + "\n")


def _read_jsonl(path: Path) -> list[dict]:
    with path.open(encoding="utf-8") as handle:
        return [json.loads(line) for line in handle if line.strip()]
