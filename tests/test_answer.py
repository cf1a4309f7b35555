"""The Answer contract: small alternatives, ``found`` only for an answer given, the documented JSON."""

from __future__ import annotations

import json

import pytest

from qa import Alternative, Answer, Evidence

PASSAGE = "Pembukaan. Wang Yi bertemu Nikolai Patrushev di Moskow. Penutup."


def _found(text: str, score: float, document_id: str = "003") -> Answer:
    start = PASSAGE.index(text)
    return Answer("Siapa?", text, True, score, document_id=document_id, title="Judul", publisher="ANTARA",
                  date="2023-02-22", url="https://example.org/a", passage=PASSAGE, start=start, end=start + len(text),
                  sentence="Wang Yi bertemu Nikolai Patrushev di Moskow.")


def test_an_alternative_is_small() -> None:
    alternative = Alternative.of(_found("Moskow", 0.1, "004"))
    assert alternative == Alternative("Moskow", 0.1, "004", "Judul", "ANTARA", "2023-02-22", "https://example.org/a",
                                      "Wang Yi bertemu Nikolai Patrushev di Moskow.")
    with pytest.raises(ValueError, match="only an answer found"):
        Alternative.of(Answer("Siapa?", "", False, 0.1))


def test_to_dict_repeats_the_passage_once() -> None:
    answer = Answer(**{**_found("Nikolai Patrushev", 0.8).__dict__,
                       "alternatives": (Alternative.of(_found("Moskow", 0.1)),),
                       "evidence": (Evidence("003", "Judul", "ANTARA", None, PASSAGE, 0.03),)})
    data = json.loads(json.dumps(answer.to_dict()))
    assert data["passage"][data["start"]:data["end"]] == data["text"] == "Nikolai Patrushev"
    assert set(data["alternatives"][0]) == {"text", "score", "document_id", "title", "publisher", "date", "url",
                                            "sentence"}
    assert json.dumps(data["alternatives"]).count("Pembukaan") == 0


def test_an_answer_not_found_has_no_text_or_source() -> None:
    with pytest.raises(ValueError, match="no text and no source"):
        Answer("Siapa?", "Patrushev", False, 0.2)
    with pytest.raises(ValueError, match="no text and no source"):
        Answer("Siapa?", "", False, 0.2, document_id="003")
    declined = Answer("Siapa?", "", False, 0.2, alternatives=(Alternative.of(_found("Moskow", 0.2)),))
    assert not declined.found and "found" not in declined.to_dict()["alternatives"][0]
