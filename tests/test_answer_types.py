"""The kind of answer a question asks for, and whether a span is of that kind (pure logic)."""

from __future__ import annotations

import pytest

from embeddings.lexical import content_terms
from qa.answer_types import (AnswerKind, Measure, answer_kind, as_inside_a_sentence, asked_measure, common_words, fits,
                             fits_measure, kind_part, question_terms, said_about, spells_out_asked_acronym)


@pytest.mark.parametrize(
    ("answer", "following", "expected"),
    [
        ("Organisasi Perjanjian Keamanan Kolektif", " (CSTO) yang dipimpin Rusia", True),
        ("Organisasi Perjanjian Keamanan Kolektif", " (Collective Security Treaty Organization/CSTO) dalam", True),
        ("Organisasi Perjanjian Keamanan Kolektif (CSTO)", " yang dipimpin Rusia", True),
        ("Rusia", " mengirim pasukan penjaga perdamaian", False),
        ("Komisi Pemberantasan Korupsi", " (KPK) menahan", False),  # an acronym the question does not give
    ],
)
def test_the_spelled_out_name_of_an_acronym_the_question_gives_is_no_answer_to_it(answer, following, expected):
    assert spells_out_asked_acronym(answer, following, "Siapa yang memimpin CSTO?") is expected


@pytest.mark.parametrize(
    ("question", "topic"),
    [
        ("Apa yang dikatakan Wang Yi tentang Kazakhstan?", "Kazakhstan"),
        ("Apa kata Henry soal target penjualan?", "target penjualan"),
        ("apa yang disampaikan jokowi mengenai harga bbm", "harga bbm"),
        ("Apa kata Wang Yi kepada Blinken terkait krisis Ukraina?", "krisis Ukraina"),
        ("Apa kata Wang Yi?", ""),
        ("Siapa yang berbicara tentang Kazakhstan?", ""),  # no question about what was said
    ],
)
def test_a_saying_question_asks_about_the_words_after_its_tentang_or_soal(question, topic):
    assert said_about(question) == content_terms(topic)


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
        ("Klub Liga Super Tiongkok mana yang dibela Carlos Tevez?", AnswerKind.NAMED),
        ("Kazakhstan terletak di kawasan mana?", AnswerKind.NAMED),
        ("Di kota manakah pertemuan digelar?", AnswerKind.NAMED),
        ("Di tahun mana surat kabar itu terbit?", AnswerKind.TIME),
        ("Yang mana yang benar?", None),
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
        (AnswerKind.PERSON, "mendiang Pemimpin Palestina Yasser Arafat", True),
        # a clause that names only a country, late: not the minister "Siapa Menteri Luar Negeri Rusia?" asks for
        (AnswerKind.PERSON, "kedua menteri luar negeri itu “sepakat” dalam penilaian mereka tentang peristiwa di "
                            "Kazakhstan", False),
        (AnswerKind.PLACE, "di tengah Lapangan Medan Merdeka, Jakarta Pusat", True),
        (AnswerKind.PLACE, "Almaty", True),
        (AnswerKind.TIME, "setelah Rusia menyatakan gencatan senjata secara parsial", True),  # told by an event
        (AnswerKind.TIME, "tak lama setelah kunjungan mendadak Presiden AS Joe Biden", True),
        (AnswerKind.TIME, "Rusia menyatakan gencatan senjata secara parsial", False),
        (AnswerKind.TIME, "Sabtu (5/3)", True),
        (AnswerKind.TIME, "Il-76", False),  # a letter-led code names a thing
        (AnswerKind.TIME, "pandemi Covid-19", False),
        (AnswerKind.TIME, "1990-an", True),
        (AnswerKind.TIME, "abad ke-8", True),
        (AnswerKind.TIME, "H-1 Lebaran", True),
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
        # a dated weekday is no age ("Berapa usia Dodo Mulyana …?"); "4 minggu" is four weeks
        (AnswerKind.QUANTITY, "Rabu (11/10)", False),
        (AnswerKind.QUANTITY, "pada Jumat (7/1) malam", False),
        (AnswerKind.QUANTITY, "4 minggu", True),
        (AnswerKind.QUANTITY, "40 tahun", True),
        (AnswerKind.QUANTITY, "Sekitar 15 adibusana", True),
        # "some" is no number: "beberapa kota" does not say in how many cities
        (AnswerKind.QUANTITY, "beberapa kota", False),
        (AnswerKind.DURATION, "beberapa tahun", False),
        # a clause whose only number word comes late: no count of the injured
        (AnswerKind.QUANTITY, "Bisa jadi ada kekurangan spesifikasi yang menjadi salah satu penyebab", False),
        (AnswerKind.TIME, "baku tembak dihentikan secepatnya dan situasi segera reda pekan lalu", False),
        (AnswerKind.TIME, "pada akhir pekan lalu", True),
        (AnswerKind.DURATION, "dua jam", True),
        (AnswerKind.DURATION, "1945–1967", True),
        (AnswerKind.DURATION, "Juli 1392 sampai Oktober 1897", True),
        (AnswerKind.DURATION, "Sabtu (5/3)", False),  # a date is not a duration
    ],
)
def test_a_span_fits_the_kind_by_its_surface(kind, answer, expected):
    assert fits(kind, answer) is expected


@pytest.mark.parametrize(
    ("question", "measure"),
    [
        ("Berapa harga tiket konser Padi?", Measure.MONEY),
        ("Berapakah biaya restorasi candi itu?", Measure.MONEY),
        ("Seberapa besar kerugian yang diderita?", Measure.MONEY),
        ("Berapa bobot kamera Detu F4 Plus?", Measure.WEIGHT),
        ("Berapa panjang jembatan itu?", Measure.LENGTH),
        ("berapakah luas pulau Flores?", Measure.AREA),
        ("Berapa persen suara yang diraih?", Measure.SHARE),
        ("Berapa unit Calya yang terjual?", None),
        ("Berapa orang yang ditahan?", None),
    ],
)
def test_a_quantity_question_may_name_its_measure(question, measure):
    assert asked_measure(question) is measure


@pytest.mark.parametrize(
    ("measure", "answer", "expected"),
    [
        (Measure.MONEY, "Rp 20 juta", True),
        (Measure.MONEY, "Rp15.000", True),
        (Measure.MONEY, "US$ 1,2 miliar", True),
        (Measure.MONEY, "500 juta", True),  # a bare number: the training sets' price answers often are
        (Measure.MONEY, "naik 12 %", True),  # a change in percent
        (Measure.MONEY, "sampai puluhan ribu unit", False),
        (Measure.MONEY, "30 orang", False),
        (Measure.WEIGHT, "1,17 kg", True),
        (Measure.WEIGHT, "7680 x 3840 pixel", False),
        (Measure.WEIGHT, "Rp 5 juta", False),
        (Measure.AREA, "14.300 km²", True),
        (Measure.AREA, "357.021 kilometer persegi", True),
        (Measure.LENGTH, "2 kg", False),
    ],
)
def test_a_quantity_fits_the_measure_asked_for_by_its_unit(measure, answer, expected):
    assert fits_measure(measure, answer) is expected


@pytest.mark.parametrize(
    ("measure", "answer", "expected"),
    [
        (Measure.MONEY, "selama dua tahun sampai 2020.", False),  # asked for Fernandinho's weekly salary
        (Measure.MONEY, "pada Juni 2020 ,", False),  # asked for the value of Nainggolan's contract
        (Measure.WEIGHT, "Sabtu", False),
        (Measure.MONEY, "€ 25.000 per tahun", True),  # a rate
        (Measure.MONEY, "25.000 setiap bulan", True),
        (Measure.MONEY, "Rp 5 juta sebulan selama dua tahun", True),  # the unit asked for is there
    ],
)
def test_a_time_does_not_fit_a_measure(measure, answer, expected):
    assert fits_measure(measure, answer) is expected


def test_question_terms_leave_question_words_out():
    assert question_terms("Siapakah menlu Rusia?") == question_terms("menlu Rusia")
    assert "2022" in question_terms("Kapan kerusuhan tahun 2022 terjadi?")


def test_a_sentence_s_first_word_is_lower_cased_where_the_news_write_it_so():
    assert as_inside_a_sentence("Polisi menduga") == "polisi menduga"
    assert as_inside_a_sentence("“Petinju nasional") == "“petinju nasional"
    assert as_inside_a_sentence("Jokowi") == "Jokowi"  # a name: the archive capitalises it inside sentences
    assert as_inside_a_sentence("Presiden Joko Widodo") == "Presiden Joko Widodo"  # a title before a name
    assert {"polisi", "petinju"} <= common_words() and not {"jokowi", "presiden", "china"} & common_words()


@pytest.mark.parametrize(
    ("kind", "answer", "part"),
    [
        (AnswerKind.TIME, "Pekan lalu, Organisasi Perjanjian Keamanan Kolektif", "Pekan lalu"),
        (AnswerKind.TIME, "Selasa (20/2/2018), di gedung MPR", "Selasa (20/2/2018)"),
        (AnswerKind.TIME, "Senin, 10 Januari 2022", "Senin, 10 Januari 2022"),  # both halves are times
        (AnswerKind.TIME, "Menurut Kemenlu, Sabtu (5/3)", "Menurut Kemenlu, Sabtu (5/3)"),  # the head is no time
        (AnswerKind.PERSON, "Sergey Lavrov, menteri luar negeri", "Sergey Lavrov, menteri luar negeri"),
        (None, "pekan lalu, kata dia", "pekan lalu, kata dia"),
    ],
)
def test_a_time_is_cut_from_the_clause_a_comma_adds_to_it(kind, answer, part):
    assert kind_part(kind, answer) == part
