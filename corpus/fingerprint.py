"""A stable content hash of a set of documents, used to notice that the corpus changed."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable

from corpus.metadata import CREDIT_FIELDS
from corpus.types import Document


def corpus_fingerprint(documents: Iterable[Document]) -> str:
    """Return a sha256 hex digest over each document's id, text and metadata (its credits and linked headlines
    only where it has some, so that the digest of articles without them is what it was before they were read).

    The digest does not depend on document order or on ``path`` (where the files live), only on
    what the documents say.
    """
    return ordered_corpus_fingerprint(sorted(documents, key=lambda doc: fingerprint_order(doc.id)))


def fingerprint_order(document_id: str) -> str:
    """The sort key of documents in the digest: records sort as the JSON of their ids (ids are unique, and
    the JSON of one id is never a prefix of another's), so sorting by it sorts the records."""
    return json.dumps(document_id, ensure_ascii=False)


def ordered_corpus_fingerprint(documents: Iterable[Document]) -> str:
    """:func:`corpus_fingerprint` of ``documents`` already sorted by :func:`fingerprint_order` of their ids,
    hashed as they come (never all held at once)."""
    digest = hashlib.sha256()
    for number, doc in enumerate(documents):
        fields = [doc.id, doc.text, doc.title, doc.publisher, doc.source, doc.date, doc.url]
        credits = [getattr(doc, name) for name in CREDIT_FIELDS]
        fields += credits if any(credits) else []
        fields += ["related", doc.related_headlines] if doc.related_headlines else []
        record = json.dumps(fields, ensure_ascii=False, separators=(",", ":"))
        digest.update((record if number == 0 else "\n" + record).encode("utf-8"))
    return digest.hexdigest()
