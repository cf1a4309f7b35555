"""Other articles that report the same answer, or another date or figure (pure logic over real documents)."""

from __future__ import annotations

from corpus import Document, Passage
from qa import Alternative, Answer, ArticleRef
from qa.corroboration import corroborations, disputes, same_answer

ANTARA = Document("antara-1", "Menlu Rusia Sergey Lavrov menerima telepon dari Wang Yi pada Senin.",
                  title="Wang Yi telepon Lavrov", publisher="ANTARA", date="2022-01-10", url="https://antaranews.com/a")
XINHUA = Document("xinhua-1", "Wang Yi berbicara dengan Menlu Rusia Sergey Lavrov soal Kazakhstan.",
                  publisher="Xinhua", date="2022-01-11")
SPORT = Document("sport-1", "Sergey Lavrov hadir di pertandingan sepak bola di Moskow.", publisher="Goal")
SALES_A = Document("suara-1", "Penjualan Calya mencapai 8.000 unit per Agustus.", publisher="Suara")
SALES_B = Document("kumparan-1", "Penjualan Calya mencapai 7.000 unit per Agustus.", publisher="Kumparan")
DOCUMENTS = {d.id: d for d in (ANTARA, XINHUA, SPORT, SALES_A, SALES_B)}


def found(text: str, sentence: str, document_id: str, score: float) -> Answer:
    """The answer given: ``text`` in ``sentence`` of the article ``document_id`` (one of :data:`DOCUMENTS`)."""
    return Answer("?", text, True, score, article=ArticleRef.of(DOCUMENTS[document_id]), sentence=sentence)


def candidate(text: str, sentence: str, document_id: str, score: float) -> Alternative:
    """A less likely candidate of the article ``document_id``."""
    return Alternative.of(found(text, sentence, document_id, score))


def passage_of(document: Document) -> Passage:
    return Passage(f"{document.id}#0", document.id, 0, document.text, 0, len(document.text))


def test_another_article_with_the_answer_in_a_sentence_on_the_question_corroborates():
    question = "Siapa menlu Rusia yang ditelepon Wang Yi?"
    best = found("Sergey Lavrov", ANTARA.text, "antara-1", 0.8)
    reports = corroborations(question, best, [], [passage_of(d) for d in (ANTARA, XINHUA, SPORT)], DOCUMENTS, 0.05)
    assert [r.article.document_id for r in reports] == ["xinhua-1"]
    assert reports[0].article.publisher == "Xinhua" and "Kazakhstan" in reports[0].sentence


def test_the_answers_own_article_and_articles_without_the_answer_do_not_corroborate():
    question = "Siapa menlu Rusia yang ditelepon Wang Yi?"
    other = found("Nikolai Patrushev", ANTARA.text, "antara-1", 0.8)
    assert corroborations(question, other, [], [passage_of(d) for d in (ANTARA, XINHUA)], DOCUMENTS, 0.05) == ()
    lavrov = found("Sergey Lavrov", ANTARA.text, "antara-1", 0.8)
    assert corroborations(question, lavrov, [], [passage_of(ANTARA)], DOCUMENTS, 0.05) == ()


def test_a_candidate_of_another_article_with_the_same_answer_corroborates():
    question = "Siapa menlu Rusia yang ditelepon Wang Yi?"
    best = found("Menlu Rusia Sergey Lavrov", ANTARA.text, "antara-1", 0.8)
    shorter = candidate("Sergey Lavrov", SPORT.text, "sport-1", 0.2)
    reports = corroborations(question, best, [shorter], [], DOCUMENTS, 0.05)
    assert [(r.article.document_id, r.text) for r in reports] == [("sport-1", "Sergey Lavrov")]
    assert corroborations(question, best, [candidate("Sergey Lavrov", SPORT.text, "sport-1", 0.01)], [], DOCUMENTS,
                          0.05) == ()  # too unlikely to count


def test_a_confident_other_figure_from_another_article_disputes_a_quantity():
    question = "Berapa unit Calya yang terjual sampai Agustus?"
    best = found("8.000 unit", SALES_A.text, "suara-1", 0.7)
    other = candidate("7.000 unit", SALES_B.text, "kumparan-1", 0.5)
    reports = disputes(question, best, [other], threshold=0.3)
    assert [(r.text, r.article.publisher) for r in reports] == [("7.000 unit", "Kumparan")]
    assert disputes(question, best, [other], threshold=0.6) == ()  # not confident enough
    same = candidate("8.000", SALES_B.text, "kumparan-1", 0.5)
    assert disputes(question, best, [same], threshold=0.3) == ()  # the same figure


def test_only_times_and_quantities_are_disputed():
    question = "Siapa yang membeli Calya?"
    best = found("Henry", SALES_A.text, "suara-1", 0.7)
    assert disputes(question, best, [candidate("Budi", SALES_B.text, "kumparan-1", 0.6)], 0.3) == ()


def test_same_answer_is_a_run_of_whole_words() -> None:
    assert same_answer("Patrushev", "Nikolai Patrushev") and same_answer("Vladimir Putin", "Presiden Vladimir Putin.")
    assert not same_answer("Putin", "Putina") and not same_answer("Joe Biden", "Nikolai Patrushev")
    assert same_answer("Organisasi Perjanjian Keamanan Kolektif (CSTO)",
                       "Organisasi Perjanjian Keamanan Kolektif (Collective Security Treaty Organization/CSTO)")
    assert same_answer("Komisi Pemberantasan Korupsi (KPK)", "KPK")
    assert not same_answer("(10/1)", "Senin (5/3)")  # nothing but a bracket is no answer to compare


def test_an_article_giving_the_head_of_a_long_answer_corroborates_it():
    stadium = Document("bola-1", "Timnas menjamu Puerto Rico di Stadion Maguwoharjo pada Sabtu.", publisher="Bola")
    question = "Di stadion mana Timnas menjamu Puerto Rico?"
    best = found("Stadion Maguwoharjo, Sleman", "…", "antara-1", 0.7)
    reports = corroborations(question, best, [], [passage_of(stadium)], {**DOCUMENTS, "bola-1": stadium}, 0.05)
    assert [r.article.publisher for r in reports] == ["Bola"]
