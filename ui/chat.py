"""The chat's event handlers: questions in, answer cards out, each visitor's conversation kept on the server."""

from __future__ import annotations

import logging
from collections.abc import Iterator
from typing import Any

import gradio as gr

from qa import Assistant, EmptyQuestionError
from qa.assistant import MAX_QUESTION_CHARS
from qa.replicas import Answerer, ReplicaError
from ui.conversation import Conversation
from ui.render import answer_card, notice, pending_card, question_bubble
from ui.sources import titled

EMPTY_NOTE = "Pertanyaan tidak boleh kosong."
CUT_NOTE = f"Pertanyaan terlalu panjang: hanya {MAX_QUESTION_CHARS} karakter pertama yang dipakai."
FAILURE_NOTE = "Maaf, terjadi kesalahan saat mencari jawaban. Silakan coba lagi."
REPLICA_NOTE = ("Maaf, proses penjawab pertanyaan ini terhenti dan sedang dijalankan ulang. "
                "Silakan tanyakan lagi sebentar lagi.")

Message = dict[str, str]
logger = logging.getLogger(__name__)


class Chat:
    """Answers for the page, from one :class:`Assistant` shared by every visitor, or from ``answers``
    (a :class:`qa.replicas.ReplicaPool` answering over the assistant's index) when given.

    A question is handled in two events: :meth:`ask` shows it at once with a pending reply, then
    :meth:`answer` looks the answer up. Both work on the visitor's own :class:`Conversation`
    (Gradio session state), so conversations never mix and a turn is never overwritten.
    """

    def __init__(self, assistant: Assistant, answers: Answerer | None = None) -> None:
        self.assistant = assistant
        self.answers = answers or assistant

    def ask(self, question: str | None, conversation: Conversation) -> tuple[Any, str]:
        """Add ``question`` to the conversation as pending.

        Returns the messages and the note under the question box. An empty question leaves the
        messages as they are and only shows :data:`EMPTY_NOTE` there (once, however often sent).
        """
        question = (question or "").strip()
        if not question:
            return gr.skip(), notice(EMPTY_NOTE)
        conversation.ask(question)
        return messages(conversation), ""

    def answer(self, conversation: Conversation) -> Iterator[list[Message]]:
        """Answer the conversation's pending questions, oldest first; yields the messages after each.

        Each event that showed a question runs this once; whichever run comes first takes the
        oldest question nobody answers yet, so every question is answered exactly once.
        """
        while (claimed := conversation.claim()) is not None:
            turn, earlier = claimed
            try:
                answer = self.answers.ask(turn.question, history=earlier)
            except ReplicaError as error:
                logger.warning("answering %r failed: %s", turn.question[:80], error)
                turn.reply, turn.context = notice(REPLICA_NOTE), False
            except Exception:  # the page must stay usable whatever goes wrong below it
                logger.exception("answering %r failed", turn.question[:80])
                turn.reply, turn.context = notice(FAILURE_NOTE), False
            else:
                card = answer_card(titled(answer, self.assistant.index.documents))
                turn.reply = (notice(CUT_NOTE) + card) if len(turn.question) > MAX_QUESTION_CHARS else card
            yield messages(conversation)

    def api_answer(self, question: str, history: list[str] | None = None) -> dict:
        """Answer one question; ``history`` holds earlier questions for follow-ups (oldest first).

        Returns the answer as a JSON object: :meth:`qa.Answer.to_dict` (its docstring lists the keys).
        """
        try:
            return self.answers.ask(question or "", history=history or ()).to_dict()
        except EmptyQuestionError as error:  # the caller's mistake: an answer, not a server-log traceback
            raise gr.Error(EMPTY_NOTE, print_exception=False) from error
        except ReplicaError as error:
            logger.warning("answering %r failed: %s", (question or "")[:80], error)
            raise gr.Error(REPLICA_NOTE, print_exception=False) from error


def messages(conversation: Conversation) -> list[Message]:
    """The chat messages of ``conversation``: each question, then its reply or the pending card."""
    shown: list[Message] = []
    for turn in conversation.turns:
        shown.append({"role": "user", "content": question_bubble(turn.question)})
        shown.append({"role": "assistant", "content": turn.reply or pending_card()})
    return shown
