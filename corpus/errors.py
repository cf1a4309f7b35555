"""Exceptions and warnings raised while loading documents."""

from __future__ import annotations

from pathlib import Path


class UnreadableDocumentError(ValueError):
    """A file (or in-memory text) that cannot be turned into a document.

    ``location`` is the file path (or document id) and ``reason`` says what is wrong with it.
    """

    def __init__(self, location: str | Path, reason: str) -> None:
        self.location = str(location)
        self.reason = reason
        super().__init__(f"{self.location}: {reason}")


class CorpusLoadWarning(UserWarning):
    """A file or record skipped while loading a directory or a multi-record file."""
