"""Cut documents into passages, encode them and build or update a :class:`PassageIndex`."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Protocol, runtime_checkable

import numpy as np

from corpus import ChunkingConfig, Document, Passage, split_passages
from embeddings.encoder import Encoder, EncoderInfo
from embeddings.index_store import IndexConfig, PassageIndex, document_fingerprint

Progress = Callable[[int, int], None]
"""Called as ``progress(done, total)`` while passages are encoded."""

ENCODE_BATCH = 256
"""Passages handed to the encoder at once: it sorts them by length, so larger groups pad less."""


@runtime_checkable
class DocumentEncoder(Protocol):
    """An encoder that cuts documents into passages itself and encodes them (a cluster's:
    :mod:`embeddings.distributed`); the index functions hand it whole documents."""

    @property
    def info(self) -> EncoderInfo:
        """The encoder recorded in the index manifest."""

    def encode_documents(self, documents: Sequence[Document], chunking: ChunkingConfig,
                         progress: Progress | None = None) -> tuple[list[Passage], np.ndarray]:
        """Passages of ``documents`` in document order, and their vectors (n, d) float32."""


@dataclass(frozen=True)
class IndexUpdate:
    """What an update did, for logs and the UI."""

    added: list[str]
    changed: list[str]
    removed: list[str]
    unchanged: list[str]
    encoded_passages: int


def encode_passages(encoder: Encoder, passages: Sequence[Passage], progress: Progress | None = None) -> np.ndarray:
    """Vectors for ``passages``, encoded in batches, reporting progress after each batch."""
    chunks = []
    total = len(passages)
    if progress:
        progress(0, total)
    for start in range(0, total, ENCODE_BATCH):
        batch = passages[start : start + ENCODE_BATCH]
        chunks.append(encoder.encode_passages([p.text for p in batch]))
        if progress:
            progress(start + len(batch), total)
    if not chunks:
        return np.zeros((0, encoder.info.dimension), dtype=np.float32)
    return np.concatenate(chunks)


def cut_passages(documents: Sequence[Document], chunking: ChunkingConfig) -> list[Passage]:
    """All passages of ``documents``, in document order."""
    return [p for d in documents for p in split_passages(d, chunking)]


def encode_documents(
    documents: Sequence[Document],
    encoder: Encoder | DocumentEncoder,
    chunking: ChunkingConfig,
    progress: Progress | None = None,
) -> tuple[list[Passage], np.ndarray]:
    """Passages of ``documents`` and their vectors: cut here and encoded in batches, or both done by a
    :class:`DocumentEncoder`. Raises ``ValueError`` for a document with no passage (no text)."""
    if isinstance(encoder, DocumentEncoder):
        passages, vectors = encoder.encode_documents(documents, chunking, progress)
    else:
        passages = cut_passages(documents, chunking)
        vectors = None
    empty = sorted({d.id for d in documents} - {p.document_id for p in passages})
    if empty:
        raise ValueError(f"document {', '.join(map(repr, empty))} has no text to index")
    if vectors is None:
        vectors = encode_passages(encoder, passages, progress)
    return passages, vectors


def build_index(
    documents: Sequence[Document],
    encoder: Encoder | DocumentEncoder,
    chunking: ChunkingConfig = ChunkingConfig(),
    config: IndexConfig = IndexConfig(),
    progress: Progress | None = None,
) -> PassageIndex:
    """A fresh index of ``documents``."""
    _check_documents(documents)
    passages, vectors = encode_documents(documents, encoder, chunking, progress)
    return PassageIndex(documents, passages, vectors, encoder.info, chunking, config)


def update_index(
    index: PassageIndex,
    documents: Sequence[Document],
    encoder: Encoder | DocumentEncoder,
    progress: Progress | None = None,
) -> tuple[PassageIndex, IndexUpdate]:
    """Bring ``index`` to exactly ``documents``, encoding only new or changed documents."""
    _check_documents(documents)
    wanted = {d.id: d for d in documents}
    old = index.documents
    unchanged = [i for i, d in wanted.items() if i in old and document_fingerprint(old[i]) == document_fingerprint(d)]
    changed = [i for i in wanted if i in old and i not in unchanged]
    added = [i for i in wanted if i not in old]
    removed = [i for i in old if i not in wanted]
    fresh = [wanted[i] for i in added + changed]
    updated, encoded = add_documents(index.updated(unchanged, [], [], _no_vectors(index)), fresh, encoder, progress)
    return updated, IndexUpdate(added, changed, removed, unchanged, encoded)


def add_documents(
    index: PassageIndex,
    documents: Sequence[Document],
    encoder: Encoder | DocumentEncoder,
    progress: Progress | None = None,
) -> tuple[PassageIndex, int]:
    """``index`` plus ``documents`` (replacing any with the same id); returns it and the passages encoded."""
    _check_documents(documents)
    passages, vectors = encode_documents(documents, encoder, index.chunking, progress)
    replaced = {d.id for d in documents}
    keep = [i for i in index.documents if i not in replaced]
    return index.updated(keep, documents, passages, vectors), len(passages)


def remove_documents(index: PassageIndex, document_ids: Sequence[str]) -> PassageIndex:
    """``index`` without the given documents; unknown ids raise ``KeyError``."""
    unknown = [i for i in document_ids if i not in index.documents]
    if unknown:
        raise KeyError(f"not in the index: {', '.join(unknown)}")
    keep = [i for i in index.documents if i not in set(document_ids)]
    return index.updated(keep, [], [], _no_vectors(index))


def _no_vectors(index: PassageIndex) -> np.ndarray:
    return np.zeros((0, index.encoder.dimension), dtype=np.float32)


def _check_documents(documents: Sequence[Document]) -> None:
    """Raise ``TypeError`` unless ``documents`` is a sequence of ``Document``, ``ValueError`` on a repeated id."""
    if isinstance(documents, str | Document) or not isinstance(documents, Sequence):
        raise TypeError(f"documents must be a sequence of Document, not {type(documents).__name__}")
    for document in documents:
        if not isinstance(document, Document):
            raise TypeError(f"documents must be Document objects, not {type(document).__name__}")
    seen: set[str] = set()
    duplicates = sorted({d.id for d in documents if d.id in seen or seen.add(d.id)})
    if duplicates:
        raise ValueError(f"duplicate document ids: {', '.join(duplicates)}")
