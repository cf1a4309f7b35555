"""A stable content hash of a set of documents, used to notice that the corpus changed."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable

from corpus.types import Document


def corpus_fingerprint(documents: Iterable[Document]) -> str:
    """Return a sha256 hex digest over each document's id, text and metadata.

    The digest does not depend on document order or on ``path`` (where the files live), only on
    what the documents say.
    """
    records = sorted(
        json.dumps(
            [doc.id, doc.text, doc.title, doc.publisher, doc.source, doc.date, doc.url],
            ensure_ascii=False,
            separators=(",", ":"),
        )
        for doc in documents
    )
    return hashlib.sha256("\n".join(records).encode("utf-8")).hexdigest()
