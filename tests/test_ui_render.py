"""Answer cards and notes as HTML: escaping, highlighting, abstention."""

from __future__ import annotations

from qa import Alternative, Answer, ArticleRef, Evidence, Report
from qa.dates import DateMeaning
from ui.render import (
    ABSTENTION,
    ArticleRow,
    answer_card,
    article_table,
    confidence_label,
    highlighted_sentence,
    notice,
    pending_card,
    question_bubble,
    source_line,
    status,
)

PASSAGE = "Pembukaan.\n\nWang Yi bertemu <script>alert(1)</script> Patrushev di Moskow. Penutup."


def _answer(**changes) -> Answer:
    start = PASSAGE.index("Patrushev")
    sentence_start, sentence_end = PASSAGE.index("Wang Yi"), PASSAGE.index(" Penutup")
    values = dict(
        question="Siapa?", text="Patrushev", found=True, score=0.82,
        article=ArticleRef("003", "Judul <i>miring</i>", "GALAMEDIANEWS", date="22 Februari 2023"),
        passage=PASSAGE, start=start, end=start + len("Patrushev"),
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
    assert 'GALAMEDIANEWS · <span class="tb-date">Rabu, 22 Februari 2023</span>' in html
    assert '<em title="ID artikel: 003">' in html
    assert "Keyakinan tinggi: 82%" in html and 'style="width:82%"' in html


def test_a_card_is_one_line_of_html() -> None:
    # a blank line would end the HTML block in the chat; paragraph breaks become <br>
    html = answer_card(_answer())
    assert "\n" not in html and "Pembukaan.<br><br>Wang Yi" in html


def test_alternatives_are_folded_away() -> None:
    moscow = Alternative("Moskow", 0.1, ArticleRef("<002>"), "Di Moskow.")
    html = answer_card(_answer(alternatives=(moscow,)))
    assert '<details class="tb-alternatives"><summary>Jawaban lain (1)</summary>' in html
    assert "<b>Moskow</b> (10%)" in html and 'title="ID artikel: &lt;002&gt;"' in html
    assert "Jawaban lain" not in answer_card(_answer())


def test_an_abstention_says_so_and_shows_the_closest_passages() -> None:
    evidence = Evidence(ArticleRef("002", publisher="ANTARA"), "Teks <b>passage</b> terdekat. " * 30, 0.03)
    html = answer_card(Answer(question="?", text="", found=False, score=0.1, evidence=(evidence,) * 5))
    assert '<p class="tb-answer"><b>Maaf, jawabannya tidak ditemukan di artikel.</b></p>' in html
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


def test_sources_name_the_article_with_the_id_only_in_a_tooltip() -> None:
    assert source_line(ArticleRef("000_5966dc24956d1941", "Judul", "ANTARA", date="2022-01-10")) == (
        '<em title="ID artikel: 000_5966dc24956d1941">Judul</em> · ANTARA · '
        '<span class="tb-date">Senin, 10 Januari 2022</span>')
    assert source_line(ArticleRef("x\"y")) == '<em title="ID artikel: x&quot;y">x&quot;y</em>'
    assert source_line(ArticleRef("x", publisher="ANTARA", date="kemarin")) == (
        '<em title="ID artikel: x">x</em> · ANTARA · <span class="tb-date">kemarin</span>')
    assert source_line(None) == ""


def test_success_refusal_and_question_notes_look_different() -> None:
    assert 'class="tb-status tb-ok"' in status(["ok"]) and "✓" in status(["ok"])
    assert 'class="tb-status tb-refused"' in status(["tidak"], "refused") and "✕" in status(["tidak"], "refused")
    assert 'class="tb-status tb-warn"' in status(["yakin?"], "warn")
    assert status([]) == ""


def test_the_pending_reply_says_so_in_indonesian() -> None:
    assert "Mencari jawaban…" in pending_card() and "tb-card" not in pending_card()


def test_the_article_table_shows_titles_and_dates_and_hides_ids() -> None:
    html = article_table([
        ArticleRow("003_cdbb94ee7956bff6", "Judul <b>", "GALAMEDIANEWS", "22 Februari 2023, 20:08 WIB", 2),
        ArticleRow("baru", "Baru", None, None, 1)])
    assert '<td data-label="Judul" title="ID artikel: 003_cdbb94ee7956bff6">Judul &lt;b&gt;</td>' in html
    assert "Rabu, 22 Februari 2023" in html and "WIB" not in html
    assert html.count('class="tb-unknown"') == 2 and ">003_" not in html
    assert "Belum ada artikel" in article_table([])


def test_corroborating_and_disputing_articles_are_named_linked_and_escaped() -> None:
    same = Report("Patrushev", "Patrushev <b>tiba</b>.",
                  ArticleRef("x-1", publisher="ANTARA", date="2023-02-22", url='https://antaranews.com/a"onclick="x'))
    other = Report("Lavrov", "Lavrov <i>di</i> sana.", ArticleRef("y-1", publisher="Xinhua", url="javascript:alert(1)"))
    card = answer_card(_answer(corroborated_by=(same,), disputed_by=(other,)))
    assert "Juga diberitakan oleh" in card and "Rabu, 22 Februari 2023" in card
    assert 'href="https://antaranews.com/a&quot;onclick=&quot;x"' in card
    assert "javascript:" not in card  # only web addresses become links
    assert "<b>Lavrov</b> menurut Xinhua" in card and "Lavrov &lt;i&gt;di&lt;/i&gt; sana." in card
    assert "Juga diberitakan" not in answer_card(_answer()) and "tb-disputed" not in answer_card(_answer())


def test_the_source_links_the_original_article_when_its_url_is_a_web_address() -> None:
    linked = source_line(ArticleRef("1472925641-tidur", "Judul", "Suara", url='http://www.suara.com/a?b=1&c="x"'))
    assert linked.startswith('<a href="http://www.suara.com/a?b=1&amp;c=&quot;x&quot;" target="_blank" '
                             'rel="noopener noreferrer"><em title="ID artikel: 1472925641-tidur">Judul</em></a>')
    for unsafe in ("javascript:alert(1)", "data:text/html,x", "http://[::1", None):
        assert "<a " not in source_line(ArticleRef("x", "Judul", url=unsafe))
    found = Answer("Siapa?", "Henry", True, 0.9, article=ArticleRef("d", "Judul", url="https://kumparan.com/a"),
                   passage="Henry datang.", start=0, end=5, sentence="Henry datang.", sentence_end=13)
    assert '<a href="https://kumparan.com/a"' in answer_card(found)


def test_a_completed_follow_up_shows_how_it_was_understood_escaped() -> None:
    understood = 'Kapan itu terjadi? (tentang: Siapa <script>"x"</script>?)'
    html = answer_card(_answer(understood_as=understood))
    shown = '<p class="tb-understood">Dipahami sebagai: Kapan itu terjadi? (tentang: Siapa &lt;script&gt;&quot;x&quot;'
    assert shown in html and "<script>" not in html
    assert html.index("Dipahami sebagai") < html.index('class="tb-answer"')  # above the answer
    declined = answer_card(Answer(question="Kapan itu terjadi?", text="", found=False, score=0.0,
                                  understood_as=understood))
    assert "Dipahami sebagai: Kapan itu terjadi?" in declined
    assert "Dipahami sebagai" not in answer_card(_answer())  # a standalone question shows nothing extra


def test_the_date_a_relative_date_means_follows_the_answer_escaped() -> None:
    meaning = DateMeaning("<b>(10/1)</b>", "2022-01-10", "Senin, 10 Januari 2022")
    html = answer_card(_answer(text="(10/1)", date_meaning=meaning))
    assert '<p class="tb-date-meaning">&lt;b&gt;(10/1)&lt;/b&gt; → Senin, 10 Januari 2022</p>' in html
    assert html.index('class="tb-answer"') < html.index("tb-date-meaning") < html.index("tb-sentence")
    assert "tb-date-meaning" not in answer_card(_answer())
