"""A new index version written to disk article by article, so that building it never holds every vector and text.

The files are those of :meth:`PassageIndex.save` (``embeddings.index_store``): documents and passages are appended
to their JSON-lines files and vectors to ``vectors.npy`` as they come; :meth:`VersionWriter.finish` then builds the
FAISS index from the memory-mapped vectors, BM25 from the passages file, hashes the documents in the digest's order
by reading them back, and makes the version live atomically. The caller holds the root's write lock.
"""

from __future__ import annotations

import io
import json
import shutil
from collections.abc import Sequence
from dataclasses import asdict
from pathlib import Path
from types import TracebackType

import numpy as np

from corpus import ChunkingConfig, Document, Passage
from corpus.fingerprint import fingerprint_order, ordered_corpus_fingerprint
from embeddings.encoder import EncoderInfo
from embeddings.index_store import (
    LEXICAL_DIR,
    IndexConfig,
    build_faiss,
    manifest_of,
    new_staging,
    publish_version,
)
from embeddings.lexical import BM25Search

NPY_HEADER_BYTES = 128
"""``vectors.npy``'s header, reserved when the file is opened and written once the number of rows is known: NumPy
pads a 2-d float32 header to 128 bytes for any row count below 10^15."""


class VersionWriter:
    """Appends articles (with their passages and vectors) to a staging version; :meth:`finish` makes it live.

    Used as a context manager, the staging folder is removed unless :meth:`finish` succeeded.
    """

    def __init__(self, root: Path, encoder: EncoderInfo, chunking: ChunkingConfig, config: IndexConfig) -> None:
        self.root, self.encoder, self.chunking, self.config = Path(root), encoder, chunking, config
        self.name, self.staging = new_staging(self.root)
        self._documents = (self.staging / "documents.jsonl").open("wb")
        self._passages = (self.staging / "passages.jsonl").open("wb")
        self._vectors = (self.staging / "vectors.npy").open("wb")
        self._vectors.write(b"\0" * NPY_HEADER_BYTES)
        self._offsets: list[tuple[str, int]] = []
        """(digest order key, byte offset in documents.jsonl) of each document."""
        self._written = 0
        self.passages = 0

    def __enter__(self) -> "VersionWriter":
        return self

    def __exit__(self, kind: type[BaseException] | None, error: BaseException | None,
                 trace: TracebackType | None) -> None:
        self._close()
        shutil.rmtree(self.staging, ignore_errors=True)  # gone already when finished: renamed into the version

    @property
    def documents(self) -> int:
        """Articles appended so far."""
        return len(self._offsets)

    def add(self, document: Document, passages: Sequence[Passage], vectors: np.ndarray) -> None:
        """Append one article, its passages and their vectors (n, d)."""
        vectors = np.ascontiguousarray(vectors, dtype="<f4")
        if vectors.shape != (len(passages), self.encoder.dimension):
            raise ValueError(f"{len(passages)} passages of {document.id!r} but vectors of shape {vectors.shape}")
        self._offsets.append((fingerprint_order(document.id), self._written))
        self._written += self._documents.write(_json_line(asdict(document)))
        for passage in passages:
            self._passages.write(_json_line(asdict(passage)))
        self._vectors.write(vectors.tobytes())
        self.passages += len(passages)

    def finish(self) -> Path:
        """Build the FAISS and BM25 indexes, write the manifest and make this version live; returns its folder."""
        import faiss

        self._close()
        header = io.BytesIO()
        np.lib.format.write_array_header_1_0(
            header, {"descr": "<f4", "fortran_order": False, "shape": (self.passages, self.encoder.dimension)})
        if len(header.getvalue()) != NPY_HEADER_BYTES:
            raise ValueError(f"vectors.npy header of {len(header.getvalue())} bytes, {NPY_HEADER_BYTES} reserved")
        with (self.staging / "vectors.npy").open("r+b") as vectors_file:
            vectors_file.write(header.getvalue())
        vectors = np.load(self.staging / "vectors.npy", mmap_mode="r")
        faiss.write_index(build_faiss(vectors, self.config), str(self.staging / "index.faiss"))
        del vectors
        if self.passages:
            BM25Search.build(self._passage_texts()).save(self.staging / LEXICAL_DIR)
        manifest = manifest_of(self.encoder, self.chunking, self.config, self._fingerprint(), self.documents,
                               self.passages)
        return publish_version(self.root, self.name, self.staging, manifest)

    def _passage_texts(self) -> list[str]:
        with (self.staging / "passages.jsonl").open(encoding="utf-8") as lines:
            return [json.loads(line)["text"] for line in lines]

    def _fingerprint(self) -> str:
        """The corpus fingerprint, over the documents read back one at a time in the digest's order."""
        self._offsets.sort()
        with (self.staging / "documents.jsonl").open("rb") as handle:
            def documents():
                for _, offset in self._offsets:
                    handle.seek(offset)
                    yield Document(**json.loads(handle.readline()))

            return ordered_corpus_fingerprint(documents())

    def _close(self) -> None:
        for handle in (self._documents, self._passages, self._vectors):
            handle.close()


def _json_line(record: dict) -> bytes:
    return (json.dumps(record, ensure_ascii=False) + "\n").encode("utf-8")
