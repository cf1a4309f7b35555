"""Corpus fingerprints."""

from __future__ import annotations

from dataclasses import replace

from corpus import BUNDLED_ARTICLES, corpus_fingerprint, load_directory


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
