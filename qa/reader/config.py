"""Decoding settings of a trained reader, stored as JSON next to its weights."""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, fields
from pathlib import Path

from embeddings.model_store import DEFAULT_ENCODER

CONFIG_NAME = "reader_config.json"
DELTA_NAME = "reader_delta.safetensors"
"""The trained weights, stored as a difference from the base encoder (see :mod:`qa.reader.delta`)."""
RECIPE_NAME = "training.json"
"""How the reader was trained (written by :mod:`qa.training.train`, read by :mod:`qa.training.soup`)."""


@dataclass(frozen=True)
class ReaderConfig:
    """How a reader was built and how its outputs are decoded.

    ``stride`` is the number of context tokens two consecutive windows share; ``temperature``
    divides span logits before the softmax (fitted for calibration); a reader abstains when its
    best answer's probability is below ``threshold``.
    """

    base_encoder: str = DEFAULT_ENCODER
    base_fingerprint: str = ""
    max_length: int = 256
    stride: int = 96
    max_answer_tokens: int = 30
    spans_per_window: int = 20
    temperature: float = 1.0
    threshold: float = 0.5

    def save(self, directory: Path) -> Path:
        """Write ``reader_config.json`` into ``directory``; returns its path."""
        path = Path(directory) / CONFIG_NAME
        path.write_text(json.dumps(asdict(self), indent=2) + "\n", encoding="utf-8")
        return path

    @classmethod
    def load(cls, directory: Path) -> "ReaderConfig":
        """Read ``reader_config.json`` from ``directory``; unknown keys are rejected."""
        data = json.loads((Path(directory) / CONFIG_NAME).read_text(encoding="utf-8"))
        unknown = set(data) - {f.name for f in fields(cls)}
        if unknown:
            raise ValueError(f"unknown reader settings: {sorted(unknown)}")
        return cls(**data)
