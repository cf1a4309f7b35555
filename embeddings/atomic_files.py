"""Files that are either fully written or not there at all."""

from __future__ import annotations

import os
import uuid
from pathlib import Path


def atomic_write_text(path: Path, text: str) -> None:
    """Write ``text`` (UTF-8) to ``path`` through an fsynced temporary file and ``os.replace``."""
    temporary = path.with_name(f".{path.name}.{uuid.uuid4().hex[:8]}")
    try:
        temporary.write_text(text, encoding="utf-8")
        fsync_path(temporary)
        os.replace(temporary, path)
    except BaseException:
        temporary.unlink(missing_ok=True)
        raise


def fsync_path(path: Path) -> None:
    """Flush a file's data to disk."""
    with path.open("rb") as handle:
        os.fsync(handle.fileno())
