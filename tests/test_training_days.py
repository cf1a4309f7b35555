""""When?" questions mined from dated news sentences for the reader's news stage (pure logic on small texts)."""

from __future__ import annotations

import random

from qa.training.day_questions import day_question_records, dated_sentences

PASSAGE = ("Badan antariksa China telah mengirim dua awak astronaut ke luar angkasa pada Minggu (16/10). "
           "Sebelumnya, polisi menangkap tiga tersangka di rumahnya, Jakarta Selatan, Sabtu (15/10) malam. "
           "\"Kami akan terus bekerja,\" kata Kapolda di Jakarta, Senin (17/10). "
           "Pertandingan digelar Senin (17/10) dan Selasa (18/10). "
           "Hujan turun lagi.")


def test_a_dated_sentence_loses_its_date_and_its_leading_connective():
    found = dated_sentences(PASSAGE)
    bodies = [body for body, *_ in found]
    assert bodies == ["Badan antariksa China telah mengirim dua awak astronaut ke luar angkasa",
                      "polisi menangkap tiga tersangka di rumahnya, Jakarta Selatan"]
    body, start, day_end, date_end = found[1]
    assert (PASSAGE[start:day_end], PASSAGE[start:date_end]) == ("Sabtu", "Sabtu (15/10)")


def test_quotes_and_sentences_with_two_dates_are_not_asked_about():
    bodies = " ".join(body for body, *_ in dated_sentences(PASSAGE))
    assert "Kapolda" not in bodies and "Pertandingan" not in bodies


def test_kapan_gets_the_weekday_with_its_date_and_hari_apa_the_weekday_alone():
    records = day_question_records([PASSAGE] * 40, random.Random(0))  # one context, asked once
    assert len(records) == 2
    forms = {}
    for seed in range(40):
        for record in day_question_records([PASSAGE], random.Random(seed)):
            answer = record.answers[0]
            assert PASSAGE[answer.start:answer.start + len(answer.text)] == answer.text
            forms[record.question] = answer.text
    assert forms["Kapan polisi menangkap tiga tersangka di rumahnya, Jakarta Selatan?"] == "Sabtu (15/10)"
    assert forms["Hari apa polisi menangkap tiga tersangka di rumahnya, Jakarta Selatan?"] == "Sabtu"
    assert forms["polisi menangkap tiga tersangka di rumahnya, Jakarta Selatan pada hari apa?"] == "Sabtu"
    assert forms["Kapan badan antariksa China telah mengirim dua awak astronaut ke luar angkasa?"] == "Minggu (16/10)"


def test_a_name_opening_the_sentence_keeps_its_capital():
    named = "Wang Yi menelepon Perdana Menteri Kazakhstan Alikhan Smailov pada Senin (10/1)."
    questions = {r.question for seed in range(20) for r in day_question_records([named], random.Random(seed))}
    assert "Hari apa Wang Yi menelepon Perdana Menteri Kazakhstan Alikhan Smailov?" in questions
