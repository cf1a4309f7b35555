"""Question files over a corpus of articles, and how well the assistant answers them.

A file (the peers' format, e.g. ``tests/data/dev_questions_bundled.json``) holds
``{"questions": [{"q", "answers", "docs"}]}``; ``answers == []``
marks a question the articles do not answer, ``docs`` names the articles that answer it. ``tanya bench`` and
``tanya eval questions`` both score their answers with :func:`score_answers`.
"""

from __future__ import annotations

import json
import time
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from qa.answer import Answer
from qa.assistant import Assistant
from qa.metrics import answer_figures, exact_match, share

RATE_DIGITS = 1
"""Decimals of the rates (percent) of a question file."""


@dataclass(frozen=True)
class BenchQuestion:
    """A question, its accepted answers (none: the articles don't answer it) and the articles that do."""

    question: str
    answers: tuple[str, ...]
    documents: tuple[str, ...]


@dataclass(frozen=True)
class Miss:
    """A question answered wrongly: an answerable one not matched exactly, or an unanswerable one answered."""

    question: str
    expected: tuple[str, ...]
    given: str
    document_id: str | None
    expected_documents: tuple[str, ...]
    score: float


@dataclass(frozen=True)
class QuestionSetReport:
    """Counts and rates (percent, ``None`` when nothing was counted) of the answers to a question file.

    ``exact_match`` and ``f1`` are in percent (:func:`qa.metrics.answer_figures`); they, ``right_article`` and
    ``declined_answerable`` are over the answerable questions (an abstention scores 0), ``declined`` over the
    unanswerable ones.
    """

    questions: int
    answerable: int
    right_article: int
    exact_match: float | None
    f1: float | None
    declined: int
    declined_answerable: int
    ms_per_question: float | None
    misses: tuple[Miss, ...]

    @property
    def unanswerable(self) -> int:
        """Questions the articles do not answer."""
        return self.questions - self.answerable

    def rates(self) -> dict:
        """The report as figures: counts, ``*_rate`` percentages, EM/F1 in percent, ms per question."""
        return {
            "questions": self.questions,
            "answerable": self.answerable,
            "unanswerable": self.unanswerable,
            "right_article": self.right_article,
            "right_article_rate": share(self.right_article, self.answerable, RATE_DIGITS),
            "exact_match": self.exact_match,
            "f1": self.f1,
            "declined": f"{self.declined}/{self.unanswerable}",
            "declined_rate": share(self.declined, self.unanswerable, RATE_DIGITS),
            "declined_answerable": f"{self.declined_answerable}/{self.answerable}",
            "declined_answerable_rate": share(self.declined_answerable, self.answerable, RATE_DIGITS),
            "ms_per_question": self.ms_per_question,
        }


def load_questions(path: Path) -> list[BenchQuestion]:
    """The questions of a file in the peers' format."""
    records = json.loads(Path(path).read_text(encoding="utf-8"))["questions"]
    return [BenchQuestion(r["q"], tuple(r["answers"]), tuple(r.get("docs", ()))) for r in records]


def score_answers(questions: Sequence[BenchQuestion], answers: Sequence[Answer],
                  milliseconds: Sequence[float] = ()) -> QuestionSetReport:
    """The report of ``answers`` (one per question, in order; ``milliseconds``: the time each took)."""
    if len(questions) != len(answers):
        raise ValueError(f"{len(answers)} answers for {len(questions)} questions")
    answerable = [(q, a) for q, a in zip(questions, answers) if q.answers]
    quality = answer_figures(((a.text, q.answers) for q, a in answerable), RATE_DIGITS)
    misses = [
        Miss(q.question, q.answers, a.text, a.document_id, q.documents, round(a.score, 3))
        for q, a in zip(questions, answers)
        if (exact_match(a.text, q.answers) == 0.0 if q.answers else a.found)
    ]
    return QuestionSetReport(
        questions=len(questions),
        answerable=len(answerable),
        right_article=sum(a.found and a.document_id in q.documents for q, a in answerable),
        exact_match=quality["exact_match"],
        f1=quality["f1"],
        declined=sum(not a.found for q, a in zip(questions, answers) if not q.answers),
        declined_answerable=sum(not a.found for _, a in answerable),
        ms_per_question=round(sum(milliseconds) / len(milliseconds), 1) if milliseconds else None,
        misses=tuple(misses),
    )


def ask_questions(assistant: Assistant, questions: Sequence[BenchQuestion],
                  top_k: int | None = None) -> tuple[list[Answer], list[float]]:
    """The assistant's answer to each question from ``top_k`` passages (default: ``assistant.top_k``) and the
    milliseconds each took."""
    answers, milliseconds = [], []
    for item in questions:
        started = time.perf_counter()
        answers.append(assistant.ask(item.question, top_k=top_k))
        milliseconds.append(1000 * (time.perf_counter() - started))
    return answers, milliseconds
