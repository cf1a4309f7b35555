"""The chat handlers' own logic (pending turns, history, notes, failures), around a stand-in assistant."""

from __future__ import annotations

from collections.abc import Sequence
from threading import Barrier, Thread
from types import SimpleNamespace

import gradio as gr
import pytest

from qa import Answer
from qa.assistant import MAX_QUESTION_CHARS, prepare_question
from qa.replicas import ReplicaError
from ui.chat import CUT_NOTE, EMPTY_NOTE, FAILURE_NOTE, REPLICA_NOTE, Chat, messages
from ui.conversation import HISTORY_KEPT, Conversation


class StandIn:
    """Answers every question with its own text and records the history it was given."""

    def __init__(self, fail: bool = False, barrier: Barrier | None = None) -> None:
        self.fail = fail
        self.barrier = barrier
        self.histories: list[list[str]] = []
        self.index = SimpleNamespace(documents={})

    def ask(self, question: str, top_k: int = 5, history: Sequence[str] = ()) -> Answer:
        if self.barrier:
            self.barrier.wait(timeout=10)
        if self.fail:
            raise RuntimeError("index unavailable")
        self.histories.append(list(history))
        question = prepare_question(question)
        return Answer(question=question, text=question, found=True, score=0.9, passage=question, end=len(question))


def _answered(chat: Chat, conversation: Conversation) -> list[dict]:
    *_, shown = chat.answer(conversation)
    return shown


def test_a_question_is_shown_at_once_then_answered() -> None:
    chat, conversation = Chat(StandIn()), Conversation()  # type: ignore[arg-type]
    shown, note = chat.ask(" Siapa bertemu Patrushev? ", conversation)
    assert note == "" and [m["role"] for m in shown] == ["user", "assistant"]
    assert "Siapa bertemu Patrushev?" in shown[0]["content"] and "Mencari jawaban…" in shown[1]["content"]
    shown = _answered(chat, conversation)
    assert "tb-found" in shown[1]["content"] and "Mencari" not in shown[1]["content"]
    assert list(chat.answer(conversation)) == []  # nothing left to answer


def test_questions_asked_before_an_answer_keep_their_turn_and_context() -> None:
    assistant = StandIn()
    chat, conversation = Chat(assistant), Conversation()  # type: ignore[arg-type]
    chat.ask("Siapa bertemu Patrushev?", conversation)
    chat.ask("Kapan itu terjadi?", conversation)  # typed while the first answer is still loading
    shown = _answered(chat, conversation)
    assert assistant.histories == [[], ["Siapa bertemu Patrushev?"]]
    assert [m["role"] for m in shown] == ["user", "assistant"] * 2 and "Mencari" not in str(shown)


def test_concurrent_answer_events_answer_each_question_once() -> None:
    assistant = StandIn(barrier=Barrier(2))  # both answers are looked up at the same time
    chat, conversation = Chat(assistant), Conversation()  # type: ignore[arg-type]
    chat.ask("satu", conversation)
    chat.ask("dua", conversation)
    runs = [Thread(target=lambda: list(chat.answer(conversation))) for _ in range(2)]
    for run in runs:
        run.start()
    for run in runs:
        run.join()
    assert sorted(map(tuple, assistant.histories)) == [(), ("satu",)]
    assert "Mencari" not in str(messages(conversation)) and len(messages(conversation)) == 4


def test_only_recent_questions_are_context() -> None:
    assistant = StandIn()
    chat, conversation = Chat(assistant), Conversation()  # type: ignore[arg-type]
    for i in range(HISTORY_KEPT + 2):
        chat.ask(f"q{i}", conversation)
    _answered(chat, conversation)
    assert assistant.histories[-1] == [f"q{i}" for i in range(1, HISTORY_KEPT + 1)]


def test_an_empty_question_only_shows_a_note() -> None:
    assistant = StandIn()
    chat, conversation = Chat(assistant), Conversation()  # type: ignore[arg-type]
    for _ in range(3):
        shown, note = chat.ask("   ", conversation)
        assert isinstance(shown, type(gr.skip())) and EMPTY_NOTE in note
    assert conversation.turns == [] and list(chat.answer(conversation)) == []


def test_a_long_question_is_answered_with_a_note() -> None:
    chat, conversation = Chat(StandIn()), Conversation()  # type: ignore[arg-type]
    chat.ask("kata " * MAX_QUESTION_CHARS, conversation)
    with pytest.warns(UserWarning, match="only the first"):
        shown = _answered(chat, conversation)
    assert CUT_NOTE in shown[-1]["content"]


def test_a_failure_below_is_reported_in_indonesian_and_is_no_context() -> None:
    chat, conversation = Chat(StandIn(fail=True)), Conversation()  # type: ignore[arg-type]
    chat.ask("Apa?", conversation)
    assert FAILURE_NOTE in _answered(chat, conversation)[-1]["content"]
    assert conversation.claim() is None and not conversation.turns[0].context


def test_a_new_conversation_drops_answers_still_on_their_way() -> None:
    chat, conversation = Chat(StandIn()), Conversation()  # type: ignore[arg-type]
    chat.ask("Apa?", conversation)
    claimed = conversation.claim()
    conversation.clear()
    assert claimed is not None and messages(conversation) == []


def test_the_api_refuses_an_empty_question_in_indonesian_without_a_traceback() -> None:
    with pytest.raises(gr.Error, match=EMPTY_NOTE) as refused:
        Chat(StandIn()).api_answer("  ")  # type: ignore[arg-type]
    assert refused.value.print_exception is False


class StoppedReplicas:
    """Replicas whose every answer fails as a crashed replica's does."""

    def ask(self, question: str, top_k: int | None = None, history: Sequence[str] = ()) -> Answer:
        raise ReplicaError("replica 1 stopped while answering")


def test_a_stopped_replica_is_reported_in_indonesian_on_the_page_and_in_the_api() -> None:
    chat, conversation = Chat(StandIn(), StoppedReplicas()), Conversation()  # type: ignore[arg-type]
    chat.ask("Apa?", conversation)
    assert REPLICA_NOTE in _answered(chat, conversation)[-1]["content"]
    assert not conversation.turns[0].context
    with pytest.raises(gr.Error, match="dijalankan ulang") as refused:
        chat.api_answer("Apa?")
    assert refused.value.print_exception is False
