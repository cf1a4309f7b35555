"""Question + context pairs as model windows: stride over long contexts, character offsets kept."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import torch
from transformers import PreTrainedTokenizerFast

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


def encode_windows(
    tokenizer: PreTrainedTokenizerFast,
    questions: Sequence[str],
    contexts: Sequence[str],
    max_length: int,
    stride: int,
) -> list[Window]:
    """Tokenise ``(questions[i], contexts[i])`` pairs into windows of at most ``max_length`` tokens.

    A context longer than one window is split into several that overlap by ``stride`` tokens.
    """
    questions = [_clip_question(tokenizer, q) for q in questions]
    encoded = tokenizer(
        list(questions),
        list(contexts),
        truncation="only_second",
        max_length=max_length,
        stride=stride,
        return_overflowing_tokens=True,
        return_offsets_mapping=True,
    )
    windows = []
    for i, pair_index in enumerate(encoded["overflow_to_sample_mapping"]):
        sequence_ids = encoded.sequence_ids(i)
        context_positions = [p for p, s in enumerate(sequence_ids) if s == 1]
        windows.append(
            Window(
                pair_index=pair_index,
                input_ids=encoded["input_ids"][i],
                offsets=[tuple(o) for o in encoded["offset_mapping"][i]],
                context_start=context_positions[0],
                context_end=context_positions[-1],
            )
        )
    return windows


def _clip_question(tokenizer: PreTrainedTokenizerFast, question: str) -> str:
    """The question cut to :data:`MAX_QUESTION_TOKENS` tokens, so a window always has room for context."""
    encoded = tokenizer(question, add_special_tokens=False, return_offsets_mapping=True)
    if len(encoded["input_ids"]) <= MAX_QUESTION_TOKENS:
        return question
    return question[: encoded["offset_mapping"][MAX_QUESTION_TOKENS - 1][1]]


def collate(windows: Sequence[Window], pad_id: int) -> dict[str, torch.Tensor]:
    """Pad windows to the longest one: ``input_ids``, ``attention_mask`` and ``answer_mask``.

    ``answer_mask`` is True where a span may start or end (context tokens) and at ``<s>``.
    """
    width = max(len(w.input_ids) for w in windows)
    input_ids = torch.full((len(windows), width), pad_id, dtype=torch.long)
    attention_mask = torch.zeros((len(windows), width), dtype=torch.long)
    answer_mask = torch.zeros((len(windows), width), dtype=torch.bool)
    for row, window in enumerate(windows):
        input_ids[row, : len(window.input_ids)] = torch.tensor(window.input_ids)
        attention_mask[row, : len(window.input_ids)] = 1
        answer_mask[row, 0] = True
        answer_mask[row, window.context_start : window.context_end + 1] = True
    return {"input_ids": input_ids, "attention_mask": attention_mask, "answer_mask": answer_mask}
