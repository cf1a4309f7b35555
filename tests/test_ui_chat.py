"""The chat handler's own logic (notes, history, failures), around a stand-in assistant."""

from __future__ import annotations

from collections.abc import Sequence

import gradio as gr
import pytest

from qa import Answer
from qa.assistant import MAX_QUESTION_CHARS, prepare_question
from ui.chat import CUT_NOTE, EMPTY_NOTE, FAILURE_NOTE, HISTORY_KEPT, Chat


class StandIn:
    """Answers every question with its own text and records the history it was given."""

    def __init__(self, fail: bool = False) -> None:
        self.fail = fail
        self.histories: list[list[str]] = []

    def ask(self, question: str, top_k: int = 5, history: Sequence[str] = ()) -> Answer:
        if self.fail:
            raise RuntimeError("index unavailable")
        self.histories.append(list(history))
        question = prepare_question(question)
        return Answer(question=question, text="", found=False, score=0.0)


def test_questions_are_asked_with_the_conversation_so_far() -> None:
    assistant = StandIn()
    chat = Chat(assistant)  # type: ignore[arg-type]
    box, messages, asked = chat.respond("Siapa bertemu Patrushev?", [], [])
    box, messages, asked = chat.respond(" Kapan itu terjadi? ", messages, asked)
    assert box == "" and asked == ["Siapa bertemu Patrushev?", "Kapan itu terjadi?"]
    assert assistant.histories == [[], ["Siapa bertemu Patrushev?"]]
    assert [m["role"] for m in messages] == ["user", "assistant"] * 2


def test_only_recent_questions_are_kept() -> None:
    chat = Chat(StandIn())  # type: ignore[arg-type]
    _, _, asked = chat.respond("terbaru", [], [f"q{i}" for i in range(HISTORY_KEPT)])
    assert len(asked) == HISTORY_KEPT and asked[-1] == "terbaru"


def test_an_empty_question_gets_a_note_and_changes_no_history() -> None:
    assistant = StandIn()
    _, messages, asked = Chat(assistant).respond("   ", [], ["sebelumnya"])  # type: ignore[arg-type]
    assert asked == ["sebelumnya"] and assistant.histories == []
    assert messages == [{"role": "assistant", "content": f'<div class="tb-card tb-notice">{EMPTY_NOTE}</div>'}]


def test_a_long_question_is_answered_with_a_note() -> None:
    with pytest.warns(UserWarning, match="only the first"):
        _, messages, asked = Chat(StandIn()).respond("kata " * MAX_QUESTION_CHARS, [], [])  # type: ignore[arg-type]
    assert CUT_NOTE in messages[-1]["content"] and len(asked[0]) <= MAX_QUESTION_CHARS


def test_a_failure_below_is_reported_in_indonesian() -> None:
    _, messages, asked = Chat(StandIn(fail=True)).respond("Apa?", [], [])  # type: ignore[arg-type]
    assert FAILURE_NOTE in messages[-1]["content"] and asked == []


def test_the_api_refuses_an_empty_question_in_indonesian() -> None:
    with pytest.raises(gr.Error, match=EMPTY_NOTE):
        Chat(StandIn()).api_answer("  ")  # type: ignore[arg-type]
