"""The reading budget: which passages the reader reads, and which sentences of each."""

from __future__ import annotations

import pytest

from embeddings.lexical import content_terms
from qa.reading import ReadingBudget, focus, plan_reading

PASSAGE = (
    "Presiden meresmikan jembatan baru di Palembang pada hari Senin. "
    "Jembatan itu menghubungkan dua kecamatan yang dipisahkan sungai Musi. "
    "Menteri Keuangan mengumumkan anggaran pendidikan naik sepuluh persen tahun depan. "
    "Anggaran itu dipakai untuk membangun sekolah dan melatih guru di daerah terpencil."
)


def test_focus_reads_the_run_of_sentences_that_shares_most_words_with_the_question():
    start, end = focus(PASSAGE, content_terms("Berapa kenaikan anggaran pendidikan tahun depan?"), 12)
    assert PASSAGE[start:end] == "Menteri Keuangan mengumumkan anggaran pendidikan naik sepuluh persen tahun depan."
    start, end = focus(PASSAGE, content_terms("Untuk apa anggaran pendidikan dipakai? Berapa guru dilatih?"), 25)
    assert PASSAGE[start:end].startswith("Menteri Keuangan") and PASSAGE[start:end].endswith("daerah terpencil.")
    start, end = focus(PASSAGE, content_terms("Di mana jembatan baru diresmikan?"), 12)
    assert PASSAGE[start:end] == "Presiden meresmikan jembatan baru di Palembang pada hari Senin."


def test_a_passage_within_the_budget_is_read_whole():
    assert focus(PASSAGE, content_terms("Siapa meresmikan jembatan?"), 200) == (0, len(PASSAGE))


def test_a_sentence_longer_than_the_budget_is_read_whole():
    start, end = focus(PASSAGE, content_terms("Di mana jembatan baru diresmikan?"), 3)
    assert PASSAGE[start:end] == "Presiden meresmikan jembatan baru di Palembang pada hari Senin."


def test_only_the_first_passages_are_read_and_excerpts_keep_their_offsets():
    passages = [PASSAGE, "Kedua.", "Ketiga.", "Keempat."]
    excerpts = plan_reading("Berapa kenaikan anggaran pendidikan?", passages, ReadingBudget(passages=2,
                                                                                          words_per_passage=25))
    assert [e.passage_index for e in excerpts] == [0, 1]
    assert all(passages[e.passage_index][e.start : e.start + len(e.text)] == e.text for e in excerpts)
    whole = plan_reading("Berapa kenaikan anggaran pendidikan?", passages, ReadingBudget(4, None))
    assert [e.text for e in whole] == passages


@pytest.mark.parametrize(("passages", "words"), [(0, 100), (3, 0)])
def test_a_budget_reads_something(passages, words):
    with pytest.raises(ValueError):
        ReadingBudget(passages, words)
