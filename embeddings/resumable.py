"""Indexing that survives a kill: passage vectors are saved in steps while a long run encodes,
and the next run reuses them instead of encoding those passages again.

The index itself still becomes live only when complete (one atomic version); what a kill loses
is at most the step being encoded. Vectors are kept under ``root/encoded/<encoder>/`` (one
atomically written ``.npz`` per step) until :meth:`ResumableEncoder.clear` drops them.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import uuid
from collections.abc import Sequence
from pathlib import Path

import numpy as np

from embeddings.atomic_files import fsync_path
from embeddings.encoder import Encoder, EncoderInfo

ENCODED_DIR = "encoded"
STEP_PASSAGES = 1024
"""Passages encoded between two saves of progress (read when a ``ResumableEncoder`` is made)."""


class ResumableEncoder:
    """An :class:`Encoder` for passages whose work is saved every ``step`` passages under ``root``.

    Only one process may use a root's store at a time: callers hold the index's write lock.
    """

    def __init__(self, encoder: Encoder, root: Path, step: int | None = None) -> None:
        self.encoder = encoder
        self.root = Path(root)
        self.step = step or STEP_PASSAGES
        self.encoded = 0
        """Passages this object has encoded (not found saved)."""
        self._known: dict[str, np.ndarray] | None = None
        self._unsaved: list[str] = []

    @property
    def info(self) -> EncoderInfo:
        """The wrapped encoder's name, fingerprint and dimension."""
        return self.encoder.info

    @property
    def folder(self) -> Path:
        """Where this encoder's saved vectors live (one folder per model and engine)."""
        return self.root / ENCODED_DIR / f"{self.info.fingerprint[:16]}-{self.info.engine}"

    def encode_passages(self, texts: Sequence[str]) -> np.ndarray:
        """Vectors (n, d) for ``texts``: saved ones reused, the others encoded and saved in steps."""
        known = self._saved_vectors()
        keys = [_key(text) for text in texts]
        missing = [i for i, key in enumerate(keys) if key not in known]
        for start in range(0, len(missing), self.step):
            chunk = missing[start : start + self.step]
            vectors = self.encoder.encode_passages([texts[i] for i in chunk])
            for i, vector in zip(chunk, vectors):
                known[keys[i]] = vector
                self._unsaved.append(keys[i])
            self.encoded += len(chunk)
            if len(self._unsaved) >= self.step:
                self._save_step()
        if not keys:
            return np.zeros((0, self.info.dimension), dtype=np.float32)
        return np.stack([known[key] for key in keys]).astype(np.float32, copy=False)

    def clear(self) -> None:
        """Drop every saved vector (call once the index holding them is saved)."""
        shutil.rmtree(self.root / ENCODED_DIR, ignore_errors=True)
        self._known, self._unsaved = None, []

    def _saved_vectors(self) -> dict[str, np.ndarray]:
        if self._known is None:
            self._known = {}
            for path in self.folder.glob("*.npz"):
                try:
                    with np.load(path) as step:
                        self._known.update(zip(step["keys"].tolist(), step["vectors"]))
                except (OSError, ValueError, KeyError):
                    continue  # a damaged step is encoded again
        return self._known

    def _save_step(self) -> None:
        self.folder.mkdir(parents=True, exist_ok=True)
        name = uuid.uuid4().hex
        temporary = self.folder / f"{name}.npz.tmp"
        keys = np.array(self._unsaved, dtype="U64")
        vectors = np.stack([self._known[key] for key in self._unsaved])
        with temporary.open("wb") as handle:
            np.savez(handle, keys=keys, vectors=vectors)
        fsync_path(temporary)
        os.replace(temporary, self.folder / f"{name}.npz")
        self._unsaved = []


def _key(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()
