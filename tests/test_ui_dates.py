"""One date format on the page, and names for articles without a title."""

from __future__ import annotations

import pytest

from corpus import BUNDLED_ARTICLES, Document, load_directory
from qa import Alternative, Answer, ArticleRef, Evidence
from qa.dates import indonesian_date
from ui.sources import TITLE_WORDS, display_title, titled


@pytest.mark.parametrize("raw", ["10 Januari 2022, 18:09 WIB", "2022-01-10", "2022-01-10T10:00:00+07:00",
                                 "10/01/2022", "Senin, 10 Januari 2022", "10 Jan 2022", "January 10, 2022"])
def test_every_date_is_written_the_indonesian_way(raw: str) -> None:
    assert indonesian_date(raw) == "Senin, 10 Januari 2022"


@pytest.mark.parametrize(("raw", "shown"), [("kemarin", "kemarin"), ("31 Februari 2022", "31 Februari 2022"),
                                            ("", None), (None, None)])
def test_text_without_a_valid_date_is_shown_as_it_is(raw: str | None, shown: str | None) -> None:
    assert indonesian_date(raw) == shown


def test_every_bundled_article_gets_a_title() -> None:
    documents = load_directory(BUNDLED_ARTICLES)
    assert sum(d.title is None for d in documents) == 3  # the reason for display titles
    titles = [display_title(d) for d in documents]
    assert all(titles) and len(set(titles)) == len(titles)
    assert all(len(display_title(d).split()) <= TITLE_WORDS + 1 for d in documents if d.title is None)
    untitled = next(d for d in documents if d.id.startswith("004"))
    assert display_title(untitled).startswith("Menteri Luar Negeri China Wang Yi kembali melakukan")


def test_answers_alternatives_and_evidence_get_display_titles() -> None:
    documents = {"a": Document("a", "Kalimat pertama. Kalimat kedua."), "b": Document("b", "Teks.", title="Judul B")}
    untitled = ArticleRef("a")
    answer = Answer("?", "x", True, 0.5, article=untitled, alternatives=(Alternative("y", 0.1, ArticleRef("b"), "y."),),
                    evidence=(Evidence(untitled, "Kalimat pertama.", 0.5),))
    named = titled(answer, documents)
    assert named.article.title == "Kalimat pertama." and named.alternatives[0].article.title == "Judul B"
    assert named.evidence[0].article.title == "Kalimat pertama."
    assert titled(Answer("?", "", False, 0.0), documents).article is None
