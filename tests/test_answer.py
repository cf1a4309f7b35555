"""The Answer contract: small alternatives, ``found`` only for an answer given, the documented JSON."""

from __future__ import annotations

import json

import pytest

from corpus import Document
from qa import Alternative, Answer, ArticleRef, Evidence, Report
from qa.dates import DateMeaning

PASSAGE = "Pembukaan. Wang Yi bertemu Nikolai Patrushev di Moskow. Penutup."
ARTICLE = Document("003", PASSAGE, title="Judul", publisher="ANTARA", source="Xinhua", date="2023-02-22",
                   url="https://example.org/a", path="003.txt")
ARTICLE_KEYS = ["document_id", "title", "publisher", "date", "url"]


def _found(text: str, score: float, document: Document = ARTICLE) -> Answer:
    start = PASSAGE.index(text)
    return Answer("Siapa?", text, True, score, article=ArticleRef.of(document), passage=PASSAGE, start=start,
                  end=start + len(text), sentence="Wang Yi bertemu Nikolai Patrushev di Moskow.")


def test_the_reference_is_built_from_the_document() -> None:
    assert ArticleRef.of(ARTICLE) == ArticleRef("003", "Judul", "ANTARA", "Xinhua", "2023-02-22",
                                                "https://example.org/a")


def test_an_alternative_is_small() -> None:
    other = Document("004", PASSAGE, publisher="Kompas")
    alternative = Alternative.of(_found("Moskow", 0.1, other))
    assert alternative == Alternative("Moskow", 0.1, ArticleRef("004", publisher="Kompas"),
                                      "Wang Yi bertemu Nikolai Patrushev di Moskow.")
    with pytest.raises(ValueError, match="only an answer found"):
        Alternative.of(Answer("Siapa?", "", False, 0.1))


def test_to_dict_is_flat_with_the_keys_clients_know() -> None:
    # the JSON of `tanya ask --json` and the page's /tanya endpoint, key for key (its order included)
    answer = Answer(**{**_found("Nikolai Patrushev", 0.8).__dict__,
                       "alternatives": (Alternative.of(_found("Moskow", 0.1)),),
                       "evidence": (Evidence(ArticleRef.of(ARTICLE), PASSAGE, 0.03),),
                       "corroborated_by": (Report("Patrushev", "Patrushev tiba.", ArticleRef("005", publisher="B")),),
                       "disputed_by": (Report("Lavrov", "Lavrov tiba.", ArticleRef("006")),),
                       "date_meaning": DateMeaning("(10/1)", "2022-01-10", "Senin, 10 Januari 2022")})
    data = json.loads(json.dumps(answer.to_dict()))
    assert list(data) == ["question", "text", "found", "score", "document_id", "title", "publisher", "source",
                          "date", "url", "passage_id", "passage", "start", "end", "sentence", "sentence_start",
                          "sentence_end", "alternatives", "evidence", "corroborated_by", "disputed_by",
                          "date_meaning", "understood_as"]
    assert (data["document_id"], data["title"], data["publisher"], data["source"], data["date"], data["url"]) == (
        "003", "Judul", "ANTARA", "Xinhua", "2023-02-22", "https://example.org/a")
    assert data["alternatives"] == [{"text": "Moskow", "score": 0.1, **dict(zip(ARTICLE_KEYS, (
        "003", "Judul", "ANTARA", "2023-02-22", "https://example.org/a"))),
        "sentence": "Wang Yi bertemu Nikolai Patrushev di Moskow."}]
    assert set(data["evidence"][0]) == {*ARTICLE_KEYS, "passage", "retrieval_score"}
    assert data["corroborated_by"][0] == {"text": "Patrushev", "sentence": "Patrushev tiba.", "document_id": "005",
                                          "title": None, "publisher": "B", "date": None, "url": None}
    assert set(data["disputed_by"][0]) == {"text", "sentence", *ARTICLE_KEYS}
    assert data["date_meaning"] == {"phrase": "(10/1)", "value": "2022-01-10", "shown": "Senin, 10 Januari 2022"}


def test_to_dict_repeats_the_passage_once() -> None:
    answer = Answer(**{**_found("Nikolai Patrushev", 0.8).__dict__,
                       "alternatives": (Alternative.of(_found("Moskow", 0.1)),)})
    data = json.loads(json.dumps(answer.to_dict()))
    assert data["passage"][data["start"]:data["end"]] == data["text"] == "Nikolai Patrushev"
    assert json.dumps(data["alternatives"]).count("Pembukaan") == 0


def test_an_abstention_cites_no_article() -> None:
    data = Answer("Siapa?", "", False, 0.2, evidence=(Evidence(ArticleRef.of(ARTICLE), PASSAGE, 0.03),)).to_dict()
    assert all(data[key] is None for key in ("document_id", "title", "publisher", "source", "date", "url"))
    assert data["evidence"][0]["document_id"] == "003" and data["date_meaning"] is None


def test_an_answer_not_found_has_no_text_or_source() -> None:
    with pytest.raises(ValueError, match="no text and no source"):
        Answer("Siapa?", "Patrushev", False, 0.2)
    with pytest.raises(ValueError, match="no text and no source"):
        Answer("Siapa?", "", False, 0.2, article=ArticleRef("003"))
    declined = Answer("Siapa?", "", False, 0.2, alternatives=(Alternative.of(_found("Moskow", 0.2)),))
    assert not declined.found and declined.document_id is None and "found" not in declined.to_dict()["alternatives"][0]
