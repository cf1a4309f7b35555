"""Credits questions (pure logic): which credit a question asks for, and which retrieved article's credit answers it."""

from __future__ import annotations

import pytest

from corpus import Document, Passage
from qa.credits import (CREDIT_CONFIDENCE, Credit, asked_credit, credit_answer, headlines_asked_about, photos_asked_about,
                        printed_answer)
from qa.retrieval import RetrievedPassage


@pytest.mark.parametrize(("question", "credit"), [
    ("Siapa editor berita Zona Priangan tentang tentara bayaran?", Credit.EDITOR),
    ("siapa yg nerjemahin berita antara soal wang yi", Credit.TRANSLATOR),
    ("Siapa yang memotret pesawat angkut Rusia?", Credit.PHOTOGRAPHER),
    ("siapa wartawan yang menulis berita ini", Credit.WRITER),
    ("Kapan berita Galamedianews tentang kunjungan Wang Yi ke Moskow diterbitkan?", Credit.DATE),
    ("Pukul berapa berita Zona Priangan itu dimuat?", Credit.DATE),
    ("Kantor berita asing mana yang menjadi sumber berita ANTARA soal telepon Wang Yi?", Credit.SOURCE),
    ("Dari media mana Zona Priangan mengutip bahwa Beijing mendukung Moskow?", Credit.SOURCE),
    ("Media mana yang menerbitkan berita telepon kedua Wang Yi dengan Blinken?", Credit.PUBLISHER),
    ("berita wang yi dan blinken dimuat di media apa", Credit.PUBLISHER),
    ("Siapa penerbit berita tentang Wang Yi?", Credit.PUBLISHER),
    ("Media apa yang melaporkan pernyataan Xi Jinping kepada Tokayev?", None),  # the text's "kata televisi …"
    ("Apa sumber kekuatan Rusia?", None),
    ("Siapa penulis lagu 'Tlah Mencoba' yang dirilis Rossa?", None),
    ("Berapa tahun Hugo Cornellier memotret wajahnya setiap hari?", None),
    ("Kapan lagu itu dirilis?", None),
    ("Siapa Menteri Luar Negeri Rusia?", None),
])
def test_the_credit_a_question_asks_for(question: str, credit: Credit | None) -> None:
    assert asked_credit(question) is credit


def _retrieved(*documents: Document) -> list[RetrievedPassage]:
    return [RetrievedPassage(Passage(f"{d.id}#0", d.id, 0, d.text, 0, len(d.text)), 1.0 / (rank + 1))
            for rank, d in enumerate(documents)]


ANTARA = Document("a", "Wang Yi menelepon Tileuberdi.", publisher="ANTARA", source="Reuters", editor="Atman Ahdiat")
BENGKULU = Document("b", "Wang Yi menelepon Blinken.", publisher="ANTARA News Bengkulu")
PRIANGAN = Document("p", "Pesawat Rusia tiba.", publisher="ZONA PRIANGAN", date="12 Januari 2022, 18:09 WIB",
                    photographer="Evgeny Odinokov",
                    photo_caption="Pesawat angkut Ill-76 di lapangan terbang Chkalovsky.* /Sputnik /Evgeny Odinokov")
GALAMEDIA = Document("g", "Wang Yi di Moskow.", publisher="GALAMEDIANEWS", photographer="Alexander Shcherbak",
                     photo_caption="Wang Yi bertemu Patrushev/Alexander Shcherbak/TASS /IMAGO/DW /")
LINKING = Document("l", "Wang Yi menelepon Tileuberdi.", publisher="ANTARA",
                   related_headlines="Kazakhstan menahan 7.939 orang selama kerusuhan pekan lalu\n"
                                     "Presiden Kazakhstan tetapkan 10 Januari hari berkabung nasional")
DOCUMENTS = {d.id: d for d in (ANTARA, BENGKULU, PRIANGAN, GALAMEDIA, LINKING)}


def test_the_publisher_the_question_names_most_fully_is_the_article_asked_about() -> None:
    answer = credit_answer("Siapa editor berita ANTARA tentang telepon Wang Yi?", _retrieved(BENGKULU, ANTARA),
                           DOCUMENTS)
    assert (answer.text, answer.document_id, answer.sentence) == ("Atman Ahdiat", "a", "Editor: Atman Ahdiat")
    assert answer.score == CREDIT_CONFIDENCE
    assert credit_answer("siapa editor berita antara bengkulu soal telpon wang yi", _retrieved(ANTARA, BENGKULU),
                         DOCUMENTS) is None


def test_a_story_comes_from_the_agency_it_credits_else_from_its_publisher() -> None:
    source = credit_answer("Kantor berita mana yang menjadi sumber berita ANTARA soal Tileuberdi?",
                           _retrieved(BENGKULU, ANTARA), DOCUMENTS)
    assert (source.text, source.document_id, source.sentence) == ("Reuters", "a", "Dikutip dari: Reuters")
    own = credit_answer("Kantor berita mana yang menjadi sumber berita soal Blinken?", _retrieved(BENGKULU), DOCUMENTS)
    assert (own.text, own.sentence) == ("ANTARA News Bengkulu", "Penerbit: ANTARA News Bengkulu")
    published = credit_answer("Media mana yang menerbitkan berita telepon Wang Yi dengan Blinken?",
                              _retrieved(BENGKULU, ANTARA), DOCUMENTS)
    assert (published.text, published.document_id) == ("ANTARA News Bengkulu", "b")


def test_a_photographer_is_found_by_the_caption_and_quoted_in_it() -> None:
    answer = credit_answer("Siapa yang memotret pesawat angkut di Chkalovsky?", _retrieved(GALAMEDIA, PRIANGAN),
                           DOCUMENTS)
    assert (answer.text, answer.document_id, answer.passage) == ("Evgeny Odinokov", "p", PRIANGAN.photo_caption)
    assert answer.passage[answer.start:answer.end] == "Evgeny Odinokov"


def test_a_publication_time_is_the_time_of_its_date_when_the_hour_is_asked() -> None:
    retrieved = _retrieved(PRIANGAN)
    assert credit_answer("Kapan berita Zona Priangan itu diterbitkan?", retrieved, DOCUMENTS).text == \
        "12 Januari 2022, 18:09 WIB"
    hour = credit_answer("Pukul berapa berita Zona Priangan itu diterbitkan?", retrieved, DOCUMENTS)
    assert (hour.text, hour.sentence) == ("18:09 WIB", "Diterbitkan: 12 Januari 2022, 18:09 WIB")


def test_a_question_about_the_story_is_left_to_the_reader() -> None:
    assert credit_answer("Siapa Menteri Luar Negeri Rusia?", _retrieved(ANTARA), DOCUMENTS) is None


def test_the_captions_of_the_retrieved_articles_are_read_only_for_a_question_about_a_photo() -> None:
    retrieved = _retrieved(ANTARA, GALAMEDIA, PRIANGAN)
    assert photos_asked_about("Di lapangan terbang mana pesawat dalam foto berita itu berada?", retrieved,
                              DOCUMENTS) == [GALAMEDIA, PRIANGAN]  # ANTARA's article prints no photo
    assert photos_asked_about("Di lapangan terbang mana pesawat itu berada?", retrieved, DOCUMENTS) == []


def test_a_linked_headline_is_read_for_a_question_it_holds_nearly_all_the_words_of() -> None:
    retrieved = _retrieved(ANTARA, LINKING)
    assert headlines_asked_about("Berapa orang ditahan di Kazakhstan selama kerusuhan?", retrieved, DOCUMENTS) == [
        (LINKING, "Baca juga: Kazakhstan menahan 7.939 orang selama kerusuhan pekan lalu")]
    assert headlines_asked_about("Kapan Kazakhstan berkabung?", retrieved, DOCUMENTS) == []  # two words held
    assert headlines_asked_about("Berapa orang yang ditangkap polisi di Jakarta?", retrieved, DOCUMENTS) == []


def test_an_answer_read_in_a_caption_is_quoted_in_it() -> None:
    start = PRIANGAN.photo_caption.index("lapangan terbang Chkalovsky")
    end = start + len("lapangan terbang Chkalovsky")
    answer = printed_answer("Di mana pesawat dalam foto itu?", PRIANGAN, PRIANGAN.photo_caption, start, end, 0.5)
    assert (answer.text, answer.sentence, answer.document_id, answer.score) == (
        "lapangan terbang Chkalovsky", PRIANGAN.photo_caption, "p", 0.5)
    assert answer.passage[answer.start:answer.end] == answer.text
