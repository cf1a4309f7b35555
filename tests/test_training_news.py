"""News questions mined from an archive for the reader's news stage: posts and names, absent posts, and the
articles of a development set left out (pure logic on small articles)."""

from __future__ import annotations

import json
import random
from pathlib import Path

from corpus import document_from_text
from qa.training.news_questions import (
    NEWS_SPEECH,
    NEWS_TITLES,
    NEWS_TITLES_ABSENT,
    news_archive_records,
    news_records,
    titles,
    whole_posts,
)

ARTICLES = {
    "jabar-1": ("Gubernur Jawa Barat Ahmad Heryawan meresmikan jalan tol bersama Presiden Joko Widodo. "
                "Jalan itu memangkas waktu tempuh, kata Ahmad Heryawan."),
    "jabar-2": ("Gubernur Jawa Barat Dedi Mulyadi, yang baru dilantik, datang ke Bandung. Gubernur Jawa Barat "
                "mengatakan proyek itu selesai tahun depan. Presiden Joko Widodo, kata dia, akan hadir. "
                "Pekan lalu Dedi Mulyadi mengatakan anggaran sudah disiapkan."),
    "jateng": ("Gubernur Jawa Tengah Ganjar Pranowo meninjau banjir bersama mantan Gubernur Jawa Tengah Bibit "
               "Waluyo. Gubernur Jawa Tengah meminta warga waspada. Warga menyambut Ganjar Pranowo di posko."),
}


def _documents():
    return [document_from_text(name, text) for name, text in ARTICLES.items()]


def test_a_post_stands_whole_and_is_followed_by_different_names():
    posts = whole_posts(ARTICLES.values())
    assert posts["Gubernur Jawa Barat"] == 2 and posts["Gubernur Jawa Tengah"] == 2
    assert not posts.get("Presiden Joko Widodo") and "Presiden Joko" not in posts


def test_titles_split_the_post_from_the_name_the_article_uses_on_its_own():
    posts = whole_posts(ARTICLES.values())
    text = ARTICLES["jabar-1"]
    found = titles(text, text, posts)
    assert [(post, text[start:end]) for post, start, end in found] == [("Gubernur Jawa Barat", "Ahmad Heryawan")]
    alone = "Gubernur Jawa Barat Ahmad Heryawan meresmikan jalan tol."
    assert titles(alone, alone, posts) == []  # the article never names him without the post


def test_news_records_ask_for_the_post_and_for_a_post_the_passage_lacks():
    records = news_records(_documents(), random.Random(0))
    asked = {(r.question, r.answers[0].text) for r in records[NEWS_TITLES]}
    assert ("Siapa Gubernur Jawa Barat?", "Ahmad Heryawan") in asked
    assert ("Siapa Gubernur Jawa Tengah?", "Ganjar Pranowo") in asked
    for record in records[NEWS_TITLES_ABSENT]:
        assert record.answers == () and record.question.removeprefix("Siapa ").rstrip("?") not in record.context
    assert "Siapa Gubernur Jawa Tengah?" in {r.question for r in records[NEWS_TITLES_ABSENT]}
    said = [r.answers[0].text for r in records[NEWS_SPEECH]]
    assert "anggaran sudah disiapkan" in said


def test_the_articles_of_a_development_file_are_not_mined(tmp_path: Path):
    archive = tmp_path / "archive.jsonl"
    archive.write_text("\n".join(json.dumps({"id": name, "text": text}) for name, text in ARTICLES.items()))
    development = tmp_path / "dev.json"
    development.write_text(json.dumps({"questions": [{"q": "?", "answers": [], "docs": ["jateng"]}]}))
    mined = news_archive_records(archive, [development], random.Random(0))
    assert all("Ganjar" not in r.context for source in mined.values() for r in source)
    assert any("Ganjar" in r.context for r in news_archive_records(archive, [], random.Random(0))[NEWS_TITLES])
