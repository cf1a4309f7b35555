"""Indexing a stream of articles in shards, so that memory stays bounded whatever the folder's size.

:func:`plan_update` goes once over the articles and keeps only their ids: what is new, changed, unchanged or gone,
and how many passages must be encoded. :func:`write_index` goes over them again: it gathers the new and changed
articles into shards of ``SHARD_DOCUMENTS``, cuts and encodes each shard, and appends every article (with its
passages and vectors: the fresh ones just encoded, the unchanged ones copied from the old index) to a staging
version on disk (:class:`~embeddings.version_writer.VersionWriter`), which becomes live atomically at the end.
Neither all texts nor all vectors are ever held in memory: one shard, plus the old index being updated.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from corpus import ChunkingConfig, Document, Passage, split_passages
from embeddings.encoder import Encoder
from embeddings.index_store import IndexConfig, PassageIndex, document_fingerprint
from embeddings.indexing import DocumentEncoder, IndexUpdate, Progress, encode_documents
from embeddings.version_writer import VersionWriter

SHARD_DOCUMENTS = 64
"""New or changed articles cut and encoded together (~130 passages): enough for length-sorted batches to pad
little, few enough to hold."""
CLUSTER_SHARD_DOCUMENTS = 4096
"""The same for a cluster (:class:`DocumentEncoder`), which splits its work into its own smaller shards and pays a
fixed cost per call."""


@dataclass
class UpdatePlan:
    """What bringing an index to a set of articles takes: ids by fate, and passages to encode."""

    unchanged: list[str] = field(default_factory=list)
    changed: list[str] = field(default_factory=list)
    added: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)
    passages_to_encode: int = 0

    @property
    def up_to_date(self) -> bool:
        """True when nothing is added, changed or removed."""
        return not (self.changed or self.added or self.removed)

    def note(self, index: PassageIndex | None, document_id: str, fresh: bool) -> None:
        """Count one article: unchanged, or (``fresh``) added or changed."""
        (self.unchanged if not fresh else self.changed if index and document_id in index.documents
         else self.added).append(document_id)


def plan_update(index: PassageIndex | None, documents: Iterable[Document], chunking: ChunkingConfig) -> UpdatePlan:
    """One pass over ``documents`` (None ``index``: a build from scratch). Raises ``TypeError`` for an item that
    is not a ``Document``, ``ValueError`` for a repeated id."""
    plan, seen = UpdatePlan(), set()
    for document, fresh in _classified(index, documents, seen):
        plan.note(index, document.id, fresh)
        if fresh:
            plan.passages_to_encode += len(split_passages(document, chunking))
    plan.removed.extend(i for i in (index.documents if index else ()) if i not in seen)
    return plan


def write_index(
    root: Path,
    index: PassageIndex | None,
    documents: Iterable[Document],
    encoder: Encoder | DocumentEncoder,
    chunking: ChunkingConfig = ChunkingConfig(),
    config: IndexConfig = IndexConfig(),
    progress: Progress | None = None,
    total: int | None = None,
) -> tuple[PassageIndex, IndexUpdate]:
    """Save as the live version under ``root`` the index of exactly ``documents``, in their order: built from
    scratch when ``index`` is None, else ``index`` updated (only new and changed articles encoded; it keeps its
    chunking and configuration). ``total``: the passages to encode, for ``progress`` (:func:`plan_update`).
    The caller holds the root's write lock. Raises ``ValueError`` for an article with no text to index or a
    repeated id (the live version stays as it was)."""
    if index is not None:
        chunking, config = index.chunking, index.config
    rows = _rows_of(index.passages if index else [])
    shard = CLUSTER_SHARD_DOCUMENTS if isinstance(encoder, DocumentEncoder) else SHARD_DOCUMENTS
    plan, seen, encoded, encoded_documents = UpdatePlan(), set(), 0, 0
    if progress and total:
        progress(0, total)
    with VersionWriter(root, encoder.info, chunking, config) as writer:
        pending: list[tuple[str, Document | None]] = []  # unchanged articles by id only: the old index holds them
        for document, fresh in _classified(index, documents, seen):
            plan.note(index, document.id, fresh)
            pending.append((document.id, document if fresh else None))
            if len(plan.added) + len(plan.changed) - encoded_documents >= shard:
                encoded += _write_shard(writer, pending, index, rows, encoder, chunking)
                encoded_documents, pending = len(plan.added) + len(plan.changed), []
                if progress and total:
                    progress(encoded, max(total, encoded))
        encoded += _write_shard(writer, pending, index, rows, encoder, chunking)
        if progress and total:
            progress(max(total, encoded), max(total, encoded))
        plan.removed.extend(i for i in (index.documents if index else ()) if i not in seen)
        writer.finish()
    return PassageIndex.load(root), IndexUpdate(plan.added, plan.changed, plan.removed, plan.unchanged, encoded)


def _classified(index: PassageIndex | None, documents: Iterable[Document], seen: set[str]
                ) -> Iterator[tuple[Document, bool]]:
    """``(document, fresh)``: fresh when ``index`` lacks it or holds another version of it; ``seen`` collects
    the ids."""
    if isinstance(documents, str | Document):
        raise TypeError(f"documents must be an iterable of Document, not {type(documents).__name__}")
    for document in documents:
        if not isinstance(document, Document):
            raise TypeError(f"documents must be Document objects, not {type(document).__name__}")
        if document.id in seen:
            raise ValueError(f"duplicate document ids: {document.id}")
        seen.add(document.id)
        old = index.documents.get(document.id) if index else None
        yield document, old is None or document_fingerprint(old) != document_fingerprint(document)


def _write_shard(writer: VersionWriter, pending: list[tuple[str, Document | None]], index: PassageIndex | None,
                 rows: dict[str, list[int]], encoder: Encoder | DocumentEncoder, chunking: ChunkingConfig) -> int:
    """Encode the fresh articles of ``pending`` (``(id, document)``; no document: unchanged, taken from ``index``)
    and append them all, in order; returns the passages encoded."""
    fresh = [document for _, document in pending if document is not None]
    passages, vectors = encode_documents(fresh, encoder, chunking) if fresh else ([], None)
    own = _rows_of(passages)
    for document_id, document in pending:
        if document is not None:
            mine = own[document_id]
            writer.add(document, [passages[row] for row in mine], vectors[mine])
        else:
            kept = rows.get(document_id, [])
            writer.add(index.documents[document_id], [index.passages[row] for row in kept], index.vectors[kept])
    return len(passages)


def _rows_of(passages: Sequence[Passage]) -> dict[str, list[int]]:
    """The rows (positions in ``passages``) of each document's passages."""
    rows: dict[str, list[int]] = {}
    for row, passage in enumerate(passages):
        rows.setdefault(passage.document_id, []).append(row)
    return rows
