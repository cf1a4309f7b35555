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
        self._saved: dict[str, tuple[Path, int]] | None = None
        """Key of a saved vector -> (its step file, its row there); the vectors stay on disk until asked for."""
        self._unsaved: dict[str, np.ndarray] = {}

    @property
    def info(self) -> EncoderInfo:
        """The wrapped encoder's name, fingerprint and dimension."""
        return self.encoder.info

    @property
    def folder(self) -> Path:
        """Where this encoder's saved vectors live (one folder per model and engine)."""
        return self.root / ENCODED_DIR / f"{self.info.fingerprint[:16]}-{self.info.engine}"

    def encode_passages(self, texts: Sequence[str]) -> np.ndarray:
        """Vectors (n, d) for ``texts``: saved ones reused, the others encoded and saved in steps. Only the
        vectors not saved yet (less than a step) are kept in memory between calls."""
        saved = self._saved_vectors()
        keys = [_key(text) for text in texts]
        result = np.zeros((len(keys), self.info.dimension), dtype=np.float32)
        missing = [i for i, key in enumerate(keys) if key not in saved and key not in self._unsaved]
        for start in range(0, len(missing), self.step):
            chunk = missing[start : start + self.step]
            for i, vector in zip(chunk, self.encoder.encode_passages([texts[i] for i in chunk])):
                self._unsaved[keys[i]] = vector
            self.encoded += len(chunk)
            if len(self._unsaved) >= self.step:
                self._save_step()
        by_file: dict[Path, list[tuple[int, int]]] = {}
        for i, key in enumerate(keys):
            if key in self._unsaved:
                result[i] = self._unsaved[key]
            else:
                path, row = saved[key]
                by_file.setdefault(path, []).append((i, row))
        for path, places in by_file.items():
            with np.load(path) as step:
                vectors = step["vectors"]
            for i, row in places:
                result[i] = vectors[row]
        return result

    def clear(self) -> None:
        """Drop every saved vector (call once the index holding them is saved)."""
        shutil.rmtree(self.root / ENCODED_DIR, ignore_errors=True)
        self._saved, self._unsaved = None, {}

    def _saved_vectors(self) -> dict[str, tuple[Path, int]]:
        if self._saved is None:
            self._saved = {}
            for path in self.folder.glob("*.npz"):
                try:
                    with np.load(path) as step:
                        keys = step["keys"].tolist()
                        if step["vectors"].shape != (len(keys), self.info.dimension):
                            continue
                except (OSError, ValueError, KeyError):
                    continue  # a damaged step is encoded again
                self._saved.update((key, (path, row)) for row, key in enumerate(keys))
        return self._saved

    def _save_step(self) -> None:
        self.folder.mkdir(parents=True, exist_ok=True)
        name = uuid.uuid4().hex
        temporary, path = self.folder / f"{name}.npz.tmp", self.folder / f"{name}.npz"
        keys = list(self._unsaved)
        with temporary.open("wb") as handle:
            np.savez(handle, keys=np.array(keys, dtype="U64"), vectors=np.stack(list(self._unsaved.values())))
        fsync_path(temporary)
        os.replace(temporary, path)
        self._saved.update((key, (path, row)) for row, key in enumerate(keys))
        self._unsaved = {}


def _key(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()
