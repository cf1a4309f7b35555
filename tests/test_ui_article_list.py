"""The Artikel tab's filter and pages (pure logic, on made-up articles)."""

from __future__ import annotations

from datetime import date

import pytest

from corpus import Document
from ui.article_list import PAGE_SIZE, ArticleFilter, article_page, parse_day, publishers
from ui.render import article_count

DOCUMENTS = [
    Document(f"{i:04d}", f"Isi berita nomor {i} tentang {'banjir' if i % 3 == 0 else 'pemilu'}.",
             title=f"Berita {i}", publisher="Suara" if i % 2 else "ANTARA", date=f"2016-08-{i % 28 + 1:02d}")
    for i in range(45)
] + [Document("tanpa-tanggal", "Berita banjir tanpa tanggal.", publisher="Suara")]
PASSAGES = {"0000": 2}


def test_pages_hold_twenty_articles_and_say_where_they_are() -> None:
    first = article_page(DOCUMENTS, PASSAGES, ArticleFilter(), 1)
    assert (len(first.rows), first.matched, first.total, first.page, first.pages, first.first) == (20, 46, 46, 1, 3, 1)
    assert first.rows[0].passages == 2 and first.rows[1].passages == 0
    last = article_page(DOCUMENTS, PASSAGES, ArticleFilter(), 3)
    assert (len(last.rows), last.first) == (6, 41)
    assert article_page(DOCUMENTS, PASSAGES, ArticleFilter(), 99).page == 3  # clamped
    assert article_page(DOCUMENTS, PASSAGES, ArticleFilter(), 0).page == 1
    assert PAGE_SIZE == 20


def test_words_publisher_and_dates_filter_together() -> None:
    query = ArticleFilter(words="BANJIR isi", publisher="ANTARA", start=date(2016, 8, 1), end=date(2016, 8, 10))
    listed = article_page(DOCUMENTS, PASSAGES, query, 1)
    expected = [d.id for d in DOCUMENTS if d.publisher == "ANTARA" and "banjir" in d.text and d.date
                and "2016-08-01" <= d.date <= "2016-08-10"]
    assert [row.document_id for row in listed.rows] == expected and expected
    assert listed.matched == len(expected) and listed.total == 46
    undated = article_page(DOCUMENTS, PASSAGES, ArticleFilter(words="tanpa"), 1)
    assert [row.document_id for row in undated.rows] == ["tanpa-tanggal"]
    assert article_page(DOCUMENTS, PASSAGES, ArticleFilter(words="tanpa", start=date(2016, 1, 1)), 1).matched == 0


def test_nothing_matching_is_one_empty_page() -> None:
    listed = article_page(DOCUMENTS, PASSAGES, ArticleFilter(words="gempa"), 2)
    assert (listed.rows, listed.matched, listed.page, listed.pages, listed.first) == ([], 0, 1, 1, 0)
    assert "Tidak ada artikel yang cocok (46 di indeks)" in article_count(0, 0, 0, 46)


def test_the_count_line_is_indonesian() -> None:
    assert "Artikel 21–40 dari 3.463 · halaman 2 dari 174" in article_count(21, 20, 3463, 3463, 2, 174)
    assert "Artikel 1–20 dari 512 yang cocok (3.463 di indeks) · halaman 1 dari 26" in article_count(
        1, 20, 512, 3463, 1, 26)


def test_typed_dates_are_read_or_refused_in_indonesian() -> None:
    assert parse_day("2016-08-19") == parse_day("19/8/2016") == parse_day("19 Agustus 2016") == date(2016, 8, 19)
    assert parse_day("  ") is None
    with pytest.raises(ValueError, match="tidak dikenali"):
        parse_day("kemarin")


def test_publishers_are_listed_once_each() -> None:
    assert publishers(DOCUMENTS) == ["ANTARA", "Suara"]
