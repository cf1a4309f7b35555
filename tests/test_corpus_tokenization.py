"""Cleaning the IndoSum archive's artifacts, on snippets of its real articles."""

from __future__ import annotations

import pytest

from corpus.cleaning import clean_article
from corpus.tokenization import detokenize


@pytest.mark.parametrize(("tokenized", "repaired"), [
    ("peringkat ke - 26 dunia", "peringkat ke-26 dunia"),
    ("proyek e - KTP senilai", "proyek e-KTP senilai"),
    ("Bandara Soekarno - Hatta.", "Bandara Soekarno-Hatta."),
    ("Baru - baru ini, muncul", "Baru-baru ini, muncul"),
    ("Kim Jong - un dikenal", "Kim Jong-un dikenal"),
    ("senjata anti - pesawat.", "senjata anti-pesawat."),
    ("menang 2 - 0 atas Roma", "menang 2-0 atas Roma"),
    ("GO - JEK juga", "GO-JEK juga"),
    ("prosesor Cortex - A53", "prosesor Cortex-A53"),
    ("pada 1960 - an.", "pada 1960-an."),
    ("di BSD, Banten, Kamis (18/8 / 2016), Henry", "di BSD, Banten, Kamis (18/8/2016), Henry"),
    ("Pogba yang CV -nya kalah", "Pogba yang CV-nya kalah"),
    ('dengan skuat "pelapis" -nya, tapi', 'dengan skuat "pelapis"-nya, tapi'),
    ('"Sudah lampaui target, "kata Henry.', '"Sudah lampaui target," kata Henry.'),
    ('"Kemungkinan besar akan absen. "', '"Kemungkinan besar akan absen."'),
    ('"Harus menjadi barokah, "ujarnya. "Bukan penyakit."', '"Harus menjadi barokah," ujarnya. "Bukan penyakit."'),
])
def test_tokenisation_traces_are_repaired(tokenized: str, repaired: str) -> None:
    assert detokenize(tokenized) == repaired


@pytest.mark.parametrize("text", [
    "Multievent ini akan digelar 18 Agustus - 2 September di Jakarta.",
    "pada pukul 07.00 WIB - 10.00 WIB dan",
    "Beda hal dengan Divisi Primera La Liga - kasta teratas Liga Spanyol.",
    "tiga angka dari Werder Bremen - kedua tim yang berada di bawah",
    'Ia mengatakan, "saya tidak tahu."',
])
def test_real_dashes_and_opening_quotes_are_left_alone(text: str) -> None:
    assert detokenize(text) == text


def test_repairs_apply_only_to_text_known_to_be_tokenised() -> None:
    text = "Proyek e - KTP dibahas, Kamis (18/8 / 2016)."
    assert clean_article(text).text == text
    assert clean_article(text, tokenized=True).text == "Proyek e-KTP dibahas, Kamis (18/8/2016)."


@pytest.mark.parametrize(("raw", "publisher", "body"), [
    ("Suara.com - Pemimpin Korea Utara dikenal tegas.", "Suara.com", "Pemimpin Korea Utara dikenal tegas."),
    ("Jakarta, CNN Indonesia -- Komisi Pemberantasan Korupsi mulai menelusuri.", "CNN Indonesia",
     "Komisi Pemberantasan Korupsi mulai menelusuri."),
    ("Rimanews – Badan Pusat Statistik mencatat inflasi.", "Rimanews", "Badan Pusat Statistik mencatat inflasi."),
    ("JAKARTA, JUARA.net - Panitia Asian Games menghitung.", "JUARA.net", "Panitia Asian Games menghitung."),
    ("JUARA.NET, KUALA LUMPUR - Timnas tiba.", "JUARA.NET", "Timnas tiba."),
    ("Singkil, Aceh, (ANTARA News) - Kawasan Danau Bungara ramai.", "ANTARA News", "Kawasan Danau Bungara ramai."),
    ("ZONA PRIANGAN - Menteri Sosial datang.", "ZONA PRIANGAN", "Menteri Sosial datang."),
])
def test_publisher_datelines_are_cut(raw: str, publisher: str, body: str) -> None:
    cleaned = clean_article(raw, tokenized=True)
    assert (cleaned.metadata.publisher, cleaned.text) == (publisher, body)


def test_boilerplate_and_editor_codes_are_dropped() -> None:
    raw = "\n\n".join([
        "Facebook menyiapkan tampilan baru fitur Trending Topic.",
        "SIMAK JUGA: Bale Dibanderol € 500 Juta",
        "Baca juga:",
        "Sebelum bercinta, lebih baik minum kopi",
        "Fitur ini sudah ada sejak tahun 2014.",
        "Penulis: Anggun Pratama",
        "Sumber: Facebook.",
        "Ujar Hafsah di sana. [sau]mdk - split end mdk - split",
        "(ilham / sir)",
        "DailySocial.id adalah portal berita startup dan inovasi teknologi. Kamu bisa menjadi member komunitas.",
    ])
    cleaned = clean_article(raw, tokenized=True)
    assert cleaned.text == ("Facebook menyiapkan tampilan baru fitur Trending Topic.\n\n"
                            "Fitur ini sudah ada sejak tahun 2014.\n\nUjar Hafsah di sana.")
    assert cleaned.metadata.source == "Facebook."


@pytest.mark.parametrize("ending", ["(end)", "(rsa / rsa)", "[feb]", "(asa)"])
def test_editor_codes_closing_an_article_are_dropped(ending: str) -> None:
    assert clean_article(f"Nur Alam disangka melanggar Pasal 2 Ayat 1. {ending}").text == (
        "Nur Alam disangka melanggar Pasal 2 Ayat 1.")


def test_a_source_closing_an_article_stays() -> None:
    text = "Ada pula mantan Menteri Pertahanan yang dieksekusi. (Dailymail)"
    assert clean_article(text).text == text
