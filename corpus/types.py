"""Value types shared by the corpus package: documents, passages and the chunking config."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import asdict, dataclass, fields
from typing import Any


@dataclass(frozen=True)
class Document:
    """One cleaned news article.

    ``text`` holds the article body only, paragraphs separated by a blank line ("\\n\\n").
    The metadata fields are ``None`` when neither the file nor the text shows them; ``editor``,
    ``translator``, ``writer`` and ``photographer`` are the people its bylines and photo credits name,
    ``photo_caption`` the caption (as printed, credits included) of the photo ``photographer`` took, else of
    its first photo, ``related_headlines`` the headlines of the articles it links to ("Baca juga: …"), one per
    line: the publisher's own reports, read for the questions they answer (:mod:`qa.credits`).
    """

    id: str
    text: str
    title: str | None = None
    publisher: str | None = None
    source: str | None = None
    date: str | None = None
    url: str | None = None
    path: str | None = None
    editor: str | None = None
    translator: str | None = None
    writer: str | None = None
    photographer: str | None = None
    photo_caption: str | None = None
    related_headlines: str | None = None

    def __post_init__(self) -> None:
        if not isinstance(self.id, str):
            raise TypeError(f"document id must be a str, not {type(self.id).__name__} ({self.id!r})")
        if not self.id.strip():
            raise ValueError("document id must not be empty")
        for field in fields(self)[1:]:
            value = getattr(self, field.name)
            if not (isinstance(value, str) or (value is None and field.name != "text")):
                raise TypeError(f"document {field.name} must be a str, not {type(value).__name__} ({self.id!r})")


@dataclass(frozen=True)
class Passage:
    """A retrievable span of a document; ``text == document.text[start:end]``."""

    id: str
    document_id: str
    index: int
    text: str
    start: int
    end: int


@dataclass(frozen=True)
class ChunkingConfig:
    """How documents are cut into passages.

    Passages hold whole sentences and at most ``max_words`` words; ``min_words`` is the size the
    last passage of a document is topped up to (by reaching back into earlier sentences) when it
    would otherwise be shorter. Consecutive passages share ``overlap_sentences`` sentences: the
    next passage starts with the last sentence(s) of the previous one.
    """

    min_words: int = 80
    max_words: int = 200
    overlap_sentences: int = 1

    def __post_init__(self) -> None:
        for field in fields(self):
            value = getattr(self, field.name)
            if type(value) is not int:
                raise TypeError(f"{field.name} must be an int, got {value!r}")
        if self.min_words < 1:
            raise ValueError(f"min_words must be at least 1, got {self.min_words}")
        if self.max_words < self.min_words:
            raise ValueError(f"max_words ({self.max_words}) must be >= min_words ({self.min_words})")
        if self.overlap_sentences < 0:
            raise ValueError(f"overlap_sentences must be >= 0, got {self.overlap_sentences}")

    def to_dict(self) -> dict[str, int]:
        """Return the config as a JSON-serialisable dict."""
        return asdict(self)

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> ChunkingConfig:
        """Build a config from ``to_dict`` output; missing keys take defaults, unknown keys raise."""
        unknown = set(data) - {f.name for f in fields(cls)}
        if unknown:
            raise ValueError(f"unknown ChunkingConfig keys: {sorted(unknown)}")
        return cls(**data)
