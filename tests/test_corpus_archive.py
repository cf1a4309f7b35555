"""The shipped news archive (``corpus/archive``): loading it, its metadata, and what its cleaning leaves."""

from __future__ import annotations

import gzip
import json
import re
from pathlib import Path

import pytest

from corpus import ARCHIVE_ARTICLES, UnreadableDocumentError, load_file
from corpus.urls import date_from_url, title_from_url

ARCHIVE_FILE = ARCHIVE_ARTICLES / "indosum.jsonl.gz"
PUBLISHERS = {"CNN Indonesia", "Kumparan", "DailySocial", "ANTARA", "Merdeka", "Juara.net", "Suara", "Rimanews",
              "Goal Indonesia", "Poskota"}
# Artifacts of the raw archive: how many texts show each before cleaning, and how many may still show it after.
ARTIFACTS = {
    "spaced slash": (r"\S / \S", 0),
    "detached -nya": (r" -nya\b", 0),
    'closing quote glued to "kata"': (r'[,.!?] "(?:kata|ujar|ucap|tutur|jelas|imbuh|ungkap|tambah)', 1),
    "DailySocial footer": (r"DailySocial\.id adalah", 0),
    "Sumber: line": (r"(?m)^Sumber\s*:", 0),
    "Baca juga / Simak juga": (r"(?im)^(?:baca|simak) juga", 0),
    "editor code at the end": (r"[(\[]\s*[a-z]{2,8}(?:\s*/\s*[a-z]{2,8})*\s*[)\]]\s*$", 0),
    "mdk - split": (r"mdk\s*-\s*split", 0),
    "publisher dateline": (r"^[^\n]{0,60}?(?:\.com|\.net|\.NET|CNN Indonesia|ANTARA News|Pos Kota|Rimanews)\)?"
                           r"\s(?:--|[-–—])\s", 0),
    "spaced hyphen": (r"\w - \w", 200),  # what stays is mostly football line-ups ("23 - Gaitan") and real dashes
}


@pytest.fixture(scope="module")
def archive() -> list:
    return load_file(ARCHIVE_FILE)


def test_the_archive_loads_whole_with_ids_publishers_dates_and_urls(archive: list) -> None:
    assert len(archive) == 3463
    assert len({d.id for d in archive}) == 3463
    assert {d.publisher for d in archive} == PUBLISHERS
    assert all(d.date for d in archive)
    assert sum(bool(re.fullmatch(r"\d{4}-\d{2}-\d{2}", d.date)) for d in archive) > 3460  # else a date line
    assert all(d.url and d.url.startswith("http") for d in archive)
    assert sum(d.title is not None for d in archive) > 3400  # the rest: slugs that are hashes or too short
    toyota = next(d for d in archive if d.id.startswith("1471852823-belum-sebulan-penjualan-toyota-calya"))
    assert (toyota.title, toyota.publisher, toyota.date) == (
        "Belum Sebulan Penjualan Toyota Calya Sudah Lampaui Target", "Suara", "2016-08-19")


def test_the_archive_ids_are_indosums_verbatim(archive: list) -> None:
    with gzip.open(ARCHIVE_FILE, "rt", encoding="utf-8") as lines:
        assert [json.loads(line)["id"] for line in lines] == [d.id for d in archive]


def test_cleaning_leaves_no_artifacts(archive: list) -> None:
    with gzip.open(ARCHIVE_FILE, "rt", encoding="utf-8") as lines:
        raw = [json.loads(line)["text"] for line in lines]
    counts = {}
    for name, (pattern, allowed) in ARTIFACTS.items():
        found = re.compile(pattern)
        counts[name] = (sum(bool(found.search(t)) for t in raw), sum(bool(found.search(d.text)) for d in archive))
        print(f"{name:32} {counts[name][0]:5} -> {counts[name][1]:5} articles")
    assert all(after <= ARTIFACTS[name][1] < before for name, (before, after) in counts.items()), counts


def test_the_archive_folder_is_the_file_alone() -> None:
    assert sorted(p.name for p in ARCHIVE_ARTICLES.iterdir()) == ["indosum.jsonl.gz"]
    assert (ARCHIVE_ARTICLES.parent / "README.md").read_text(encoding="utf-8").count("CC BY-SA 4.0") >= 1


def test_a_jsonl_gz_file_is_read_and_a_damaged_one_refused(tmp_path: Path) -> None:
    records = [{"id": 7, "text": "Gubernur Bali meresmikan bandara.", "url": "https://a.id/2017/03/05/x/satu-dua-tiga",
                "crawled": "2017-03-07T10:00:00+00:00"},
               {"id": "b", "text": "Berita kedua.", "crawled": "2017-03-07T10:00:00+00:00", "tokenized": True}]
    with gzip.open(tmp_path / "berita.jsonl.gz", "wt", encoding="utf-8") as out:
        out.write("\n".join(json.dumps(r) for r in records) + "\n")
    (tmp_path / "rusak.jsonl.gz").write_bytes(gzip.compress(b'{"text": "a"}\n')[:-6])
    first, second = load_file(tmp_path / "berita.jsonl.gz")
    assert (first.id, first.title, first.date) == ("7", "Satu Dua Tiga", "2017-03-05")
    assert (second.id, second.title, second.date) == ("b", None, "2017-03-07")
    with pytest.raises(UnreadableDocumentError, match="gzip"):
        load_file(tmp_path / "rusak.jsonl.gz")


def test_tokenized_must_be_a_boolean(tmp_path: Path) -> None:
    path = tmp_path / "a.jsonl"
    path.write_text(json.dumps({"text": "Berita.", "tokenized": "ya"}) + "\n", encoding="utf-8")
    with pytest.warns(Warning, match="'tokenized' must be true or false"), pytest.raises(UnreadableDocumentError):
        load_file(path)


@pytest.mark.parametrize(("url", "title"), [
    ("http://www.suara.com/otomotif/2016/08/19/163000/belum-sebulan-penjualan-toyota-calya-sudah-lampaui-target",
     "Belum Sebulan Penjualan Toyota Calya Sudah Lampaui Target"),
    ("http://www.juara.net/read/sport/lainnya/173280-kebutuhan.untuk.relawan.asian.games.2018.tinggi",
     "Kebutuhan Untuk Relawan Asian Games 2018 Tinggi"),
    ("http://www.goal.com/id/berita/juventus-targetkan-duo-real-madrid/1qha82n5kqpia19pmewx5cnkez",
     "Juventus Targetkan Duo Real Madrid"),
    ("http://beta.goal.com/id/berita/neymar/1j524ifgx2kcg1q5dlyv7mp859", None),
    ("https://dailysocial.id/post/medium-claps", None),
])
def test_titles_from_url_slugs(url: str, title: str | None) -> None:
    assert title_from_url(url) == title


def test_a_slug_title_keeps_the_articles_capitals() -> None:
    assert title_from_url("https://x.id/20160901101746-12-155304/kpk-telusuri-aliran-dana-iphone/",
                          "Kata KPK soal iPhone.") == "KPK Telusuri Aliran Dana iPhone"


@pytest.mark.parametrize(("url", "day"), [
    ("http://www.suara.com/news/2016/08/31/191400/tidur-di-rapat", "2016-08-31"),
    ("http://www.cnnindonesia.com/nasional/20160901101746-12-155304/kpk-telusuri/", "2016-09-01"),
    ("http://rimanews.com/ekonomi/bisnis/read/20161003/305310/Inflasi-September", "2016-10-03"),
    ("https://kumparan.com/ananda/ketua-mpr-mustahil", None),
    ("http://x.id/2016/13/45/salah", None),
])
def test_dates_from_urls(url: str, day: str | None) -> None:
    assert date_from_url(url) == day
