"""Articles added through the API, kept next to the index versions so a rebuild can read them back.

They come from no file of the indexed folder, so when the index is rebuilt (after damage, or
for another encoder) they are read from here: ``root/uploads/<sha256 of the id>.json``, one
document per file, written atomically.
"""

from __future__ import annotations

import hashlib
import json
import logging
from dataclasses import asdict, dataclass
from pathlib import Path

from corpus import Document
from embeddings.atomic_files import atomic_write_text

UPLOADS_DIR = "uploads"

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class UploadStore:
    """The uploaded articles of the index at ``root`` (callers hold its write lock to change them)."""

    root: Path

    @property
    def folder(self) -> Path:
        """Where the documents are kept."""
        return Path(self.root) / UPLOADS_DIR

    def __contains__(self, document_id: object) -> bool:
        return isinstance(document_id, str) and self._path(document_id).exists()

    def put(self, document: Document) -> None:
        """Keep ``document`` (replacing one with the same id)."""
        self.folder.mkdir(parents=True, exist_ok=True)
        atomic_write_text(self._path(document.id), json.dumps(asdict(document)))

    def discard(self, document_id: str) -> None:
        """Forget the document ``document_id``, if kept."""
        self._path(document_id).unlink(missing_ok=True)

    def documents(self) -> list[Document]:
        """The kept documents, sorted by id; an unreadable file is skipped with a logged warning."""
        documents = []
        for path in self.folder.glob("*.json"):
            try:
                documents.append(Document(**json.loads(path.read_text(encoding="utf-8"))))
            except (OSError, ValueError, TypeError) as error:
                logger.warning("skipping the unreadable uploaded article %s: %s", path, error)
        return sorted(documents, key=lambda d: d.id)

    def _path(self, document_id: str) -> Path:
        return self.folder / f"{hashlib.sha256(document_id.encode('utf-8', 'surrogatepass')).hexdigest()[:32]}.json"
