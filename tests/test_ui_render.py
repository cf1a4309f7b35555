"""Answer cards: escaping, highlighting, abstention."""

from __future__ import annotations

from qa import Answer, Evidence
from ui.render import answer_card, confidence_label, highlighted_sentence

PASSAGE = "Pembukaan. Wang Yi bertemu <script>alert(1)</script> Patrushev di Moskow. Penutup."


def _answer(**changes) -> Answer:
    start = PASSAGE.index("Patrushev")
    sentence_start = PASSAGE.index("Wang Yi")
    values = dict(
        question="Siapa?", text="Patrushev", found=True, score=0.82, document_id="003", title="Judul <i>miring</i>",
        publisher="GALAMEDIANEWS", date="22 Februari 2023", passage=PASSAGE, start=start, end=start + len("Patrushev"),
        sentence=PASSAGE[sentence_start:PASSAGE.index(" Penutup")], sentence_start=sentence_start,
        sentence_end=PASSAGE.index(" Penutup"),
    )
    return Answer(**{**values, **changes})


def test_answer_is_highlighted_inside_its_sentence() -> None:
    html = highlighted_sentence(_answer())
    assert "<mark>Patrushev</mark>" in html
    assert html.startswith("Wang Yi bertemu &lt;script&gt;") and html.endswith("di Moskow.")


def test_article_text_and_metadata_are_escaped() -> None:
    html = answer_card(_answer())
    assert "<script>" not in html and "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "<i>miring</i>" not in html and "&lt;i&gt;miring&lt;/i&gt;" in html
    assert "GALAMEDIANEWS" in html and "22 Februari 2023" in html and "<code>003</code>" in html
    assert "Keyakinan tinggi: 82%" in html


def test_alternatives_are_folded_away() -> None:
    html = answer_card(_answer(alternatives=(_answer(text="Moskow", score=0.1),)))
    assert "<details" in html and "Jawaban lain (1)" in html and "<b>Moskow</b>" in html


def test_abstention_says_so_and_shows_closest_passages() -> None:
    evidence = Evidence("002", None, "ANTARA", None, "Teks <b>passage</b> terdekat.", 0.03)
    html = answer_card(Answer(question="?", text="", found=False, score=0.1, evidence=(evidence,)))
    assert "tidak ditemukan" in html
    assert "Teks &lt;b&gt;passage&lt;/b&gt; terdekat." in html and "ANTARA" in html
    assert "<mark>" not in html


def test_confidence_levels() -> None:
    assert [confidence_label(s) for s in (0.9, 0.6, 0.2)] == ["tinggi", "sedang", "rendah"]
