"""Corpus layer of Tanya Berita: loading, cleaning, sentence splitting and chunking of news articles.

This is the lowest layer of the project; it imports nothing from ``embeddings``, ``qa`` or ``ui``.
"""

from pathlib import Path

from corpus.chunking import split_passages
from corpus.errors import CorpusLoadWarning, UnreadableDocumentError
from corpus.fingerprint import corpus_fingerprint
from corpus.loading import ArticleFolder, document_from_text, load_directory, load_file
from corpus.sentences import split_sentences
from corpus.types import ChunkingConfig, Document, Passage
from corpus.valid_text import has_lone_surrogates

BUNDLED_ARTICLES: Path = Path(__file__).resolve().parent / "articles"
"""The five Indonesian news articles shipped with the package."""

ARCHIVE_ARTICLES: Path = Path(__file__).resolve().parent / "archive" / "indosum"
"""The news archive shipped with the package: 3,463 IndoSum articles, 2016–2018 (CC BY-SA 4.0, see its README)."""

__all__ = [
    "ARCHIVE_ARTICLES",
    "ArticleFolder",
    "BUNDLED_ARTICLES",
    "ChunkingConfig",
    "CorpusLoadWarning",
    "Document",
    "Passage",
    "UnreadableDocumentError",
    "corpus_fingerprint",
    "document_from_text",
    "has_lone_surrogates",
    "load_directory",
    "load_file",
    "split_passages",
    "split_sentences",
]
