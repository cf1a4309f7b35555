"""Question + context pairs as model windows: stride over long contexts, character offsets kept."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np

from embeddings.encoder import pad

if TYPE_CHECKING:
    from tokenizers import Tokenizer

MAX_QUESTION_TOKENS = 64


@dataclass(frozen=True)
class Window:
    """One model input: the question and a slice of one context.

    ``offsets[i]`` is the character span of token ``i`` in the context (meaningful only for
    ``context_start <= i <= context_end``); position 0 is ``<s>``, the no-answer position.
    """

    pair_index: int
    input_ids: list[int]
    offsets: list[tuple[int, int]]
    context_start: int
    context_end: int


class WindowTokenizer:
    """Cuts (question, context) pairs into windows of at most ``max_length`` tokens, consecutive windows of a
    long context sharing ``stride`` tokens.

    ``tokenizer`` is a fast tokenizer of the ``tokenizers`` library with truncation and padding off (the shared
    one of :func:`embeddings.tokenizer.shared_tokenizer`, or a transformers tokenizer's ``backend_tokenizer``);
    it is never changed here, so one instance serves the encoder, the reader and several threads at once. The
    windows are those of the tokenizer's own pair truncation ("only_second", with stride), built per pair from
    the question's and the context's encodings.
    """

    def __init__(self, tokenizer: Tokenizer, max_length: int, stride: int) -> None:
        self.tokenizer = tokenizer
        self.max_length = max_length
        self.stride = stride
        self._pair_specials = tokenizer.num_special_tokens_to_add(True)

    def windows(self, questions: Sequence[str], contexts: Sequence[str]) -> list[Window]:
        """The windows of every ``(questions[i], contexts[i])`` pair, in pair order."""
        encoded_questions = self.tokenizer.encode_batch([self._clip(q) for q in questions], add_special_tokens=False)
        encoded_contexts = self.tokenizer.encode_batch(list(contexts), add_special_tokens=False)
        windows = []
        for pair_index, (question, context) in enumerate(zip(encoded_questions, encoded_contexts)):
            context.truncate(self.max_length - len(question.ids) - self._pair_specials, stride=self.stride)
            for piece in (context, *context.overflowing):
                encoding = self.tokenizer.post_process(question, piece)
                context_positions = [p for p, s in enumerate(encoding.sequence_ids) if s == 1]
                windows.append(
                    Window(
                        pair_index=pair_index,
                        input_ids=list(encoding.ids),
                        offsets=[tuple(o) for o in encoding.offsets],
                        context_start=context_positions[0],
                        context_end=context_positions[-1],
                    )
                )
        return windows

    def _clip(self, question: str) -> str:
        """The question cut to :data:`MAX_QUESTION_TOKENS` tokens, so a window always has room for context."""
        offsets = self.tokenizer.encode(question, add_special_tokens=False).offsets
        if len(offsets) <= MAX_QUESTION_TOKENS:
            return question
        return question[: offsets[MAX_QUESTION_TOKENS - 1][1]]


def collate(windows: Sequence[Window], pad_id: int) -> dict[str, np.ndarray]:
    """Pad windows to the longest one: ``input_ids``, ``attention_mask`` (int64) and ``answer_mask`` (bool).

    ``answer_mask`` is True where a span may start or end (context tokens) and at ``<s>``.
    """
    input_ids, attention_mask = pad([w.input_ids for w in windows], pad_id)
    answer_mask = np.zeros(input_ids.shape, dtype=bool)
    for row, window in enumerate(windows):
        answer_mask[row, 0] = True
        answer_mask[row, window.context_start : window.context_end + 1] = True
    return {"input_ids": input_ids, "attention_mask": attention_mask, "answer_mask": answer_mask}
