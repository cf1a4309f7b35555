"""What the assistant returns: an answer copied from an article, with its source."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field


@dataclass(frozen=True)
class Evidence:
    """A retrieved passage shown to the user, e.g. when the assistant abstains."""

    document_id: str
    title: str | None
    publisher: str | None
    date: str | None
    passage: str
    retrieval_score: float
    url: str | None = None


@dataclass(frozen=True)
class Answer:
    """An extractive answer.

    ``text`` is copied word for word from ``passage`` (``passage[start:end] == text``) and
    is ``""`` when the assistant abstains (``found`` is then False). ``sentence`` is the
    supporting sentence around the answer, at ``passage[sentence_start:sentence_end]``.
    ``score`` is the reader's confidence in [0, 1].
    """

    question: str
    text: str
    found: bool
    score: float
    document_id: str | None = None
    title: str | None = None
    publisher: str | None = None
    source: str | None = None
    date: str | None = None
    url: str | None = None
    passage_id: str | None = None
    passage: str = ""
    start: int = 0
    end: int = 0
    sentence: str = ""
    sentence_start: int = 0
    sentence_end: int = 0
    alternatives: tuple["Answer", ...] = ()
    evidence: tuple[Evidence, ...] = field(default=())

    def to_dict(self) -> dict:
        """JSON-serialisable form (alternatives nested)."""
        return asdict(self)
