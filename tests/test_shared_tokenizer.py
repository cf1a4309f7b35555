"""One tokenizer for the encoder and the reader: loaded once, never reconfigured, and cutting texts exactly as
the tokenizer's own truncation would (real multilingual-e5 tokenizer, the bundled articles)."""

from __future__ import annotations

import pytest
from tokenizers import Tokenizer

from corpus import BUNDLED_ARTICLES, load_directory
from embeddings.encoder import Encoder
from embeddings.tokenizer import encode_within, shared_tokenizer
from qa.reader.windows import MAX_QUESTION_TOKENS, WindowTokenizer

MAX_LENGTH, STRIDE = 256, 96
QUESTIONS = ["Apa yang dikatakan Wang Yi tentang Kazakhstan?", "siapa menlu rusia",
             "Mengapa " + "sangat " * 80 + "panjang?"]


@pytest.fixture(scope="module")
def texts() -> list[str]:
    documents = load_directory(BUNDLED_ARTICLES)
    return [d.text for d in documents] + [d.text[:400] for d in documents]


@pytest.fixture(scope="module")
def tokenizer_path(encoder: Encoder):
    return encoder.model_dir / "tokenizer.json"


def test_loaded_once_and_left_unconfigured(tokenizer_path, encoder: Encoder, reader) -> None:
    encoder.encode_queries(["siapa?"])
    reader.read("siapa?", ["Wang Yi adalah menteri luar negeri China."])
    tokenizer = shared_tokenizer(tokenizer_path)
    assert tokenizer is shared_tokenizer(tokenizer_path)
    assert reader.windows(["siapa?"], ["Wang Yi."]) and tokenizer.truncation is None and tokenizer.padding is None


def test_encode_within_cuts_as_the_tokenizer_does(tokenizer_path, texts: list[str]) -> None:
    reference = Tokenizer.from_file(str(tokenizer_path))
    reference.enable_truncation(120)
    ours = encode_within(shared_tokenizer(tokenizer_path), texts, 120)
    assert [e.ids for e in ours] == [e.ids for e in reference.encode_batch(texts)]
    assert max(len(e.ids) for e in ours) == 120 and min(len(e.ids) for e in ours) < 120


def test_windows_are_the_tokenizers_pair_truncation(tokenizer_path, texts: list[str]) -> None:
    reference = Tokenizer.from_file(str(tokenizer_path))
    reference.enable_truncation(MAX_LENGTH, stride=STRIDE, strategy="only_second")
    windows = WindowTokenizer(shared_tokenizer(tokenizer_path), MAX_LENGTH, STRIDE)
    for question in QUESTIONS:
        ours = windows.windows([question] * len(texts), texts)
        clipped = windows._clip(question)
        expected = []
        for pair_index, first in enumerate(reference.encode_batch([(clipped, text) for text in texts])):
            for encoding in (first, *first.overflowing):
                context = [p for p, s in enumerate(encoding.sequence_ids) if s == 1]
                expected.append((pair_index, encoding.ids, [tuple(o) for o in encoding.offsets], context[0], context[-1]))
        assert [(w.pair_index, w.input_ids, w.offsets, w.context_start, w.context_end) for w in ours] == expected
        assert len(ours) > len(texts)  # long articles overflow into several windows


def test_long_question_is_clipped(tokenizer_path) -> None:
    windows = WindowTokenizer(shared_tokenizer(tokenizer_path), MAX_LENGTH, STRIDE)
    [window] = windows.windows([QUESTIONS[2]], ["Jawabannya ada di sini."])
    assert window.context_start == MAX_QUESTION_TOKENS + 3  # <s>, the question's tokens, </s> </s>
