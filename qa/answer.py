"""What the assistant returns: an answer copied from an article, with its source."""

from __future__ import annotations

from dataclasses import asdict, dataclass, fields

from corpus import Document
from qa.dates import DateMeaning


@dataclass(frozen=True)
class ArticleRef:
    """The article something comes from, as it is cited: its id and what a reader is shown of it (``source``:
    the article's "Sumber:" byline). Built from the corpus document by :meth:`of`."""

    document_id: str
    title: str | None = None
    publisher: str | None = None
    source: str | None = None
    date: str | None = None
    url: str | None = None

    @classmethod
    def of(cls, document: Document) -> "ArticleRef":
        """The reference to ``document``."""
        return cls(document.id, document.title, document.publisher, document.source, document.date, document.url)

    def to_dict(self, with_source: bool = False) -> dict:
        """``document_id``, ``title``, ``publisher``, ``date`` and ``url`` (and ``source`` ``with_source``): the
        keys with which the JSON objects of :meth:`Answer.to_dict` cite the article."""
        data = asdict(self)
        if not with_source:
            del data["source"]
        return data


NO_ARTICLE = dict.fromkeys(field.name for field in fields(ArticleRef))
"""The article keys of :meth:`Answer.to_dict` when no article gives the answer (all null)."""


@dataclass(frozen=True)
class Evidence:
    """A retrieved passage shown to the user, e.g. when the assistant abstains."""

    article: ArticleRef
    passage: str
    retrieval_score: float

    def to_dict(self) -> dict:
        """``{document_id, title, publisher, date, url, passage, retrieval_score}``."""
        return {**self.article.to_dict(), "passage": self.passage, "retrieval_score": self.retrieval_score}


@dataclass(frozen=True)
class Report:
    """How another article gives the answer: its text there, the sentence and the article."""

    text: str
    sentence: str
    article: ArticleRef

    def to_dict(self) -> dict:
        """``{text, sentence, document_id, title, publisher, date, url}``."""
        return {"text": self.text, "sentence": self.sentence, **self.article.to_dict()}


@dataclass(frozen=True)
class Alternative:
    """Another answer the reader found, less likely than the one given: its text, probability and where it
    stands (the article and the sentence), without the question or the passage."""

    text: str
    score: float
    article: ArticleRef
    sentence: str

    @classmethod
    def of(cls, answer: "Answer") -> "Alternative":
        """The alternative that a found ``answer`` (a candidate not given) stands for."""
        if not answer.found or answer.article is None:
            raise ValueError("only an answer found in an article can be an alternative")
        return cls(answer.text, answer.score, answer.article, answer.sentence)

    def to_dict(self) -> dict:
        """``{text, score, document_id, title, publisher, date, url, sentence}``."""
        return {"text": self.text, "score": self.score, **self.article.to_dict(), "sentence": self.sentence}


@dataclass(frozen=True)
class Answer:
    """An extractive answer.

    ``text`` is copied word for word from ``passage`` (``passage[start:end] == text``) of the article
    ``article`` and is ``""`` when the assistant abstains (``found`` is then False: it is True only for an
    answer given; ``article`` is then None). ``alternatives`` are other, less likely answers
    (:class:`Alternative`; on an abstention, the candidates that were not sure enough); ``evidence`` the
    retrieved passages. ``sentence`` is the supporting sentence around the answer, at
    ``passage[sentence_start:sentence_end]``.
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
    article: ArticleRef | None = None
    passage_id: str | None = None
    passage: str = ""
    start: int = 0
    end: int = 0
    sentence: str = ""
    sentence_start: int = 0
    sentence_end: int = 0
    alternatives: tuple[Alternative, ...] = ()
    evidence: tuple[Evidence, ...] = ()
    corroborated_by: tuple[Report, ...] = ()
    disputed_by: tuple[Report, ...] = ()
    date_meaning: DateMeaning | None = None
    understood_as: str | None = None

    def __post_init__(self) -> None:
        if not self.found and (self.text or self.article is not None):
            raise ValueError("an answer not found has no text and no source")

    @property
    def document_id(self) -> str | None:
        """The id of the article that gives the answer; None when none does."""
        return self.article.document_id if self.article else None

    def to_dict(self) -> dict:
        """The JSON object API clients get (``tanya ask --json``, the page's ``/tanya`` endpoint): flat, the
        article's fields beside the answer's.

        Keys: ``question``, ``text`` ("" when not found), ``found``, ``score`` (0-1), the source article
        (``document_id``, ``title``, ``publisher``, ``source``, ``date``, ``url``; null when not found),
        ``passage_id`` and ``passage`` with the answer at ``[start, end)`` and its sentence ``sentence`` at
        ``[sentence_start, sentence_end)``; ``alternatives``: ``[{text, score, document_id, title, publisher,
        date, url, sentence}]``; ``evidence``: ``[{document_id, title, publisher, date, url, passage,
        retrieval_score}]``; ``corroborated_by`` and ``disputed_by``: ``[{text, sentence, document_id,
        title, publisher, date, url}]``; ``date_meaning``: ``{phrase, value, shown}`` or null;
        ``understood_as``: the follow-up as understood, or null.
        """
        return {
            "question": self.question, "text": self.text, "found": self.found, "score": self.score,
            **(self.article.to_dict(with_source=True) if self.article else NO_ARTICLE),
            "passage_id": self.passage_id, "passage": self.passage, "start": self.start, "end": self.end,
            "sentence": self.sentence, "sentence_start": self.sentence_start, "sentence_end": self.sentence_end,
            "alternatives": [alternative.to_dict() for alternative in self.alternatives],
            "evidence": [evidence.to_dict() for evidence in self.evidence],
            "corroborated_by": [report.to_dict() for report in self.corroborated_by],
            "disputed_by": [report.to_dict() for report in self.disputed_by],
            "date_meaning": asdict(self.date_meaning) if self.date_meaning else None,
            "understood_as": self.understood_as,
        }
