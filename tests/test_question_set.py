"""Scoring a question file's answers (pure logic: answers built by hand)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from qa.answer import Answer, ArticleRef
from qa.question_set import BenchQuestion, load_questions, score_answers

REPOSITORY = Path(__file__).resolve().parents[1]
QUESTIONS = [
    BenchQuestion("Siapa menlu Rusia?", ("Sergei Lavrov", "Lavrov"), ("a", "b")),
    BenchQuestion("Kapan Wang Yi menelepon?", ("Senin (10/1)",), ("a",)),
    BenchQuestion("Berapa orang ditahan?", ("7.939 orang",), ("c",)),
    BenchQuestion("Siapa dubes China?", (), ()),
    BenchQuestion("Berapa korban tewas?", (), ("c",)),
]


def _answer(text: str, document: str | None = None) -> Answer:
    return Answer(question="q", text=text, found=bool(text), score=0.5 if text else 0.1,
                  article=ArticleRef(document) if document else None)


def test_counts_and_rates() -> None:
    answers = [_answer("Lavrov", "b"), _answer("Senin", "c"), _answer(""), _answer(""), _answer("7.939", "c")]
    report = score_answers(QUESTIONS, answers, milliseconds=[10, 20, 30, 40, 50])
    assert (report.questions, report.answerable, report.unanswerable) == (5, 3, 2)
    assert report.right_article == 1  # the second answer is from another article, the third abstained
    assert report.exact_match == 33.3  # percent of the answerable questions, one decimal
    assert report.f1 == round(100 * (1.0 + 2 * 0.5 * 1.0 / 1.5) / 3, 1)  # "Senin" against "Senin (10/1)"
    assert (report.declined, report.declined_answerable) == (1, 1)
    assert [miss.question for miss in report.misses] == [q.question for q in QUESTIONS[1:3]] + [QUESTIONS[4].question]
    rates = report.rates()
    assert rates["right_article_rate"] == 33.3 and rates["exact_match"] == 33.3
    assert rates["declined"] == "1/2" and rates["declined_rate"] == 50.0 and rates["ms_per_question"] == 30.0


def test_a_file_without_unanswerable_questions_has_no_declined_rate() -> None:
    report = score_answers(QUESTIONS[:1], [_answer("Sergei Lavrov", "a")])
    assert report.rates()["declined_rate"] is None and report.rates()["exact_match"] == 100.0
    assert report.misses == () and report.ms_per_question is None


def test_one_answer_per_question() -> None:
    with pytest.raises(ValueError, match="2 answers for 5 questions"):
        score_answers(QUESTIONS, [_answer(""), _answer("")])


@pytest.mark.parametrize("name", ["dev_questions_archive.json", "dev_questions_bundled.json"])
def test_development_sets_are_well_formed(name: str) -> None:
    path = REPOSITORY / "tests" / "data" / name
    questions = load_questions(path)
    assert len({q.question for q in questions}) == len(questions)
    assert all(q.documents for q in questions if q.answers)
    assert all(isinstance(a, str) and a.strip() for q in questions for a in q.answers)
    assert json.loads(path.read_text(encoding="utf-8"))["description"]
