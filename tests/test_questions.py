"""Checks and cleaning of the arguments of ``Assistant.ask``, through the real assistant."""

from __future__ import annotations

import dataclasses
import math
import shutil
from pathlib import Path

import numpy as np
import pytest

from corpus import BUNDLED_ARTICLES
from qa import Assistant, EmptyQuestionError, Settings

QUESTION = "Siapa Perdana Menteri Kazakhstan yang berbicara dengan Wang Yi?"


@pytest.fixture(scope="module")
def assistant(tmp_path_factory: pytest.TempPathFactory, settings: Settings) -> Assistant:
    folder = tmp_path_factory.mktemp("questions") / "articles"
    shutil.copytree(BUNDLED_ARTICLES, folder)
    return Assistant.from_directory(folder, dataclasses.replace(settings, reader_kind="sentence"))


@pytest.mark.parametrize("top_k", [2.5, math.inf, math.nan, "5", True, 5.0])
def test_top_k_must_be_an_int(assistant: Assistant, top_k) -> None:
    with pytest.raises(TypeError, match="top_k must be an int"):
        assistant.ask(QUESTION, top_k=top_k)
    with pytest.raises(TypeError, match="top_k must be an int"):
        assistant.retrieve(QUESTION, top_k=top_k)


@pytest.mark.parametrize("top_k", [0, -3])
def test_top_k_must_be_positive(assistant: Assistant, top_k: int) -> None:
    with pytest.raises(ValueError, match="top_k must be at least 1"):
        assistant.ask(QUESTION, top_k=top_k)


def test_top_k_may_be_a_numpy_int(assistant: Assistant) -> None:
    assert len(assistant.retrieve(QUESTION, top_k=np.int64(2))) == 2


def test_top_k_defaults_to_the_settings(assistant: Assistant) -> None:
    assert assistant.top_k == 5 and len(assistant.retrieve(QUESTION)) == 5
    assistant.top_k = 2
    assert len(assistant.retrieve(QUESTION)) == 2


@pytest.mark.parametrize("history", ["Apa kata Wang kepada Blinken?", [1], ["Siapa Wang Yi?", None], 5, b"Siapa?"])
def test_history_must_be_a_sequence_of_strings(assistant: Assistant, history) -> None:
    with pytest.raises(TypeError, match="history"):
        assistant.ask("Kapan itu terjadi?", history=history)


@pytest.mark.parametrize("question", ["Siapa\ud800 Wang Yi?", "\udcff"])
def test_a_lone_surrogate_is_refused_clearly(assistant: Assistant, question: str) -> None:
    with pytest.raises(ValueError, match="not valid Unicode"):
        assistant.ask(question)
    with pytest.raises(ValueError, match="history.*not valid Unicode"):
        assistant.ask("Kapan itu terjadi?", history=[question])


@pytest.mark.parametrize("question", [
    "\u200b", "\u200b\u200c\u200d\ufeff", "\x00\x00", " \u2060\u00ad\t\x00 \u200e", "\x1b\x7f\x85",
])
def test_a_question_of_invisible_characters_is_empty(assistant: Assistant, question: str) -> None:
    with pytest.raises(EmptyQuestionError):
        assistant.ask(question)


def test_invisible_characters_are_dropped_from_a_question(assistant: Assistant) -> None:
    answer = assistant.ask("Siapa\u200b Perdana\x00Menteri Kazakhstan yang berbicara dengan Wang\ufeff Yi?")
    assert answer.question == "Siapa Perdana Menteri Kazakhstan yang berbicara dengan Wang Yi?"
    assert answer.found
