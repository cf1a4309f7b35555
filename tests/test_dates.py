"""What relative and partial dates of an answer mean, from the article's publication date (pure logic)."""

from __future__ import annotations

from datetime import date

import pytest

from qa.dates import LOOKAHEAD_DAYS, DateMeaning, date_meaning, day_name, whole_date

WEDNESDAY = "12 Januari 2022, 18:09 WIB"  # the publication date of the bundled article 001


@pytest.mark.parametrize(("text", "value", "shown"), [
    ("(10/1)", "2022-01-10", "Senin, 10 Januari 2022"),
    ("kemarin", "2022-01-11", "Selasa, 11 Januari 2022"),
    ("hari ini", "2022-01-12", "Rabu, 12 Januari 2022"),
    ("besok", "2022-01-13", "Kamis, 13 Januari 2022"),
    ("esok", "2022-01-13", "Kamis, 13 Januari 2022"),
    ("lusa", "2022-01-14", "Jumat, 14 Januari 2022"),
    ("kemarin lusa", "2022-01-10", "Senin, 10 Januari 2022"),
    ("dua hari lalu", "2022-01-10", "Senin, 10 Januari 2022"),
    ("3 hari yang lalu", "2022-01-09", "Minggu, 9 Januari 2022"),
    ("Senin", "2022-01-10", "Senin, 10 Januari 2022"),
    ("Rabu", "2022-01-12", "Rabu, 12 Januari 2022"),  # the day itself: on or before
    ("Rabu lalu", "2022-01-05", "Rabu, 5 Januari 2022"),  # "lalu": strictly before
    ("Senin lalu", "2022-01-10", "Senin, 10 Januari 2022"),
    ("Senin depan", "2022-01-17", "Senin, 17 Januari 2022"),
    ("Minggu", "2022-01-09", "Minggu, 9 Januari 2022"),
    ("Jum'at", "2022-01-07", "Jumat, 7 Januari 2022"),
    ("pekan lalu", "2022-01-03/2022-01-09", "pekan 3–9 Januari 2022"),
    ("minggu lalu", "2022-01-03/2022-01-09", "pekan 3–9 Januari 2022"),
    ("Minggu lalu", "2022-01-03/2022-01-09", "pekan 3–9 Januari 2022"),  # last week, not last Sunday
    ("sepekan lalu", "2022-01-03/2022-01-09", "pekan 3–9 Januari 2022"),
    ("pekan ini", "2022-01-10/2022-01-16", "pekan 10–16 Januari 2022"),
    ("pekan depan", "2022-01-17/2022-01-23", "pekan 17–23 Januari 2022"),
    ("dua pekan lalu", "2021-12-27/2022-01-02", "pekan 27 Desember 2021–2 Januari 2022"),
    ("bulan lalu", "2021-12", "Desember 2021"),
    ("bulan ini", "2022-01", "Januari 2022"),
    ("bulan depan", "2022-02", "Februari 2022"),
    ("tahun lalu", "2021", "2021"),
    ("setahun lalu", "2021", "2021"),
    ("tiga tahun lalu", "2019", "2019"),
    ("tahun depan", "2023", "2023"),
    ("Desember lalu", "2021-12", "Desember 2021"),
    ("Januari lalu", "2021-01", "Januari 2021"),
    ("Maret mendatang", "2022-03", "Maret 2022"),
    ("2 Agustus lalu", "2021-08-02", "Senin, 2 Agustus 2021"),
    ("16 Agustus", "2021-08-16", "Senin, 16 Agustus 2021"),
    ("16 Agustus mendatang", "2022-08-16", "Selasa, 16 Agustus 2022"),
    ("5 Jan", "2022-01-05", "Rabu, 5 Januari 2022"),
])
def test_each_kind_of_phrase(text: str, value: str, shown: str) -> None:
    assert date_meaning(text, WEDNESDAY) == DateMeaning(text, value, shown)


def test_the_phrase_is_found_inside_a_longer_answer() -> None:
    meaning = date_meaning("pada Jumat (7/1) malam waktu setempat", WEDNESDAY)
    assert meaning == DateMeaning("Jumat (7/1)", "2022-01-07", "Jumat, 7 Januari 2022")
    assert date_meaning("Senin (10/1), lalu Selasa (11/1)", WEDNESDAY).phrase == "Senin (10/1)"  # the first


def test_a_weekday_ending_the_answer_is_read_with_the_date_after_it_in_the_article() -> None:
    assert date_meaning("pada Senin", WEDNESDAY, " (3/1) menggelar") == DateMeaning(
        "Senin (3/1)", "2022-01-03", "Senin, 3 Januari 2022")  # not the Monday before publication, 10 January
    assert date_meaning("Senin", WEDNESDAY, " malam (3/1)").value == "2022-01-10"  # not right after it
    assert date_meaning("Sergei Lavrov", WEDNESDAY, " (3/1)") is None  # only a weekday takes it


@pytest.mark.parametrize("text", ["100 tahun lalu", "beberapa pekan lalu", "dua puluh tahun lalu",
                                  "puluhan tahun lalu"])
def test_a_period_after_a_quantity_not_read_means_nothing(text: str) -> None:
    assert date_meaning(text, WEDNESDAY) is None


def test_a_day_and_month_take_the_year_nearest_before_publication() -> None:
    assert date_meaning("(12/1)", WEDNESDAY).value == "2022-01-12"  # the day itself
    assert date_meaning("(20/1)", WEDNESDAY).value == "2021-01-20"  # 8 days ahead: last year's
    assert date_meaning(f"({12 + LOOKAHEAD_DAYS}/1)", WEDNESDAY).value == f"2022-01-{12 + LOOKAHEAD_DAYS}"
    assert date_meaning("(14/1)", WEDNESDAY).value == "2022-01-14"  # an announcement, two days ahead


def test_year_boundaries() -> None:
    assert date_meaning("(30/12)", "2022-01-02").value == "2021-12-30"
    assert date_meaning("(2/1)", "2021-12-30").value == "2022-01-02"  # within the look-ahead, across the year
    assert date_meaning("kemarin", "2022-01-01").value == "2021-12-31"
    assert date_meaning("besok", "2021-12-31").value == "2022-01-01"
    assert date_meaning("bulan lalu", "2022-01-31").shown == "Desember 2021"
    assert date_meaning("bulan depan", "2021-12-01").shown == "Januari 2022"
    assert date_meaning("pekan lalu", "2022-01-05").shown == "pekan 27 Desember 2021–2 Januari 2022"
    assert date_meaning("pekan lalu", "2022-03-02").shown == "pekan 21–27 Februari 2022"


def test_leap_years() -> None:
    assert date_meaning("(29/2)", "2024-03-01").value == "2024-02-29"
    assert date_meaning("(29/2)", "2023-03-01").value == "2020-02-29"  # the last 29 February before
    assert date_meaning("besok", "2024-02-28").value == "2024-02-29"
    assert date_meaning("kemarin", "2023-03-01").value == "2023-02-28"
    assert date_meaning("bulan lalu", "2024-03-10").value == "2024-02"
    assert date_meaning("(31/2)", WEDNESDAY) is None  # no such day


def test_the_weekday_is_checked_but_the_day_and_month_are_trusted() -> None:
    # "Sabtu (5/3)" published on Sunday 6 March 2022: they agree
    assert date_meaning("Sabtu (5/3)", "2022-03-06").shown == "Sabtu, 5 Maret 2022"
    # they disagree: the day and month win, shown with the weekday that date really has
    assert date_meaning("Senin (5/3)", "2022-03-06").shown == "Sabtu, 5 Maret 2022"
    # a date in the look-ahead window: the weekday picks the year whose date it is
    assert date_meaning("Jumat (14/1)", WEDNESDAY).value == "2022-01-14"
    assert date_meaning("Kamis (14/1)", WEDNESDAY).value == "2021-01-14"
    assert date_meaning("Selasa (14/1)", WEDNESDAY).value == "2022-01-14"  # neither agrees: the nearer one


def test_a_date_with_its_year_means_itself_even_without_a_publication_date() -> None:
    assert date_meaning("Kamis (18/8/2016)", None) == DateMeaning("Kamis (18/8/2016)", "2016-08-18",
                                                                  "Kamis, 18 Agustus 2016")
    assert date_meaning("pada 22 Februari 2023 di Moskow", None).value == "2023-02-22"
    assert date_meaning("Februari 2023", WEDNESDAY).value == "2023-02"


@pytest.mark.parametrize("published", [None, "", "kemarin sore", "31 Februari 2022"])
def test_without_a_publication_date_nothing_relative_is_guessed(published: str | None) -> None:
    for text in ("(10/1)", "kemarin", "pekan lalu", "Senin", "16 Agustus"):
        assert date_meaning(text, published) is None


@pytest.mark.parametrize("text", ["Sergei Lavrov", "10/1", "dua tahun", "pekan", "keesokan harinya", "minggu",
                                  "Mariupol dan Volnovakha", "pukul 18.09 WIB", "10 persen", "sebulan penuh", ""])
def test_text_without_a_date_phrase_means_nothing(text: str) -> None:
    assert date_meaning(text, WEDNESDAY) is None


def test_any_written_publication_date_is_read() -> None:
    for published in ("2022-01-12", "2022-01-12T10:00:00+07:00", "Rabu, 12 Januari 2022", "12/01/2022"):
        assert date_meaning("kemarin", published).value == "2022-01-11"


def test_day_name() -> None:
    assert day_name(date(2022, 1, 10)) == "Senin, 10 Januari 2022"


@pytest.mark.parametrize(
    ("text", "span", "whole"),
    [
        ("Wang Yi menelepon Lavrov pada Senin (10/1) malam.", "(10/1)", "Senin (10/1)"),
        ("Wang Yi menelepon Lavrov pada Senin (10/1) malam.", "Senin", "Senin (10/1)"),
        ("Xi berbicara dengan Tokayev pada Jumat, (7/1).", "(7/1)", "Jumat, (7/1)"),
        ("Kamis (18/8/2016) lalu, mobil itu diluncurkan.", "(18/8/2016)", "Kamis (18/8/2016)"),
        ("Keduanya bertemu (22/2) di Moskow.", "(22/2)", "(22/2)"),  # no weekday to add
        ("Sidang digelar Sabtu di Jakarta.", "Sabtu", "Sabtu"),
        ("Penjualan naik pada Senin (10/1).", "Penjualan", "Penjualan"),
    ],
)
def test_a_span_of_half_a_date_is_widened_to_the_whole_date(text, span, whole):
    start = text.index(span)
    first, last = whole_date(text, start, start + len(span))
    assert text[first:last] == whole
