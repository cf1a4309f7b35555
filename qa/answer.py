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
class Alternative:
    """Another answer the reader found, less likely than the one given: its text, probability and where it
    stands (the article and the sentence), without the question or the passage."""

    text: str
    score: float
    document_id: str
    title: str | None
    publisher: str | None
    date: str | None
    url: str | None
    sentence: str

    @classmethod
    def of(cls, answer: "Answer") -> "Alternative":
        """The alternative that a found ``answer`` (a candidate not given) stands for."""
        if not answer.found or answer.document_id is None:
            raise ValueError("only an answer found in an article can be an alternative")
        return cls(answer.text, answer.score, answer.document_id, answer.title, answer.publisher, answer.date,
                   answer.url, answer.sentence)


@dataclass(frozen=True)
class Answer:
    """An extractive answer.

    ``text`` is copied word for word from ``passage`` (``passage[start:end] == text``) and
    is ``""`` when the assistant abstains (``found`` is then False: it is True only for an answer given).
    ``alternatives`` are other, less likely answers (:class:`Alternative`; on an abstention, the candidates
    that were not sure enough); ``evidence`` the retrieved passages. ``sentence`` is the
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
    alternatives: tuple[Alternative, ...] = ()
    evidence: tuple[Evidence, ...] = field(default=())
    corroborated_by: tuple[Report, ...] = ()
    disputed_by: tuple[Report, ...] = ()
    date_meaning: DateMeaning | None = None
    understood_as: str | None = None

    def __post_init__(self) -> None:
        if not self.found and (self.text or self.document_id is not None):
            raise ValueError("an answer not found has no text and no source")

    def to_dict(self) -> dict:
        """The JSON object API clients get (``tanya ask --json``, the page's ``/tanya`` endpoint).

        Keys: ``question``, ``text`` ("" when not found), ``found``, ``score`` (0-1), the source article
        (``document_id``, ``title``, ``publisher``, ``source``, ``date``, ``url``; null when not found),
        ``passage_id`` and ``passage`` with the answer at ``[start, end)`` and its sentence ``sentence`` at
        ``[sentence_start, sentence_end)``; ``alternatives``: ``[{text, score, document_id, title, publisher,
        date, url, sentence}]``; ``evidence``: ``[{document_id, title, publisher, date, passage,
        retrieval_score, url}]``; ``corroborated_by`` and ``disputed_by``: ``[{text, sentence, document_id,
        title, publisher, date, url}]``; ``date_meaning``: ``{phrase, value, shown}`` or null;
        ``understood_as``: the follow-up as understood, or null.
        """
        return asdict(self)
