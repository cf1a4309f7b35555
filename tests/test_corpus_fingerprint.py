"""Corpus fingerprints."""

from __future__ import annotations

import hashlib
import json
from dataclasses import replace

from corpus import BUNDLED_ARTICLES, Document, corpus_fingerprint, load_directory


def test_fingerprint_is_stable_and_order_and_path_independent() -> None:
    documents = load_directory(BUNDLED_ARTICLES)
    fingerprint = corpus_fingerprint(documents)
    assert len(fingerprint) == 64 and int(fingerprint, 16) >= 0
    assert corpus_fingerprint(reversed(documents)) == fingerprint
    assert corpus_fingerprint(replace(d, path=f"/elsewhere/{d.id}.txt") for d in documents) == fingerprint


def test_fingerprint_changes_with_content_and_metadata() -> None:
    documents = load_directory(BUNDLED_ARTICLES)
    fingerprint = corpus_fingerprint(documents)
    first, *rest = documents
    assert corpus_fingerprint(rest) != fingerprint
    assert corpus_fingerprint([replace(first, text=first.text + " Tambahan."), *rest]) != fingerprint
    assert corpus_fingerprint([replace(first, publisher="Lain"), *rest]) != fingerprint
    assert corpus_fingerprint([replace(first, id="lain"), *rest]) != fingerprint


def test_credits_change_the_fingerprint_and_articles_without_any_keep_theirs() -> None:
    article = Document("a", "Teks berita.", publisher="ANTARA")
    # The digest of an article without credits, as it was before credits were read (so its index is kept).
    assert corpus_fingerprint([article]) == hashlib.sha256(
        json.dumps(["a", "Teks berita.", None, "ANTARA", None, None, None], separators=(",", ":")).encode()).hexdigest()
    for credit in ("editor", "translator", "writer", "photographer", "photo_caption", "related_headlines"):
        assert corpus_fingerprint([replace(article, **{credit: "Atman Ahdiat"})]) != corpus_fingerprint([article])
