"""What the assistant returns: an answer copied from an article, with its source."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field

from corpus import Document
from qa.dates import DateMeaning


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
class Report:
    """How another article gives the answer: its text there, the sentence and the article."""

    text: str
    sentence: str
    document_id: str
    title: str | None
    publisher: str | None
    date: str | None
    url: str | None

    @classmethod
    def of(cls, document: Document, text: str, sentence: str) -> "Report":
        """The report of ``text`` in ``sentence`` of ``document``."""
        return cls(text, sentence, document.id, document.title, document.publisher, document.date, document.url)


@dataclass(frozen=True)
class Answer:
    """An extractive answer.

    ``text`` is copied word for word from ``passage`` (``passage[start:end] == text``) and
    is ``""`` when the assistant abstains (``found`` is then False). ``sentence`` is the
    supporting sentence around the answer, at ``passage[sentence_start:sentence_end]``.
    ``score`` is the probability that the answer is right (calibrated on the whole pipeline; see
    :mod:`qa.answer_check`). ``corroborated_by`` lists other articles that give the same answer,
    ``disputed_by`` other articles that give another date or figure. ``date_meaning`` is the absolute
    date meant by a relative or partial date in ``text`` ("(10/1)" → "Senin, 10 Januari 2022", see
    :mod:`qa.dates`); ``understood_as`` is the question as understood when it was completed from the
    conversation (a follow-up), else None.
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
    corroborated_by: tuple[Report, ...] = ()
    disputed_by: tuple[Report, ...] = ()
    date_meaning: DateMeaning | None = None
    understood_as: str | None = None

    def to_dict(self) -> dict:
        """JSON-serialisable form (alternatives nested)."""
        return asdict(self)
