"""Synthetic "what did X say?" training questions: statements found, speakers named, answers as offsets."""

from __future__ import annotations

import random

from qa.training.reported_speech import reported_speech_records, statements

NEWS = (
    "Menteri Luar Negeri China Wang Yi pada Senin mengatakan negaranya bersedia meningkatkan kerja sama keamanan "
    "dengan Kazakhstan. "
    "\u201cKrisis di Ukraina hanya bisa diatasi melalui dialog,\u201d kata Wang kepada Blinken. "
    "Ia mengatakan bahwa pertemuan itu sangat penting bagi kedua negara. "
    "Namun Patrushev menegaskan perlunya memperkuat hubungan bilateral. "
    "Juru bicara Kemenlu mengatakan tidak."
)


def _said(context: str) -> list[tuple[str, str]]:
    return [(speaker, context[start:end]) for speaker, start, end in statements(context)]


def test_statements_name_the_speaker_and_what_was_said():
    assert _said(NEWS) == [
        ("Menteri Luar Negeri China Wang Yi",
         "negaranya bersedia meningkatkan kerja sama keamanan dengan Kazakhstan"),
        ("Wang", "Krisis di Ukraina hanya bisa diatasi melalui dialog"),
        ("Patrushev", "perlunya memperkuat hubungan bilateral"),
    ]


def test_statements_skip_pronoun_speakers_short_statements_and_citation_marks():
    assert _said("Dia menyatakan bahwa harga minyak akan naik tahun depan.") == []
    assert _said("Badan Pusat Statistik menyatakan inflasi Maret naik tipis.[3]") == [
        ("Badan Pusat Statistik", "inflasi Maret naik tipis")]


def test_records_ask_about_the_speaker_and_answer_with_the_statement():
    records = reported_speech_records([NEWS, NEWS], random.Random(0))
    assert len(records) == 3 and len({r.id for r in records}) == 3
    for record, (speaker, said) in zip(records, _said(NEWS)):
        answer = record.answers[0]
        assert NEWS[answer.start : answer.start + len(answer.text)] == answer.text == said
        assert record.question.startswith("Apa ") and speaker in record.question and record.question.endswith("?")
    assert reported_speech_records([NEWS], random.Random(0)) == records
