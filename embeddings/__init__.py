"""Encoder and on-disk FAISS index of passages (depends on ``corpus`` only)."""

from embeddings.encoder import Encoder, EncoderInfo
from embeddings.index_store import (
    IndexConfig,
    IndexCorruptedError,
    IndexMismatchError,
    IndexNotFoundError,
    IndexStoreError,
    Manifest,
    PassageIndex,
    check_compatible,
    current_version,
    document_fingerprint,
    read_manifest,
)
from embeddings.indexing import IndexUpdate, add_documents, build_index, remove_documents, update_index
from embeddings.locking import index_write_lock
from embeddings.model_store import DEFAULT_ENCODER, resolve_encoder
from embeddings.resumable import ResumableEncoder
from embeddings.upload_store import UploadStore

__all__ = [
    "DEFAULT_ENCODER",
    "Encoder",
    "EncoderInfo",
    "IndexConfig",
    "IndexCorruptedError",
    "IndexMismatchError",
    "IndexNotFoundError",
    "IndexStoreError",
    "IndexUpdate",
    "Manifest",
    "PassageIndex",
    "ResumableEncoder",
    "UploadStore",
    "add_documents",
    "build_index",
    "check_compatible",
    "current_version",
    "document_fingerprint",
    "index_write_lock",
    "read_manifest",
    "remove_documents",
    "resolve_encoder",
    "update_index",
]
