"""The sentence-level reader: the honest fallback that returns whole supporting sentences."""

from __future__ import annotations

import dataclasses

import pytest

from embeddings import Encoder
from qa.config import Settings
from qa.reader_kinds import SentenceReader, load_reader

CONTEXTS = [
    "Gedung-gedung pemerintahan di Kazakhstan sempat direbut atau dibakar di beberapa kota pekan lalu. "
    "Tentara diperintahkan untuk menembak, membunuh untuk memadamkan pemberontakan di seluruh negeri.",
    "Wang Yi membuat pernyataan itu dalam sambungan telepon dengan Perdana Menteri Kazakhstan Mukhtar Tileuberdi. "
    "China bersedia untuk bersama-sama menentang campur tangan kekuatan eksternal, kata Wang.",
]


@pytest.fixture(scope="module")
def reader(encoder: Encoder) -> SentenceReader:
    return SentenceReader(encoder)


def test_best_sentence_answers_the_question(reader: SentenceReader) -> None:
    result = reader.read("Siapa Perdana Menteri Kazakhstan?", CONTEXTS)
    best = result.spans[0]
    assert best.context_index == 1
    assert best.text == CONTEXTS[1][best.start:best.end]
    assert best.text.startswith("Wang Yi membuat pernyataan") and best.text.endswith("Tileuberdi.")
    assert not result.abstained
    assert [s.score for s in result.spans] == sorted((s.score for s in result.spans), reverse=True)


def test_unrelated_question_abstains(reader: SentenceReader) -> None:
    result = reader.read("Berapa harga cabai rawit di Surabaya?", CONTEXTS)
    assert result.abstained


def test_no_sentences_means_abstention(reader: SentenceReader) -> None:
    result = reader.read("Siapa Perdana Menteri Kazakhstan?", ["", "   "])
    assert result.abstained and result.spans == []


def test_unknown_reader_name_is_rejected(settings: Settings) -> None:
    with pytest.raises(ValueError, match="reader_kind must be one of"):
        dataclasses.replace(settings, reader_kind="oracle")


def test_the_settings_pick_the_reader(settings: Settings, encoder: Encoder) -> None:
    assert isinstance(load_reader(dataclasses.replace(settings, reader_kind="sentence"), encoder), SentenceReader)
