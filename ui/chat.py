"""The chat's event handlers: a question in, an answer card out, with the conversation kept per visitor."""

from __future__ import annotations

import logging

import gradio as gr

from qa import Assistant, EmptyQuestionError
from qa.assistant import MAX_QUESTION_CHARS
from ui.render import answer_card, notice, question_bubble

EMPTY_NOTE = "Pertanyaan tidak boleh kosong."
CUT_NOTE = f"Pertanyaan terlalu panjang: hanya {MAX_QUESTION_CHARS} karakter pertama yang dipakai."
FAILURE_NOTE = "Maaf, terjadi kesalahan saat mencari jawaban. Silakan coba lagi."
HISTORY_KEPT = 10
"""How many earlier questions of a conversation are passed on to resolve follow-ups."""

Message = dict[str, str]
logger = logging.getLogger(__name__)


class Chat:
    """Answers for the page, from one :class:`Assistant` shared by every visitor.

    What belongs to one visitor (the messages shown and the questions asked so far) comes in
    and goes out through the handlers' arguments, i.e. Gradio's per-session state, so two
    conversations never mix.
    """

    def __init__(self, assistant: Assistant, top_k: int = 5) -> None:
        self.assistant = assistant
        self.top_k = top_k

    def respond(self, question: str, messages: list[Message], asked: list[str]) -> tuple[str, list[Message], list[str]]:
        """Answer ``question`` as a follow-up of the questions already ``asked``.

        Returns the cleared question box, the messages with the question and its answer card
        appended, and the questions asked including this one.
        """
        question = (question or "").strip()
        if not question:
            return "", [*messages, _reply(notice(EMPTY_NOTE))], asked
        shown = [*messages, {"role": "user", "content": question_bubble(question)}]
        try:
            answer = self.assistant.ask(question, top_k=self.top_k, history=asked[-HISTORY_KEPT:])
        except Exception:  # the page must stay usable whatever goes wrong below it
            logger.exception("answering %r failed", question[:80])
            return "", [*shown, _reply(notice(FAILURE_NOTE))], asked
        card = answer_card(answer)
        if len(question) > MAX_QUESTION_CHARS:
            card = notice(CUT_NOTE) + card
        return "", [*shown, _reply(card)], [*asked, answer.question][-HISTORY_KEPT:]

    def api_answer(self, question: str, history: list[str] | None = None) -> dict:
        """Answer one question; ``history`` holds earlier questions for follow-ups (oldest first).

        Returns the answer as a JSON object: text ("" when not found), found, score, document_id,
        title, publisher, date, passage, start, end, sentence, alternatives and evidence.
        """
        try:
            return self.assistant.ask(question or "", top_k=self.top_k, history=history or ()).to_dict()
        except EmptyQuestionError as error:
            raise gr.Error(EMPTY_NOTE) from error


def _reply(html: str) -> Message:
    return {"role": "assistant", "content": html}
