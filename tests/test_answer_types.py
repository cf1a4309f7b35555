"""The kind of answer a question asks for, and whether a span is of that kind (pure logic)."""

from __future__ import annotations

import pytest

from qa.answer_types import AnswerKind, answer_kind, fits, question_terms


@pytest.mark.parametrize(
    ("question", "kind"),
    [
        ("Siapa menlu Rusia yang diajak Wang Yi bicara?", AnswerKind.PERSON),
        ("siapakah pelatih timnas?", AnswerKind.PERSON),
        ("Kapan Toyota Calya diluncurkan?", AnswerKind.TIME),
        ("Tanggal berapa pameran GIIAS dibuka?", AnswerKind.TIME),
        ("Tanggal berapakah gencatan senjata diumumkan?", AnswerKind.TIME),
        ("Pada tahun berapa Kazakhstan merdeka?", AnswerKind.TIME),
        ("Berapa unit Calya yang terjual?", AnswerKind.QUANTITY),
        ("brp korban tewas", AnswerKind.QUANTITY),
        ("Berapa lama percakapan telepon itu berlangsung?", AnswerKind.DURATION),
        ("Di mana pameran itu digelar?", AnswerKind.PLACE),
        ("dimanakah kerusuhan terjadi?", AnswerKind.PLACE),
        ("Apa yang dikatakan Wang Yi tentang Kazakhstan?", None),
        ("Apa kata Henry soal target penjualan?", None),
        ("Mengapa pasukan dikirim?", None),
        ("Bagaimana situasi di Almaty?", None),
    ],
)
def test_the_question_word_sets_the_kind(question, kind):
    assert answer_kind(question) is kind


@pytest.mark.parametrize(
    ("kind", "answer", "expected"),
    [
        (AnswerKind.PERSON, "Sergey Lavrov", True),
        (AnswerKind.PERSON, "menteri luar negeri", False),
        (AnswerKind.PLACE, "Almaty", True),
        (AnswerKind.TIME, "Sabtu (5/3)", True),
        (AnswerKind.TIME, "2 Agustus lalu", True),
        (AnswerKind.TIME, "kemarin", True),
        (AnswerKind.TIME, "384 SM", True),
        (AnswerKind.TIME, "Henry Tanoto", False),
        (AnswerKind.QUANTITY, "8.000 unit", True),
        (AnswerKind.QUANTITY, "tiga orang", True),
        (AnswerKind.QUANTITY, "Rp 5 miliar", True),
        (AnswerKind.QUANTITY, "Henry Tanoto", False),
        (AnswerKind.QUANTITY, "(11/10)", False),  # a date
        (AnswerKind.QUANTITY, "(40)", False),  # a bracketed age after a name
        (AnswerKind.QUANTITY, "40 tahun", True),
        (AnswerKind.DURATION, "dua jam", True),
        (AnswerKind.DURATION, "1945–1967", True),
        (AnswerKind.DURATION, "Juli 1392 sampai Oktober 1897", True),
        (AnswerKind.DURATION, "Sabtu (5/3)", False),  # a date is not a duration
    ],
)
def test_a_span_fits_the_kind_by_its_surface(kind, answer, expected):
    assert fits(kind, answer) is expected


def test_question_terms_leave_question_words_out():
    assert question_terms("Siapakah menlu Rusia?") == question_terms("menlu Rusia")
    assert "2022" in question_terms("Kapan kerusuhan tahun 2022 terjadi?")
