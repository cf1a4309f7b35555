"""Answer cards and notes as HTML: escaping, highlighting, abstention."""

from __future__ import annotations

from qa import Answer, Evidence
from ui.render import (
    ABSTENTION,
    answer_card,
    confidence_label,
    highlighted_sentence,
    notice,
    question_bubble,
    status,
)

PASSAGE = "Pembukaan.\n\nWang Yi bertemu <script>alert(1)</script> Patrushev di Moskow. Penutup."


def _answer(**changes) -> Answer:
    start = PASSAGE.index("Patrushev")
    sentence_start, sentence_end = PASSAGE.index("Wang Yi"), PASSAGE.index(" Penutup")
    values = dict(
        question="Siapa?", text="Patrushev", found=True, score=0.82, document_id="003", title="Judul <i>miring</i>",
        publisher="GALAMEDIANEWS", date="22 Februari 2023", passage=PASSAGE, start=start, end=start + len("Patrushev"),
        sentence=PASSAGE[sentence_start:sentence_end], sentence_start=sentence_start, sentence_end=sentence_end,
    )
    return Answer(**{**values, **changes})


def test_the_answer_is_highlighted_inside_its_sentence() -> None:
    assert highlighted_sentence(_answer()) == (
        "Wang Yi bertemu &lt;script&gt;alert(1)&lt;/script&gt; <mark>Patrushev</mark> di Moskow."
    )


def test_article_text_and_metadata_are_escaped() -> None:
    html = answer_card(_answer())
    assert "<script>" not in html and "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "<i>" not in html and "&lt;i&gt;miring&lt;/i&gt;" in html
    assert '<p class="tb-answer"><b>Patrushev</b></p>' in html
    assert "GALAMEDIANEWS" in html and "22 Februari 2023" in html and "<code>003</code>" in html
    assert "Keyakinan tinggi: 82%" in html and 'style="width:82%"' in html


def test_a_card_is_one_line_of_html() -> None:
    # a blank line would end the HTML block in the chat; paragraph breaks become <br>
    html = answer_card(_answer())
    assert "\n" not in html and "Pembukaan.<br><br>Wang Yi" in html


def test_alternatives_are_folded_away() -> None:
    html = answer_card(_answer(alternatives=(_answer(text="Moskow", score=0.1, document_id="<002>"),)))
    assert '<details class="tb-alternatives"><summary>Jawaban lain (1)</summary>' in html
    assert "<b>Moskow</b> (10%)" in html and "<code>&lt;002&gt;</code>" in html
    assert "Jawaban lain" not in answer_card(_answer())


def test_an_abstention_says_so_and_shows_the_closest_passages() -> None:
    evidence = Evidence("002", None, "ANTARA", None, "Teks <b>passage</b> terdekat. " * 30, 0.03)
    html = answer_card(Answer(question="?", text="", found=False, score=0.1, evidence=(evidence,) * 5))
    assert ABSTENTION == "Maaf, jawabannya tidak ditemukan di artikel." and ABSTENTION in html
    assert "Teks &lt;b&gt;passage&lt;/b&gt; terdekat." in html and "ANTARA" in html
    assert html.count("<li>") == 3 and " …</blockquote>" in html
    assert "<mark>" not in html and "Keyakinan" not in html


def test_an_abstention_without_passages() -> None:
    html = answer_card(Answer(question="?", text="", found=False, score=0.0))
    assert ABSTENTION in html and "Tidak ada bagian artikel yang mirip" in html


def test_questions_notes_and_status_are_escaped() -> None:
    assert question_bubble("<img src=x onerror=alert(1)>?") == (
        '<div class="tb-question">&lt;img src=x onerror=alert(1)&gt;?</div>'
    )
    assert "&lt;b&gt;" in notice("<b>") and "&lt;b&gt;" in status(["a.txt: <b>"])
    assert status(["satu", "dua"]).count("<p>") == 2


def test_confidence_levels() -> None:
    assert [confidence_label(s) for s in (0.9, 0.45, 0.1)] == ["tinggi", "sedang", "rendah"]
