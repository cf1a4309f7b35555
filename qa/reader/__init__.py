"""Extractive question-answering reader: a fine-tuned multilingual-e5-small that picks answer spans.

Public entry points: :class:`SpanReader` (load + read), :class:`Span` / :class:`ReaderResult` (its output)
and :class:`ReaderConfig` (decoding settings stored next to the weights).
"""

from qa.reader.config import ReaderConfig
from qa.reader.decoding import ReaderResult, Span
from qa.reader.reader import SpanReader

__all__ = ["ReaderConfig", "ReaderResult", "Span", "SpanReader"]
