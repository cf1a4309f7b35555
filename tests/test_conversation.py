"""Follow-up detection without capital letters, on a labelled list of questions (pure logic)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from qa.benchmark import BUNDLED_QUESTIONS
from qa.conversation import borrowed_topic, is_follow_up, retrieval_query, understood_as

LABELLED = json.loads((Path(__file__).parent / "data" / "follow_up_questions.json").read_text(encoding="utf-8"))
BUNDLED = [item["q"] for item in json.loads(Path(BUNDLED_QUESTIONS).read_text(encoding="utf-8"))["questions"]]
STANDALONE = BUNDLED + LABELLED["standalone"]
FOLLOW_UPS = LABELLED["follow_up"]
TOPIC = "Siapa Menlu Amerika Serikat yang bertelepon dengan Wang Yi?"


def test_the_labelled_list_is_large_enough_and_in_both_cases() -> None:
    assert len(FOLLOW_UPS) >= 30 and len(BUNDLED) >= 40
    for questions in (STANDALONE, FOLLOW_UPS):
        assert any(q == q.lower() for q in questions) and any(q != q.lower() for q in questions)


@pytest.mark.parametrize("question", STANDALONE)
def test_standalone_questions_are_not_follow_ups(question: str) -> None:
    assert not is_follow_up(question)


@pytest.mark.parametrize("question", FOLLOW_UPS)
def test_follow_ups_are_detected(question: str) -> None:
    assert is_follow_up(question)


@pytest.mark.parametrize("question", ["Siapa Patrushev?", "Kapan itu terjadi?", "Apa itu CSTO?", "Lalu Blinken?"])
def test_capital_letters_play_no_part(question: str) -> None:
    assert is_follow_up(question) is is_follow_up(question.lower()) is is_follow_up(question.upper())


def test_a_lower_case_standalone_question_borrows_nothing() -> None:
    question = "siapa mentri luar negri amerika yg telpon wang yi"
    assert borrowed_topic(question, ["Siapa pejabat keamanan Rusia yang ditemui Wang Yi di Moskow?"]) is None
    assert retrieval_query(question, [TOPIC]) == question
    assert understood_as(question, [TOPIC]) is None


def test_a_follow_up_borrows_the_last_standalone_question() -> None:
    history = ["Siapa Patrushev?", TOPIC, "Kapan itu terjadi?"]
    assert borrowed_topic("Di mana dia?", history) == TOPIC
    assert retrieval_query("Di mana dia?", history) == f"{TOPIC} Di mana dia?"
    assert understood_as("Di mana dia?", history) == f"Di mana dia? (tentang: {TOPIC})"


def test_a_follow_up_without_a_topic_is_understood_as_itself() -> None:
    assert understood_as("Kapan itu terjadi?", []) is None
    assert understood_as("Kapan itu terjadi?", ["Mengapa?"]) is None
    assert retrieval_query("Kapan itu terjadi?", ["Mengapa?"]) == "Kapan itu terjadi?"
