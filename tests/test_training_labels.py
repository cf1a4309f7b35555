"""Training labels: a gold answer's characters become the start and end tokens of every window that holds it whole."""

from __future__ import annotations

import pytest
from tokenizers import Tokenizer, models, pre_tokenizers, processors

from qa.qa_records import GoldAnswer, QARecord
from qa.training.training_data import label_windows

CONTEXT = "a1 b2 c3 d4 e5 f6 g7 h8 i9 j10"
MAX_LENGTH, STRIDE = 12, 3
"""Windows of ``<s> q </s> </s>`` + 7 context words + ``</s>``; consecutive windows share 3 context words."""


def _word_tokenizer() -> Tokenizer:
    """One token per word (all unknown but the specials), with the reader's pair template."""
    tokenizer = Tokenizer(models.WordLevel({"<s>": 0, "<pad>": 1, "</s>": 2, "<unk>": 3}, unk_token="<unk>"))
    tokenizer.pre_tokenizer = pre_tokenizers.WhitespaceSplit()
    tokenizer.post_processor = processors.TemplateProcessing(
        single="<s> $A </s>", pair="<s> $A </s> </s> $B </s>", special_tokens=[("<s>", 0), ("</s>", 2)])
    return tokenizer


def _labels(answer: str) -> list[str | None]:
    """Per window, the context text between the labelled start and end tokens (None: labelled ``<s>``)."""
    record = QARecord("q", "q", CONTEXT, (GoldAnswer(answer, CONTEXT.index(answer)),))
    labelled = label_windows([record], _word_tokenizer(), MAX_LENGTH, STRIDE)
    texts = []
    for item in labelled:
        offsets = item.window.offsets
        texts.append(None if (item.start, item.end) == (0, 0) else CONTEXT[offsets[item.start][0]:offsets[item.end][1]])
    return texts


def test_the_windows_are_the_ones_the_labels_assume() -> None:
    record = QARecord("q", "q", CONTEXT, ())
    windows = [item.window for item in label_windows([record], _word_tokenizer(), MAX_LENGTH, STRIDE)]
    first = [CONTEXT[slice(*w.offsets[w.context_start])] for w in windows]
    assert first == ["a1", "e5"] and all(len(w.input_ids) <= MAX_LENGTH for w in windows)


@pytest.mark.parametrize(("answer", "labels"), [
    ("b2 c3", ["b2 c3", None]),  # only in the first window
    ("f6 g7", ["f6 g7", "f6 g7"]),  # in the words both windows share
    ("g7 h8", [None, "g7 h8"]),  # cut by the end of the first window: whole only in the second
    ("i9 j10", [None, "i9 j10"]),
])
def test_an_answer_is_labelled_in_every_window_that_holds_it_whole(answer: str, labels: list[str | None]) -> None:
    assert _labels(answer) == labels


def test_an_answer_inside_a_word_is_labelled_with_the_whole_word() -> None:
    record = QARecord("q", "q", CONTEXT, (GoldAnswer("10", CONTEXT.index("10")),))
    [*_, last] = label_windows([record], _word_tokenizer(), MAX_LENGTH, STRIDE)
    assert CONTEXT[last.window.offsets[last.start][0]:last.window.offsets[last.end][1]] == "j10"


def test_an_unanswerable_question_points_every_window_at_no_answer() -> None:
    record = QARecord("q", "q", CONTEXT, ())
    assert {(w.start, w.end) for w in label_windows([record], _word_tokenizer(), MAX_LENGTH, STRIDE)} == {(0, 0)}
