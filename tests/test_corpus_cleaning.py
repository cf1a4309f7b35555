"""Cleaning and metadata extraction, checked against the five bundled (real, scraped) articles."""

from __future__ import annotations

import pytest

from corpus import BUNDLED_ARTICLES, Document, UnreadableDocumentError, document_from_text, load_file

ARTICLES = {
    "000": "000_5966dc24956d1941",
    "001": "001_2dbeae1d53397d63",
    "002": "002_af91a0d982ffc927",
    "003": "003_cdbb94ee7956bff6",
    "004": "004_60f4ac8eb20885d3",
}

# Test-side knowledge of each raw file's non-body lines, written independently of corpus.metadata.
NAVIGATION = {"Tags", "Artikel Pilihan", "Terkait", "Terkini", "Terpopuler", "Kabar Daerah", "x"}
NOISE_PREFIXES = (
    "Baca Juga:",
    "Baca juga:",
    "Editor:",
    "Penerjemah:",
    "Sumber:",
    "Copyright ©",
    "COPYRIGHT ©",
)
CAPTIONS = {
    "001": "Pesawat angkut Ill-76 Kementerian Pertahanan Rusia",
    "003": "Kunjungan diplomat tinggi China Wang Yi ke Rusia bertemu dengan Kepala Keamanan Rusia",
}
DATELINES = ("ZONA PRIANGAN - ", "Beijing (ANTARA) - ", "GALAMEDIANEWS - ")
NOISE_IN_TEXT = (
    "Baca Juga",
    "Baca juga",
    "Artikel Pilihan",
    "Terpopuler",
    "Kabar Daerah",
    "Editor:",
    "Penerjemah:",
    "Sumber:",
    "Copyright",
    "COPYRIGHT",
    "***",
    "[Xinhua]",
    "WIB",
    "\u00a0",
    "  ",
)


def load(key: str) -> Document:
    (document,) = load_file(BUNDLED_ARTICLES / f"{ARTICLES[key]}.txt")
    return document


def metadata(document: Document) -> tuple[str | None, ...]:
    return document.title, document.publisher, document.source, document.date


def paragraphs(document: Document) -> list[str]:
    return document.text.split("\n\n")


def raw_body_lines(key: str, title: str | None) -> list[str]:
    """The raw file's lines that are article body, with publisher markers cut off."""
    raw = (BUNDLED_ARTICLES / f"{ARTICLES[key]}.txt").read_text(encoding="utf-8")
    body = []
    for line in raw.splitlines():
        line = " ".join(line.split())
        if (
            not line
            or line in NAVIGATION
            or line == title
            or line.startswith(NOISE_PREFIXES)
            or line.startswith("- ")  # the date line
            or (key in CAPTIONS and line.startswith(CAPTIONS[key]))
        ):
            continue
        for dateline in DATELINES:
            line = line.removeprefix(dateline)
        body.append(line.removesuffix(" [Xinhua]").rstrip("*"))
    return body


@pytest.mark.parametrize("key", sorted(ARTICLES))
def test_no_body_line_is_lost(key: str) -> None:
    document = load(key)
    body = raw_body_lines(key, document.title)
    assert len(body) >= 7
    for line in body:
        assert line in document.text


@pytest.mark.parametrize("key", sorted(ARTICLES))
def test_noise_is_gone_and_paragraphs_are_unique(key: str) -> None:
    document = load(key)
    for noise in NOISE_IN_TEXT:
        assert noise not in document.text
    parts = paragraphs(document)
    assert all(part and part == part.strip() for part in parts)
    assert "x" not in parts and "Terkait" not in parts and "Terkini" not in parts
    assert len(parts) == len(set(parts))
    assert "\n\n\n" not in document.text


def test_000_lead_and_restatement_both_kept_and_xinhua_publisher() -> None:
    document = load("000")
    assert metadata(document) == (None, "Xinhua", None, None)
    assert document.id == ARTICLES["000"]
    assert document.text.startswith("China siap memperkuat koordinasi dengan Rusia")
    assert "antara pemimpin kedua negara, kata Menlu Wang Yi." in document.text
    assert "antara pemimpin kedua negara, tutur Wang." in document.text
    assert "BEIJING, Anggota Dewan Negara sekaligus Menteri Luar Negeri (Menlu)" in document.text
    assert "Wang Yi pada Senin (10/1) menggelar pembicaraan via telepon" in document.text
    assert document.text.endswith("meletusnya perang di Asia Tengah, imbuh menlu China tersebut.")


def test_001_headline_date_source_and_caption() -> None:
    document = load("001")
    assert metadata(document) == (
        "Kerusuhan di Kazakhstan Libatkan Tentara Bayaran, China Dukung Rusia Kirim Pasukan Usir"
        " Kekuatan Asing",
        "ZONA PRIANGAN",
        "RT.com",
        "12 Januari 2022, 18:09 WIB",
    )
    assert document.title not in document.text
    assert document.text.startswith("Menteri Luar Negeri China Wang Yi meminta Moskow memperkuat kerja sama")
    assert "Pesawat angkut" not in document.text and "Sputnik" not in document.text
    assert "Dikutip rt.com, Beijing telah mendukung langkah Moskow" in document.text
    assert "Rusia Kirim Pasukan Terjun Payung" not in document.text  # a "Baca Juga" link
    assert "Parama Ghaly" not in document.text
    assert document.text.endswith("termasuk partisipasi tentara bayaran asing.")


def test_the_headlines_an_article_links_to_are_kept_out_of_its_text() -> None:
    document = load("002")  # three "Baca juga: …" links, one printed twice
    assert document.related_headlines == ("Presiden Kazakhstan: Kami telah melewati upaya kudeta\n"
                                          "Kazakhstan menahan 7.939 orang selama kerusuhan pekan lalu\n"
                                          "Presiden Kazakhstan tetapkan 10 Januari hari berkabung nasional")
    assert "7.939" not in document.text
    listed = document_from_text("x", "Isi berita pertama.\n\nBaca juga:\nJudul Pertama\nJudul Kedua\n\nIsi kedua.")
    assert (listed.text, listed.related_headlines) == ("Isi berita pertama.\n\nIsi kedua.", "Judul Pertama\nJudul Kedua")
    assert document_from_text("y", "Isi berita.\n\nSimak juga: Video lain").related_headlines is None


def test_002_antara_dateline_reuters_source_and_pull_quote() -> None:
    document = load("002")
    assert metadata(document) == (None, "ANTARA", "Reuters", None)
    assert "(ANTARA)" not in document.text
    pull_quote = "sejumlah kekuatan eksternal tidak menginginkan perdamaian dan ketenangan di wilayah kami"
    assert paragraphs(document)[0].endswith(pull_quote)
    assert document.text.count(pull_quote) == 2  # the lead pull-quote and the quote in the body
    assert paragraphs(document)[1].startswith("Menteri Luar Negeri China Wang Yi pada Senin mengatakan")
    assert "Presiden China Xi Jinping pada Jumat (7/1) mengatakan" in document.text
    for noise in ("7.939", "upaya kudeta", "Juwita Trisna Rahayu", "Atman Ahdiat"):
        assert noise not in document.text


def test_003_headline_date_source_and_whitespace() -> None:
    document = load("003")
    assert metadata(document) == (
        "Diplomat Tinggi China Tegaskan Hubungan Rusia dan China Sangat Kokoh Seperti Batu",
        "GALAMEDIANEWS",
        "DW",
        "22 Februari 2023, 20:08 WIB",
    )
    assert document.text.startswith("Wang Yi , seorang diplomat tinggi China bertemu")
    assert "Wang Yi juga menegaskan kembali dukungan China untuk Rusia" in document.text
    assert "TASS" not in document.text and "IMAGO" not in document.text
    assert "Jujutsu Kaisen" not in document.text and "Kucing Himalaya" not in document.text
    assert document.text.endswith('tindakan Kiev yang "tidak seimbang dan anti-Rusia" di Majelis Umum.')


def test_004_article_printed_twice_is_kept_once() -> None:
    document = load("004")
    assert metadata(document) == (None, "ANTARA News Bengkulu", None, None)  # publisher: copyright line
    assert document.text.count("China tidak ingin melihat eskalasi krisis") == 1
    assert document.text.count("Krisis di Ukraina hanya bisa diatasi melalui dialog dan negosiasi.") == 1
    assert document.text.startswith("Menteri Luar Negeri China Wang Yi kembali melakukan percakapan telepon")
    assert len(paragraphs(document)) == 9
    assert document.text.endswith('membuahkan hasil dan perdamaian bisa disepakati," ucapnya.')


def test_document_from_text_runs_the_same_cleaning() -> None:
    raw = (BUNDLED_ARTICLES / f"{ARTICLES['001']}.txt").read_text(encoding="utf-8")
    uploaded = document_from_text("upload-1", raw)
    loaded = load("001")
    assert uploaded.text == loaded.text
    assert metadata(uploaded) == metadata(loaded)
    assert uploaded.path is None


def test_explicit_metadata_wins_and_known_title_line_is_dropped() -> None:
    document = document_from_text(
        "a",
        "Judul Berita\nIsi berita pertama.\nIsi berita kedua.",
        title="Judul Berita",
        publisher="Kompas",
        date="2024-05-01",
    )
    assert document.text == "Isi berita pertama.\n\nIsi berita kedua."
    assert (document.title, document.publisher, document.date) == ("Judul Berita", "Kompas", "2024-05-01")


def test_markdown_heading_is_the_title() -> None:
    document = document_from_text("md", "# Wang Yi Bertemu Lavrov\n\nKedua menlu bertemu di Moskow.")
    assert document.title == "Wang Yi Bertemu Lavrov"
    assert document.text == "Kedua menlu bertemu di Moskow."


def test_a_single_line_is_body_not_headline() -> None:
    document = document_from_text("one", "Wang Yi bertemu Lavrov di Moskow")
    assert document.title is None
    assert document.text == "Wang Yi bertemu Lavrov di Moskow"


def test_in_sentence_dates_are_not_the_article_date() -> None:
    raw = "Menlu bertemu pada Sabtu (5/3) di Beijing.\n\nPada 22 Februari mereka berbicara."
    document = document_from_text("d", raw)
    assert document.date is None


def test_only_noise_is_unreadable() -> None:
    with pytest.raises(UnreadableDocumentError) as caught:
        document_from_text("noise-only", "Baca Juga: Berita lain\n\nEditor: Seseorang\nTerkini\nx\n")
    assert (caught.value.location, caught.value.reason) == ("noise-only", "no article text after cleaning")


def test_bylines_and_photo_credits_are_kept_as_the_article_credits() -> None:
    credits = {key: tuple(getattr(load(key), role) for role in ("editor", "translator", "writer", "photographer"))
               for key in ARTICLES}
    assert credits == {
        "000": (None, None, None, None),
        "001": ("Parama Ghaly", None, None, "Evgeny Odinokov"),
        "002": ("Atman Ahdiat", "Juwita Trisna Rahayu", None, None),
        "003": ("Ryan Pratama", None, None, "Alexander Shcherbak"),  # not the agencies TASS, IMAGO, DW
        "004": (None, None, None, None),
    }
    assert load("001").photo_caption == ("Pesawat angkut Ill-76 Kementerian Pertahanan Rusia di lapangan terbang"
                                         " Chkalovsky dekat Moskow.* /Sputnik /Evgeny Odinokov")


def test_a_caption_crediting_no_person_is_kept_as_the_photo_caption() -> None:
    document = document_from_text("x", "Isi berita yang cukup panjang.\n\nGedung DPR di Jakarta.\n"
                                       "Gedung DPR di Jakarta. /Antara\n\nParagraf kedua berita.")
    assert (document.photographer, document.photo_caption) == (None, "Gedung DPR di Jakarta. /Antara")
    assert "Gedung DPR" not in document.text


def test_a_photo_credited_to_a_company_names_no_photographer() -> None:
    document = document_from_text("x", "Isi berita yang cukup panjang.\n\nFoto: Shutterstock\nPenulis: Dian Savitri\n"
                                       "Redaktur: Memey Mega")
    assert (document.photographer, document.writer, document.editor) == (None, "Dian Savitri", "Memey Mega")
    assert "Dian Savitri" not in document.text
